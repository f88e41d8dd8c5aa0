//! `--flink-home`: runs an Apache Flink distribution's own SQL Gateway for the lifetime
//! of the shell, on a free loopback port, and makes sure no JVM outlives the shell.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::error::{Error, Result};

/// Heap for the gateway JVM unless the user sized it: the JVM's default is a quarter of
/// the machine's memory, and in local mode every job's MiniCluster lives in this JVM too.
pub const DEFAULT_HEAP: &str = "-Xmx1g";
/// How long a gateway gets to answer by default (2.5 s on an idle 2-core machine).
pub const DEFAULT_START_TIMEOUT: Duration = Duration::from_secs(120);
/// Time from SIGTERM to SIGKILL when the shell stops the gateway (it takes under 1 s).
const STOP_GRACE: Duration = Duration::from_secs(10);
const POLL: Duration = Duration::from_millis(100);
const LOG_TAIL_LINES: usize = 12;
const JAVA_HINT: &str = "Flink 2.3 needs Java 11 or later, Java 17 recommended: install one (e.g. `apt install openjdk-17-jre-headless`, `brew install openjdk@17`) and put it on PATH or set JAVA_HOME";

/// Where the started gateway runs jobs (`execution.target`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FlinkTarget {
    /// In a MiniCluster inside the gateway's JVM
    Local,
    /// On the session cluster that config.yaml names (rest.address, rest.port)
    Remote,
}

/// What `--flink-home` (or `FLINK_HOME`) asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlinkHome {
    pub dir: PathBuf,
    /// The directory came from `FLINK_HOME`, not from the flag (errors say which).
    pub from_env: bool,
    /// None: decided from config.yaml (see `execution_target`).
    pub target: Option<FlinkTarget>,
    pub start_timeout: Duration,
}

impl FlinkHome {
    fn label(&self) -> String {
        let dir = self.dir.display();
        if self.from_env {
            format!("FLINK_HOME={dir}")
        } else {
            format!("--flink-home {dir}")
        }
    }
}

/// A SQL Gateway this process started. Dropping it stops the gateway; if this process
/// dies without dropping it, the kernel kills the JVM (a parent-death signal).
pub struct LocalGateway {
    child: Child,
    url: String,
    temp_dir: PathBuf,
    verbose: bool,
}

impl LocalGateway {
    pub fn url(&self) -> &str {
        &self.url
    }

    fn stop(&mut self) {
        if matches!(self.child.try_wait(), Ok(Some(_))) {
            return;
        }
        let started = Instant::now();
        // The whole process group: a helper the start scripts run may still be alive.
        signal_group(&self.child, libc::SIGTERM);
        let mut stopped = false;
        while started.elapsed() < STOP_GRACE {
            if matches!(self.child.try_wait(), Ok(Some(_)) | Err(_)) {
                stopped = true;
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        if !stopped {
            signal_group(&self.child, libc::SIGKILL);
            let _ = self.child.wait();
        }
        if self.verbose {
            crate::status!(
                "Flink SQL Gateway stopped in {:.1} s{}",
                started.elapsed().as_secs_f64(),
                if stopped {
                    ""
                } else {
                    " (killed: SIGTERM did not stop it)"
                }
            );
        }
    }
}

impl Drop for LocalGateway {
    fn drop(&mut self) {
        self.stop();
        let _ = std::fs::remove_dir_all(&self.temp_dir);
    }
}

/// Removes the temp dirs (`tmp-PID`) of shells that no longer run: their gateway was
/// killed with them and could not clean up.
fn remove_stale_temp_dirs(log_dir: &Path) {
    let Ok(entries) = std::fs::read_dir(log_dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name
            .to_str()
            .and_then(|n| n.strip_prefix("tmp-"))
            .and_then(|p| p.parse::<i32>().ok())
        else {
            continue;
        };
        if !process_exists(pid) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

#[cfg(unix)]
fn process_exists(pid: i32) -> bool {
    // SAFETY: kill with signal 0 only checks; no memory-safety preconditions.
    let alive = unsafe { libc::kill(pid, 0) } == 0;
    alive || std::io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
}

#[cfg(not(unix))]
fn process_exists(_pid: i32) -> bool {
    true
}

/// Starts `home`'s SQL Gateway and waits until `GET /v1/info` answers. Must be called
/// on the thread that lives as long as the shell (the main thread): the parent-death
/// signal fires when the thread that started the child ends.
pub fn start(
    home: &FlinkHome,
    state_dir: &Path,
    verbose: bool,
    spinner: bool,
) -> Result<LocalGateway> {
    check_distribution(home)?;
    let conf_dir = std::env::var_os("FLINK_CONF_DIR")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| home.dir.join("conf"));
    let conf = read_config(&conf_dir.join("config.yaml"));
    find_java(&conf)?;

    let log_dir = state_dir.join("flink-gateway");
    create_private_dir(&log_dir)?;
    let log = log_dir.join("gateway.log");
    let target = execution_target(home.target, &conf);
    // The JVM unpacks ~70 MB of jars into its temp dir and deletes them only on a clean
    // exit; a private one per shell can be cleared after a kill (at the next start).
    remove_stale_temp_dirs(&log_dir);
    let temp_dir = log_dir.join(format!("tmp-{}", std::process::id()));
    let mut jvm_args = Vec::new();
    if !heap_configured(&conf) {
        jvm_args.push(DEFAULT_HEAP.to_string());
    }
    // JVM_ARGS is split on spaces by the scripts: a path with one stays out.
    if !temp_dir.to_string_lossy().contains(char::is_whitespace) {
        jvm_args.push(format!("-Djava.io.tmpdir={}", temp_dir.display()));
    }
    // The user's own JVM_ARGS come last, so that they win.
    jvm_args.extend(
        std::env::var("JVM_ARGS")
            .ok()
            .filter(|a| !a.trim().is_empty()),
    );
    let jvm_args = jvm_args.join(" ");

    // A port drawn here could be taken before the JVM binds it: one more try then.
    let mut attempt = 0;
    loop {
        attempt += 1;
        let port = free_port()?;
        // The shell's working directory stays the JVM's: relative paths in statements
        // (a filesystem table's 'path') mean what they mean to the user.
        let mut command = Command::new("bash");
        command
            .arg(script_path(home)?)
            .arg("start-foreground")
            .arg("-Dsql-gateway.endpoint.rest.address=127.0.0.1")
            // Without it Flink listens on every interface.
            .arg("-Dsql-gateway.endpoint.rest.bind-address=127.0.0.1")
            .arg(format!("-Dsql-gateway.endpoint.rest.port={port}"));
        if let Some(target) = target {
            command.arg(format!("-Dexecution.target={target}"));
        }
        // In local mode the jobs' MiniCluster opens Flink's REST API (job control, the
        // web UI) inside this JVM; Flink's default binds it to every interface.
        if target == Some("local") && !conf.contains_key("rest.bind-address") {
            command.arg("-Drest.bind-address=127.0.0.1");
        }
        // Logs and the pid file live with the shell's state: DIR may be read-only, and
        // a pid file in /tmp would be shared with the user's own `sql-gateway.sh stop`.
        command
            .env("FLINK_LOG_DIR", &log_dir)
            .env("FLINK_PID_DIR", &log_dir)
            .env("JVM_ARGS", &jvm_args);
        if verbose {
            crate::status!("starting the Flink SQL Gateway: {:?}", command);
        }
        create_private_dir(&temp_dir)?;
        let child = spawn(command, &log).inspect_err(|_| {
            let _ = std::fs::remove_dir_all(&temp_dir);
        })?;
        let mut gateway = LocalGateway {
            child,
            url: format!("http://127.0.0.1:{port}"),
            temp_dir: temp_dir.clone(),
            verbose: false,
        };
        let started = Instant::now();
        match wait_until_up(&mut gateway, home, port, spinner) {
            Ok(()) => {
                // At a terminal the spinner's line gives way to where things are.
                if verbose || spinner {
                    crate::status!(
                        "Flink SQL Gateway of {} started in {:.1} s at {} (log: {})",
                        home.dir.display(),
                        started.elapsed().as_secs_f64(),
                        gateway.url,
                        log.display()
                    );
                }
                gateway.verbose = verbose;
                return Ok(gateway);
            }
            Err(Failed::Exited(_))
                if attempt < 2 && log_mentions(&log, "Address already in use") =>
            {
                continue;
            }
            Err(failed) => {
                drop(gateway);
                return Err(failed.into_error(home, &log));
            }
        }
    }
}

enum Failed {
    Exited(String),
    TimedOut,
}

impl Failed {
    fn into_error(self, home: &FlinkHome, log: &Path) -> Error {
        let tail = log_tail(log);
        let hint = if tail
            .iter()
            .any(|l| l.contains("UnsupportedClassVersionError"))
        {
            format!(" — the Java found is too old: {JAVA_HINT}")
        } else {
            String::new()
        };
        if !tail.is_empty() {
            crate::status!("last lines of {}:", log.display());
            for line in &tail {
                crate::status!("  {line}");
            }
        }
        let what = match self {
            Failed::Exited(status) => format!("exited while starting ({status})"),
            Failed::TimedOut => format!(
                "did not answer within {} s and was stopped (wait longer with --flink-start-timeout SECONDS)",
                home.start_timeout.as_secs()
            ),
        };
        Error::connection(format!(
            "the Flink SQL Gateway of {} {what}; its log is {}{hint}",
            home.label(),
            log.display()
        ))
    }
}

fn wait_until_up(
    gateway: &mut LocalGateway,
    home: &FlinkHome,
    port: u16,
    show_spinner: bool,
) -> std::result::Result<(), Failed> {
    let started = Instant::now();
    use crate::backend::Progress;
    let mut spinner = crate::terminal::Spinner::new(show_spinner);
    let phase = format!(
        "starting the Flink SQL Gateway of {} on 127.0.0.1:{port}",
        home.dir.display()
    );
    let result = loop {
        if let Ok(Some(status)) = gateway.child.try_wait() {
            break Err(Failed::Exited(status.to_string()));
        }
        if info_answers(port) {
            break Ok(());
        }
        if started.elapsed() >= home.start_timeout {
            break Err(Failed::TimedOut);
        }
        spinner.tick(&phase, started.elapsed());
        std::thread::sleep(POLL);
    };
    spinner.clear();
    result
}

/// `GET /v1/info` answers 200: the REST endpoint is up (the gateway opens it last).
fn info_answers(port: u16) -> bool {
    let addr = (Ipv4Addr::LOCALHOST, port).into();
    let Ok(mut stream) = TcpStream::connect_timeout(&addr, Duration::from_millis(500)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let _ = stream.set_write_timeout(Some(Duration::from_secs(2)));
    let request =
        format!("GET /v1/info HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n");
    if stream.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut head = [0u8; 12];
    stream.read_exact(&mut head).is_ok() && head.starts_with(b"HTTP/1.1 200")
}

fn spawn(mut command: Command, log: &Path) -> Result<Child> {
    let open_log = || {
        let mut options = std::fs::OpenOptions::new();
        options.create(true).append(true);
        // Flink logs statements, and statements may carry credentials.
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        options.open(log).map_err(|e| {
            Error::config(format!(
                "cannot write the gateway log {}: {e}",
                log.display()
            ))
        })
    };
    let out = open_log()?;
    // Appending: another shell on the same state dir may be writing to it too.
    let _ = out.set_len(0);
    let err = out
        .try_clone()
        .map_err(|e| Error::config(format!("cannot write the gateway log: {e}")))?;
    command
        .stdin(Stdio::null())
        .stdout(Stdio::from(out))
        .stderr(Stdio::from(err));
    guard_child(&mut command);
    command.spawn().map_err(|e| {
        Error::config(format!(
            "cannot run bash to start the Flink SQL Gateway: {e}; Flink's scripts need bash on PATH"
        ))
    })
}

/// The child gets its own process group (a Ctrl-C at the terminal is the shell's to
/// handle, not the JVM's) and is killed by the kernel when the shell dies, however it
/// dies. Both survive `exec`, and the start scripts `exec` their way into the JVM.
#[cfg(unix)]
fn guard_child(command: &mut Command) {
    use std::os::unix::process::CommandExt;
    let parent = std::process::id();
    // SAFETY: only async-signal-safe calls (setpgid, prctl, getppid) between fork and exec.
    unsafe {
        command.pre_exec(move || {
            if libc::setpgid(0, 0) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            #[cfg(target_os = "linux")]
            {
                // SIGKILL, not SIGTERM: a JVM whose shutdown hangs would outlive the shell.
                if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                // The shell may have died between fork and prctl.
                if libc::getppid() as u32 != parent {
                    return Err(std::io::Error::other("flinksh exited"));
                }
            }
            let _ = parent;
            Ok(())
        });
    }
}

#[cfg(not(unix))]
fn guard_child(_command: &mut Command) {}

#[cfg(unix)]
fn signal_group(child: &Child, signal: i32) {
    if let Ok(pid) = i32::try_from(child.id()) {
        // SAFETY: kill has no memory-safety preconditions.
        unsafe {
            libc::kill(-pid, signal);
        }
    }
}

#[cfg(not(unix))]
fn signal_group(child: &Child, _signal: i32) {
    let _ = child;
}

fn script_path(home: &FlinkHome) -> Result<PathBuf> {
    std::path::absolute(&home.dir)
        .map(|dir| dir.join("bin").join("sql-gateway.sh"))
        .map_err(|e| Error::config(format!("{}: {e}", home.label())))
}

fn free_port() -> Result<u16> {
    TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| Error::config(format!("cannot find a free port on 127.0.0.1: {e}")))
}

fn create_private_dir(dir: &Path) -> Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir).map_err(|e| {
        Error::config(format!(
            "cannot create {} for the gateway's log: {e}; set --state-dir to a writable directory",
            dir.display()
        ))
    })
}

/// Refuses a directory that is not an unpacked Flink distribution before any script runs.
fn check_distribution(home: &FlinkHome) -> Result<()> {
    let label = home.label();
    if !home.dir.is_dir() {
        return Err(Error::config(format!(
            "{label}: no such directory; give the directory of an unpacked Apache Flink distribution (the one with bin/sql-gateway.sh)"
        )));
    }
    let missing = |what: &str| {
        Error::config(format!(
            "{label} is not an Apache Flink distribution ({what} is missing): give the directory where Flink was unpacked, e.g. flink-2.3.0"
        ))
    };
    for script in [
        "bin/sql-gateway.sh",
        "bin/config.sh",
        "bin/flink-console.sh",
    ] {
        if !home.dir.join(script).is_file() {
            return Err(missing(script));
        }
    }
    if !has_jar(&home.dir.join("lib"), "flink-dist") {
        return Err(missing("lib/flink-dist-*.jar"));
    }
    if !has_jar(&home.dir.join("opt"), "flink-sql-gateway") {
        return Err(missing("opt/flink-sql-gateway-*.jar"));
    }
    Ok(())
}

fn has_jar(dir: &Path, prefix: &str) -> bool {
    std::fs::read_dir(dir).is_ok_and(|entries| {
        entries.flatten().any(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            name.starts_with(prefix) && name.ends_with(".jar")
        })
    })
}

/// Finds `java` the way Flink's `bash-java-utils.sh` does: `env.java.home` from
/// config.yaml, then `JAVA_HOME`, then `PATH`.
fn find_java(conf: &BTreeMap<String, String>) -> Result<PathBuf> {
    let homes = [
        conf.get("env.java.home").map(PathBuf::from),
        std::env::var_os("JAVA_HOME")
            .filter(|h| !h.is_empty())
            .map(PathBuf::from),
    ];
    for home in homes.into_iter().flatten() {
        let java = home.join("bin").join("java");
        if is_executable(&java) {
            return Ok(java);
        }
    }
    let on_path = std::env::var_os("PATH")
        .iter()
        .flat_map(std::env::split_paths)
        .map(|dir| dir.join("java"))
        .find(|java| is_executable(java));
    on_path.ok_or_else(|| {
        let java_home = match std::env::var_os("JAVA_HOME").filter(|h| !h.is_empty()) {
            Some(home) => format!("JAVA_HOME={} has no bin/java", Path::new(&home).display()),
            None => "JAVA_HOME is not set".to_string(),
        };
        Error::config(format!(
            "no Java found ({java_home} and there is no java on PATH): {JAVA_HINT}"
        ))
    })
}

fn is_executable(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    }
    #[cfg(not(unix))]
    {
        path.is_file()
    }
}

/// The `execution.target` to pass, or None to leave it to config.yaml. A config that
/// sets `execution.target`, high availability, a JobManager REST port, or a JobManager
/// address other than loopback has a cluster in mind; Flink's default config
/// (localhost, no port) does not, since no cluster runs there unless someone started
/// one (then: `--flink-target remote`).
pub fn execution_target(
    flag: Option<FlinkTarget>,
    conf: &BTreeMap<String, String>,
) -> Option<&'static str> {
    match flag {
        Some(FlinkTarget::Local) => Some("local"),
        Some(FlinkTarget::Remote) => Some("remote"),
        None if configures_cluster(conf) => None,
        None => Some("local"),
    }
}

fn configures_cluster(conf: &BTreeMap<String, String>) -> bool {
    let remote_host = |key: &str| {
        conf.get(key).is_some_and(|host| {
            !matches!(
                host.to_ascii_lowercase().as_str(),
                "" | "localhost" | "127.0.0.1" | "::1" | "0.0.0.0"
            )
        })
    };
    conf.contains_key("execution.target")
        || conf.contains_key("rest.port")
        || conf
            .get("high-availability.type")
            .is_some_and(|ha| !ha.eq_ignore_ascii_case("none"))
        || remote_host("rest.address")
        || remote_host("jobmanager.rpc.address")
}

/// Whether the user sized the JVM heap: `-Xmx` or `-XX:MaxRAM…` in config.yaml's
/// `env.java.opts.*` or in the environment variables Flink's scripts and the JVM read.
pub fn heap_configured(conf: &BTreeMap<String, String>) -> bool {
    let sizes_heap = |opts: &str| opts.contains("-Xmx") || opts.contains("-XX:MaxRAM");
    conf.iter()
        .any(|(k, v)| k.starts_with("env.java.") && sizes_heap(v))
        || [
            "JVM_ARGS",
            "FLINK_ENV_JAVA_OPTS",
            "FLINK_ENV_JAVA_OPTS_SQL_GATEWAY",
            "JAVA_TOOL_OPTIONS",
            "JDK_JAVA_OPTIONS",
        ]
        .iter()
        .any(|var| std::env::var(var).is_ok_and(|v| sizes_heap(&v)))
}

/// config.yaml as flat `a.b.c` keys; unreadable means empty (Flink's scripts report it).
fn read_config(path: &Path) -> BTreeMap<String, String> {
    std::fs::read_to_string(path)
        .map(|text| flatten_yaml(&text))
        .unwrap_or_default()
}

/// Flattens the block mappings of a Flink config.yaml (`a:` / `  b: v` and `a.b: v`)
/// into `a.b = v`, which is all the keys read here need; lists and flow style are
/// skipped.
pub fn flatten_yaml(text: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut parents: Vec<(usize, String)> = Vec::new();
    for line in text.lines() {
        let content = line.trim_start();
        if content.is_empty() || content.starts_with('#') || content.starts_with('-') {
            continue;
        }
        let indent = line.len() - content.len();
        let Some((key, value)) = split_key(content) else {
            continue;
        };
        while parents.last().is_some_and(|(i, _)| *i >= indent) {
            parents.pop();
        }
        let value = strip_comment(value);
        if value.is_empty() {
            parents.push((indent, key.to_string()));
            continue;
        }
        let mut full: Vec<&str> = parents.iter().map(|(_, k)| k.as_str()).collect();
        full.push(key);
        out.insert(full.join("."), unquote(value).to_string());
    }
    out
}

fn split_key(content: &str) -> Option<(&str, &str)> {
    if let Some(key) = content.strip_suffix(':') {
        return Some((unquote(key.trim()), ""));
    }
    let (key, value) = content.split_once(": ")?;
    Some((unquote(key.trim()), value))
}

fn strip_comment(value: &str) -> &str {
    let value = value.trim();
    if value.starts_with(['"', '\'']) {
        return value;
    }
    value.split(" #").next().unwrap_or(value).trim()
}

fn unquote(value: &str) -> &str {
    for quote in ['"', '\''] {
        if let Some(inner) = value
            .strip_prefix(quote)
            .and_then(|v| v.strip_suffix(quote))
        {
            return inner;
        }
    }
    value
}

fn log_mentions(log: &Path, needle: &str) -> bool {
    log_tail(log).iter().any(|l| l.contains(needle))
}

/// The last lines of the gateway's log, safe to print on a terminal.
fn log_tail(log: &Path) -> Vec<String> {
    const WINDOW: u64 = 64 * 1024;
    let Ok(mut file) = File::open(log) else {
        return Vec::new();
    };
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    let _ = file.seek(SeekFrom::Start(len.saturating_sub(WINDOW)));
    let mut bytes = Vec::new();
    if file.read_to_end(&mut bytes).is_err() {
        return Vec::new();
    }
    let text = String::from_utf8_lossy(&bytes);
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    lines[lines.len().saturating_sub(LOG_TAIL_LINES)..]
        .iter()
        .map(|l| crate::util::one_line(l))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_yaml_flattens_nested_and_dotted_keys() {
        let conf = flatten_yaml(
            "# comment\nenv:\n  java:\n    opts:\n      all: --add-opens=x  # why\n\
             rest:\n  address: localhost\n  port: 8081\nexecution.target: \"remote\"\n\
             jobmanager:\n  rpc:\n    address: 'jm.example.com'\nlist:\n  - a\n  - b\n",
        );
        assert_eq!(conf["env.java.opts.all"], "--add-opens=x");
        assert_eq!(conf["rest.address"], "localhost");
        assert_eq!(conf["rest.port"], "8081");
        assert_eq!(conf["execution.target"], "remote");
        assert_eq!(conf["jobmanager.rpc.address"], "jm.example.com");
        assert!(!conf.contains_key("list"));
    }

    #[test]
    fn local_execution_unless_a_cluster_is_configured_or_asked_for() {
        let default = flatten_yaml(
            "rest:\n  address: localhost\njobmanager:\n  rpc:\n    address: localhost\n",
        );
        assert_eq!(execution_target(None, &default), Some("local"));
        assert_eq!(
            execution_target(Some(FlinkTarget::Remote), &default),
            Some("remote")
        );
        for cluster in [
            "rest.address: flink-jm.internal\n",
            "jobmanager:\n  rpc:\n    address: 10.0.0.5\n",
            "execution:\n  target: yarn-session\n",
            "high-availability:\n  type: zookeeper\n",
            "rest:\n  address: localhost\n  port: 18081\n",
        ] {
            let conf = flatten_yaml(cluster);
            assert_eq!(execution_target(None, &conf), None, "{cluster}");
            assert_eq!(
                execution_target(Some(FlinkTarget::Local), &conf),
                Some("local")
            );
        }
    }

    #[test]
    fn a_heap_in_config_yaml_is_left_alone() {
        assert!(heap_configured(&flatten_yaml(
            "env:\n  java:\n    opts:\n      sql-gateway: -Xmx4g\n"
        )));
        assert!(heap_configured(&flatten_yaml(
            "env.java.opts.all: -XX:MaxRAMPercentage=50\n"
        )));
    }
}
