//! Flink's string functions.

use super::Scalar;

pub static FUNCTIONS: &[Scalar] = &[];
