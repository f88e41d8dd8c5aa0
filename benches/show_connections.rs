//! SHOW CONNECTIONS as a user runs it: the release `flinksh` binary as a child process,
//! against a loopback fake of the sql/v1 API holding 10,000 connections served 100 per
//! page, compared with a child process that only fetches the same 100 pages (this bench
//! binary re-executed in its fetch-only mode). Both sides pay process start-up; the
//! difference is what the shell adds: its own start-up, parsing, sorting, rendering and
//! writing 10,000 rows. Peak memory of each child comes from `wait4`'s rusage.
//!
//! Run: `cargo bench --bench show_connections`. Numbers go to benches/README-cloud.md.

#[path = "../tests/support/mod.rs"]
mod support;

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::json;

const CONNECTIONS: usize = 10_000;
const PAGE: usize = 100;
const RUNS: usize = 31;
const ORGANIZATION: &str = "b0b21724-4586-4a07-b787-d0bb5aacbf87";
const ENVIRONMENT: &str = "env-a1b2c3";
const FETCH_ONLY: &str = "--fetch-only";
const SERVE: &str = "--serve";

fn items(n: usize) -> Vec<serde_json::Value> {
    (0..n)
        .map(|i| {
            json!({
                "api_version": "sql/v1",
                "kind": "Connection",
                "metadata": {
                    "self": format!("https://flink.example/sql/v1/organizations/o/environments/e/connections/conn-{i}"),
                    "created_at": format!("2025-06-16T00:{:02}:{:02}.{:06}Z", i / 60 % 60, i % 60, i * 7919 % 1_000_000),
                    "updated_at": "2025-08-02T20:08:09.123456789Z",
                    "uid": format!("uid-{i}"),
                    "resource_version": "1",
                },
                // Not in creation order, so the shell has real sorting to do.
                "name": format!("conn-{:05}", (i * 7349) % n.max(1)),
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

/// The child side of the baseline: GET the first page, then each `metadata.next`
/// link as given, reading every body whole. No JSON parsing beyond finding the link.
fn fetch_only(first: &str) {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    // No TLS set-up: the pages come over plain HTTP, and flinksh skips it too for an
    // http:// address. (Loading the platform's root certificates, as
    // `reqwest::Client::new()` does, would add about 2.5 ms to both sides.)
    let client = reqwest::Client::builder()
        .tls_certs_only(Vec::new())
        .build()
        .unwrap();
    let (pages, bytes) = rt.block_on(async {
        let mut pages = 0usize;
        let mut bytes = 0usize;
        let mut url = first.to_string();
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
            let text = std::str::from_utf8(&body).unwrap();
            let next = text
                .split("\"next\":\"")
                .nth(1)
                .and_then(|t| t.split('"').next())
                .unwrap_or("");
            if next.is_empty() {
                return (pages, bytes);
            }
            url = next.to_string();
        }
    });
    println!("{pages} {bytes}");
}

/// The server process: the fake with 10,000 connections, and a second one with none
/// (the shell's fixed cost: start-up, one request, "None found."). Prints both
/// addresses and serves until its stdin closes. It runs apart from the bench so the
/// bench process stays small: on Linux a child's `ru_maxrss` starts from the RSS of
/// the process it was spawned from.
fn serve() {
    let (_, fake) = support::start(support::FakeConfig::default());
    fake.seed_connections(items(CONNECTIONS));
    let (_, empty) = support::start(support::FakeConfig::default());
    println!("{}\n{}", fake.url(), empty.url());
    std::io::stdout().flush().unwrap();
    let _ = std::io::stdin().read_to_end(&mut Vec::new());
}

struct Finished {
    elapsed: Duration,
    max_rss_kib: u64,
}

/// Waits for `pid` with `wait4`, which reports that child's own peak RSS.
fn wait_child(child: std::process::Child, started: Instant) -> Finished {
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let elapsed = started.elapsed();
    assert_eq!(r, pid, "wait4 failed");
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "child failed with status {status:#x}"
    );
    // The Child must not be waited on again (its pid is reaped).
    std::mem::forget(child);
    Finished {
        elapsed,
        max_rss_kib: usage.ru_maxrss as u64,
    }
}

struct Setup {
    shell: String,
    url: String,
    home: tempfile::TempDir,
}

impl Setup {
    fn flinksh(&self, url: &str, stdout: Stdio) -> Command {
        let mut cmd = Command::new(&self.shell);
        let state = self.home.path().join("state");
        cmd.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.home.path())
            .env("XDG_CONFIG_HOME", self.home.path().join("config"))
            .env("CLOUD_API_KEY", "K")
            .env("CLOUD_API_SECRET", "S")
            .args(["--url", url, "--organization", ORGANIZATION])
            .args(["--environment", ENVIRONMENT, "--cloud", "aws"])
            .args(["--region", "us-west-2", "--no-history", "--state-dir"])
            .arg(&state)
            .args(["-q", "-e", "SHOW CONNECTIONS;"])
            .stdin(Stdio::null())
            .stdout(stdout)
            .stderr(Stdio::inherit());
        cmd
    }

    fn run_flinksh(&self, url: &str) -> Finished {
        let started = Instant::now();
        let child = self.flinksh(url, Stdio::null()).spawn().unwrap();
        wait_child(child, started)
    }

    fn run_fetch(&self, url: &str) -> Finished {
        let started = Instant::now();
        let child = Command::new(std::env::current_exe().unwrap())
            .arg(FETCH_ONLY)
            .arg(self.first_page(url))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        wait_child(child, started)
    }

    fn first_page(&self, url: &str) -> String {
        format!(
            "{url}/sql/v1/organizations/{ORGANIZATION}/environments/{ENVIRONMENT}/connections?page_size={PAGE}"
        )
    }
}

/// Median and minimum.
fn stats(mut v: Vec<Duration>) -> (Duration, Duration) {
    v.sort();
    (v[v.len() / 2], v[0])
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some(FETCH_ONLY) {
        fetch_only(&args[2]);
        return;
    }

    if args.get(1).map(String::as_str) == Some(SERVE) {
        serve();
        return;
    }

    let mut server = Command::new(std::env::current_exe().unwrap())
        .arg(SERVE)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(server.stdout.take().unwrap()).lines();
    let url = lines.next().unwrap().unwrap();
    let empty_url = lines.next().unwrap().unwrap();
    let setup = Setup {
        shell: env!("CARGO_BIN_EXE_flinksh").to_string(),
        url,
        home: tempfile::tempdir().unwrap(),
    };

    // Check both sides once: the shell prints every connection, the fetcher sees
    // every page.
    let out = setup.flinksh(&setup.url, Stdio::piped()).output().unwrap();
    assert!(out.status.success(), "flinksh failed: {out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    let names = text.matches("| conn-").count();
    assert_eq!(names, CONNECTIONS, "flinksh printed {names} connections");
    let output_bytes = text.len();
    let fetched = Command::new(std::env::current_exe().unwrap())
        .arg(FETCH_ONLY)
        .arg(setup.first_page(&setup.url))
        .output()
        .unwrap();
    let fetched = String::from_utf8(fetched.stdout).unwrap();
    let mut fetched = fetched
        .split_whitespace()
        .map(|v| v.parse::<usize>().unwrap());
    let (pages, json_bytes) = (fetched.next().unwrap(), fetched.next().unwrap());
    assert_eq!(pages, CONNECTIONS / PAGE);

    // Interleaved, so a change in the machine's load hits both sides alike.
    let (mut fetch, mut shell, mut start) = (Vec::new(), Vec::new(), Vec::new());
    let (mut fetch_rss, mut shell_rss, mut start_rss) = (0, 0, 0);
    let mut fetch_start = Vec::new();
    for _ in 0..RUNS {
        let f = setup.run_fetch(&setup.url);
        fetch.push(f.elapsed);
        fetch_rss = fetch_rss.max(f.max_rss_kib);
        fetch_start.push(setup.run_fetch(&empty_url).elapsed);
        let s = setup.run_flinksh(&setup.url);
        shell.push(s.elapsed);
        shell_rss = shell_rss.max(s.max_rss_kib);
        let e = setup.run_flinksh(&empty_url);
        start.push(e.elapsed);
        start_rss = start_rss.max(e.max_rss_kib);
    }
    let (fetch_m, fetch_min) = stats(fetch);
    let (shell_m, shell_min) = stats(shell);
    let (start_m, start_min) = stats(start);
    let (fetch_start_m, fetch_start_min) = stats(fetch_start);

    drop(server.stdin.take());
    let _ = server.wait();

    println!(
        "{CONNECTIONS} connections in {pages} pages ({:.1} MiB of JSON), {:.1} MiB of table output, {RUNS} runs each",
        json_bytes as f64 / (1024.0 * 1024.0),
        output_bytes as f64 / (1024.0 * 1024.0)
    );
    println!("                                          median      min   peak RSS");
    let line = |what: &str, median: Duration, min: Duration, rss: Option<u64>| {
        let rss = rss.map_or(String::new(), |k| format!("{:>6.1} MiB", mib(k)));
        println!(
            "{what:<40} {:>6.1} ms {:>5.1} ms {rss}",
            ms(median),
            ms(min)
        );
    };
    line(
        "fetch only (child process, reqwest)",
        fetch_m,
        fetch_min,
        Some(fetch_rss),
    );
    line(
        "fetch only, empty list",
        fetch_start_m,
        fetch_start_min,
        None,
    );
    line(
        "flinksh -e 'SHOW CONNECTIONS;' > null",
        shell_m,
        shell_min,
        Some(shell_rss),
    );
    line("flinksh, empty list", start_m, start_min, Some(start_rss));
    println!(
        "ratio flinksh / fetch only: {:.2}x of the medians, {:.2}x of the minimums (goal: at most 1.20x, under 50 MiB)",
        shell_m.as_secs_f64() / fetch_m.as_secs_f64(),
        shell_min.as_secs_f64() / fetch_min.as_secs_f64()
    );
}
