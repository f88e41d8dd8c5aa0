//! The one loop for prompts and scripts: owns the backends and the session's
//! properties, runs each statement, and decides where its output goes.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crate::backend::{ConnectionsApi, Outcome, StatementBackend, StatementContext};
use crate::connections::{Connection, Placement, spec};
use crate::error::{Error, ErrorKind, Result};
use crate::render;
use crate::render::OutputFormat;
use crate::render::results::{
    DEFAULT_MAX_COLUMN_WIDTH, DEFAULT_MAX_ROWS, LiveOptions, Screen, SinkOptions,
};
use crate::result::{Boundedness, ChangeKind, Column, RowSink, Value};
use crate::sql::{self, Command, QualifiedName};

/// What a script does after a failed statement (`--on-error`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OnError {
    Stop,
    Continue,
}

/// Whether the caller should read more input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    Continue,
    Quit,
}

/// Settings the session starts with; `SET` may change some of them later.
#[derive(Debug, Clone)]
pub struct SessionOptions {
    pub placement: Placement,
    pub output: OutputFormat,
    pub quiet: bool,
    /// Row counts and timings go to stderr only when it is a terminal.
    pub show_summary: bool,
    /// CSV, TSV and JSON keep data as it is, except on a terminal.
    pub stdout_is_terminal: bool,
}

pub struct Session<'o> {
    connections: Box<dyn ConnectionsApi>,
    statements: Box<dyn StatementBackend>,
    options: SessionOptions,
    /// The format the shell started with (`-o`): what RESET returns to.
    start_output: OutputFormat,
    /// `SET` properties, `client.*` included; `client.*` stay on this side.
    properties: BTreeMap<String, String>,
    catalog: Option<String>,
    database: Option<String>,
    out: Box<dyn Write + 'o>,
    interrupt: Arc<AtomicBool>,
    /// The connection names the backend last listed, kept up to date by CREATE and
    /// DROP CONNECTION: what completion offers, without listing them again.
    connection_names: Option<Vec<String>>,
}

impl<'o> Session<'o> {
    pub fn new(
        connections: Box<dyn ConnectionsApi>,
        statements: Box<dyn StatementBackend>,
        options: SessionOptions,
        out: Box<dyn Write + 'o>,
        interrupt: Arc<AtomicBool>,
    ) -> Self {
        Session {
            connections,
            statements,
            start_output: options.output,
            options,
            properties: BTreeMap::new(),
            catalog: None,
            database: None,
            out,
            interrupt,
            connection_names: None,
        }
    }

    pub fn backend_name(&self) -> &str {
        self.statements.name()
    }

    pub fn current_catalog(&self) -> Option<&str> {
        self.catalog.as_deref()
    }

    pub fn current_database(&self) -> Option<&str> {
        self.database.as_deref()
    }

    pub fn interrupt_flag(&self) -> Arc<AtomicBool> {
        Arc::clone(&self.interrupt)
    }

    /// Names of the connections the backend has, for completion: listed now.
    pub fn connection_names(&mut self) -> Result<Vec<String>> {
        let names: Vec<String> = self
            .connections
            .list()?
            .into_iter()
            .map(|c| c.name)
            .collect();
        self.connection_names = Some(names.clone());
        Ok(names)
    }

    /// The connection names the session last listed (SHOW CONNECTIONS or
    /// `connection_names`), with the ones created and dropped since; `None` before
    /// any listing.
    pub fn known_connection_names(&self) -> Option<&[String]> {
        self.connection_names.as_deref()
    }

    /// Names of the tables the statement backend offers for completion.
    pub fn table_names(&mut self) -> Result<Vec<String>> {
        self.statements.table_names()
    }

    /// Runs every statement in `text` in order. `source` names the text in error
    /// messages (`-e`, a file name); errors are printed here, and the first one is
    /// returned once `on_error` says to stop (or at the end, with `continue`).
    pub fn run_text(&mut self, text: &str, source: &str, on_error: OnError) -> Result<Flow> {
        let split = sql::split(text).map_err(|e| {
            // Nothing has run yet: a script is never half-executed over a typo.
            Error::statement(format!(
                "{e} that is never closed; close it and run again (nothing was run)"
            ))
            .at(source)
        })?;
        let mut first_error: Option<Error> = None;
        for statement in &split.statements {
            // Ctrl-C between statements (or during one that had no rows to stop
            // at) ends the run here; the prompt clears the flag before each line.
            if self.interrupt.load(Ordering::SeqCst) {
                return Err(Error::interrupted());
            }
            let running = crate::signals::statement_running();
            let outcome = self.execute(statement.text);
            drop(running);
            match outcome {
                Ok(Flow::Quit) => return finish(first_error, Flow::Quit),
                Ok(Flow::Continue) => {}
                Err(e) => {
                    let e = if source.is_empty() {
                        e
                    } else {
                        e.at(format!("{source}:{}", statement.line))
                    };
                    if matches!(e.kind, ErrorKind::Interrupted | ErrorKind::OutputClosed)
                        || on_error == OnError::Stop
                    {
                        return Err(e);
                    }
                    report(&e);
                    first_error.get_or_insert(e);
                }
            }
        }
        finish(first_error, Flow::Continue)
    }

    /// Runs one statement's text, exactly as the user wrote it.
    pub fn execute(&mut self, text: &str) -> Result<Flow> {
        let command = sql::parse(text)?;
        let flow = match command {
            Command::Quit => return Ok(Flow::Quit),
            Command::Help => self.help(),
            Command::ShowConnections { like } => self.show_connections(like.as_deref()),
            Command::CreateConnection {
                if_not_exists,
                name,
                comment,
                options,
            } => self.create_connection(if_not_exists, &name, comment.as_deref(), &options),
            Command::DescribeConnection { name } => {
                let name = connection_name(&name);
                let item = self.connections.get(name)?;
                self.print_connection(&item)
            }
            Command::AlterConnection {
                if_exists,
                name,
                options,
            } => self.alter_connection(if_exists, &name, &options),
            Command::DropConnection { if_exists, name } => {
                let name = connection_name(&name);
                match self.connections.delete(name) {
                    Ok(()) => {
                        if let Some(names) = &mut self.connection_names {
                            names.retain(|n| n != name);
                        }
                        let message = format!("Deleted Flink connection \"{name}\".");
                        // What the Confluent CLI prints, on stdout; a machine-readable
                        // format keeps stdout for data, so the message moves to stderr.
                        if self.options.output == OutputFormat::Table {
                            writeln!(self.out, "{message}")?;
                        } else {
                            self.info(&message);
                        }
                        Ok(())
                    }
                    Err(e) if if_exists && e.kind == ErrorKind::NotFound => {
                        self.info(&format!(
                            "Connection \"{name}\" does not exist; nothing dropped."
                        ));
                        Ok(())
                    }
                    Err(e) => Err(e),
                }
            }
            Command::Set { key: None, .. } => self.list_properties(),
            Command::Set {
                key: Some(key),
                value,
            } => self.set(key, value.unwrap_or_default()),
            Command::Reset { key } => {
                match key {
                    Some(key) => {
                        if self.properties.remove(&key).is_none() {
                            self.info(&format!("Property '{key}' was not set; nothing reset."));
                            return Ok(Flow::Continue);
                        }
                        self.apply_client_property(&key, None)?;
                    }
                    None => {
                        let keys: Vec<String> = self.properties.keys().cloned().collect();
                        self.properties.clear();
                        for key in keys {
                            self.apply_client_property(&key, None)?;
                        }
                    }
                }
                self.info("Properties reset.");
                Ok(())
            }
            Command::UseCatalog { catalog } => {
                self.statements.check_use(Some(&catalog), None)?;
                self.catalog = Some(catalog);
                self.database = None;
                Ok(())
            }
            Command::Use { catalog, database } => {
                let catalog = catalog.or_else(|| self.catalog.clone());
                self.statements
                    .check_use(catalog.as_deref(), Some(&database))?;
                self.catalog = catalog;
                self.database = Some(database);
                Ok(())
            }
            Command::Remote => self.remote(text),
        };
        flow?;
        self.out.flush()?;
        Ok(Flow::Continue)
    }

    fn remote(&mut self, text: &str) -> Result<()> {
        let ctx = StatementContext {
            properties: self
                .properties
                .iter()
                .filter(|(k, _)| !k.starts_with("client."))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            catalog: self.catalog.clone(),
            database: self.database.clone(),
            results_timeout: self
                .properties
                .get("client.results-timeout")
                .and_then(|v| parse_duration(v)),
        };
        let started = Instant::now();
        let options = self.sink_options();
        let max_rows = options.max_rows;
        let format = self.options.output;
        let view = self.live_view();
        let out = sink_out(&mut self.out, format, self.options.stdout_is_terminal);
        let inner = match view {
            Some(live) => render::results::live_sink(out, live.options(format, options)),
            None => render::results::sink(format, out, options),
        };
        let mut sink = GuardedSink {
            inner,
            interrupt: &self.interrupt,
            max_rows,
            bounded: true,
            rows: 0,
            limit_reached: false,
            ended: false,
        };
        let outcome = self.statements.execute(text, &ctx, &mut sink);
        // A live table stopped with Ctrl-C leaves its final state, whichever way the
        // backend noticed the interruption.
        if !sink.ended
            && sink.inner.keeps_state()
            && matches!(&outcome, Err(e) if e.kind == ErrorKind::Interrupted)
        {
            sink.ended = true;
            sink.inner.end()?;
        }
        let (rows, limit_reached, bounded) = (sink.rows, sink.limit_reached, sink.bounded);
        let table_rows = sink.state_rows();
        let (outcome, stop_problem) = match outcome {
            // We stopped a streaming result on purpose; the backend reports that as an
            // interruption, and says so if the statement could not be stopped.
            Err(e) if limit_reached && e.kind == ErrorKind::Interrupted => {
                if !sink.ended {
                    sink.inner.end()?;
                }
                let problem = (!e.is_stopped() && e.message != Error::interrupted().message)
                    .then_some(e.message);
                (Outcome::Rows(rows), problem)
            }
            other => (other?, None),
        };
        drop(sink);
        match outcome {
            Outcome::Rows(n) => {
                if let Some(problem) = stop_problem {
                    crate::status!(
                        "Warning: stopped reading after {n} rows (client.max-rows), but {problem}"
                    );
                }
                if self.options.show_summary && !self.options.quiet {
                    let took = started.elapsed();
                    match table_rows {
                        Some(held) => crate::status!("{}", table_footer(held, n, took)),
                        None => crate::status!("{}", footer(n, bounded, took)),
                    }
                }
            }
            Outcome::Done(Some(message)) => self.info(&message),
            Outcome::Done(None) => {}
        }
        Ok(())
    }

    fn show_connections(&mut self, like: Option<&str>) -> Result<()> {
        let mut items = self.connections.list()?;
        self.connection_names = Some(items.iter().map(|c| c.name.clone()).collect());
        if let Some(pattern) = like {
            items.retain(|c| sql::like::matches(pattern, &c.name));
        }
        self.print_connections(&items, false)
    }

    /// Connections in the chosen format: the list table (or, for a single object,
    /// the describe view) by default, otherwise one row per connection with snake_case
    /// column names, so `-o json` and `-o csv` stay machine-readable.
    fn print_connections(&mut self, items: &[Connection], describe: bool) -> Result<()> {
        let placement = &self.options.placement;
        match self.options.output {
            OutputFormat::Table if describe => {
                for item in items {
                    render::connections::print_describe(&mut self.out, item, placement)?;
                }
            }
            OutputFormat::Table => {
                render::connections::print_list(&mut self.out, items, placement)?
            }
            format => {
                let columns: Vec<Column> = CONNECTION_KEYS
                    .iter()
                    .map(|k| Column::new(*k, "STRING"))
                    .collect();
                let rows = render::connections::rows(items, placement);
                let options = self.sink_options();
                let mut sink = render::results::sink(
                    format,
                    sink_out(&mut self.out, format, self.options.stdout_is_terminal),
                    options,
                );
                sink.begin(&columns, Boundedness::Bounded)?;
                for row in rows {
                    sink.row(
                        ChangeKind::Insert,
                        row.into_iter().map(Value::Text).collect(),
                    )?;
                }
                sink.end()?;
            }
        }
        Ok(())
    }

    fn create_connection(
        &mut self,
        if_not_exists: bool,
        name: &QualifiedName,
        comment: Option<&str>,
        options: &[(String, String)],
    ) -> Result<()> {
        let name = connection_name(name);
        let new = spec::validate_create(name, options, comment)?;
        match self.connections.create(&new) {
            Ok(item) => {
                if let Some(names) = &mut self.connection_names
                    && !names.contains(&item.name)
                {
                    names.push(item.name.clone());
                }
                self.print_connection(&item)
            }
            Err(e) if if_not_exists && e.kind == ErrorKind::AlreadyExists => {
                self.info(&format!(
                    "Connection \"{name}\" already exists; nothing created."
                ));
                Ok(())
            }
            Err(e) => Err(e),
        }
    }

    fn alter_connection(
        &mut self,
        if_exists: bool,
        name: &QualifiedName,
        options: &[(String, String)],
    ) -> Result<()> {
        let name = connection_name(name);
        let existing = match self.connections.get(name) {
            Ok(item) => item,
            Err(e) if if_exists && e.kind == ErrorKind::NotFound => {
                self.info(&format!(
                    "Connection \"{name}\" does not exist; nothing altered."
                ));
                return Ok(());
            }
            Err(e) => return Err(e),
        };
        let secrets = spec::validate_alter(&existing.spec.connection_type, options)?;
        let item = self.connections.update_secrets(name, &secrets)?;
        self.print_connection(&item)
    }

    fn print_connection(&mut self, item: &Connection) -> Result<()> {
        self.print_connections(std::slice::from_ref(item), true)
    }

    fn set(&mut self, key: String, value: String) -> Result<()> {
        self.apply_client_property(&key, Some(&value))?;
        self.info(&format!("Property '{key}' set."));
        self.properties.insert(key, value);
        Ok(())
    }

    /// Client properties take effect here; a bad value is refused before it is stored.
    fn apply_client_property(&mut self, key: &str, value: Option<&str>) -> Result<()> {
        match key {
            "client.output-format" => {
                self.options.output = match value {
                    None => self.start_output,
                    Some(v) => OutputFormat::parse(v).ok_or_else(|| {
                        Error::statement(format!(
                            "unknown output format '{v}': use table, tableau, csv, tsv, json or jsonl"
                        ))
                    })?,
                };
            }
            "client.results-timeout" => {
                if let Some(v) = value
                    && parse_duration(v).is_none()
                {
                    return Err(Error::statement(format!(
                        "client.results-timeout must be a duration such as '30 s', '500 ms' or '2 min', not '{v}'"
                    )));
                }
            }
            "client.result-mode" => {
                if let Some(v) = value
                    && ResultMode::parse(v).is_none()
                {
                    return Err(Error::statement(format!(
                        "unknown result mode '{v}': use table (a live table of the current result) or changelog (every change, with op)"
                    )));
                }
            }
            "client.max-rows" => {
                if let Some(v) = value {
                    v.parse::<usize>().map_err(|_| {
                        Error::statement(format!(
                            "client.max-rows must be a whole number, not '{v}'"
                        ))
                    })?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// How a streaming result is shown: a live table (the default at a terminal for the
    /// table format, where an append-only result still prints row by row), or the
    /// changelog (the default elsewhere, so scripts and pipes get what they always got).
    fn live_view(&self) -> Option<LiveView> {
        let set = self
            .properties
            .get(RESULT_MODE)
            .and_then(|v| ResultMode::parse(v));
        let terminal = self.options.stdout_is_terminal;
        let grid = matches!(
            self.options.output,
            OutputFormat::Table | OutputFormat::Tableau
        );
        match set {
            Some(ResultMode::Changelog) => None,
            Some(ResultMode::Table) => Some(LiveView {
                append_first: false,
                terminal: terminal && grid,
            }),
            None if terminal && self.options.output == OutputFormat::Table => Some(LiveView {
                append_first: true,
                terminal: true,
            }),
            None => None,
        }
    }

    fn max_rows(&self) -> usize {
        self.properties
            .get("client.max-rows")
            .and_then(|v| v.parse().ok())
            .unwrap_or(DEFAULT_MAX_ROWS)
    }

    fn sink_options(&self) -> SinkOptions {
        SinkOptions {
            max_rows: self.max_rows(),
            // SET in the shell, else the backend session's own setting, else Flink's.
            max_column_width: self
                .properties
                .get(MAX_COLUMN_WIDTH)
                .cloned()
                .or_else(|| self.statements.default_property(MAX_COLUMN_WIDTH))
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(DEFAULT_MAX_COLUMN_WIDTH),
        }
    }

    fn list_properties(&mut self) -> Result<()> {
        let options = SinkOptions {
            max_rows: 0,
            ..self.sink_options()
        };
        let mut sink = render::results::sink(
            self.options.output,
            sink_out(
                &mut self.out,
                self.options.output,
                self.options.stdout_is_terminal,
            ),
            options,
        );
        sink.begin(
            &[Column::new("key", "STRING"), Column::new("value", "STRING")],
            Boundedness::Bounded,
        )?;
        for (k, v) in &self.properties {
            sink.row(
                ChangeKind::Insert,
                vec![Value::Text(k.clone()), Value::Text(v.clone())],
            )?;
        }
        sink.end()?;
        Ok(())
    }

    fn help(&mut self) -> Result<()> {
        self.out.write_all(HELP.as_bytes())?;
        Ok(())
    }

    /// A status message: stderr, so stdout stays clean for results.
    fn info(&self, message: &str) {
        if !self.options.quiet {
            // Messages may quote names and server text.
            crate::status!("{}", crate::util::one_line(message));
        }
    }
}

/// snake_case keys for SHOW CONNECTIONS in the non-table formats.
const CONNECTION_KEYS: [&str; 10] = [
    "creation_date",
    "name",
    "environment",
    "cloud",
    "region",
    "type",
    "endpoint",
    "data",
    "status",
    "status_detail",
];

pub const HELP: &str = "\
Statements the shell answers itself:
  SHOW CONNECTIONS [LIKE 'pattern'];
  CREATE CONNECTION [IF NOT EXISTS] name [COMMENT '...'] WITH ('type' = '...', 'endpoint' = '...', <secret options>);
  DESCRIBE CONNECTION name;
  ALTER CONNECTION [IF EXISTS] name SET (<secret options>);
  DROP CONNECTION [IF EXISTS] name;
  SET;  SET 'key' = 'value';  RESET ['key'];
  USE CATALOG c;  USE [c.]d;
  HELP  QUIT  EXIT
Every other statement goes to the backend exactly as typed.
Client properties: client.output-format (table, tableau, csv, tsv, json, jsonl),
client.max-rows (rows per table block; where a streaming changelog stops; rows a
live table holds), client.result-mode (table: a streaming result with updates as a
live table, the default at a terminal; changelog: every change, with op),
client.results-timeout (e.g. '2 min': how long a remote statement may take).

Keys: Enter runs a statement once it ends with ';'. Ctrl-C drops the input or cancels
a running statement; Ctrl-D on an empty line exits; Ctrl-R searches history;
Right arrow accepts the dimmed hint.
";

/// A duration as Flink writes them: a number and a unit (`ms`, `s`, `min`, `h`;
/// milliseconds when the unit is left out).
pub(crate) fn parse_duration(text: &str) -> Option<Duration> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: u64 = number.parse().ok()?;
    let millis = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "ms" | "milli" | "millis" | "millisecond" | "milliseconds" => 1,
        "s" | "sec" | "secs" | "second" | "seconds" => 1_000,
        "m" | "min" | "mins" | "minute" | "minutes" => 60_000,
        "h" | "hour" | "hours" => 3_600_000,
        _ => return None,
    };
    Some(Duration::from_millis(number.checked_mul(millis)?))
}

const RESULT_MODE: &str = "client.result-mode";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ResultMode {
    Table,
    Changelog,
}

impl ResultMode {
    fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "table" => Some(ResultMode::Table),
            "changelog" => Some(ResultMode::Changelog),
            _ => None,
        }
    }
}

/// A streaming result shown as a live table.
struct LiveView {
    append_first: bool,
    /// Drawn at the terminal; otherwise only the final state is printed.
    terminal: bool,
}

impl LiveView {
    fn options<'a>(&self, format: OutputFormat, sink: SinkOptions) -> LiveOptions<'a> {
        LiveOptions {
            format,
            sink,
            append_first: self.append_first,
            // Asked for each frame, so a resized terminal gets frames of its new size.
            screen: self.terminal.then(|| -> Screen<'a> {
                Box::new(|| match crossterm::terminal::size() {
                    Ok((c, r)) if c > 0 && r > 0 => (c, r),
                    _ => (80, 24),
                })
            }),
        }
    }
}

/// Where the tableau format cuts a cell.
const MAX_COLUMN_WIDTH: &str = "table.display.max-column-width";

/// The line after a result, in the Flink SQL Client's words: `3 rows in set (0.70
/// seconds)` and `Empty set` for a bounded result, `Received a total of 5 rows (1.20
/// seconds)` for a streaming one (Flink's "row" for 0 and 1).
fn footer(rows: u64, bounded: bool, took: Duration) -> String {
    let noun = if rows > 1 { "rows" } else { "row" };
    let seconds = took.as_secs_f64();
    if !bounded {
        format!("Received a total of {rows} {noun} ({seconds:.2} seconds)")
    } else if rows == 0 {
        "Empty set".to_string()
    } else {
        format!("{rows} {noun} in set ({seconds:.2} seconds)")
    }
}

/// The line after a live table: its rows, and the changes that made them.
fn table_footer(rows: usize, changes: u64, took: Duration) -> String {
    format!(
        "{rows} {} in the result, from {changes} {} ({:.2} seconds)",
        if rows == 1 { "row" } else { "rows" },
        if changes == 1 { "change" } else { "changes" },
        took.as_secs_f64()
    )
}

/// Connections live in an environment, not a catalog or database: a qualifier
/// is accepted only to match Flink's object-name syntax.
fn connection_name(name: &QualifiedName) -> &str {
    &name.name
}

fn finish(first_error: Option<Error>, flow: Flow) -> Result<Flow> {
    match first_error {
        // Already printed; the caller only needs the exit code.
        Some(e) => Err(e.reported()),
        None => Ok(flow),
    }
}

/// Prints an error the way every caller does: one line on stderr.
pub fn report(e: &Error) {
    if e.already_reported || e.kind == ErrorKind::OutputClosed {
        return;
    }
    // Not a failure: what the user asked for happened.
    if e.is_stopped() {
        crate::status!("{}", e.message);
        return;
    }
    crate::status!("Error: {e}");
}

/// Stops a running statement between rows: on Ctrl-C, and for a streaming result
/// once `client.max-rows` rows have arrived.
struct GuardedSink<'a, 's> {
    inner: Box<dyn RowSink + 's>,
    interrupt: &'a AtomicBool,
    max_rows: usize,
    bounded: bool,
    rows: u64,
    limit_reached: bool,
    ended: bool,
}

impl RowSink for GuardedSink<'_, '_> {
    fn begin(&mut self, columns: &[Column], bounded: Boundedness) -> std::io::Result<()> {
        self.bounded = bounded == Boundedness::Bounded;
        self.inner.begin(columns, bounded)
    }
    fn row(&mut self, kind: ChangeKind, values: Vec<Value>) -> std::io::Result<()> {
        let stop = |what| Err(std::io::Error::new(std::io::ErrorKind::Interrupted, what));
        if self.interrupt.load(Ordering::SeqCst) {
            return stop("interrupted");
        }
        self.inner.row(kind, values)?;
        self.rows += 1;
        // Stop as soon as the limit is reached: a quiet stream may never send the
        // row after it.
        if !self.bounded
            && self.max_rows > 0
            && self.rows >= self.max_rows as u64
            && !self.inner.keeps_state()
        {
            self.limit_reached = true;
            return stop("client.max-rows reached");
        }
        Ok(())
    }
    fn end(&mut self) -> std::io::Result<u64> {
        self.ended = true;
        self.inner.end()
    }
    fn progress(&mut self, phase: &str) -> std::io::Result<()> {
        self.inner.progress(phase)
    }
    fn state_rows(&self) -> Option<usize> {
        self.inner.state_rows()
    }
}

/// Where a result sink writes: the session's output, through the terminal sanitizer
/// when a format that keeps data as it is (CSV, TSV, JSON) goes to a terminal. The
/// table formats neutralise their cells themselves.
fn sink_out<'a>(
    out: &'a mut (dyn Write + '_),
    format: OutputFormat,
    terminal: bool,
) -> Box<dyn Write + 'a> {
    match format {
        OutputFormat::Csv | OutputFormat::Tsv | OutputFormat::Json | OutputFormat::Jsonl
            if terminal =>
        {
            Box::new(crate::util::TerminalSafe::new(out))
        }
        _ => Box::new(out),
    }
}

/// Whether the process's stderr is a terminal (summaries and spinners go there).
pub fn stderr_is_terminal() -> bool {
    std::io::stderr().is_terminal()
}

#[cfg(test)]
mod tests {
    use super::parse_duration;
    use std::time::Duration;

    #[test]
    fn footers_read_like_the_flink_sql_client() {
        let t = Duration::from_millis(700);
        assert_eq!(super::footer(3, true, t), "3 rows in set (0.70 seconds)");
        assert_eq!(super::footer(1, true, t), "1 row in set (0.70 seconds)");
        assert_eq!(super::footer(0, true, t), "Empty set");
        assert_eq!(
            super::footer(5, false, t),
            "Received a total of 5 rows (0.70 seconds)"
        );
        assert_eq!(
            super::footer(0, false, t),
            "Received a total of 0 row (0.70 seconds)"
        );
    }

    #[test]
    fn a_live_tables_footer_counts_its_rows_and_the_changes() {
        let t = Duration::from_millis(330);
        assert_eq!(
            super::table_footer(3, 37, t),
            "3 rows in the result, from 37 changes (0.33 seconds)"
        );
        assert_eq!(
            super::table_footer(1, 1, t),
            "1 row in the result, from 1 change (0.33 seconds)"
        );
    }

    #[test]
    fn durations_read_like_flink() {
        assert_eq!(parse_duration("500"), Some(Duration::from_millis(500)));
        assert_eq!(parse_duration("30 s"), Some(Duration::from_secs(30)));
        assert_eq!(parse_duration("2min"), Some(Duration::from_secs(120)));
        assert_eq!(parse_duration("1 h"), Some(Duration::from_secs(3600)));
        assert_eq!(parse_duration("soon"), None);
        assert_eq!(parse_duration("5 fortnights"), None);
        assert_eq!(parse_duration(""), None);
    }
}
