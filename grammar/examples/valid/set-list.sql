-- command: Set
-- parsed: key=None value=None
SET;
