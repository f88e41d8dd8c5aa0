//! `flinksh --gateway URL` against the REAL Apache Flink SQL Gateway at
//! `$FLINK_GATEWAY_URL` (CI starts it, see `.ci/run` and `../shared/flink-gateway`):
//! values print as the Flink SQL Client prints them (goldens recorded from the real client
//! by `tests/data/flink/record.sh`), plans keep their lines, and a stopped query's job
//! ends. Every test skips, saying so, when the variable is unset.
//!
//! The cluster has four task slots: a test runs at most one streaming job and stops it.

mod util;

use std::io::{BufRead, BufReader, Lines};
use std::process::{Child, ChildStdout};
use std::time::Duration;

use util::Shell;
use util::process::{exit_within, signal, spawn_piped, take_stderr};
use util::real_gateway::wait_for_jobs_to_end;
use util::real_gateway::{StopJobsOn, flinksh, job_statuses, unique, url as gateway_url};

fn data(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/flink")
        .join(name)
}

/// `flinksh --gateway URL -o csv` running an endless query of a datagen table named
/// `table` (five rows a second), once its header and first row arrived.
fn start_endless_query(
    shell: &Shell,
    url: &str,
    table: &str,
) -> (Child, Lines<BufReader<ChildStdout>>) {
    let script = format!(
        "CREATE TEMPORARY TABLE {table} (id BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '5');\n\
         SELECT id FROM {table};\n"
    );
    let mut child =
        spawn_piped(
            shell
                .std_cmd()
                .args(["--gateway", url, "-o", "csv", "-e", &script]),
        );
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    assert_eq!(lines.next().and_then(|l| l.ok()).as_deref(), Some("op,id"));
    let first = lines.next().and_then(|l| l.ok()).unwrap_or_default();
    assert!(first.starts_with("+I,"), "{first}");
    (child, lines)
}

/// Signals the shell and returns its exit code and what it printed on stderr.
fn stop_with(mut child: Child, sig: i32) -> (Option<i32>, String) {
    signal(child.id(), sig);
    let status = exit_within(&mut child, Duration::from_secs(120));
    let stderr = take_stderr(&mut child);
    (status.and_then(|s| s.code()), stderr)
}

/// Runs `tests/data/flink/NAME.sql` with `-o tableau` and compares standard output with
/// `NAME.tableau`, the tables the Flink SQL Client printed for the same file.
fn assert_prints_like_the_sql_client(url: &str, name: &str) {
    let shell = Shell::new();
    let out = flinksh(&shell, url)
        .args(["-o", "tableau", "-f"])
        .arg(data(&format!("{name}.sql")))
        .output()
        .expect("run flinksh");
    assert!(out.status.success(), "{out:?}");
    let expected = std::fs::read_to_string(data(&format!("{name}.tableau"))).expect("golden");
    let got = String::from_utf8_lossy(&out.stdout);
    if got != expected {
        let first = got
            .lines()
            .zip(expected.lines())
            .position(|(g, e)| g != e)
            .unwrap_or(0);
        panic!(
            "{name}: flinksh differs from the Flink SQL Client at line {}:\n flinksh: {:?}\n   Flink: {:?}\n\n{got}",
            first + 1,
            got.lines().nth(first),
            expected.lines().nth(first)
        );
    }
}

#[test]
fn every_type_prints_as_the_flink_sql_client_prints_it() {
    let Some(url) = gateway_url() else { return };
    assert_prints_like_the_sql_client(&url, "values");
}

#[test]
fn streaming_results_print_as_the_flink_sql_client_prints_them() {
    let Some(url) = gateway_url() else { return };
    assert_prints_like_the_sql_client(&url, "streaming");
}

#[test]
fn a_plan_keeps_its_lines_and_an_empty_result_prints_nothing() {
    let Some(url) = gateway_url() else { return };
    let shell = Shell::new();
    for format in ["table", "tableau", "csv", "json"] {
        let out = flinksh(&shell, &url)
            .args(["-o", format, "-e", "EXPLAIN SELECT 1"])
            .output()
            .expect("run flinksh");
        assert!(out.status.success(), "{out:?}");
        let stdout = String::from_utf8_lossy(&out.stdout);
        let lines: Vec<&str> = match format {
            // JSON keeps the plan in one string, its newlines escaped.
            "json" => {
                let parsed: serde_json::Value =
                    serde_json::from_slice(&out.stdout).expect("JSON output");
                let plan = parsed[0]["result"].as_str().unwrap_or("").to_string();
                assert!(
                    plan.lines().any(|l| l == "LogicalProject(EXPR$0=[1])"),
                    "{plan}"
                );
                continue;
            }
            _ => stdout.lines().collect(),
        };
        assert!(
            lines.iter().any(|l| {
                l.trim_matches(|c: char| c == '|' || c == ' ' || c == '"')
                    == "LogicalProject(EXPR$0=[1])"
            }),
            "{format}:\n{stdout}"
        );
    }
    // SHOW TABLES in a new session: no tables, so no table at all.
    for format in ["table", "tableau"] {
        let out = flinksh(&shell, &url)
            .args(["-o", format, "-e", "SHOW TABLES"])
            .output()
            .expect("run flinksh");
        assert!(out.status.success(), "{out:?}");
        assert_eq!(String::from_utf8_lossy(&out.stdout), "", "{format}");
    }
}

#[test]
fn a_row_limit_stops_an_unbounded_query_and_its_job_quietly() {
    let Some(url) = gateway_url() else { return };
    let shell = Shell::new();
    let table = unique("rows_gen");
    let script = format!(
        "CREATE TEMPORARY TABLE {table} (id BIGINT, name STRING) WITH ('connector' = 'datagen', 'rows-per-second' = '20');\n\
         SET 'client.max-rows' = '5';\n\
         SELECT id, name FROM {table};\n"
    );
    let out = flinksh(&shell, &url)
        .args(["-q", "-o", "tableau", "-e", &script])
        .output()
        .expect("run flinksh");
    assert!(out.status.success(), "{out:?}");
    assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{out:?}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let rows = stdout.lines().filter(|l| l.starts_with("| +I |")).count();
    assert_eq!(rows, 5, "{stdout}");
    // Flink's streaming tableau: widths from the types (BIGINT 20, STRING 30).
    assert_eq!(
        stdout.lines().next(),
        Some("+----+----------------------+--------------------------------+")
    );
    assert_eq!(
        stdout.lines().nth(1),
        Some("| op |                   id |                           name |")
    );
    let statuses = job_statuses(&shell, &url, &table);
    assert!(
        !statuses.is_empty(),
        "the query's job is listed by SHOW JOBS"
    );
    assert!(
        statuses.iter().all(|s| s == "CANCELED"),
        "the job ended before flinksh did: {statuses:?}"
    );
}

#[test]
fn ctrl_c_stops_a_streaming_query_once_its_job_is_gone() {
    let Some(url) = gateway_url() else { return };
    let shell = Shell::new();
    let table = unique("ctrl_c_gen");
    let _cleanup = StopJobsOn {
        url: url.clone(),
        table: table.clone(),
    };
    let (child, _rows) = start_endless_query(&shell, &url, &table);
    let (code, stderr) = stop_with(child, libc::SIGINT);
    assert_eq!(code, Some(130), "{stderr}");
    assert_eq!(stderr, "Statement stopped.\n");
    let statuses = wait_for_jobs_to_end(&shell, &url, &table);
    assert!(
        !statuses.is_empty() && statuses.iter().all(|s| s == "CANCELED"),
        "{statuses:?}"
    );
}

#[test]
fn sigterm_stops_a_streaming_query_and_its_job_then_exits_143() {
    let Some(url) = gateway_url() else { return };
    let shell = Shell::new();
    let table = unique("sigterm_gen");
    let _cleanup = StopJobsOn {
        url: url.clone(),
        table: table.clone(),
    };
    let (child, _rows) = start_endless_query(&shell, &url, &table);
    assert_eq!(job_statuses(&shell, &url, &table), ["RUNNING"]);
    let (code, stderr) = stop_with(child, libc::SIGTERM);
    assert_eq!(code, Some(143), "{stderr}");
    assert_eq!(stderr, "Statement stopped.\n");
    // Gone already when the shell has exited, not some time later.
    let statuses = job_statuses(&shell, &url, &table);
    assert!(
        !statuses.is_empty() && statuses.iter().all(|s| s == "CANCELED"),
        "{statuses:?}"
    );
}

#[test]
fn timestamp_ltz_follows_the_local_time_zone_in_every_format() {
    let Some(url) = gateway_url() else { return };
    let shell = Shell::new();
    let out = flinksh(&shell, &url)
        .args([
            "-q",
            "-o",
            "csv",
            "-e",
            "SET 'execution.runtime-mode' = 'batch'; SET 'table.local-time-zone' = 'Asia/Tokyo'; \
             SELECT TO_TIMESTAMP_LTZ(0, 3) AS t, CAST(1.5 AS DECIMAL(5, 2)) AS d, X'0102' AS b, INTERVAL '2' DAY AS i",
        ])
        .output()
        .expect("run flinksh");
    assert!(out.status.success(), "{out:?}");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "t,d,b,i\n1970-01-01 09:00:00.000,1.50,x'0102',+2 00:00:00.000\n"
    );
}

#[test]
fn a_time_zone_flink_does_not_know_fails_until_it_is_reset() {
    let Some(url) = gateway_url() else { return };
    let shell = Shell::new();
    let out = flinksh(&shell, &url)
        .args([
            "-q",
            "--on-error",
            "continue",
            "-o",
            "csv",
            "-e",
            "SET 'execution.runtime-mode' = 'batch'; SET 'table.local-time-zone' = 'Nowhere/City'; \
             SELECT 1 AS a; RESET 'table.local-time-zone'; SELECT 2 AS b;",
        ])
        .output()
        .expect("run flinksh");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("Nowhere/City"), "{stderr}");
    // The RESET reaches the gateway session too, so the next statement runs.
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "b\n2\n");
}
