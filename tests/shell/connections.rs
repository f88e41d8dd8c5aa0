//! ALTER CONNECTION and friends as a user sees them: what the stored secrets become,
//! and what the cloud backend refuses before it sends anything.

use crate::util;

use crate::support;

use std::collections::BTreeMap;

use flinksh::ErrorKind;
use flinksh::connections::spec::Secrets;
use support::client::Open;
use support::{FakeConfig, Fault, start};
use util::{Shell, code, stderr};

/// The secrets column of a connection in the local state file.
fn stored_secrets(shell: &Shell, name: &str) -> serde_json::Value {
    let db = rusqlite::Connection::open(shell.state_dir().join("flinksh.db")).unwrap();
    let json: String = db
        .query_row(
            "SELECT secrets FROM flinksh_connections WHERE name = ?1",
            [name],
            |r| r.get(0),
        )
        .unwrap();
    serde_json::from_str(&json).unwrap()
}

fn run_ok(shell: &Shell, sql: &str) {
    let out = shell.sql(sql);
    assert_eq!(code(&out), 0, "{sql}: {}", stderr(&out));
}

const CREATE_ELASTIC: &str = "CREATE CONNECTION es WITH ('type' = 'elastic', \
     'endpoint' = 'https://es.example.com', 'username' = 'bob', 'password' = 'p1');";

#[test]
fn altering_the_password_alone_keeps_the_username() {
    let shell = Shell::new();
    run_ok(&shell, CREATE_ELASTIC);
    run_ok(&shell, "ALTER CONNECTION es SET ('password' = 'p2');");
    assert_eq!(
        stored_secrets(&shell, "es"),
        serde_json::json!({"AUTH_TYPE": "BASIC", "USERNAME": "bob", "PASSWORD": "p2"})
    );
}

#[test]
fn switching_the_way_to_authenticate_drops_the_old_one() {
    let shell = Shell::new();
    run_ok(&shell, CREATE_ELASTIC);
    run_ok(&shell, "ALTER CONNECTION es SET ('api-key' = 'k1');");
    assert_eq!(
        stored_secrets(&shell, "es"),
        serde_json::json!({"AUTH_TYPE": "API_KEY", "API_KEY": "k1"})
    );
    // Half of the other way is refused and the stored secrets stay.
    let out = shell.sql("ALTER CONNECTION es SET ('username' = 'eve');");
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("missing 'password' (needed with 'username') for type ELASTIC"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        stored_secrets(&shell, "es"),
        serde_json::json!({"AUTH_TYPE": "API_KEY", "API_KEY": "k1"})
    );
}

#[test]
fn the_cloud_refuses_half_a_credential_pair_before_sending_it() {
    let (_, fake) = start(FakeConfig::default());
    let mut opened = Open::new(&fake.url()).open().unwrap();
    fake.seed_connections(vec![seeded_elastic()]);
    let half = Secrets(BTreeMap::from([
        ("PASSWORD".to_string(), "p2".to_string()),
        ("AUTH_TYPE".to_string(), "BASIC".to_string()),
    ]));
    let err = opened.conns.update_secrets("es", &half).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Statement);
    assert_eq!(
        err.to_string(),
        "ALTER CONNECTION: give both 'username' and 'password': \
         Confluent Cloud replaces all of a connection's secrets at once"
    );
    assert!(
        fake.requests().iter().all(|r| r.method != "PUT"),
        "nothing was sent"
    );
}

fn seeded_elastic() -> serde_json::Value {
    serde_json::json!({
        "api_version": "sql/v1",
        "kind": "Connection",
        "metadata": {"self": "", "resource_version": "1"},
        "name": "es",
        "spec": {
            "connection_type": "ELASTIC",
            "endpoint": "https://es.example.com",
            "auth_data": {"kind": "PlaintextProvider", "data": "<REDACTED>"}
        },
        "status": {"phase": "COMPLETED"}
    })
}

#[test]
fn a_create_retried_after_an_answer_does_not_claim_an_existing_connection() {
    let (_, fake) = start(FakeConfig::default());
    fake.seed_connections(vec![seeded_elastic()]);
    // The first POST is answered (503), so it created nothing; the retry's 409 is
    // about a connection that was there before.
    fake.inject("POST", "/connections", Fault::Status(503));
    let mut opened = Open::new(&fake.url()).open().unwrap();
    let new = flinksh::connections::spec::validate_create(
        "es",
        &[
            ("type".to_string(), "ELASTIC".to_string()),
            ("endpoint".to_string(), "https://es.example.com".to_string()),
            ("api-key".to_string(), "mine".to_string()),
        ],
        None,
    )
    .unwrap();
    let err = opened.conns.create(&new).unwrap_err();
    assert_eq!(err.kind, ErrorKind::AlreadyExists, "{err}");
    let posts = fake
        .requests()
        .iter()
        .filter(|r| r.method == "POST")
        .count();
    assert_eq!(posts, 2, "the 503 was retried");
}

#[test]
fn a_secret_recalled_masked_from_history_is_refused() {
    let shell = Shell::new();
    run_ok(&shell, CREATE_ELASTIC);
    let out = shell.sql("ALTER CONNECTION es SET ('password' = '<REDACTED>');");
    assert_eq!(code(&out), 1);
    assert!(
        stderr(&out).trim_end().ends_with(
            "ALTER CONNECTION: the value of 'password' was masked in history; type the secret again"
        ),
        "{}",
        stderr(&out)
    );
    assert_eq!(stored_secrets(&shell, "es")["PASSWORD"], "p1");
}
