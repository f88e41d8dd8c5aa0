//! The local engine measured against real Apache Flink: every statement of
//! `tests/data/local/*.sql` runs through the embedded local backend (one fresh state
//! directory per file, statements in order) and its answer is compared with what Flink
//! 2.3 answered in batch mode, recorded in the `.result` file next to it: the same
//! column names and Flink types and the same `-o tableau` text for a result, success for
//! a statement without rows, and for a statement Flink rejects a statement error (exit
//! code 1) whose message contains Flink's essential message.
//!
//! Statements the local engine does not answer as Flink does yet are listed in
//! `tests/data/local/known_differences.txt`. The test fails when a statement not on the
//! list differs, and when one on the list now matches (so the list stays true); with
//! `FLINKSH_UPDATE_KNOWN=1` it rewrites the list instead.
//!
//! Re-recording Flink's answers (needs the real SQL Gateway, see
//! `../shared/flink-gateway/README.md`; wipes `/tmp/flinksh-corpus`, where the corpus's
//! filesystem tables live):
//!
//! ```text
//! FLINK_GATEWAY_URL=http://127.0.0.1:PORT cargo test --test local_corpus -- --ignored record_flink_answers
//! ```
//!
//! (`FLINKSH_RECORD_ONLY=joins,setops` re-records only those files.) With
//! `FLINK_GATEWAY_URL` set, a normal run also checks two files against the gateway, so
//! stale recordings are noticed.
//!
//! Both sides go through the same code: flinksh's own backends used as a library
//! (`backend::gateway` for the recording, `backend::local` for the comparison), the
//! shell's `SET`/`RESET` kept here as the session keeps them, and the tableau printer
//! of `-o tableau`.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};

use flinksh::backend::{self, Outcome, StatementBackend, StatementContext};
use flinksh::render::OutputFormat;
use flinksh::render::results::SinkOptions;
use flinksh::result::{Boundedness, ChangeKind, Column, RowSink, Value};
use flinksh::sql::{self, Command};
use flinksh::{Error, ErrorKind};

/// Where the corpus's filesystem tables keep their files; the recorder empties it first.
const SCRATCH: &str = "/tmp/flinksh-corpus";
const KNOWN: &str = "known_differences.txt";

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/local")
}

/// The corpus files, by name.
fn sql_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(corpus_dir())
        .expect("tests/data/local exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "sql"))
        .collect();
    files.sort();
    files
}

fn group(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// What one statement answered, in the form the `.result` files hold.
#[derive(Debug, Clone, PartialEq)]
enum Answer {
    /// A result: `-- columns:` (name and Flink type of each), `-- rows:`, the tableau.
    Rows { columns: String, table: String },
    /// Succeeded without a result (DDL, SET, an INSERT whose job finished).
    Ok,
    /// Failed as a statement: the essential message and the whole one-line message.
    Error { essential: String, message: String },
    /// Anything else: an error of another kind, a panic. Never matches a recording.
    Broken(String),
}

impl Answer {
    /// The lines after the statement in a `.result` file.
    fn render(&self) -> String {
        match self {
            Answer::Rows { columns, table } => format!("-- columns: {columns}\n{table}"),
            Answer::Ok => "-- ok\n".to_string(),
            Answer::Error { essential, message } => {
                format!("-- error: {essential}\n-- flink: {message}\n")
            }
            Answer::Broken(what) => format!("-- broken: {what}\n"),
        }
    }

    fn parse(text: &str) -> Option<Answer> {
        let (first, rest) = text.split_once('\n').unwrap_or((text, ""));
        if let Some(columns) = first.strip_prefix("-- columns: ") {
            return Some(Answer::Rows {
                columns: columns.to_string(),
                table: rest.to_string(),
            });
        }
        if first == "-- ok" {
            return Some(Answer::Ok);
        }
        if let Some(essential) = first.strip_prefix("-- error: ") {
            let message = rest
                .lines()
                .next()
                .and_then(|l| l.strip_prefix("-- flink: "))
                .unwrap_or_default();
            return Some(Answer::Error {
                essential: essential.to_string(),
                message: message.to_string(),
            });
        }
        None
    }

    /// Whether the local engine's `self` gives Flink's `expected`.
    fn matches(&self, expected: &Answer) -> bool {
        match (expected, self) {
            (Answer::Error { essential, .. }, Answer::Error { message, .. }) => {
                message.contains(essential.as_str())
            }
            (Answer::Broken(_), _) | (_, Answer::Broken(_)) => false,
            (expected, actual) => expected == actual,
        }
    }
}

/// A row sink that notes the schema and prints the rows as `-o tableau` does.
struct Capture {
    columns: Vec<Column>,
    out: Arc<Mutex<Vec<u8>>>,
    tableau: Box<dyn RowSink>,
    rows: u64,
    begun: bool,
}

/// `Write` into a shared buffer, so the tableau sink can own its writer.
struct Shared(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Shared {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self.0.lock() {
            Ok(mut b) => {
                b.extend_from_slice(buf);
                Ok(buf.len())
            }
            Err(_) => Err(std::io::Error::other("capture buffer poisoned")),
        }
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Capture {
    fn new() -> Self {
        let out = Arc::new(Mutex::new(Vec::new()));
        let tableau = flinksh::render::results::sink(
            OutputFormat::Tableau,
            Box::new(Shared(Arc::clone(&out))),
            SinkOptions::default(),
        );
        Capture {
            columns: Vec::new(),
            out,
            tableau,
            rows: 0,
            begun: false,
        }
    }

    fn answer(&self) -> Answer {
        let columns = self
            .columns
            .iter()
            .map(|c| format!("{} {}", c.name, c.type_name))
            .collect::<Vec<_>>()
            .join(" | ");
        let text = self
            .out
            .lock()
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .unwrap_or_default();
        // An INSERT answers with the id of its job, which differs every run: that it
        // finished is what there is to compare.
        if self.columns.len() == 1 && self.columns[0].name == "job id" {
            return Answer::Ok;
        }
        Answer::Rows {
            columns,
            table: format!("-- rows: {}\n{text}", self.rows),
        }
    }
}

impl RowSink for Capture {
    fn begin(&mut self, columns: &[Column], bounded: Boundedness) -> std::io::Result<()> {
        self.columns = columns.to_vec();
        self.begun = true;
        self.tableau.begin(columns, bounded)
    }
    fn row(&mut self, kind: ChangeKind, values: Vec<Value>) -> std::io::Result<()> {
        self.rows += 1;
        self.tableau.row(kind, values)
    }
    fn end(&mut self) -> std::io::Result<u64> {
        self.tableau.end()
    }
}

/// Flink's root cause without what an embedded engine cannot be expected to say the
/// same way: the exception chain around it and the position prefix of a validation
/// error (`From line 1, column 15 to line 1, column 18: `, `At line 1, column 8: `).
fn essential(e: &Error) -> String {
    let innermost = e
        .detail
        .as_deref()
        .and_then(|d| d.rsplit(" <- ").next())
        .unwrap_or(&e.message);
    let mut text = innermost.trim();
    for prefix in ["SQL validation failed. ", "SQL parse failed. "] {
        text = text.strip_prefix(prefix).unwrap_or(text);
    }
    if let Some(rest) = strip_position(text) {
        text = rest;
    }
    if let Some(at) = text.find(" Was expecting") {
        text = &text[..at];
    }
    first_sentence(text.trim()).to_string()
}

/// Up to the first `. ` outside quotes: Flink's advice after it (`Supported form(s): …`,
/// `You can set job configuration …`) is Flink's own.
fn first_sentence(text: &str) -> &str {
    let mut quote = None;
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (None, '\'' | '"') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '.') if text[i + 1..].starts_with(' ') => return &text[..i],
            _ => {}
        }
    }
    text
}

/// `text` without a leading `From line …, column … to line …, column …: ` or
/// `At line …, column …: `.
fn strip_position(text: &str) -> Option<&str> {
    if !(text.starts_with("From line ") || text.starts_with("At line ")) {
        return None;
    }
    let (head, rest) = text.split_once(": ")?;
    head.chars()
        .all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == ',')
        .then_some(rest)
}

/// Runs a file's statements in order on `backend`, with the shell's SET/RESET kept
/// here as the session keeps them. Returns each statement's text and answer.
fn run_file(
    backend: &mut dyn StatementBackend,
    text: &str,
    retry_transient: bool,
) -> Vec<(String, Answer)> {
    let split = sql::split(text).expect("the corpus file splits into statements");
    let mut ctx = StatementContext::default();
    let mut answers = Vec::new();
    for statement in &split.statements {
        let sql = statement.text.to_string();
        let answer = match sql::parse(&sql) {
            Ok(Command::Set {
                key: Some(key),
                value,
            }) => {
                ctx.properties.insert(key, value.unwrap_or_default());
                Answer::Ok
            }
            Ok(Command::Reset { key: Some(key) }) => {
                ctx.properties.remove(&key);
                Answer::Ok
            }
            Ok(Command::Remote) => {
                let mut answer = run_statement(backend, &sql, &ctx);
                let mut tries = 1;
                while retry_transient && tries < 8 && is_transient(&answer) {
                    std::thread::sleep(std::time::Duration::from_secs(10));
                    tries += 1;
                    answer = run_statement(backend, &sql, &ctx);
                }
                answer
            }
            // USE is the shell's: it checks the name with the backend and sends the
            // catalog and database with every statement.
            Ok(Command::UseCatalog { catalog }) => match backend.check_use(Some(&catalog), None) {
                Ok(()) => {
                    ctx.catalog = Some(catalog);
                    ctx.database = None;
                    Answer::Ok
                }
                Err(e) => error_answer(&e),
            },
            Ok(Command::Use { catalog, database }) => {
                let catalog = catalog.or_else(|| ctx.catalog.clone());
                match backend.check_use(catalog.as_deref(), Some(&database)) {
                    Ok(()) => {
                        ctx.catalog = catalog;
                        ctx.database = Some(database);
                        Answer::Ok
                    }
                    Err(e) => error_answer(&e),
                }
            }
            Ok(other) => Answer::Broken(format!("not a corpus statement: {other:?}")),
            Err(e) => error_answer(&e),
        };
        answers.push((sql, answer));
    }
    answers
}

/// A failure of the shared test cluster (other jobs hold its slots or buffers), not
/// Flink's answer to the statement: the recorder tries again.
fn is_transient(answer: &Answer) -> bool {
    const SIGNS: [&str; 4] = [
        "Insufficient number of network buffers",
        "NoResourceAvailableException",
        "Could not acquire the minimum required resources",
        "Slot request bulk is not fulfillable",
    ];
    match answer {
        Answer::Error { message, essential } => SIGNS
            .iter()
            .any(|s| message.contains(s) || essential.contains(s)),
        Answer::Broken(what) => SIGNS.iter().any(|s| what.contains(s)),
        _ => false,
    }
}

fn run_statement(backend: &mut dyn StatementBackend, sql: &str, ctx: &StatementContext) -> Answer {
    let mut capture = Capture::new();
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        backend.execute(sql, ctx, &mut capture)
    }));
    match outcome {
        Ok(Ok(Outcome::Rows(_))) if capture.begun => capture.answer(),
        Ok(Ok(Outcome::Rows(n))) => Answer::Broken(format!("{n} rows but no columns")),
        Ok(Ok(Outcome::Done(_))) => Answer::Ok,
        Ok(Err(e)) => error_answer(&e),
        Err(panic) => {
            let what = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            Answer::Broken(format!("panicked: {what}"))
        }
    }
}

/// A failed statement: exit code 1 is a statement error; anything else is broken.
fn error_answer(e: &Error) -> Answer {
    match e.kind {
        ErrorKind::Statement | ErrorKind::NotFound | ErrorKind::AlreadyExists => Answer::Error {
            essential: flinksh::util::one_line(&essential(e)),
            message: flinksh::util::one_line(&e.message),
        },
        kind => Answer::Broken(format!(
            "{kind:?} error (exit {}): {}",
            e.exit_code(),
            e.message
        )),
    }
}

const HEADER: &str = "-- What Apache Flink 2.3 (SQL Gateway, batch mode) answered to each statement of the .sql file\n\
-- of the same name. Written by tests/local_corpus.rs (record_flink_answers); do not edit, re-record.\n";

fn render_result(answers: &[(String, Answer)]) -> String {
    let mut out = String::from(HEADER);
    for (i, (sql, answer)) in answers.iter().enumerate() {
        let _ = write!(out, "\n-- statement {}\n{sql}\n{}", i + 1, answer.render());
    }
    out
}

/// A `.result` file: each statement's text and Flink's answer, in order.
fn parse_result(text: &str) -> Result<Vec<(String, Answer)>, String> {
    let mut blocks = Vec::new();
    let mut current: Option<Vec<&str>> = None;
    for line in text.split_inclusive('\n') {
        if line.starts_with("-- statement ") {
            if let Some(block) = current.take() {
                blocks.push(block);
            }
            current = Some(Vec::new());
        } else if let Some(block) = &mut current {
            block.push(line);
        }
    }
    blocks.extend(current);
    blocks
        .into_iter()
        .enumerate()
        .map(|(i, lines)| {
            let at = lines
                .iter()
                .position(|l| {
                    let l = l.trim_end();
                    l.starts_with("-- columns: ") || l == "-- ok" || l.starts_with("-- error: ")
                })
                .ok_or_else(|| format!("statement {} has no answer", i + 1))?;
            let sql = lines[..at].concat().trim_end().to_string();
            let mut body = lines[at..].concat();
            // The blank line between statements belongs to neither.
            while body.ends_with("\n\n") {
                body.pop();
            }
            let answer = Answer::parse(&body)
                .ok_or_else(|| format!("statement {}: unreadable answer", i + 1))?;
            Ok((sql, answer))
        })
        .collect()
}

/// `file:N` for each statement the local engine does not answer as Flink does.
fn read_known() -> BTreeSet<String> {
    let text = std::fs::read_to_string(corpus_dir().join(KNOWN)).unwrap_or_default();
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .collect()
}

const KNOWN_HEADER: &str = "# Statements of tests/data/local/*.sql that the local engine does not answer as Apache Flink\n\
# does yet: FILE:N (the Nth statement of FILE.sql) and the first line of the statement.\n\
# tests/local_corpus.rs fails when a statement not listed here differs from Flink's recorded\n\
# answer, and when a listed one now matches. Rewrite it with\n\
#   FLINKSH_UPDATE_KNOWN=1 cargo test --test local_corpus\n";

/// Whether the shell answers `sql` itself (SET, RESET, USE), so it never reaches Flink
/// or the local engine.
fn is_shells(sql: &str) -> bool {
    !matches!(sql::parse(sql), Ok(Command::Remote))
}

/// The first line of a statement (its first 100 characters), for humans reading the list.
fn first_line(sql: &str) -> String {
    let line = sql.lines().next().unwrap_or_default().trim_end();
    match line.char_indices().nth(100) {
        Some((at, _)) => format!("{} ...", &line[..at]),
        None => line.to_string(),
    }
}

/// Expected against actual, only the lines that differ when the line counts agree.
fn compact_diff(expected: &str, actual: &str) -> String {
    let (e, a): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), actual.lines().collect());
    let mut out = String::new();
    if e.len() == a.len() {
        for (x, y) in e.iter().zip(&a) {
            if x != y {
                let _ = writeln!(out, "    - {x}\n    + {y}");
            }
        }
    } else {
        for x in e.iter().take(24) {
            let _ = writeln!(out, "    - {x}");
        }
        for y in a.iter().take(24) {
            let _ = writeln!(out, "    + {y}");
        }
    }
    out
}

#[test]
fn the_local_engine_answers_the_corpus_as_flink_does() {
    let known = read_known();
    let mut total = 0;
    let mut matching = 0;
    let mut now_different: Vec<(String, String)> = Vec::new();
    let mut unexpected = String::new();
    let mut fixed = Vec::new();
    let mut problems = Vec::new();
    let mut shell_statements = 0;
    let mut unexpected_count = 0;
    for path in sql_files() {
        let name = group(&path);
        let text = std::fs::read_to_string(&path).expect("read the corpus file");
        let result_path = path.with_extension("result");
        let recorded = match std::fs::read_to_string(&result_path)
            .map_err(|e| e.to_string())
            .and_then(|t| parse_result(&t))
        {
            Ok(r) => r,
            Err(e) => {
                problems.push(format!("{}: {e}", result_path.display()));
                continue;
            }
        };
        let state = tempfile::tempdir().expect("temp dir");
        let (_connections, mut local) =
            backend::local::open(state.path(), "", Arc::new(AtomicBool::new(false)))
                .expect("open the local backend");
        let answers = run_file(local.as_mut(), &text, false);
        if answers.len() != recorded.len()
            || answers.iter().zip(&recorded).any(|((a, _), (r, _))| a != r)
        {
            problems.push(format!(
                "{name}.sql and {name}.result hold different statements: re-record (see the top of tests/local_corpus.rs)"
            ));
            continue;
        }
        for (i, ((sql, actual), (_, expected))) in answers.iter().zip(&recorded).enumerate() {
            let key = format!("{name}:{}", i + 1);
            let shells = is_shells(sql);
            if shells {
                shell_statements += 1;
            } else {
                total += 1;
            }
            if actual.matches(expected) {
                if !shells {
                    matching += 1;
                }
                if known.contains(&key) {
                    fixed.push(format!("{key} {}", first_line(sql)));
                }
                continue;
            }
            now_different.push((key.clone(), first_line(sql)));
            if !known.contains(&key) {
                unexpected_count += 1;
                let _ = writeln!(
                    unexpected,
                    "  {key} {}\n{}",
                    first_line(sql),
                    compact_diff(&expected.render(), &actual.render())
                );
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let update =
        std::env::var_os("FLINKSH_UPDATE_KNOWN").is_some_and(|v| !v.is_empty() && v != "0");
    let known_now = if update {
        now_different.len()
    } else {
        now_different.len() - unexpected_count
    };
    let mut summary = format!(
        "{matching} of {total} statements match Flink; {known_now} known differences (not counting the {shell_statements} SET/RESET/USE statements the shell answers itself)"
    );
    if unexpected_count > 0 && !update {
        let _ = write!(summary, "; {unexpected_count} unexpected differences");
    }
    eprintln!("{summary}");
    if update {
        let mut text = String::from(KNOWN_HEADER);
        for (key, line) in &now_different {
            let _ = writeln!(text, "{key} {line}");
        }
        std::fs::write(corpus_dir().join(KNOWN), text).expect("write known_differences.txt");
        eprintln!("rewrote tests/data/local/{KNOWN}");
        return;
    }
    let mut failure = String::new();
    if !unexpected.is_empty() {
        let _ = write!(
            failure,
            "statements that differ from Flink and are not in tests/data/local/{KNOWN} (- Flink, + local):\n{unexpected}"
        );
    }
    if !fixed.is_empty() {
        let _ = write!(
            failure,
            "statements in tests/data/local/{KNOWN} that now match Flink: take them off the list (FLINKSH_UPDATE_KNOWN=1 rewrites it):\n  {}\n",
            fixed.join("\n  ")
        );
    }
    assert!(failure.is_empty(), "{summary}\n{failure}");
}

/// Every `.result` parses back to what it was written from, and every example the
/// issue names is in the corpus.
#[test]
fn the_recordings_are_readable_and_cover_the_corpus() {
    let mut statements = 0;
    for path in sql_files() {
        let result = std::fs::read_to_string(path.with_extension("result"))
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let parsed = parse_result(&result).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(render_result(&parsed), result, "{}", path.display());
        // An empty essential message would match any error at all.
        for (sql, answer) in &parsed {
            if let Answer::Error { essential, .. } = answer {
                assert!(!essential.is_empty(), "{}: {sql}", path.display());
            }
        }
        statements += parsed.iter().filter(|(sql, _)| !is_shells(sql)).count();
    }
    assert!(
        statements >= 320,
        "only {statements} statements in the corpus"
    );
    let corpus: String = sql_files()
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect();
    for example in ISSUE_EXAMPLES {
        assert!(corpus.contains(example), "the corpus lacks {example:?}");
    }
}

/// What issue 9 quotes as failing on the local engine.
const ISSUE_EXAMPLES: &[&str] = &[
    "SELECT TIMESTAMP '2024-01-01 10:00:00';",
    "SELECT INTERVAL '1' DAY;",
    "SELECT ARRAY[1, 2, 3];",
    "SELECT MAP['a', 1];",
    "SELECT ROW(1, 'x');",
    "SELECT * FROM (VALUES (1, 'a')) AS t(id, name);",
    "SELECT TRUE;",
    "SELECT CAST(1.5 AS DECIMAL(10, 2));",
    "SELECT CAST('2024-03-15 10:20:30' AS TIMESTAMP(3));",
    "SELECT 1 / 0;",
    "SELECT CAST('abc' AS INT);",
    "SELECT CAST(TRUE AS STRING)",
    "SUM(a)",
    "DATE_FORMAT(",
    "TO_TIMESTAMP(",
    "SPLIT_INDEX(",
    "JSON_VALUE(",
    "GREATEST(",
    "CHAR_LENGTH(",
    "TRY_CAST(",
    "'2024-13-45'",
    "SELECT 7.0 / 2;",
    "SELECT 1 +;",
    "SELECT * FROM x;",
    "SELECT x FROM (VALUES (1)) AS t(a);",
    "SELECT f(1);",
];

#[test]
fn the_essential_message_is_flinks_root_cause_without_positions() {
    let e = |message: &str, detail: &str| {
        let e = Error::statement(message);
        if detail.is_empty() {
            e
        } else {
            e.with_detail(detail)
        }
    };
    assert_eq!(
        essential(&e(
            "SQL validation failed. From line 1, column 15 to line 1, column 18: Object 'nope' not found",
            "Failed to fetchResults. <- SQL validation failed. From line 1, column 15 to line 1, column 18: Object 'nope' not found <- From line 1, column 15 to line 1, column 18: Object 'nope' not found <- Object 'nope' not found"
        )),
        "Object 'nope' not found"
    );
    assert_eq!(
        essential(&e(
            "SQL validation failed. At line 1, column 8: Column 'x' not found in any table",
            ""
        )),
        "Column 'x' not found in any table"
    );
    assert_eq!(
        essential(&e(
            "Encountered \"+ ;\" at line 1, column 10.",
            "Failed to fetchResults. <- SQL parse failed. Encountered \"+ ;\" at line 1, column 10. <- Encountered \"+ ;\" at line 1, column 10."
        )),
        "Encountered \"+ ;\" at line 1, column 10."
    );
    assert_eq!(
        essential(&e(
            "Cannot apply 'IF' to arguments of type 'IF(<BOOLEAN>, <INTEGER>, <CHAR(1)>)'. Supported form(s): 'IF(<ANY_TYPE>, <NUMERIC_TYPE>, <NUMERIC_TYPE>)'",
            ""
        )),
        "Cannot apply 'IF' to arguments of type 'IF(<BOOLEAN>, <INTEGER>, <CHAR(1)>)'"
    );
    assert_eq!(
        essential(&e("For input string: 'a. b'. Invalid character found.", "")),
        "For input string: 'a. b'"
    );
}

/// With the real SQL Gateway at hand (`FLINK_GATEWAY_URL`, as in CI), a few files run
/// through it again and must give exactly the recorded answers: a change to how flinksh
/// reads or prints results that left the recordings stale shows here.
#[test]
fn the_recordings_are_what_the_gateway_answers_today() {
    let Some(url) = std::env::var("FLINK_GATEWAY_URL")
        .ok()
        .filter(|u| !u.is_empty())
    else {
        eprintln!("skipped: FLINK_GATEWAY_URL is not set (see ../shared/flink-gateway/README.md)");
        return;
    };
    for name in ["literals", "casts"] {
        let path = corpus_dir().join(format!("{name}.sql"));
        let text = std::fs::read_to_string(&path).expect("read the corpus file");
        let recorded = std::fs::read_to_string(path.with_extension("result"))
            .map_err(|e| e.to_string())
            .and_then(|t| parse_result(&t))
            .unwrap_or_else(|e| panic!("{name}.result: {e}"));
        let log: backend::LogSink = Arc::new(Mutex::new(Box::new(std::io::sink())));
        let (_connections, mut gateway) =
            backend::gateway::open(&url, log, false, Arc::new(AtomicBool::new(false)))
                .expect("open a session on the SQL Gateway");
        let answers = run_file(gateway.as_mut(), &text, true);
        let stale: Vec<String> = answers
            .iter()
            .zip(&recorded)
            .enumerate()
            .filter(|(_, (a, r))| a != r)
            .map(|(i, ((sql, a), (_, r)))| {
                format!(
                    "  {name}:{} {}\n{}",
                    i + 1,
                    first_line(sql),
                    compact_diff(&r.render(), &a.render())
                )
            })
            .collect();
        assert_eq!(answers.len(), recorded.len(), "{name}: re-record");
        assert!(
            stale.is_empty(),
            "the gateway no longer gives the recorded answers (- recorded, + now): re-record\n{}",
            stale.join("\n")
        );
    }
}

/// Records what the real Flink answers into the `.result` files (see the top of this
/// file). Only runs when asked for (`--ignored`), and then needs `FLINK_GATEWAY_URL`.
#[test]
#[ignore = "re-records tests/data/local/*.result from the real Flink SQL Gateway"]
fn record_flink_answers() {
    let Some(url) = std::env::var("FLINK_GATEWAY_URL")
        .ok()
        .filter(|u| !u.is_empty())
    else {
        panic!(
            "set FLINK_GATEWAY_URL to a running Flink 2.3 SQL Gateway (see ../shared/flink-gateway/README.md)"
        );
    };
    let only: Option<BTreeSet<String>> = std::env::var("FLINKSH_RECORD_ONLY")
        .ok()
        .map(|v| v.split(',').map(|s| s.trim().to_string()).collect());
    match std::fs::remove_dir_all(SCRATCH) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => panic!("cannot empty {SCRATCH}: {e}"),
    }
    let mut counts = BTreeMap::new();
    let mut failed = Vec::new();
    for path in sql_files() {
        let name = group(&path);
        if only.as_ref().is_some_and(|o| !o.contains(&name)) {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("read the corpus file");
        let log: backend::LogSink = Arc::new(Mutex::new(Box::new(std::io::sink())));
        // A gateway session per file: its temporary views and tables are the file's own.
        let (_connections, mut gateway) =
            backend::gateway::open(&url, log, false, Arc::new(AtomicBool::new(false)))
                .expect("open a session on the SQL Gateway");
        let started = std::time::Instant::now();
        let answers = run_file(gateway.as_mut(), &text, true);
        drop(gateway);
        if let Some((sql, answer)) = answers
            .iter()
            .find(|(_, a)| matches!(a, Answer::Broken(_)) || is_transient(a))
        {
            failed.push(format!(
                "{name}: Flink's answer to {sql:?} is not one to record: {}",
                answer.render()
            ));
            continue;
        }
        std::fs::write(path.with_extension("result"), render_result(&answers))
            .expect("write the .result file");
        eprintln!(
            "{name}: {} statements recorded in {:.1} s",
            answers.len(),
            started.elapsed().as_secs_f64()
        );
        counts.insert(name, answers.len());
    }
    eprintln!(
        "recorded {} statements in {} files",
        counts.values().sum::<usize>(),
        counts.len()
    );
    assert!(
        failed.is_empty(),
        "not recorded (the old .result files stay):\n{}",
        failed.join("\n")
    );
}
