//! The seams between the session and whatever answers it: one trait for the
//! CONNECTION family, one for every other statement.

pub mod cloud;
pub mod gateway;
pub mod http;
pub mod local;
pub mod values;

use std::collections::BTreeMap;
use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::connections::Connection;
use crate::connections::spec::{NewConnection, Secrets};
use crate::error::Result;
use crate::result::RowSink;

/// Where a backend's warnings and `--verbose` lines go: the shell hands it stderr,
/// tests a buffer. Backends never write to the terminal themselves.
pub type LogSink = Arc<Mutex<Box<dyn Write + Send>>>;

/// Writes one `flinksh: …` line to `sink`.
pub fn log_line(sink: &LogSink, line: &str) {
    if let Ok(mut w) = sink.lock() {
        let _ = writeln!(w, "flinksh: {line}");
        let _ = w.flush();
    }
}

/// Shows that a statement is still running, before its first row: the shell draws it
/// (a spinner on a terminal), a backend only reports.
pub trait Progress: Send {
    /// Whether anything is shown at all.
    fn enabled(&self) -> bool;
    /// The statement's phase as the server names it, and how long it has run.
    fn tick(&mut self, phase: &str, elapsed: Duration);
    /// Takes the progress line away, before rows or an error print.
    fn clear(&mut self);
}

/// Progress that shows nothing: scripts, pipes, tests.
pub struct NoProgress;

impl Progress for NoProgress {
    fn enabled(&self) -> bool {
        false
    }
    fn tick(&mut self, _phase: &str, _elapsed: Duration) {}
    fn clear(&mut self) {}
}

/// The sql/v1 connections endpoints, or something that behaves like them.
pub trait ConnectionsApi {
    /// Every connection of the environment, in the order the backend returns them.
    fn list(&mut self) -> Result<Vec<Connection>>;
    /// `ErrorKind::AlreadyExists` when the name is taken.
    fn create(&mut self, new: &NewConnection) -> Result<Connection>;
    /// `ErrorKind::NotFound` when there is no such connection.
    fn get(&mut self, name: &str) -> Result<Connection>;
    /// Replaces the connection's secrets; `ErrorKind::NotFound` when it does not exist.
    fn update_secrets(&mut self, name: &str, secrets: &Secrets) -> Result<Connection>;
    /// `ErrorKind::NotFound` when there is no such connection.
    fn delete(&mut self, name: &str) -> Result<()>;
    /// The environment these connections belong to, when the backend resolved it
    /// itself (e.g. from a config profile); shown in the Environment column.
    fn environment_id(&self) -> Option<&str> {
        None
    }
}

/// What travels with every statement: the session's properties (`SET`, minus
/// `client.*`) and the current catalog and database (`USE`).
#[derive(Debug, Clone, Default)]
pub struct StatementContext {
    pub properties: BTreeMap<String, String>,
    pub catalog: Option<String>,
    pub database: Option<String>,
    /// `client.results-timeout`: how long a remote statement may take to start
    /// producing results before it is stopped.
    pub results_timeout: Option<std::time::Duration>,
}

/// How a statement ended when it produced no rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Rows went to the sink; this many.
    Rows(u64),
    /// No result set; an optional message for the user (e.g. "Table created.").
    Done(Option<String>),
}

/// Runs statements that are not the shell's own.
pub trait StatementBackend {
    /// A short name for banners and prompts: `local`, `cloud`, `gateway`.
    fn name(&self) -> &str;
    /// Runs `sql` exactly as the user wrote it. Result rows go to `sink`.
    fn execute(
        &mut self,
        sql: &str,
        ctx: &StatementContext,
        sink: &mut dyn RowSink,
    ) -> Result<Outcome>;
    /// Checks that `USE` may switch to this catalog and database (the session keeps
    /// them). Backends that cannot tell accept anything.
    /// `catalog` is None for `USE db` before any `USE CATALOG`: the current one.
    fn check_use(&mut self, _catalog: Option<&str>, _database: Option<&str>) -> Result<()> {
        Ok(())
    }
    /// Names of the tables in the current catalog and database, for completion at the
    /// prompt. Backends where listing is slow or impossible offer none.
    fn table_names(&mut self) -> Result<Vec<String>> {
        Ok(Vec::new())
    }
    /// The backend session's own value of a configuration key (e.g. what a SQL
    /// Gateway's configuration sets), for keys the shell reads when the user has not
    /// SET them, such as `table.display.max-column-width`.
    fn default_property(&self, _key: &str) -> Option<String> {
        None
    }
}
