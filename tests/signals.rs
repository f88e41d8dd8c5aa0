//! SIGTERM and SIGHUP: a running statement is stopped on the server, as Ctrl-C stops
//! it, and the shell exits with 128 + the signal; with nothing running it exits at
//! once; a second signal does not wait for the stop.

#![cfg(unix)]

#[path = "support/gateway.rs"]
mod fake;
mod support;
#[path = "util/mod.rs"]
mod util;

use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use fake::{Script, not_ready, payload};
use rexpect::session::PtySession;
use serde_json::json;
use support::{FakeConfig, Fault, StatementScript};
use util::Shell;
use util::process::{
    self, exit_code_within, pty_exit_code, scrub_env, signal, spawn_piped, take_stderr,
};

/// A fake gateway whose query `FROM endless` sends one row, `n` = `value`, and then
/// runs for ever.
fn endless_query_gateway(value: i32) -> fake::Gateway {
    let gw = fake::start();
    gw.script(
        "FROM endless",
        Script::Pages(vec![
            payload(
                &[("n", json!({"type": "INTEGER", "nullable": false}))],
                &[("INSERT", json!([value]))],
            ),
            not_ready(),
        ]),
    );
    gw
}

/// `flinksh --gateway URL -o csv -e SQL`, with stdout and stderr piped.
fn spawn_on_gateway(shell: &Shell, url: &str, sql: &str) -> Child {
    spawn_piped(
        shell
            .std_cmd()
            .args(["--gateway", url, "-o", "csv", "-e", sql]),
    )
}

/// A query on the fake gateway that sends one row and then runs for ever; `sig` while
/// it runs must close its operation (and the session) and exit with `code`.
fn a_signal_stops_an_endless_query_on_the_gateway(sig: i32, code: i32) {
    let gw = endless_query_gateway(1);
    let shell = Shell::new();
    let mut child = spawn_on_gateway(&shell, &gw.url(), "SELECT n FROM endless");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    assert_eq!(lines.next().and_then(|l| l.ok()).as_deref(), Some("op,n"));
    assert_eq!(lines.next().and_then(|l| l.ok()).as_deref(), Some("+I,1"));
    assert!(gw.closed_operations().is_empty(), "the query still runs");
    signal(child.id(), sig);
    let exit = exit_code_within(&mut child, Duration::from_secs(20));
    let stderr = take_stderr(&mut child);
    assert_eq!(exit, Some(code), "{stderr}");
    assert_eq!(stderr, "Statement stopped.\n");
    // Every operation is closed: the query's, and that of the SHOW JOBS that checked
    // its job ended; and the session is closed too.
    assert!(!gw.closed_operations().is_empty());
    assert_eq!(gw.closed_operations().len(), gw.statements().len());
    assert!(gw.cancelled().is_empty());
    assert_eq!(gw.sessions_closed(), gw.sessions_opened());
}

#[test]
fn sigterm_stops_a_streaming_query_on_the_gateway_and_exits_143() {
    a_signal_stops_an_endless_query_on_the_gateway(libc::SIGTERM, 143);
}

#[test]
fn sighup_stops_a_streaming_query_on_the_gateway_and_exits_129() {
    a_signal_stops_an_endless_query_on_the_gateway(libc::SIGHUP, 129);
}

/// An unbounded Cloud statement that has sent its one row.
fn start_endless_cloud_statement(fake: &support::FakeHandle, shell: &Shell) -> Child {
    fake.script(
        "FROM clicks",
        StatementScript {
            phases: vec!["PENDING".into(), "RUNNING".into()],
            columns: vec![json!({"name": "n", "type": {"type": "BIGINT", "nullable": false}})],
            is_bounded: false,
            rows: vec![json!({"op": 0, "row": ["1"]})],
            ..StatementScript::default()
        },
    );
    let mut child = spawn_piped(
        shell
            .std_cmd()
            .env("CLOUD_API_KEY", "CLOUDKEY123")
            .env("CLOUD_API_SECRET", "cloud-secret")
            .env("FLINK_API_KEY", "FLINKKEY")
            .env("FLINK_API_SECRET", "flink-secret")
            .args(["--url", &fake.url()])
            .args(["--organization", "b0b21724-4586-4a07-b787-d0bb5aacbf87"])
            .args(["--environment", "env-a1b2c3", "--cloud", "aws"])
            .args(["--region", "us-west-2", "--compute-pool", "lfcp-abc123"])
            .args(["-o", "csv", "-e", "SELECT n FROM clicks"]),
    );
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    assert_eq!(lines.next().and_then(|l| l.ok()).as_deref(), Some("op,n"));
    assert_eq!(lines.next().and_then(|l| l.ok()).as_deref(), Some("+I,1"));
    child
}

#[test]
fn sigterm_deletes_a_running_cloud_statement_and_exits_143() {
    let (_, fake) = support::start(FakeConfig::default());
    let shell = Shell::new();
    let mut child = start_endless_cloud_statement(&fake, &shell);
    assert!(!fake.statements()[0].deleted);
    signal(child.id(), libc::SIGTERM);
    let exit = exit_code_within(&mut child, Duration::from_secs(20));
    let stderr = take_stderr(&mut child);
    assert_eq!(exit, Some(143), "{stderr}");
    let statements = fake.statements();
    assert_eq!(statements.len(), 1);
    assert!(statements[0].deleted, "the statement was stopped: {stderr}");
}

#[test]
fn a_second_sigterm_ends_the_shell_without_waiting_for_the_stop() {
    let (_, fake) = support::start(FakeConfig::default());
    let shell = Shell::new();
    let mut child = start_endless_cloud_statement(&fake, &shell);
    // The server asks the DELETE to come back in 30 s: the stop would take that long.
    let name = fake.statements()[0].name.clone();
    fake.inject(
        "DELETE",
        &format!("/statements/{name}"),
        Fault::TooManyRequests {
            retry_after_secs: 30,
        },
    );
    signal(child.id(), libc::SIGTERM);
    let waited = Instant::now();
    while !fake.requests().iter().any(|r| r.method == "DELETE") {
        assert!(waited.elapsed() < Duration::from_secs(10), "no DELETE sent");
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(child.try_wait().expect("wait").is_none(), "still stopping");
    let second = Instant::now();
    signal(child.id(), libc::SIGTERM);
    let exit = exit_code_within(&mut child, Duration::from_secs(20));
    assert_eq!(exit, Some(143), "{}", take_stderr(&mut child));
    assert!(
        second.elapsed() < Duration::from_secs(5),
        "{:?}",
        second.elapsed()
    );
}

#[test]
fn sigterm_while_a_script_is_being_read_exits_143_at_once() {
    let shell = Shell::new();
    // Standard input stays open and empty: nothing runs yet.
    let mut child = shell
        .std_cmd()
        .args(["-f", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start flinksh");
    std::thread::sleep(Duration::from_millis(300));
    let sent = Instant::now();
    signal(child.id(), libc::SIGTERM);
    let exit = exit_code_within(&mut child, Duration::from_secs(5));
    assert_eq!(exit, Some(143), "{}", take_stderr(&mut child));
    assert!(
        sent.elapsed() < Duration::from_secs(2),
        "{:?}",
        sent.elapsed()
    );
}

/// `flinksh` in a pty, escape sequences stripped.
fn pty(cmd: std::process::Command) -> PtySession {
    process::pty(cmd, Duration::from_secs(20), true)
}

/// Whether the terminal behind a pty's master edits lines itself (canonical mode), as
/// it did when the shell started; the prompt turns that off while it reads a line.
/// (Echo is no test: rexpect starts the shell with it off.)
fn line_editing(master: &std::fs::File) -> bool {
    use std::os::fd::AsRawFd;
    // SAFETY: tcgetattr only fills the zeroed struct from an open descriptor.
    let mut termios: libc::termios = unsafe { std::mem::zeroed() };
    assert_eq!(
        unsafe { libc::tcgetattr(master.as_raw_fd(), &mut termios) },
        0
    );
    termios.c_lflag & libc::ICANON != 0
}

#[test]
fn sigterm_at_an_idle_prompt_exits_143_at_once_and_the_history_is_kept() {
    let shell = Shell::new();
    let history = shell.dir().join("history");
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_flinksh"));
    scrub_env(&mut cmd)
        .env("HOME", shell.dir())
        .arg("--state-dir")
        .arg(shell.state_dir())
        .arg("--history-file")
        .arg(&history)
        .env("TERM", "xterm")
        .env("NO_COLOR", "1");
    let mut pty = pty(cmd);
    pty.exp_string("local> ").expect("prompt");
    pty.send_line("SELECT 41 + 1 AS answer;").expect("type");
    pty.exp_string("42").expect("result");
    pty.exp_string("local> ").expect("prompt again");
    let terminal = pty.process().get_file_handle().expect("pty");
    assert!(!line_editing(&terminal), "the prompt reads keys one by one");
    let sent = Instant::now();
    pty.process_mut()
        .signal(rexpect::process::Signal::SIGTERM)
        .expect("signal");
    pty.exp_eof().expect("exit");
    assert_eq!(pty_exit_code(&pty), 143);
    assert!(
        sent.elapsed() < Duration::from_secs(2),
        "{:?}",
        sent.elapsed()
    );
    assert!(
        line_editing(&terminal),
        "the terminal is left as it was found"
    );
    let saved = std::fs::read_to_string(&history).expect("history file");
    assert!(saved.contains("SELECT 41 + 1 AS answer;"), "{saved}");
}

#[test]
fn sigterm_during_a_query_at_the_prompt_stops_it_and_ends_the_shell() {
    let gw = endless_query_gateway(7);
    let shell = Shell::new();
    let mut cmd = shell.std_cmd();
    cmd.args(["--gateway", &gw.url(), "-o", "csv"])
        .env("TERM", "xterm")
        .env("NO_COLOR", "1");
    let mut pty = pty(cmd);
    pty.exp_string("gateway> ").expect("prompt");
    pty.send_line("SELECT n FROM endless;").expect("type");
    pty.exp_string("+I,7").expect("the row");
    pty.process_mut()
        .signal(rexpect::process::Signal::SIGTERM)
        .expect("signal");
    // Not back to the prompt: the shell ends once the statement is stopped.
    let rest = pty.exp_eof().expect("exit");
    assert!(rest.contains("Statement stopped."), "{rest:?}");
    assert!(!rest.contains("gateway> "), "{rest:?}");
    assert_eq!(pty_exit_code(&pty), 143);
    assert_eq!(gw.closed_operations().len(), gw.statements().len());
    assert_eq!(gw.sessions_closed(), gw.sessions_opened());
}

#[test]
fn sigterm_during_the_init_file_stops_its_query_and_shows_no_prompt() {
    let gw = endless_query_gateway(8);
    let shell = Shell::new();
    let init = shell.write("init.sql", "SELECT n FROM endless;\n");
    let mut cmd = shell.std_cmd();
    cmd.args(["--gateway", &gw.url(), "-o", "csv", "-i"])
        .arg(&init)
        .env("TERM", "xterm")
        .env("NO_COLOR", "1");
    let mut pty = pty(cmd);
    pty.exp_string("+I,8").expect("the row");
    pty.process_mut()
        .signal(rexpect::process::Signal::SIGTERM)
        .expect("signal");
    let rest = pty.exp_eof().expect("exit");
    assert!(rest.contains("Statement stopped."), "{rest:?}");
    assert!(!rest.contains("gateway> "), "{rest:?}");
    assert_eq!(pty_exit_code(&pty), 143);
    assert_eq!(gw.closed_operations().len(), gw.statements().len());
}

#[test]
fn help_names_the_signal_exit_codes() {
    let out = Shell::new()
        .cmd()
        .arg("--help")
        .output()
        .expect("run flinksh");
    let help = util::stdout(&out);
    assert!(help.contains("143 SIGTERM, 129 SIGHUP"), "{help}");
}

#[test]
fn sigterm_during_a_local_insert_rolls_it_back_and_keeps_the_acknowledged_ones() {
    let shell = Shell::new();
    // The second INSERT writes ten billion rows: it does not end on its own for hours.
    let mut child = shell
        .std_cmd()
        .args([
            "-e",
            "CREATE TABLE t (n BIGINT); INSERT INTO t VALUES (1);",
            "-e",
            "CREATE TABLE seq (n BIGINT) WITH ('connector' = 'datagen', \
             'number-of-rows' = '100000', 'fields.n.kind' = 'sequence', \
             'fields.n.start' = '1', 'fields.n.end' = '100000');",
            "-e",
            "INSERT INTO t SELECT a.n FROM seq AS a CROSS JOIN seq AS b;",
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start flinksh");
    let mut lines = BufReader::new(child.stderr.take().expect("stderr")).lines();
    assert_eq!(
        lines.next().and_then(|l| l.ok()).as_deref(),
        Some("Table 't' created.")
    );
    assert_eq!(
        lines.next().and_then(|l| l.ok()).as_deref(),
        Some("1 row inserted.")
    );
    assert_eq!(
        lines.next().and_then(|l| l.ok()).as_deref(),
        Some("Table 'seq' created; 100000 rows inserted.")
    );
    // Let the endless INSERT write for a while.
    std::thread::sleep(Duration::from_millis(500));
    assert!(child.try_wait().expect("wait").is_none());
    signal(child.id(), libc::SIGTERM);
    let exit = exit_code_within(&mut child, Duration::from_secs(10));
    assert_eq!(exit, Some(143));
    let out = shell
        .cmd()
        .args(["-o", "csv", "-e", "SELECT count(*) AS n FROM t"])
        .output()
        .expect("run");
    assert_eq!(util::stdout(&out), "n\n1\n", "{}", util::stderr(&out));
}
