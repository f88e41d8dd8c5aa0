-- DDL as Flink keeps it (types, computed columns, WATERMARK, PRIMARY KEY NOT ENFORCED),
-- SHOW / DESCRIBE, INSERT then SELECT, and a bounded datagen table.
SET 'execution.runtime-mode' = 'batch';
SET 'table.local-time-zone' = 'UTC';
SET 'parallelism.default' = '1';
SET 'table.optimizer.reuse-sub-plan-enabled' = 'false';
SET 'table.dml-sync' = 'true';
SHOW CATALOGS;
SHOW CURRENT CATALOG;
SHOW DATABASES;
SHOW CURRENT DATABASE;
SHOW TABLES;
CREATE TABLE orders (
  order_id BIGINT,
  customer STRING,
  amount DECIMAL(10, 2),
  qty INT,
  total AS amount * qty,
  order_time TIMESTAMP(3),
  WATERMARK FOR order_time AS order_time - INTERVAL '5' SECOND,
  PRIMARY KEY (order_id) NOT ENFORCED
) WITH (
  'connector' = 'filesystem',
  'path' = '/tmp/flinksh-corpus/ddl_orders',
  'format' = 'csv'
);
SHOW TABLES;
DESCRIBE orders;
SHOW CREATE TABLE orders;
INSERT INTO orders VALUES (1, 'ann', 9.99, 2, TIMESTAMP '2024-03-15 10:00:00'), (2, 'bob', 5.00, 1, TIMESTAMP '2024-03-15 10:05:00');
SELECT * FROM orders ORDER BY order_id;
INSERT INTO orders SELECT 3, 'cy', CAST(1.25 AS DECIMAL(10, 2)), 4, TIMESTAMP '2024-03-15 11:00:00';
SELECT order_id, customer, total FROM orders ORDER BY order_id;
SELECT customer, SUM(total) AS spent FROM orders GROUP BY customer ORDER BY customer;
CREATE TABLE types_t (
  b BOOLEAN,
  ti TINYINT,
  si SMALLINT,
  i INT,
  bi BIGINT,
  f FLOAT,
  d DOUBLE,
  dc DECIMAL(20, 4),
  c CHAR(3),
  vc VARCHAR(10),
  s STRING,
  dt DATE,
  tm TIME(0),
  ts TIMESTAMP(6),
  ltz TIMESTAMP_LTZ(3)
) WITH (
  'connector' = 'filesystem',
  'path' = '/tmp/flinksh-corpus/ddl_types',
  'format' = 'csv'
);
DESCRIBE types_t;
INSERT INTO types_t VALUES (TRUE, CAST(1 AS TINYINT), CAST(2 AS SMALLINT), 3, 4, CAST(1.5 AS FLOAT), 2.5e0, 12345.6789, 'ab', 'varchar', 'string', DATE '2024-03-15', TIME '10:20:30', TIMESTAMP '2024-03-15 10:20:30.123456', TO_TIMESTAMP_LTZ(1710498030123, 3));
SELECT * FROM types_t;
SELECT c, CHAR_LENGTH(c), vc, dc * 2 FROM types_t;
CREATE TABLE gen (
  id INT,
  name STRING
) WITH (
  'connector' = 'datagen',
  'number-of-rows' = '5',
  'fields.id.kind' = 'sequence',
  'fields.id.start' = '1',
  'fields.id.end' = '5',
  'fields.name.kind' = 'sequence',
  'fields.name.start' = '100',
  'fields.name.end' = '104'
);
SELECT * FROM gen ORDER BY id;
SELECT COUNT(*), SUM(id), MIN(name), MAX(name) FROM gen;
CREATE TABLE sink_t (x INT, y STRING) WITH ('connector' = 'blackhole');
INSERT INTO sink_t SELECT id, name FROM gen;
CREATE TEMPORARY VIEW big_orders AS SELECT order_id, customer FROM orders WHERE total > 10;
SELECT * FROM big_orders ORDER BY order_id;
SHOW VIEWS;
CREATE TABLE IF NOT EXISTS orders (x INT) WITH ('connector' = 'blackhole');
ALTER TABLE sink_t RENAME TO sink_renamed;
SHOW TABLES;
DROP TABLE sink_renamed;
DROP TABLE IF EXISTS sink_renamed;
DROP TEMPORARY VIEW big_orders;
SHOW TABLES;
SHOW FUNCTIONS LIKE 'json_obj%';
CREATE TABLE like_orders WITH ('path' = '/tmp/flinksh-corpus/ddl_like') LIKE orders;
SHOW CREATE TABLE like_orders;
CREATE TABLE ctas WITH ('connector' = 'filesystem', 'path' = '/tmp/flinksh-corpus/ddl_ctas', 'format' = 'csv') AS SELECT order_id, customer FROM orders WHERE order_id < 3;
SELECT * FROM ctas ORDER BY order_id;
USE CATALOG default_catalog;
CREATE DATABASE extra;
SHOW DATABASES;
CREATE TABLE extra.t_in_db (a INT) WITH ('connector' = 'blackhole');
SHOW TABLES FROM extra;
EXPLAIN SELECT 1;
UPDATE nosuch SET a = 1;
DELETE FROM nosuch WHERE a = 1;
CREATE TABLE upd (a INT, b STRING) WITH ('connector' = 'filesystem', 'path' = '/tmp/flinksh-corpus/ddl_upd', 'format' = 'csv');
UPDATE upd SET a = 1;
DELETE FROM upd WHERE a = 1;
DELETE FROM upd;
CREATE TABLE upd_gen (a INT) WITH ('connector' = 'datagen', 'number-of-rows' = '3');
UPDATE upd_gen SET a = 1;
CREATE TABLE upd_print (a INT) WITH ('connector' = 'print');
DELETE FROM upd_print WHERE a > 0;
UPDATE upd_print SET a = 2;
