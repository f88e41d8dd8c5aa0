//! Flink's aggregate functions.

use super::Aggregate;

pub static FUNCTIONS: &[Aggregate] = &[];
