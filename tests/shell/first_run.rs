//! What a new user (or someone trying to break it) runs into on the local backend,
//! through the binary: closed pipes, secrets left on disk, odd states and the
//! messages they get.

use crate::util;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use util::{Shell, code, stderr, stdout};

#[test]
fn a_pipe_closed_before_the_script_ends_stops_it_with_exit_141() {
    let shell = Shell::new();
    let mut script = "SELECT 1;\n".repeat(20_000);
    script.push_str("CREATE TABLE after_the_pipe AS VALUES (1);\n");
    let path = shell.write("long.sql", script);
    let mut child = shell
        .std_cmd()
        .arg("-f")
        .arg(&path)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut first = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut first)
        .expect("read a line");
    // `head -1` has its line and goes away.
    let out = child.wait_with_output().expect("wait");
    assert_eq!(code(&out), 141, "{}", stderr(&out));
    assert_eq!(stderr(&out), "", "a closed pipe is no error to report");
    let after = shell.sql("SHOW TABLES;");
    assert!(
        !stdout(&after).contains("after_the_pipe"),
        "the rest of the script did not run: {}",
        stdout(&after)
    );
}

/// `flinksh -e SQL >&-`, as a shell runs it.
fn with_stdout_closed(shell: &Shell, sql: &str) -> std::process::Output {
    let cmd = shell.std_cmd();
    let mut sh = Command::new("sh");
    sh.arg("-c")
        .arg("exec \"$@\" >&-")
        .arg("sh")
        .arg(cmd.get_program())
        .args(cmd.get_args())
        .args(["-e", sql]);
    for (k, v) in cmd.get_envs() {
        match v {
            Some(v) => sh.env(k, v),
            None => sh.env_remove(k),
        };
    }
    sh.output().expect("run")
}

#[test]
fn standard_output_closed_from_the_start_is_exit_141_with_a_message() {
    let shell = Shell::new();
    let out = with_stdout_closed(&shell, "SELECT 1;");
    assert_eq!(code(&out), 141, "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        "Error: standard output is closed, so the results had nowhere to go: redirect it to a file or /dev/null\n"
    );
    // Nothing to print is no lost write.
    let out = with_stdout_closed(&shell, "SET 'a' = 'b';");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
}

/// Whether any file in the state directory holds `needle`, byte for byte.
fn state_files_hold(shell: &Shell, needle: &str) -> Vec<String> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(shell.state_dir()).expect("state dir") {
        let path = entry.expect("entry").path();
        let bytes = std::fs::read(&path).expect("read state file");
        if bytes.windows(needle.len()).any(|w| w == needle.as_bytes()) {
            found.push(path.display().to_string());
        }
    }
    found
}

#[test]
fn rotated_and_dropped_secrets_are_gone_from_the_state_files() {
    let shell = Shell::new();
    let create = "CREATE CONNECTION ai WITH ('type' = 'openai', \
                  'endpoint' = 'https://api.openai.com/v1/chat/completions', \
                  'api-key' = 'sk-OLD-3f9a1c77e2');";
    let out = shell.sql(create);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        !state_files_hold(&shell, "sk-OLD-3f9a1c77e2").is_empty(),
        "stored"
    );

    let out = shell.sql("ALTER CONNECTION ai SET ('api-key' = 'sk-NEW-8b2d4e6f01');");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(
        state_files_hold(&shell, "sk-OLD-3f9a1c77e2"),
        Vec::<String>::new(),
        "the rotated secret is gone"
    );

    let out = shell.sql("DROP CONNECTION ai;");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(
        state_files_hold(&shell, "sk-NEW-8b2d4e6f01"),
        Vec::<String>::new(),
        "the dropped secret is gone"
    );
}

fn raw_controls(text: &str) -> Vec<char> {
    text.chars()
        .filter(|&c| {
            (c.is_control() && c != '\n')
                || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        })
        .collect()
}

#[test]
fn control_characters_in_an_endpoint_are_refused() {
    let shell = Shell::new();
    for endpoint in [
        "https://x/\u{1b}[31mRED\u{1b}]0;pwned\u{7}",
        "https://x/\u{202e}gpj.exe",
    ] {
        let out = shell.sql(&format!(
            "CREATE CONNECTION c WITH ('type' = 'openai', 'endpoint' = '{endpoint}', 'api-key' = 'k');"
        ));
        assert_eq!(code(&out), 1, "{}", stderr(&out));
        assert_eq!(
            stderr(&out),
            "Error: -e:1: CREATE CONNECTION: invalid 'endpoint' for type OPENAI: it must be \
             an http:// or https:// URL, without spaces or control characters\n"
        );
    }
    let out = shell.sql("CREATE CONNECTION `c\u{1b}[2J` WITH ('type' = 'openai', 'endpoint' = 'https://x', 'api-key' = 'k');");
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert_eq!(raw_controls(&stderr(&out)), Vec::<char>::new());
    assert!(stdout(&shell.sql("SHOW CONNECTIONS;")).starts_with("None found."));
}

#[test]
fn results_and_errors_never_print_control_characters_raw() {
    let shell = Shell::new();
    let value = "SELECT 'a\u{1b}]0;pwned\u{7}b\u{202e}c' AS v, 'one\ntwo' AS w;";
    for format in ["table", "tableau"] {
        let out = shell
            .cmd()
            .args(["-o", format, "-e", value])
            .output()
            .expect("run");
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        let text = stdout(&out);
        assert_eq!(
            raw_controls(&text),
            Vec::<char>::new(),
            "{format}: {text:?}"
        );
        assert!(text.contains("]0;pwned"), "{text}");
    }
    let out = shell.sql("SELECT * FROM `t\u{1b}[31m\u{202e}`;");
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let err = stderr(&out);
    assert_eq!(raw_controls(&err), Vec::<char>::new(), "{err:?}");
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn a_read_only_state_file_answers_reads_and_refuses_writes() {
    let shell = Shell::new();
    let out = shell.sql(
        "CREATE TABLE t AS VALUES (1); \
         CREATE CONNECTION c WITH ('type' = 'openai', 'endpoint' = 'https://x', 'api-key' = 'k');",
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let file = shell.state_dir().join("flinksh.db");
    let mut perms = std::fs::metadata(&file).expect("state file").permissions();
    perms.set_readonly(true);
    std::fs::set_permissions(&file, perms).expect("chmod");

    let out = shell
        .cmd()
        .args(["-o", "csv", "-e", "SELECT * FROM t; SHOW CONNECTIONS;"])
        .output()
        .expect("run");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stdout(&out).starts_with("EXPR$0\n1\n"), "{}", stdout(&out));
    assert!(stdout(&out).contains(",c,"), "{}", stdout(&out));

    for write in [
        "INSERT INTO t VALUES (2);",
        "DROP CONNECTION c;",
        "ALTER CONNECTION c SET ('api-key' = 'k2');",
    ] {
        let out = shell.sql(write);
        assert_eq!(code(&out), 1, "{write}: {}", stderr(&out));
        assert_eq!(
            stderr(&out),
            "Error: -e:1: the state file is read-only, so nothing was changed: make flinksh.db in \
             the state directory writable (chmod u+w) or use another --state-dir\n",
            "{write}"
        );
    }
    let mode = std::fs::metadata(&file).expect("state file").permissions();
    assert!(mode.readonly(), "still read-only");
}

#[test]
fn without_a_home_directory_the_local_backend_says_where_its_state_would_go() {
    let shell = Shell::new();
    let home = shell.dir().join("nonexistent");
    let out = shell
        .homeless_cmd()
        .args(["--no-history", "-e", "SELECT 1;"])
        .output()
        .expect("run");
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        format!(
            "Error: the home directory {} does not exist, so the local state would have no \
             place (in {}/.local/share/flinksh): set FLINKSH_STATE_DIR (--state-dir) to a \
             directory to keep it in\n",
            home.display(),
            home.display()
        )
    );
    assert!(!home.exists(), "no home directory was made");
    // Told where, it runs.
    let out = shell
        .homeless_cmd()
        .env("FLINKSH_STATE_DIR", shell.state_dir())
        .args(["-e", "SELECT 1;"])
        .output()
        .expect("run");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(!home.exists(), "no home directory was made");
}

#[test]
fn a_nul_byte_in_a_script_is_named_with_its_place() {
    let shell = Shell::new();
    let path = shell.write("nul.sql", "SELECT 1;\nSELECT 'a\0b';\n");
    let out = shell.cmd().arg("-f").arg(&path).output().expect("run");
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        format!(
            "Error: {} holds a NUL byte at line 2, column 10: remove it and run again (nothing in it was run)\n",
            path.display()
        )
    );
    assert_eq!(stdout(&out), "", "nothing ran");
}

#[test]
fn parentheses_nested_too_deeply_name_the_limit() {
    let shell = Shell::new();
    let deep = format!("SELECT {}1{};", "(".repeat(100_000), ")".repeat(100_000));
    let path = shell.write("deep.sql", deep);
    let out = shell.cmd().arg("-f").arg(&path).output().expect("run");
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        format!(
            "Error: {}:1: the statement is nested too deeply (limit 1000 parentheses); simplify it\n",
            path.display()
        )
    );
    let fine = format!("SELECT {}1{} AS x;", "(".repeat(1000), ")".repeat(1000));
    let out = shell
        .cmd()
        .args(["-o", "csv", "-e", &fine])
        .output()
        .expect("run");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stdout(&out), "x\n1\n");
}

#[test]
fn resetting_a_key_that_was_not_set_says_so() {
    let shell = Shell::new();
    let out = shell.sql("SET 'a.b' = 'c'; RESET 'nope'; RESET 'a.b';");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        "Property 'a.b' set.\nProperty 'nope' was not set; nothing reset.\nProperties reset.\n"
    );
}
