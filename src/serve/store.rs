//! The statements the server has accepted: each one's text, labels, phase, schema and
//! result rows, and the run that moves it through PENDING → RUNNING → COMPLETED, FAILED
//! or STOPPED (or, for a dry run, validates it on a copy of the state).
//!
//! Results are kept in memory, bounded: at most `MAX_ROWS` rows per statement (the
//! rest are counted, not kept, and the status detail says so), and at most
//! `MAX_FINISHED` finished statements, the oldest forgotten first.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use serde_json::{Value as Json, json};

use crate::backend::{Outcome, StatementContext};
use crate::result::{Boundedness, ChangeKind, Column, RowSink, Value};
use crate::sql::lex::{Kind, Lexeme, Lexer};
use crate::types::{ColumnDetails, parse_type_name};

/// Rows kept per statement.
pub const MAX_ROWS: usize = 100_000;
/// Finished statements kept; beyond this the oldest are forgotten.
pub const MAX_FINISHED: usize = 1_000;
/// How long a dry run may try a statement.
pub const DRY_RUN_LIMIT: Duration = Duration::from_secs(30);
/// How long a write runs before it is reported RUNNING (see `run`).
pub const RUNNING_AFTER: Duration = Duration::from_secs(1);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Pending,
    Running,
    Completed,
    Failed,
    Stopped,
}

impl Phase {
    pub fn name(self) -> &'static str {
        match self {
            Phase::Pending => "PENDING",
            Phase::Running => "RUNNING",
            Phase::Completed => "COMPLETED",
            Phase::Failed => "FAILED",
            Phase::Stopped => "STOPPED",
        }
    }
    pub fn finished(self) -> bool {
        matches!(self, Phase::Completed | Phase::Failed | Phase::Stopped)
    }
}

/// What changes while a statement runs.
#[derive(Debug)]
pub struct Progress {
    pub phase: Phase,
    pub detail: String,
    pub updated_at: String,
    /// Set once the result schema is known (or the statement ended without one).
    pub columns: Option<Vec<ColumnDetails>>,
    /// `spec.stopped`: a stop was asked for.
    pub stopped: bool,
    /// `metadata.labels`.
    pub labels: BTreeMap<String, String>,
    /// `{"op": N, "row": [...]}` items.
    pub rows: Vec<Json>,
    /// Rows produced but not kept (beyond `MAX_ROWS`).
    pub dropped: u64,
}

/// One accepted statement.
#[derive(Debug)]
pub struct Entry {
    pub name: String,
    pub organization: String,
    pub environment: String,
    pub sql: String,
    pub properties: BTreeMap<String, String>,
    pub compute_pool: Option<String>,
    pub uid: String,
    pub created_at: String,
    /// Creation order, for forgetting the oldest finished statements first.
    pub seq: u64,
    pub interrupt: Arc<AtomicBool>,
    progress: Mutex<Progress>,
}

impl Entry {
    pub fn progress(&self) -> MutexGuard<'_, Progress> {
        // A panic while holding the lock cannot leave `Progress` half-written in a way
        // that matters to readers, so a poisoned lock is still usable.
        self.progress.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// What `POST …/statements` asks for.
pub struct NewEntry {
    pub name: String,
    pub organization: String,
    pub environment: String,
    pub sql: String,
    pub properties: BTreeMap<String, String>,
    pub compute_pool: Option<String>,
    pub labels: BTreeMap<String, String>,
}

impl NewEntry {
    /// A PENDING statement made of this request, not (yet) in any collection.
    pub fn into_entry(self, seq: u64) -> Entry {
        let now = crate::util::now();
        Entry {
            name: self.name,
            organization: self.organization,
            environment: self.environment,
            sql: self.sql,
            properties: self.properties,
            compute_pool: self.compute_pool,
            uid: crate::util::new_id(),
            created_at: now.clone(),
            seq,
            interrupt: Arc::new(AtomicBool::new(false)),
            progress: Mutex::new(Progress {
                phase: Phase::Pending,
                detail: String::new(),
                updated_at: now,
                columns: None,
                stopped: false,
                labels: self.labels,
                rows: Vec::new(),
                dropped: 0,
            }),
        }
    }
}

/// Every statement, by environment and name. Organizations are not kept apart: the
/// local store has environments only.
#[derive(Default)]
pub struct Statements {
    map: Mutex<BTreeMap<(String, String), Arc<Entry>>>,
    seq: AtomicU64,
}

impl Statements {
    fn map(&self) -> MutexGuard<'_, BTreeMap<(String, String), Arc<Entry>>> {
        self.map.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Adds a PENDING statement; `None` when the name is taken in that environment.
    pub fn insert(&self, new: NewEntry) -> Option<Arc<Entry>> {
        let mut map = self.map();
        let key = (new.environment.clone(), new.name.clone());
        if map.contains_key(&key) {
            return None;
        }
        forget_oldest_finished(&mut map);
        let entry = Arc::new(new.into_entry(self.seq.fetch_add(1, Ordering::Relaxed)));
        map.insert(key, Arc::clone(&entry));
        Some(entry)
    }

    pub fn get(&self, environment: &str, name: &str) -> Option<Arc<Entry>> {
        self.map()
            .get(&(environment.to_string(), name.to_string()))
            .cloned()
    }

    /// Removes the statement and stops it if it still runs.
    pub fn remove(&self, environment: &str, name: &str) -> Option<Arc<Entry>> {
        let entry = self
            .map()
            .remove(&(environment.to_string(), name.to_string()))?;
        entry.interrupt.store(true, Ordering::SeqCst);
        Some(entry)
    }

    /// The statements of one environment that `keep` accepts, by name (or by creation
    /// when `by_time`), after the position `after` (a name, or a creation number).
    pub fn list(
        &self,
        environment: &str,
        by_time: bool,
        after: Option<&str>,
        limit: usize,
        keep: impl Fn(&Entry) -> bool,
    ) -> Vec<Arc<Entry>> {
        let map = self.map();
        let mut found: Vec<&Arc<Entry>> = map
            .iter()
            .filter(|((env, _), e)| env == environment && keep(e))
            .map(|(_, e)| e)
            .collect();
        if by_time {
            found.sort_by_key(|e| e.seq);
        }
        let past = |e: &Entry| match after {
            None => true,
            Some(a) if by_time => a.parse::<u64>().is_ok_and(|seq| e.seq > seq),
            Some(a) => e.name.as_str() > a,
        };
        found
            .into_iter()
            .filter(|e| past(e))
            .take(limit)
            .map(Arc::clone)
            .collect()
    }

    /// Stops every running statement (the server is shutting down).
    pub fn stop_all(&self) {
        for entry in self.map().values() {
            entry.interrupt.store(true, Ordering::SeqCst);
        }
    }
}

fn forget_oldest_finished(map: &mut BTreeMap<(String, String), Arc<Entry>>) {
    let mut finished: Vec<(u64, (String, String))> = map
        .iter()
        .filter(|(_, e)| e.progress().phase.finished())
        .map(|(k, e)| (e.seq, k.clone()))
        .collect();
    if finished.len() < MAX_FINISHED {
        return;
    }
    finished.sort();
    let excess = finished.len() + 1 - MAX_FINISHED;
    for (_, key) in finished.into_iter().take(excess) {
        map.remove(&key);
    }
}

/// Asks a statement to stop; it ends STOPPED unless it finished first.
pub fn stop(entry: &Entry) {
    let mut p = entry.progress();
    p.stopped = true;
    p.updated_at = crate::util::now();
    if !p.phase.finished() {
        entry.interrupt.store(true, Ordering::SeqCst);
    }
}

/// Runs the statement on the local engine of its environment (blocking), recording
/// its phase, schema and rows as they come. A statement with a result turns RUNNING
/// when its result schema is known, so RUNNING always comes with traits a client can
/// read results by. A write Confluent runs as a job (INSERT, CREATE TABLE … AS,
/// UPDATE, DELETE) turns RUNNING once it has been writing for `RUNNING_AFTER`, with
/// traits and no schema; one that finishes sooner, like pure DDL, goes from PENDING
/// straight to COMPLETED (flinksh's own cloud client takes RUNNING without a schema
/// for a job that runs on, so a quick write is reported done rather than running).
/// COMPLETED is recorded only after the engine returned, so its effect is visible to
/// the next statement by then.
pub fn run(entry: &Arc<Entry>, state_dir: PathBuf) {
    {
        let mut p = entry.progress();
        if entry.interrupt.load(Ordering::SeqCst) {
            p.phase = Phase::Stopped;
            p.detail = "stopped before it started".to_string();
            p.updated_at = crate::util::now();
            return;
        }
    }
    let result = context(entry).and_then(|ctx| {
        let mut engine = crate::backend::local::open_environment(
            &state_dir,
            &entry.environment,
            &ctx,
            Arc::clone(&entry.interrupt),
        )?;
        if runs_as_job(&entry.sql) {
            running_after(entry, RUNNING_AFTER);
        }
        let mut sink = Collect {
            entry,
            dry_run: false,
        };
        engine.execute(&entry.sql, &ctx, &mut sink)
    });
    finish(entry, result);
}

/// Reports the statement RUNNING after `delay`, unless it has finished by then.
fn running_after(entry: &Arc<Entry>, delay: Duration) {
    // `run` is on one of the runtime's blocking threads; without a runtime (never in
    // serve) the statement is simply not reported RUNNING.
    let Ok(runtime) = tokio::runtime::Handle::try_current() else {
        return;
    };
    let entry = Arc::clone(entry);
    runtime.spawn(async move {
        tokio::time::sleep(delay).await;
        let mut p = entry.progress();
        if p.phase == Phase::Pending {
            p.phase = Phase::Running;
            p.updated_at = crate::util::now();
        }
    });
}

/// Validates the statement without effect (`sql.dry-run`): runs it on a copy of the
/// state that is thrown away, stopping at the first row, and records COMPLETED with
/// the result schema or FAILED with the engine's message.
pub fn dry_run(entry: &Entry, state_dir: &Path) {
    let scratch = state_dir.join(format!("serve-dry-run-{}", entry.uid));
    // A statement that writes from a long query would run it whole on the copy.
    let (done, wait) = std::sync::mpsc::channel::<()>();
    let interrupt = Arc::clone(&entry.interrupt);
    let watchdog = std::thread::spawn(move || {
        let timed_out = matches!(
            wait.recv_timeout(DRY_RUN_LIMIT),
            Err(std::sync::mpsc::RecvTimeoutError::Timeout)
        );
        if timed_out {
            interrupt.store(true, Ordering::SeqCst);
        }
        timed_out
    });
    let result = dry_run_in(entry, state_dir, &scratch);
    drop(done);
    let timed_out = watchdog.join().unwrap_or(false);
    let _ = std::fs::remove_dir_all(&scratch);
    let result = match result {
        Err(_) if timed_out && entry.progress().columns.is_none() => {
            Err(crate::Error::statement(format!(
                "the dry run was stopped after {} s without finishing; flinksh serve validates a statement by trying it on a copy of the state, so one that writes from a long query takes as long as the query",
                DRY_RUN_LIMIT.as_secs()
            )))
        }
        other => other,
    };
    let mut p = entry.progress();
    p.updated_at = crate::util::now();
    p.rows.clear();
    p.dropped = 0;
    match result {
        Ok(()) => {
            p.phase = Phase::Completed;
            p.detail = "dry run: the statement is valid; nothing was run".to_string();
            if p.columns.is_none() {
                p.columns = Some(Vec::new());
            }
        }
        Err(e) => {
            p.phase = Phase::Failed;
            p.detail = e.to_string();
        }
    }
}

fn dry_run_in(entry: &Entry, state_dir: &Path, scratch: &Path) -> crate::Result<()> {
    crate::backend::local::copy_state(state_dir, scratch)?;
    let ctx = context(entry)?;
    let mut engine = crate::backend::local::open_environment(
        scratch,
        &entry.environment,
        &ctx,
        Arc::clone(&entry.interrupt),
    )?;
    let mut sink = Collect {
        entry,
        dry_run: true,
    };
    match engine.execute(&entry.sql, &ctx, &mut sink) {
        Ok(_) => Ok(()),
        // The sink stopped it at the first row: the schema is known, which is all a dry
        // run wants.
        Err(_) if entry.interrupt.load(Ordering::SeqCst) && entry.progress().columns.is_some() => {
            Ok(())
        }
        Err(e) => Err(e),
    }
}

fn finish(entry: &Entry, result: crate::Result<Outcome>) {
    let mut p = entry.progress();
    p.updated_at = crate::util::now();
    match result {
        Ok(outcome) => {
            p.phase = Phase::Completed;
            if p.columns.is_none() {
                p.columns = Some(Vec::new());
            }
            p.detail = match outcome {
                Outcome::Done(message) => message.unwrap_or_default(),
                Outcome::Rows(n) if p.dropped > 0 => format!(
                    "{n} rows; flinksh serve keeps the first {MAX_ROWS} rows of a result, the other {} were dropped",
                    p.dropped
                ),
                Outcome::Rows(_) => String::new(),
            };
        }
        Err(e) if entry.interrupt.load(Ordering::SeqCst) => {
            p.phase = Phase::Stopped;
            p.detail = format!("stopped: {e}");
        }
        Err(e) => {
            p.phase = Phase::Failed;
            p.detail = e.to_string();
        }
    }
}

/// The engine's context from the statement's properties: the current catalog and
/// database come from `sql.current-catalog` and `sql.current-database`. In Confluent
/// Cloud an environment is a catalog (clients name the environment of the path as the
/// current catalog) and a Kafka cluster a database; a statement that names no catalog
/// runs in its environment's.
fn context(entry: &Entry) -> crate::Result<StatementContext> {
    let mut ctx = StatementContext {
        catalog: Some(entry.environment.clone()),
        ..StatementContext::default()
    };
    for (k, v) in &entry.properties {
        match k.as_str() {
            "sql.current-catalog" => ctx.catalog = Some(v.clone()),
            "sql.current-database" => ctx.database = Some(v.clone()),
            _ => {
                ctx.properties.insert(k.clone(), v.clone());
            }
        }
    }
    Ok(ctx)
}

/// The sink the engine writes into: rows become result items of the entry (a dry run
/// stops at the first).
struct Collect<'a> {
    entry: &'a Entry,
    dry_run: bool,
}

impl RowSink for Collect<'_> {
    fn begin(&mut self, columns: &[Column], _bounded: Boundedness) -> std::io::Result<()> {
        let schema = columns
            .iter()
            .map(|c| ColumnDetails {
                name: c.name.clone(),
                data_type: parse_type_name(&c.type_name),
            })
            .collect();
        let mut p = self.entry.progress();
        p.columns = Some(schema);
        if p.phase == Phase::Pending {
            p.phase = Phase::Running;
        }
        p.updated_at = crate::util::now();
        Ok(())
    }

    fn row(&mut self, kind: ChangeKind, values: Vec<Value>) -> std::io::Result<()> {
        if self.dry_run {
            self.entry.interrupt.store(true, Ordering::SeqCst);
        }
        if self.entry.interrupt.load(Ordering::Relaxed) {
            return Err(std::io::Error::new(
                std::io::ErrorKind::Interrupted,
                "the statement was deleted",
            ));
        }
        let mut p = self.entry.progress();
        if p.rows.len() >= MAX_ROWS {
            p.dropped += 1;
            return Ok(());
        }
        let op = match kind {
            ChangeKind::Insert => 0,
            ChangeKind::UpdateBefore => 1,
            ChangeKind::UpdateAfter => 2,
            ChangeKind::Delete => 3,
        };
        let row: Vec<Json> = values.iter().map(value_json).collect();
        p.rows.push(json!({"op": op, "row": row}));
        Ok(())
    }

    fn end(&mut self) -> std::io::Result<u64> {
        let p = self.entry.progress();
        Ok(p.rows.len() as u64 + p.dropped)
    }
}

/// A value as the results API writes it: scalars as strings, ARRAY, MULTISET and ROW
/// as JSON arrays, MAP as an array of `[key, value]` pairs, NULL as null.
pub fn value_json(v: &Value) -> Json {
    match v {
        Value::Null => Json::Null,
        Value::Bool(b) => Json::String(if *b { "TRUE" } else { "FALSE" }.to_string()),
        Value::Int(i) => Json::String(i.to_string()),
        Value::Float(f) => Json::String(float_text(*f)),
        Value::Decimal(s) | Value::Text(s) => Json::String(s.clone()),
        Value::Bytes(b) => {
            let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
            Json::String(format!("x'{hex}'"))
        }
        Value::Array(items) | Value::Row(items) => {
            Json::Array(items.iter().map(value_json).collect())
        }
        Value::Map(pairs) => Json::Array(
            pairs
                .iter()
                .map(|(k, v)| Json::Array(vec![value_json(k), value_json(v)]))
                .collect(),
        ),
    }
}

/// Java's spelling of a double (`1.0`, `1.5E20`, `NaN`, `Infinity`), which Flink prints.
fn float_text(f: f64) -> String {
    if f.is_nan() {
        "NaN".to_string()
    } else if f.is_infinite() {
        if f > 0.0 { "Infinity" } else { "-Infinity" }.to_string()
    } else {
        let debug = format!("{f:?}");
        match debug.split_once('e') {
            Some((mantissa, exp)) if mantissa.contains('.') => format!("{mantissa}E{exp}"),
            Some((mantissa, exp)) => format!("{mantissa}.0E{exp}"),
            None => debug,
        }
    }
}

/// Categorises a statement the way `status.traits.sql_kind` does (`SELECT`,
/// `CREATE_TABLE`, `CREATE_TABLE_AS`, `INSERT_INTO`), from its words outside comments,
/// strings and quoted names.
pub fn sql_kind(sql: &str) -> String {
    let lexemes: Vec<Lexeme> = Lexer::new(sql).filter(|l| !l.is_trivia()).collect();
    let is_word =
        |l: &Lexeme, w: &str| l.kind == Kind::Word && sql[l.range.clone()].eq_ignore_ascii_case(w);
    let words: Vec<String> = lexemes
        .iter()
        .filter(|l| l.kind == Kind::Word)
        .take(3)
        .map(|l| sql[l.range.clone()].to_ascii_uppercase())
        .collect();
    let word = |i: usize| words.get(i).map(String::as_str).unwrap_or("");
    let (first, second) = (word(0), word(1));
    if first.is_empty() {
        return String::new();
    }
    let creates_table =
        first == "CREATE" && (second == "TABLE" || (second == "TEMPORARY" && word(2) == "TABLE"));
    // `AS` before a query, possibly in parentheses; a computed column's `AS` is
    // followed by an expression.
    let as_query = (0..lexemes.len()).any(|i| {
        is_word(&lexemes[i], "AS")
            && lexemes[i + 1..]
                .iter()
                .find(|l| l.kind != Kind::Other('('))
                .is_some_and(|l| ["SELECT", "WITH", "VALUES"].iter().any(|w| is_word(l, w)))
    });
    if creates_table && as_query {
        return "CREATE_TABLE_AS".to_string();
    }
    if matches!(
        first,
        "CREATE" | "DROP" | "ALTER" | "SHOW" | "INSERT" | "TRUNCATE"
    ) && !second.is_empty()
    {
        format!("{first}_{second}")
    } else {
        first.to_string()
    }
}

/// Whether Confluent runs the statement as a job that writes and has no result.
fn runs_as_job(sql: &str) -> bool {
    matches!(
        sql_kind(sql).as_str(),
        "INSERT_INTO" | "INSERT_OVERWRITE" | "CREATE_TABLE_AS" | "UPDATE" | "DELETE"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_written_as_the_contract_shows() {
        let row = Value::Row(vec![
            Value::Int(101),
            Value::Text("Jay".into()),
            Value::Array(vec![Value::Null, Value::Text("abc".into())]),
            Value::Map(vec![(Value::Int(42), Value::Text("Bob".into()))]),
            Value::Bool(true),
            Value::Float(1.0),
            Value::Bytes(vec![1, 171]),
        ]);
        assert_eq!(
            value_json(&row),
            json!([
                "101",
                "Jay",
                [null, "abc"],
                [["42", "Bob"]],
                "TRUE",
                "1.0",
                "x'01ab'"
            ])
        );
        assert_eq!(float_text(1.5e20), "1.5E20");
        assert_eq!(float_text(1e-7), "1.0E-7");
        assert_eq!(float_text(f64::NEG_INFINITY), "-Infinity");
    }

    #[test]
    fn sql_kinds_name_the_statement() {
        assert_eq!(sql_kind("select 1"), "SELECT");
        assert_eq!(sql_kind("  create table t (a int)"), "CREATE_TABLE");
        assert_eq!(sql_kind("INSERT INTO t VALUES (1)"), "INSERT_INTO");
        assert_eq!(sql_kind(""), "");
        assert_eq!(sql_kind("(SELECT 1) UNION (SELECT 2)"), "SELECT");
        assert_eq!(
            sql_kind("-- load\ninsert /* all */ into t select 1"),
            "INSERT_INTO"
        );
        assert_eq!(
            sql_kind("CREATE TABLE t (a INT, b AS a + 1) AS (SELECT 1 AS a)"),
            "CREATE_TABLE_AS"
        );
        assert_eq!(
            sql_kind("CREATE TABLE t (a INT, b AS a + 1)"),
            "CREATE_TABLE"
        );
        assert_eq!(
            sql_kind("CREATE TABLE t (a INT) WITH ('x' = 'AS SELECT')"),
            "CREATE_TABLE"
        );
        assert!(runs_as_job("INSERT INTO t VALUES (1)"));
        assert!(runs_as_job("create temporary table t as select 1"));
        assert!(!runs_as_job("CREATE TABLE t (a INT)"));
        assert!(!runs_as_job("SELECT * FROM t"));
    }
}
