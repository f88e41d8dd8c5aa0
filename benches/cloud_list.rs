//! SHOW CONNECTIONS over the cloud backend: 10,000 connections in 100 pages from a
//! loopback fake of the sql/v1 API, against fetching the same pages with reqwest
//! alone (no JSON parsing). Prints medians and the process's peak RSS (VmHWM).
//!
//! Run: `cargo bench --bench cloud_list`. Numbers go to benches/README-cloud.md.

#[path = "../tests/support/mod.rs"]
mod support;

use std::time::{Duration, Instant};

use serde_json::json;

const CONNECTIONS: usize = 10_000;
const PAGE: usize = 100;
const RUNS: usize = 15;

fn vm_hwm_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn items() -> Vec<serde_json::Value> {
    (0..CONNECTIONS)
        .map(|i| {
            json!({
                "api_version": "sql/v1",
                "kind": "Connection",
                "metadata": {
                    "self": format!("https://flink.example/sql/v1/organizations/o/environments/e/connections/conn-{i}"),
                    "created_at": "2025-06-16T00:46:42.100000Z",
                    "updated_at": "2025-08-02T20:08:09.123456789Z",
                    "uid": format!("uid-{i}"),
                    "resource_version": "1",
                },
                "name": format!("conn-{i:05}"),
                "spec": {
                    "connection_type": (["OPENAI", "BEDROCK", "MONGODB"][i % 3]),
                    "endpoint": format!("https://api.example.com/v1/models/{i}/chat/completions"),
                    "auth_data": {"kind": "PlaintextProvider", "data": "<REDACTED>"},
                },
                "status": {"phase": "READY", "detail": ""},
            })
        })
        .collect()
}

/// The same pages with reqwest alone: follow the page tokens, read the bodies.
fn raw_fetch(rt: &tokio::runtime::Runtime, client: &reqwest::Client, base: &str) -> (usize, usize) {
    rt.block_on(async {
        let mut pages = 0;
        let mut bytes = 0;
        let mut url = format!("{base}?page_size={PAGE}");
        loop {
            let body = client
                .get(&url)
                .basic_auth("K", Some("S"))
                .send()
                .await
                .unwrap()
                .bytes()
                .await
                .unwrap();
            pages += 1;
            bytes += body.len();
            // Find the next link without parsing the document.
            let text = std::str::from_utf8(&body).unwrap();
            let next = text
                .split("\"next\":\"")
                .nth(1)
                .and_then(|t| t.split('"').next())
                .unwrap_or("");
            if next.is_empty() {
                return (pages, bytes);
            }
            let token = next.rsplit("page_token=").next().unwrap();
            url = format!("{base}?page_size={PAGE}&page_token={token}");
        }
    })
}

fn main() {
    let (_, fake) = support::start(support::FakeConfig::default());
    fake.seed_connections(items());
    let url = fake.url();
    let base = format!(
        "{url}/sql/v1/organizations/11111111-2222-3333-4444-555555555555/environments/env-x7k2p1/connections"
    );
    let hwm_start = vm_hwm_kib();

    let _ = rustls::crypto::ring::default_provider().install_default();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let client = reqwest::Client::new();
    let (pages, bytes) = raw_fetch(&rt, &client, &base);
    assert_eq!(pages, CONNECTIONS / PAGE);
    let mut raw = Vec::new();
    for _ in 0..RUNS {
        let t0 = Instant::now();
        raw_fetch(&rt, &client, &base);
        raw.push(t0.elapsed());
    }
    let hwm_raw = vm_hwm_kib();

    let mut opened = support::client::Open::new(&url).open().unwrap();
    let first = opened.conns.list().unwrap();
    assert_eq!(first.len(), CONNECTIONS);
    drop(first);
    let mut ours = Vec::new();
    for _ in 0..RUNS {
        let t0 = Instant::now();
        let list = opened.conns.list().unwrap();
        ours.push(t0.elapsed());
        assert_eq!(list.len(), CONNECTIONS);
    }
    let hwm_end = vm_hwm_kib();

    let (raw_m, ours_m) = (median(raw), median(ours));
    println!(
        "{CONNECTIONS} connections, {pages} pages, {:.1} MiB of JSON, median of {RUNS} runs",
        bytes as f64 / (1024.0 * 1024.0)
    );
    println!(
        "reqwest alone (fetch pages):    {:>8.1} ms",
        raw_m.as_secs_f64() * 1e3
    );
    println!(
        "ConnectionsApi::list (cloud):   {:>8.1} ms",
        ours_m.as_secs_f64() * 1e3
    );
    println!(
        "overhead (parse, model, retry): {:>8.2}x",
        ours_m.as_secs_f64() / raw_m.as_secs_f64()
    );
    let kib = |v: Option<u64>| {
        v.map(|k| format!("{:.1} MiB", k as f64 / 1024.0))
            .unwrap_or("n/a".into())
    };
    println!(
        "peak RSS (VmHWM, whole process incl. the fake server): start {}, after raw {}, after list {}",
        kib(hwm_start),
        kib(hwm_raw),
        kib(hwm_end)
    );
}
