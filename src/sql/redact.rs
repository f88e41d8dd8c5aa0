//! Masks secret option values in CONNECTION statements before text is kept anywhere.

use std::borrow::Cow;
use std::ops::Range;

use super::lex::{Kind, Lexeme, Lexer};
use crate::connections::model::REDACTED;
use crate::connections::spec::is_secret_option;

/// Returns `text` with the value of every secret option (`'api-key' = '…'`, …) in its
/// CREATE and ALTER statements on a CONNECTION (`CREATE OR REPLACE CONNECTION`, … too)
/// replaced by `'<REDACTED>'`; every
/// other byte is kept. Works on several statements and on unfinished input (a value
/// whose quote never closes is masked to the end).
pub fn redact_secrets(text: &str) -> Cow<'_, str> {
    let lexemes: Vec<Lexeme> = Lexer::new(text).filter(|l| !l.is_trivia()).collect();
    let mut masks: Vec<Range<usize>> = Vec::new();
    // Per statement: None while its leading words are read, then whether it is a
    // CONNECTION statement.
    let mut leading: Vec<String> = Vec::new();
    let mut is_connection: Option<bool> = None;
    let mut i = 0;
    while i < lexemes.len() {
        let lexeme = &lexemes[i];
        if lexeme.kind == Kind::Semicolon {
            leading.clear();
            is_connection = None;
            i += 1;
            continue;
        }
        let Some(is_connection) = is_connection else {
            is_connection = connection_statement(&mut leading, text, lexeme);
            i += 1;
            continue;
        };
        if is_connection
            && let Some((key, after)) = option_key(text, &lexemes, i)
            && lexemes
                .get(after)
                .is_some_and(|l| l.kind == Kind::Other('='))
            && is_secret_option(&key)
        {
            let (value, next) = value_range(&lexemes, after + 1);
            if let Some(value) = value {
                masks.push(value);
            }
            i = next;
            continue;
        }
        i += 1;
    }
    if masks.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    for mask in masks {
        out.push_str(&text[pos..mask.start]);
        // A secret value is a quoted string, and stays one.
        out.push('\'');
        out.push_str(REDACTED);
        out.push('\'');
        pos = mask.end;
    }
    out.push_str(&text[pos..]);
    Cow::Owned(out)
}

/// Reads one leading lexeme of a statement: `Some(true)` once it is a CREATE or ALTER
/// whose leading words include CONNECTION (`CREATE OR REPLACE CONNECTION`,
/// `CREATE TEMPORARY CONNECTION`, …), `Some(false)` once it cannot be, `None` while
/// undecided.
fn connection_statement(leading: &mut Vec<String>, text: &str, lexeme: &Lexeme) -> Option<bool> {
    /// Enough for `CREATE OR REPLACE TEMPORARY SYSTEM CONNECTION`.
    const MAX_LEADING_WORDS: usize = 6;
    if lexeme.kind != Kind::Word {
        return Some(false);
    }
    let word = text[lexeme.range.clone()].to_ascii_uppercase();
    if leading.is_empty() && word != "CREATE" && word != "ALTER" {
        return Some(false);
    }
    if word == "CONNECTION" {
        return Some(true);
    }
    leading.push(word);
    if leading.len() >= MAX_LEADING_WORDS {
        return Some(false);
    }
    None
}

/// The option key starting at lexeme `i`, unescaped and lower-cased, and the index
/// after it. Besides quoted keys this reads unquoted ones (`api-key` written without
/// quotes is a parse error, but its value must still not reach the history).
fn option_key(text: &str, lexemes: &[Lexeme], i: usize) -> Option<(String, usize)> {
    let lexeme = lexemes.get(i)?;
    let quote = match lexeme.kind {
        Kind::String { .. } => '\'',
        Kind::DoubleQuoted { .. } => '"',
        Kind::BackQuoted { .. } => '`',
        Kind::Word => {
            // Words and `-` with nothing between them: `api-key`, `aws-secret-key`.
            let mut end = i;
            while let Some(next) = lexemes.get(end + 1)
                && next.range.start == lexemes[end].range.end
                && matches!(next.kind, Kind::Word | Kind::Other('-'))
            {
                end += 1;
            }
            let key = &text[lexeme.range.start..lexemes[end].range.end];
            return Some((key.to_lowercase(), end + 1));
        }
        _ => return None,
    };
    let raw = &text[lexeme.range.clone()];
    let inner = raw.strip_prefix(quote).unwrap_or(raw);
    let inner = inner.strip_suffix(quote).unwrap_or(inner);
    let doubled: String = [quote, quote].iter().collect();
    let key = inner
        .replace(&doubled, &quote.to_string())
        .trim()
        .to_lowercase();
    Some((key, i + 1))
}

/// The value starting at lexeme `start`: a quoted string, or (for a malformed value)
/// every token up to the next `,`, `)` or `;`, so nothing of it survives. Also returns
/// the index to continue from.
fn value_range(lexemes: &[Lexeme], start: usize) -> (Option<Range<usize>>, usize) {
    let Some(first) = lexemes.get(start) else {
        return (None, start);
    };
    if matches!(first.kind, Kind::String { .. }) {
        return (Some(first.range.clone()), start + 1);
    }
    let mut end = start;
    while let Some(l) = lexemes.get(end) {
        if matches!(
            l.kind,
            Kind::Semicolon | Kind::Other(',') | Kind::Other(')')
        ) {
            break;
        }
        end += 1;
    }
    if end == start {
        return (None, start);
    }
    (Some(first.range.start..lexemes[end - 1].range.end), end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_secret_values_and_keeps_everything_else() {
        let sql = "CREATE CONNECTION c -- note\n WITH ('type'='openai', 'API-KEY' =  'sk''1' , 'endpoint' = 'https://x');";
        assert_eq!(
            redact_secrets(sql),
            "CREATE CONNECTION c -- note\n WITH ('type'='openai', 'API-KEY' =  '<REDACTED>' , 'endpoint' = 'https://x');"
        );
    }

    #[test]
    fn masks_in_alter_and_in_several_statements() {
        let sql =
            "SELECT 'password' = 'x'; alter connection c set ('password' = 'p', 'username'='u');";
        assert_eq!(
            redact_secrets(sql),
            "SELECT 'password' = 'x'; alter connection c set ('password' = '<REDACTED>', 'username'='<REDACTED>');"
        );
    }

    #[test]
    fn masks_unquoted_and_unterminated_values() {
        assert_eq!(
            redact_secrets("ALTER CONNECTION c SET ('token' = abc-def)"),
            "ALTER CONNECTION c SET ('token' = '<REDACTED>')"
        );
        assert_eq!(
            redact_secrets("ALTER CONNECTION c SET ('token' = 'abc"),
            "ALTER CONNECTION c SET ('token' = '<REDACTED>'"
        );
    }

    #[test]
    fn masks_values_of_unquoted_keys() {
        assert_eq!(
            redact_secrets("CREATE CONNECTION c WITH (type = 'OPENAI', api-key = 'sk')"),
            "CREATE CONNECTION c WITH (type = 'OPENAI', api-key = '<REDACTED>')"
        );
    }

    #[test]
    fn masks_connection_statements_with_words_before_connection() {
        for (head, masked) in [
            ("CREATE OR REPLACE CONNECTION", true),
            ("create temporary connection", true),
            ("CREATE TEMPORARY SYSTEM CONNECTION", true),
            ("ALTER CONNECTION IF EXISTS", true),
            ("CREATE TABLE", false),
        ] {
            let sql = format!("{head} c WITH ('type' = 'openai', 'api-key' = 'sk-x')");
            let out = redact_secrets(&sql);
            assert_eq!(!out.contains("sk-x"), masked, "{out}");
            if masked {
                assert_eq!(out, sql.replace("'sk-x'", &format!("'{REDACTED}'")));
            }
        }
    }

    #[test]
    fn leaves_other_statements_borrowed() {
        let sql = "INSERT INTO t VALUES ('api-key' = 'x')";
        assert!(matches!(redact_secrets(sql), Cow::Borrowed(_)));
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    const SECRET: &str = "Zq9secretZq9";

    fn fragment() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("'".to_string()),
            Just("`".to_string()),
            Just("\"".to_string()),
            Just(";".to_string()),
            Just("--".to_string()),
            Just("\n".to_string()),
            Just("/*".to_string()),
            Just("*/".to_string()),
            Just(" = ".to_string()),
            Just(",".to_string()),
            Just("(".to_string()),
            Just(")".to_string()),
            Just("CREATE CONNECTION c WITH (".to_string()),
            Just("'api-key'".to_string()),
            Just("é日🦀".to_string()),
            "[a-z-]{1,4}",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]

        #[test]
        fn never_panics(input in any::<String>(), parts in prop::collection::vec(fragment(), 0..30)) {
            let _ = redact_secrets(&input);
            let _ = redact_secrets(&parts.concat());
        }

        #[test]
        fn secret_values_never_survive(
            before in prop::collection::vec(fragment(), 0..6),
            key in prop::sample::select(vec!["api-key", "PASSWORD", "aws-secret-key", "oauth-client-secret", "token"]),
            spacing in "[ \t\n]{0,3}",
            quoted in any::<bool>(),
            after in prop::collection::vec(fragment(), 0..6),
        ) {
            let value = if quoted { format!("'{SECRET}'") } else { SECRET.to_string() };
            let statement = format!(
                "ALTER CONNECTION c SET ('type' = 'x',{spacing}'{key}'{spacing}={spacing}{value}{spacing})"
            );
            let input = format!("{};\n{statement}{}", before.concat(), after.concat());
            // Whatever came before must have ended cleanly for the ALTER to be a statement.
            let clean = crate::sql::split(&format!("{};", before.concat()))
                .is_ok_and(|s| s.statements.iter().all(|s| s.terminated));
            if clean {
                prop_assert!(!redact_secrets(&input).contains(SECRET), "{input:?}");
            }
        }
    }
}
