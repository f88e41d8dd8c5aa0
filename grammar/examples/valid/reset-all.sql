-- command: Reset
-- parsed: key=None
RESET;
