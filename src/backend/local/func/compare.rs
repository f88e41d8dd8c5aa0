//! Flink's compare functions.

use super::Scalar;

pub static FUNCTIONS: &[Scalar] = &[];
