//! Recognises the shell's own statements; classifies the rest. (Skeleton.)

use super::Command;
use crate::error::Result;

/// Parses one statement's text (as `split` returns it). Only the shell's own
/// statements can fail; anything else becomes `Command::Remote`.
pub fn parse(_text: &str) -> Result<Command> {
    todo!("sql::parse")
}
