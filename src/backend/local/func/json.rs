//! Flink's json functions.

use super::Scalar;

pub static FUNCTIONS: &[Scalar] = &[];
