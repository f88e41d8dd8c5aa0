//! The whole command line against a sql/v1 server on loopback: what a Confluent
//! Cloud user runs, byte for byte.

use crate::support;
use crate::util;

use std::path::Path;

use serde_json::{Value, json};
use support::{FakeConfig, StatementScript, start};
use util::{Shell, code, stderr, stdout};

const ORG: &str = "b0b21724-4586-4a07-b787-d0bb5aacbf87";
const KEY: &str = "CLOUDKEY123";
const SECRET: &str = "cloud-secret-do-not-print";

fn golden_dir() -> &'static Path {
    Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/golden/show-connections"
    ))
}

/// `flinksh` as the example runs it: credentials in the environment only.
fn cloud_cmd(shell: &Shell, url: &str, meta: &Value) -> assert_cmd::Command {
    let mut cmd = shell.cmd();
    cmd.env("CLOUD_API_KEY", KEY)
        .env("CLOUD_API_SECRET", SECRET)
        .args(["--url", url, "--organization", ORG])
        .args(["--environment", meta["environment"].as_str().unwrap_or("")])
        .args(["--cloud", meta["cloud"].as_str().unwrap_or("")])
        .args(["--region", meta["region"].as_str().unwrap_or("")]);
    cmd
}

/// `flinksh` ready to run statements: both key pairs and a compute pool.
fn statements_cmd(shell: &Shell, url: &str) -> assert_cmd::Command {
    let meta = json!({"environment": "env-a1b2c3", "cloud": "aws", "region": "us-west-2"});
    let mut cmd = cloud_cmd(shell, url, &meta);
    cmd.env("FLINK_API_KEY", "FLINKKEY")
        .env("FLINK_API_SECRET", "flink-secret")
        .args(["--compute-pool", "lfcp-abc123"]);
    cmd
}

#[test]
fn every_golden_case_prints_byte_for_byte_whatever_the_paging() {
    let mut cases = 0;
    for entry in std::fs::read_dir(golden_dir()).expect("golden dir") {
        let path = entry.expect("entry").path();
        let Some(name) = path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_suffix(".connections.json"))
        else {
            continue;
        };
        let read = |suffix: &str| {
            std::fs::read_to_string(golden_dir().join(format!("{name}.{suffix}")))
                .expect("golden file")
        };
        let items: Vec<Value> = serde_json::from_str(&read("connections.json")).expect("items");
        let meta: Value = serde_json::from_str(&read("meta.json")).expect("meta");
        let expected = read("expected.txt");
        // One page, pages of one item, and uneven pages.
        for sizes in [vec![], vec![1], vec![2, 1, 3]] {
            let (_, fake) = start(FakeConfig {
                accept: vec![(KEY.into(), SECRET.into())],
                page_sizes: sizes.clone(),
            });
            fake.seed_connections(items.clone());
            let shell = Shell::new();
            let out = cloud_cmd(&shell, &fake.url(), &meta)
                .args(["-e", "SHOW CONNECTIONS;"])
                .output()
                .expect("run");
            assert_eq!(code(&out), 0, "{name} {sizes:?}: {}", stderr(&out));
            assert_eq!(
                stdout(&out),
                expected,
                "{name} with page sizes {sizes:?} differs"
            );
            assert!(!stderr(&out).contains(SECRET));
            for request in fake.requests() {
                assert!(
                    request.query.contains("page_size=100"),
                    "asks for full pages: {}",
                    request.query
                );
            }
        }
        cases += 1;
    }
    assert!(cases >= 5, "found {cases} golden cases");
}

#[test]
fn a_select_runs_through_the_statements_api_and_prints_its_rows() {
    let (_, fake) = start(FakeConfig::default());
    fake.script(
        "FROM orders",
        StatementScript {
            phases: vec!["PENDING".into(), "RUNNING".into(), "COMPLETED".into()],
            columns: vec![
                json!({"name": "id", "type": {"type": "INTEGER", "nullable": false}}),
                json!({"name": "item", "type": {"type": "VARCHAR", "nullable": true, "length": 2147483647}}),
            ],
            rows: vec![
                json!({"op": 0, "row": ["1", "book"]}),
                json!({"op": 0, "row": ["2", null]}),
            ],
            ..StatementScript::default()
        },
    );
    let shell = Shell::new();
    let out = statements_cmd(&shell, &fake.url())
        .args(["-o", "csv"])
        .args(["-e", "USE CATALOG `env-a1b2c3`; USE `cluster-1`;"])
        .args([
            "-e",
            "SET 'sql.state-ttl' = '1 h'; SELECT id, item FROM orders;",
        ])
        .output()
        .expect("run");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stdout(&out), "id,item\n1,book\n2,\n");
    let statements = fake.statements();
    assert_eq!(statements.len(), 1, "exactly one statement created");
    let body = &statements[0].body;
    assert_eq!(body["spec"]["statement"], "SELECT id, item FROM orders;");
    assert_eq!(body["spec"]["compute_pool_id"], "lfcp-abc123");
    let props = &body["spec"]["properties"];
    assert_eq!(props["sql.current-catalog"], "env-a1b2c3");
    assert_eq!(props["sql.current-database"], "cluster-1");
    assert_eq!(props["sql.state-ttl"], "1 h");
}

#[test]
fn a_failed_statement_prints_its_detail_and_stops_the_script() {
    let (_, fake) = start(FakeConfig::default());
    fake.script(
        "FROM missing",
        StatementScript {
            phases: vec!["PENDING".into(), "FAILED".into()],
            detail: "Table 'missing' not found.".into(),
            ..StatementScript::default()
        },
    );
    let shell = Shell::new();
    let out = statements_cmd(&shell, &fake.url())
        .args(["-e", "SELECT * FROM missing; SELECT 'never' FROM orders;"])
        .output()
        .expect("run");
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("Table 'missing' not found."),
        "{}",
        stderr(&out)
    );
    assert_eq!(fake.statement_creations(), 1, "the script stopped");
}

#[test]
fn missing_credentials_name_the_variables_and_exit_2() {
    let (_, fake) = start(FakeConfig::default());
    let shell = Shell::new();
    let out = shell
        .cmd()
        .args([
            "--url",
            &fake.url(),
            "--organization",
            ORG,
            "--environment",
            "env-1",
        ])
        .args(["-e", "SHOW CONNECTIONS;"])
        .output()
        .expect("run");
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("CLOUD_API_KEY"), "{err}");
}

#[test]
fn a_wrong_key_is_a_401_naming_the_pair_without_the_secret() {
    let (_, fake) = start(FakeConfig {
        accept: vec![(KEY.into(), "the-right-secret".into())],
        page_sizes: vec![],
    });
    let shell = Shell::new();
    let meta = json!({"environment": "env-a1b2c3", "cloud": "aws", "region": "us-west-2"});
    let out = cloud_cmd(&shell, &fake.url(), &meta)
        .args(["-v", "-e", "SHOW CONNECTIONS;"])
        .output()
        .expect("run");
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("401"), "{err}");
    assert!(err.contains("CLOUD_API_KEY"), "{err}");
    assert!(!err.contains(SECRET), "{err}");
}

#[test]
fn create_connection_goes_to_the_api_with_its_secret_only_in_the_body() {
    let (_, fake) = start(FakeConfig::default());
    let shell = Shell::new();
    let meta = json!({"environment": "env-a1b2c3", "cloud": "aws", "region": "us-west-2"});
    let out = cloud_cmd(&shell, &fake.url(), &meta)
        .args([
            "-e",
            "CREATE CONNECTION `my-openai` WITH ('type' = 'openai', \
             'endpoint' = 'https://api.openai.com/v1/chat/completions', 'api-key' = 'sk-abc');",
        ])
        .args(["-e", "SHOW CONNECTIONS; DROP CONNECTION `my-openai`;"])
        .output()
        .expect("run");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("my-openai") && !text.contains("sk-abc"),
        "{text}"
    );
    assert!(
        text.ends_with("Deleted Flink connection \"my-openai\".\n"),
        "{text}"
    );
    let post = fake
        .requests()
        .into_iter()
        .find(|r| r.method == "POST")
        .expect("a POST");
    let body: Value = serde_json::from_str(&post.body).expect("json body");
    assert_eq!(body["spec"]["auth_data"]["kind"], "PlaintextProvider");
    let data: Value =
        serde_json::from_str(body["spec"]["auth_data"]["data"].as_str().unwrap_or(""))
            .expect("data");
    assert_eq!(data["API_KEY"], "sk-abc");
}

#[test]
fn client_results_timeout_stops_a_statement_that_never_starts() {
    let (_, fake) = start(FakeConfig::default());
    fake.script("FROM slow", StatementScript::phases(&["PENDING"]));
    let shell = Shell::new();
    let out = statements_cmd(&shell, &fake.url())
        .args([
            "-e",
            "SET 'client.results-timeout' = '300 ms'; SELECT * FROM slow;",
        ])
        .output()
        .expect("run");
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("client.results-timeout"),
        "{}",
        stderr(&out)
    );
    let statements = fake.statements();
    assert_eq!(statements.len(), 1);
    assert!(
        statements[0].deleted,
        "the statement was stopped on the server"
    );
    assert!(
        !statements[0].body["spec"]["properties"]
            .as_object()
            .is_some_and(|p| p.keys().any(|k| k.starts_with("client."))),
        "client.* properties stay in the shell"
    );
}

#[test]
fn a_streaming_result_prints_changes_and_stops_at_client_max_rows() {
    let (_, fake) = start(FakeConfig::default());
    fake.script(
        "FROM clicks",
        StatementScript {
            phases: vec!["PENDING".into(), "RUNNING".into()],
            columns: vec![
                json!({"name": "user", "type": {"type": "VARCHAR", "nullable": true, "length": 2147483647}}),
                json!({"name": "n", "type": {"type": "BIGINT", "nullable": false}}),
            ],
            is_bounded: false,
            rows: vec![
                json!({"op": 0, "row": ["ann", "1"]}),
                json!({"op": 1, "row": ["ann", "1"]}),
                json!({"op": 2, "row": ["ann", "2"]}),
                // Exactly the limit, then a quiet stream: the shell must stop at the
                // fourth row instead of waiting for a fifth.
                json!({"op": 3, "row": ["ann", "2"]}),
            ],
            ..StatementScript::default()
        },
    );
    let shell = Shell::new();
    let out = statements_cmd(&shell, &fake.url())
        .args(["-o", "csv"])
        .args([
            "-e",
            "SET 'client.max-rows' = '4'; SELECT user, COUNT(*) AS n FROM clicks GROUP BY user;",
        ])
        .output()
        .expect("run");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "op,user,n\n+I,ann,1\n-U,ann,1\n+U,ann,2\n-D,ann,2\n"
    );
    // Stopping at the limit is what was asked for: nothing more is said (a terminal
    // gets Flink's "Received a total of 4 rows").
    assert_eq!(stderr(&out), "Property 'client.max-rows' set.\n");
    let statements = fake.statements();
    assert_eq!(statements.len(), 1);
    assert!(
        statements[0].deleted,
        "the statement was stopped on the server"
    );
}

#[test]
fn a_very_short_secret_does_not_garble_messages() {
    let (_, fake) = start(FakeConfig::default());
    let shell = Shell::new();
    let out = shell
        .cmd()
        .env("CLOUD_API_KEY", "k")
        .env("CLOUD_API_SECRET", "s")
        .args([
            "--url",
            &fake.url(),
            "--organization",
            ORG,
            "--environment",
            "env-1",
        ])
        .args(["-e", "DESCRIBE CONNECTION missing;"])
        .output()
        .expect("run");
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("missing"), "{err}");
    assert!(!err.contains("<REDACTED>"), "{err}");
}
