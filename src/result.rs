//! Statement results as they travel from a backend to a printer: a schema, then rows
//! pushed one at a time, so no layer has to hold a whole result.

use std::io;

/// One result column: its name and the type the user declared (Flink's name for it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub name: String,
    pub type_name: String,
}

impl Column {
    pub fn new(name: impl Into<String>, type_name: impl Into<String>) -> Self {
        Column {
            name: name.into(),
            type_name: type_name.into(),
        }
    }
}

/// A typed value. Backends convert what they get into these; printers decide the look.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    /// Exact decimals and other numbers kept as the backend printed them.
    Decimal(String),
    Text(String),
    Bytes(Vec<u8>),
    Array(Vec<Value>),
    Map(Vec<(Value, Value)>),
    Row(Vec<Value>),
}

/// Flink's change kinds (`RowKind`), in the order of the API's `op` codes 0..=3.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    Insert,
    UpdateBefore,
    UpdateAfter,
    Delete,
}

impl ChangeKind {
    pub fn from_op(op: i64) -> Option<Self> {
        Some(match op {
            0 => ChangeKind::Insert,
            1 => ChangeKind::UpdateBefore,
            2 => ChangeKind::UpdateAfter,
            3 => ChangeKind::Delete,
            _ => return None,
        })
    }
    pub fn short(self) -> &'static str {
        match self {
            ChangeKind::Insert => "+I",
            ChangeKind::UpdateBefore => "-U",
            ChangeKind::UpdateAfter => "+U",
            ChangeKind::Delete => "-D",
        }
    }
}

/// Whether all rows will arrive (a batch query) or rows keep coming (a streaming query).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Boundedness {
    Bounded,
    Unbounded,
}

/// Where a backend pushes a result. Implemented by the printers.
pub trait RowSink {
    fn begin(&mut self, columns: &[Column], bounded: Boundedness) -> io::Result<()>;
    fn row(&mut self, kind: ChangeKind, values: Vec<Value>) -> io::Result<()>;
    /// Called once after the last row; returns how many rows were received.
    fn end(&mut self) -> io::Result<u64>;
    /// Called by a backend while a streaming result has no new rows (between pages and
    /// while it waits), at least every 100 ms, with the statement's phase: a live view
    /// draws its pending changes and elapsed time then.
    fn progress(&mut self, _phase: &str) -> io::Result<()> {
        Ok(())
    }
    /// The rows of the result's current state, when the sink holds that state itself
    /// (a live table, capped at `client.max-rows`); None for a printer of rows.
    fn state_rows(&self) -> Option<usize> {
        None
    }
    /// Whether the sink holds the result's state, so a streaming result must not be
    /// stopped after `client.max-rows` rows.
    fn keeps_state(&self) -> bool {
        self.state_rows().is_some()
    }
}
