-- command: Quit
-- parsed:
EXIT;
