-- Catalog statements whose output (-o csv) the local backend must print exactly as the
-- real Flink SQL Gateway does (tests/local_backend.rs). Names are unique to this file,
-- and what it creates it drops.
CREATE TABLE ddl_vs_flink_t (id INT NOT NULL, name STRING COMMENT 'n', price DECIMAL(10, 2), ts TIMESTAMP(3), tags ARRAY<STRING>, m MAP<STRING, INT>, r ROW<a INT, b BYTES>, ltz TIMESTAMP_LTZ(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND, PRIMARY KEY (id) NOT ENFORCED) COMMENT 'c' PARTITIONED BY (name) WITH ('connector' = 'blackhole');
SHOW CREATE TABLE ddl_vs_flink_t;
DESCRIBE ddl_vs_flink_t;
CREATE TABLE ddl_vs_flink_u (a INT, b CHAR(3), c VARBINARY(5), d TIME(3), e DOUBLE NOT NULL, f BOOLEAN, g TINYINT, h SMALLINT, i BIGINT, j FLOAT, k DATE, l VARCHAR(10), n BINARY(2), o MULTISET<INT>) WITH ('connector' = 'blackhole');
SHOW CREATE TABLE ddl_vs_flink_u;
DESCRIBE ddl_vs_flink_u;
SHOW CURRENT CATALOG;
SHOW CURRENT DATABASE;
DROP TABLE ddl_vs_flink_t;
DROP TABLE ddl_vs_flink_u;
CREATE DATABASE ddl_vs_flink_db;
SHOW DATABASES LIKE 'ddl_vs_flink%';
CREATE TABLE ddl_vs_flink_db.`CaseSensitive` (x INT, y AS x + 1 COMMENT 'next', z STRING COMMENT 'zed') WITH ('connector' = 'blackhole', 'k' = 'it''s');
SHOW CREATE TABLE ddl_vs_flink_db.`CaseSensitive`;
SHOW TABLES FROM ddl_vs_flink_db;
DROP DATABASE ddl_vs_flink_db CASCADE;
CREATE TABLE ddl_vs_flink_l1 (a INT, b STRING, ts TIMESTAMP(3), c AS a + 1, WATERMARK FOR ts AS ts, PRIMARY KEY (a) NOT ENFORCED) PARTITIONED BY (b) WITH ('connector' = 'blackhole', 'x' = '1');
CREATE TABLE ddl_vs_flink_l2 (d INT) WITH ('x' = '2', 'y' = '3') LIKE ddl_vs_flink_l1;
SHOW CREATE TABLE ddl_vs_flink_l2;
CREATE TABLE ddl_vs_flink_l3 (e INT) WITH ('connector' = 'print') LIKE ddl_vs_flink_l1 (EXCLUDING ALL INCLUDING GENERATED);
SHOW CREATE TABLE ddl_vs_flink_l3;
DROP TABLE ddl_vs_flink_l1;
DROP TABLE ddl_vs_flink_l2;
DROP TABLE ddl_vs_flink_l3;
