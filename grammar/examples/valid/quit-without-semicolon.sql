-- command: Quit
quit
