//! The cloud statement backend against the fake sql/v1 server: phases, results,
//! failures, idempotent creation, Ctrl-C, and the statement body.

use crate::support;

use std::sync::Arc;
use std::time::Duration;

use flinksh::ErrorKind;
use flinksh::backend::{Outcome, StatementContext};
use flinksh::result::{Boundedness, ChangeKind, Column, Value};
use serde_json::{Value as J, json};
use support::client::{Collect, Open};
use support::{FakeConfig, Fault, StatementScript, start};

fn select_script() -> StatementScript {
    StatementScript {
        phases: vec!["PENDING".into(), "RUNNING".into(), "COMPLETED".into()],
        detail: String::new(),
        columns: vec![
            json!({"name": "id", "type": {"type": "INTEGER", "nullable": false}}),
            json!({"name": "name", "type": {"type": "VARCHAR", "nullable": true, "length": 2147483647}}),
            json!({"name": "tags", "type": {"type": "ARRAY", "nullable": true,
                "element_type": {"type": "VARCHAR", "nullable": true, "length": 2147483647}}}),
            json!({"name": "price", "type": {"type": "DECIMAL", "nullable": true, "precision": 10, "scale": 2}}),
        ],
        is_bounded: true,
        rows: vec![
            json!({"op": 0, "row": ["1", "Alice", ["a", null], "1.50"]}),
            json!({"op": 0, "row": ["2", null, [], "2.00"]}),
            json!({"op": 0, "row": ["3", "Carol", null, null]}),
        ],
        page_size: 2,
    }
}

#[test]
fn a_select_goes_pending_running_completed_and_its_rows_reach_the_sink() {
    let (_, fake) = start(FakeConfig::default());
    fake.script("FROM people", select_script());
    let mut opened = Open::new(&fake.url()).open().unwrap();
    let mut sink = Collect::default();
    let sql = "SELECT id, name, tags, price\nFROM people;  -- as typed";
    let outcome = opened.run(sql, &mut sink).unwrap();
    assert_eq!(outcome, Outcome::Rows(3));
    assert_eq!(
        sink.columns,
        vec![
            Column::new("id", "INT NOT NULL"),
            Column::new("name", "STRING"),
            Column::new("tags", "ARRAY<STRING>"),
            Column::new("price", "DECIMAL(10, 2)"),
        ]
    );
    assert_eq!(sink.bounded, Some(Boundedness::Bounded));
    assert!(sink.ended);
    assert_eq!(
        sink.rows,
        vec![
            (
                ChangeKind::Insert,
                vec![
                    Value::Int(1),
                    Value::Text("Alice".into()),
                    Value::Array(vec![Value::Text("a".into()), Value::Null]),
                    Value::Decimal("1.50".into())
                ]
            ),
            (
                ChangeKind::Insert,
                vec![
                    Value::Int(2),
                    Value::Null,
                    Value::Array(vec![]),
                    Value::Decimal("2.00".into())
                ]
            ),
            (
                ChangeKind::Insert,
                vec![
                    Value::Int(3),
                    Value::Text("Carol".into()),
                    Value::Null,
                    Value::Null
                ]
            ),
        ]
    );
    let stmts = fake.statements();
    assert_eq!(stmts.len(), 1);
    // The text travels exactly as typed.
    assert_eq!(stmts[0].body["spec"]["statement"], sql);
    assert_eq!(stmts[0].body["spec"]["compute_pool_id"], "lfcp-123");
    // It polled past PENDING, and fetched the result pages by token.
    let reqs = fake.requests();
    assert!(
        reqs.iter()
            .any(|r| r.method == "GET" && r.path.ends_with(&stmts[0].name))
    );
    let result_queries: Vec<String> = reqs
        .iter()
        .filter(|r| r.path.ends_with("/results"))
        .map(|r| r.query.clone())
        .collect();
    assert_eq!(result_queries, vec!["", "page_token=2"]);
    // Statements use the Flink pair.
    assert!(
        reqs.iter()
            .all(|r| r.authorization == support::basic("FLINKKEY", "flink-secret-123"))
    );
}

#[test]
fn the_statement_carries_properties_catalog_database_and_time_zone() {
    let (_, fake) = start(FakeConfig::default());
    let mut opened = Open::new(&fake.url()).open().unwrap();
    let mut ctx = StatementContext::default();
    ctx.properties.insert("sql.state-ttl".into(), "1 h".into());
    ctx.properties.insert("client.output".into(), "csv".into());
    ctx.catalog = Some("my-env".into());
    ctx.database = Some("my-cluster".into());
    let outcome = opened
        .stmts
        .execute("CREATE TABLE t (a INT)", &ctx, &mut Collect::default())
        .unwrap();
    assert_eq!(outcome, Outcome::Done(None));
    let body = &fake.statements()[0].body;
    let props = &body["spec"]["properties"];
    assert_eq!(props["sql.state-ttl"], "1 h");
    assert_eq!(props["sql.current-catalog"], "my-env");
    assert_eq!(props["sql.current-database"], "my-cluster");
    assert!(
        props["sql.local-time-zone"]
            .as_str()
            .unwrap()
            .starts_with("GMT")
    );
    assert!(props.get("client.output").is_none());
    assert_eq!(
        body["organization_id"],
        "11111111-2222-3333-4444-555555555555"
    );
    assert_eq!(body["environment_id"], "env-x7k2p1");
    let name = body["name"].as_str().unwrap();
    assert!(name.len() <= 100);
    assert!(
        name.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    );
}

#[test]
fn a_failed_statement_returns_its_detail() {
    let (_, fake) = start(FakeConfig::default());
    let mut script = StatementScript::phases(&["PENDING", "PENDING", "FAILED"]);
    script.detail = "Object 'nope' not found".into();
    fake.script("nope", script);
    let mut opened = Open::new(&fake.url()).open().unwrap();
    let err = opened
        .run("SELECT * FROM nope", &mut Collect::default())
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Statement);
    assert_eq!(err.to_string(), "Object 'nope' not found");
}

#[test]
fn a_failed_statements_detail_cannot_reach_the_terminal_raw() {
    let (_, fake) = start(FakeConfig::default());
    let mut script = StatementScript::phases(&["PENDING", "FAILED"]);
    script.detail = "Object \x1b[31m'nope'\x1b[0m not found\nat line 1".into();
    fake.script("nope", script);
    let mut opened = Open::new(&fake.url()).open().unwrap();
    let err = opened
        .run("SELECT * FROM nope", &mut Collect::default())
        .unwrap_err();
    let message = err.to_string();
    assert!(!message.chars().any(char::is_control), "{message:?}");
    assert_eq!(
        message,
        "Object \u{fffd}[31m'nope'\u{fffd}[0m not found at line 1"
    );
}

#[test]
fn a_creation_cut_off_after_the_server_created_it_is_not_duplicated() {
    let (_, fake) = start(FakeConfig::default());
    fake.script("FROM people", select_script());
    fake.inject("POST", "/statements", Fault::ResetAfterHandling);
    let mut opened = Open::new(&fake.url()).open().unwrap();
    let mut sink = Collect::default();
    let outcome = opened.run("SELECT * FROM people", &mut sink).unwrap();
    assert_eq!(outcome, Outcome::Rows(3));
    let posts: Vec<J> = fake
        .requests()
        .iter()
        .filter(|r| r.method == "POST")
        .map(|r| serde_json::from_str(&r.body).unwrap())
        .collect();
    assert_eq!(posts.len(), 2, "the creation was retried");
    assert_eq!(posts[0]["name"], posts[1]["name"], "under the same name");
    assert_eq!(fake.statement_creations(), 1);
    assert_eq!(fake.statements().len(), 1);
}

#[test]
fn creation_is_retried_after_503_and_429() {
    let (_, fake) = start(FakeConfig::default());
    fake.inject("POST", "/statements", Fault::Status(503));
    fake.inject(
        "POST",
        "/statements",
        Fault::TooManyRequests {
            retry_after_secs: 0,
        },
    );
    let mut opened = Open::new(&fake.url()).open().unwrap();
    opened
        .stmts
        .execute(
            "CREATE TABLE t (a INT)",
            &StatementContext::default(),
            &mut Collect::default(),
        )
        .unwrap();
    assert_eq!(fake.statement_creations(), 1);
}

#[test]
fn an_unbounded_query_streams_until_interrupted_then_is_stopped() {
    let (_, fake) = start(FakeConfig::default());
    let mut script = select_script();
    script.phases = vec!["PENDING".into(), "RUNNING".into()];
    script.is_bounded = false;
    script
        .rows
        .push(json!({"op": 1, "row": ["1", "Alice", null, "1.50"]}));
    script
        .rows
        .push(json!({"op": 2, "row": ["1", "Alicia", null, "1.50"]}));
    script
        .rows
        .push(json!({"op": 3, "row": ["2", null, null, null]}));
    fake.script("stream", script);
    let mut opened = Open::new(&fake.url()).open().unwrap();
    let mut sink = Collect {
        interrupt_after: Some((6, Arc::clone(&opened.interrupt))),
        ..Collect::default()
    };
    let err = opened.run("SELECT * FROM stream", &mut sink).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Interrupted);
    assert_eq!(sink.bounded, Some(Boundedness::Unbounded));
    let kinds: Vec<&str> = sink.rows.iter().map(|(k, _)| k.short()).collect();
    assert_eq!(kinds, ["+I", "+I", "+I", "-U", "+U", "-D"]);
    assert!(sink.ended);
    let stmts = fake.statements();
    assert!(stmts[0].deleted, "the statement was stopped on the server");
    assert!(
        !opened.interrupt.load(std::sync::atomic::Ordering::SeqCst),
        "the interrupt was consumed"
    );
}

#[test]
fn an_unbounded_query_waits_for_rows_without_busy_polling() {
    let (_, fake) = start(FakeConfig::default());
    let mut script = select_script();
    script.phases = vec!["RUNNING".into()];
    script.is_bounded = false;
    fake.script("idle", script);
    let mut opened = Open::new(&fake.url()).open().unwrap();
    let flag = Arc::clone(&opened.interrupt);
    let fake = &fake;
    let (err, sink, idle_polls) = std::thread::scope(|scope| {
        let stopper = scope.spawn(move || {
            // The client asks for the page after the third row only once it has
            // handed the first two pages' rows to the sink.
            let deadline = std::time::Instant::now() + Duration::from_secs(20);
            while !fake
                .requests()
                .iter()
                .any(|r| r.query.contains("page_token=3"))
                && std::time::Instant::now() < deadline
            {
                std::thread::sleep(Duration::from_millis(5));
            }
            let served = fake.requests().len();
            std::thread::sleep(Duration::from_millis(500));
            let idle_polls = fake.requests().len() - served;
            flag.store(true, std::sync::atomic::Ordering::SeqCst);
            idle_polls
        });
        let mut sink = Collect::default();
        let err = opened.run("SELECT * FROM idle", &mut sink).unwrap_err();
        (err, sink, stopper.join().unwrap())
    });
    assert_eq!(err.kind, ErrorKind::Interrupted);
    assert_eq!(sink.rows.len(), 3);
    // Backoff up to 40 ms in the test policy: far fewer than one request per ms.
    assert!(
        idle_polls < 40,
        "{idle_polls} requests in 500 ms without new rows"
    );
}

#[test]
fn the_results_timeout_bounds_the_wait_for_a_pending_statement() {
    let (_, fake) = start(FakeConfig::default());
    fake.script("slow", StatementScript::phases(&["PENDING"]));
    let mut open = Open::new(&fake.url());
    open.results_timeout = Some(Duration::from_millis(200));
    let mut opened = open.open().unwrap();
    let err = opened
        .run("SELECT * FROM slow", &mut Collect::default())
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Statement);
    assert!(err.message.contains("client.results-timeout"), "{err}");
    assert!(fake.statements()[0].deleted);
}

#[test]
fn without_a_compute_pool_the_statement_uses_the_default_pool() {
    let (_, fake) = start(FakeConfig::default());
    let mut open = Open::new(&fake.url());
    open.settings.compute_pool = None;
    let mut opened = open.open().unwrap();
    opened.run("SELECT 1", &mut Collect::default()).unwrap();
    let spec = &fake.statements()[0].body["spec"];
    assert!(spec.get("compute_pool_id").is_none(), "{spec}");
}

#[test]
fn a_rejected_statement_reports_the_api_error_in_one_line() {
    let (_, fake) = start(FakeConfig::default());
    fake.inject("POST", "/statements", Fault::Status(400));
    let mut opened = Open::new(&fake.url()).open().unwrap();
    let err = opened.run("SELECT 1", &mut Collect::default()).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Statement);
    let line = err.to_string();
    assert!(
        line.contains("Injected Failure: the fake was told to fail"),
        "{line}"
    );
    assert!(line.contains("HTTP 400, request id req-1"), "{line}");
}

#[test]
fn unauthorized_statements_name_the_flink_pair() {
    let (_, fake) = start(FakeConfig {
        accept: vec![("CLOUDKEY".into(), "cloud-secret-456".into())],
        ..FakeConfig::default()
    });
    let mut opened = Open::new(&fake.url()).verbose().open().unwrap();
    let err = opened.run("SELECT 1", &mut Collect::default()).unwrap_err();
    let line = err.to_string();
    assert!(line.contains("Flink API key FLINKKEY"), "{line}");
    assert!(
        line.contains("FLINK_API_KEY and FLINK_API_SECRET"),
        "{line}"
    );
    let log = opened.stderr.text();
    assert!(
        !log.contains("flink-secret-123") && !log.contains("Basic "),
        "{log}"
    );
}

#[test]
fn result_pages_survive_a_reset_and_malformed_pages_fail_in_one_line() {
    let (_, fake) = start(FakeConfig::default());
    fake.script("FROM people", select_script());
    fake.inject("GET", "/results", Fault::Reset);
    let mut opened = Open::new(&fake.url()).open().unwrap();
    let mut sink = Collect::default();
    let outcome = opened.run("SELECT * FROM people", &mut sink).unwrap();
    assert_eq!(outcome, Outcome::Rows(3));

    fake.inject("GET", "/results", Fault::MalformedJson);
    let err = opened
        .run("SELECT * FROM people", &mut Collect::default())
        .unwrap_err();
    let line = err.to_string();
    assert!(line.contains("results of statement flinksh-"), "{line}");
    assert!(line.contains("malformed response"), "{line}");
    assert!(!line.contains('\n'));
    let stopped: Vec<bool> = fake.statements().iter().map(|s| s.deleted).collect();
    assert_eq!(
        stopped.iter().filter(|d| **d).count(),
        1,
        "the broken query was stopped"
    );
}
