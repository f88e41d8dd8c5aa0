//! Splits text into statements without parsing it. (Skeleton.)

use std::ops::Range;

/// One statement found in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement<'a> {
    /// From the first token to the terminating `;` inclusive (or the end of input):
    /// exactly what the user wrote, sent as is to a backend.
    pub text: &'a str,
    /// The whole piece of input this statement owns: leading whitespace and comments,
    /// the text, and its `;`. The spans of all statements plus `Split::rest` tile the input.
    pub span: Range<usize>,
    /// 1-based line and column (in characters) of the first token.
    pub line: usize,
    pub column: usize,
    /// False for a last statement that ends at end of input without `;` (or `END;`).
    pub terminated: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    pub statements: Vec<Statement<'a>>,
    /// Trailing whitespace and comments after the last statement.
    pub rest: Range<usize>,
}

/// An unterminated quote or comment at end of input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitError {
    /// 1-based line and column (in characters) where the quote or comment opens.
    pub line: usize,
    pub column: usize,
    /// e.g. "unterminated string literal (')", "unterminated comment (/*)"
    pub message: String,
}

impl std::fmt::Display for SplitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "line {}, column {}: {}",
            self.line, self.column, self.message
        )
    }
}

pub fn split(_input: &str) -> Result<Split<'_>, SplitError> {
    todo!("sql::split")
}
