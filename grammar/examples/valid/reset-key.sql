-- command: Reset
-- parsed: key=Some("sql.state-ttl")
RESET 'sql.state-ttl';
