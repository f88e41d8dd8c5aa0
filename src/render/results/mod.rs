//! Result printers: turn a stream of rows into one of the `-o` formats.
//!
//! Choices every format shares:
//! - Column names and order come from the schema. An unbounded (streaming) result gets a
//!   first column `op` with the change kind (`+I -U +U -D`) in every format, except in
//!   the live table ([`live_sink`], `client.result-mode` = `table`), which shows the
//!   current state instead.
//! - A bounded result has no `op` column, since Flink's bounded results are insert-only.
//!   Should a bounded result still carry updates or deletes, the table formats add `op` to
//!   each block that contains one, and JSON/JSONL add an `"op"` member to those rows only;
//!   CSV/TSV fix their header before the first row and cannot add it later.
//! - The printers never stop a statement: for streaming results the caller enforces
//!   `client.max-rows` (unless the sink keeps the state itself, capped at that many
//!   rows) and Ctrl-C. For bounded results `max_rows` is the block size of the
//!   table formats (0: one block, however long).
//! - Streaming output is flushed after every row so rows show as they arrive; bounded
//!   output is buffered and flushed at the end.
//! - One sink prints one result.

mod cells;
mod delimited;
mod grid;
mod json;
mod live;
pub mod materialize;
mod shape;
mod table;
mod tableau;

use std::io::Write;

pub use live::{LiveOptions, Screen, live_sink};

use crate::render::OutputFormat;
use crate::result::{Column, RowSink};

/// `client.max-rows` when the user has not set it.
pub const DEFAULT_MAX_ROWS: usize = 10_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SinkOptions {
    /// client.max-rows: block size of table output (0 = one block); 0 = unlimited for
    /// streaming formats.
    pub max_rows: usize,
    /// `table.display.max-column-width`: where tableau cuts a cell.
    pub max_column_width: usize,
}

/// `table.display.max-column-width` when the user has not set it (Flink's default).
pub const DEFAULT_MAX_COLUMN_WIDTH: usize = 30;

impl Default for SinkOptions {
    fn default() -> Self {
        SinkOptions {
            max_rows: DEFAULT_MAX_ROWS,
            max_column_width: DEFAULT_MAX_COLUMN_WIDTH,
        }
    }
}

/// The printer for `format`, writing only to `out`. Its `end()` returns the row count.
pub fn sink<'a>(
    format: OutputFormat,
    out: Box<dyn Write + 'a>,
    options: SinkOptions,
) -> Box<dyn RowSink + 'a> {
    match format {
        OutputFormat::Table => Box::new(grid::GridSink::new(out, grid::Style::List, options)),
        OutputFormat::Tableau => Box::new(grid::GridSink::new(out, grid::Style::Framed, options)),
        OutputFormat::Csv => Box::new(delimited::CsvSink::new(out)),
        OutputFormat::Tsv => Box::new(delimited::TsvSink::new(out)),
        OutputFormat::Json => Box::new(json::JsonSink::new(out, json::Style::Array)),
        OutputFormat::Jsonl => Box::new(json::JsonSink::new(out, json::Style::Lines)),
    }
}

/// The name of the change-kind column.
const OP: &str = "op";

fn header_names(columns: &[Column], with_op: bool) -> Vec<String> {
    let op = with_op.then(|| OP.to_string());
    op.into_iter()
        .chain(columns.iter().map(|c| c.name.clone()))
        .collect()
}
