//! sqlparser's syntax errors in the words Flink's parser uses for the same mistake
//! (`Encountered "+ ;" at line 1, column 10.`), so a script's error reads the same on
//! the local engine as on Flink.

use sqlparser::tokenizer::{Token, TokenWithSpan};

/// Words that start a clause: Flink names them as keywords in the error.
const CLAUSE_WORDS: [&str; 12] = [
    "FROM",
    "WHERE",
    "GROUP",
    "HAVING",
    "ORDER",
    "LIMIT",
    "UNION",
    "INTERSECT",
    "EXCEPT",
    "JOIN",
    "ON",
    "SELECT",
];

/// Flink's message for the syntax error sqlparser reported as `message` in `text`.
pub fn flink_message(text: &str, message: &str) -> String {
    let message = message
        .strip_prefix("sql parser error: ")
        .unwrap_or(message);
    if message.contains("an SQL statement") {
        return "Non-query expression encountered in illegal context".to_string();
    }
    let Some(found) = message.split("found: ").nth(1) else {
        return message.to_string();
    };
    let found = found.split(" at Line:").next().unwrap_or(found).trim();
    let Ok(tokens) = crate::sql::flink::tokens(text) else {
        return message.to_string();
    };
    let tokens: Vec<&TokenWithSpan> = tokens
        .iter()
        .filter(|t| !matches!(t.token, Token::Whitespace(_)))
        .collect();
    // Where the unexpected token is: the first one that prints as `found`, or the end.
    let at = if found == "EOF" {
        None
    } else {
        tokens.iter().position(|t| t.token.to_string() == found)
    };
    let (found_text, line, column) = match at {
        Some(i) => (
            found.to_string(),
            tokens[i].span.start.line,
            tokens[i].span.start.column,
        ),
        None => {
            let end = tokens.last().map(|t| t.span.end);
            (
                ";".to_string(),
                end.map_or(1, |e| e.line),
                end.map_or(1, |e| e.column),
            )
        }
    };
    if CLAUSE_WORDS
        .iter()
        .any(|w| w.eq_ignore_ascii_case(&found_text))
    {
        return format!(
            "Incorrect syntax near the keyword '{}' at line {line}, column {column}.",
            found_text.to_ascii_uppercase()
        );
    }
    let before = match at {
        Some(i) => i.checked_sub(1).and_then(|k| tokens.get(k)),
        None => tokens.last(),
    };
    match before {
        Some(prev) if is_operator(&prev.token) => format!(
            "Encountered \"{} {found_text}\" at line {}, column {}.",
            prev.token, prev.span.start.line, prev.span.start.column
        ),
        _ => format!("Encountered \"{found_text}\" at line {line}, column {column}."),
    }
}

/// Two string literals side by side on one line (`'multi' 'part'`): standard SQL joins
/// them only across a line break, and Flink refuses them.
pub fn continued_string(text: &str) -> Option<String> {
    let tokens = crate::sql::flink::tokens(text).ok()?;
    let mut previous_string = false;
    let mut newline_since = false;
    for t in &tokens {
        match &t.token {
            Token::SingleQuotedString(_) => {
                if previous_string && !newline_since {
                    return Some("String literal continued on same line".to_string());
                }
                previous_string = true;
                newline_since = false;
            }
            Token::Whitespace(w) => {
                if w.to_string().contains('\n') {
                    newline_since = true;
                }
            }
            _ => previous_string = false,
        }
    }
    None
}

fn is_operator(t: &Token) -> bool {
    matches!(
        t,
        Token::Plus
            | Token::Minus
            | Token::Mul
            | Token::Div
            | Token::Mod
            | Token::StringConcat
            | Token::Eq
            | Token::Neq
            | Token::Lt
            | Token::Gt
            | Token::LtEq
            | Token::GtEq
            | Token::Comma
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_as_flinks_parser() {
        assert_eq!(
            flink_message(
                "SELECT 1 +",
                "sql parser error: Expected: an expression, found: EOF"
            ),
            "Encountered \"+ ;\" at line 1, column 10."
        );
        assert_eq!(
            flink_message(
                "SELECT FROM",
                "sql parser error: Expected an expression, found: FROM"
            ),
            "Incorrect syntax near the keyword 'FROM' at line 1, column 8."
        );
        assert_eq!(
            flink_message(
                "SELEC 1",
                "sql parser error: Expected: an SQL statement, found: SELEC at Line: 1, Column: 1"
            ),
            "Non-query expression encountered in illegal context"
        );
    }
}
