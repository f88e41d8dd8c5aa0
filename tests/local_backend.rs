//! The local backend as the session uses it: connections and tables in one durable file.

mod util;

use std::collections::BTreeMap;
use std::io;
use std::path::Path;

use flinksh::backend::{ConnectionsApi, Outcome, StatementBackend, StatementContext, local};
use flinksh::connections::spec::{NewConnection, Secrets};
use flinksh::result::{Boundedness, ChangeKind, Column, RowSink, Value};
use flinksh::{Error, ErrorKind};

/// Keeps everything it is given.
#[derive(Default)]
struct Collect {
    columns: Vec<Column>,
    rows: Vec<Vec<Value>>,
    ended: bool,
}

impl RowSink for Collect {
    fn begin(&mut self, columns: &[Column], bounded: Boundedness) -> io::Result<()> {
        assert_eq!(bounded, Boundedness::Bounded);
        self.columns = columns.to_vec();
        Ok(())
    }
    fn row(&mut self, kind: ChangeKind, values: Vec<Value>) -> io::Result<()> {
        assert_eq!(kind, ChangeKind::Insert);
        assert_eq!(values.len(), self.columns.len());
        self.rows.push(values);
        Ok(())
    }
    fn end(&mut self) -> io::Result<u64> {
        self.ended = true;
        Ok(self.rows.len() as u64)
    }
}

impl Collect {
    fn names(&self) -> Vec<&str> {
        self.columns.iter().map(|c| c.name.as_str()).collect()
    }
    fn types(&self) -> Vec<&str> {
        self.columns.iter().map(|c| c.type_name.as_str()).collect()
    }
}

fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

struct Local {
    conns: Box<dyn ConnectionsApi>,
    stmts: Box<dyn StatementBackend>,
    ctx: StatementContext,
}

impl Local {
    fn open(dir: &Path) -> Self {
        Self::open_env(dir, "env-1")
    }
    fn open_env(dir: &Path, env: &str) -> Self {
        let (conns, stmts) = local::open(dir, env, Default::default()).unwrap();
        Local {
            conns,
            stmts,
            ctx: StatementContext::default(),
        }
    }
    fn run(&mut self, sql: &str) -> Result<(Outcome, Collect), Error> {
        let mut sink = Collect::default();
        let outcome = self.stmts.execute(sql, &self.ctx, &mut sink)?;
        Ok((outcome, sink))
    }
    fn ok(&mut self, sql: &str) -> Collect {
        match self.run(sql) {
            Ok((_, sink)) => sink,
            Err(e) => panic!("{sql}: {e}"),
        }
    }
    fn done(&mut self, sql: &str) -> String {
        match self.run(sql) {
            Ok((Outcome::Done(Some(m)), _)) => m,
            Ok((other, _)) => panic!("{sql}: expected a message, got {other:?}"),
            Err(e) => panic!("{sql}: {e}"),
        }
    }
    fn err(&mut self, sql: &str) -> Error {
        match self.run(sql) {
            Ok((outcome, _)) => panic!("{sql}: expected an error, got {outcome:?}"),
            Err(e) => e,
        }
    }
}

fn new_connection(name: &str, secret: &str) -> NewConnection {
    NewConnection {
        name: name.to_string(),
        connection_type: "OPENAI".to_string(),
        endpoint: "https://api.openai.com/v1/chat/completions".to_string(),
        secrets: Secrets(BTreeMap::from([(
            "API_KEY".to_string(),
            secret.to_string(),
        )])),
        comment: Some("for tests".to_string()),
    }
}

#[test]
fn connections_crud_with_already_exists_and_not_found() {
    let dir = tempfile::tempdir().unwrap();
    let mut l = Local::open(dir.path());
    assert!(l.conns.list().unwrap().is_empty());

    let created = l.conns.create(&new_connection("zeta", "k1")).unwrap();
    assert_eq!(created.name, "zeta");
    assert_eq!(created.api_version, "sql/v1");
    assert_eq!(created.kind, "Connection");
    assert_eq!(created.spec.connection_type, "OPENAI");
    assert_eq!(
        created.spec.endpoint,
        "https://api.openai.com/v1/chat/completions"
    );
    assert_eq!(created.spec.auth_data.kind, "PlaintextProvider");
    assert_eq!(created.spec.auth_data.data, "<REDACTED>");
    assert_eq!(created.status.phase, "");
    assert_eq!(created.metadata.self_url, "");
    assert!(!created.metadata.uid.is_empty());
    let at = &created.metadata.created_at;
    assert!(
        chrono::DateTime::parse_from_rfc3339(at).is_ok() && at.len() == 27 && at.ends_with('Z'),
        "{at}"
    );
    assert_eq!(created.metadata.updated_at, *at);

    let dup = l.conns.create(&new_connection("zeta", "k2")).unwrap_err();
    assert_eq!(dup.kind, ErrorKind::AlreadyExists);
    assert_eq!(
        dup.message,
        "connection \"zeta\" already exists in environment \"env-1\"; \
         use CREATE CONNECTION IF NOT EXISTS or DROP it first"
    );

    let alpha = l.conns.create(&new_connection("alpha", "k3")).unwrap();
    assert_ne!(alpha.metadata.uid, created.metadata.uid);
    let names: Vec<String> = l
        .conns
        .list()
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(names, vec!["alpha", "zeta"]);
    assert_eq!(l.conns.get("zeta").unwrap(), created);

    std::thread::sleep(std::time::Duration::from_millis(2));
    let secrets = Secrets(BTreeMap::from([("API_KEY".to_string(), "k9".to_string())]));
    let updated = l.conns.update_secrets("zeta", &secrets).unwrap();
    assert_eq!(updated.metadata.created_at, created.metadata.created_at);
    assert!(updated.metadata.updated_at > created.metadata.updated_at);

    l.conns.delete("zeta").unwrap();
    for err in [
        l.conns.get("zeta").unwrap_err(),
        l.conns.delete("zeta").unwrap_err(),
        l.conns.update_secrets("zeta", &secrets).unwrap_err(),
    ] {
        assert_eq!(err.kind, ErrorKind::NotFound);
        assert!(
            err.message
                .starts_with("connection \"zeta\" does not exist in environment \"env-1\""),
            "{}",
            err.message
        );
    }
    assert_eq!(l.conns.list().unwrap().len(), 1);
}

#[test]
fn secrets_are_stored_but_never_returned() {
    let dir = tempfile::tempdir().unwrap();
    let mut l = Local::open(dir.path());
    let secret = "sk-very-secret-4242";
    let created = l.conns.create(&new_connection("c", secret)).unwrap();
    let rotated = Secrets(BTreeMap::from([(
        "API_KEY".to_string(),
        "sk-rotated-9999".to_string(),
    )]));
    let updated = l.conns.update_secrets("c", &rotated).unwrap();
    let returned = [
        serde_json::to_string(&created).unwrap(),
        serde_json::to_string(&l.conns.get("c").unwrap()).unwrap(),
        serde_json::to_string(&l.conns.list().unwrap()).unwrap(),
        serde_json::to_string(&updated).unwrap(),
        format!("{created:?}{updated:?}"),
    ];
    for json in &returned {
        assert!(
            !json.contains(secret) && !json.contains("sk-rotated"),
            "{json}"
        );
        assert!(json.contains("<REDACTED>"), "{json}");
    }

    // Stored: the file holds the current secret (and the comment) for later use.
    let db = rusqlite::Connection::open(dir.path().join("flinksh.db")).unwrap();
    let (stored, comment): (String, String) = db
        .query_row(
            "SELECT secrets, comment FROM flinksh_connections WHERE name = 'c'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        stored,
        r#"{"API_KEY":"sk-rotated-9999","AUTH_TYPE":"API_KEY"}"#
    );
    assert_eq!(comment, "for tests");

    // And statements cannot read them out.
    let err = l.err("SELECT * FROM flinksh_connections");
    assert!(
        err.message.contains("internal to the local backend"),
        "{}",
        err.message
    );
}

#[cfg(unix)]
#[test]
fn state_dir_is_0700_and_file_is_0600() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("nested").join("state");
    let mut l = Local::open(&state);
    l.conns.create(&new_connection("c", "s")).unwrap();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&state), 0o700);
    assert_eq!(mode(&state.join("flinksh.db")), 0o600);
    assert_eq!(mode(&state.join("flinksh.db-wal")), 0o600);
}

#[test]
fn connections_and_tables_persist_across_reopen() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut l = Local::open(dir.path());
        l.conns.create(&new_connection("kept", "s")).unwrap();
        l.done("CREATE TABLE t (id INT, name STRING) WITH ('connector' = 'filesystem')");
        l.done("INSERT INTO t VALUES (1, 'one')");
    }
    let mut l = Local::open(dir.path());
    let names: Vec<String> = l
        .conns
        .list()
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(names, vec!["kept"]);
    let rows = l.ok("SELECT * FROM t");
    assert_eq!(rows.rows, vec![vec![Value::Int(1), text("one")]]);
    assert_eq!(rows.types(), vec!["INT", "STRING"]);

    // Connections belong to their environment.
    let mut other = Local::open_env(dir.path(), "env-2");
    assert!(other.conns.list().unwrap().is_empty());
    assert_eq!(
        other.conns.get("kept").unwrap_err().kind,
        ErrorKind::NotFound
    );
}

#[test]
fn string_columns_keep_leading_zeros() {
    let dir = tempfile::tempdir().unwrap();
    let mut l = Local::open(dir.path());
    l.done("CREATE TABLE codes (code STRING, v VARCHAR(10), n INT)");
    l.done("INSERT INTO codes VALUES ('007', '0042', 8)");
    let rows = l.ok("SELECT code, v, n FROM codes");
    assert_eq!(
        rows.rows,
        vec![vec![text("007"), text("0042"), Value::Int(8)]]
    );
}

#[test]
fn result_columns_carry_declared_flink_types() {
    let dir = tempfile::tempdir().unwrap();
    let mut l = Local::open(dir.path());
    l.done(
        "CREATE TABLE orders (\n\
           id BIGINT NOT NULL,\n\
           amount DECIMAL(10, 2),\n\
           paid BOOLEAN,\n\
           tags ARRAY<STRING>,\n\
           attrs MAP<STRING, INT>,\n\
           ts TIMESTAMP(3),\n\
           WATERMARK FOR ts AS ts - INTERVAL '5' SECOND,\n\
           PRIMARY KEY (id) NOT ENFORCED\n\
         ) COMMENT 'all orders' WITH ('connector' = 'kafka', 'topic' = 'orders');",
    );
    assert_eq!(
        l.done(
            "INSERT INTO orders VALUES (1, 9.5, TRUE, ARRAY['a', 'b'], MAP['x', 1], \
             TIMESTAMP '2025-01-01 00:00:00.000'), (2, 3, FALSE, NULL, NULL, NULL)"
        ),
        "2 rows inserted."
    );
    let r = l.ok(
        "SELECT o.*, id * 2 AS twice, 'x' AS lit, 1.5 AS f, CAST(NULL AS INT) AS nada \
                  FROM orders o ORDER BY id",
    );
    assert_eq!(
        r.names(),
        vec![
            "id", "amount", "paid", "tags", "attrs", "ts", "twice", "lit", "f", "nada"
        ]
    );
    assert_eq!(
        r.types(),
        vec![
            "BIGINT NOT NULL",
            "DECIMAL(10, 2)",
            "BOOLEAN",
            "ARRAY<STRING>",
            "MAP<STRING, INT>",
            "TIMESTAMP(3)",
            "BIGINT NOT NULL",
            "CHAR(1) NOT NULL",
            "DECIMAL(2, 1) NOT NULL",
            "INT"
        ]
    );
    assert_eq!(
        r.rows[0][..6],
        [
            Value::Int(1),
            Value::Decimal("9.50".into()),
            Value::Bool(true),
            Value::Array(vec![text("a"), text("b")]),
            Value::Map(vec![(text("x"), Value::Int(1))]),
            text("2025-01-01 00:00:00.000"),
        ]
    );
    assert_eq!(r.rows[1][1], Value::Decimal("3.00".into()));
    assert_eq!(r.rows[1][2], Value::Bool(false));
    assert_eq!(r.rows[1][3], Value::Null);

    let d = l.ok("DESCRIBE orders");
    assert_eq!(
        d.names(),
        vec!["name", "type", "null", "key", "extras", "watermark"]
    );
    assert_eq!(
        d.rows[0],
        vec![
            text("id"),
            text("BIGINT"),
            Value::Bool(false),
            text("PRI(id)"),
            Value::Null,
            Value::Null
        ]
    );
    assert_eq!(
        d.rows[5],
        vec![
            text("ts"),
            text("TIMESTAMP(3) *ROWTIME*"),
            Value::Bool(true),
            Value::Null,
            Value::Null,
            text("`ts` - INTERVAL '5' SECOND")
        ]
    );

    let show = l.ok("SHOW CREATE TABLE default_catalog.default_database.orders");
    let Value::Text(ddl) = &show.rows[0][0] else {
        panic!("{:?}", show.rows)
    };
    assert_eq!(
        ddl,
        "CREATE TABLE `default_catalog`.`default_database`.`orders` (\n  \
           `id` BIGINT NOT NULL,\n  \
           `amount` DECIMAL(10, 2),\n  \
           `paid` BOOLEAN,\n  \
           `tags` ARRAY<VARCHAR(2147483647)>,\n  \
           `attrs` MAP<VARCHAR(2147483647), INT>,\n  \
           `ts` TIMESTAMP(3),\n  \
           WATERMARK FOR `ts` AS `ts` - INTERVAL '5' SECOND,\n  \
           CONSTRAINT `PK_id` PRIMARY KEY (`id`) NOT ENFORCED\n\
         )\n\
         COMMENT 'all orders'\n\
         WITH (\n  'connector' = 'kafka',\n  'topic' = 'orders'\n)\n"
    );
}

#[test]
fn values_ctas_insert_select_and_show_tables() {
    let dir = tempfile::tempdir().unwrap();
    let mut l = Local::open(dir.path());

    let (outcome, v) = l.run("VALUES (1, 'a'), (2, 'b');").unwrap();
    assert_eq!(outcome, Outcome::Rows(2));
    assert!(v.ended);
    assert_eq!(v.names(), vec!["EXPR$0", "EXPR$1"]);
    assert_eq!(v.types(), vec!["INT NOT NULL", "CHAR(1) NOT NULL"]);
    assert_eq!(v.rows[1], vec![Value::Int(2), text("b")]);

    assert_eq!(
        l.done("CREATE TABLE pets WITH ('connector' = 'x') AS VALUES (1, 'cat'), (2, 'dog')"),
        "Table 'pets' created; 2 rows inserted."
    );
    let d = l.ok("DESC pets");
    let cols: Vec<_> = d
        .rows
        .iter()
        .map(|r| (r[0].clone(), r[1].clone()))
        .collect();
    assert_eq!(
        cols,
        vec![
            (text("EXPR$0"), text("INT")),
            (text("EXPR$1"), text("CHAR(3)"))
        ]
    );

    l.done("CREATE TABLE owners (pet_id INT, owner STRING)");
    assert_eq!(
        l.done("INSERT INTO default_database.owners VALUES (1, 'ann')"),
        "1 row inserted."
    );
    assert_eq!(
        l.done("INSERT INTO owners SELECT EXPR$0, 'bob' FROM pets"),
        "2 rows inserted."
    );
    let j = l.ok("SELECT p.EXPR$1 AS pet, count(*) AS n FROM pets p \
         JOIN default_catalog.default_database.owners o ON o.pet_id = p.EXPR$0 \
         GROUP BY p.EXPR$1 ORDER BY pet");
    assert_eq!(j.types(), vec!["CHAR(3) NOT NULL", "BIGINT NOT NULL"]);
    assert_eq!(
        j.rows,
        vec![
            vec![text("cat"), Value::Int(2)],
            vec![text("dog"), Value::Int(1)]
        ]
    );

    assert_eq!(
        l.done("CREATE TABLE cats AS SELECT owner, pet_id FROM owners WHERE pet_id = 1"),
        "Table 'cats' created; 2 rows inserted."
    );
    let c = l.ok("SELECT * FROM cats ORDER BY owner");
    assert_eq!(c.types(), vec!["STRING", "INT"]);

    let tables = l.ok("SHOW TABLES");
    assert_eq!(tables.names(), vec!["table name"]);
    assert_eq!(
        tables.rows,
        vec![vec![text("cats")], vec![text("owners")], vec![text("pets")]]
    );
    let like = l.ok("SHOW TABLES LIKE 'p%'");
    assert_eq!(like.rows, vec![vec![text("pets")]]);

    assert_eq!(
        l.ok("SHOW CATALOGS").rows,
        vec![vec![text("default_catalog")]]
    );
    assert_eq!(
        l.ok("SHOW DATABASES").rows,
        vec![vec![text("default_database")]]
    );
    assert_eq!(
        l.ok("SHOW CURRENT CATALOG").rows,
        vec![vec![text("default_catalog")]]
    );
    assert_eq!(
        l.ok("show current database").rows,
        vec![vec![text("default_database")]]
    );

    assert_eq!(l.done("DROP TABLE cats"), "Table 'cats' dropped.");
    let missing = l.err("DROP TABLE cats");
    assert_eq!(missing.kind, ErrorKind::NotFound);
    assert_eq!(
        missing.message,
        "Table with identifier 'default_catalog.default_database.cats' does not exist. \
         SHOW TABLES lists the tables."
    );
    assert_eq!(
        l.done("DROP TABLE IF EXISTS cats"),
        "Table 'cats' does not exist; nothing dropped."
    );
    // The metadata went with the table: a new table of that name starts clean.
    l.done("CREATE TABLE cats (x DOUBLE)");
    assert_eq!(l.ok("DESCRIBE cats").rows.len(), 1);
}

#[test]
fn create_table_twice_and_alter() {
    let dir = tempfile::tempdir().unwrap();
    let mut l = Local::open(dir.path());
    assert_eq!(l.done("CREATE TABLE t (a INT)"), "Table 't' created.");
    let dup = l.err("CREATE TABLE t (a INT)");
    assert_eq!(dup.kind, ErrorKind::AlreadyExists);
    assert_eq!(
        dup.message,
        "Table (or view) default_database.t already exists in Catalog default_catalog. \
         Use CREATE TABLE IF NOT EXISTS, or DROP TABLE it first."
    );
    assert_eq!(
        l.done("CREATE TABLE IF NOT EXISTS t (a INT)"),
        "Table 't' already exists; nothing changed."
    );
    assert_eq!(l.done("ALTER TABLE t ADD b STRING"), "Table 't' altered.");
    assert_eq!(
        l.done("ALTER TABLE t RENAME TO u"),
        "Table 't' renamed to 'u'."
    );
    l.done("INSERT INTO u VALUES (1, '01')");
    let r = l.ok("SELECT * FROM u");
    assert_eq!(r.types(), vec!["INT", "STRING"]);
    assert_eq!(r.rows, vec![vec![Value::Int(1), text("01")]]);
    assert_eq!(
        l.done("ALTER TABLE u ADD (p ROW<y INT, x STRING>)"),
        "Table 'u' altered."
    );
    assert_eq!(l.done("UPDATE u SET p = ROW(2, 'ex')"), "1 row updated.");
    let r = l.ok("SELECT p FROM u");
    assert_eq!(r.types(), vec!["ROW<`y` INT, `x` STRING>"]);
    assert_eq!(
        r.rows,
        vec![vec![Value::Row(vec![Value::Int(2), text("ex")])]]
    );
    assert_eq!(
        l.done("TRUNCATE TABLE u"),
        "Table 'u' truncated; 1 row deleted."
    );
}

#[test]
fn what_sqlite_cannot_do_is_said_plainly() {
    let dir = tempfile::tempdir().unwrap();
    let mut l = Local::open(dir.path());
    l.done("CREATE TABLE clicks (ts TIMESTAMP(3), url STRING)");
    for (sql, what) in [
        (
            "EXPLAIN SELECT * FROM clicks",
            "the local backend cannot run EXPLAIN SELECT; use --url for Confluent Cloud",
        ),
        (
            "CREATE FUNCTION f AS 'com.example.F'",
            "the local backend cannot run CREATE FUNCTION; use --url for Confluent Cloud",
        ),
        (
            "EXECUTE STATEMENT SET BEGIN INSERT INTO clicks VALUES (NULL, 'x'); END",
            "the local backend cannot run EXECUTE STATEMENT SET; use --url for Confluent Cloud",
        ),
        (
            "CREATE TABLE r (x RAW('a', 'b'))",
            "the local backend cannot store columns of type RAW('a', 'b'); use STRING, numeric, \
             BOOLEAN, DATE/TIME/TIMESTAMP, BYTES, ARRAY, MAP or ROW, or use --url for \
             Confluent Cloud",
        ),
    ] {
        let err = l.err(sql);
        assert_eq!(err.kind, ErrorKind::Statement, "{sql}");
        assert_eq!(err.message, what, "{sql}");
    }
}

#[test]
fn sqlite_errors_are_errors_not_panics() {
    let dir = tempfile::tempdir().unwrap();
    let mut l = Local::open(dir.path());
    let err = l.err("SELEC 1 FROM nowhere");
    assert_eq!(err.kind, ErrorKind::Statement);
    assert_eq!(
        err.to_string(),
        "Non-query expression encountered in illegal context"
    );
    let err = l.err("SELECT * FROM nowhere");
    assert_eq!(err.kind, ErrorKind::Statement);
    assert_eq!(err.to_string(), "Object 'nowhere' not found");
    assert!(!err.to_string().contains('\n'));
    let err = l.err("SELECT 'unterminated");
    assert_eq!(err.kind, ErrorKind::Statement);
    let err = l.err("DESCRIBE nowhere");
    assert_eq!(err.kind, ErrorKind::NotFound);
    assert_eq!(
        err.message,
        "table 'nowhere' does not exist in default_catalog.default_database; SHOW TABLES lists them"
    );
    let err = l.err("SELECT 1; SELECT 2");
    assert_eq!(err.kind, ErrorKind::Statement);
    assert_eq!(
        err.message,
        "the local backend runs one statement at a time; end each with ';'"
    );
    // Comments and the trailing semicolon are the user's; they do not bother the parser.
    let r = l.ok("-- leading\nSELECT 1 AS one /* inline */ ; -- trailing");
    assert_eq!(r.rows, vec![vec![Value::Int(1)]]);
}

#[test]
fn catalogs_and_databases_exist_until_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let mut l = Local::open(dir.path());
    l.stmts
        .check_use(Some("default_catalog"), Some("default_database"))
        .unwrap();
    l.stmts.check_use(Some("default_catalog"), None).unwrap();
    let err = l.stmts.check_use(Some("prod"), None).unwrap_err();
    assert_eq!(err.kind, ErrorKind::NotFound);
    assert_eq!(
        err.message,
        "A catalog with name [prod] does not exist; SHOW CATALOGS lists them"
    );
    let err = l
        .stmts
        .check_use(Some("default_catalog"), Some("x"))
        .unwrap_err();
    assert_eq!(
        err.message,
        "A database with name [x] does not exist in the catalog: [default_catalog]; \
         SHOW DATABASES lists them"
    );

    assert_eq!(l.done("CREATE DATABASE x"), "Database 'x' created.");
    let dup = l.err("CREATE DATABASE x");
    assert_eq!(dup.kind, ErrorKind::AlreadyExists);
    assert_eq!(
        dup.message,
        "Database x already exists in Catalog default_catalog; use CREATE DATABASE IF NOT EXISTS"
    );
    assert_eq!(
        l.done("CREATE DATABASE IF NOT EXISTS x"),
        "Database 'x' already exists; nothing changed."
    );
    l.stmts
        .check_use(Some("default_catalog"), Some("x"))
        .unwrap();
    assert_eq!(
        l.ok("SHOW DATABASES").rows,
        vec![vec![text("default_database")], vec![text("x")]]
    );

    // A table lives in its database; the same name elsewhere is another table.
    l.done("CREATE TABLE t (a INT)");
    l.done("CREATE TABLE x.t (b STRING)");
    l.done("INSERT INTO x.t VALUES ('in x')");
    assert_eq!(l.ok("SELECT * FROM t").rows.len(), 0);
    l.ctx.database = Some("x".into());
    assert_eq!(l.ok("SHOW CURRENT DATABASE").rows, vec![vec![text("x")]]);
    assert_eq!(l.ok("SELECT * FROM t").rows, vec![vec![text("in x")]]);
    assert_eq!(
        l.ok("SELECT * FROM default_catalog.default_database.t")
            .names(),
        vec!["a"]
    );
    assert_eq!(
        l.err("DROP DATABASE x").message,
        "Cannot drop a database which is currently in use (x); USE another first"
    );
    l.ctx.database = None;
    assert_eq!(
        l.err("DROP DATABASE x").message,
        "Database x in catalog default_catalog is not empty; drop its tables and views first \
         or use DROP DATABASE x CASCADE"
    );
    assert_eq!(l.done("DROP DATABASE x CASCADE"), "Database 'x' dropped.");
    assert_eq!(
        l.done("DROP DATABASE IF EXISTS x"),
        "Database 'x' does not exist; nothing dropped."
    );
    assert_eq!(l.err("DROP DATABASE x").kind, ErrorKind::NotFound);
    assert_eq!(l.ok("SELECT * FROM t").names(), vec!["a"]);

    l.ctx.catalog = Some("prod".into());
    assert_eq!(l.err("SELECT 1").kind, ErrorKind::NotFound);
    l.ctx.catalog = None;
    assert_eq!(
        l.err("CREATE CATALOG prod WITH ('type' = 'generic_in_memory')")
            .message,
        "the local backend cannot run CREATE CATALOG: its catalogs are default_catalog and, \
         under flinksh serve, one per environment; use --url or --gateway for other catalogs"
    );
}

/// The SQLite table holding the rows of `default_catalog.default_database.<name>`.
fn sqlite_table(name: &str) -> String {
    let hex = |s: &str| s.bytes().map(|b| format!("{b:02x}")).collect::<String>();
    format!(
        "flinksh_t_{}_{}_{}",
        hex("default_catalog"),
        hex("default_database"),
        hex(name)
    )
}

#[test]
fn a_second_shell_waits_for_a_write_instead_of_failing() {
    let dir = tempfile::tempdir().unwrap();
    let mut l = Local::open(dir.path());
    l.done("CREATE TABLE t (a INT)");
    let path = dir.path().join("flinksh.db");
    let (locked_tx, locked_rx) = std::sync::mpsc::channel();
    let holder = std::thread::spawn(move || {
        let db = rusqlite::Connection::open(path).unwrap();
        db.execute_batch(&format!(
            "BEGIN IMMEDIATE; INSERT INTO {} VALUES (1);",
            sqlite_table("t")
        ))
        .unwrap();
        locked_tx.send(()).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(500));
        db.execute_batch("COMMIT").unwrap();
    });
    locked_rx.recv().unwrap();
    let started = std::time::Instant::now();
    assert_eq!(l.done("INSERT INTO t VALUES (2)"), "1 row inserted.");
    l.conns.create(&new_connection("c", "s")).unwrap();
    assert!(started.elapsed() >= std::time::Duration::from_millis(300));
    holder.join().unwrap();
    assert_eq!(l.ok("SELECT a FROM t ORDER BY a").rows.len(), 2);
}

/// Counts rows without keeping them.
#[derive(Default)]
struct Count {
    rows: u64,
    last: i64,
}

impl RowSink for Count {
    fn begin(&mut self, _: &[Column], _: Boundedness) -> io::Result<()> {
        Ok(())
    }
    fn row(&mut self, _: ChangeKind, values: Vec<Value>) -> io::Result<()> {
        self.rows += 1;
        if let Some(Value::Int(i)) = values.first() {
            self.last = *i;
        }
        Ok(())
    }
    fn end(&mut self) -> io::Result<u64> {
        Ok(self.rows)
    }
}

#[test]
fn large_results_stream_row_by_row() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut stmts) = local::open(dir.path(), "e", Default::default()).unwrap();
    let mut sink = Count::default();
    stmts
        .execute(
            "CREATE TABLE n (i INT) WITH ('connector' = 'datagen', 'number-of-rows' = '200000', \
             'fields.i.kind' = 'sequence', 'fields.i.start' = '1', 'fields.i.end' = '200000')",
            &StatementContext::default(),
            &mut sink,
        )
        .unwrap();
    let outcome = stmts
        .execute(
            "SELECT i, 'row ' || CAST(i AS STRING) FROM n ORDER BY i",
            &StatementContext::default(),
            &mut sink,
        )
        .unwrap();
    assert_eq!(outcome, Outcome::Rows(200_000));
    assert_eq!(sink.rows, 200_000);
    assert_eq!(sink.last, 200_000);
}

const CHILD_ENV: &str = "FLINKSH_LOCAL_KILL9_CHILD_DIR";

/// Not a test of its own: the writer process `acknowledged_writes_survive_kill_9` starts
/// and kills. It writes forever, printing each write once `execute`/`create` returned.
#[test]
#[ignore = "run only as the child of acknowledged_writes_survive_kill_9"]
fn kill9_child_writer() {
    use std::io::Write;
    let Ok(dir) = std::env::var(CHILD_ENV) else {
        return;
    };
    let (mut conns, mut stmts) = local::open(Path::new(&dir), "e", Default::default()).unwrap();
    let ctx = StatementContext::default();
    let mut sink = Count::default();
    stmts
        .execute(
            "CREATE TABLE IF NOT EXISTS acks (i BIGINT, pad STRING)",
            &ctx,
            &mut sink,
        )
        .unwrap();
    let mut out = std::io::stdout().lock();
    for i in 0.. {
        let sql = format!("INSERT INTO acks VALUES ({i}, '{}')", "x".repeat(200));
        stmts.execute(&sql, &ctx, &mut sink).unwrap();
        writeln!(out, "row {i}").unwrap();
        if i % 10 == 0 {
            conns
                .create(&new_connection(&format!("c{i}"), "s"))
                .unwrap();
            writeln!(out, "conn c{i}").unwrap();
        }
        out.flush().unwrap();
    }
}

#[cfg(unix)]
#[test]
fn acknowledged_writes_survive_kill_9() {
    use std::io::BufRead;
    use std::process::{Command, Stdio};

    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "kill9_child_writer", "--ignored", "--nocapture"])
        .args(["--test-threads", "1"])
        .env(CHILD_ENV, dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut rows = Vec::new();
    let mut conns = Vec::new();
    for line in std::io::BufReader::new(stdout).lines() {
        let line = line.unwrap();
        if let Some(i) = line.strip_prefix("row ") {
            rows.push(i.parse::<i64>().unwrap());
        } else if let Some(name) = line.strip_prefix("conn ") {
            conns.push(name.to_string());
        }
        if rows.len() == 300 {
            // Child::kill sends SIGKILL: no destructor, no flush, no clean close.
            child.kill().unwrap();
            break;
        }
    }
    child.wait().unwrap();
    assert_eq!(rows.len(), 300, "the writer stopped early");

    let db = rusqlite::Connection::open(dir.path().join("flinksh.db")).unwrap();
    let check: String = db
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    drop(db);

    let mut l = Local::open_env(dir.path(), "e");
    let stored: Vec<i64> = l
        .ok("SELECT i FROM acks ORDER BY i")
        .rows
        .into_iter()
        .map(|r| match r[0] {
            Value::Int(i) => i,
            ref other => panic!("{other:?}"),
        })
        .collect();
    for i in &rows {
        assert!(
            stored.binary_search(i).is_ok(),
            "acknowledged row {i} was lost"
        );
    }
    let names: Vec<String> = l
        .conns
        .list()
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect();
    for name in &conns {
        assert!(
            names.contains(name),
            "acknowledged connection {name} was lost"
        );
    }
}

/// Recorded from the real Apache Flink 2.3 SQL Gateway (`SHOW CREATE TABLE t` after the
/// CREATE TABLE below, with `'number-of-rows' = '3'` only).
const FLINK_SHOW_CREATE: &str = "CREATE TABLE `default_catalog`.`default_database`.`t` (\n  \
    `id` INT NOT NULL,\n  \
    `name` VARCHAR(2147483647) COMMENT 'the name',\n  \
    `price` DECIMAL(10, 2),\n  \
    `qty` INT,\n  \
    `total` AS `price` * `qty`,\n  \
    `ts` TIMESTAMP(3),\n  \
    `tags` ARRAY<VARCHAR(2147483647)>,\n  \
    WATERMARK FOR `ts` AS `ts` - INTERVAL '5' SECOND,\n  \
    CONSTRAINT `PK_id` PRIMARY KEY (`id`) NOT ENFORCED\n)\n\
    COMMENT 'orders'\n\
    PARTITIONED BY (`name`)\n\
    WITH (\n  'connector' = 'datagen',\n  'number-of-rows' = '3'\n)\n";

const FLINK_TABLE: &str = "CREATE TABLE t (id INT NOT NULL, name STRING COMMENT 'the name', \
    price DECIMAL(10, 2), qty INT, total AS price * qty, ts TIMESTAMP(3), tags ARRAY<STRING>, \
    WATERMARK FOR ts AS ts - INTERVAL '5' SECOND, PRIMARY KEY (id) NOT ENFORCED) \
    COMMENT 'orders' PARTITIONED BY (name) WITH ('connector' = 'datagen', 'number-of-rows' = '3')";

#[test]
fn show_create_table_and_describe_are_flinks() {
    let dir = tempfile::tempdir().unwrap();
    let mut l = Local::open(dir.path());
    l.done(FLINK_TABLE);
    let show = l.ok("SHOW CREATE TABLE t");
    assert_eq!(show.names(), vec!["result"]);
    assert_eq!(show.rows, vec![vec![text(FLINK_SHOW_CREATE)]]);

    // What the real SQL Client printed for DESCRIBE t, but the computed column's type
    // (DECIMAL(21, 2) in Flink), which comes from the query translator.
    let null = Value::Null;
    let row = |name: &str, ty: Value, nullable: bool, rest: [Value; 4]| {
        let mut r = vec![text(name), ty, Value::Bool(nullable)];
        r.extend(rest);
        r
    };
    let want = vec![
        row(
            "id",
            text("INT"),
            false,
            [text("PRI(id)"), null.clone(), null.clone(), null.clone()],
        ),
        row(
            "name",
            text("STRING"),
            true,
            [null.clone(), null.clone(), null.clone(), text("the name")],
        ),
        row(
            "price",
            text("DECIMAL(10, 2)"),
            true,
            [null.clone(), null.clone(), null.clone(), null.clone()],
        ),
        row(
            "qty",
            text("INT"),
            true,
            [null.clone(), null.clone(), null.clone(), null.clone()],
        ),
        row(
            "total",
            null.clone(),
            true,
            [
                null.clone(),
                text("AS `price` * `qty`"),
                null.clone(),
                null.clone(),
            ],
        ),
        row(
            "ts",
            text("TIMESTAMP(3) *ROWTIME*"),
            true,
            [
                null.clone(),
                null.clone(),
                text("`ts` - INTERVAL '5' SECOND"),
                null.clone(),
            ],
        ),
        row(
            "tags",
            text("ARRAY<STRING>"),
            true,
            [null.clone(), null.clone(), null.clone(), null.clone()],
        ),
    ];
    for sql in [
        "DESCRIBE t",
        "DESC default_database.t",
        "SHOW COLUMNS FROM t",
    ] {
        let d = l.ok(sql);
        assert_eq!(
            d.names(),
            vec![
                "name",
                "type",
                "null",
                "key",
                "extras",
                "watermark",
                "comment"
            ]
        );
        // Flink types the computed column DECIMAL(21, 2): the query translator types
        // its expression; without one (the pass-through engine) the type is left empty.
        let mut got = d.rows.clone();
        let computed = std::mem::replace(&mut got[4][1], Value::Null);
        assert!(
            computed == Value::Null || computed == text("DECIMAL(21, 2)"),
            "{computed:?}"
        );
        assert_eq!(got, want, "{sql}");
    }
    // The computed column is metadata only: the stored rows hold the physical columns.
    assert_eq!(l.ok("SELECT * FROM t").rows.len(), 3);
    let db = rusqlite::Connection::open(dir.path().join("flinksh.db")).unwrap();
    let stored: Vec<String> = db
        .prepare(&format!(
            "SELECT name FROM pragma_table_info('{}')",
            sqlite_table("t")
        ))
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(stored, vec!["id", "name", "price", "qty", "ts", "tags"]);

    let missing = l.err("SHOW CREATE TABLE nosuch");
    assert_eq!(missing.kind, ErrorKind::NotFound);
    assert_eq!(
        missing.message,
        "table 'nosuch' does not exist in default_catalog.default_database; SHOW TABLES lists them"
    );
}

#[test]
fn flink_identifiers_are_case_sensitive() {
    let dir = tempfile::tempdir().unwrap();
    let mut l = Local::open(dir.path());
    l.done("CREATE TABLE t (a INT)");
    l.done("CREATE TABLE `T` (b STRING)");
    l.done("INSERT INTO t VALUES (1)");
    l.done("INSERT INTO T VALUES ('big')");
    assert_eq!(l.ok("SELECT * FROM t").rows, vec![vec![Value::Int(1)]]);
    assert_eq!(l.ok("SELECT * FROM `T`").rows, vec![vec![text("big")]]);
    assert_eq!(
        l.ok("SHOW TABLES").rows,
        vec![vec![text("T")], vec![text("t")]]
    );
    assert_eq!(l.done("DROP TABLE T"), "Table 'T' dropped.");
    assert_eq!(l.ok("SELECT * FROM t").rows.len(), 1);
    assert_eq!(
        l.err("DESCRIBE T").message,
        "table 'T' does not exist in default_catalog.default_database; SHOW TABLES lists them"
    );
    // Names with any characters survive.
    l.done("CREATE TABLE `odd \"name\".x` (`a b` INT)");
    l.done("INSERT INTO `odd \"name\".x` VALUES (7)");
    assert_eq!(
        l.ok("SELECT `a b` FROM `odd \"name\".x`").rows,
        vec![vec![Value::Int(7)]]
    );
}

#[test]
fn views_temporary_per_session_and_persistent_in_the_state() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut l = Local::open(dir.path());
        l.done("CREATE TABLE t (id INT, name STRING)");
        l.done("INSERT INTO t VALUES (1, 'a'), (2, 'b')");
        assert_eq!(
            l.done("CREATE VIEW v AS SELECT id, name FROM t WHERE id > 1"),
            "View 'v' created."
        );
        assert_eq!(
            l.done("CREATE TEMPORARY VIEW tv (a, b) AS SELECT id, name FROM t"),
            "View 'tv' created."
        );
        let dup = l.err("CREATE VIEW v AS SELECT 1");
        assert_eq!(dup.kind, ErrorKind::AlreadyExists);
        assert_eq!(
            l.done("CREATE VIEW IF NOT EXISTS v AS SELECT 1"),
            "View 'v' already exists; nothing changed."
        );
        // As Flink: SHOW VIEWS lists both kinds, SHOW TABLES tables and views.
        assert_eq!(
            l.ok("SHOW VIEWS").rows,
            vec![vec![text("tv")], vec![text("v")]]
        );
        assert_eq!(
            l.ok("SHOW TABLES").rows,
            vec![vec![text("t")], vec![text("tv")], vec![text("v")]]
        );
        assert_eq!(
            l.ok("SELECT * FROM v").rows,
            vec![vec![Value::Int(2), text("b")]]
        );
        let tv = l.ok("SELECT b FROM tv ORDER BY a");
        assert_eq!(tv.names(), vec!["b"]);
        assert_eq!(tv.rows, vec![vec![text("a")], vec![text("b")]]);
        let show = l.ok("SHOW CREATE VIEW tv");
        assert_eq!(
            show.rows,
            vec![vec![text(
                "CREATE TEMPORARY VIEW `default_catalog`.`default_database`.`tv` (\n  `a`,\n  `b`\n)\n\
                 AS SELECT id, name FROM t\n"
            )]]
        );
        // Flink's rules for dropping the two kinds.
        l.done("CREATE TEMPORARY VIEW v AS SELECT 'shadow' AS s");
        assert_eq!(l.ok("SELECT * FROM v").rows, vec![vec![text("shadow")]]);
        assert_eq!(
            l.err("DROP VIEW v").message,
            "Temporary view with identifier '`default_catalog`.`default_database`.`v`' exists. \
             Drop it first before removing the permanent view (DROP TEMPORARY VIEW v)"
        );
        assert_eq!(l.done("DROP TEMPORARY VIEW v"), "View 'v' dropped.");
        assert_eq!(
            l.err("DROP TEMPORARY VIEW v").message,
            "Temporary table or view with identifier 'default_catalog.default_database.v' does not exist. SHOW VIEWS lists them."
        );
        assert_eq!(
            l.err("DROP VIEW t").message,
            "'t' is a table; use DROP TABLE t"
        );
        assert_eq!(
            l.err("DROP TABLE v").message,
            "'v' is a view; use DROP VIEW v"
        );
        let unknown = l.err("CREATE VIEW w AS SELECT * FROM nowhere").message;
        assert!(
            unknown.contains("nowhere")
                && (unknown.contains("not found") || unknown.contains("no such table")),
            "{unknown}"
        );
        assert!(
            l.err("INSERT INTO v VALUES (3, 'c')")
                .message
                .contains("is a view")
        );
    }
    // A new session: the persistent view is still there, the temporary one gone.
    let mut l = Local::open(dir.path());
    assert_eq!(l.ok("SHOW VIEWS").rows, vec![vec![text("v")]]);
    assert_eq!(l.ok("SELECT name FROM v").rows, vec![vec![text("b")]]);
    assert_eq!(
        l.done("ALTER VIEW v AS SELECT name FROM t WHERE id = 1"),
        "View 'v' altered."
    );
    assert_eq!(l.ok("SELECT name FROM v").rows, vec![vec![text("a")]]);
    assert_eq!(
        l.done("ALTER VIEW v RENAME TO w"),
        "View 'v' renamed to 'w'."
    );
    assert_eq!(l.ok("SELECT name FROM w").rows, vec![vec![text("a")]]);
    assert_eq!(
        l.done("ALTER VIEW w RENAME TO v"),
        "View 'w' renamed to 'v'."
    );
    assert_eq!(
        l.err("TRUNCATE TABLE v").message,
        "default_catalog.default_database.v is a view, not a table"
    );
    assert_eq!(l.done("DROP VIEW v"), "View 'v' dropped.");
    assert_eq!(
        l.done("DROP VIEW IF EXISTS v"),
        "View 'v' does not exist; nothing dropped."
    );
}

#[test]
fn datagen_tables_produce_their_rows_when_read() {
    let dir = tempfile::tempdir().unwrap();
    let mut l = Local::open(dir.path());
    l.done(
        "CREATE TABLE g (id INT, s STRING, v VARCHAR(3), d DOUBLE, b BOOLEAN, \
         de DECIMAL(5, 2), bi BIGINT, ts TIMESTAMP(3)) WITH ('connector' = 'datagen', \
         'number-of-rows' = '3', 'fields.id.kind' = 'sequence', 'fields.id.start' = '1', \
         'fields.id.end' = '10', 'fields.s.length' = '5', 'fields.d.min' = '1', \
         'fields.d.max' = '2', 'fields.bi.min' = '5', 'fields.bi.max' = '7')",
    );
    let r = l.ok("SELECT * FROM g ORDER BY id");
    assert_eq!(
        r.types(),
        vec![
            "INT",
            "STRING",
            "VARCHAR(3)",
            "DOUBLE",
            "BOOLEAN",
            "DECIMAL(5, 2)",
            "BIGINT",
            "TIMESTAMP(3)"
        ]
    );
    assert_eq!(r.rows.len(), 3);
    for (i, row) in r.rows.iter().enumerate() {
        assert_eq!(row[0], Value::Int(i as i64 + 1));
        let is_hex = |v: &Value, len: usize| matches!(v, Value::Text(s) if s.len() == len && s.chars().all(|c| c.is_ascii_hexdigit()));
        assert!(is_hex(&row[1], 5), "{row:?}");
        assert!(is_hex(&row[2], 3), "{row:?}");
        assert!(
            matches!(row[3], Value::Float(d) if (1.0..=2.0).contains(&d)),
            "{row:?}"
        );
        assert!(matches!(row[4], Value::Bool(_)), "{row:?}");
        assert!(
            matches!(&row[5], Value::Decimal(d) if d.split('.').nth(1).map(str::len) == Some(2)),
            "{row:?}"
        );
        assert!(
            matches!(row[6], Value::Int(n) if (5..=7).contains(&n)),
            "{row:?}"
        );
        assert!(
            matches!(&row[7], Value::Text(t) if t.len() == "2024-01-01 00:00:00.000".len()),
            "{row:?}"
        );
    }
    // A sequence ends the source early, as in Flink.
    l.done(
        "CREATE TABLE g3 (id INT) WITH ('connector' = 'datagen', 'number-of-rows' = '10', \
         'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '4')",
    );
    assert_eq!(l.ok("SELECT * FROM g3").rows.len(), 4);

    let sink = l.err("INSERT INTO g VALUES (1, 'a', 'b', 1.0, TRUE, 1.5, 5, NULL)");
    assert_eq!(
        sink.message,
        "Connector 'datagen' can only be used as a source. It cannot be used as a sink \
         (default_catalog.default_database.g is a datagen table; write to a table of another connector)"
    );

    // Without 'number-of-rows' the source is endless (in Flink too, sequence or not).
    l.done(
        "CREATE TABLE endless (id INT) WITH ('connector' = 'datagen', \
         'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '4')",
    );
    assert_eq!(
        l.err("SELECT count(*) FROM endless").message,
        "Querying an unbounded table 'default_catalog.default_database.endless' in batch mode \
         is not allowed: the local engine runs bounded queries only; give the datagen table a \
         'number-of-rows'"
    );
    assert_eq!(l.ok("DESCRIBE endless").rows.len(), 1);

    for (sql, message) in [
        (
            "CREATE TABLE bad (id INT) WITH ('connector' = 'datagen', 'number-of-rows' = '1', \
             'fields.id.kind' = 'sequence', 'fields.id.start' = '1')",
            "Could not find required property 'fields.id.end' for sequence generator",
        ),
        (
            "CREATE TABLE bad (id INT) WITH ('connector' = 'datagen', 'number-of-rows' = '2', \
             'fields.nosuch.kind' = 'random')",
            "Unsupported options found for 'datagen': fields.nosuch.kind; it takes \
             'number-of-rows' and fields.<column>.{kind|min|max|max-past|length|start|end|null-rate|var-len}",
        ),
        (
            "CREATE TABLE bad (id INT) WITH ('connector' = 'datagen', 'number-of-rows' = '2', \
             'fields.id.min' = 'x')",
            "Could not parse value 'x' for key 'fields.id.min' of the datagen table",
        ),
    ] {
        assert_eq!(l.err(sql).message, message, "{sql}");
    }
    let bad = l.err("SELECT * FROM bad").message;
    assert!(
        bad.contains("bad") && (bad.contains("not found") || bad.contains("no such table")),
        "a refused datagen table is not created: {bad}"
    );
}

#[test]
fn a_version_1_state_file_keeps_its_tables() {
    let dir = tempfile::tempdir().unwrap();
    {
        // What flinksh wrote before catalogs: SQLite-named tables with type affinity,
        // the Flink type hex-encoded after the affinity keyword.
        let db = rusqlite::Connection::open(dir.path().join("flinksh.db")).unwrap();
        let decl = |affinity: &str, ty: &str| {
            let hex: String = ty.bytes().map(|b| format!("{b:02X}")).collect();
            format!("{affinity} F{hex}")
        };
        db.execute_batch(&format!(
            "CREATE TABLE flinksh_connections (environment TEXT NOT NULL, name TEXT NOT NULL,
               connection_type TEXT NOT NULL, endpoint TEXT NOT NULL, secrets TEXT NOT NULL,
               comment TEXT, uid TEXT NOT NULL, created_at TEXT NOT NULL,
               updated_at TEXT NOT NULL, PRIMARY KEY (environment, name)) WITHOUT ROWID;
             CREATE TABLE flinksh_tables (name TEXT NOT NULL PRIMARY KEY COLLATE NOCASE,
               comment TEXT, options TEXT NOT NULL DEFAULT '[]',
               partitioned_by TEXT NOT NULL DEFAULT '[]', primary_key TEXT NOT NULL DEFAULT '[]',
               watermark_column TEXT, watermark_expr TEXT);
             CREATE TABLE flinksh_columns (table_name TEXT NOT NULL COLLATE NOCASE,
               position INTEGER NOT NULL, name TEXT NOT NULL, flink_type TEXT NOT NULL,
               nullable INTEGER NOT NULL, comment TEXT, PRIMARY KEY (table_name, position));
             CREATE TABLE orders (\"id\" {} NOT NULL, \"amount\" {});
             INSERT INTO orders VALUES (1, 9.5), (2, NULL);
             INSERT INTO flinksh_tables (name, comment, options, primary_key)
               VALUES ('orders', 'kept', '[[\"connector\",\"kafka\"]]', '[\"id\"]');
             INSERT INTO flinksh_columns VALUES ('orders', 0, 'id', 'BIGINT', 0, 'the id'),
               ('orders', 1, 'amount', 'DECIMAL(10, 2)', 1, NULL);
             CREATE VIEW big AS SELECT id FROM orders WHERE amount > 5;
             PRAGMA user_version = 1;",
            decl("INTEGER", "BIGINT"),
            decl("NUMERIC", "DECIMAL(10, 2)")
        ))
        .unwrap();
    }
    let mut l = Local::open(dir.path());
    let r = l.ok("SELECT * FROM orders ORDER BY id");
    assert_eq!(r.types()[1], "DECIMAL(10, 2)");
    let described: Vec<(Value, Value)> = l
        .ok("DESCRIBE orders")
        .rows
        .iter()
        .map(|r| (r[1].clone(), r[2].clone()))
        .collect();
    assert_eq!(
        described,
        vec![
            (text("BIGINT"), Value::Bool(false)),
            (text("DECIMAL(10, 2)"), Value::Bool(true))
        ]
    );
    assert_eq!(
        r.rows,
        vec![
            vec![Value::Int(1), Value::Decimal("9.50".into())],
            vec![Value::Int(2), Value::Null]
        ]
    );
    let show = l.ok("SHOW CREATE TABLE orders");
    assert_eq!(
        show.rows,
        vec![vec![text(
            "CREATE TABLE `default_catalog`.`default_database`.`orders` (\n  \
             `id` BIGINT NOT NULL COMMENT 'the id',\n  `amount` DECIMAL(10, 2),\n  \
             CONSTRAINT `PK_id` PRIMARY KEY (`id`) NOT ENFORCED\n)\nCOMMENT 'kept'\n\
             WITH (\n  'connector' = 'kafka'\n)\n"
        )]]
    );
    assert_eq!(l.ok("SELECT * FROM big").rows, vec![vec![Value::Int(1)]]);
    assert_eq!(l.ok("SHOW VIEWS").rows, vec![vec![text("big")]]);
    // New rows go into the migrated table.
    l.done("INSERT INTO orders VALUES (3, 7.25)");
    assert_eq!(
        l.ok("SELECT amount FROM orders WHERE id = 3").rows,
        vec![vec![Value::Decimal("7.25".into())]]
    );
    let db = rusqlite::Connection::open(dir.path().join("flinksh.db")).unwrap();
    let old: i64 = db
        .query_row(
            "SELECT count(*) FROM sqlite_schema WHERE name IN ('orders', 'big', 'flinksh_tables')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(old, 0);
}

#[test]
fn temporary_tables_shadow_persistent_ones_for_the_session() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut l = Local::open(dir.path());
        assert_eq!(
            l.done(
                "CREATE TEMPORARY TABLE tt (a INT) WITH ('connector' = 'datagen', \
                 'number-of-rows' = '2', 'fields.a.kind' = 'sequence', \
                 'fields.a.start' = '1', 'fields.a.end' = '9')"
            ),
            "Table 'tt' created; 2 rows inserted."
        );
        l.done("CREATE TABLE tt (b STRING) WITH ('connector' = 'blackhole')");
        // As the real gateway answers: the temporary table is the one seen, its options
        // sorted by key.
        assert_eq!(
            l.ok("SHOW CREATE TABLE tt").rows,
            vec![vec![text(
                "CREATE TEMPORARY TABLE `default_catalog`.`default_database`.`tt` (\n  `a` INT\n)\n\
                 WITH (\n  'connector' = 'datagen',\n  'fields.a.end' = '9',\n  \
                 'fields.a.kind' = 'sequence',\n  'fields.a.start' = '1',\n  'number-of-rows' = '2'\n)\n"
            )]]
        );
        assert_eq!(
            l.ok("SELECT a FROM tt ORDER BY a").rows,
            vec![vec![Value::Int(1)], vec![Value::Int(2)]]
        );
        assert_eq!(l.ok("SHOW TABLES").rows, vec![vec![text("tt")]]);
        assert!(l.ok("SHOW VIEWS").rows.is_empty());
        assert_eq!(
            l.err("DROP TABLE tt").message,
            "Temporary table with identifier '`default_catalog`.`default_database`.`tt`' exists. \
             Drop it first before removing the permanent table (DROP TEMPORARY TABLE tt)"
        );
        assert_eq!(l.err("DROP TEMPORARY VIEW tt").kind, ErrorKind::NotFound);
        assert_eq!(l.done("DROP TEMPORARY TABLE tt"), "Table 'tt' dropped.");
        assert_eq!(
            l.err("DROP TEMPORARY TABLE tt").message,
            "Temporary table or view with identifier 'default_catalog.default_database.tt' \
             does not exist. SHOW TABLES lists them."
        );
        assert_eq!(l.ok("DESCRIBE tt").rows[0][1], text("STRING"));
        l.done("CREATE TEMPORARY TABLE scratch (x INT)");
        l.done("INSERT INTO scratch VALUES (5)");
        assert_eq!(
            l.ok("SELECT * FROM scratch").rows,
            vec![vec![Value::Int(5)]]
        );
    }
    // Gone with the session; the persistent table stays.
    let mut l = Local::open(dir.path());
    assert_eq!(l.ok("SHOW TABLES").rows, vec![vec![text("tt")]]);
    let gone = l.err("SELECT * FROM scratch").message;
    assert!(
        gone.contains("scratch") && (gone.contains("not found") || gone.contains("no such table")),
        "{gone}"
    );
}

/// The catalog statements of `tests/data/catalog/ddl_vs_flink.sql` print the same bytes
/// (`-o csv`) through the binary on the local backend and on the REAL Flink SQL Gateway
/// at `$FLINK_GATEWAY_URL` (skipped when it is unset).
#[test]
fn catalog_statements_print_what_the_real_gateway_prints() {
    let Some(url) = std::env::var("FLINK_GATEWAY_URL")
        .ok()
        .filter(|u| !u.is_empty())
    else {
        eprintln!("skipped: FLINK_GATEWAY_URL is not set (see ../shared/flink-gateway/README.md)");
        return;
    };
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/catalog/ddl_vs_flink.sql");
    let script = script.to_str().unwrap();
    let run = |extra: &[&str]| {
        let shell = util::Shell::new();
        let out = shell
            .cmd()
            .args(extra)
            .args(["-q", "-o", "csv", "-f", script])
            .timeout(std::time::Duration::from_secs(120))
            .output()
            .unwrap();
        assert_eq!(util::code(&out), 0, "{extra:?}: {}", util::stderr(&out));
        util::stdout(&out)
    };
    let flink = run(&["--gateway", &url]);
    let local = run(&[]);
    assert!(flink.contains("CREATE TABLE"), "{flink}");
    assert_eq!(local, flink);
}

#[test]
fn create_table_like_merges_as_flink_does() {
    let dir = tempfile::tempdir().unwrap();
    let mut l = Local::open(dir.path());
    l.done(
        "CREATE TABLE base (a INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts, \
         PRIMARY KEY (a) NOT ENFORCED) WITH ('connector' = 'blackhole', 'x' = '1')",
    );
    l.done("CREATE TABLE copy (b STRING) LIKE base");
    assert_eq!(
        l.ok("SELECT * FROM copy").names(),
        vec!["a", "ts", "b"],
        "the base's columns first"
    );
    for (sql, message) in [
        (
            "CREATE TABLE c2 (a INT) LIKE base",
            "A column named 'a' already exists in the base table default_catalog.default_database.base",
        ),
        (
            "CREATE TABLE c2 (b INT) WITH ('x' = '2') LIKE base (INCLUDING OPTIONS)",
            "There already exists an option ['x' -> '1'] in the base table. You might want to \
             specify EXCLUDING OPTIONS or OVERWRITING OPTIONS.",
        ),
        (
            "CREATE TABLE c2 (b INT, PRIMARY KEY (b) NOT ENFORCED) LIKE base",
            "The base table already has a primary key. You might want to specify EXCLUDING \
             CONSTRAINTS.",
        ),
        (
            "CREATE TABLE c2 (b INT) LIKE nowhere",
            "table 'nowhere' does not exist in default_catalog.default_database; SHOW TABLES lists them",
        ),
        (
            "CREATE TABLE c2 (b INT) LIKE base (INCLUDING NOTHING)",
            "unexpected 'NOTHING' in the LIKE options; expected INCLUDING, EXCLUDING or \
             OVERWRITING and ALL, CONSTRAINTS, GENERATED, METADATA, OPTIONS, PARTITIONS or \
             WATERMARKS",
        ),
    ] {
        assert_eq!(l.err(sql).message, message, "{sql}");
    }
    l.done("CREATE VIEW v AS SELECT a FROM base");
    assert_eq!(
        l.err("CREATE TABLE c2 (b INT) LIKE v").message,
        "Source table 'default_catalog.default_database.v' of the LIKE clause can not be a VIEW"
    );
}

#[test]
fn alter_table_keeps_the_rows_it_reorders() {
    let dir = tempfile::tempdir().unwrap();
    let mut l = Local::open(dir.path());
    l.done("CREATE TABLE t (a INT, b STRING)");
    l.done("INSERT INTO t VALUES (1, 'x'), (NULL, 'y')");
    assert_eq!(
        l.done("ALTER TABLE t ADD c DOUBLE FIRST"),
        "Table 't' altered."
    );
    l.done("ALTER TABLE t MODIFY b STRING NOT NULL AFTER c");
    let r = l.ok("SELECT * FROM t ORDER BY b");
    assert_eq!(r.names(), vec!["c", "b", "a"]);
    let described: Vec<(Value, Value)> = l
        .ok("DESCRIBE t")
        .rows
        .iter()
        .map(|r| (r[1].clone(), r[2].clone()))
        .collect();
    assert_eq!(
        described,
        vec![
            (text("DOUBLE"), Value::Bool(true)),
            (text("STRING"), Value::Bool(false)),
            (text("INT"), Value::Bool(true))
        ]
    );
    assert_eq!(
        r.rows,
        vec![
            vec![Value::Null, text("x"), Value::Int(1)],
            vec![Value::Null, text("y"), Value::Null]
        ]
    );
    // A key's column becomes NOT NULL, which a NULL in it refuses; nothing changes.
    assert_eq!(
        l.err("ALTER TABLE t ADD PRIMARY KEY (a) NOT ENFORCED")
            .message,
        "cannot change default_catalog.default_database.t: \
         NOT NULL constraint failed: default_catalog.default_database.t.a"
    );
    assert_eq!(l.ok("SHOW CREATE TABLE t").rows.len(), 1);
    assert!(
        !matches!(&l.ok("SHOW CREATE TABLE t").rows[0][0], Value::Text(s) if s.contains("PRIMARY"))
    );
    for (sql, message) in [
        (
            "ALTER TABLE t ADD a INT",
            "Try to add a column `a` which already exists in the table t; use ALTER TABLE t MODIFY",
        ),
        (
            "ALTER TABLE t MODIFY z INT",
            "column z does not exist in table t; DESCRIBE t lists them",
        ),
        (
            "ALTER TABLE t DROP WATERMARK",
            "The base table does not define any watermark strategy; nothing to drop from t",
        ),
        (
            "ALTER TABLE t MODIFY WATERMARK FOR c AS c",
            "The base table does not define any watermark strategy; use ALTER TABLE t ADD WATERMARK",
        ),
    ] {
        assert_eq!(l.err(sql).message, message, "{sql}");
    }
}

#[test]
fn datagen_makes_at_most_a_million_rows() {
    let dir = tempfile::tempdir().unwrap();
    let mut l = Local::open(dir.path());
    assert_eq!(
        l.err(
            "CREATE TABLE huge (id INT) WITH ('connector' = 'datagen', \
             'number-of-rows' = '1000000000')"
        )
        .message,
        "'number-of-rows' = '1000000000' is more than the local engine makes (1000000, \
         written when the table is created); ask for fewer"
    );
}
