//! Flink's temporal functions.

use super::Scalar;

pub static FUNCTIONS: &[Scalar] = &[];
