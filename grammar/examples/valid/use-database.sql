-- command: Use
-- parsed: catalog=None database=my_db
USE my_db;
