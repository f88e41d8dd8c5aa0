//! `flinksh --gateway URL` against a fake Flink SQL Gateway: result pages, changelogs,
//! failures, the session's lifetime, USE and SET, and what the gateway cannot do.

#[path = "support/gateway.rs"]
mod fake;

use assert_cmd::Command;
use fake::{Script, eos, not_ready, payload};
use serde_json::json;

fn flinksh(url: &str, state: &tempfile::TempDir) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_flinksh"));
    cmd.args(["--no-history", "--state-dir"])
        .arg(state.path())
        .args(["--gateway", url])
        .env_remove("FLINKSH_URL")
        .env_remove("FLINKSH_PROFILE")
        .env_remove("FLINKSH_ORGANIZATION")
        .env_remove("NO_COLOR");
    cmd
}

fn int() -> serde_json::Value {
    json!({"type": "INTEGER", "nullable": false})
}

fn string() -> serde_json::Value {
    json!({"type": "VARCHAR", "nullable": true, "length": 2147483647})
}

#[test]
fn a_batch_select_prints_its_rows_across_pages() {
    let gw = fake::start();
    gw.set_runtime_mode("batch");
    let cols = [("id", int()), ("name", string())];
    gw.script(
        "FROM people",
        Script::Pages(vec![
            not_ready(),
            payload(&cols, &[("INSERT", json!([1, "Alice"]))]),
            not_ready(),
            payload(
                &cols,
                &[
                    ("INSERT", json!([2, null])),
                    ("INSERT", json!([3, "Carol, Jr."])),
                ],
            ),
            eos(),
        ]),
    );
    let state = tempfile::tempdir().unwrap();
    let out = flinksh(&gw.url(), &state)
        .args(["-o", "csv", "-e", "SELECT id, name FROM people"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "id,name\n1,Alice\n2,\n3,\"Carol, Jr.\"\n"
    );
    // The statement went as written; the result was released on the gateway.
    let sent = gw.statements();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0]["statement"], "SELECT id, name FROM people");
    assert_eq!(gw.closed_operations().len(), 1);
}

#[test]
fn a_streaming_changelog_prints_the_change_kinds() {
    let gw = fake::start();
    // No runtime mode from the gateway: Flink's default, streaming.
    let cols = [
        ("word", string()),
        ("cnt", json!({"type": "BIGINT", "nullable": true})),
    ];
    gw.script(
        "GROUP BY",
        Script::Pages(vec![
            payload(&cols, &[("INSERT", json!(["a", 1]))]),
            payload(
                &cols,
                &[
                    ("UPDATE_BEFORE", json!(["a", 1])),
                    ("UPDATE_AFTER", json!(["a", 2])),
                    ("DELETE", json!(["a", 2])),
                ],
            ),
            eos(),
        ]),
    );
    let state = tempfile::tempdir().unwrap();
    let out = flinksh(&gw.url(), &state)
        .args([
            "-o",
            "csv",
            "-e",
            "SELECT word, COUNT(*) AS cnt FROM words GROUP BY word",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "op,word,cnt\n+I,a,1\n-U,a,1\n+U,a,2\n-D,a,2\n"
    );
}

#[test]
fn a_failed_statement_prints_the_root_cause_and_exits_1() {
    let gw = fake::start();
    gw.script(
        "nosuch",
        Script::Fail(vec![
            "Internal server error.".into(),
            "<Exception on server side:\norg.apache.flink.runtime.rest.handler.RestHandlerException: Failed to fetchResults.\n\tat org.apache.flink.table.gateway.rest.handler.statement.FetchResultsHandler.handleRequest(FetchResultsHandler.java:91)\nCaused by: org.apache.flink.table.gateway.service.utils.SqlExecutionException: Failed to execute the operation op-2.\n\tat org.apache.flink.table.gateway.service.operation.OperationManager$Operation.processThrowable(OperationManager.java:414)\nCaused by: org.apache.flink.table.api.ValidationException: SQL validation failed. From line 1, column 15 to line 1, column 20: Object 'nosuch' not found\n\t... 14 more\nCaused by: org.apache.calcite.sql.validate.SqlValidatorException: Object 'nosuch' not found\n\t... 30 more\n\nEnd of exception on server side>".into(),
        ]),
    );
    let state = tempfile::tempdir().unwrap();
    let out = flinksh(&gw.url(), &state)
        .args(["-e", "SELECT * FROM nosuch", "-e", "SELECT 1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains(
            "SQL validation failed. From line 1, column 15 to line 1, column 20: Object 'nosuch' not found"
        ),
        "{stderr}"
    );
    assert!(!stderr.contains("Exception"), "{stderr}");
    // The script stopped at the failure; the session was still closed.
    assert_eq!(gw.statements().len(), 1);
    assert_eq!(gw.sessions_closed(), gw.sessions_opened());
}

#[test]
fn one_session_per_process_carries_use_and_set() {
    let gw = fake::start();
    let state = tempfile::tempdir().unwrap();
    let out = flinksh(&gw.url(), &state)
        .args([
            "-e",
            "USE CATALOG cat; USE db; SET 'execution.runtime-mode' = 'batch'; SET 'client.output' = 'csv'",
            "-e",
            "CREATE TABLE t (x INT); CREATE TABLE u (y INT)",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert_eq!(gw.sessions_opened().len(), 1);
    assert_eq!(gw.sessions_closed(), gw.sessions_opened());
    let sent: Vec<String> = gw
        .statements()
        .iter()
        .map(|b| b["statement"].as_str().unwrap().to_string())
        .collect();
    // USE is checked on the gateway when typed, and not sent again while unchanged.
    assert_eq!(
        sent,
        [
            "USE CATALOG `cat`",
            "USE `cat`.`db`",
            // The text as written, its semicolon included.
            "CREATE TABLE t (x INT);",
            "CREATE TABLE u (y INT)"
        ]
    );
    let last = gw.statements().pop().unwrap();
    assert_eq!(
        last["executionConfig"],
        json!({"execution.runtime-mode": "batch"})
    );
}

#[test]
fn a_forgotten_session_is_opened_again_with_the_same_catalog_database_and_set() {
    let gw = fake::start();
    gw.script("forget", Script::ForgetSession);
    let state = tempfile::tempdir().unwrap();
    let out = flinksh(&gw.url(), &state)
        .args([
            "-e",
            "USE CATALOG cat; USE db; SET 'execution.runtime-mode' = 'batch'",
            "-e",
            "CREATE TABLE forget (x INT)",
            "-e",
            "CREATE TABLE t (x INT)",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let notes: Vec<&str> = stderr.lines().filter(|l| l.contains("forgotten")).collect();
    assert_eq!(notes.len(), 1, "{stderr}");
    assert!(notes[0].contains("opened a new one"), "{stderr}");
    assert_eq!(gw.sessions_opened().len(), 2);
    let sent: Vec<(String, serde_json::Value)> = gw
        .requests()
        .iter()
        .filter(|r| r.path.ends_with("/statements"))
        .map(|r| {
            let session = r.path.split('/').nth(3).unwrap_or("").to_string();
            (session, r.body.clone())
        })
        .collect();
    let last = sent.len() - 1;
    let new_session = &sent[last].0;
    assert_eq!(new_session, &gw.sessions_opened()[1]);
    // In the new session: the catalog and database again, then the statement, with
    // the SET properties.
    let in_new: Vec<&str> = sent
        .iter()
        .filter(|(s, _)| s == new_session)
        .map(|(_, b)| b["statement"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        in_new,
        [
            "USE CATALOG `cat`",
            "USE `cat`.`db`",
            "CREATE TABLE t (x INT)"
        ]
    );
    assert_eq!(
        sent[last].1["executionConfig"],
        json!({"execution.runtime-mode": "batch"})
    );
}

#[test]
fn tableau_cuts_cells_at_the_sessions_max_column_width_unless_set() {
    let gw = fake::start();
    gw.set_runtime_mode("batch");
    gw.set_session_property("table.display.max-column-width", "10");
    let cols = [("s", string())];
    gw.script(
        "FROM words",
        Script::Pages(vec![
            payload(&cols, &[("INSERT", json!(["abcdefghijklmnop"]))]),
            eos(),
        ]),
    );
    let state = tempfile::tempdir().unwrap();
    let run = |sql: &str| {
        let out = flinksh(&gw.url(), &state)
            .args(["-q", "-o", "tableau", "-e", sql])
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    assert!(
        run("SELECT s FROM words").contains("| abcdefg... |"),
        "the gateway's setting"
    );
    assert!(
        run("SET 'table.display.max-column-width' = '12'; SELECT s FROM words")
            .contains("| abcdefghi... |"),
        "the shell's SET wins"
    );
}

#[test]
fn connection_statements_say_the_gateway_has_none() {
    let gw = fake::start();
    let state = tempfile::tempdir().unwrap();
    let out = flinksh(&gw.url(), &state)
        .args(["-e", "SHOW CONNECTIONS"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("the SQL Gateway has no connections API; CONNECTION statements need Confluent Cloud (--url) or the local backend"),
        "{stderr}"
    );
    assert!(gw.statements().is_empty());
}

#[test]
fn an_unreachable_gateway_exits_2() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let state = tempfile::tempdir().unwrap();
    let out = flinksh(&url, &state)
        .args(["-e", "SELECT 1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("cannot reach the SQL Gateway") && stderr.contains("--gateway"),
        "{stderr}"
    );
}

#[test]
fn a_row_limit_stops_an_endless_stream_by_closing_it() {
    let gw = fake::start();
    let cols = [("n", int())];
    // The last page is served again and again: the query never ends.
    gw.script(
        "FROM endless",
        Script::Pages(vec![payload(
            &cols,
            &[("INSERT", json!([1])), ("INSERT", json!([2]))],
        )]),
    );
    let state = tempfile::tempdir().unwrap();
    let out = flinksh(&gw.url(), &state)
        .args([
            "-o",
            "csv",
            "-e",
            "SET 'client.max-rows' = '3'",
            "-e",
            "SELECT n FROM endless",
        ])
        .timeout(std::time::Duration::from_secs(20))
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "op,n\n+I,1\n+I,2\n+I,1\n"
    );
    // The query's operation is FINISHED: it is closed, not cancelled, and nothing is
    // said about it.
    assert!(gw.cancelled().is_empty(), "{out:?}");
    assert_eq!(
        gw.closed_operations().len(),
        gw.statements().len(),
        "{out:?}"
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "Property 'client.max-rows' set.\n",
        "{out:?}"
    );
    assert_eq!(gw.sessions_closed(), gw.sessions_opened());
}

#[test]
fn use_of_a_missing_catalog_fails_on_the_gateway() {
    let gw = fake::start();
    gw.script(
        "`nope`",
        Script::Fail(vec![
            "Internal server error.".into(),
            "<Exception on server side:\norg.apache.flink.table.gateway.api.utils.SqlGatewayException: Failed to fetchResults.\nCaused by: org.apache.flink.table.catalog.exceptions.CatalogException: A catalog with name [nope] does not exist.\n\tat a.b(C.java:1)\n\nEnd of exception on server side>".into(),
        ]),
    );
    let state = tempfile::tempdir().unwrap();
    let out = flinksh(&gw.url(), &state)
        .args(["-e", "USE CATALOG nope", "-e", "SELECT 1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("A catalog with name [nope] does not exist."),
        "{stderr}"
    );
    assert_eq!(gw.statements().len(), 1);
}

#[test]
fn ctrl_c_stops_a_running_query_and_exits_130() {
    use std::io::{BufRead, BufReader};
    let gw = fake::start();
    let cols = [("n", int())];
    // One row, then the query keeps running with nothing new.
    gw.script(
        "FROM slow",
        Script::Pages(vec![payload(&cols, &[("INSERT", json!([1]))]), not_ready()]),
    );
    let state = tempfile::tempdir().unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_flinksh"))
        .args(["--no-history", "--state-dir"])
        .arg(state.path())
        .args([
            "--gateway",
            &gw.url(),
            "-o",
            "csv",
            "-e",
            "SELECT n FROM slow",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    assert_eq!(lines.next().unwrap().unwrap(), "op,n");
    assert_eq!(lines.next().unwrap().unwrap(), "+I,1");
    // SAFETY: signalling a child process this test started.
    unsafe {
        libc::kill(child.id() as libc::pid_t, libc::SIGINT);
    }
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(130));
    assert!(gw.cancelled().is_empty());
    // Every operation is closed: the query's, and that of the SHOW JOBS that checked
    // its job ended.
    assert_eq!(gw.closed_operations().len(), gw.statements().len());
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    assert_eq!(stderr, "Statement stopped.\n");
    assert_eq!(gw.sessions_closed(), gw.sessions_opened());
}

#[test]
fn the_session_gets_heartbeats_while_the_prompt_is_idle() {
    use rexpect::session::{Options, spawn_with_options};
    let gw = fake::start();
    // A gateway that forgets idle sessions after 600 ms: heartbeats every 200 ms.
    gw.set_session_property("sql-gateway.session.idle-timeout", "600 ms");
    let state = tempfile::tempdir().unwrap();
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_flinksh"));
    cmd.args(["--no-history", "--state-dir"])
        .arg(state.path())
        .args(["--gateway", &gw.url()])
        .env("NO_COLOR", "1")
        .env("TERM", "xterm");
    let options = Options::new()
        .timeout_ms(Some(20_000))
        .strip_ansi_escape_codes(true);
    let mut pty = spawn_with_options(cmd, options).unwrap();
    pty.exp_string("gateway> ").unwrap();
    let heartbeats = || {
        gw.requests()
            .iter()
            .filter(|r| r.method == "POST" && r.path.ends_with("/heartbeat"))
            .count()
    };
    let waited = std::time::Instant::now();
    while heartbeats() < 3 && waited.elapsed() < std::time::Duration::from_secs(10) {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert!(heartbeats() >= 3, "{:?}", gw.requests());
    // Nothing was typed: no statement was sent.
    assert!(gw.statements().is_empty());
    pty.send_line("QUIT").unwrap();
    pty.exp_eof().unwrap();
    assert_eq!(gw.sessions_closed(), gw.sessions_opened());
}

#[test]
fn a_proxy_503_is_retried_for_reads_but_never_for_a_statement_sent() {
    let gw = fake::start();
    gw.set_runtime_mode("batch");
    let cols = [("id", int())];
    gw.script(
        "FROM t",
        Script::Pages(vec![payload(&cols, &[("INSERT", json!([7]))]), eos()]),
    );
    // Fetching results changes nothing on the gateway: sent again.
    gw.unavailable("GET", "/result/", 2);
    let state = tempfile::tempdir().unwrap();
    let out = flinksh(&gw.url(), &state)
        .args(["-o", "csv", "-e", "SELECT id FROM t"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "id\n7\n");
    let fetches = |gw: &fake::Gateway| {
        gw.requests()
            .iter()
            .filter(|r| r.method == "GET" && r.path.contains("/result/"))
            .count()
    };
    assert!(fetches(&gw) >= 4, "two 503s, then the two pages");

    // A statement may have run before the proxy answered: it is not sent twice.
    let gw = fake::start();
    gw.unavailable("POST", "/statements", 1);
    let out = flinksh(&gw.url(), &state)
        .args(["-e", "SELECT 1"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("HTTP 503"), "{stderr}");
    assert!(
        stderr.contains("-e:1: the SQL Gateway is unavailable"),
        "no empty context before the reason: {stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert_eq!(
        gw.requests()
            .iter()
            .filter(|r| r.method == "POST" && r.path.ends_with("/statements"))
            .count(),
        1
    );
}
