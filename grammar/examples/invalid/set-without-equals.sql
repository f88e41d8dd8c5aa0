-- error: SET: expected 'key' = 'value'
SET 'sql.state-ttl';
