//! The session's dispatch rules, in-process, with fake backends that record every call:
//! the shell's own statements go to the connections API and nowhere else, every other
//! statement reaches the statement backend as typed with the session's properties and
//! catalog, and a failed statement stops a script only when told to.

use std::collections::BTreeMap;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};

use flinksh::ErrorKind;
use flinksh::backend::{ConnectionsApi, Outcome, StatementBackend, StatementContext};
use flinksh::cli::{OnError, OutputFormat};
use flinksh::connections::spec::{NewConnection, Secrets};
use flinksh::connections::{Connection, Placement};
use flinksh::error::{Error, Result};
use flinksh::result::{Boundedness, ChangeKind, Column, RowSink, Value};
use flinksh::session::{Flow, Session, SessionOptions};

/// What the fakes were asked, in order.
type Calls = Arc<Mutex<Vec<String>>>;

fn log(calls: &Calls, call: String) {
    calls.lock().expect("calls").push(call);
}

struct FakeConnections {
    calls: Calls,
    names: Vec<String>,
}

fn connection(name: &str) -> Connection {
    serde_json::from_value(serde_json::json!({
        "name": name,
        "spec": {"connection_type": "OPENAI", "endpoint": "https://api.openai.com/v1"},
        "status": {"phase": "READY"}
    }))
    .expect("a connection")
}

impl ConnectionsApi for FakeConnections {
    fn list(&mut self) -> Result<Vec<Connection>> {
        log(&self.calls, "list".into());
        Ok(self.names.iter().map(|n| connection(n)).collect())
    }
    fn create(&mut self, new: &NewConnection) -> Result<Connection> {
        log(&self.calls, format!("create {}", new.name));
        Ok(connection(&new.name))
    }
    fn get(&mut self, name: &str) -> Result<Connection> {
        log(&self.calls, format!("get {name}"));
        if self.names.iter().any(|n| n == name) {
            Ok(connection(name))
        } else {
            Err(Error::not_found(format!("connection '{name}' not found")))
        }
    }
    fn update_secrets(&mut self, name: &str, _secrets: &Secrets) -> Result<Connection> {
        log(&self.calls, format!("update {name}"));
        Ok(connection(name))
    }
    fn delete(&mut self, name: &str) -> Result<()> {
        log(&self.calls, format!("delete {name}"));
        if self.names.iter().any(|n| n == name) {
            Ok(())
        } else {
            Err(Error::not_found(format!("connection '{name}' not found")))
        }
    }
}

struct FakeStatements {
    calls: Calls,
}

impl StatementBackend for FakeStatements {
    fn name(&self) -> &str {
        "fake"
    }

    fn execute(
        &mut self,
        sql: &str,
        ctx: &StatementContext,
        sink: &mut dyn RowSink,
    ) -> Result<Outcome> {
        log(
            &self.calls,
            format!(
                "execute {sql:?} properties={:?} catalog={:?} database={:?}",
                ctx.properties, ctx.catalog, ctx.database
            ),
        );
        if sql.contains("fail") {
            return Err(Error::statement("the fake refuses this"));
        }
        if sql.starts_with("SELECT") {
            sink.begin(&[Column::new("n", "INT")], Boundedness::Bounded)
                .map_err(|e| Error::statement(e.to_string()))?;
            sink.row(ChangeKind::Insert, vec![Value::Int(7)])
                .map_err(|e| Error::statement(e.to_string()))?;
            let rows = sink.end().map_err(|e| Error::statement(e.to_string()))?;
            return Ok(Outcome::Rows(rows));
        }
        Ok(Outcome::Done(Some("Done.".into())))
    }

    fn check_use(&mut self, catalog: Option<&str>, database: Option<&str>) -> Result<()> {
        log(&self.calls, format!("check_use {catalog:?} {database:?}"));
        Ok(())
    }
}

/// A session over the fakes (one connection, `my-conn`), printing CSV into `out`.
fn session<'o>(calls: &Calls, out: &'o mut Vec<u8>) -> Session<'o> {
    Session::new(
        Box::new(FakeConnections {
            calls: Arc::clone(calls),
            names: vec!["my-conn".into()],
        }),
        Box::new(FakeStatements {
            calls: Arc::clone(calls),
        }),
        SessionOptions {
            placement: Placement {
                environment: "env-1".into(),
                cloud: "AWS".into(),
                region: "us-east-1".into(),
            },
            output: OutputFormat::Csv,
            quiet: true,
            show_summary: false,
            stdout_is_terminal: false,
        },
        Box::new(out),
        Arc::new(AtomicBool::new(false)),
    )
}

/// Runs `text` as a script in a session over the fakes; returns the calls, what the
/// session printed, and how the run ended.
fn run(text: &str, on_error: OnError) -> (Vec<String>, String, Result<Flow>) {
    let calls = Calls::default();
    let mut out = Vec::new();
    let result = session(&calls, &mut out).run_text(text, "test", on_error);
    let calls = calls.lock().expect("calls").clone();
    (calls, String::from_utf8_lossy(&out).into_owned(), result)
}

#[test]
fn the_shells_statements_reach_only_the_connections_api() {
    let (calls, out, result) = run(
        "SHOW CONNECTIONS;\nDESCRIBE CONNECTION `my-conn`;\nDROP CONNECTION my-conn;",
        OnError::Stop,
    );
    assert_eq!(result.ok(), Some(Flow::Continue));
    assert_eq!(calls, ["list", "get my-conn", "delete my-conn"]);
    assert!(out.contains("my-conn"), "{out}");
}

#[test]
fn other_statements_reach_the_backend_as_typed_with_properties_and_catalog() {
    let (calls, out, result) = run(
        "SET 'table.local-time-zone' = 'UTC';\nSET 'client.output-format' = 'csv';\n\
         USE CATALOG c1;\nUSE db1;\n-- a comment\nSELECT  1 /* kept */ ;",
        OnError::Stop,
    );
    assert_eq!(result.ok(), Some(Flow::Continue));
    let props: BTreeMap<String, String> =
        [("table.local-time-zone".to_string(), "UTC".to_string())].into();
    assert_eq!(
        calls,
        [
            "check_use Some(\"c1\") None".to_string(),
            "check_use Some(\"c1\") Some(\"db1\")".to_string(),
            format!(
                "execute \"SELECT  1 /* kept */ ;\" properties={props:?} catalog=Some(\"c1\") database=Some(\"db1\")"
            ),
        ]
    );
    assert_eq!(out, "n\n7\n");
}

#[test]
fn a_failed_statement_stops_a_script_only_when_told_to() {
    let script = "INSERT INTO fail VALUES (1);\nSELECT 1;";
    let (calls, _, result) = run(script, OnError::Stop);
    assert_eq!(calls.len(), 1, "{calls:?}");
    assert_eq!(result.err().map(|e| e.kind), Some(ErrorKind::Statement));

    let (calls, out, result) = run(script, OnError::Continue);
    assert_eq!(calls.len(), 2, "{calls:?}");
    assert_eq!(out, "n\n7\n");
    assert_eq!(result.err().map(|e| e.kind), Some(ErrorKind::Statement));
}

#[test]
fn a_missing_connection_is_not_found_unless_if_exists() {
    let (calls, _, result) = run("DROP CONNECTION nope;", OnError::Stop);
    assert_eq!(calls, ["delete nope"]);
    assert_eq!(result.err().map(|e| e.kind), Some(ErrorKind::NotFound));

    let (_, _, result) = run("DROP CONNECTION IF EXISTS nope;", OnError::Stop);
    assert_eq!(result.ok(), Some(Flow::Continue));
}

#[test]
fn quit_ends_the_script_before_the_next_statement() {
    let (calls, _, result) = run("QUIT;\nSELECT 1;", OnError::Stop);
    assert_eq!(result.ok(), Some(Flow::Quit));
    assert!(calls.is_empty(), "{calls:?}");
}

#[test]
fn completion_names_come_from_what_the_session_last_listed() {
    let calls = Calls::default();
    let mut out = Vec::new();
    let mut s = session(&calls, &mut out);
    assert_eq!(s.known_connection_names(), None);
    let create = "CREATE CONNECTION c2 WITH ('type' = 'openai', \
                  'endpoint' = 'https://api.openai.com/v1/chat/completions', 'api-key' = 'k');";
    for text in [
        "SHOW CONNECTIONS LIKE 'x%';",
        create,
        "DROP CONNECTION my-conn;",
    ] {
        assert!(s.run_text(text, "test", OnError::Stop).is_ok(), "{text}");
    }
    assert_eq!(s.known_connection_names(), Some(&["c2".to_string()][..]));
    drop(s);
    let calls = calls.lock().expect("calls").clone();
    assert_eq!(
        calls,
        ["list", "create c2", "delete my-conn"],
        "listed once"
    );
}
