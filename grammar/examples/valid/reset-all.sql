-- command: Reset
RESET;
