-- command: Help
HELP;
