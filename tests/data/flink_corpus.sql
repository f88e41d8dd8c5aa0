-- Flink SQL as Apache Flink's documentation writes it (docs/content/docs/dev/table/sql):
-- queries, DDL and the other statements the SQL Client takes. tests/sql_corpus.rs parses
-- each statement with the Flink dialect, prints it back and parses the print to the same
-- tree. With $FLINK_GATEWAY_URL set it also runs the file, in order, in one session of the
-- real Flink SQL Gateway (queries and INSERTs as EXPLAIN), so every statement here is one
-- Flink accepts. A statement whose leading comment says `not on the gateway` is only
-- parsed (it needs a jar, a connector or a cluster the fixture does not have).

-- create.md
CREATE TABLE Orders (
  order_id BIGINT,
  user_id BIGINT,
  product STRING,
  amount INT,
  price DECIMAL(10, 2),
  order_time TIMESTAMP(3),
  WATERMARK FOR order_time AS order_time - INTERVAL '5' SECOND
) WITH (
  'connector' = 'datagen',
  'rows-per-second' = '1'
);

CREATE TABLE Bid (
  bidtime TIMESTAMP(3),
  price DECIMAL(10, 2),
  item STRING,
  supplier_id STRING,
  WATERMARK FOR bidtime AS bidtime - INTERVAL '1' SECOND
) WITH ('connector' = 'datagen');

CREATE TABLE MyUserTable (
  user_id BIGINT,
  name STRING,
  score DOUBLE,
  ts TIMESTAMP_LTZ(3),
  PRIMARY KEY (user_id) NOT ENFORCED
) WITH ('connector' = 'datagen');

CREATE TABLE MyTable (
  `user_id` BIGINT,
  `price` DOUBLE,
  `quantity` DOUBLE,
  `cost` AS price * quantity,
  `record_time` TIMESTAMP_LTZ(3) METADATA FROM 'timestamp' VIRTUAL,
  `partition` BIGINT METADATA VIRTUAL,
  `offset` BIGINT METADATA VIRTUAL
) WITH ('connector' = 'datagen');

CREATE TABLE Products (
  product_id STRING,
  name STRING,
  category STRING,
  tags ARRAY<STRING>,
  attributes MAP<STRING, STRING>,
  dimensions ROW<width DOUBLE, height DOUBLE, depth DOUBLE>,
  picture BYTES,
  created_at TIMESTAMP(3),
  updated_at TIMESTAMP_LTZ(6),
  proc AS PROCTIME()
) WITH ('connector' = 'datagen', 'number-of-rows' = '10');

CREATE TABLE Customers (
  id INT,
  name STRING,
  country STRING,
  zip STRING,
  update_time TIMESTAMP(3),
  WATERMARK FOR update_time AS update_time,
  PRIMARY KEY (id) NOT ENFORCED
) WITH ('connector' = 'datagen', 'number-of-rows' = '100');

CREATE TABLE Shipments (
  id INT,
  order_id BIGINT,
  ship_time TIMESTAMP(3),
  WATERMARK FOR ship_time AS ship_time
) WITH ('connector' = 'datagen');

CREATE TABLE Rates (
  currency STRING,
  conversion_rate DECIMAL(32, 2),
  update_time TIMESTAMP(3),
  WATERMARK FOR update_time AS update_time - INTERVAL '15' SECOND,
  PRIMARY KEY (currency) NOT ENFORCED
) WITH ('connector' = 'datagen');

CREATE TABLE Ticker (
  symbol STRING,
  price BIGINT,
  tax BIGINT,
  rowtime TIMESTAMP(3),
  WATERMARK FOR rowtime AS rowtime - INTERVAL '1' SECOND
) WITH ('connector' = 'datagen');

CREATE TABLE Sink (
  product STRING,
  amount BIGINT
) WITH ('connector' = 'blackhole');

CREATE TABLE PrintSink (
  order_id BIGINT,
  product STRING
) WITH ('connector' = 'print');

CREATE TABLE SinkPartitioned (
  product STRING,
  amount INT,
  dt STRING
) PARTITIONED BY (dt) WITH ('connector' = 'blackhole');

CREATE TABLE IF NOT EXISTS Orders_with_watermark (
  id INT,
  WATERMARK FOR order_time AS order_time - INTERVAL '1' MINUTE
) WITH ('rows-per-second' = '10')
LIKE Orders (
  OVERWRITING WATERMARKS
  EXCLUDING OPTIONS
);

CREATE TABLE Orders_copy WITH ('connector' = 'blackhole') LIKE Orders (EXCLUDING ALL);

CREATE TEMPORARY TABLE server_logs (
  client_ip STRING,
  client_identity STRING,
  userid STRING,
  user_agent STRING,
  log_time TIMESTAMP(3),
  request_line STRING,
  status_code STRING,
  size INT,
  WATERMARK FOR log_time AS log_time - INTERVAL '15' SECONDS
) COMMENT 'logs of a web server' WITH ('connector' = 'datagen');

CREATE TABLE kafka_table (
  `user_id` BIGINT,
  `item_id` BIGINT,
  `behavior` STRING,
  `ts` TIMESTAMP_LTZ(3) METADATA FROM 'timestamp'
) WITH (
  'connector' = 'kafka',
  'topic' = 'user_behavior',
  'properties.bootstrap.servers' = 'localhost:9092',
  'properties.group.id' = 'testGroup',
  'scan.startup.mode' = 'earliest-offset',
  'format' = 'csv'
);

CREATE TABLE events (
  id BIGINT NOT NULL,
  payload STRING COMMENT 'raw JSON',
  created TIMESTAMP(3) NOT NULL,
  CONSTRAINT pk PRIMARY KEY (id) NOT ENFORCED,
  WATERMARK FOR created AS created
) COMMENT 'events' WITH ('connector' = 'datagen');

CREATE TABLE typed (
  a TINYINT,
  b SMALLINT,
  c INTEGER,
  d BIGINT,
  e FLOAT,
  f DOUBLE,
  g DECIMAL(38, 18),
  h BOOLEAN,
  i CHAR(3),
  j VARCHAR(20),
  k DATE,
  l TIME(3),
  m TIMESTAMP(9),
  n TIMESTAMP_LTZ,
  o ARRAY<INT>,
  p MAP<STRING, ARRAY<BIGINT>>,
  q ROW<x INT, y ROW<z STRING>>,
  r BINARY(4),
  s VARBINARY(8),
  t MULTISET<STRING>
) WITH ('connector' = 'datagen', 'number-of-rows' = '1');

CREATE TEMPORARY VIEW OrderView AS
SELECT order_id, product, amount FROM Orders WHERE amount > 10;

CREATE VIEW IF NOT EXISTS product_totals AS
SELECT product, SUM(amount) AS total FROM Orders GROUP BY product;

CREATE VIEW v_bid (t, p) AS SELECT bidtime, price FROM Bid;

CREATE DATABASE IF NOT EXISTS db1 COMMENT 'a database' WITH ('k1' = 'v1');

CREATE CATALOG my_catalog WITH ('type' = 'generic_in_memory');

-- not on the gateway: the class is not on its class path
CREATE TEMPORARY FUNCTION IF NOT EXISTS my_udf AS 'com.example.MyUdf' LANGUAGE JAVA;

-- not on the gateway: the class is not on its class path
CREATE FUNCTION db1.parse_json AS 'com.example.ParseJson' USING JAR '/tmp/udf.jar';

CREATE TABLE OrdersAsSelect WITH ('connector' = 'blackhole') AS SELECT order_id, product FROM Orders;

CREATE OR REPLACE TABLE OrdersReplaced WITH ('connector' = 'blackhole') AS SELECT product, amount FROM Orders WHERE amount > 1;

-- select.md, queries/*.md
SELECT * FROM Orders;

SELECT order_id, Orders.price + tax FROM Orders, Ticker;

SELECT * FROM Orders WHERE product = 'Widget' AND amount >= 3;

SELECT DISTINCT product FROM Orders;

SELECT product, COUNT(*) AS cnt, SUM(amount) AS total FROM Orders GROUP BY product HAVING SUM(amount) > 100;

-- not on the gateway: datagen cannot read the metadata columns
SELECT `user_id`, `price` FROM MyTable;

SELECT * FROM (VALUES (1, 2), (1, 3)) AS t (a, b);

SELECT order_id, product FROM Orders ORDER BY order_time, price DESC;

SELECT * FROM Orders LIMIT 3;

WITH orders_with_total AS (
  SELECT order_id, price + amount AS total FROM Orders
)
SELECT order_id, SUM(total) FROM orders_with_total GROUP BY order_id;

SELECT user_id, amount FROM Orders WHERE product IN (SELECT product FROM Products);

SELECT user_id FROM Orders WHERE EXISTS (SELECT product_id FROM Products WHERE Products.name = Orders.product);

SELECT * FROM Orders INNER JOIN Products ON Orders.product = Products.product_id;

SELECT * FROM Orders LEFT JOIN Products ON Orders.product = Products.product_id;

SELECT * FROM Orders RIGHT JOIN Products ON Orders.product = Products.product_id;

SELECT * FROM Orders FULL OUTER JOIN Products ON Orders.product = Products.product_id;

SELECT * FROM Orders o, Shipments s
WHERE o.order_id = s.order_id
AND o.order_time BETWEEN s.ship_time - INTERVAL '4' HOUR AND s.ship_time;

SELECT order_id, price, currency, conversion_rate, order_time
FROM Orders
LEFT JOIN Rates FOR SYSTEM_TIME AS OF Orders.order_time
ON Orders.product = Rates.currency;

SELECT o.order_id, o.amount, Customers.country, Customers.zip
FROM Orders AS o
JOIN Customers FOR SYSTEM_TIME AS OF o.order_time
ON o.user_id = Customers.id;

SELECT order_id, tag FROM Orders CROSS JOIN UNNEST(ARRAY['a', 'b']) AS t (tag);

SELECT * FROM TABLE(
  TUMBLE(TABLE Bid, DESCRIPTOR(bidtime), INTERVAL '10' MINUTES));

SELECT window_start, window_end, SUM(price) AS total_price
FROM TABLE(
  TUMBLE(TABLE Bid, DESCRIPTOR(bidtime), INTERVAL '10' MINUTES))
GROUP BY window_start, window_end;

SELECT window_start, window_end, SUM(price) AS total_price
FROM TABLE(
  HOP(TABLE Bid, DESCRIPTOR(bidtime), INTERVAL '5' MINUTES, INTERVAL '10' MINUTES))
GROUP BY window_start, window_end;

SELECT window_start, window_end, SUM(price) AS total_price
FROM TABLE(
  CUMULATE(TABLE Bid, DESCRIPTOR(bidtime), INTERVAL '2' MINUTES, INTERVAL '10' MINUTES))
GROUP BY window_start, window_end;

SELECT window_start, window_end, supplier_id, SUM(price) AS total_price
FROM TABLE(
  TUMBLE(TABLE Bid, DESCRIPTOR(bidtime), INTERVAL '10' MINUTES))
GROUP BY window_start, window_end, GROUPING SETS ((supplier_id), ());

SELECT window_start, window_end, item, supplier_id, SUM(price) AS total_price
FROM TABLE(
  TUMBLE(TABLE Bid, DESCRIPTOR(bidtime), INTERVAL '10' MINUTES))
GROUP BY window_start, window_end, ROLLUP (supplier_id, item);

SELECT window_start, window_end, item, supplier_id, SUM(price) AS total_price
FROM TABLE(
  TUMBLE(TABLE Bid, DESCRIPTOR(bidtime), INTERVAL '10' MINUTES))
GROUP BY window_start, window_end, CUBE (supplier_id, item);

SELECT *
FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY price DESC) AS rownum
  FROM (
    SELECT window_start, window_end, supplier_id, SUM(price) AS price, COUNT(*) AS cnt
    FROM TABLE(
      TUMBLE(TABLE Bid, DESCRIPTOR(bidtime), INTERVAL '10' MINUTES))
    GROUP BY window_start, window_end, supplier_id
  )
)
WHERE rownum <= 3;

SELECT product_id, category, name
FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY category ORDER BY created_at DESC) AS row_num
  FROM Products)
WHERE row_num <= 5;

SELECT order_id, user_id, product
FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY order_id ORDER BY order_time ASC) AS row_num
  FROM Orders)
WHERE row_num = 1;

SELECT order_id, order_time, amount,
  SUM(amount) OVER (
    PARTITION BY product
    ORDER BY order_time
    RANGE BETWEEN INTERVAL '1' HOUR PRECEDING AND CURRENT ROW
  ) AS one_hour_prod_amount_sum
FROM Orders;

SELECT order_id, order_time, amount,
  SUM(amount) OVER w AS sum_amount,
  AVG(amount) OVER w AS avg_amount
FROM Orders
WINDOW w AS (
  PARTITION BY product
  ORDER BY order_time
  ROWS BETWEEN 5 PRECEDING AND CURRENT ROW);

SELECT COUNT(DISTINCT user_id) AS uv FROM Orders;

SELECT supplier_id, rating, COUNT(*) AS total
FROM (VALUES
  ('supplier1', 'product1', 4),
  ('supplier1', 'product2', 3),
  ('supplier2', 'product3', 3),
  ('supplier2', 'product4', 4))
AS Products (supplier_id, product_id, rating)
GROUP BY GROUPING SETS ((supplier_id, rating), (supplier_id), ());

SELECT supplier_id, rating, COUNT(*)
FROM (VALUES
  ('supplier1', 'product1', 4),
  ('supplier2', 'product3', 3))
AS Products (supplier_id, product_id, rating)
GROUP BY ROLLUP (supplier_id, rating);

SELECT * FROM Orders UNION ALL SELECT * FROM Orders;

SELECT product FROM Orders UNION SELECT name FROM Products;

SELECT product FROM Orders INTERSECT SELECT name FROM Products;

SELECT product FROM Orders EXCEPT SELECT name FROM Products;

SELECT CAST(amount AS STRING), TRY_CAST(product AS INT) FROM Orders;

SELECT CAST('42' AS BIGINT), CAST(order_time AS DATE), CAST(price AS DECIMAL(12, 4)) FROM Orders;

SELECT FLOOR(order_time TO HOUR), CEIL(order_time TO DAY) FROM Orders;

SELECT ARRAY[1, 2, 3], ARRAY['a', 'b'][1];

SELECT MAP['a', 1, 'b', 2], MAP['k', 'v']['k'];

SELECT ROW(1, 'x', TRUE), (1, 'x');

SELECT tags[1], attributes['color'], dimensions.width FROM Products;

SELECT CARDINALITY(tags), ELEMENT(ARRAY[1]) FROM Products;

SELECT INTERVAL '1' DAY, INTERVAL '2' HOUR, INTERVAL '30' MINUTE, INTERVAL '10' SECOND;

SELECT INTERVAL '1-2' YEAR TO MONTH, INTERVAL '10 00:00:00.004' DAY TO SECOND;

SELECT INTERVAL '3' MONTH, INTERVAL '1' YEAR;

SELECT order_time + INTERVAL '1' DAY, order_time - INTERVAL '10' MINUTE FROM Orders;

SELECT DATE '2024-01-31', TIME '12:30:00', TIMESTAMP '2024-01-31 12:30:00.123';

SELECT CURRENT_TIMESTAMP, CURRENT_DATE, CURRENT_TIME, LOCALTIMESTAMP, NOW(), PROCTIME();

SELECT TO_TIMESTAMP('2024-01-01 00:00:00'), DATE_FORMAT(order_time, 'yyyy-MM-dd') FROM Orders;

SELECT TIMESTAMPADD(HOUR, 2, order_time), TIMESTAMPDIFF(DAY, order_time, LOCALTIMESTAMP) FROM Orders;

SELECT EXTRACT(YEAR FROM order_time), EXTRACT(HOUR FROM order_time) FROM Orders;

SELECT YEAR(DATE '1994-09-27'), QUARTER(DATE '1994-09-27'), MONTH(DATE '1994-09-27');

SELECT CASE WHEN amount > 10 THEN 'big' WHEN amount > 5 THEN 'medium' ELSE 'small' END FROM Orders;

SELECT CASE product WHEN 'a' THEN 1 ELSE 0 END FROM Orders;

SELECT COALESCE(product, 'none'), NULLIF(amount, 0), IF(amount > 5, 'x', 'y') FROM Orders;

SELECT product FROM Orders WHERE product LIKE 'Wid%' AND product NOT LIKE '%x' AND product SIMILAR TO 'W.*';

SELECT product IS NULL, product IS NOT NULL, amount IS DISTINCT FROM 3 FROM Orders;

SELECT amount BETWEEN 1 AND 10, amount NOT BETWEEN 1 AND 10, amount IN (1, 2, 3) FROM Orders;

SELECT product || '-' || CAST(order_id AS STRING), CONCAT(product, 'x'), UPPER(product), LOWER(product) FROM Orders;

SELECT SUBSTRING(product FROM 1 FOR 3), POSITION('a' IN product), TRIM(BOTH ' ' FROM product), CHAR_LENGTH(product) FROM Orders;

SELECT REGEXP_EXTRACT(product, '(\d+)', 1), REPLACE(product, 'a', 'b'), SPLIT_INDEX(product, ',', 0) FROM Orders;

SELECT JSON_VALUE('{"a": 1}', '$.a'), JSON_QUERY('{"a": [1]}', '$.a'), JSON_OBJECT('k' VALUE 1);

SELECT ABS(-1), MOD(7, 3), POWER(2, 10), ROUND(3.14159, 2), 7 % 3, -amount FROM Orders;

SELECT MAX(price), MIN(price), AVG(price), STDDEV_POP(price), COLLECT(product), LISTAGG(product, ',') FROM Orders;

SELECT COUNT(*) FILTER (WHERE amount > 3) FROM Orders;

SELECT product, FIRST_VALUE(amount), LAST_VALUE(amount) FROM Orders GROUP BY product;

SELECT MD5(product), SHA256(product), UUID(), RAND(), HASH_CODE(product) FROM Orders;

SELECT * FROM Ticker
MATCH_RECOGNIZE (
  PARTITION BY symbol
  ORDER BY rowtime
  MEASURES
    START_ROW.rowtime AS start_tstamp,
    LAST(PRICE_DOWN.rowtime) AS bottom_tstamp,
    LAST(PRICE_UP.rowtime) AS end_tstamp
  ONE ROW PER MATCH
  AFTER MATCH SKIP TO LAST PRICE_UP
  PATTERN (START_ROW PRICE_DOWN+ PRICE_UP)
  DEFINE
    PRICE_DOWN AS
      (LAST(PRICE_DOWN.price, 1) IS NULL AND PRICE_DOWN.price < START_ROW.price) OR
        PRICE_DOWN.price < LAST(PRICE_DOWN.price, 1),
    PRICE_UP AS
      PRICE_UP.price > LAST(PRICE_DOWN.price, 1)
) MR;

SELECT * FROM Orders /*+ OPTIONS('rows-per-second' = '5') */;

SELECT /*+ BROADCAST(Products) */ * FROM Orders JOIN Products ON Orders.product = Products.product_id;

SELECT window_start, window_end, COUNT(*) FROM TABLE(
  SESSION(TABLE Bid, DESCRIPTOR(bidtime), INTERVAL '5' MINUTES))
GROUP BY window_start, window_end;

SELECT a.order_id FROM (SELECT * FROM Orders) a WHERE a.amount > (SELECT AVG(amount) FROM Orders);

SELECT TUMBLE_START(order_time, INTERVAL '1' HOUR), COUNT(*) FROM Orders GROUP BY TUMBLE(order_time, INTERVAL '1' HOUR);

SELECT HOP_END(order_time, INTERVAL '5' MINUTE, INTERVAL '1' HOUR), SUM(amount) FROM Orders GROUP BY HOP(order_time, INTERVAL '5' MINUTE, INTERVAL '1' HOUR);

SELECT 1;

SELECT 'it''s', 1.5E3, -0.25, TRUE, FALSE, CAST(NULL AS STRING);

VALUES (1, 'a'), (2, 'b');

(SELECT order_id FROM Orders);

-- insert.md
INSERT INTO Sink SELECT product, CAST(amount AS BIGINT) FROM Orders;

INSERT INTO Sink (product, amount) VALUES ('x', 1), ('y', 2);

-- not on the gateway: INSERT OVERWRITE needs batch mode and a file system sink
INSERT OVERWRITE Sink SELECT product, CAST(amount AS BIGINT) FROM Orders;

INSERT INTO SinkPartitioned PARTITION (dt = '2024-01-01') SELECT product, amount FROM Orders;

INSERT INTO SinkPartitioned SELECT product, amount, CAST(CURRENT_DATE AS STRING) FROM Orders;

INSERT INTO PrintSink SELECT order_id, product FROM Orders WHERE amount > 2;

-- not on the gateway: it starts a streaming job (its EXPLAIN form was run by hand)
EXECUTE STATEMENT SET
BEGIN
INSERT INTO Sink SELECT product, CAST(amount AS BIGINT) FROM Orders;
INSERT INTO PrintSink SELECT order_id, product FROM Orders;
END;

EXECUTE INSERT INTO Sink SELECT product, CAST(amount AS BIGINT) FROM Orders;

-- explain.md
EXPLAIN SELECT * FROM Orders WHERE amount > 3;

EXPLAIN PLAN FOR SELECT product FROM Orders;

EXPLAIN ESTIMATED_COST, CHANGELOG_MODE, JSON_EXECUTION_PLAN SELECT product, COUNT(*) FROM Orders GROUP BY product;

EXPLAIN PLAN_ADVICE SELECT product, COUNT(*) FROM Orders GROUP BY product;

EXPLAIN INSERT INTO Sink SELECT product, CAST(amount AS BIGINT) FROM Orders;

-- alter.md, drop.md, show.md, describe.md, use.md
ALTER TABLE Orders_copy SET ('connector' = 'blackhole', 'k' = 'v');

ALTER TABLE Orders_copy RESET ('k');

ALTER TABLE Orders_copy RENAME TO Orders_copy2;

CREATE TABLE Evolving (id INT NOT NULL, amount BIGINT, ts TIMESTAMP(3)) WITH ('connector' = 'blackhole');

ALTER TABLE Evolving ADD `note` STRING COMMENT 'a note' FIRST;

ALTER TABLE Evolving ADD (c1 INT, c2 AS amount * 2 AFTER amount);

ALTER TABLE Evolving ADD WATERMARK FOR ts AS ts - INTERVAL '1' SECOND;

ALTER TABLE Evolving ADD PRIMARY KEY (id) NOT ENFORCED;

ALTER TABLE Evolving MODIFY c1 BIGINT COMMENT 'wider';

ALTER TABLE Evolving MODIFY (amount DECIMAL(20, 2), c2 AS amount * 3);

ALTER TABLE Evolving RENAME `note` TO remark;

ALTER TABLE Evolving DROP (c2);

ALTER TABLE Evolving DROP c1;

ALTER TABLE Evolving DROP WATERMARK;

ALTER TABLE Evolving DROP PRIMARY KEY;

ALTER TABLE IF EXISTS Evolving SET ('sink.parallelism' = '1');

ALTER VIEW v_bid RENAME TO v_bids;

ALTER DATABASE db1 SET ('k1' = 'v2');

DROP VIEW IF EXISTS v_bids;

DROP TEMPORARY VIEW OrderView;

DROP TABLE IF EXISTS Orders_copy2;

DROP TEMPORARY TABLE IF EXISTS server_logs;

DROP TEMPORARY FUNCTION IF EXISTS my_udf;

DROP DATABASE IF EXISTS db1 CASCADE;

DROP CATALOG IF EXISTS my_catalog;

SHOW CATALOGS;

SHOW CURRENT CATALOG;

SHOW DATABASES;

SHOW CURRENT DATABASE;

SHOW TABLES;

SHOW TABLES FROM default_catalog.default_database LIKE 'Ord%';

SHOW VIEWS;

SHOW FUNCTIONS;

SHOW USER FUNCTIONS;

SHOW MODULES;

SHOW FULL MODULES;

SHOW CREATE TABLE Orders;

SHOW CREATE VIEW product_totals;

SHOW COLUMNS FROM Orders LIKE '%id';

SHOW JARS;

SHOW JOBS;

DESCRIBE Orders;

DESC Products;

DESCRIBE EXTENDED Orders;

USE CATALOG default_catalog;

USE default_database;

USE default_catalog.default_database;

USE MODULES core;

-- not on the gateway: it has no Hive jars
LOAD MODULE hive WITH ('hive-version' = '3.1.3');

-- not on the gateway: it has no Hive jars
UNLOAD MODULE hive;

-- not on the gateway: the jar does not exist
ADD JAR '/tmp/udf.jar';

-- not on the gateway: the jar does not exist
REMOVE JAR '/tmp/udf.jar';

-- not on the gateway: the job does not exist
STOP JOB '228d70913eab60dda85c5e7f78b5782c' WITH SAVEPOINT;

-- not on the gateway: ANALYZE runs in batch mode only
ANALYZE TABLE Orders COMPUTE STATISTICS FOR COLUMNS amount;

-- not on the gateway: TRUNCATE runs in batch mode only
TRUNCATE TABLE Sink;

SET 'table.local-time-zone' = 'UTC';

SET 'execution.runtime-mode' = 'streaming';

RESET 'table.local-time-zone';

RESET;
