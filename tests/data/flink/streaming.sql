-- Streaming results (Flink's default runtime mode) that end by themselves: the tableau's
-- `op` column and its widths taken from the types. Compared by tests/flink_gateway.rs
-- with streaming.tableau, which record.sh writes from the real Flink SQL Client.
-- One task per operator: with more, the rows of a query may arrive in any order.
SET 'parallelism.default' = '1';
SELECT id, name, score, CAST(NULL AS INT) AS n FROM (VALUES (1, 'one', 1.5e0), (2, CAST(NULL AS STRING), CAST(NULL AS DOUBLE)), (30, 'a string that is longer than thirty characters', -2.25e0)) AS t(id, name, score);
SELECT name, COUNT(*) AS cnt FROM (VALUES ('a'), ('b'), ('a')) AS t(name) GROUP BY name;
SELECT CAST(1.5 AS DECIMAL(10, 2)) AS d, TIMESTAMP '2024-03-15 10:20:30.5' AS ts, CAST(TIME '10:20:30' AS TIME(3)) AS t3, TIME '10:20:30' AS t0, TRUE AS b, CAST(1 AS TINYINT) AS ti, CAST(2 AS SMALLINT) AS si, DATE '2024-03-15' AS dt, CAST(TIMESTAMP '2024-03-15 10:20:30' AS TIMESTAMP(9)) AS ts9, TO_TIMESTAMP_LTZ(0, 3) AS ltz, 'x' AS a_column_name_that_is_longer_than_thirty_chars;
