-- Window functions: ROW_NUMBER, RANK, DENSE_RANK, LAG, LEAD, FIRST_VALUE, aggregates OVER
-- with frames, and Top-N.
SET 'execution.runtime-mode' = 'batch';
SET 'table.local-time-zone' = 'UTC';
SET 'parallelism.default' = '1';
SET 'table.optimizer.reuse-sub-plan-enabled' = 'false';
CREATE TEMPORARY VIEW scores AS SELECT * FROM (VALUES (1, 'a', 10), (2, 'a', 20), (3, 'a', 20), (4, 'b', 5), (5, 'b', 15), (6, 'b', 25), (7, 'c', 7)) AS t(id, grp, v);
SELECT id, grp, ROW_NUMBER() OVER (PARTITION BY grp ORDER BY v, id) AS rn FROM scores ORDER BY id;
SELECT id, v, RANK() OVER (ORDER BY v DESC) AS r FROM scores ORDER BY id;
SELECT id, v, DENSE_RANK() OVER (ORDER BY v DESC) AS r FROM scores ORDER BY id;
SELECT id, grp, v, LAG(v) OVER (PARTITION BY grp ORDER BY id) AS prev_v FROM scores ORDER BY id;
SELECT id, grp, v, LEAD(v, 1, 0) OVER (PARTITION BY grp ORDER BY id) AS next_v FROM scores ORDER BY id;
SELECT id, grp, FIRST_VALUE(v) OVER (PARTITION BY grp ORDER BY id) AS first_v FROM scores ORDER BY id;
SELECT id, grp, LAST_VALUE(v) OVER (PARTITION BY grp ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS last_v FROM scores ORDER BY id;
SELECT id, grp, SUM(v) OVER (PARTITION BY grp ORDER BY id) AS run_sum FROM scores ORDER BY id;
SELECT id, SUM(v) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS pair_sum FROM scores ORDER BY id;
SELECT id, AVG(v) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) AS smooth FROM scores ORDER BY id;
SELECT id, COUNT(*) OVER (PARTITION BY grp) AS n, MAX(v) OVER (PARTITION BY grp) AS top FROM scores ORDER BY id;
SELECT id, v, SUM(v) OVER (ORDER BY v RANGE BETWEEN 5 PRECEDING AND CURRENT ROW) AS near FROM scores ORDER BY id;
SELECT id, NTILE(3) OVER (ORDER BY id) AS bucket FROM scores ORDER BY id;
SELECT id, PERCENT_RANK() OVER (ORDER BY v) AS pr, CUME_DIST() OVER (ORDER BY v) AS cd FROM scores ORDER BY id;
SELECT grp, id, v FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY grp ORDER BY v DESC, id) AS rn FROM scores) WHERE rn = 1 ORDER BY grp;
SELECT grp, id, v FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY grp ORDER BY v DESC, id) AS rn FROM scores) WHERE rn <= 2 ORDER BY grp, v DESC, id;
SELECT id, v, v - LAG(v, 1, v) OVER (ORDER BY id) AS delta FROM scores ORDER BY id;
SELECT id, MIN(v) OVER w AS lo, MAX(v) OVER w AS hi FROM scores WINDOW w AS (PARTITION BY grp ORDER BY id) ORDER BY id;
