-- command: Set
-- parsed: key=Some("sql.current-catalog") value=Some("my_env")
SET 'sql.current-catalog' = 'my_env';
