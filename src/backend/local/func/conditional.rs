//! Flink's conditional functions.

use super::Scalar;

pub static FUNCTIONS: &[Scalar] = &[];
