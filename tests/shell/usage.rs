//! Whole runs of the `flinksh` binary on the local backend: scripts, exit codes,
//! the CONNECTION statements, and errors as a user sees them.

use crate::util;

use util::{Shell, code, stderr, stdout};

const SECRET: &str = "sk-test-9f8e7d6c5b4a";

fn create_openai(name: &str) -> String {
    format!(
        "CREATE CONNECTION `{name}` WITH ('type' = 'openai', \
         'endpoint' = 'https://api.openai.com/v1/chat/completions', 'api-key' = '{SECRET}');"
    )
}

fn assert_one_line_error(output: &std::process::Output, exit: i32, needle: &str) {
    let err = stderr(output);
    assert_eq!(code(output), exit, "exit code; stderr: {err}");
    assert_eq!(err.lines().count(), 1, "one line on stderr, got: {err:?}");
    assert!(
        err.to_lowercase().contains(&needle.to_lowercase()),
        "stderr should mention {needle:?}: {err}"
    );
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn a_connection_created_in_one_process_is_listed_by_the_next() {
    let shell = Shell::new();
    let created = shell.sql(&create_openai("my-openai"));
    assert_eq!(code(&created), 0, "{}", stderr(&created));
    let describe = stdout(&created);
    assert!(describe.starts_with("+-"), "{describe}");
    assert!(
        describe.contains("| Name          | my-openai "),
        "{describe}"
    );
    assert!(describe.contains("| Type          | OPENAI "), "{describe}");
    assert!(describe.contains("<REDACTED>"), "{describe}");

    let shown = shell.sql("SHOW CONNECTIONS;");
    assert_eq!(code(&shown), 0, "{}", stderr(&shown));
    let table = stdout(&shown);
    let mut lines = table.lines();
    let header = lines.next().unwrap_or_default();
    assert!(header.contains("Creation Date") && header.contains("Status Detail"));
    assert!(lines.next().unwrap_or_default().starts_with("---"));
    let row = lines.next().unwrap_or_default();
    for cell in [
        "my-openai",
        "local",
        "OPENAI",
        "https://api.openai.com/v1/chat/completions",
        "<REDACTED>",
    ] {
        assert!(row.contains(cell), "row should show {cell}: {table}");
    }
    assert!(table.contains("+0000"), "creation date in UTC: {table}");
}

#[test]
fn secrets_never_reach_output() {
    let shell = Shell::new();
    let out = shell
        .cmd()
        .arg("-e")
        .arg(create_openai("c1"))
        .arg("-e")
        .arg("SHOW CONNECTIONS; DESCRIBE CONNECTION c1;")
        .arg("-e")
        .arg(format!(
            "ALTER CONNECTION c1 SET ('api-key' = '{SECRET}-new'); SHOW CONNECTIONS LIKE 'c%';"
        ))
        .args(["-o", "json"])
        .output()
        .expect("run");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(!stdout(&out).contains(SECRET));
    assert!(!stderr(&out).contains(SECRET));
}

#[test]
fn an_empty_list_says_none_found() {
    let shell = Shell::new();
    let out = shell.sql("SHOW CONNECTIONS;");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stdout(&out), "None found.\n");
}

#[test]
fn like_filters_connection_names() {
    let shell = Shell::new();
    let script = format!(
        "{}\n{}\n{}",
        create_openai("prod-openai"),
        create_openai("dev-openai"),
        create_openai("prod-chat")
    );
    assert_eq!(code(&shell.sql(&script)), 0);
    let out = shell.sql("SHOW CONNECTIONS LIKE 'prod-%';");
    let table = stdout(&out);
    assert!(
        table.contains("prod-openai") && table.contains("prod-chat"),
        "{table}"
    );
    assert!(!table.contains("dev-openai"), "{table}");
    let none = shell.sql("SHOW CONNECTIONS LIKE 'staging%';");
    assert_eq!(stdout(&none), "None found.\n");
}

#[test]
fn drop_prints_what_the_confluent_cli_prints() {
    let shell = Shell::new();
    shell.sql(&create_openai("gone"));
    let out = shell.sql("DROP CONNECTION gone;");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stdout(&out), "Deleted Flink connection \"gone\".\n");
    assert_eq!(stdout(&shell.sql("SHOW CONNECTIONS;")), "None found.\n");

    let again = shell.sql("DROP CONNECTION gone;");
    assert_one_line_error(&again, 1, "gone");
    let quiet = shell.sql("DROP CONNECTION IF EXISTS gone;");
    assert_eq!(code(&quiet), 0, "{}", stderr(&quiet));
}

#[test]
fn unknown_connection_type_lists_the_valid_ones_and_stores_nothing() {
    let shell = Shell::new();
    let out = shell.sql(
        "CREATE CONNECTION c WITH ('type' = 'chatgpt', 'endpoint' = 'https://x.io', 'api-key' = 'k');",
    );
    assert_one_line_error(&out, 1, "chatgpt");
    let err = stderr(&out);
    for valid in ["OPENAI", "BEDROCK", "MONGODB", "VERTEXAI"] {
        assert!(err.contains(valid), "valid types listed: {err}");
    }
    assert_eq!(stdout(&shell.sql("SHOW CONNECTIONS;")), "None found.\n");
}

#[test]
fn missing_or_foreign_secret_options_are_refused() {
    let shell = Shell::new();
    let missing =
        shell.sql("CREATE CONNECTION c WITH ('type' = 'openai', 'endpoint' = 'https://x.io');");
    assert_one_line_error(&missing, 1, "api-key");
    let foreign = shell.sql(
        "CREATE CONNECTION c WITH ('type' = 'openai', 'endpoint' = 'https://x.io', \
         'api-key' = 'k', 'password' = 'p');",
    );
    assert_one_line_error(&foreign, 1, "password");
    assert!(!stderr(&foreign).contains("'p'"));
    assert_eq!(stdout(&shell.sql("SHOW CONNECTIONS;")), "None found.\n");
}

#[test]
fn a_duplicate_name_is_refused_and_if_not_exists_is_quiet() {
    let shell = Shell::new();
    assert_eq!(code(&shell.sql(&create_openai("twice"))), 0);
    let again = shell.sql(&create_openai("twice"));
    assert_one_line_error(&again, 1, "twice");
    let tolerant = shell.sql(
        &create_openai("twice").replace("CREATE CONNECTION", "CREATE CONNECTION IF NOT EXISTS"),
    );
    assert_eq!(code(&tolerant), 0, "{}", stderr(&tolerant));
}

#[test]
fn only_secrets_can_be_altered() {
    let shell = Shell::new();
    shell.sql(&create_openai("fixed"));
    for option in ["'type' = 'anthropic'", "'endpoint' = 'https://other.io'"] {
        let out = shell.sql(&format!("ALTER CONNECTION fixed SET ({option});"));
        assert_one_line_error(&out, 1, "secret");
    }
    let ok = shell.sql("ALTER CONNECTION fixed SET ('api-key' = 'rotated');");
    assert_eq!(code(&ok), 0, "{}", stderr(&ok));
    let shown = stdout(&shell.sql("DESCRIBE CONNECTION fixed;"));
    assert!(
        shown.contains("https://api.openai.com/v1/chat/completions"),
        "{shown}"
    );
}

#[test]
fn a_script_stops_at_the_first_error_with_exit_code_1() {
    let shell = Shell::new();
    let script = shell.write(
        "deploy.sql",
        "CREATE TABLE t (id INT, name STRING);\nINSERT INTO t VALUES (1, 'one');\nSELEC oops;\nINSERT INTO t VALUES (2, 'two');\n",
    );
    let out = shell.cmd().arg("-f").arg(&script).output().expect("run");
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("deploy.sql:3"),
        "error names file and line: {err}"
    );
    let rows = stdout(&shell.sql("SELECT id FROM t;"));
    assert!(
        rows.contains('1') && !rows.contains('2'),
        "stopped before line 4: {rows}"
    );
}

#[test]
fn on_error_continue_runs_the_rest_and_still_fails() {
    let shell = Shell::new();
    let out = shell
        .cmd()
        .args(["--on-error", "continue", "-e"])
        .arg("SELECT 'first' AS a; SELEC oops; SELECT 'third' AS a;")
        .output()
        .expect("run");
    assert_eq!(code(&out), 1);
    let text = stdout(&out);
    assert!(text.contains("first") && text.contains("third"), "{text}");
}

#[test]
fn inputs_run_in_the_order_given() {
    let shell = Shell::new();
    let file = shell.write("middle.sql", "INSERT INTO log VALUES (2);");
    let out = shell
        .cmd()
        .args([
            "-e",
            "CREATE TABLE log (n INT); INSERT INTO log VALUES (1);",
            "-f",
        ])
        .arg(&file)
        .args([
            "-e",
            "INSERT INTO log VALUES (3); SELECT LISTAGG(CAST(n AS STRING), '') AS seq FROM log;",
        ])
        .output()
        .expect("run");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stdout(&out).contains("123"), "{}", stdout(&out));
}

#[test]
fn several_statements_on_one_line_and_a_last_one_without_semicolon() {
    let shell = Shell::new();
    let out = shell.sql("SELECT 'a' AS x; SELECT 'b' AS x; SELECT 'c' AS x");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    let a = text.find('a').unwrap_or(usize::MAX);
    let b = text.find('b').unwrap_or(usize::MAX);
    let c = text.find('c').unwrap_or(usize::MAX);
    assert!(a < b && b < c && c != usize::MAX, "{text}");
}

#[test]
fn piped_stdin_is_a_script() {
    let shell = Shell::new();
    let out = shell
        .cmd()
        .write_stdin("SELECT 'from stdin' AS src;\n")
        .output()
        .expect("run");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stdout(&out).contains("from stdin"));
}

#[test]
fn an_unterminated_quote_is_reported_with_its_position_and_nothing_runs() {
    let shell = Shell::new();
    let script = shell.write(
        "broken.sql",
        "CREATE TABLE t (s STRING);\nINSERT INTO t VALUES ('never closed);\n",
    );
    let out = shell.cmd().arg("-f").arg(&script).output().expect("run");
    assert_one_line_error(&out, 1, "line 2");
    let check = stdout(&shell.sql("SHOW TABLES;"));
    assert!(
        !check.lines().any(|l| l.trim() == "t"),
        "nothing ran: {check}"
    );
}

#[test]
fn a_file_that_is_not_utf8_is_refused() {
    let shell = Shell::new();
    let script = shell.write("latin1.sql", b"SELECT 'caf\xe9';\n");
    let out = shell.cmd().arg("-f").arg(&script).output().expect("run");
    assert_one_line_error(&out, 2, "UTF-8");
}

#[test]
fn a_missing_file_is_a_usage_error() {
    let shell = Shell::new();
    let out = shell
        .cmd()
        .args(["-f", "nowhere.sql"])
        .output()
        .expect("run");
    assert_one_line_error(&out, 2, "nowhere.sql");
}

#[test]
fn an_sqlite_error_is_one_line_and_exit_1() {
    let shell = Shell::new();
    let out = shell.sql("SELECT * FROM no_such_table;");
    assert_one_line_error(&out, 1, "no_such_table");
}

#[test]
fn tables_persist_between_runs() {
    let shell = Shell::new();
    let made = shell.sql(
        "CREATE TABLE orders (id BIGINT, code STRING) WITH ('connector' = 'filesystem'); \
         INSERT INTO orders VALUES (1, '007');",
    );
    assert_eq!(code(&made), 0, "{}", stderr(&made));
    let out = shell.sql("SELECT code FROM orders;");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stdout(&out).contains("007"),
        "STRING keeps leading zeros: {}",
        stdout(&out)
    );
}

#[test]
fn a_datagen_table_is_a_source_only_as_in_flink() {
    let shell = Shell::new();
    let made = shell.sql(
        "CREATE TABLE endless (id BIGINT) WITH ('connector' = 'datagen'); \
         CREATE TABLE bounded (id BIGINT) WITH ('connector' = 'datagen', 'number-of-rows' = '3');",
    );
    assert_eq!(code(&made), 0, "{}", stderr(&made));
    // Flink's words, bounded or not (the unbounded one is no source in batch mode either).
    for table in ["endless", "bounded"] {
        let out = shell.sql(&format!("INSERT INTO {table} VALUES (1);"));
        assert_one_line_error(
            &out,
            1,
            "Connector 'datagen' can only be used as a source. It cannot be used as a sink",
        );
    }
}

#[test]
fn usage_errors_exit_2() {
    let shell = Shell::new();
    let out = shell.cmd().arg("--no-such-flag").output().expect("run");
    assert_eq!(code(&out), 2);
    let out = shell
        .cmd()
        .args(["-o", "xml", "-e", "SELECT 1;"])
        .output()
        .expect("run");
    assert_eq!(code(&out), 2);
}

#[test]
fn version_and_help() {
    let shell = Shell::new();
    let out = shell.cmd().arg("--version").output().expect("run");
    assert_eq!(code(&out), 0);
    assert!(stdout(&out).starts_with("flinksh "));
    let out = shell.cmd().arg("--help").output().expect("run");
    assert_eq!(code(&out), 0);
    assert!(stdout(&out).contains("--execute"));
}

#[test]
fn the_state_dir_and_database_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let shell = Shell::new();
    shell.sql(&create_openai("private"));
    let dir_mode = std::fs::metadata(shell.state_dir())
        .expect("state dir")
        .permissions()
        .mode();
    assert_eq!(dir_mode & 0o077, 0, "state dir is {dir_mode:o}");
    for entry in std::fs::read_dir(shell.state_dir()).expect("list") {
        let entry = entry.expect("entry");
        let mode = entry.metadata().expect("meta").permissions().mode();
        assert_eq!(mode & 0o077, 0, "{:?} is {mode:o}", entry.path());
    }
}

#[test]
fn ctrl_c_stops_a_busy_local_query_with_exit_130() {
    use std::io::BufRead;
    let shell = Shell::new();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_flinksh"))
        .env_remove("FLINK_HOME")
        .arg("--state-dir")
        .arg(shell.state_dir())
        .args(["--no-history", "-e"])
        // 'ready' is printed (and flushed) once the table is made, so the Ctrl-C
        // handler is installed; the count of ten billion rows runs for hours and yields
        // no row before its end: only SQLite's progress handler can stop it.
        .arg(
            "CREATE TABLE seq (n BIGINT) WITH ('connector' = 'datagen', \
             'number-of-rows' = '100000', 'fields.n.kind' = 'sequence', \
             'fields.n.start' = '1', 'fields.n.end' = '100000'); \
             SELECT 'ready' AS r; \
             SELECT count(*) FROM seq AS a CROSS JOIN seq AS b; SELECT 'after' AS a;",
        )
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut stdout = std::io::BufReader::new(child.stdout.take().expect("stdout"));
    let mut seen = String::new();
    while !seen.contains("ready") {
        let mut line = String::new();
        if stdout.read_line(&mut line).expect("read") == 0 {
            break;
        }
        seen.push_str(&line);
    }
    assert!(seen.contains("ready"), "first statement ran: {seen}");
    // SAFETY: signalling a child process this test started, as Ctrl-C would.
    let sent = unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGINT) };
    assert_eq!(sent, 0, "SIGINT sent");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("flinksh did not stop after Ctrl-C");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stdout, &mut rest).expect("read rest");
    let out = child.wait_with_output().expect("output");
    assert_eq!(status.code(), Some(130), "{}", stderr(&out));
    assert!(!rest.contains("after"), "the script stopped: {rest}");
}

#[test]
fn a_closed_stderr_is_not_a_crash() {
    let shell = Shell::new();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_flinksh"))
        .env_remove("FLINK_HOME")
        .arg("--state-dir")
        .arg(shell.state_dir())
        .args(["--no-history", "-e", "SELECT * FROM no_such_table;"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    // Nobody will read the error message.
    drop(child.stderr.take());
    let status = child.wait().expect("wait");
    assert_eq!(status.code(), Some(1), "a statement failed; no panic (101)");
}

#[test]
fn use_database_alone_and_reset_keep_working() {
    let shell = Shell::new();
    let out = shell
        .cmd()
        .args(["-o", "csv", "-e"])
        .arg(
            "USE default_database; SET 'client.output-format' = 'json'; RESET; \
             SELECT 'x' AS a;",
        )
        .output()
        .expect("run");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stdout(&out), "a\nx\n", "RESET goes back to -o csv");
}

#[test]
fn machine_readable_formats_stay_machine_readable_for_connection_statements() {
    let shell = Shell::new();
    let out = shell
        .cmd()
        .args(["-o", "json", "-e"])
        .arg(create_openai("j1"))
        .args(["-e", "DESCRIBE CONNECTION j1;"])
        .args(["-e", "DROP CONNECTION j1;"])
        .output()
        .expect("run");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    let docs: Vec<serde_json::Value> = serde_json::Deserializer::from_str(&text)
        .into_iter()
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("stdout is JSON documents only ({e}): {text}"));
    assert_eq!(docs.len(), 2, "{text}");
    for doc in &docs {
        assert_eq!(doc[0]["name"], "j1", "{text}");
        assert_eq!(doc[0]["data"], "<REDACTED>", "{text}");
    }
    assert!(stderr(&out).contains("Deleted Flink connection \"j1\"."));
}

#[test]
fn local_wins_over_remote_settings_from_the_environment() {
    let shell = Shell::new();
    let out = shell
        .cmd()
        .env("FLINKSH_URL", "http://127.0.0.1:1")
        .env("FLINKSH_GATEWAY", "http://127.0.0.1:1")
        .args(["--local", "-e", "SELECT 1 AS one;"])
        .output()
        .expect("run");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
}

/// SQL pasted from a web page often has no-break spaces (U+00A0) between its words: they
/// separate words on the local backend as in the shell's own statements, and stay as
/// they are inside a string.
#[test]
fn a_no_break_space_separates_words_on_the_local_backend() {
    let shell = Shell::new();
    let out = shell
        .cmd()
        .args(["-o", "csv", "-e"])
        .arg("SELECT\u{a0}'a\u{a0}b'\u{a0}AS\u{a0}x;\nSELECT\u{a0}1\u{a0}AS\u{a0}n\u{a0}FROM\u{a0}(VALUES\u{a0}(1));\nSHOW\u{a0}CONNECTIONS;")
        .output()
        .expect("run flinksh");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "x\na\u{a0}b\nn\n1\n\
         creation_date,name,environment,cloud,region,type,endpoint,data,status,status_detail\n"
    );
}
