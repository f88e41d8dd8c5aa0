-- command: Use
USE my_db;
