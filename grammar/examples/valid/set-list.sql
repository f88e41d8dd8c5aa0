-- command: Set
SET;
