-- command: Quit
EXIT;
