-- error: DESCRIBE CONNECTION: expected a connection name
DESCRIBE CONNECTION;
