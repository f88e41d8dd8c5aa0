-- Window table-valued functions (TUMBLE, HOP, CUMULATE) over a bounded table, and
-- GROUP BY on their window columns, as Flink's batch mode computes them.
SET 'execution.runtime-mode' = 'batch';
SET 'table.local-time-zone' = 'UTC';
SET 'parallelism.default' = '1';
SET 'table.optimizer.reuse-sub-plan-enabled' = 'false';
CREATE TEMPORARY VIEW bids AS SELECT CAST(bidtime AS TIMESTAMP(3)) AS bidtime, price, item FROM (VALUES (TIMESTAMP '2020-04-15 08:05:00', CAST(4.00 AS DECIMAL(10, 2)), 'C'), (TIMESTAMP '2020-04-15 08:07:00', CAST(2.00 AS DECIMAL(10, 2)), 'A'), (TIMESTAMP '2020-04-15 08:09:00', CAST(5.00 AS DECIMAL(10, 2)), 'D'), (TIMESTAMP '2020-04-15 08:11:00', CAST(3.00 AS DECIMAL(10, 2)), 'B'), (TIMESTAMP '2020-04-15 08:13:00', CAST(1.00 AS DECIMAL(10, 2)), 'E'), (TIMESTAMP '2020-04-15 08:17:00', CAST(6.00 AS DECIMAL(10, 2)), 'F')) AS t(bidtime, price, item);
SELECT * FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(bidtime), INTERVAL '10' MINUTES)) ORDER BY bidtime;
SELECT window_start, window_end, SUM(price) AS total FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(bidtime), INTERVAL '10' MINUTES)) GROUP BY window_start, window_end ORDER BY window_start;
SELECT window_start, window_end, COUNT(*) AS n FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(bidtime), INTERVAL '5' MINUTES)) GROUP BY window_start, window_end ORDER BY window_start;
SELECT window_start, window_end, SUM(price) AS total FROM TABLE(HOP(TABLE bids, DESCRIPTOR(bidtime), INTERVAL '5' MINUTES, INTERVAL '10' MINUTES)) GROUP BY window_start, window_end ORDER BY window_start;
SELECT item, window_start FROM TABLE(HOP(TABLE bids, DESCRIPTOR(bidtime), INTERVAL '5' MINUTES, INTERVAL '10' MINUTES)) ORDER BY item, window_start;
SELECT window_start, window_end, SUM(price) AS total FROM TABLE(CUMULATE(TABLE bids, DESCRIPTOR(bidtime), INTERVAL '2' MINUTES, INTERVAL '10' MINUTES)) GROUP BY window_start, window_end ORDER BY window_start, window_end;
SELECT window_start, window_end, window_time, MAX(price) AS top FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(bidtime), INTERVAL '10' MINUTES)) GROUP BY window_start, window_end, window_time ORDER BY window_start;
SELECT window_start, item, price FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY price DESC) AS rn FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(bidtime), INTERVAL '10' MINUTES))) WHERE rn <= 2 ORDER BY window_start, price DESC;
SELECT window_start, window_end, LISTAGG(item) AS items FROM (SELECT * FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(bidtime), INTERVAL '10' MINUTES)) WHERE item = 'C' OR item = 'F') GROUP BY window_start, window_end ORDER BY window_start;
SELECT TUMBLE_START(bidtime, INTERVAL '10' MINUTE) AS ws, SUM(price) AS total FROM bids GROUP BY TUMBLE(bidtime, INTERVAL '10' MINUTE) ORDER BY ws;
SELECT window_start, SUM(price) FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(bidtime), INTERVAL '10' MINUTES, INTERVAL '5' MINUTES)) GROUP BY window_start ORDER BY window_start;
SELECT * FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(item), INTERVAL '10' MINUTES));
