-- command: ShowConnections
SHOW CONNECTIONS;
