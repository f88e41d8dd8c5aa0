-- error: unexpected text after SHOW CONNECTIONS
SHOW CONNECTIONS FROM x;
