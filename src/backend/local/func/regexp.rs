//! placeholder

use super::Scalar;

pub static FUNCTIONS: &[Scalar] = &[];
