//! CAST and TRY_CAST: Flink's conversions between types, with its errors.

use super::{Eval, Session};
use crate::backend::local::ftype::FlinkType;
use crate::backend::local::value::Datum;

/// Whether Flink allows `CAST(x AS to)` for an `x` of type `from` (explicit cast).
pub fn castable(from: &FlinkType, to: &FlinkType) -> bool {
    let _ = (from, to);
    true
}

/// Whether a value of `from` may be written where `to` is expected without CAST.
pub fn implicit(from: &FlinkType, to: &FlinkType) -> bool {
    let _ = (from, to);
    true
}

/// `CAST(d AS to)` for a `d` of type `from`: Flink's value, or its runtime error.
pub fn cast(d: &Datum, from: &FlinkType, to: &FlinkType, session: &Session) -> Eval {
    let _ = (from, to, session);
    Ok(d.clone())
}

/// A typed literal (`DATE '…'`, `TIME '…'`, `TIMESTAMP '…'`, `TIMESTAMP_LTZ '…'`).
pub fn parse_literal(kind: &str, text: &str) -> Result<(Datum, FlinkType), String> {
    Err(format!("{kind} '{text}' literals are not supported yet"))
}
