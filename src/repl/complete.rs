//! Suggests the word being typed: keywords, `SET` keys, connection and table names,
//! depending on the words before it.

use super::words::{self, KEYWORDS, SET_KEYS, SHELL_WORDS};
use crate::sql::lex::{Kind, Lexer};

/// Names the current backend knows, refreshed by the prompt loop between statements.
#[derive(Debug, Default, Clone)]
pub struct Names {
    pub connections: Vec<String>,
    pub tables: Vec<String>,
}

/// One suggestion: what the list shows and what replaces the typed word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    pub display: String,
    pub replacement: String,
}

/// Completes the word that ends at the end of `before` (the statement so far, up to
/// the cursor). Returns the byte offset in `before` where the replaced word starts.
pub fn complete(before: &str, names: &Names) -> (usize, Vec<Suggestion>) {
    let word = Word::at_end_of(before);
    let previous = previous_words(&before[..word.start]);
    let prev = previous.first().map(String::as_str).unwrap_or("");
    let prev2 = previous.get(1).map(String::as_str).unwrap_or("");

    let mut out = Vec::new();
    if matches!(prev, "SET" | "RESET") {
        // `SET 'key' = …`: keys are quoted; complete them with or without the quote typed.
        for key in SET_KEYS
            .iter()
            .filter(|k| starts_with_ignore_case(k, word.bare))
        {
            out.push(Suggestion {
                display: (*key).to_string(),
                replacement: format!("'{key}'"),
            });
        }
        return (word.start, out);
    }
    if word.quote == Some('\'') {
        return (word.start, out);
    }
    if prev == "CONNECTION" && matches!(prev2, "DESCRIBE" | "DESC" | "DROP" | "ALTER") {
        // Connection names may hold '-' and '.', so the whole run is the name.
        push_names(&mut out, &names.connections, word.bare);
        return (word.start, out);
    }
    if matches!(
        prev,
        "FROM" | "JOIN" | "INTO" | "TABLE" | "UPDATE" | "DESCRIBE" | "DESC"
    ) {
        push_names(&mut out, &names.tables, word.bare);
        if matches!(prev, "DESCRIBE" | "DESC") && word.quote.is_none() {
            push_words(&mut out, &["CONNECTION"], word.bare);
        }
        return (word.start, out);
    }
    if word.quote.is_some() {
        return (word.start, out);
    }
    // Outside names '-' is an operator: complete only what follows the last one.
    let (start, bare) = match word.bare.rfind('-') {
        Some(dash) => (word.start + dash + 1, &word.bare[dash + 1..]),
        None => (word.start, word.bare),
    };
    if bare.is_empty() {
        // A list of every keyword helps nobody.
        return (start, out);
    }
    push_words(&mut out, SHELL_WORDS, bare);
    push_words(&mut out, KEYWORDS, bare);
    push_names(&mut out, &names.tables, bare);
    out.sort_by(|a, b| a.display.cmp(&b.display));
    out.dedup_by(|a, b| a.display == b.display);
    (start, out)
}

/// The word under completion: from `start` (its opening quote, if any) to the cursor.
struct Word<'a> {
    start: usize,
    /// The word without its opening quote.
    bare: &'a str,
    /// `'` or `` ` `` when the word opens with one.
    quote: Option<char>,
}

impl<'a> Word<'a> {
    fn at_end_of(before: &'a str) -> Self {
        let mut start = before.len();
        for (i, c) in before.char_indices().rev() {
            if c.is_alphanumeric() || matches!(c, '_' | '$' | '.' | '-') {
                start = i;
            } else {
                break;
            }
        }
        let bare = &before[start..];
        match before[..start].chars().next_back() {
            Some(q @ ('\'' | '`')) => Word {
                start: start - 1,
                bare,
                quote: Some(q),
            },
            _ => Word {
                start,
                bare,
                quote: None,
            },
        }
    }
}

/// Up to three words before the cursor's word, nearest first, upper-cased, with
/// `IF [NOT] EXISTS` left out so `DROP CONNECTION IF EXISTS x` reads like the short form.
/// Read with the splitter's lexer, so words in strings and comments do not count.
fn previous_words(text: &str) -> Vec<String> {
    let words: Vec<String> = Lexer::new(text)
        .filter(|l| l.kind == Kind::Word)
        .map(|l| text[l.range].to_ascii_uppercase())
        .collect();
    words
        .into_iter()
        .rev()
        .filter(|w| !matches!(w.as_str(), "IF" | "NOT" | "EXISTS"))
        .take(3)
        .collect()
}

/// Keywords in the case the user is typing in.
fn push_words(out: &mut Vec<Suggestion>, list: &[&str], typed: &str) {
    let lower = !typed.is_empty() && !typed.chars().any(|c| c.is_uppercase());
    for word in list.iter().filter(|w| starts_with_ignore_case(w, typed)) {
        let text = if lower {
            word.to_ascii_lowercase()
        } else {
            (*word).to_string()
        };
        out.push(Suggestion {
            display: text.clone(),
            replacement: text,
        });
    }
}

fn push_names(out: &mut Vec<Suggestion>, names: &[String], typed: &str) {
    for name in names.iter().filter(|n| starts_with_ignore_case(n, typed)) {
        let plain = name.chars().all(|c| c.is_alphanumeric() || c == '_')
            && !words::is_keyword(&name.to_ascii_uppercase());
        let replacement = if plain {
            name.clone()
        } else {
            format!("`{}`", name.replace('`', "``"))
        };
        out.push(Suggestion {
            display: name.clone(),
            replacement,
        });
    }
}

fn starts_with_ignore_case(candidate: &str, typed: &str) -> bool {
    candidate
        .get(..typed.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(typed))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> Names {
        Names {
            connections: vec!["openai-prod".into(), "orders.db".into()],
            tables: vec!["orders".into(), "order items".into(), "users".into()],
        }
    }

    fn replacements(before: &str) -> (usize, Vec<String>) {
        let (start, found) = complete(before, &names());
        (start, found.into_iter().map(|s| s.replacement).collect())
    }

    #[test]
    fn keywords_follow_the_case_being_typed() {
        assert_eq!(replacements("SEL"), (0, vec!["SELECT".to_string()]));
        assert_eq!(replacements("x; sel"), (3, vec!["select".to_string()]));
    }

    #[test]
    fn the_shells_own_words_complete() {
        assert_eq!(
            replacements("SHOW CONNECTI").1,
            vec!["CONNECTION", "CONNECTIONS"]
        );
        assert_eq!(replacements("QU").1, vec!["QUIT"]);
    }

    #[test]
    fn set_keys_complete_with_their_quotes() {
        assert_eq!(
            replacements("SET 'client.o"),
            (4, vec!["'client.output-format'".to_string()])
        );
        assert_eq!(
            replacements("RESET cli").1,
            vec![
                "'client.max-rows'",
                "'client.output-format'",
                "'client.result-mode'",
                "'client.results-timeout'",
            ]
        );
    }

    #[test]
    fn connection_names_follow_connection_statements() {
        assert_eq!(
            replacements("DESCRIBE CONNECTION o").1,
            vec!["`openai-prod`", "`orders.db`"]
        );
        assert_eq!(
            replacements("DROP CONNECTION IF EXISTS openai-p"),
            (26, vec!["`openai-prod`".to_string()])
        );
        assert_eq!(
            replacements("DROP CONNECTION `ord"),
            (16, vec!["`orders.db`".to_string()])
        );
    }

    #[test]
    fn table_names_follow_from_and_are_quoted_when_needed() {
        assert_eq!(
            replacements("SELECT * FROM ord").1,
            vec!["orders", "`order items`"]
        );
        assert_eq!(replacements("SELECT * FROM ").1.len(), 3);
    }

    #[test]
    fn words_in_strings_and_comments_are_no_context() {
        assert!(replacements("SELECT 'from' ").1.is_empty());
        assert!(replacements("SELECT 1 -- from\n").1.is_empty());
        assert_eq!(
            replacements("DROP CONNECTION /* FROM */ open").1,
            ["`openai-prod`"]
        );
        assert_eq!(
            replacements("DROP\u{a0}CONNECTION\u{a0}open").1,
            ["`openai-prod`"]
        );
    }

    #[test]
    fn a_dash_outside_names_is_an_operator() {
        let (start, found) = replacements("SELECT 1-cas");
        assert_eq!(start, 9);
        assert!(found.contains(&"case".to_string()), "{found:?}");
    }

    #[test]
    fn nothing_inside_other_strings_or_for_an_empty_word() {
        assert!(replacements("SELECT 'ab").1.is_empty());
        assert!(replacements("SELECT ").1.is_empty());
    }
}
