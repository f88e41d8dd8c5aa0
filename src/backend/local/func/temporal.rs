//! Flink's temporal functions.

use super::Scalar;

pub static FUNCTIONS: &[Scalar] = &[];

/// An INTERVAL literal's value and type.
pub fn interval_literal(
    text: &str,
    from_unit: &str,
    to_unit: Option<&str>,
) -> Result<
    (
        crate::backend::local::value::Datum,
        crate::backend::local::ftype::FlinkType,
    ),
    String,
> {
    Err(format!(
        "INTERVAL '{text}' {from_unit} {to_unit:?} is not supported yet"
    ))
}
