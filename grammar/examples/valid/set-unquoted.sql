-- command: Set
-- parsed: key=Some("sql.state-ttl") value=Some("1 h")
SET sql.state-ttl = 1 h;
