//! Child processes and terminals: signals, waiting with a limit, reading what a child
//! printed, and `flinksh` in a pty.

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use rexpect::process::WaitStatus;
use rexpect::session::{Options, PtySession, spawn_with_options};

/// Starts `cmd` with no input and its stdout and stderr piped to the test.
pub fn spawn_piped(cmd: &mut Command) -> Child {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start flinksh")
}

/// Sends `signal` to a process this test started.
pub fn signal(pid: u32, signal: i32) {
    // SAFETY: kill has no memory-safety preconditions.
    unsafe {
        libc::kill(pid as libc::pid_t, signal);
    }
}

/// Waits for the child to end, at most `limit`; one still running then is killed (so
/// a failing test leaves nothing behind) and `None` returned.
pub fn exit_within(child: &mut Child, limit: Duration) -> Option<ExitStatus> {
    let deadline = Instant::now() + limit;
    while Instant::now() < deadline {
        if let Ok(Some(status)) = child.try_wait() {
            return Some(status);
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
    None
}

/// The exit code of a child that must end within `limit` (a signal death is `None`).
pub fn exit_code_within(child: &mut Child, limit: Duration) -> Option<i32> {
    match exit_within(child, limit) {
        Some(status) => status.code(),
        None => panic!("flinksh did not end within {limit:?}"),
    }
}

/// Everything left on the child's piped standard error.
pub fn take_stderr(child: &mut Child) -> String {
    let mut text = String::new();
    if let Some(mut err) = child.stderr.take() {
        let _ = err.read_to_string(&mut text);
    }
    text
}

/// Sends each line of the child's piped stdout through a channel, so a test can wait
/// for one with a time limit.
pub fn lines_of(child: &mut Child) -> mpsc::Receiver<String> {
    let (tx, rx) = mpsc::channel();
    let out = child.stdout.take().expect("piped stdout");
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

/// Removes what could make `flinksh` choose another backend or credentials than the
/// test gives it: `FLINKSH_*`, `FLINK_API_*`, `CLOUD_API_*` and `FLINK_HOME`.
pub fn scrub_env(cmd: &mut Command) -> &mut Command {
    for (key, _) in std::env::vars_os() {
        let key = key.to_string_lossy().into_owned();
        if key.starts_with("FLINKSH_")
            || key.starts_with("FLINK_API")
            || key.starts_with("CLOUD_API")
            || key == "FLINK_HOME"
        {
            cmd.env_remove(key);
        }
    }
    cmd
}

/// Runs `cmd` in a pty; `expect` calls give up after `timeout`.
pub fn pty(cmd: Command, timeout: Duration, strip_escapes: bool) -> PtySession {
    let options = Options::new()
        .timeout_ms(Some(timeout.as_millis() as u64))
        .strip_ansi_escape_codes(strip_escapes);
    spawn_with_options(cmd, options).expect("start flinksh in a pty")
}

/// The exit code of the pty's process, which must have exited on its own.
pub fn pty_exit_code(pty: &PtySession) -> i32 {
    match pty.process().wait().expect("wait for flinksh") {
        WaitStatus::Exited(_, code) => code,
        other => panic!("flinksh did not exit normally: {other:?}"),
    }
}
