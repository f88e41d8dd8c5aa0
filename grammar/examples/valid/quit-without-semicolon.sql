-- command: Quit
-- parsed:
quit
