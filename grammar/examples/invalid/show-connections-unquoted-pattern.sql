-- error: expected a quoted pattern after LIKE
SHOW CONNECTIONS LIKE open;
