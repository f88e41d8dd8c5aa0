//! Flink's math functions.

use super::Scalar;

pub static FUNCTIONS: &[Scalar] = &[];
