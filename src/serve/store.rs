//! The statements the server has accepted: each one's text, phase, schema and result
//! rows, and the background run that moves it from PENDING to COMPLETED or FAILED.
//!
//! Results are kept in memory, bounded: at most `MAX_ROWS` rows per statement (the
//! rest are counted, not kept, and the status detail says so), and at most
//! `MAX_FINISHED` finished statements, the oldest forgotten first.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use serde_json::{Value as Json, json};

use crate::backend::{Outcome, StatementContext};
use crate::result::{Boundedness, ChangeKind, Column, RowSink, Value};
use crate::types::{ColumnDetails, parse_type_name};

/// Rows kept per statement.
pub const MAX_ROWS: usize = 100_000;
/// Finished statements kept; beyond this the oldest are forgotten.
pub const MAX_FINISHED: usize = 1_000;

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
        let now = crate::util::now();
        let entry = Arc::new(Entry {
            name: new.name,
            organization: new.organization,
            environment: new.environment,
            sql: new.sql,
            properties: new.properties,
            compute_pool: new.compute_pool,
            uid: crate::util::new_id(),
            created_at: now.clone(),
            seq: self.seq.fetch_add(1, Ordering::Relaxed),
            interrupt: Arc::new(AtomicBool::new(false)),
            progress: Mutex::new(Progress {
                phase: Phase::Pending,
                detail: String::new(),
                updated_at: now,
                columns: None,
                rows: Vec::new(),
                dropped: 0,
            }),
        });
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

    /// The statements of one environment, by name, after `after`.
    pub fn list(&self, environment: &str, after: Option<&str>, limit: usize) -> Vec<Arc<Entry>> {
        self.map()
            .iter()
            .filter(|((env, name), _)| {
                env == environment && after.is_none_or(|a| name.as_str() > a)
            })
            .take(limit)
            .map(|(_, e)| Arc::clone(e))
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

/// Runs the statement on the local engine of its environment (blocking), recording
/// its phase, schema and rows as they come.
pub fn run(entry: &Entry, state_dir: PathBuf) {
    {
        let mut p = entry.progress();
        p.phase = Phase::Running;
        p.updated_at = crate::util::now();
    }
    let opened =
        crate::backend::local::open(&state_dir, &entry.environment, Arc::clone(&entry.interrupt));
    let result = opened.and_then(|(_, mut engine)| {
        let ctx = context(&entry.properties);
        let mut sink = Collect { entry };
        engine.execute(&entry.sql, &ctx, &mut sink)
    });
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
/// database come from `sql.current-catalog` and `sql.current-database`.
fn context(properties: &BTreeMap<String, String>) -> StatementContext {
    let mut ctx = StatementContext::default();
    for (k, v) in properties {
        match k.as_str() {
            "sql.current-catalog" => ctx.catalog = Some(v.clone()),
            "sql.current-database" => ctx.database = Some(v.clone()),
            _ => {
                ctx.properties.insert(k.clone(), v.clone());
            }
        }
    }
    ctx
}

/// The sink the engine writes into: rows become result items of the entry.
struct Collect<'a> {
    entry: &'a Entry,
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
        p.updated_at = crate::util::now();
        Ok(())
    }

    fn row(&mut self, kind: ChangeKind, values: Vec<Value>) -> std::io::Result<()> {
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
/// `CREATE_TABLE`, `INSERT_INTO`).
pub fn sql_kind(sql: &str) -> String {
    let words: Vec<String> = sql
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .take(2)
        .map(str::to_ascii_uppercase)
        .collect();
    match words.as_slice() {
        [first, second]
            if matches!(
                first.as_str(),
                "CREATE" | "DROP" | "ALTER" | "SHOW" | "INSERT" | "TRUNCATE"
            ) =>
        {
            format!("{first}_{second}")
        }
        [first, ..] => first.clone(),
        [] => String::new(),
    }
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
    }
}
