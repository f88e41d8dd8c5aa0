-- command: Help
-- parsed:
HELP;
