//! `flinksh completions SHELL` and `flinksh man`: generated from the flags, and
//! usable by the real shells and `man`.

use std::path::Path;
use std::process::{Command, Output, Stdio};

fn flinksh(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_flinksh"))
        .args(args)
        .output()
        .expect("run flinksh")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn have(tool: &str) -> bool {
    let found = Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        eprintln!("skipped: {tool} is not installed");
    }
    found
}

#[test]
fn every_shell_gets_a_script_that_knows_the_flags() {
    for (shell, marker) in [
        ("bash", "complete -F _flinksh"),
        ("zsh", "#compdef flinksh"),
        ("fish", "complete -c flinksh"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let out = flinksh(&["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}: {}", text(&out.stderr));
        let script = text(&out.stdout);
        assert!(script.contains(marker), "{shell}: {script}");
        assert!(script.contains("flink-home"), "{shell}");
        assert!(script.contains("serve"), "{shell}");
        assert_eq!(text(&out.stderr), "");
    }
}

#[test]
fn bash_completes_flags_values_and_subcommands() {
    if !have("bash") {
        return;
    }
    let script = flinksh(&["completions", "bash"]).stdout;
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("flinksh.bash");
    std::fs::write(&path, script).expect("write script");
    // What bash's programmable completion does on TAB after each of these lines.
    let complete = |words: &[&str]| {
        let words_list = words
            .iter()
            .map(|w| format!("'{w}'"))
            .collect::<Vec<_>>()
            .join(" ");
        let program = format!(
            "source {}; COMP_WORDS=({words_list}); COMP_CWORD={}; COMP_LINE='{}'; COMP_POINT=${{#COMP_LINE}}; _flinksh flinksh '{}' '{}'; echo \"${{COMPREPLY[*]}}\"",
            path.display(),
            words.len() - 1,
            words.join(" "),
            words[words.len() - 1],
            words[words.len() - 2],
        );
        let out = Command::new("bash")
            .args(["--norc", "-c", &program])
            .output()
            .expect("run bash");
        assert!(out.status.success(), "{}", text(&out.stderr));
        text(&out.stdout).trim().to_string()
    };
    assert_eq!(complete(&["flinksh", "--flink-ta"]), "--flink-target");
    assert_eq!(complete(&["flinksh", "--flink-target", ""]), "local remote");
    let subcommands = complete(&["flinksh", "completions", ""]);
    for shell in ["bash", "zsh", "fish", "powershell"] {
        assert!(subcommands.contains(shell), "{subcommands}");
    }
    let out = Command::new("bash")
        .args([
            "--norc",
            "-c",
            &format!("source {}; complete -p flinksh", path.display()),
        ])
        .output()
        .expect("run bash");
    assert!(
        text(&out.stdout).contains("-F _flinksh"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn an_unknown_shell_is_a_usage_error_listing_the_shells() {
    let out = flinksh(&["completions", "tcsh"]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("invalid value 'tcsh'"), "{err}");
    assert!(err.contains("bash") && err.contains("powershell"), "{err}");
}

#[test]
fn the_man_page_documents_the_flags_and_man_renders_it() {
    let out = flinksh(&["man"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let roff = text(&out.stdout);
    assert!(roff.contains(".TH flinksh 1"), "{roff}");
    assert!(roff.contains(r"\-\-flink\-home"), "{roff}");
    assert!(roff.contains("Exit codes"), "{roff}");
    if !have("man") {
        return;
    }
    let mut child = Command::new("man")
        .args(["-l", "-"])
        .env("MANWIDTH", "100")
        .env("MANPAGER", "cat")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run man");
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().expect("stdin");
        stdin.write_all(&out.stdout).expect("feed man");
    }
    let shown = child.wait_with_output().expect("man output");
    let page = text(&shown.stdout);
    assert!(
        page.contains("--flink-home <DIR>"),
        "{page}{}",
        text(&shown.stderr)
    );
    assert!(
        page.contains("flinksh - A fast, native Flink SQL shell"),
        "{page}"
    );
}

#[test]
fn man_pages_can_be_installed_into_a_directory() {
    let dir = tempfile::tempdir().expect("temp dir");
    let man1 = dir.path().join("man1");
    let out = flinksh(&["man", "--dir", &man1.to_string_lossy()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    for page in [
        "flinksh.1",
        "flinksh-serve.1",
        "flinksh-completions.1",
        "flinksh-man.1",
    ] {
        let roff = std::fs::read_to_string(man1.join(page)).expect(page);
        assert!(roff.starts_with(".ie") || roff.contains(".TH"), "{page}");
    }
    let blocked = dir.path().join("file");
    std::fs::write(&blocked, "").expect("file");
    let out = flinksh(&["man", "--dir", &blocked.join("man1").to_string_lossy()]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("cannot write the man pages into"), "{err}");
    assert!(!Path::new(&blocked.join("man1")).exists());
}

#[test]
fn a_closed_stdout_is_not_a_crash() {
    for args in [&["completions", "zsh"][..], &["man"][..]] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_flinksh"))
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run flinksh");
        drop(child.stdout.take());
        let out = child.wait_with_output().expect("wait");
        assert!(
            !text(&out.stderr).contains("panicked"),
            "{}",
            text(&out.stderr)
        );
        assert_ne!(out.status.code(), Some(101));
    }
}
