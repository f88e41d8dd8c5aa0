-- command: ShowConnections
-- parsed: like=None
SHOW CONNECTIONS;
