//! Splits text into statements without parsing it.
//!
//! A `;` ends a statement only outside quotes and comments, and a statement set
//! (`EXECUTE STATEMENT SET BEGIN … END;`, `EXPLAIN [details] STATEMENT SET BEGIN … END;`
//! or `BEGIN STATEMENT SET; … END;`) is one statement however many `;` it holds.

use std::ops::Range;

use super::lex::{Cursor, Kind, Lexer};

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

impl std::error::Error for SplitError {}

/// Where a statement stands with respect to a statement-set block.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Block {
    /// Not in a statement set: the next `;` ends the statement.
    None,
    /// Inside `BEGIN … END`; `at_start` when the next word begins a member
    /// statement, the only place `END` closes the block (so `CASE … END` does not).
    Open { at_start: bool },
    /// `END` seen at the start of a member: a `;` now ends the whole set.
    Closing,
}

/// The statement being scanned.
struct Current {
    first: usize,
    line: usize,
    column: usize,
    /// The leading words, upper-cased, while every token so far has been a word.
    prefix: Vec<String>,
    prefix_open: bool,
    block: Block,
    /// After a leading `EXPLAIN`: the last words in a row, upper-cased, since
    /// `STATEMENT SET BEGIN` may follow its details (`EXPLAIN PLAN FOR`, `EXPLAIN
    /// CHANGELOG_MODE, JSON_EXECUTION_PLAN`).
    explained: Vec<String>,
}

impl Current {
    fn word(&mut self, word: &str) {
        if self.prefix_open && self.prefix.len() < 4 {
            self.prefix.push(word.to_ascii_uppercase());
            let p: Vec<&str> = self.prefix.iter().map(String::as_str).collect();
            match p.as_slice() {
                ["EXECUTE", "STATEMENT", "SET", "BEGIN"] => {
                    self.block = Block::Open { at_start: true };
                    self.prefix_open = false;
                    return;
                }
                ["BEGIN", "STATEMENT", "SET"] => {
                    // The members start after this header's own `;`.
                    self.block = Block::Open { at_start: false };
                    self.prefix_open = false;
                    return;
                }
                _ => {}
            }
        } else {
            self.prefix_open = false;
        }
        if self.block == Block::None && self.prefix.first().is_some_and(|w| w == "EXPLAIN") {
            if self.explained.len() == 3 {
                self.explained.remove(0);
            }
            self.explained.push(word.to_ascii_uppercase());
            if self.explained == ["STATEMENT", "SET", "BEGIN"] {
                self.block = Block::Open { at_start: true };
                return;
            }
        }
        self.block = match self.block {
            Block::Open { at_start: true } if word.eq_ignore_ascii_case("END") => Block::Closing,
            Block::Open { .. } | Block::Closing => Block::Open { at_start: false },
            Block::None => Block::None,
        };
    }

    fn other(&mut self) {
        self.prefix_open = false;
        self.explained.clear();
        if self.block != Block::None {
            self.block = Block::Open { at_start: false };
        }
    }
}

/// Splits `input` into statements. Fails only on a quote or block comment still open
/// at end of input; a last statement without `;` comes back with `terminated: false`.
pub fn split(input: &str) -> Result<Split<'_>, SplitError> {
    let mut statements = Vec::new();
    let mut cursor = Cursor::new(input);
    let mut span_start = 0;
    let mut last_end = 0;
    let mut current: Option<Current> = None;

    for lexeme in Lexer::new(input) {
        let range = lexeme.range.clone();
        if let Some(message) = lexeme.unclosed() {
            let (line, column) = cursor.advance(range.start);
            return Err(SplitError {
                line,
                column,
                message: message.to_string(),
            });
        }
        if lexeme.is_trivia() {
            continue;
        }
        let Some(cur) = current.as_mut() else {
            if lexeme.kind == Kind::Semicolon {
                // An empty statement: its `;` joins the next statement's leading part.
                continue;
            }
            let (line, column) = cursor.advance(range.start);
            let mut cur = Current {
                first: range.start,
                line,
                column,
                prefix: Vec::new(),
                prefix_open: true,
                block: Block::None,
                explained: Vec::new(),
            };
            match lexeme.kind {
                Kind::Word => cur.word(&input[range.clone()]),
                _ => cur.other(),
            }
            current = Some(cur);
            last_end = range.end;
            continue;
        };
        last_end = range.end;
        match lexeme.kind {
            Kind::Word => cur.word(&input[range.clone()]),
            Kind::Semicolon => match cur.block {
                Block::None | Block::Closing => {
                    statements.push(Statement {
                        text: &input[cur.first..range.end],
                        span: span_start..range.end,
                        line: cur.line,
                        column: cur.column,
                        terminated: true,
                    });
                    span_start = range.end;
                    current = None;
                }
                Block::Open { .. } => cur.block = Block::Open { at_start: true },
            },
            _ => cur.other(),
        }
    }

    let rest = match current {
        Some(cur) => {
            statements.push(Statement {
                text: &input[cur.first..last_end],
                span: span_start..last_end,
                line: cur.line,
                column: cur.column,
                terminated: false,
            });
            last_end..input.len()
        }
        None => span_start..input.len(),
    };
    Ok(Split { statements, rest })
}

/// For the prompt: true when the input can run as it is — its last statement is
/// terminated (no open quote, comment or statement set), it holds nothing but
/// whitespace and comments, or it ends in a bare `HELP`, `QUIT` or `EXIT`, which
/// need no `;`.
pub fn is_complete(input: &str) -> bool {
    match split(input) {
        Err(_) => false,
        Ok(split) => match split.statements.last() {
            None => true,
            Some(last) => last.terminated || is_client_command(last.text),
        },
    }
}

/// `HELP`, `QUIT` or `EXIT` alone, in any case: commands that run without `;`.
pub fn is_client_command(text: &str) -> bool {
    let word = text.trim().trim_end_matches(';').trim_end();
    ["HELP", "QUIT", "EXIT"]
        .iter()
        .any(|c| word.eq_ignore_ascii_case(c))
}
