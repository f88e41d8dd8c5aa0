//! Colours the line being edited: keywords, strings, numbers, comments, shell words.
//!
//! Scans with the splitter's lexer (`sql::lex`), which never fails and copes with
//! half-typed input, so both agree about quotes, comments and whitespace; the runs in
//! between are cut into numbers and words here.

use std::fmt::Write as _;
use std::ops::Range;

use nu_ansi_term::{Color, Style};

use super::words;
use crate::sql::lex::{Kind as Lex, Lexer};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Keyword,
    ShellWord,
    Str,
    Number,
    Comment,
}

impl Kind {
    fn style(self) -> Style {
        match self {
            Kind::Keyword => Color::Blue.bold(),
            Kind::ShellWord => Color::Magenta.bold(),
            Kind::Str => Style::new().fg(Color::Green),
            Kind::Number => Style::new().fg(Color::Yellow),
            Kind::Comment => Style::new().fg(Color::DarkGray).italic(),
        }
    }
}

/// The coloured spans of `text`, in order; everything else stays plain.
pub fn spans(text: &str) -> Vec<(Range<usize>, Kind)> {
    let mut out = Vec::new();
    // Whether the previous significant token was '.': `t.select` is a name, not a keyword.
    let mut after_dot = false;
    let mut run: Option<(usize, usize)> = None;
    for lexeme in Lexer::new(text) {
        let range = lexeme.range;
        if matches!(lexeme.kind, Lex::Word | Lex::Other(_)) {
            run = Some(run.map_or((range.start, range.end), |(s, _)| (s, range.end)));
            continue;
        }
        if let Some((from, to)) = run.take() {
            code(text, from, to, &mut after_dot, &mut out);
        }
        match lexeme.kind {
            Lex::LineComment | Lex::BlockComment { .. } => out.push((range, Kind::Comment)),
            Lex::String { .. } => {
                out.push((range, Kind::Str));
                after_dot = false;
            }
            Lex::Space => {}
            _ => after_dot = false,
        }
    }
    if let Some((from, to)) = run {
        code(text, from, to, &mut after_dot, &mut out);
    }
    out
}

/// The spans of `text[from..to]`, a run with no quote, comment or whitespace in it:
/// numbers, keywords and shell words.
fn code(
    text: &str,
    from: usize,
    to: usize,
    after_dot: &mut bool,
    out: &mut Vec<(Range<usize>, Kind)>,
) {
    let bytes = &text.as_bytes()[..to];
    let mut i = from;
    while i < to {
        let b = bytes[i];
        let start = i;
        match b {
            b'0'..=b'9' => {
                i = number_end(bytes, i);
                out.push((start..i, Kind::Number));
                *after_dot = false;
            }
            b'.' if bytes.get(i + 1).is_some_and(u8::is_ascii_digit) && !after_word(bytes, i) => {
                i = number_end(bytes, i);
                out.push((start..i, Kind::Number));
                *after_dot = false;
            }
            _ if is_word_byte(b) => {
                while i < to && is_word_byte(bytes[i]) {
                    i += 1;
                }
                if !*after_dot {
                    let upper = text[start..i].to_ascii_uppercase();
                    if words::is_shell_word(&upper) {
                        out.push((start..i, Kind::ShellWord));
                    } else if words::is_keyword(&upper) {
                        out.push((start..i, Kind::Keyword));
                    }
                }
                *after_dot = false;
            }
            _ => {
                i += 1;
                *after_dot = b == b'.';
            }
        }
    }
}

/// Paints `text[from..]` with ANSI colours (the display width is unchanged), using what comes before `from` as context, so a string or
/// comment opened on an earlier line of the statement keeps its colour.
pub fn paint_from(text: &str, from: usize) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    let mut at = from;
    for (range, kind) in spans(text) {
        if range.end <= from {
            continue;
        }
        let start = range.start.max(from);
        out.push_str(&text[at..start]);
        let _ = write!(out, "{}", kind.style().paint(&text[start..range.end]));
        at = range.end;
    }
    out.push_str(&text[at..]);
    out
}

/// Non-ASCII bytes (whitespace is already gone) count as word bytes so names in any
/// script stay whole.
fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b >= 0x80
}

fn after_word(bytes: &[u8], i: usize) -> bool {
    i > 0 && is_word_byte(bytes[i - 1])
}

fn number_end(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && bytes[i].is_ascii_digit() {
        i += 1;
    }
    if i < bytes.len() && bytes[i] == b'.' {
        i += 1;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
    }
    if i < bytes.len() && (bytes[i] == b'e' || bytes[i] == b'E') {
        let mut j = i + 1;
        if j < bytes.len() && (bytes[j] == b'+' || bytes[j] == b'-') {
            j += 1;
        }
        if j < bytes.len() && bytes[j].is_ascii_digit() {
            i = j;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
        }
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(&str, Kind)> {
        spans(text)
            .into_iter()
            .map(|(r, k)| (&text[r], k))
            .collect()
    }

    #[test]
    fn colours_each_kind_of_token() {
        assert_eq!(
            kinds("select 'a;b', 1.5e3 from t -- done"),
            vec![
                ("select", Kind::Keyword),
                ("'a;b'", Kind::Str),
                ("1.5e3", Kind::Number),
                ("from", Kind::Keyword),
                ("-- done", Kind::Comment),
            ]
        );
        assert_eq!(
            kinds("SHOW CONNECTIONS /* x */ LIKE 'it''s'"),
            vec![
                ("SHOW", Kind::Keyword),
                ("CONNECTIONS", Kind::ShellWord),
                ("/* x */", Kind::Comment),
                ("LIKE", Kind::Keyword),
                ("'it''s'", Kind::Str),
            ]
        );
    }

    #[test]
    fn a_no_break_space_separates_words_as_in_the_splitter() {
        assert_eq!(
            kinds("SELECT\u{a0}1\u{a0}FROM\u{a0}t"),
            [
                ("SELECT", Kind::Keyword),
                ("1", Kind::Number),
                ("FROM", Kind::Keyword)
            ]
        );
    }

    #[test]
    fn names_are_not_keywords() {
        assert_eq!(kinds("`select` t.from col1 x2"), vec![]);
    }

    #[test]
    fn unterminated_quotes_and_comments_run_to_the_end() {
        assert_eq!(kinds("'abc"), vec![("'abc", Kind::Str)]);
        assert_eq!(kinds("/* abc"), vec![("/* abc", Kind::Comment)]);
    }

    #[test]
    fn painting_keeps_the_text_and_adds_colour() {
        let painted = paint_from("SELECT 1", 0);
        assert!(painted.contains("\x1b["));
        let plain: String = strip(&painted);
        assert_eq!(plain, "SELECT 1");
    }

    #[test]
    fn a_string_opened_on_an_earlier_line_keeps_its_colour() {
        let text = "SELECT 'abc\ndef' FROM t";
        let painted = paint_from(text, 12);
        assert_eq!(strip(&painted), "def' FROM t");
        assert!(painted.starts_with("\x1b[32mdef'"), "{painted:?}");
    }

    fn strip(s: &str) -> String {
        let mut out = String::new();
        let mut chars = s.chars();
        while let Some(c) = chars.next() {
            if c == '\x1b' {
                for c in chars.by_ref() {
                    if c == 'm' {
                        break;
                    }
                }
            } else {
                out.push(c);
            }
        }
        out
    }
}
