//! The cloud connections API against the fake sql/v1 server: paging, retries,
//! error messages, and the HTTP mapping of CREATE/DESCRIBE/ALTER/DROP.

use crate::support;

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

use flinksh::ErrorKind;
use flinksh::connections::spec::{NewConnection, Secrets};
use serde_json::Value;
use support::client::Open;
use support::{FakeConfig, Fault, start};

fn golden_cases() -> Vec<(String, Vec<Value>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/golden/show-connections");
    let mut cases = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if let Some(case) = name.strip_suffix(".connections.json") {
            let items: Vec<Value> =
                serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            cases.push((case.to_string(), items));
        }
    }
    cases.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(
        cases.len() >= 5,
        "golden cases missing in {}",
        dir.display()
    );
    cases
}

fn names(items: &[Value]) -> Vec<String> {
    items
        .iter()
        .map(|c| c["name"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn golden_lists_are_the_same_over_one_page_and_uneven_pages() {
    let (_, fake) = start(FakeConfig::default());
    let mut opened = Open::new(&fake.url()).open().unwrap();
    for (case, items) in golden_cases() {
        let expected: Vec<flinksh::connections::Connection> = items
            .iter()
            .map(|v| serde_json::from_value(v.clone()).unwrap())
            .collect();
        fake.seed_connections(items.clone());
        for sizes in [vec![], vec![1], vec![2, 1, 3], vec![1, 4]] {
            fake.set_page_sizes(sizes.clone());
            let pages_before = fake.list_pages_served();
            let got = opened.conns.list().unwrap();
            assert_eq!(got, expected, "case {case}, page sizes {sizes:?}");
            let pages = fake.list_pages_served() - pages_before;
            if sizes == [1] && items.len() > 1 {
                assert_eq!(pages, items.len(), "case {case}: one item per page");
            }
        }
    }
    // Every list request asked for the largest page.
    for r in fake.requests() {
        assert!(r.query.contains("page_size=100"), "{}", r.query);
    }
}

#[test]
fn a_repeated_page_token_stops_with_an_error() {
    let (_, fake) = start(FakeConfig::default());
    let (_, items) = golden_cases()
        .into_iter()
        .find(|(c, _)| c == "case-3")
        .unwrap();
    fake.seed_connections(items);
    fake.set_page_sizes(vec![2]);
    fake.repeat_page_token(true);
    let mut opened = Open::new(&fake.url()).open().unwrap();
    let err = opened.conns.list().unwrap_err();
    assert_eq!(err.kind, ErrorKind::Connection);
    assert!(err.message.contains("page token loop twice"), "{err}");
    assert!(!err.to_string().contains('\n'));
    assert_eq!(fake.list_pages_served(), 2);
}

fn seeded() -> (support::FakeHandle, Vec<String>) {
    let (_, fake) = start(FakeConfig::default());
    let (_, items) = golden_cases()
        .into_iter()
        .find(|(c, _)| c == "seed")
        .unwrap();
    let n = names(&items);
    fake.seed_connections(items);
    (fake, n)
}

#[test]
fn rate_limiting_is_retried_after_retry_after() {
    let (fake, expected) = seeded();
    fake.inject(
        "GET",
        "/connections",
        Fault::TooManyRequests {
            retry_after_secs: 1,
        },
    );
    let mut opened = Open::new(&fake.url()).open().unwrap();
    let t0 = Instant::now();
    let got = opened.conns.list().unwrap();
    assert!(
        t0.elapsed() >= Duration::from_millis(950),
        "Retry-After not honoured"
    );
    assert_eq!(
        got.iter().map(|c| c.name.clone()).collect::<Vec<_>>(),
        expected
    );
    assert_eq!(fake.requests().len(), 2);
}

#[test]
fn unavailable_and_reset_connections_are_retried() {
    let (fake, expected) = seeded();
    fake.inject("GET", "/connections", Fault::Status(503));
    fake.inject("GET", "/connections", Fault::Reset);
    fake.inject("GET", "/connections", Fault::Status(502));
    let mut opened = Open::new(&fake.url()).open().unwrap();
    let got = opened.conns.list().unwrap();
    assert_eq!(
        got.iter().map(|c| c.name.clone()).collect::<Vec<_>>(),
        expected
    );
    assert_eq!(fake.requests().len(), 4);
}

#[test]
fn retries_are_bounded() {
    let (fake, _) = seeded();
    for _ in 0..10 {
        fake.inject("GET", "/connections", Fault::Status(503));
    }
    let mut opened = Open::new(&fake.url()).open().unwrap();
    let err = opened.conns.list().unwrap_err();
    assert_eq!(err.kind, ErrorKind::Connection);
    // The test policy allows 4 attempts.
    assert_eq!(fake.requests().len(), 4);
    let line = err.to_string();
    assert!(line.contains("HTTP 503"), "{line}");
    assert!(line.contains("request id req-4"), "{line}");
    assert!(line.contains("Injected Failure"), "{line}");
}

#[test]
fn malformed_json_is_a_one_line_error() {
    let (fake, _) = seeded();
    fake.inject("GET", "/connections", Fault::MalformedJson);
    let mut opened = Open::new(&fake.url()).open().unwrap();
    let err = opened.conns.list().unwrap_err();
    let line = err.to_string();
    assert!(line.contains("malformed response"), "{line}");
    assert!(line.contains("HTTP 200"), "{line}");
    assert!(line.contains("request id req-1"), "{line}");
    assert!(!line.contains('\n'));
}

#[test]
fn unauthorized_names_the_credential_pair() {
    let (_, fake) = start(FakeConfig {
        accept: vec![("OTHER".into(), "x".into())],
        ..FakeConfig::default()
    });
    let mut opened = Open::new(&fake.url()).open().unwrap();
    let err = opened.conns.list().unwrap_err();
    assert_eq!(err.kind, ErrorKind::Connection);
    let line = err.to_string();
    assert!(line.contains("Cloud API key CLOUDKEY"), "{line}");
    assert!(
        line.contains("CLOUD_API_KEY and CLOUD_API_SECRET"),
        "{line}"
    );
    assert!(line.contains("HTTP 401"), "{line}");
    assert!(line.contains("request id req-1"), "{line}");
    assert!(!line.contains("cloud-secret-456"), "{line}");
}

#[test]
fn only_one_pair_serves_connections_too() {
    let (_, fake) = start(FakeConfig {
        accept: vec![("FLINKKEY".into(), "flink-secret-123".into())],
        ..FakeConfig::default()
    });
    let mut opened = Open::new(&fake.url())
        .env(&[
            ("FLINK_API_KEY", "FLINKKEY"),
            ("FLINK_API_SECRET", "flink-secret-123"),
        ])
        .open()
        .unwrap();
    assert_eq!(opened.conns.list().unwrap(), vec![]);
    assert_eq!(
        fake.requests()[0].authorization,
        support::basic("FLINKKEY", "flink-secret-123")
    );
}

#[test]
fn connections_use_the_cloud_pair_when_both_are_set() {
    let (_, fake) = start(FakeConfig::default());
    let mut opened = Open::new(&fake.url()).open().unwrap();
    opened.conns.list().unwrap();
    assert_eq!(
        fake.requests()[0].authorization,
        support::basic("CLOUDKEY", "cloud-secret-456")
    );
}

fn new_connection(name: &str) -> NewConnection {
    NewConnection {
        name: name.into(),
        connection_type: "OPENAI".into(),
        endpoint: "https://api.openai.com/v1/chat/completions".into(),
        secrets: Secrets(BTreeMap::from([(
            "API_KEY".to_string(),
            "sk-very-secret".to_string(),
        )])),
        comment: None,
    }
}

#[test]
fn create_describe_alter_drop_map_onto_post_get_put_delete() {
    let (_, fake) = start(FakeConfig::default());
    let mut opened = Open::new(&fake.url()).open().unwrap();
    let path = "/sql/v1/organizations/11111111-2222-3333-4444-555555555555/environments/env-x7k2p1/connections";

    let created = opened.conns.create(&new_connection("my-conn")).unwrap();
    assert_eq!(created.name, "my-conn");
    assert_eq!(created.spec.connection_type, "OPENAI");
    let post = &fake.requests()[0];
    assert_eq!((post.method.as_str(), post.path.as_str()), ("POST", path));
    let body: Value = serde_json::from_str(&post.body).unwrap();
    assert_eq!(body["name"], "my-conn");
    assert_eq!(body["spec"]["connection_type"], "OPENAI");
    assert_eq!(
        body["spec"]["endpoint"],
        "https://api.openai.com/v1/chat/completions"
    );
    assert_eq!(body["spec"]["auth_data"]["kind"], "PlaintextProvider");
    let data: Value =
        serde_json::from_str(body["spec"]["auth_data"]["data"].as_str().unwrap()).unwrap();
    assert_eq!(data, serde_json::json!({"API_KEY": "sk-very-secret"}));

    let err = opened.conns.create(&new_connection("my-conn")).unwrap_err();
    assert_eq!(err.kind, ErrorKind::AlreadyExists);
    assert!(err.to_string().contains("HTTP 409"), "{err}");

    fake.clear_requests();
    let got = opened.conns.get("my-conn").unwrap();
    assert_eq!(
        got.spec.endpoint,
        "https://api.openai.com/v1/chat/completions"
    );
    assert_eq!(got.spec.auth_data.data, "<REDACTED>");
    let get = &fake.requests()[0];
    assert_eq!(
        (get.method.as_str(), get.path.clone()),
        ("GET", format!("{path}/my-conn"))
    );

    fake.clear_requests();
    let secrets = Secrets(BTreeMap::from([(
        "API_KEY".to_string(),
        "sk-new".to_string(),
    )]));
    opened.conns.update_secrets("my-conn", &secrets).unwrap();
    let put = fake
        .requests()
        .into_iter()
        .find(|r| r.method == "PUT")
        .expect("a PUT");
    assert_eq!(put.path, format!("{path}/my-conn"));
    let body: Value = serde_json::from_str(&put.body).unwrap();
    assert_eq!(body["name"], "my-conn");
    assert_eq!(body["metadata"]["resource_version"], "1");
    assert_eq!(body["spec"]["connection_type"], "OPENAI");
    assert_eq!(body["spec"]["auth_data"]["kind"], "PlaintextProvider");
    assert_eq!(
        body["spec"]["auth_data"]["data"],
        "{\"API_KEY\":\"sk-new\"}"
    );
    assert_eq!(
        fake.connections()[0]["metadata"]["resource_version"],
        "2",
        "the fake applied the update"
    );

    fake.clear_requests();
    opened.conns.delete("my-conn").unwrap();
    let del = &fake.requests()[0];
    assert_eq!(
        (del.method.as_str(), del.path.clone()),
        ("DELETE", format!("{path}/my-conn"))
    );
    assert!(fake.connections().is_empty());

    for err in [
        opened.conns.get("my-conn").unwrap_err(),
        opened.conns.delete("my-conn").unwrap_err(),
        opened
            .conns
            .update_secrets("my-conn", &secrets)
            .unwrap_err(),
    ] {
        assert_eq!(err.kind, ErrorKind::NotFound, "{err}");
        let line = err.to_string();
        assert!(line.contains("HTTP 404"), "{line}");
        assert!(line.contains("my-conn"), "{line}");
        assert!(line.contains("request id req-"), "{line}");
    }
}

#[test]
fn a_retried_create_that_already_succeeded_is_not_an_error() {
    let (_, fake) = start(FakeConfig::default());
    fake.inject("POST", "/connections", Fault::ResetAfterHandling);
    let mut opened = Open::new(&fake.url()).open().unwrap();
    let created = opened.conns.create(&new_connection("once")).unwrap();
    assert_eq!(created.name, "once");
    assert_eq!(fake.connections().len(), 1);
    let posts = fake
        .requests()
        .iter()
        .filter(|r| r.method == "POST")
        .count();
    assert_eq!(posts, 2, "the first POST was cut off and retried");
}

#[test]
fn verbose_logs_requests_without_secrets() {
    let (_, fake) = start(FakeConfig::default());
    fake.inject("GET", "/connections", Fault::Status(503));
    let mut opened = Open::new(&fake.url()).verbose().open().unwrap();
    opened.conns.list().unwrap();
    opened.conns.create(&new_connection("logged")).unwrap();
    opened.conns.get("missing").unwrap_err();
    let log = opened.stderr.text();
    assert!(log.contains("> GET http://"), "{log}");
    assert!(log.contains("< 503 GET"), "{log}");
    assert!(log.contains("< 201 POST"), "{log}");
    assert!(log.contains("request id req-"), "{log}");
    for secret in [
        "cloud-secret-456",
        "flink-secret-123",
        "sk-very-secret",
        "Basic ",
        support::basic("CLOUDKEY", "cloud-secret-456").trim_start_matches("Basic "),
    ] {
        assert!(!log.contains(secret), "log shows {secret}: {log}");
    }
}

#[test]
fn a_retry_after_beyond_the_budget_fails_at_once() {
    let (fake, _) = seeded();
    fake.inject(
        "GET",
        "/connections",
        Fault::TooManyRequests {
            retry_after_secs: u64::MAX,
        },
    );
    let mut opened = Open::new(&fake.url()).open().unwrap();
    let t0 = Instant::now();
    let err = opened.conns.list().unwrap_err();
    assert!(t0.elapsed() < Duration::from_secs(2));
    assert_eq!(err.kind, ErrorKind::Connection);
    let line = err.to_string();
    assert!(line.contains("rate limiting"), "{line}");
    assert!(line.contains("HTTP 429, request id req-1"), "{line}");
}
