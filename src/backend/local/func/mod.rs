//! Flink's built-in functions and operators for the local engine: for each, the type
//! of its result from its arguments' types (Flink's validation, with Flink's error
//! text), and its value from its arguments' values (Flink's semantics). Pure Rust over
//! `Datum`s; `udf` makes them callable from SQLite.

pub mod aggregate;
mod args;
pub mod array;
pub mod cast;
pub mod collection;
pub mod compare;
pub mod conditional;
pub mod encoding;
pub mod json;
mod json_text;
pub mod math;
pub mod operators;
pub mod printf;
pub mod regexp;
pub mod string;
pub mod temporal;

use chrono::{FixedOffset, NaiveDateTime, Offset};

use super::ftype::FlinkType;
use super::value::Datum;

/// What a function may know of the statement that calls it.
#[derive(Debug, Clone)]
pub struct Session {
    /// `table.local-time-zone`, resolved (UTC when unset). TIMESTAMP_LTZ values are shown
    /// and TIMESTAMP values interpreted in it.
    pub time_zone: TimeZone,
    /// The statement's start, in UTC: CURRENT_TIMESTAMP/NOW()/… of one statement agree.
    pub now_utc: NaiveDateTime,
}

/// A session time zone: the offset of a named zone or a fixed offset.
#[derive(Debug, Clone, PartialEq)]
pub enum TimeZone {
    Fixed(FixedOffset),
}

impl Default for Session {
    fn default() -> Self {
        Session {
            time_zone: TimeZone::Fixed(chrono::Utc.fix()),
            now_utc: chrono::Utc::now().naive_utc(),
        }
    }
}

/// One call site's types, known before any row is read.
#[derive(Debug, Clone)]
pub struct Signature {
    pub args: Vec<FlinkType>,
    pub ret: FlinkType,
}

/// An error a function raises on a value (`Division by zero`, a bad cast): the
/// statement fails with this text, as Flink's job would.
pub type Eval = Result<Datum, String>;

/// A scalar function or operator.
pub struct Scalar {
    /// Flink's name, upper case (`UPPER`, `DATE_FORMAT`); operators by their symbol
    /// (`+`, `=`, `||`, `LIKE`).
    pub name: &'static str,
    /// NULL in, NULL out: `eval` is not called when any argument is NULL.
    pub strict: bool,
    /// The result type for these argument types, or Flink's validation error for them.
    pub infer: fn(&[FlinkType]) -> Result<FlinkType, String>,
    pub eval: fn(&[Datum], &Signature, &Session) -> Eval,
}

/// An aggregate function's running state for one group (or window frame).
pub trait Accumulator {
    fn add(&mut self, args: &[Datum]) -> Result<(), String>;
    /// Takes back one earlier `add` (a sliding window frame); only called when
    /// `Aggregate::retractable`.
    fn retract(&mut self, args: &[Datum]) -> Result<(), String>;
    fn value(&self) -> Eval;
}

pub struct Aggregate {
    pub name: &'static str,
    pub infer: fn(&[FlinkType]) -> Result<FlinkType, String>,
    pub new: fn(&Signature, &Session) -> Box<dyn Accumulator>,
}

/// The scalar function or operator called `name` (any case).
pub fn scalar(name: &str) -> Option<&'static Scalar> {
    let upper = name.to_ascii_uppercase();
    [
        operators::FUNCTIONS,
        compare::FUNCTIONS,
        conditional::FUNCTIONS,
        math::FUNCTIONS,
        string::FUNCTIONS,
        regexp::FUNCTIONS,
        encoding::FUNCTIONS,
        printf::FUNCTIONS,
        temporal::FUNCTIONS,
        collection::FUNCTIONS,
        array::FUNCTIONS,
        json::FUNCTIONS,
    ]
    .into_iter()
    .flat_map(|list| list.iter())
    .find(|f| f.name == upper)
}

/// The aggregate function called `name` (any case).
pub fn aggregate(name: &str) -> Option<&'static Aggregate> {
    let upper = name.to_ascii_uppercase();
    aggregate::FUNCTIONS.iter().find(|f| f.name == upper)
}
