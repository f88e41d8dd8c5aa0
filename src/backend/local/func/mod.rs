//! Flink's built-in functions and operators for the local engine: for each, the type
//! of its result from its arguments' types (Flink's validation, with Flink's error
//! text), and its value from its arguments' values (Flink's semantics). Pure Rust over
//! `Datum`s; `udf` makes them callable from SQLite.

pub mod aggregate;
pub(crate) mod args;
pub mod array;
pub mod cast;
pub mod collection;
pub mod compare;
pub mod conditional;
pub mod datefmt;
pub mod encoding;
pub mod interval;
pub mod json;
mod json_agg;
mod json_text;
pub mod math;
pub mod number;
pub mod operators;
pub mod percentile;
pub mod printf;
pub mod regexp;
pub mod string;
pub mod temporal;
pub mod text;
pub mod timeconv;
pub mod tvf_window;

use chrono::{FixedOffset, LocalResult, NaiveDateTime, Offset, TimeZone as _};

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
    /// An IANA zone (`America/Los_Angeles`), whose offset depends on the date.
    Named(chrono_tz::Tz),
}

impl TimeZone {
    /// The zone's offset from UTC at the instant `utc`.
    pub fn offset_at(&self, utc: NaiveDateTime) -> FixedOffset {
        match self {
            TimeZone::Fixed(o) => *o,
            TimeZone::Named(tz) => tz.offset_from_utc_datetime(&utc).fix(),
        }
    }

    /// The wall-clock time in this zone at the instant `utc`.
    pub fn to_local(&self, utc: NaiveDateTime) -> NaiveDateTime {
        utc + self.offset_at(utc)
    }

    /// The instant at which this zone's clocks show `local`; in a gap (spring forward)
    /// the time after it and in an overlap the earlier instant, as `java.time` does.
    pub fn to_utc(&self, local: NaiveDateTime) -> NaiveDateTime {
        match self {
            TimeZone::Fixed(o) => local - *o,
            TimeZone::Named(tz) => match tz.offset_from_local_datetime(&local) {
                LocalResult::Single(o) | LocalResult::Ambiguous(o, _) => local - o.fix(),
                LocalResult::None => {
                    let before = tz.offset_from_utc_datetime(&(local - chrono::Duration::days(1)));
                    local - before.fix()
                }
            },
        }
    }
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
pub trait Accumulator: Send {
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
        timeconv::FUNCTIONS,
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
    aggregate::FUNCTIONS
        .iter()
        .chain(json_agg::FUNCTIONS)
        .chain(percentile::FUNCTIONS)
        .find(|f| f.name == upper)
}

/// Flink's (Calcite's) validation error for a call whose argument types fit none of its
/// `forms` (`SUM(<NUMERIC>)`, `<NUMERIC> - <NUMERIC>`), on one line.
pub fn cannot_apply(name: &str, args: &[FlinkType], forms: &[&str]) -> String {
    let types: Vec<String> = args
        .iter()
        .map(|t| format!("<{}>", calcite_name(t)))
        .collect();
    let forms: Vec<String> = forms.iter().map(|f| format!("'{f}'")).collect();
    // An operator's call is written infix: '<TIMESTAMP(0)> - <TIMESTAMP(0)>'.
    let call = match types.as_slice() {
        [a, b] if !name.chars().any(char::is_alphanumeric) => format!("{a} {name} {b}"),
        _ => format!("{name}({})", types.join(", ")),
    };
    format!(
        "Cannot apply '{name}' to arguments of type '{call}'. Supported form(s): {}",
        forms.join(", ")
    )
}

/// The name Calcite gives a type in its validation messages (`INTEGER`, `CHAR(1)`).
fn calcite_name(t: &FlinkType) -> String {
    use super::ftype::Kind;
    match &t.kind {
        Kind::Null => "NULL".into(),
        Kind::Int => "INTEGER".into(),
        Kind::Char(n) => format!("CHAR({n})"),
        Kind::VarChar(n) => format!("VARCHAR({n})"),
        Kind::Binary(n) => format!("BINARY({n})"),
        Kind::VarBinary(n) => format!("VARBINARY({n})"),
        Kind::Decimal(p, s) => format!("DECIMAL({p}, {s})"),
        Kind::Time(p) => format!("TIME({p})"),
        Kind::Timestamp(p) => format!("TIMESTAMP({p})"),
        Kind::TimestampLtz(p) => format!("TIMESTAMP_WITH_LOCAL_TIME_ZONE({p})"),
        Kind::IntervalMonths(_) => "INTERVAL MONTH".into(),
        Kind::IntervalMillis(_) => "INTERVAL SECOND".into(),
        Kind::Array(e) => format!("{} ARRAY", calcite_name(e)),
        Kind::Multiset(e) => format!("{} MULTISET", calcite_name(e)),
        _ => t.with_nullable(true).to_string(),
    }
}
