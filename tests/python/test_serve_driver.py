"""Confluent's own DB-API driver (`confluent-sql`, unmodified) against `flinksh serve`.

Run by `tests/serve.rs` (`confluent_driver_runs_every_scenario`), which starts the
server and passes its URL in FLINKSH_SERVE_URL; by hand:

    flinksh serve --listen 127.0.0.1:8080 --state-dir /tmp/sandbox &
    FLINKSH_SERVE_URL=http://127.0.0.1:8080 python3 tests/python/test_serve_driver.py -v

Standard library `unittest` only, besides the driver itself.
"""

import datetime
import decimal
import os
import threading
import time
import unittest
import uuid

import confluent_sql
from confluent_sql import (
    ExecutionMode,
    OperationalError,
    StatementNotFoundError,
)

URL = os.environ.get("FLINKSH_SERVE_URL", "http://127.0.0.1:8080")
ORG = "b0b21724-4586-4a07-b787-d0bb5aacbf87"
# An ordinary environment id, as Confluent Cloud hands them out.
ENV = "env-a1b2c3"
POOL = "lfcp-1"

# Ten billion rows from a 100,000-row table crossed with itself: stopped long before it
# ends.
ENDLESS_INSERT = "INSERT INTO {table} SELECT a.n FROM {seq} AS a CROSS JOIN {seq} AS b"


def connect(environment=ENV, **kwargs):
    return confluent_sql.connect(
        flink_api_key="key",
        flink_api_secret="secret",
        environment_id=environment,
        organization_id=ORG,
        compute_pool_id=POOL,
        endpoint=URL,
        **kwargs,
    )


def unique(prefix):
    """A table or statement name no other test uses."""
    return f"{prefix}_{uuid.uuid4().hex[:8]}"


def sequence_table(cursor, rows):
    """A datagen table of `rows` rows, n = 1 to rows (bounded, as Flink's datagen is with
    'number-of-rows')."""
    table = unique("seq")
    cursor.execute(
        f"CREATE TABLE {table} (n BIGINT) WITH ('connector' = 'datagen', "
        f"'number-of-rows' = '{rows}', 'fields.n.kind' = 'sequence', "
        f"'fields.n.start' = '1', 'fields.n.end' = '{rows}')"
    )
    return table


class DriverTest(unittest.TestCase):
    def setUp(self):
        self.conn = connect()

    def tearDown(self):
        self.conn.close()

    def query(self, sql, **kwargs):
        cursor = self.conn.cursor(**kwargs)
        cursor.execute(sql)
        return cursor


class Queries(DriverTest):
    def test_select_returns_rows_and_a_description(self):
        cursor = self.query("SELECT 1 AS one, 'x' AS two")
        self.assertEqual(cursor.fetchall(), [(1, "x")])
        self.assertEqual([d[0] for d in cursor.description], ["one", "two"])
        # Flink's types: INT NOT NULL and CHAR(1) NOT NULL.
        self.assertEqual([d[1] for d in cursor.description], ["INTEGER", "CHAR"])
        self.assertEqual([d[6] for d in cursor.description], [False, False])

    def test_ddl_then_dml_at_once_sees_each_effect(self):
        # Each statement is reported COMPLETED only once its change is made, so the
        # next one never races it.
        for _ in range(5):
            table = unique("t")
            cursor = self.conn.cursor()
            cursor.execute(f"CREATE TABLE {table} (id INT, name STRING)")
            cursor.execute(f"INSERT INTO {table} VALUES (1, 'a'), (2, 'b')")
            cursor.execute(f"INSERT INTO {table} VALUES (3, 'c')")
            cursor.execute(f"SELECT id, name FROM {table} ORDER BY id")
            self.assertEqual(cursor.fetchall(), [(1, "a"), (2, "b"), (3, "c")])
            cursor.execute(f"DROP TABLE {table}")

    def test_nulls_come_back_as_none(self):
        table = unique("n")
        cursor = self.conn.cursor()
        cursor.execute(f"CREATE TABLE {table} (a INT, b STRING, c DOUBLE, d BOOLEAN)")
        cursor.execute(f"INSERT INTO {table} VALUES (NULL, NULL, NULL, NULL), (1, NULL, 2.5, NULL)")
        cursor.execute(f"SELECT a, b, c, d FROM {table} ORDER BY a NULLS FIRST")
        self.assertEqual(cursor.fetchall(), [(None, None, None, None), (1, None, 2.5, None)])

    def test_failed_statements_raise_with_the_engine_message(self):
        cursor = self.conn.cursor()
        with self.assertRaises(OperationalError) as caught:
            cursor.execute("SELECT * FROM no_such_table_here")
        self.assertIn("Object 'no_such_table_here' not found", str(caught.exception))
        with self.assertRaises(OperationalError) as caught:
            cursor.execute("SELEC 1")
        self.assertIn("Non-query expression encountered in illegal context", str(caught.exception))
        # The connection still works afterwards.
        cursor.execute("SELECT 2 AS two")
        self.assertEqual(cursor.fetchall(), [(2,)])

    def test_ten_thousand_rows_arrive_over_pages(self):
        table = sequence_table(self.conn.cursor(), 10000)
        cursor = self.query(f"SELECT n FROM {table} ORDER BY n")
        rows = cursor.fetchall()
        self.assertEqual(len(rows), 10000)
        self.assertEqual(rows[0], (1,))
        self.assertEqual(rows[-1], (10000,))
        self.assertEqual(sum(r[0] for r in rows), 10000 * 10001 // 2)

    def test_fetchone_fetchmany_fetchall(self):
        table = sequence_table(self.conn.cursor(), 25)
        cursor = self.query(f"SELECT n FROM {table} ORDER BY n")
        self.assertEqual(cursor.fetchone(), (1,))
        self.assertEqual(cursor.fetchmany(3), [(2,), (3,), (4,)])
        cursor.arraysize = 5
        self.assertEqual(cursor.fetchmany(), [(5,), (6,), (7,), (8,), (9,)])
        self.assertEqual(cursor.fetchall(), [(x,) for x in range(10, 26)])
        self.assertIsNone(cursor.fetchone())
        self.assertEqual(cursor.fetchmany(2), [])
        self.assertEqual(cursor.fetchall(), [])

    def test_dict_cursor(self):
        cursor = self.query("SELECT 1 AS id, 'Jay' AS name", as_dict=True)
        self.assertEqual(cursor.fetchone(), {"id": 1, "name": "Jay"})
        self.assertIsNone(cursor.fetchone())

    def test_parameters_are_interpolated_by_the_driver(self):
        cursor = self.conn.cursor()
        cursor.execute("SELECT %s AS n, %s AS s", (7, "it's"))
        self.assertEqual(cursor.fetchall(), [(7, "it's")])


class Types(DriverTest):
    """Every Flink type comes back as the Python type the driver maps it to: columns of
    declared tables, and expressions typed by the local engine as Flink types them."""

    def check(self, description, row, expected):
        """Names, driver type names, values and their Python types, column by column."""
        self.assertEqual([d[0] for d in description], [e[0] for e in expected])
        self.assertEqual([d[1] for d in description], [e[1] for e in expected])
        self.assertEqual(len(row), len(expected))
        for (name, _, want), got in zip(expected, row):
            with self.subTest(column=name):
                self.assertEqual(got, want)
                self.assertIs(type(got), type(want))

    def test_declared_column_types_come_back_as_python_types(self):
        table = unique("ty")
        cursor = self.conn.cursor()
        cursor.execute(
            f"CREATE TABLE {table} (a INT, b STRING, c DOUBLE, d BOOLEAN, e DECIMAL(10, 2), "
            "f BIGINT, g SMALLINT, h TINYINT, i FLOAT, j VARCHAR(10), k CHAR(3), l BYTES, "
            "m DATE, n TIMESTAMP(3), o TIME)"
        )
        # As in Flink, a value goes into a column of a narrower type or of another type
        # family only by a CAST or a typed literal.
        cursor.execute(
            f"INSERT INTO {table} VALUES (1, 'a', 1.5, TRUE, 1.25, 9000000000, "
            "CAST(2 AS SMALLINT), CAST(3 AS TINYINT), 0.5, 'v', 'abc', x'01ff', "
            "DATE '2024-01-02', TIMESTAMP '2024-01-02 03:04:05.123', TIME '03:04:05')"
        )
        cursor.execute(f"SELECT * FROM {table}")
        self.check(
            cursor.description,
            cursor.fetchone(),
            [
                ("a", "INTEGER", 1),
                ("b", "VARCHAR", "a"),
                ("c", "DOUBLE", 1.5),
                ("d", "BOOLEAN", True),
                ("e", "DECIMAL", decimal.Decimal("1.25")),
                ("f", "BIGINT", 9000000000),
                ("g", "SMALLINT", 2),
                ("h", "TINYINT", 3),
                ("i", "FLOAT", 0.5),
                ("j", "VARCHAR", "v"),
                ("k", "CHAR", "abc"),
                ("l", "VARBINARY", b"\x01\xff"),
                ("m", "DATE", datetime.date(2024, 1, 2)),
                ("n", "TIMESTAMP_WITHOUT_TIME_ZONE", datetime.datetime(2024, 1, 2, 3, 4, 5, 123000)),
                ("o", "TIME_WITHOUT_TIME_ZONE", datetime.time(3, 4, 5)),
            ],
        )
        e = cursor.description[4]
        self.assertEqual((e[4], e[5]), (10, 2), "DECIMAL precision and scale")

    def test_declared_structured_types_come_back_as_python_types(self):
        table = unique("st")
        cursor = self.conn.cursor()
        cursor.execute(
            f"CREATE TABLE {table} (a ARRAY<INT>, m MAP<STRING, INT>, r ROW<x INT, y STRING>, "
            "l TIMESTAMP_LTZ(3), b BINARY(2), mu MULTISET<INT>)"
        )
        cursor.execute(
            f"INSERT INTO {table} VALUES (ARRAY[1, 2], MAP['a', 1], ROW(1, 'x'), "
            "TO_TIMESTAMP_LTZ(1704164645000, 3), x'0102', NULL)"
        )
        cursor.execute(f"SELECT * FROM {table}")
        self.assertEqual(
            [d[1] for d in cursor.description],
            ["ARRAY", "MAP", "ROW", "TIMESTAMP_WITH_LOCAL_TIME_ZONE", "BINARY", "MULTISET"],
        )
        a, m, r, ltz, b, mu = cursor.fetchone()
        self.assertEqual(a, [1, 2])
        self.assertEqual(m, {"a": 1})
        self.assertEqual((r.x, r.y), (1, "x"))
        self.assertEqual(
            ltz, datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)
        )
        self.assertEqual(b, b"\x01\x02")
        self.assertIsNone(mu)

    def test_expressions_come_back_as_python_types(self):
        # No table: every type here is the one the engine derives for the expression.
        cursor = self.query(
            "SELECT TRUE AS bo, CAST(1 AS TINYINT) AS ti, CAST(2 AS SMALLINT) AS si, 3 AS i, "
            "CAST(4 AS BIGINT) AS bi, CAST(0.5 AS FLOAT) AS fl, CAST(1.5 AS DOUBLE) AS db, "
            "7.0 / 2 AS de, 'abc' AS ch, CAST('v' AS VARCHAR(10)) AS vc, "
            "CAST('s' AS STRING) AS st, x'01ff' AS bin, CAST(x'01' AS BYTES) AS byt, "
            "DATE '2024-01-02' AS d, TIME '03:04:05' AS t, "
            "TIMESTAMP '2024-01-02 03:04:05.123' AS ts, "
            "TO_TIMESTAMP_LTZ(1704164645123, 3) AS ltz, "
            "CAST(NULL AS INT) AS n, CAST(NULL AS ARRAY<INT>) AS na, "
            "CASE WHEN 1 = 2 THEN 1 ELSE NULL END AS cn, "
            "ARRAY[1, 2] AS arr, MAP['a', 1] AS m, CAST(ROW(1, 'x') AS ROW<x INT, y STRING>) AS r"
        )
        row = cursor.fetchone()
        self.check(
            cursor.description[:20],
            row[:20],
            [
                ("bo", "BOOLEAN", True),
                ("ti", "TINYINT", 1),
                ("si", "SMALLINT", 2),
                ("i", "INTEGER", 3),
                ("bi", "BIGINT", 4),
                ("fl", "FLOAT", 0.5),
                ("db", "DOUBLE", 1.5),
                ("de", "DECIMAL", decimal.Decimal("3.500000000000")),
                ("ch", "CHAR", "abc"),
                ("vc", "VARCHAR", "v"),
                ("st", "VARCHAR", "s"),
                ("bin", "BINARY", b"\x01\xff"),
                ("byt", "VARBINARY", b"\x01"),
                ("d", "DATE", datetime.date(2024, 1, 2)),
                ("t", "TIME_WITHOUT_TIME_ZONE", datetime.time(3, 4, 5)),
                ("ts", "TIMESTAMP_WITHOUT_TIME_ZONE", datetime.datetime(2024, 1, 2, 3, 4, 5, 123000)),
                (
                    "ltz",
                    "TIMESTAMP_WITH_LOCAL_TIME_ZONE",
                    datetime.datetime(2024, 1, 2, 3, 4, 5, 123000, tzinfo=datetime.timezone.utc),
                ),
                ("n", "INTEGER", None),
                ("na", "ARRAY", None),
                # Flink types a CASE of a number and NULL as the number's type, nullable.
                ("cn", "INTEGER", None),
            ],
        )
        # Collections have no single Python value to compare types with: checked apart.
        self.assertEqual([d[0] for d in cursor.description[20:]], ["arr", "m", "r"])
        self.assertEqual([d[1] for d in cursor.description[20:]], ["ARRAY", "MAP", "ROW"])
        arr, m, r = row[20:]
        self.assertEqual(arr, [1, 2])
        self.assertIs(type(arr), list)
        self.assertEqual(m, {"a": 1})
        self.assertIs(type(m), dict)
        self.assertEqual((r.x, r.y), (1, "x"))
        de = cursor.description[7]
        self.assertEqual((de[4], de[5]), (13, 12), "7.0 / 2 is DECIMAL(13, 12), as in Flink")
        nullable = {d[0]: d[6] for d in cursor.description}
        self.assertFalse(nullable["bo"])
        self.assertTrue(nullable["n"])


class Statements(DriverTest):
    def test_statement_names(self):
        name = unique("named").replace("_", "-")
        cursor = self.conn.cursor()
        cursor.execute("SELECT 1 AS one", statement_name=name)
        self.assertEqual(cursor.statement.name, name)
        self.assertEqual(cursor.fetchall(), [(1,)])
        got = self.conn.get_statement(name)
        self.assertEqual(got.name, name)
        self.assertEqual(got.phase.value, "COMPLETED")
        self.assertEqual(got.sql_kind, "SELECT")

    def test_duplicate_names_are_refused(self):
        name = unique("dup").replace("_", "-")
        self.conn.cursor().execute("SELECT 1", statement_name=name)
        with self.assertRaises(OperationalError) as caught:
            self.conn.cursor().execute("SELECT 2", statement_name=name)
        self.assertEqual(caught.exception.http_status_code, 409)

    def test_labels_and_label_filters(self):
        label = unique("nightly").replace("_", "-")
        other = unique("other").replace("_", "-")
        names = [unique("lab").replace("_", "-") for _ in range(3)]
        for i, name in enumerate(names):
            labels = [label] if i < 2 else [other]
            self.conn.cursor().execute("SELECT 1", statement_name=name, statement_labels=labels)
        found = sorted(s.name for s in self.conn.list_statements(label=label))
        self.assertEqual(found, sorted(names[:2]))
        self.assertEqual([s.name for s in self.conn.list_statements(label=other)], [names[2]])
        self.assertEqual(self.conn.get_statement(names[0]).end_user_labels, [label])
        self.assertEqual(self.conn.list_statements(label=unique("none")), [])

    def test_list_filters_by_name_and_compute_pool(self):
        marker = unique("zq").replace("_", "-")
        names = [f"{marker}-{i}" for i in range(12)]
        for name in names:
            self.conn.cursor().execute("SELECT 1", statement_name=name)
        # More than one page (page_size 10 by default... the driver asks 100): ask small.
        found = [s.name for s in self.conn.list_statements(name_contains=marker, page_size=5)]
        self.assertEqual(sorted(found), sorted(names))
        in_pool = {s.name for s in self.conn.list_statements(compute_pool_id=POOL)}
        self.assertTrue(set(names) <= in_pool)
        self.assertEqual(self.conn.list_statements(compute_pool_id="lfcp-elsewhere"), [])

    def test_list_get_delete(self):
        name = unique("del").replace("_", "-")
        self.conn.cursor().execute("SELECT 1", statement_name=name)
        self.assertIn(name, {s.name for s in self.conn.list_statements()})
        self.conn.delete_statement(name)
        with self.assertRaises(StatementNotFoundError):
            self.conn.get_statement(name)
        self.assertNotIn(name, {s.name for s in self.conn.list_statements()})
        # Deleting again is not an error for the driver (404 is ignored).
        self.conn.delete_statement(name)

    def test_dry_run_validates_only(self):
        table = unique("dry")
        checked = self.conn.dry_run_statement(f"CREATE TABLE {table} (x INT)")
        self.assertEqual(checked.phase.value, "COMPLETED")
        self.assertIsNone(checked.schema)
        cursor = self.conn.cursor()
        with self.assertRaises(OperationalError) as caught:
            cursor.execute(f"SELECT * FROM {table}")
        self.assertIn(f"Object '{table}' not found", str(caught.exception))
        checked = self.conn.dry_run_statement("SELECT 1 AS one, 'x' AS two")
        self.assertEqual([c.name for c in checked.schema.columns], ["one", "two"])
        with self.assertRaises(OperationalError) as caught:
            self.conn.dry_run_statement("SELECT * FROM no_such_table_here")
        self.assertIn("Object 'no_such_table_here' not found", str(caught.exception))

    def test_properties_travel_with_the_statement(self):
        name = unique("props").replace("_", "-")
        self.conn.cursor().execute(
            "SELECT 1",
            statement_name=name,
            properties={"sql.local-time-zone": "Europe/Berlin", "x.custom": "yes"},
        )
        props = self.conn.get_statement(name).properties
        self.assertEqual(props["sql.local-time-zone"], "Europe/Berlin")
        self.assertEqual(props["x.custom"], "yes")
        # The driver names the environment as the current catalog.
        self.assertEqual(props["sql.current-catalog"], ENV)
        self.assertEqual(props["sql.snapshot.mode"], "now")

    def test_any_environment_id_is_a_catalog(self):
        other = connect(environment="env-" + uuid.uuid4().hex[:6])
        try:
            cursor = other.cursor()
            cursor.execute("SELECT 40 + 2 AS answer")
            self.assertEqual(cursor.fetchall(), [(42,)])
        finally:
            other.close()

    def test_databases_are_created_on_first_use(self):
        # In Confluent Cloud an environment is a catalog and a Kafka cluster a
        # database in it: the driver names both, and here both exist once named.
        database = "cluster_" + uuid.uuid4().hex[:6]
        named = connect(database=database)
        try:
            cursor = named.cursor()
            cursor.execute("SHOW CURRENT CATALOG")
            self.assertEqual(cursor.fetchall(), [(ENV,)])
            cursor.execute("SHOW CURRENT DATABASE")
            self.assertEqual(cursor.fetchall(), [(database,)])
            cursor.execute("SHOW DATABASES")
            names = [row[0] for row in cursor.fetchall()]
            self.assertIn(database, names)
            self.assertIn("default_database", names)
        finally:
            named.close()

    def test_two_environments_each_see_only_their_own_table(self):
        environments = ["env-" + uuid.uuid4().hex[:6] for _ in range(2)]
        connections = [connect(environment=env) for env in environments]
        try:
            for i, conn in enumerate(connections):
                conn.cursor().execute("CREATE TABLE orders (id INT, env STRING)")
                conn.cursor().execute(
                    f"INSERT INTO orders VALUES ({i}, '{environments[i]}')"
                )
            for i, conn in enumerate(connections):
                cursor = conn.cursor()
                cursor.execute("SELECT id, env FROM orders")
                self.assertEqual(cursor.fetchall(), [(i, environments[i])])
                cursor.execute("SHOW TABLES")
                self.assertEqual(cursor.fetchall(), [("orders",)])
                cursor.execute("SHOW CATALOGS")
                catalogs = [row[0] for row in cursor.fetchall()]
                self.assertIn(environments[i], catalogs)
                self.assertIn("default_catalog", catalogs)
        finally:
            for conn in connections:
                conn.close()

    def test_stop(self):
        table = unique("endless")
        self.conn.cursor().execute(f"CREATE TABLE {table} (x BIGINT)")
        seq = sequence_table(self.conn.cursor(), 100000)
        name = unique("stop").replace("_", "-")
        self.conn._execute_statement(
            ENDLESS_INSERT.format(table=table, seq=seq),
            ExecutionMode.SNAPSHOT,
            statement_name=name,
        )
        time.sleep(0.3)
        stopped = self.conn.stop_statement(name, timeout=30)
        self.assertEqual(stopped.phase.value, "STOPPED")
        self.assertTrue(stopped.stop_requested)
        # Stopped and rolled back: the table is still empty, and writable.
        cursor = self.conn.cursor()
        cursor.execute(f"INSERT INTO {table} VALUES (7)")
        cursor.execute(f"SELECT count(*) AS n FROM {table}")
        self.assertEqual(cursor.fetchall(), [(1,)])
        # Stopping a statement that already completed answers its final phase.
        done = unique("done").replace("_", "-")
        self.conn.cursor().execute("SELECT 1", statement_name=done)
        self.assertEqual(self.conn.stop_statement(done).phase.value, "COMPLETED")
        with self.assertRaises(StatementNotFoundError):
            self.conn.stop_statement(unique("missing").replace("_", "-"))

    def test_stop_from_another_thread_ends_a_waiting_cursor(self):
        table = unique("endless")
        self.conn.cursor().execute(f"CREATE TABLE {table} (x BIGINT)")
        seq = sequence_table(self.conn.cursor(), 100000)
        name = unique("stop2").replace("_", "-")

        def stop():
            other = connect()
            try:
                other.stop_statement(name, timeout=30)
            finally:
                other.close()

        stopper = threading.Timer(0.5, stop)
        stopper.start()
        cursor = self.conn.cursor()
        try:
            # The driver's execute() returns once the statement is final, whatever the phase.
            cursor.execute(
                ENDLESS_INSERT.format(table=table, seq=seq), statement_name=name, timeout=60
            )
        finally:
            stopper.join()
        self.assertEqual(cursor.statement.phase.value, "STOPPED")
        self.assertEqual(self.conn.get_statement(name).phase.value, "STOPPED")

    def test_a_long_insert_is_running_with_traits_while_it_writes(self):
        table = unique("endless")
        self.conn.cursor().execute(f"CREATE TABLE {table} (x BIGINT)")
        seq = sequence_table(self.conn.cursor(), 100000)
        name = unique("run").replace("_", "-")
        self.conn._execute_statement(
            ENDLESS_INSERT.format(table=table, seq=seq),
            ExecutionMode.SNAPSHOT,
            statement_name=name,
        )
        deadline = time.monotonic() + 20
        statement = self.conn.get_statement(name)
        while statement.phase.value == "PENDING" and time.monotonic() < deadline:
            time.sleep(0.05)
            statement = self.conn.get_statement(name)
        try:
            self.assertEqual(statement.phase.value, "RUNNING")
            self.assertEqual(statement.sql_kind, "INSERT_INTO")
            self.assertIsNone(statement.schema)
            # A snapshot INSERT is not done while RUNNING: its write has not landed.
            self.assertFalse(statement.can_fetch_results(ExecutionMode.SNAPSHOT))
        finally:
            stopped = self.conn.stop_statement(name, timeout=30)
        self.assertEqual(stopped.phase.value, "STOPPED")


if __name__ == "__main__":
    unittest.main()
