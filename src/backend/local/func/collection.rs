//! Flink's collection functions.

use super::Scalar;

pub static FUNCTIONS: &[Scalar] = &[];
