//! Flink's operators functions.

use super::Scalar;

pub static FUNCTIONS: &[Scalar] = &[];
