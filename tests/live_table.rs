//! Streaming results with updates as a live table, at a real terminal: `flinksh` runs in
//! a pty, and what it writes goes through a terminal emulator (`vt100`), so the tests
//! read the screen a user would see. Against the fake SQL Gateway, the fake Confluent
//! Cloud API, and the REAL Flink SQL Gateway at `$FLINK_GATEWAY_URL` (skipped, saying
//! so, when it is unset).

#![cfg(unix)]

#[path = "support/gateway.rs"]
mod fake_gateway;
mod support;
mod util;

use std::process::Command;

use fake_gateway::{Script, eos, payload};
use rexpect::session::PtySession;
use serde_json::{Value, json};
use unicode_width::UnicodeWidthStr;
use util::process::{pty, pty_exit_code, scrub_env};
use util::real_gateway::{StopJobsOn, unique, url as gateway_url};

const TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);

/// A pty of a fixed size with everything the shell wrote kept, for the emulator.
struct Term {
    pty: PtySession,
    /// The shell's state dir, removed when the test ends.
    _state: tempfile::TempDir,
    raw: Vec<u8>,
    cols: u16,
    rows: u16,
    resizes: Vec<(usize, u16, u16)>,
}

impl Term {
    /// Runs `flinksh args…` in a terminal of `cols` × `rows`, set with `stty` before the
    /// shell starts so it never sees another size.
    fn spawn(args: &[&str], env: &[(&str, &str)], cols: u16, rows: u16) -> Term {
        let state = tempfile::tempdir().expect("temp dir");
        let mut cmd = Command::new("sh");
        cmd.arg("-c")
            .arg(format!(
                "stty cols {cols} rows {rows} && exec \"$0\" \"$@\""
            ))
            .arg(env!("CARGO_BIN_EXE_flinksh"))
            .args(["--no-history", "--state-dir"])
            .arg(state.path())
            .args(args);
        scrub_env(&mut cmd);
        cmd.env("TERM", "xterm").env("NO_COLOR", "1");
        for (k, v) in env {
            cmd.env(k, v);
        }
        Term {
            pty: pty(cmd, TIMEOUT, false),
            _state: state,
            raw: Vec::new(),
            cols,
            rows,
            resizes: Vec::new(),
        }
    }

    /// Reads until `needle` has been written.
    fn expect(&mut self, needle: &str) {
        match self.pty.exp_string(needle) {
            Ok(before) => {
                // The reader hands over bytes as chars 0–255.
                self.raw.extend(before.chars().map(|c| c as u32 as u8));
                self.raw.extend(needle.chars().map(|c| c as u32 as u8));
            }
            Err(e) => panic!("{e}: no {needle:?} on the screen:\n{}", self.screen()),
        }
    }

    /// Resizes the terminal, as a user dragging its window does.
    fn resize(&mut self, cols: u16, rows: u16) {
        use std::os::fd::AsRawFd;
        let pty = self.pty.process().get_file_handle().expect("the pty");
        let size = libc::winsize {
            ws_row: rows,
            ws_col: cols,
            ws_xpixel: 0,
            ws_ypixel: 0,
        };
        // SAFETY: TIOCSWINSZ reads a winsize from a valid pointer; the fd is the pty's.
        let done = unsafe { libc::ioctl(pty.as_raw_fd(), libc::TIOCSWINSZ, &size) };
        assert_eq!(done, 0, "TIOCSWINSZ: {}", std::io::Error::last_os_error());
        self.resizes.push((self.raw.len(), cols, rows));
    }

    /// Ctrl-C, after which the shell must end with 130.
    fn ctrl_c_ends_130(&mut self) {
        self.pty.send_control('c').expect("Ctrl-C");
        assert_eq!(self.finish(), 130);
    }

    /// Reads to the end and returns the exit code.
    fn finish(&mut self) -> i32 {
        let rest = self.pty.exp_eof().expect("the shell ends");
        self.raw.extend(rest.chars().map(|c| c as u32 as u8));
        pty_exit_code(&self.pty)
    }

    fn replay(&self) -> Replay {
        Replay {
            raw: self.raw.clone(),
            cols: self.cols,
            rows: self.rows,
            resizes: self.resizes.clone(),
        }
    }

    /// The screen as it was just before `needle` was first written, with `needle`.
    fn replay_until(&self, needle: &str) -> Replay {
        let at = find(&self.raw, needle.as_bytes())
            .unwrap_or_else(|| panic!("{needle:?} was never written"));
        let mut raw = self.raw[..at].to_vec();
        raw.extend_from_slice(needle.as_bytes());
        Replay {
            raw,
            cols: self.cols,
            rows: self.rows,
            resizes: self.resizes.clone(),
        }
    }

    fn screen(&self) -> String {
        self.replay().screen()
    }

    fn screen_lines(&self) -> Vec<String> {
        self.replay().screen_lines()
    }

    fn all_lines(&self) -> Vec<String> {
        self.replay().all_lines()
    }
}

/// Output run through the terminal emulator.
struct Replay {
    raw: Vec<u8>,
    /// The size the terminal started with…
    cols: u16,
    rows: u16,
    /// …and where in the output it was resized, to what.
    resizes: Vec<(usize, u16, u16)>,
}

impl Replay {
    fn parser(&self) -> vt100::Parser {
        let mut p = vt100::Parser::new(
            self.rows.try_into().expect("rows"),
            self.cols.try_into().expect("cols"),
            1000,
        );
        let mut done = 0;
        for &(at, cols, rows) in &self.resizes {
            let at = at.min(self.raw.len());
            p.process(&self.raw[done..at]);
            p.screen_mut().set_size(
                rows.try_into().expect("rows"),
                cols.try_into().expect("cols"),
            );
            done = at;
        }
        p.process(&self.raw[done..]);
        p
    }

    /// The terminal's size at the end.
    fn size(&self) -> (u16, u16) {
        self.resizes
            .last()
            .map_or((self.cols, self.rows), |&(_, c, r)| (c, r))
    }

    /// The screen, one string per row.
    fn screen(&self) -> String {
        self.parser().screen().contents()
    }

    fn screen_lines(&self) -> Vec<String> {
        self.screen()
            .lines()
            .map(|l| l.trim_end().to_string())
            .collect()
    }

    /// Every line written, scrolled off the screen or not.
    fn all_lines(&self) -> Vec<String> {
        let mut p = self.parser();
        p.screen_mut().set_scrollback(usize::MAX);
        let above = p.screen().scrollback();
        let rows = usize::from(self.size().1);
        let mut lines = Vec::new();
        // From the top of the scrollback, one screenful after another.
        let mut offset = above;
        loop {
            p.screen_mut().set_scrollback(offset);
            let page: Vec<String> = p
                .screen()
                .contents()
                .lines()
                .map(|l| l.trim_end().to_string())
                .collect();
            let take = if offset == 0 { rows } else { offset.min(rows) };
            lines.extend(page.into_iter().take(take));
            if offset == 0 {
                break;
            }
            offset = offset.saturating_sub(rows);
        }
        lines
    }

    /// Whether any row of the screen wrapped onto the next.
    fn any_row_wrapped(&self) -> bool {
        let p = self.parser();
        (0..self.size().1).any(|r| p.screen().row_wrapped(r))
    }
}

fn int() -> Value {
    json!({"type": "INTEGER", "nullable": false})
}

fn bigint() -> Value {
    json!({"type": "BIGINT", "nullable": false})
}

fn string() -> Value {
    json!({"type": "VARCHAR", "nullable": true, "length": 2147483647})
}

/// The changelog of `SELECT MOD(n, 3) AS k, COUNT(*) AS c … GROUP BY MOD(n, 3)` over
/// n = 1..=20, as (kind, k, c).
fn counts_changelog() -> Vec<(&'static str, i64, i64)> {
    let mut seen = [0; 3];
    let mut changes = Vec::new();
    for n in 1..=20 {
        let k = n % 3;
        seen[k as usize] += 1;
        let c = seen[k as usize];
        if c == 1 {
            changes.push(("INSERT", k, c));
        } else {
            changes.push(("UPDATE_BEFORE", k, c - 1));
            changes.push(("UPDATE_AFTER", k, c));
        }
    }
    changes
}

/// The changelog in gateway result pages of `per_page` rows.
fn gateway_pages(per_page: usize) -> Vec<Value> {
    let cols = [("k", int()), ("c", bigint())];
    let changes = counts_changelog();
    changes
        .chunks(per_page)
        .map(|chunk| {
            let rows: Vec<(&str, Value)> = chunk
                .iter()
                .map(|(kind, k, c)| (*kind, json!([k, c])))
                .collect();
            payload(&cols, &rows)
        })
        .collect()
}

/// A fake gateway whose GROUP BY query sends the counts' 37 changes in pages of five,
/// then keeps running with nothing new.
fn endless_counts_gateway() -> fake_gateway::Gateway {
    let gw = fake_gateway::start();
    let mut pages = gateway_pages(5);
    pages.push(payload(&[("k", int()), ("c", bigint())], &[]));
    gw.script("GROUP BY", Script::Pages(pages));
    gw
}

const COUNTS_QUERY: &str = "SELECT MOD(n, 3) AS k, COUNT(*) AS c FROM src GROUP BY MOD(n, 3)";

/// The final counts, each key once, in whatever order the rows came.
fn assert_final_counts(lines: &[String]) {
    for want in ["0 | 6", "1 | 7", "2 | 7"] {
        let found = lines.iter().filter(|l| norm(l) == want).count();
        assert_eq!(found, 1, "{want:?} once in:\n{}", lines.join("\n"));
    }
    assert_no_changelog(lines);
}

fn assert_no_changelog(lines: &[String]) {
    for l in lines {
        for op in ["+I", "-U", "+U", "-D"] {
            assert!(
                !l.contains(op),
                "a changelog line {l:?} in:\n{}",
                lines.join("\n")
            );
        }
    }
}

#[test]
fn a_group_by_ends_as_a_table_of_its_final_counts_at_the_fake_gateway() {
    let gw = fake_gateway::start();
    let mut pages = gateway_pages(4);
    pages.push(eos());
    gw.script("GROUP BY", Script::Pages(pages));
    let mut term = Term::spawn(&["--gateway", &gw.url(), "-e", COUNTS_QUERY], &[], 60, 20);
    assert_eq!(term.finish(), 0);
    let lines = term.all_lines();
    assert_final_counts(&lines);
    // The frames and their status line are gone; the final table stays with its
    // header, and the footer follows it.
    assert!(
        !lines.iter().any(|l| l.contains("Ctrl-C stops")),
        "{lines:?}"
    );
    let header = lines
        .iter()
        .position(|l| l.trim() == "k | c")
        .expect("header");
    assert!(lines[header + 1].starts_with("---"), "{lines:?}");
    assert!(
        lines[header + 5].starts_with("3 rows in the result, from 37 changes"),
        "{lines:?}"
    );
}

#[test]
fn ctrl_c_mid_stream_leaves_the_table_as_it_stood() {
    let gw = endless_counts_gateway();
    let mut term = Term::spawn(&["--gateway", &gw.url(), "-e", COUNTS_QUERY], &[], 60, 20);
    // The live view, with every change drawn.
    term.expect("37 changes received");
    term.expect("Ctrl-C stops");
    assert_final_counts(&term.screen_lines());
    term.ctrl_c_ends_130();
    let lines = term.all_lines();
    assert_final_counts(&lines);
    assert!(
        !lines.iter().any(|l| l.contains("Ctrl-C stops")),
        "{lines:?}"
    );
    assert!(lines.iter().any(|l| l == "Statement stopped."), "{lines:?}");
    // Stopped on the gateway as before: the query's operation was closed.
    assert!(!gw.closed_operations().is_empty());
    assert_eq!(gw.sessions_closed(), gw.sessions_opened());
}

#[test]
fn a_narrow_terminal_gets_frames_cut_to_its_width_wide_characters_included() {
    let gw = fake_gateway::start();
    let cols = [("name", string()), ("n", bigint())];
    let rows: Vec<(&str, Value)> = vec![
        ("INSERT", json!(["東京都の長い名前の区", 0])),
        ("INSERT", json!(["ÅÄÖ-the-long-name-of-a-place", 1])),
        ("INSERT", json!(["x", 2])),
        ("UPDATE_BEFORE", json!(["x", 2])),
        ("UPDATE_AFTER", json!(["x", 3])),
    ];
    gw.script(
        "FROM places",
        Script::Pages(vec![payload(&cols, &rows), payload(&cols, &[])]),
    );
    let sql = "SET 'client.result-mode' = 'table'; SELECT name, n FROM places";
    let mut term = Term::spawn(&["-q", "--gateway", &gw.url(), "-e", sql], &[], 24, 12);
    term.expect("5 changes");
    let frame = term.replay_until("5 changes");
    term.ctrl_c_ends_130();
    // The frame fit the width: no row wrapped, no wide character was split.
    assert!(!frame.any_row_wrapped(), "{}", frame.screen());
    let screen = frame.screen_lines();
    assert!(screen.iter().any(|l| l.contains("東京")), "{screen:?}");
    assert!(screen.iter().all(|l| l.width() < 24), "{screen:?}");
    assert!(screen.iter().any(|l| norm(l) == "x | 3"), "{screen:?}");
    assert_no_changelog(&screen);
}

#[test]
fn a_resized_terminal_gets_frames_of_its_new_size() {
    let gw = endless_counts_gateway();
    let mut term = Term::spawn(&["--gateway", &gw.url(), "-e", COUNTS_QUERY], &[], 80, 20);
    term.expect("37 changes received");
    term.expect("Ctrl-C stops");
    term.resize(29, 10);
    // The next frame (the elapsed time ticks once a second) is cut to 28 columns: the
    // status line ends in "…" there (bytes as the pty reader hands them over).
    let cut: String = "changes receive…".bytes().map(char::from).collect();
    term.expect(&cut);
    let frame = term.replay();
    term.ctrl_c_ends_130();
    assert!(!frame.any_row_wrapped(), "{}", frame.screen());
    let screen = frame.screen_lines();
    assert_final_counts(&screen);
    assert!(screen.iter().all(|l| l.width() < 29), "{screen:?}");
    assert!(
        !screen.iter().any(|l| l.contains("Ctrl-C stops")),
        "{screen:?}"
    );
    // The final table, once, after the resize.
    assert_final_counts(&term.all_lines());
}

#[test]
fn a_result_taller_than_the_terminal_shows_its_newest_rows_and_counts_the_rest() {
    let gw = fake_gateway::start();
    let cols = [("k", int()), ("c", bigint())];
    let mut rows: Vec<(&str, Value)> = (0..40).map(|k| ("INSERT", json!([k, 1]))).collect();
    rows.push(("UPDATE_BEFORE", json!([0, 1])));
    rows.push(("UPDATE_AFTER", json!([0, 2])));
    gw.script(
        "FROM many",
        Script::Pages(vec![payload(&cols, &rows), payload(&cols, &[])]),
    );
    let mut term = Term::spawn(
        &["--gateway", &gw.url(), "-e", "SELECT k, c FROM many"],
        &[],
        40,
        12,
    );
    // A frame: the header, how many rows are above, the newest rows, the status line,
    // in fewer lines than the terminal has.
    term.expect("42 changes received");
    let frame = term.replay_until("42 changes received").screen_lines();
    term.ctrl_c_ends_130();
    assert!(
        frame.iter().any(|l| l.contains("33 more rows above")),
        "{frame:?}"
    );
    assert_eq!(
        frame.iter().filter(|l| l.contains(" | ")).count(),
        8,
        "{frame:?}"
    );
    assert_eq!(
        frame
            .iter()
            .rev()
            .find(|l| l.contains(" | "))
            .map(|l| norm(l)),
        Some("0 | 2".to_string()),
        "{frame:?}"
    );
    // The final table holds all 40 rows, in the scrollback.
    let lines = term.all_lines();
    let start = lines
        .iter()
        .rposition(|l| l.trim() == "k  | c")
        .expect("the final table");
    let table: Vec<&str> = lines[start + 2..]
        .iter()
        .map(|l| l.trim())
        .take_while(|l| l.contains(" | "))
        .collect();
    assert_eq!(table.len(), 40, "{lines:?}");
    assert_eq!(table.last(), Some(&"0  | 2"));
}

#[test]
fn an_append_only_result_prints_its_rows_as_they_come() {
    let gw = fake_gateway::start();
    let cols = [("k", int())];
    gw.script(
        "FROM appends",
        Script::Pages(vec![
            payload(&cols, &[("INSERT", json!([1])), ("INSERT", json!([2]))]),
            eos(),
        ]),
    );
    let mut term = Term::spawn(
        &["--gateway", &gw.url(), "-e", "SELECT k FROM appends"],
        &[],
        60,
        20,
    );
    assert_eq!(term.finish(), 0);
    let lines = term.all_lines();
    assert!(lines.iter().any(|l| norm(l) == "+I | 1"), "{lines:?}");
    assert!(lines.iter().any(|l| norm(l) == "+I | 2"), "{lines:?}");
    assert!(
        !lines.iter().any(|l| l.contains("Ctrl-C stops")),
        "{lines:?}"
    );
}

#[test]
fn changelog_mode_at_a_terminal_prints_every_change() {
    let gw = fake_gateway::start();
    let mut pages = gateway_pages(40);
    pages.push(eos());
    gw.script("GROUP BY", Script::Pages(pages));
    let sql = format!("SET 'client.result-mode' = 'changelog'; {COUNTS_QUERY}");
    let mut term = Term::spawn(&["--gateway", &gw.url(), "-e", &sql], &[], 60, 50);
    assert_eq!(term.finish(), 0);
    let lines = term.all_lines();
    assert_eq!(
        lines.iter().filter(|l| l.contains("-U")).count(),
        17,
        "{lines:?}"
    );
}

#[test]
fn tableau_under_table_mode_draws_the_frame_and_ends_framed() {
    let gw = fake_gateway::start();
    let mut pages = gateway_pages(6);
    pages.push(eos());
    gw.script("GROUP BY", Script::Pages(pages));
    let sql = format!("SET 'client.result-mode' = 'table'; {COUNTS_QUERY}");
    let mut term = Term::spawn(
        &["--gateway", &gw.url(), "-o", "tableau", "-e", &sql],
        &[],
        60,
        20,
    );
    assert_eq!(term.finish(), 0);
    let lines = term.all_lines();
    for want in ["| 0 | 6 |", "| 1 | 7 |", "| 2 | 7 |"] {
        assert_eq!(
            lines.iter().filter(|l| l.trim() == want).count(),
            1,
            "{lines:?}"
        );
    }
    assert_no_changelog(&lines);
}

#[test]
fn the_cloud_api_s_op_codes_make_the_same_table() {
    let (_, fake) = support::start(support::FakeConfig::default());
    let rows: Vec<Value> = counts_changelog()
        .into_iter()
        .map(|(kind, k, c)| {
            let op = match kind {
                "INSERT" => 0,
                "UPDATE_BEFORE" => 1,
                _ => 2,
            };
            json!({"op": op, "row": [k.to_string(), c.to_string()]})
        })
        .collect();
    fake.script(
        "GROUP BY",
        support::StatementScript {
            phases: vec!["PENDING".into(), "RUNNING".into()],
            columns: vec![
                json!({"name": "k", "type": {"type": "INTEGER", "nullable": false}}),
                json!({"name": "c", "type": {"type": "BIGINT", "nullable": false}}),
            ],
            is_bounded: false,
            rows,
            page_size: 7,
            ..support::StatementScript::default()
        },
    );
    let url = fake.url();
    let mut term = Term::spawn(
        &[
            "--url",
            &url,
            "--organization",
            "b0b21724-4586-4a07-b787-d0bb5aacbf87",
            "--environment",
            "env-a1b2c3",
            "--cloud",
            "aws",
            "--region",
            "us-west-2",
            "--compute-pool",
            "lfcp-abc123",
            "-e",
            COUNTS_QUERY,
        ],
        &[
            ("CLOUD_API_KEY", "CLOUDKEY"),
            ("CLOUD_API_SECRET", "cloud-secret"),
            ("FLINK_API_KEY", "FLINKKEY"),
            ("FLINK_API_SECRET", "flink-secret"),
        ],
        60,
        20,
    );
    term.expect("37 changes received");
    assert_final_counts(&term.screen_lines());
    term.ctrl_c_ends_130();
    let lines = term.all_lines();
    assert_final_counts(&lines);
    assert!(
        !lines.iter().any(|l| l.contains("Ctrl-C stops")),
        "{lines:?}"
    );
    assert!(
        fake.statements().iter().all(|s| s.deleted),
        "the statement was stopped on the server"
    );
}

#[test]
fn piped_output_is_still_the_changelog() {
    let gw = fake_gateway::start();
    let mut pages = gateway_pages(40);
    pages.push(eos());
    gw.script("GROUP BY", Script::Pages(pages));
    let shell = util::Shell::new();
    let out = shell
        .cmd()
        .args(["--gateway", &gw.url(), "-e", COUNTS_QUERY])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&out.stdout);
    // The changelog with its op column, every change on its own line.
    let ops: Vec<String> = stdout
        .lines()
        .skip(2)
        .map(|l| norm(l).split(' ').next().unwrap_or("").to_string())
        .collect();
    assert_eq!(ops.len(), 37, "{stdout}");
    assert_eq!(ops.iter().filter(|op| *op == "-U").count(), 17, "{stdout}");
    assert_eq!(ops.iter().filter(|op| *op == "+U").count(), 17, "{stdout}");
    assert!(
        stdout
            .lines()
            .next()
            .is_some_and(|l| norm(l) == "op | k | c"),
        "{stdout}"
    );
}

#[test]
fn a_result_mode_that_does_not_exist_is_refused() {
    let shell = util::Shell::new();
    let out = shell
        .cmd()
        .args(["-e", "SET 'client.result-mode' = 'tabel';"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("unknown result mode 'tabel': use table"),
        "{stderr}"
    );
}

/// The lines from the last `k | c` header on: the table the shell left.
fn final_table(lines: &[String]) -> &[String] {
    let header = lines
        .iter()
        .rposition(|l| norm(l) == "k | c")
        .expect("the final table");
    &lines[header..]
}

/// The rows of a table from its header on, spaces made one.
fn rows_of(table: &[String]) -> Vec<String> {
    table
        .iter()
        .skip(2)
        .map(|l| norm(l))
        .take_while(|l| l.contains(" | "))
        .collect()
}

/// The line with runs of spaces made one and none at the ends: cells are padded to
/// their column's width.
fn norm(line: &str) -> String {
    line.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

const PROMPT: &str = "gateway> ";

#[test]
fn real_gateway_a_group_by_in_streaming_mode_ends_as_its_final_counts_with_the_prompt_below() {
    let Some(url) = gateway_url() else { return };
    let mut term = Term::spawn(&["--gateway", &url], &[], 80, 24);
    term.expect(PROMPT);
    // One line, three statements: the prompt comes back only after the last.
    term.pty
        .send_line(&format!(
            "CREATE TEMPORARY TABLE src (n INT) WITH ('connector' = 'datagen', \
             'fields.n.kind' = 'sequence', 'fields.n.start' = '1', 'fields.n.end' = '20'); \
             SET 'execution.runtime-mode' = 'streaming'; {COUNTS_QUERY};"
        ))
        .expect("type");
    term.expect("3 rows in the result, from 37 changes");
    term.expect(PROMPT);
    let lines = term.all_lines();
    let after = final_table(&lines).to_vec();
    assert_final_counts(&after);
    assert!(
        !after.iter().any(|l| l.contains("Ctrl-C stops")),
        "{after:?}"
    );
    // The prompt comes after the table and its footer.
    assert!(
        after[5].starts_with("3 rows in the result, from 37 changes"),
        "{after:?}"
    );
    assert!(after[6].starts_with(PROMPT.trim_end()), "{after:?}");
    term.pty.send_line("QUIT").expect("type");
    assert_eq!(term.finish(), 0);
}

#[test]
fn real_gateway_ctrl_c_stops_an_endless_group_by_and_leaves_a_consistent_table() {
    let Some(url) = gateway_url() else { return };
    let table = unique("endless");
    let _cleanup = StopJobsOn {
        url: url.clone(),
        table: table.clone(),
    };
    let sql = format!(
        "CREATE TEMPORARY TABLE {table} (n INT) WITH ('connector' = 'datagen', \
         'rows-per-second' = '20', 'fields.n.min' = '1', 'fields.n.max' = '1000'); \
         SET 'execution.runtime-mode' = 'streaming'; \
         SELECT MOD(n, 3) AS k, COUNT(*) AS c FROM {table} GROUP BY MOD(n, 3)"
    );
    let mut term = Term::spawn(&["--gateway", &url, "-e", &sql], &[], 80, 24);
    // Live, with every key counted more than once.
    term.expect("3 rows");
    term.expect("Ctrl-C stops");
    std::thread::sleep(std::time::Duration::from_millis(1500));
    term.ctrl_c_ends_130();
    let lines = term.all_lines();
    let rows = rows_of(final_table(&lines));
    // Each key once: no half-applied update, no changelog.
    let mut keys: Vec<&str> = rows.iter().filter_map(|r| r.split(" | ").next()).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["0", "1", "2"], "{lines:?}");
    assert_no_changelog(&lines);
    assert!(
        !lines.iter().any(|l| l.contains("Ctrl-C stops")),
        "{lines:?}"
    );
    // Stopped on the gateway, its job ended (issue 10's clean stop says so).
    assert!(lines.iter().any(|l| l == "Statement stopped."), "{lines:?}");
}

#[test]
fn table_mode_without_a_terminal_prints_the_final_state_capped_at_client_max_rows() {
    let gw = fake_gateway::start();
    let cols = [("k", int()), ("c", bigint())];
    let mut rows: Vec<(&str, Value)> = (0..40).map(|k| ("INSERT", json!([k, 1]))).collect();
    rows.push(("UPDATE_BEFORE", json!([39, 1])));
    rows.push(("UPDATE_AFTER", json!([39, 2])));
    gw.script(
        "FROM many",
        Script::Pages(vec![payload(&cols, &rows), eos()]),
    );
    let shell = util::Shell::new();
    let out = shell
        .cmd()
        .args(["--gateway", &gw.url(), "-e"])
        .arg(
            "SET 'client.result-mode' = 'table'; SET 'client.max-rows' = '3'; \
             SELECT k, c FROM many",
        )
        .output()
        .expect("run");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<String> = stdout.lines().map(norm).collect();
    // Every change was read (the cap never stops a live table), the newest three rows
    // are held, and the table says what was dropped. No escape sequences in a pipe.
    assert_eq!(
        lines,
        [
            "k | c",
            "-----+----",
            "37 | 1",
            "38 | 1",
            "39 | 2",
            "(truncated: the oldest 37 rows were dropped to keep within client.max-rows 3)"
        ],
        "{stdout}"
    );
    assert!(!stdout.contains('\x1b'), "{stdout:?}");
}

#[test]
fn ctrl_c_between_the_halves_of_an_update_keeps_the_old_row() {
    let gw = fake_gateway::start();
    let cols = [("k", string()), ("c", bigint())];
    gw.script(
        "FROM halves",
        Script::Pages(vec![
            payload(
                &cols,
                &[
                    ("INSERT", json!(["a", 1])),
                    ("INSERT", json!(["b", 1])),
                    ("UPDATE_BEFORE", json!(["b", 1])),
                    ("UPDATE_AFTER", json!(["b", 2])),
                    // Its +U never comes: the query is stopped first.
                    ("UPDATE_BEFORE", json!(["a", 1])),
                ],
            ),
            payload(&cols, &[]),
        ]),
    );
    let mut term = Term::spawn(
        &["--gateway", &gw.url(), "-e", "SELECT k, c FROM halves"],
        &[],
        60,
        20,
    );
    // While the stream waits after the lone -U, the frame shows the row it retracted.
    term.expect("5 changes received");
    let frame = term.replay_until("5 changes received").screen_lines();
    term.ctrl_c_ends_130();
    let rows: Vec<String> = frame
        .iter()
        .map(|l| norm(l))
        .filter(|l| l.contains(" | ") && l != "k | c")
        .collect();
    assert_eq!(rows, ["b | 2", "a | 1"], "{frame:?}");
    // No frame ever lacked a row: every status line says 2 rows.
    let text: String = term.raw.iter().map(|b| char::from(*b)).collect();
    assert!(
        !text.contains("1 row "),
        "half an update was drawn: {text:?}"
    );
    let lines = term.all_lines();
    let table = rows_of(final_table(&lines));
    assert_eq!(table, ["b | 2", "a | 1"], "{lines:?}");
}

#[test]
fn at_the_prompt_ctrl_c_leaves_the_table_then_the_prompt_with_the_cursor_shown() {
    let gw = endless_counts_gateway();
    let mut term = Term::spawn(&["--gateway", &gw.url()], &[], 60, 20);
    term.expect(PROMPT);
    term.pty
        .send_line(&format!("{COUNTS_QUERY};"))
        .expect("type");
    term.expect("37 changes received");
    assert!(term.replay().parser().screen().hide_cursor());
    term.pty.send_control('c').unwrap();
    term.expect("Statement stopped.");
    term.expect(PROMPT);
    let screen = term.replay();
    assert!(
        !screen.parser().screen().hide_cursor(),
        "the cursor is shown again"
    );
    let lines = screen.all_lines();
    let after = final_table(&lines).to_vec();
    assert_final_counts(&after);
    assert_eq!(after[5], "Statement stopped.", "{after:?}");
    assert!(after[6].starts_with(PROMPT.trim_end()), "{after:?}");
    // The shell carries on.
    term.pty.send_line("QUIT").expect("type");
    assert_eq!(term.finish(), 0);
}
