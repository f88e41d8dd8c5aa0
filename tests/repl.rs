//! The interactive prompt, driven through a real pty: multi-line input, several
//! statements on a line, history across sessions and crashes, secrets kept out of
//! the history file, Ctrl-C and Ctrl-D, and colour only when wanted.

#![cfg(unix)]

use std::path::{Path, PathBuf};
use std::process::Command;

use rexpect::process::{Signal, WaitStatus};
use rexpect::session::{Options, PtySession, spawn_with_options};

const TIMEOUT_MS: u64 = 20_000;
const PROMPT: &str = "local> ";
const UP: &str = "\x1b[A";

struct Shell {
    pty: PtySession,
}

struct Paths {
    _dir: tempfile::TempDir,
    state: PathBuf,
    history: PathBuf,
}

fn paths() -> Paths {
    let dir = tempfile::tempdir().unwrap();
    Paths {
        state: dir.path().join("state"),
        history: dir.path().join("history"),
        _dir: dir,
    }
}

fn command(paths: &Paths, color: bool) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_flinksh"));
    cmd.arg("--state-dir")
        .arg(&paths.state)
        .arg("--history-file")
        .arg(&paths.history);
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("FLINKSH_") {
            cmd.env_remove(key);
        }
    }
    // FLINK_HOME alone would start a real Flink SQL Gateway.
    cmd.env_remove("FLINK_HOME");
    cmd.env("TERM", "xterm");
    if color {
        cmd.env_remove("NO_COLOR");
    } else {
        cmd.env("NO_COLOR", "1");
    }
    cmd
}

impl Shell {
    fn start(paths: &Paths) -> Shell {
        Shell::spawn(command(paths, false), true)
    }

    fn spawn(cmd: Command, strip: bool) -> Shell {
        let options = Options::new()
            .timeout_ms(Some(TIMEOUT_MS))
            .strip_ansi_escape_codes(strip);
        let mut pty = spawn_with_options(cmd, options).unwrap();
        pty.exp_string(PROMPT).unwrap();
        Shell { pty }
    }

    /// Types one line and waits for `expected` in the output, then for the next prompt.
    fn run(&mut self, line: &str, expected: &str) -> String {
        self.pty.send_line(line).unwrap();
        let before = self.pty.exp_string(expected).unwrap();
        self.pty.exp_string(PROMPT).unwrap();
        before
    }

    fn quit(mut self) {
        self.pty.send_line("QUIT").unwrap();
        self.pty.exp_eof().unwrap();
        assert_exit_code(&self.pty, 0);
    }
}

fn assert_exit_code(pty: &PtySession, code: i32) {
    match pty.process().wait().unwrap() {
        WaitStatus::Exited(_, c) => assert_eq!(c, code),
        other => panic!("shell did not exit normally: {other:?}"),
    }
}

/// The entries of a history file, unescaped the way rustyline reads them.
fn history_entries(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap();
    text.lines()
        .filter(|l| !l.is_empty() && *l != "#V2")
        .map(|l| l.replace("\\n", "\n").replace("\\\\", "\\"))
        .collect()
}

#[test]
fn a_statement_over_three_lines_runs_once_and_recalls_as_one_entry() {
    let paths = paths();
    let mut shell = Shell::start(&paths);
    shell.pty.send_line("SELECT 40").unwrap();
    shell.pty.exp_string("-> ").unwrap();
    shell.pty.send_line("  + 2").unwrap();
    shell.pty.exp_string("-> ").unwrap();
    shell.pty.send_line("AS answer;").unwrap();
    shell.pty.exp_string("42").unwrap();
    shell.pty.exp_string(PROMPT).unwrap();
    // Had it run more than once, a second 42 would come before this marker.
    let between = shell.run("SELECT 'mark' || 'er' AS m;", "marker");
    assert!(!between.contains("42"), "ran twice: {between:?}");

    // Up twice: past the marker to the three-line statement, which runs whole.
    shell.pty.send(UP).unwrap();
    shell.pty.send(UP).unwrap();
    shell.run("", "42");
    shell.quit();
    assert_eq!(
        history_entries(&paths.history),
        vec![
            "SELECT 40\n  + 2\nAS answer;",
            "SELECT 'mark' || 'er' AS m;",
            // Run again from history: recorded again, as a shell does.
            "SELECT 40\n  + 2\nAS answer;",
            "QUIT"
        ]
    );
}

#[test]
fn two_statements_on_one_line_both_run() {
    let paths = paths();
    let mut shell = Shell::start(&paths);
    shell
        .pty
        .send_line("SELECT 'fir' || 'st' AS a; SELECT 'sec' || 'ond' AS b;")
        .unwrap();
    shell.pty.exp_string("first").unwrap();
    shell.pty.exp_string("second").unwrap();
    shell.pty.exp_string(PROMPT).unwrap();
    shell.quit();
}

#[test]
fn the_previous_sessions_statements_are_recalled_with_up() {
    let paths = paths();
    let mut first = Shell::start(&paths);
    first.run("SELECT 6 * 7 AS product;", "42");
    first.quit();

    let mut second = Shell::start(&paths);
    // Up once gives QUIT, twice the statement before it.
    second.pty.send(UP).unwrap();
    second.pty.send(UP).unwrap();
    second.run("", "42");
    second.quit();
}

#[test]
fn a_killed_shell_has_already_saved_every_statement() {
    let paths = paths();
    let mut shell = Shell::start(&paths);
    let statements = [
        "SELECT 100 + 1 AS a;",
        "SELECT 100 + 2 AS b;",
        "SELECT 100 + 3 AS c;",
    ];
    for (i, statement) in statements.iter().enumerate() {
        shell.run(statement, &format!("10{}", i + 1));
    }
    shell.pty.process_mut().signal(Signal::SIGKILL).unwrap();
    assert!(matches!(
        shell.pty.process().wait().unwrap(),
        WaitStatus::Signaled(_, Signal::SIGKILL, _)
    ));
    assert_eq!(history_entries(&paths.history), statements);
}

#[test]
fn two_shells_on_one_history_file_keep_every_entry() {
    let paths = paths();
    let mut a = Shell::start(&paths);
    let mut b = Shell::start(&paths);
    a.run("SELECT 'a' || '1' AS x;", "a1");
    b.run("SELECT 'b' || '1' AS x;", "b1");
    a.run("SELECT 'a' || '2' AS x;", "a2");
    b.run("SELECT 'b' || '2' AS x;", "b2");
    a.quit();
    b.quit();
    assert_eq!(
        history_entries(&paths.history),
        vec![
            "SELECT 'a' || '1' AS x;",
            "SELECT 'b' || '1' AS x;",
            "SELECT 'a' || '2' AS x;",
            "SELECT 'b' || '2' AS x;",
            "QUIT",
            "QUIT",
        ]
    );
}

#[test]
fn an_api_key_never_reaches_the_history_file() {
    let paths = paths();
    let mut shell = Shell::start(&paths);
    shell.pty.send_line("CREATE CONNECTION ai WITH (").unwrap();
    shell.pty.exp_string("-> ").unwrap();
    shell
        .pty
        .send_line("'type' = 'openai', 'endpoint' = 'https://api.openai.com/v1/chat/completions',")
        .unwrap();
    shell.pty.exp_string("-> ").unwrap();
    shell
        .pty
        .send_line("'api-key' = 'sk-TOPSECRET42');")
        .unwrap();
    shell.pty.exp_string(PROMPT).unwrap();
    // Recalled from memory, the statement is masked too.
    shell.pty.send(UP).unwrap();
    shell.pty.flush().unwrap();
    shell.pty.exp_string("<REDACTED>").unwrap();
    shell.pty.send_control('c').unwrap();
    shell.pty.exp_string(PROMPT).unwrap();
    shell.quit();
    let text = std::fs::read_to_string(&paths.history).unwrap();
    assert!(!text.contains("TOPSECRET"), "{text}");
    assert!(text.contains("'api-key' = '<REDACTED>'"), "{text}");
}

#[test]
fn ctrl_c_drops_the_statement_being_typed() {
    let paths = paths();
    let mut shell = Shell::start(&paths);
    shell.pty.send_line("SELECT 'dropped'").unwrap();
    shell.pty.exp_string("-> ").unwrap();
    shell.pty.send_control('c').unwrap();
    shell.pty.exp_string(PROMPT).unwrap();
    // Had the dropped line been kept, this would be a syntax error, not 'kept!'.
    shell.run("SELECT 'kept' || '!' AS k;", "kept!");
    shell.quit();
    assert_eq!(
        history_entries(&paths.history),
        vec!["SELECT 'kept' || '!' AS k;", "QUIT"]
    );
}

#[test]
fn ctrl_d_on_an_empty_line_exits_with_code_0() {
    let paths = paths();
    let mut shell = Shell::start(&paths);
    shell.pty.send_control('d').unwrap();
    shell.pty.exp_eof().unwrap();
    assert_exit_code(&shell.pty, 0);
}

#[test]
fn leading_spaces_and_repeats_are_not_recorded() {
    let paths = paths();
    let mut shell = Shell::start(&paths);
    shell.run(" SELECT 'hid' || 'den' AS h;", "hidden");
    shell.run("SELECT 'twi' || 'ce' AS t;", "twice");
    shell.run("SELECT 'twi' || 'ce' AS t;", "twice");
    shell.quit();
    assert_eq!(
        history_entries(&paths.history),
        vec!["SELECT 'twi' || 'ce' AS t;", "QUIT"]
    );
}

#[test]
fn a_corrupt_history_file_warns_once_and_the_shell_carries_on() {
    let paths = paths();
    std::fs::write(&paths.history, b"#V2\nSELECT 1;\n\xff\xfe garbage\n").unwrap();
    let mut cmd = command(&paths, false);
    cmd.arg("-q");
    let options = Options::new()
        .timeout_ms(Some(TIMEOUT_MS))
        .strip_ansi_escape_codes(true);
    let mut pty = spawn_with_options(cmd, options).unwrap();
    let before = pty.exp_string(PROMPT).unwrap();
    assert_eq!(before.matches("Warning").count(), 1, "{before:?}");
    let mut shell = Shell { pty };
    shell.run("SELECT 'still' || ' fine' AS s;", "still fine");
    shell.quit();
}

#[test]
fn the_banner_names_the_version_and_backend_unless_quiet() {
    let paths = paths();
    let options = || {
        Options::new()
            .timeout_ms(Some(TIMEOUT_MS))
            .strip_ansi_escape_codes(true)
    };
    let mut pty = spawn_with_options(command(&paths, false), options()).unwrap();
    let banner = pty.exp_string(PROMPT).unwrap();
    assert!(banner.contains(env!("CARGO_PKG_VERSION")), "{banner:?}");
    assert!(banner.contains("local"), "{banner:?}");
    assert!(banner.contains("HELP"), "{banner:?}");
    Shell { pty }.quit();

    let mut cmd = command(&paths, false);
    cmd.arg("-q");
    let mut pty = spawn_with_options(cmd, options()).unwrap();
    let banner = pty.exp_string(PROMPT).unwrap();
    assert!(!banner.contains("HELP"), "{banner:?}");
    Shell { pty }.quit();
}

#[test]
fn help_runs_without_a_semicolon() {
    let paths = paths();
    let mut shell = Shell::start(&paths);
    shell.run("help", "Ctrl-R");
    shell.quit();
}

/// Everything a short session writes to the terminal, escape sequences included.
fn raw_session(color: bool) -> String {
    let paths = paths();
    let mut shell = Shell::spawn(command(&paths, color), false);
    shell
        .pty
        .send_line("SELECT 'x' AS s, 1 AS n; -- done")
        .unwrap();
    shell.pty.exp_string("done").unwrap();
    shell.pty.send_line("QUIT").unwrap();
    shell.pty.exp_eof().unwrap()
}

/// Whether `text` holds an SGR sequence (`ESC [ digits/semicolons m`), the kind
/// that sets colours. Cursor movement, which any line editor needs, is not colour.
fn has_colour(text: &str) -> bool {
    let bytes = text.as_bytes();
    (0..bytes.len()).any(|i| {
        if bytes[i] != 0x1b || bytes.get(i + 1) != Some(&b'[') {
            return false;
        }
        let mut j = i + 2;
        while j < bytes.len() && (bytes[j].is_ascii_digit() || bytes[j] == b';') {
            j += 1;
        }
        bytes.get(j) == Some(&b'm')
    })
}

#[test]
fn no_color_output_has_no_colour_sequences() {
    let plain = raw_session(false);
    assert!(!has_colour(&plain), "{plain:?}");
    // The same session with colour allowed does colour keywords, so the check above
    // is not vacuous.
    let coloured = raw_session(true);
    assert!(has_colour(&coloured), "{coloured:?}");
}

#[test]
fn tab_completes_keywords_in_the_case_typed() {
    let paths = paths();
    let mut shell = Shell::start(&paths);
    // Without completion this would be `sel 'comp' …`, a syntax error.
    shell.pty.send("sel\t").unwrap();
    shell.pty.flush().unwrap();
    shell.pty.exp_string("select").unwrap();
    shell.run(" 'comp' || 'leted' AS c;", "completed");
    shell.quit();
}

#[test]
fn right_arrow_accepts_the_hint_from_history() {
    let paths = paths();
    let mut shell = Shell::start(&paths);
    shell.run("SELECT 'hi' || 'nted' AS h;", "hinted");
    // Typed alone, `SELECT 'hi` leaves a quote open and nothing would run.
    shell.pty.send("SELECT 'hi").unwrap();
    shell.pty.send("\x1b[C").unwrap();
    let before = shell.run("", "hinted");
    assert!(
        !before.contains("-> "),
        "the hint was not taken: {before:?}"
    );
    shell.quit();
}

#[test]
fn ctrl_r_finds_an_earlier_statement() {
    let paths = paths();
    let mut shell = Shell::start(&paths);
    shell.run("SELECT 'sea' || 'rched' AS s;", "searched");
    shell.run("SELECT 'oth' || 'er' AS o;", "other");
    shell.pty.send_control('r').unwrap();
    shell.pty.send("'sea'").unwrap();
    shell.pty.flush().unwrap();
    shell.pty.exp_string("reverse-i-search").unwrap();
    shell.run("", "searched");
    shell.quit();
}

#[test]
fn ctrl_c_cancels_a_running_statement_and_returns_to_the_prompt() {
    let paths = paths();
    let mut shell = Shell::start(&paths);
    shell.run(
        "CREATE TABLE seq (n BIGINT) WITH ('connector' = 'datagen', 'number-of-rows' = '100000', \
         'fields.n.kind' = 'sequence', 'fields.n.start' = '1', 'fields.n.end' = '100000');",
        "created",
    );
    // Ten billion rows to count: hours of work.
    shell
        .pty
        .send_line("SELECT count(*) AS n FROM seq AS a CROSS JOIN seq AS b;")
        .unwrap();
    // The line editor ends its line only after handing the terminal back, so from
    // here Ctrl-C is a signal, not a key.
    shell.pty.exp_string("AS b;\r\n").unwrap();
    std::thread::sleep(std::time::Duration::from_millis(100));
    shell.pty.send_control('c').unwrap();
    let before = shell.pty.exp_string("cancelled").unwrap();
    shell.pty.exp_string(PROMPT).unwrap();
    assert!(
        !before.contains("10000000000"),
        "it ran to the end: {before:?}"
    );
    shell.run("SELECT 'ali' || 've' AS a;", "alive");
    shell.quit();
}

#[test]
fn tab_completes_table_and_connection_names_from_the_local_backend() {
    let paths = paths();
    let mut shell = Shell::start(&paths);
    shell.run("CREATE TABLE orders_2026 (id INT);", "created");
    shell.run("INSERT INTO orders_2026 VALUES (7);", "inserted");
    // Without completion this reads `FROM ord`, a table that does not exist.
    shell.pty.send("SELECT id * 6 AS v FROM ord\t").unwrap();
    shell.pty.flush().unwrap();
    shell.pty.exp_string("orders_2026").unwrap();
    shell.run(";", "42");

    shell.run(
        "CREATE CONNECTION my-openai WITH ('type' = 'openai', \
         'endpoint' = 'https://api.openai.com/v1/chat/completions', 'api-key' = 'k');",
        "my-openai",
    );
    shell.pty.send("DESCRIBE CONNECTION my-\t").unwrap();
    shell.pty.flush().unwrap();
    shell.pty.exp_string("`my-openai`").unwrap();
    shell.run(";", "chat/completions");
    shell.quit();
}

#[test]
fn the_prompt_shows_the_catalog_and_database_once_used() {
    let paths = paths();
    let mut shell = Shell::start(&paths);
    shell
        .pty
        .send_line("USE default_catalog.default_database;")
        .unwrap();
    shell
        .pty
        .exp_string("local:default_catalog.default_database> ")
        .unwrap();
    shell.pty.send_line("SELECT").unwrap();
    // The continuation prompt is as wide as the main one and says it continues.
    shell.pty.exp_string(&format!("{:>40}", "-> ")).unwrap();
    shell.pty.send_control('c').unwrap();
    shell
        .pty
        .exp_string("local:default_catalog.default_database> ")
        .unwrap();
    shell.pty.send_line("QUIT").unwrap();
    shell.pty.exp_eof().unwrap();
}

#[test]
fn no_history_writes_no_file() {
    let paths = paths();
    let mut cmd = command(&paths, false);
    cmd.arg("--no-history");
    let mut shell = Shell::spawn(cmd, true);
    shell.run("SELECT 'un' || 'saved' AS u;", "unsaved");
    shell.quit();
    assert!(!paths.history.exists());
}

#[test]
fn footers_follow_a_result_on_a_terminal_in_flinks_words() {
    let paths = paths();
    let mut shell = Shell::start(&paths);
    shell.run("SET 'client.output-format' = 'tableau';", "set.");
    let table = shell.run("SELECT 1 AS x;", "1 row in set (");
    assert!(table.contains("| x |"), "{table}");
    // An empty result: no frame at all, only Flink's words.
    let empty = shell.run("SELECT 1 AS x WHERE 1 = 0;", "Empty set");
    assert!(!empty.contains("| x |"), "{empty}");
    shell.quit();
}

#[test]
fn quiet_prints_no_footer() {
    let paths = paths();
    let mut cmd = command(&paths, false);
    cmd.args(["-q", "-o", "tableau", "-e", "SELECT 1 AS x; SELECT 2 AS y"]);
    let options = Options::new()
        .timeout_ms(Some(TIMEOUT_MS))
        .strip_ansi_escape_codes(true);
    let mut pty = spawn_with_options(cmd, options).unwrap();
    let out = pty.exp_eof().unwrap();
    assert!(out.contains("| 2 |"), "{out}");
    assert!(!out.contains("in set"), "{out}");
}

#[test]
fn ctrl_d_with_an_unfinished_statement_says_it_was_not_run() {
    let paths = paths();
    let mut shell = Shell::start(&paths);
    shell
        .pty
        .send_line("CREATE TABLE never AS VALUES (1)")
        .unwrap();
    shell.pty.exp_string("-> ").unwrap();
    shell.pty.send_control('d').unwrap();
    shell
        .pty
        .exp_string(
            "The unfinished statement was not run (it did not end with ';'); it is in the history.",
        )
        .unwrap();
    shell.pty.exp_eof().unwrap();
    assert_exit_code(&shell.pty, 0);
    assert_eq!(
        history_entries(&paths.history),
        vec!["CREATE TABLE never AS VALUES (1)".to_string()]
    );
    let mut shell = Shell::start(&paths);
    shell.pty.send_line("SHOW TABLES;").unwrap();
    let listed = shell.pty.exp_string(PROMPT).unwrap();
    // No table at all: Flink's words for an empty result.
    assert!(
        listed.contains("Empty set") && !listed.contains("never"),
        "{listed}"
    );
    shell.quit();
}

#[test]
fn a_huge_history_entry_hints_one_line_cut_to_the_terminal() {
    let paths = paths();
    let huge = format!("SELECT '{}' AS big;", "x".repeat(1 << 20));
    std::fs::write(&paths.history, format!("#V2\n{huge}\n")).unwrap();
    let mut shell = Shell::start(&paths);
    let typed = "SELECT 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx";
    let started = std::time::Instant::now();
    for c in typed.chars() {
        shell.pty.send(&c.to_string()).unwrap();
        shell.pty.flush().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    // Ctrl-C drops the line: the first line break since the prompt comes then, and
    // everything drawn while typing before it.
    shell.pty.send_control('c').unwrap();
    let drawn = shell.pty.exp_string("\n").unwrap();
    shell.pty.exp_string(PROMPT).unwrap();
    assert!(
        drawn.len() < 64 * 1024,
        "{} bytes drawn for {} keystrokes",
        drawn.len(),
        typed.len()
    );
    // rexpect reads bytes as Latin-1: "…" arrives as its three UTF-8 bytes.
    let ellipsis = "\u{e2}\u{80}\u{a6}";
    assert!(
        drawn.contains(&format!("x{ellipsis}")),
        "the hint is shown, cut: {drawn:?}"
    );
    let widest = drawn
        .split(['\r', '\n'])
        .map(|l| l.replace(ellipsis, ".").chars().count())
        .max()
        .unwrap_or(0);
    assert!(
        widest < 80,
        "every redraw fits on one line of 80 columns: {widest}"
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
    shell.quit();
}

#[test]
fn without_a_home_directory_the_prompt_says_where_state_and_history_would_go() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("nonexistent");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_flinksh"));
    for (key, _) in std::env::vars_os() {
        let name = key.to_string_lossy();
        if name.starts_with("FLINKSH_") || name.starts_with("XDG_") {
            cmd.env_remove(key);
        }
    }
    cmd.env("HOME", &home)
        .env("TERM", "xterm")
        .env("NO_COLOR", "1");
    let options = Options::new().timeout_ms(Some(TIMEOUT_MS));
    let mut pty = spawn_with_options(cmd, options).unwrap();
    pty.exp_string(&format!(
        "Error: the home directory {} does not exist, so the local state and the history \
         would have no place (in {}/.local/share/flinksh): set FLINKSH_STATE_DIR",
        home.display(),
        home.display()
    ))
    .unwrap();
    pty.exp_eof().unwrap();
    assert_exit_code(&pty, 2);
    assert!(!home.exists(), "no home directory was made");
}

#[test]
fn machine_formats_on_a_terminal_never_print_control_characters_raw() {
    let paths = paths();
    for format in ["csv", "tsv", "json", "jsonl"] {
        let mut cmd = command(&paths, false);
        cmd.args(["--no-history", "-o", format]).args([
            "-e",
            "SELECT 'a\u{1b}]0;pwned\u{7}\u{202e}b' AS v, 'x\ty' AS w;",
        ]);
        let options = Options::new()
            .timeout_ms(Some(TIMEOUT_MS))
            .strip_ansi_escape_codes(false);
        let mut pty = spawn_with_options(cmd, options).unwrap();
        let out = pty.exp_eof().unwrap();
        assert_exit_code(&pty, 0);
        assert!(out.contains("]0;pwned"), "{format}: {out:?}");
        // rexpect reads bytes as Latin-1: U+202E arrives as E2 80 AE.
        let raw: Vec<char> = out
            .chars()
            .filter(|&c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
            .collect();
        assert_eq!(raw, Vec::<char>::new(), "{format}: {out:?}");
        assert!(!out.contains("\u{e2}\u{80}\u{ae}"), "{format}: {out:?}");
    }
}
