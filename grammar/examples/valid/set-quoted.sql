-- command: Set
SET 'sql.current-catalog' = 'my_env';
