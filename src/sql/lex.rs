//! The shell's one scanner of SQL text: byte-exact, never failing, losing no byte.
//!
//! Everything that reads SQL text without parsing it scans with this: the splitter,
//! the secret masker, the REPL's highlighter and completion, the local engine and the
//! type-name reader; so quotes, comments and whitespace (a no-break space included)
//! are the same everywhere. Parsing (`flink`, `parse`) tokenizes with sqlparser and the
//! Flink dialect, which agree with it on those.

use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Spaces, tabs, newlines.
    Space,
    /// `-- …` up to (not including) the newline.
    LineComment,
    /// `/* … */`; `closed` is false when the input ends first.
    BlockComment {
        closed: bool,
    },
    /// `'…'` with `''` escapes.
    String {
        closed: bool,
    },
    /// `"…"` with `""` escapes.
    DoubleQuoted {
        closed: bool,
    },
    /// `` `…` `` with doubled back-quote escapes.
    BackQuoted {
        closed: bool,
    },
    /// A run of identifier characters (letters, digits, `_`, `$`).
    Word,
    Semicolon,
    /// Any other single character.
    Other(char),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Lexeme {
    pub kind: Kind,
    pub range: Range<usize>,
}

impl Lexeme {
    /// Whitespace and comments: what may surround statements without being one.
    pub fn is_trivia(&self) -> bool {
        matches!(
            self.kind,
            Kind::Space | Kind::LineComment | Kind::BlockComment { .. }
        )
    }

    /// The quote or comment opener when this lexeme runs to end of input unclosed.
    pub fn unclosed(&self) -> Option<&'static str> {
        match self.kind {
            Kind::BlockComment { closed: false } => Some("unterminated comment (/*)"),
            Kind::String { closed: false } => Some("unterminated string literal (')"),
            Kind::DoubleQuoted { closed: false } => Some("unterminated quoted identifier (\")"),
            Kind::BackQuoted { closed: false } => Some("unterminated quoted identifier (`)"),
            _ => None,
        }
    }
}

/// Whitespace, and the byte-order mark some editors put at the start of a file.
fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '$'
}

pub(crate) struct Lexer<'a> {
    input: &'a str,
    pos: usize,
}

impl<'a> Lexer<'a> {
    pub fn new(input: &'a str) -> Self {
        Lexer { input, pos: 0 }
    }

    /// Scans a quoted run whose opening quote is at `self.pos`; a doubled quote is an
    /// escaped quote. Returns whether the closing quote was found.
    fn quoted(&mut self, quote: char) -> bool {
        let bytes = self.input.as_bytes();
        // All quote characters are ASCII, so byte comparisons are exact.
        let q = quote as u8;
        let mut i = self.pos + 1;
        while i < bytes.len() {
            if bytes[i] == q {
                if bytes.get(i + 1) == Some(&q) {
                    i += 2;
                    continue;
                }
                self.pos = i + 1;
                return true;
            }
            i += 1;
        }
        self.pos = bytes.len();
        false
    }
}

impl Iterator for Lexer<'_> {
    type Item = Lexeme;

    fn next(&mut self) -> Option<Lexeme> {
        let rest = &self.input[self.pos..];
        let c = rest.chars().next()?;
        let start = self.pos;
        let kind = match c {
            '\'' => Kind::String {
                closed: self.quoted('\''),
            },
            '"' => Kind::DoubleQuoted {
                closed: self.quoted('"'),
            },
            '`' => Kind::BackQuoted {
                closed: self.quoted('`'),
            },
            ';' => {
                self.pos += 1;
                Kind::Semicolon
            }
            '-' if rest.starts_with("--") => {
                self.pos += rest.find('\n').unwrap_or(rest.len());
                Kind::LineComment
            }
            '/' if rest.starts_with("/*") => match rest[2..].find("*/") {
                Some(end) => {
                    self.pos += 2 + end + 2;
                    Kind::BlockComment { closed: true }
                }
                None => {
                    self.pos = self.input.len();
                    Kind::BlockComment { closed: false }
                }
            },
            c if is_space(c) => {
                let len = rest.find(|c: char| !is_space(c)).unwrap_or(rest.len());
                self.pos += len;
                Kind::Space
            }
            c if is_word_char(c) => {
                let len = rest.find(|c: char| !is_word_char(c)).unwrap_or(rest.len());
                self.pos += len;
                Kind::Word
            }
            c => {
                self.pos += c.len_utf8();
                Kind::Other(c)
            }
        };
        Some(Lexeme {
            kind,
            range: start..self.pos,
        })
    }
}

/// Turns byte offsets into 1-based line and character column, walking forward only.
pub(crate) struct Cursor<'a> {
    input: &'a str,
    pos: usize,
    line: usize,
    column: usize,
}

impl<'a> Cursor<'a> {
    pub fn new(input: &'a str) -> Self {
        Cursor {
            input,
            pos: 0,
            line: 1,
            column: 1,
        }
    }

    /// Line and column of byte `to`, which must not be before the previous call's.
    pub fn advance(&mut self, to: usize) -> (usize, usize) {
        let to = to.min(self.input.len());
        if to > self.pos {
            for c in self.input[self.pos..to].chars() {
                if c == '\n' {
                    self.line += 1;
                    self.column = 1;
                } else {
                    self.column += 1;
                }
            }
            self.pos = to;
        }
        (self.line, self.column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(s: &str) -> Vec<(Kind, &str)> {
        Lexer::new(s)
            .map(|l| (l.kind, &s[l.range.clone()]))
            .collect()
    }

    #[test]
    fn quotes_with_doubled_escapes_are_one_lexeme() {
        assert_eq!(
            kinds("'a''b'"),
            vec![(Kind::String { closed: true }, "'a''b'")]
        );
        assert_eq!(
            kinds("`a``b`x"),
            vec![
                (Kind::BackQuoted { closed: true }, "`a``b`"),
                (Kind::Word, "x")
            ]
        );
    }

    #[test]
    fn unclosed_quote_runs_to_end() {
        assert_eq!(
            kinds("x 'é;"),
            vec![
                (Kind::Word, "x"),
                (Kind::Space, " "),
                (Kind::String { closed: false }, "'é;")
            ]
        );
    }

    #[test]
    fn cursor_counts_characters() {
        let s = "é\nab";
        let mut c = Cursor::new(s);
        assert_eq!(c.advance(2), (1, 2));
        assert_eq!(c.advance(4), (2, 2));
    }
}
