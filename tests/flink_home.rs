//! `flinksh --flink-home DIR`: the shell starts the distribution's SQL Gateway, runs
//! statements on it and never leaves its JVM behind — on exit, on a failed script, on
//! Ctrl-C and when the shell itself is killed with SIGKILL.
//!
//! Tests marked "real" start the real Flink 2.3 gateway from `FLINKSH_TEST_FLINK_HOME`
//! (built by `shared/flink-gateway/make-flink-home`, set by `.ci/run`) and skip without
//! it. The others use a fake distribution whose `bin/sql-gateway.sh` is a small bash
//! script, so they need no Java and always run.

#![cfg(unix)]

mod util;

use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::sync::{Mutex, mpsc};
use std::time::{Duration, Instant};

use util::process::{exit_within, lines_of, scrub_env, signal, spawn_piped, take_stderr};
use util::{required_env, stderr, stdout};

/// One real gateway JVM at a time: each takes ~0.5 GB and most of 2 cores to start.
static REAL_GATEWAY: Mutex<()> = Mutex::new(());

fn real_flink_home() -> Option<PathBuf> {
    required_env(
        "FLINKSH_TEST_FLINK_HOME",
        "build one with shared/flink-gateway/make-flink-home DIR",
    )
    .map(PathBuf::from)
}

/// A test's own directory; everything a started gateway writes (and every JVM's
/// command line, through `-Dlog.file`) mentions its state dir, which is how leftover
/// processes are found. Dropping it kills whatever is left, so a failing test leaves
/// no JVM behind either.
struct Sandbox {
    dir: tempfile::TempDir,
    children: Vec<Child>,
}

impl Sandbox {
    fn new() -> Sandbox {
        Sandbox {
            dir: tempfile::tempdir().expect("temp dir"),
            children: Vec::new(),
        }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn state_dir(&self) -> PathBuf {
        self.dir.path().join("state")
    }

    /// `flinksh` with this sandbox's state dir and nothing from the developer's
    /// environment that could choose another backend or size the JVM.
    fn flinksh(&self) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_flinksh"));
        scrub_env(&mut cmd);
        for var in [
            "FLINK_HOME",
            "FLINK_CONF_DIR",
            "JVM_ARGS",
            "FLINK_ENV_JAVA_OPTS",
            "FLINK_ENV_JAVA_OPTS_SQL_GATEWAY",
            "JAVA_TOOL_OPTIONS",
            "JDK_JAVA_OPTIONS",
        ] {
            cmd.env_remove(var);
        }
        cmd.env("HOME", self.path())
            .env("XDG_CONFIG_HOME", self.path().join("config"))
            .env("XDG_DATA_HOME", self.path().join("data"))
            .arg("--state-dir")
            .arg(self.state_dir())
            .arg("--no-history");
        cmd
    }

    /// `flinksh --flink-home HOME` with `JAVA_HOME` = `jdk`.
    fn with_home(&self, home: &Path, jdk: &Path) -> Command {
        let mut cmd = self.flinksh();
        cmd.env("JAVA_HOME", jdk).arg("--flink-home").arg(home);
        cmd
    }

    fn spawn(&mut self, mut cmd: Command) -> u32 {
        let child = spawn_piped(&mut cmd);
        let pid = child.id();
        self.children.push(child);
        pid
    }

    fn child(&mut self) -> &mut Child {
        self.children.last_mut().expect("a started flinksh")
    }

    /// Processes (other than this test) whose command line mentions the state dir.
    fn leftovers(&self) -> Vec<(i32, String)> {
        processes_mentioning(&self.state_dir().to_string_lossy())
    }

    /// Waits up to `limit` for every process of this sandbox to be gone.
    fn gone_within(&self, limit: Duration) -> Vec<(i32, String)> {
        let deadline = Instant::now() + limit;
        loop {
            let left = self.leftovers();
            if left.is_empty() || Instant::now() >= deadline {
                return left;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        for child in &mut self.children {
            let _ = child.kill();
            let _ = child.wait();
        }
        for (pid, _) in self.leftovers() {
            signal(pid as u32, libc::SIGKILL);
        }
    }
}

fn processes_mentioning(needle: &str) -> Vec<(i32, String)> {
    let me = std::process::id() as i32;
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<i32>().ok())
        .filter(|pid| *pid != me)
        .filter_map(|pid| {
            let raw = std::fs::read(format!("/proc/{pid}/cmdline")).ok()?;
            let cmdline = String::from_utf8_lossy(&raw).replace('\0', " ");
            // A zombie has an empty command line; it is dead already.
            cmdline.contains(needle).then_some((pid, cmdline))
        })
        .collect()
}

/// The local addresses (hex, as in /proc/net/tcp*) of the TCP sockets `pid` listens on.
fn listening_sockets(pid: i32) -> Vec<String> {
    let inodes: Vec<String> = std::fs::read_dir(format!("/proc/{pid}/fd"))
        .map(|fds| {
            fds.flatten()
                .filter_map(|fd| std::fs::read_link(fd.path()).ok())
                .filter_map(|target| {
                    let target = target.to_string_lossy().into_owned();
                    let inode = target.strip_prefix("socket:[")?.strip_suffix(']')?;
                    Some(inode.to_string())
                })
                .collect()
        })
        .unwrap_or_default();
    let mut addresses = Vec::new();
    for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
        let text = std::fs::read_to_string(table).unwrap_or_default();
        for line in text.lines().skip(1) {
            let cols: Vec<&str> = line.split_whitespace().collect();
            // local_address, state 0A = LISTEN, inode
            if cols.len() > 9 && cols[3] == "0A" && inodes.iter().any(|i| i == cols[9]) {
                addresses.push(cols[1].to_string());
            }
        }
    }
    addresses
}

/// 127.x.x.x (little-endian hex), ::1, or ::ffff:127.x.x.x.
fn is_loopback(hex_address: &str) -> bool {
    let ip = hex_address.split(':').next().unwrap_or_default();
    match ip.len() {
        8 => ip.ends_with("7F"),
        32 => {
            ip == "00000000000000000000000001000000"
                || (ip.starts_with("0000000000000000FFFF0000") && ip.ends_with("7F"))
        }
        _ => false,
    }
}

fn short(procs: &[(i32, String)]) -> Vec<String> {
    procs
        .iter()
        .map(|(pid, cmd)| format!("{pid}: {}", cmd.chars().take(160).collect::<String>()))
        .collect()
}

/// An unbounded query that yields a row a second, so it is surely running when the
/// first row arrives.
const ENDLESS: &str = "CREATE TEMPORARY TABLE ticks (n INT) WITH ('connector' = 'datagen', 'rows-per-second' = '1'); SELECT n FROM ticks;";
/// The first query of a fresh gateway starts a MiniCluster and warms up the planner.
const FIRST_ROW_LIMIT: Duration = Duration::from_secs(180);

/// Starts `flinksh --flink-home HOME` on `ENDLESS` and waits for its first data row;
/// returns the shell's pid and its further lines.
fn start_endless_query(sandbox: &mut Sandbox, home: &Path) -> (u32, mpsc::Receiver<String>) {
    let mut cmd = sandbox.flinksh();
    cmd.arg("--flink-home")
        .arg(home)
        .args(["-o", "csv", "-e", ENDLESS]);
    let pid = sandbox.spawn(cmd);
    let rows = lines_of(sandbox.child());
    let header = rows.recv_timeout(FIRST_ROW_LIMIT);
    assert!(
        header.is_ok(),
        "no output: {}",
        take_stderr(sandbox.child())
    );
    let row = rows.recv_timeout(Duration::from_secs(60));
    assert!(row.is_ok(), "no row: {}", take_stderr(sandbox.child()));
    (pid, rows)
}

/// The pid of the one gateway JVM the shell `pid` of this sandbox started.
fn the_gateway_jvm(sandbox: &Sandbox, pid: u32) -> i32 {
    let jvms: Vec<_> = sandbox
        .leftovers()
        .into_iter()
        .filter(|(p, cmd)| *p != pid as i32 && cmd.contains("java"))
        .collect();
    assert_eq!(jvms.len(), 1, "one gateway JVM: {:?}", short(&jvms));
    jvms[0].0
}

// ---- real Flink -----------------------------------------------------------------

#[test]
fn real_select_1_prints_1_and_leaves_no_jvm() {
    let Some(home) = real_flink_home() else {
        return;
    };
    let _one = REAL_GATEWAY.lock().unwrap_or_else(|e| e.into_inner());
    let sandbox = Sandbox::new();
    let out = sandbox
        .flinksh()
        .arg("--flink-home")
        .arg(&home)
        .args(["-o", "csv", "-e", "SELECT 1;"])
        .output()
        .expect("run flinksh");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    let last = text.lines().last().unwrap_or_default();
    assert_eq!(last.rsplit(',').next(), Some("1"), "{text}");
    // flinksh waited for its gateway: nothing is left the moment it has exited.
    let left = sandbox.leftovers();
    assert!(left.is_empty(), "still running: {:?}", short(&left));
    // The log went to the state dir, not into the distribution.
    let log = std::fs::read_to_string(sandbox.state_dir().join("flink-gateway/gateway.log"))
        .expect("gateway log in the state dir");
    assert!(log.contains("SqlGateway"), "{log}");
    assert!(log.contains("127.0.0.1"), "{log}");
    // After a clean stop the gateway's temp dir is gone too.
    let temp_dirs: Vec<_> = std::fs::read_dir(sandbox.state_dir().join("flink-gateway"))
        .expect("log dir")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("tmp-"))
        .collect();
    assert!(temp_dirs.is_empty(), "{temp_dirs:?}");
}

#[test]
fn real_failed_script_exits_1_and_stops_the_gateway() {
    let Some(home) = real_flink_home() else {
        return;
    };
    let _one = REAL_GATEWAY.lock().unwrap_or_else(|e| e.into_inner());
    let sandbox = Sandbox::new();
    let script = sandbox.path().join("deploy.sql");
    std::fs::write(&script, "SELECT * FROM no_such_table;\nSELECT 2;\n").expect("script");
    let out = sandbox
        .flinksh()
        .arg("--flink-home")
        .arg(&home)
        .arg("-f")
        .arg(&script)
        .output()
        .expect("run flinksh");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("no_such_table"), "{}", stderr(&out));
    assert_eq!(stdout(&out), "", "the second statement must not run");
    let left = sandbox.leftovers();
    assert!(left.is_empty(), "still running: {:?}", short(&left));
}

#[test]
fn real_ctrl_c_during_a_query_exits_130_and_stops_the_gateway() {
    let Some(home) = real_flink_home() else {
        return;
    };
    let _one = REAL_GATEWAY.lock().unwrap_or_else(|e| e.into_inner());
    let mut sandbox = Sandbox::new();
    let (pid, _rows) = start_endless_query(&mut sandbox, &home);
    // With a job running, the gateway JVM (REST endpoint, and the MiniCluster's
    // REST, blob and result servers) listens on loopback only.
    let jvm = the_gateway_jvm(&sandbox, pid);
    let listening = listening_sockets(jvm);
    assert!(!listening.is_empty());
    let exposed: Vec<_> = listening.iter().filter(|a| !is_loopback(a)).collect();
    assert!(exposed.is_empty(), "listening beyond loopback: {exposed:?}");
    signal(pid, libc::SIGINT);
    let status = exit_within(sandbox.child(), Duration::from_secs(30));
    assert_eq!(
        status.and_then(|s| s.code()),
        Some(130),
        "{}",
        take_stderr(sandbox.child())
    );
    let left = sandbox.leftovers();
    assert!(left.is_empty(), "still running: {:?}", short(&left));
}

#[test]
fn real_sigterm_during_a_query_exits_143_and_stops_the_gateway_cleanly() {
    let Some(home) = real_flink_home() else {
        return;
    };
    let _one = REAL_GATEWAY.lock().unwrap_or_else(|e| e.into_inner());
    let mut sandbox = Sandbox::new();
    let (pid, _rows) = start_endless_query(&mut sandbox, &home);
    signal(pid, libc::SIGTERM);
    let status = exit_within(sandbox.child(), Duration::from_secs(30));
    assert_eq!(
        status.and_then(|s| s.code()),
        Some(143),
        "{}",
        take_stderr(sandbox.child())
    );
    let left = sandbox.leftovers();
    assert!(left.is_empty(), "still running: {:?}", short(&left));
    // Stopped, not killed: the shell waited for the JVM and removed its temp dir.
    let temp_dir = sandbox.state_dir().join(format!("flink-gateway/tmp-{pid}"));
    assert!(!temp_dir.exists(), "{}", temp_dir.display());
}

#[test]
fn real_sigkill_of_flinksh_during_a_query_leaves_no_gateway() {
    let Some(home) = real_flink_home() else {
        return;
    };
    let _one = REAL_GATEWAY.lock().unwrap_or_else(|e| e.into_inner());
    let mut sandbox = Sandbox::new();
    let (pid, _rows) = start_endless_query(&mut sandbox, &home);
    the_gateway_jvm(&sandbox, pid);
    signal(pid, libc::SIGKILL);
    let _ = sandbox.child().wait();
    let left = sandbox.gone_within(Duration::from_secs(5));
    assert!(left.is_empty(), "still running: {:?}", short(&left));
    // What the killed JVM could not clean up is in the state dir, not in /tmp: the
    // planner jar it unpacked (~46 MB) is in this shell's temp dir, which the next
    // start removes.
    let temp_dir = sandbox.state_dir().join(format!("flink-gateway/tmp-{pid}"));
    let unpacked: Vec<_> = std::fs::read_dir(&temp_dir)
        .expect("the shell's temp dir")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        unpacked
            .iter()
            .any(|n| n.starts_with("flink-table-planner")),
        "{unpacked:?}"
    );
}

#[test]
fn real_home_without_java_on_path_says_how_to_get_one() {
    let Some(home) = real_flink_home() else {
        return;
    };
    let sandbox = Sandbox::new();
    let empty_path = sandbox.path().join("no-java-here");
    std::fs::create_dir_all(&empty_path).expect("dir");
    let out = sandbox
        .flinksh()
        .env("PATH", &empty_path)
        .env_remove("JAVA_HOME")
        .arg("--flink-home")
        .arg(&home)
        .args(["-e", "SELECT 1;"])
        .output()
        .expect("run flinksh");
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("no Java found"), "{err}");
    assert!(err.contains("Java 17"), "{err}");
    assert!(sandbox.leftovers().is_empty());
}

// ---- a fake distribution: no Java needed ------------------------------------------

/// A directory shaped like a Flink distribution whose `bin/sql-gateway.sh` runs
/// `script`, and a `JAVA_HOME` with a `bin/java` that is never run.
fn fake_home(root: &Path, script: &str, config_yaml: &str) -> (PathBuf, PathBuf) {
    let home = root.join("flink-2.3.0");
    for dir in ["bin", "lib", "opt", "conf"] {
        std::fs::create_dir_all(home.join(dir)).expect("dir");
    }
    for file in [
        "bin/config.sh",
        "bin/flink-console.sh",
        "lib/flink-dist-2.3.0.jar",
        "opt/flink-sql-gateway-2.3.0.jar",
    ] {
        std::fs::write(home.join(file), "").expect("file");
    }
    std::fs::write(
        home.join("bin/sql-gateway.sh"),
        format!("#!/usr/bin/env bash\n{script}\n"),
    )
    .expect("script");
    std::fs::write(home.join("conf/config.yaml"), config_yaml).expect("config");
    let jdk = root.join("jdk");
    std::fs::create_dir_all(jdk.join("bin")).expect("jdk");
    let java = jdk.join("bin/java");
    std::fs::write(&java, "#!/bin/sh\nexit 0\n").expect("java");
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&java, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    (home, jdk)
}

/// `flinksh --flink-home HOME -e 'SELECT 1;'` with `JAVA_HOME` = `jdk`, run to its end.
fn select_1(sandbox: &Sandbox, home: &Path, jdk: &Path) -> std::process::Output {
    sandbox
        .with_home(home, jdk)
        .args(["-e", "SELECT 1;"])
        .output()
        .expect("run flinksh")
}

/// Prints what it was started with, then fails like a gateway that cannot start.
const RECORD_AND_FAIL: &str = r#"echo "args: $*"
echo "cwd: $(pwd)"
echo "JVM_ARGS=[$JVM_ARGS] FLINK_LOG_DIR=$FLINK_LOG_DIR FLINK_PID_DIR=$FLINK_PID_DIR"
echo "Exception in thread main: could not start" >&2
exit 3"#;

/// Never answers: stands for a gateway that hangs. `exec -a` keeps the state dir in
/// its command line, so leftovers are found.
const HANG: &str = r#"echo "starting, slowly"
exec -a "fake-gateway $FLINK_LOG_DIR" sleep 300"#;

/// Starts `flinksh -e 'SELECT 1;'` on a fake distribution whose gateway never answers,
/// and waits for that stand-in gateway to run (it has exec'd, like the real scripts
/// do); returns the shell's pid.
fn start_hanging_gateway(sandbox: &mut Sandbox) -> u32 {
    let (home, jdk) = fake_home(sandbox.path(), HANG, "");
    let mut cmd = sandbox.with_home(&home, &jdk);
    cmd.args(["-e", "SELECT 1;"]);
    let pid = sandbox.spawn(cmd);
    let marker = format!("fake-gateway {}", sandbox.state_dir().display());
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline && processes_mentioning(&marker).is_empty() {
        std::thread::sleep(Duration::from_millis(50));
    }
    let gateway = processes_mentioning(&marker);
    assert_eq!(gateway.len(), 1, "{:?}", short(&gateway));
    pid
}

#[test]
fn a_missing_directory_is_refused_before_anything_runs() {
    let sandbox = Sandbox::new();
    let out = sandbox
        .flinksh()
        .arg("--flink-home")
        .arg(sandbox.path().join("nope"))
        .args(["-e", "SELECT 1;"])
        .output()
        .expect("run flinksh");
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("no such directory"), "{err}");
    assert!(err.contains("bin/sql-gateway.sh"), "{err}");
}

#[test]
fn a_directory_that_is_not_a_distribution_is_refused() {
    let sandbox = Sandbox::new();
    let dir = sandbox.path().join("downloads");
    std::fs::create_dir_all(dir.join("bin")).expect("dir");
    let out = sandbox
        .flinksh()
        .arg("--flink-home")
        .arg(&dir)
        .args(["-e", "SELECT 1;"])
        .output()
        .expect("run flinksh");
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("is not an Apache Flink distribution (bin/sql-gateway.sh is missing)"),
        "{err}"
    );

    // Scripts without the SQL Gateway jar: named too.
    let (home, jdk) = fake_home(sandbox.path(), "exit 0", "");
    std::fs::remove_file(home.join("opt/flink-sql-gateway-2.3.0.jar")).expect("rm");
    let out = select_1(&sandbox, &home, &jdk);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("opt/flink-sql-gateway-*.jar is missing"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn flink_home_from_the_environment_is_used_only_when_nothing_else_is_chosen() {
    let sandbox = Sandbox::new();
    let missing = sandbox.path().join("flink-missing");
    let out = sandbox
        .flinksh()
        .env("FLINK_HOME", &missing)
        .args(["-e", "SELECT 1;"])
        .output()
        .expect("run flinksh");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains(&format!(
            "FLINK_HOME={}: no such directory",
            missing.display()
        )),
        "{}",
        stderr(&out)
    );
    // --local (or any other backend) wins over FLINK_HOME.
    let out = sandbox
        .flinksh()
        .env("FLINK_HOME", &missing)
        .args(["--local", "-o", "csv", "-e", "SELECT 1 AS one;"])
        .output()
        .expect("run flinksh");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "one\n1\n");
}

#[test]
fn no_java_is_a_one_line_error_saying_which_java_to_install() {
    let sandbox = Sandbox::new();
    let (home, _jdk) = fake_home(sandbox.path(), RECORD_AND_FAIL, "");
    let out = sandbox
        .flinksh()
        .env("PATH", sandbox.path().join("empty"))
        .env_remove("JAVA_HOME")
        .arg("--flink-home")
        .arg(&home)
        .args(["-e", "SELECT 1;"])
        .output()
        .expect("run flinksh");
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("no Java found"), "{err}");
    assert!(err.contains("Java 17"), "{err}");
    assert!(err.contains("JAVA_HOME"), "{err}");
}

#[test]
fn the_gateway_is_started_on_loopback_with_local_execution_and_a_bounded_heap() {
    let sandbox = Sandbox::new();
    let (home, jdk) = fake_home(
        sandbox.path(),
        RECORD_AND_FAIL,
        "rest:\n  address: localhost\n",
    );
    let out = select_1(&sandbox, &home, &jdk);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    // The failure, then the log's last lines, then one error line naming the log.
    assert!(err.contains("args: start-foreground"), "{err}");
    for arg in [
        "-Dsql-gateway.endpoint.rest.address=127.0.0.1",
        "-Dsql-gateway.endpoint.rest.bind-address=127.0.0.1",
        "-Dsql-gateway.endpoint.rest.port=",
        "-Dexecution.target=local",
        "-Drest.bind-address=127.0.0.1",
    ] {
        assert!(err.contains(arg), "{arg}: {err}");
    }
    let log_dir = sandbox.state_dir().join("flink-gateway");
    // A bounded heap, and a temp dir of its own (see the stale temp dir test).
    assert!(err.contains("JVM_ARGS=[-Xmx1g -Djava.io.tmpdir="), "{err}");
    assert!(
        err.contains(&format!("-Djava.io.tmpdir={}/tmp-", log_dir.display())),
        "{err}"
    );
    assert!(
        err.contains(&format!("FLINK_LOG_DIR={}", log_dir.display())),
        "{err}"
    );
    assert!(err.contains("could not start"), "{err}");
    // No terminal, no spinner.
    assert!(!err.contains("starting the Flink SQL Gateway"), "{err}");
    let last = err.lines().last().unwrap_or_default();
    assert!(
        last.starts_with("Error: the Flink SQL Gateway of --flink-home"),
        "{err}"
    );
    assert!(
        last.contains("exited while starting (exit status: 3)"),
        "{err}"
    );
    assert!(
        last.contains(&log_dir.join("gateway.log").display().to_string()),
        "{err}"
    );
    // Flink logs statements, which may carry credentials: private to the user.
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &Path| std::fs::metadata(p).expect("exists").permissions().mode() & 0o777;
    assert_eq!(mode(&log_dir), 0o700);
    assert_eq!(mode(&log_dir.join("gateway.log")), 0o600);
}

#[test]
fn a_configured_cluster_and_heap_are_left_to_config_yaml() {
    let sandbox = Sandbox::new();
    let (home, jdk) = fake_home(
        sandbox.path(),
        RECORD_AND_FAIL,
        "rest:\n  address: jm.example.com\nenv:\n  java:\n    opts:\n      sql-gateway: -Xmx3g\n",
    );
    let run = |extra: &[&str]| {
        sandbox
            .with_home(&home, &jdk)
            .args(extra)
            .args(["-e", "SELECT 1;"])
            .output()
            .expect("run flinksh")
    };
    let err = stderr(&run(&[]));
    assert!(err.contains("JVM_ARGS=[-Djava.io.tmpdir="), "{err}");
    assert!(!err.contains("-Xmx1g"), "{err}");
    assert!(!err.contains("-Dexecution.target"), "{err}");
    // --flink-target says it outright.
    let err = stderr(&run(&["--flink-target", "remote"]));
    assert!(err.contains("-Dexecution.target=remote"), "{err}");
    let err = stderr(&run(&["--flink-target", "local"]));
    assert!(err.contains("-Dexecution.target=local"), "{err}");
    assert!(err.contains("-Drest.bind-address=127.0.0.1"), "{err}");
    // Not in remote mode: there it would only be a setting for somebody else's cluster.
    let err = stderr(&run(&["--flink-target", "remote"]));
    assert!(!err.contains("-Drest.bind-address"), "{err}");
}

#[test]
fn a_gateway_that_does_not_answer_in_time_is_stopped_and_its_log_shown() {
    let sandbox = Sandbox::new();
    let (home, jdk) = fake_home(sandbox.path(), HANG, "");
    let started = Instant::now();
    let out = sandbox
        .with_home(&home, &jdk)
        .args(["--flink-start-timeout", "1", "-e", "SELECT 1;"])
        .output()
        .expect("run flinksh");
    assert!(started.elapsed() < Duration::from_secs(30));
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("starting, slowly"), "{err}");
    let last = err.lines().last().unwrap_or_default();
    assert!(
        last.contains("did not answer within 1 s and was stopped"),
        "{err}"
    );
    assert!(last.contains("--flink-start-timeout"), "{err}");
    let left = sandbox.leftovers();
    assert!(left.is_empty(), "still running: {:?}", short(&left));
}

#[test]
fn sigkill_of_flinksh_takes_the_started_process_with_it() {
    let mut sandbox = Sandbox::new();
    let pid = start_hanging_gateway(&mut sandbox);
    signal(pid, libc::SIGKILL);
    let _ = sandbox.child().wait();
    let left = sandbox.gone_within(Duration::from_secs(5));
    assert!(left.is_empty(), "still running: {:?}", short(&left));
}

#[test]
fn at_a_terminal_a_spinner_says_what_is_starting() {
    use rexpect::session::{Options, spawn_with_options};
    let sandbox = Sandbox::new();
    let (home, jdk) = fake_home(sandbox.path(), HANG, "");
    let mut cmd = sandbox.with_home(&home, &jdk);
    cmd.args(["--flink-start-timeout", "3", "-e", "SELECT 1;"]);
    let options = Options::new()
        .timeout_ms(Some(20_000))
        .strip_ansi_escape_codes(true);
    let mut pty = spawn_with_options(cmd, options).expect("pty");
    pty.exp_string(&format!(
        "starting the Flink SQL Gateway of {} on 127.0.0.1:",
        home.display()
    ))
    .expect("spinner line");
    // It turns: the elapsed time goes on, then the start gives up.
    pty.exp_regex(r"127\.0\.0\.1:\d+ 1\.\ds")
        .expect("after 1 s");
    pty.exp_regex(r"127\.0\.0\.1:\d+ 2\.\ds")
        .expect("after 2 s");
    pty.exp_string("did not answer within 3 s")
        .expect("timeout");
    pty.exp_eof().expect("exit");
}

#[test]
fn a_relative_directory_works_and_the_working_directory_stays_the_users() {
    let sandbox = Sandbox::new();
    let (_home, jdk) = fake_home(sandbox.path(), RECORD_AND_FAIL, "");
    let out = sandbox
        .flinksh()
        .current_dir(sandbox.path())
        .env("JAVA_HOME", &jdk)
        .args(["--flink-home", "flink-2.3.0", "-e", "SELECT 1;"])
        .output()
        .expect("run flinksh");
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("args: start-foreground"), "{err}");
    let cwd = std::fs::canonicalize(sandbox.path()).expect("canonical");
    assert!(err.contains(&format!("cwd: {}", cwd.display())), "{err}");
}

#[test]
fn ctrl_c_while_the_gateway_starts_stops_it() {
    let mut sandbox = Sandbox::new();
    let pid = start_hanging_gateway(&mut sandbox);
    signal(pid, libc::SIGINT);
    let status = exit_within(sandbox.child(), Duration::from_secs(10)).expect("flinksh ended");
    use std::os::unix::process::ExitStatusExt;
    assert!(
        status.code() == Some(130) || status.signal() == Some(libc::SIGINT),
        "{status:?}"
    );
    let left = sandbox.gone_within(Duration::from_secs(5));
    assert!(left.is_empty(), "still running: {:?}", short(&left));
}

#[test]
fn sigterm_while_the_gateway_starts_exits_143_and_stops_it() {
    let mut sandbox = Sandbox::new();
    let pid = start_hanging_gateway(&mut sandbox);
    signal(pid, libc::SIGTERM);
    let status = exit_within(sandbox.child(), Duration::from_secs(10)).expect("flinksh ended");
    assert_eq!(status.code(), Some(143), "{status:?}");
    // Nothing ran yet, so the shell exited at once; the parent-death signal took the
    // gateway with it.
    let left = sandbox.gone_within(Duration::from_secs(5));
    assert!(left.is_empty(), "still running: {:?}", short(&left));
}

#[test]
fn a_java_too_old_for_flink_is_named_as_the_cause() {
    let sandbox = Sandbox::new();
    let (home, jdk) = fake_home(
        sandbox.path(),
        r#"echo 'Exception in thread "main" java.lang.UnsupportedClassVersionError: org/apache/flink/table/gateway/SqlGateway has been compiled by a more recent version of the Java Runtime (class file version 55.0)' >&2
exit 1"#,
        "",
    );
    let out = select_1(&sandbox, &home, &jdk);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    let last = err.lines().last().unwrap_or_default();
    assert!(last.contains("exited while starting"), "{err}");
    assert!(last.contains("the Java found is too old"), "{err}");
    assert!(last.contains("Java 11 or later"), "{err}");
}

#[test]
fn a_java_home_without_java_is_named() {
    let sandbox = Sandbox::new();
    let (home, _jdk) = fake_home(sandbox.path(), RECORD_AND_FAIL, "");
    let empty_jdk = sandbox.path().join("jdk-empty");
    std::fs::create_dir_all(&empty_jdk).expect("dir");
    let out = sandbox
        .flinksh()
        .env("PATH", sandbox.path().join("empty"))
        .env("JAVA_HOME", &empty_jdk)
        .arg("--flink-home")
        .arg(&home)
        .args(["-e", "SELECT 1;"])
        .output()
        .expect("run flinksh");
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "JAVA_HOME={} has no bin/java",
            empty_jdk.display()
        )),
        "{err}"
    );
}

#[test]
fn a_port_taken_before_the_gateway_binds_it_gets_one_more_try() {
    let sandbox = Sandbox::new();
    let (home, jdk) = fake_home(
        sandbox.path(),
        r#"if [ ! -e "$FLINK_LOG_DIR/tried" ]; then
  touch "$FLINK_LOG_DIR/tried"
  echo "java.net.BindException: Could not start rest endpoint on any port in port range $*: Address already in use" >&2
  exit 1
fi
echo "second try: $*"
exit 3"#,
        "",
    );
    let out = select_1(&sandbox, &home, &jdk);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("second try: start-foreground"), "{err}");
    assert!(!err.contains("Address already in use"), "{err}");
}

#[test]
fn temp_dirs_of_shells_that_were_killed_are_removed_at_the_next_start() {
    let sandbox = Sandbox::new();
    let (home, jdk) = fake_home(sandbox.path(), RECORD_AND_FAIL, "");
    let log_dir = sandbox.state_dir().join("flink-gateway");
    // A pid that surely ended: a child that has been waited for.
    let mut gone = Command::new("true").spawn().expect("true");
    let dead_pid = gone.id();
    gone.wait().expect("wait");
    let stale = log_dir.join(format!("tmp-{dead_pid}"));
    let live = log_dir.join(format!("tmp-{}", std::process::id()));
    for dir in [&stale, &live] {
        std::fs::create_dir_all(dir).expect("dir");
        std::fs::write(dir.join("flink-table-planner_x.jar"), "jar").expect("file");
    }
    let out = select_1(&sandbox, &home, &jdk);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(!stale.exists(), "the dead shell's temp dir is gone");
    assert!(live.exists(), "a running shell's temp dir stays");
    // This run's own temp dir went with its (failed) gateway.
    let own: Vec<_> = std::fs::read_dir(&log_dir)
        .expect("log dir")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("tmp-"))
        .collect();
    assert_eq!(own, vec![format!("tmp-{}", std::process::id())]);
}

#[test]
fn without_state_dir_the_log_goes_to_the_data_directory_not_the_working_one() {
    let sandbox = Sandbox::new();
    let (home, jdk) = fake_home(sandbox.path(), RECORD_AND_FAIL, "");
    let work = sandbox.path().join("work");
    std::fs::create_dir_all(&work).expect("work dir");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_flinksh"));
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("FLINKSH_") {
            cmd.env_remove(key);
        }
    }
    let out = cmd
        .env_remove("FLINK_HOME")
        .env_remove("FLINK_CONF_DIR")
        .env("HOME", sandbox.path())
        .env("XDG_CONFIG_HOME", sandbox.path().join("config"))
        .env("XDG_DATA_HOME", sandbox.path().join("data"))
        .env("JAVA_HOME", &jdk)
        .current_dir(&work)
        .arg("--flink-home")
        .arg(&home)
        .args(["--no-history", "-e", "SELECT 1;"])
        .output()
        .expect("run flinksh");
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    let log_dir = sandbox.path().join("data/flinksh/flink-gateway");
    assert!(
        err.contains(&format!("FLINK_LOG_DIR={}", log_dir.display())),
        "{err}"
    );
    assert!(
        std::fs::read_dir(&work).expect("work dir").next().is_none(),
        "nothing is written to the working directory"
    );
}
