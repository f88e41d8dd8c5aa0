//! SQL `LIKE` matching for `SHOW CONNECTIONS LIKE '…'`: `%` any run, `_` one
//! character, `\` escapes the next character. Case-sensitive, as in Flink.

pub fn matches(pattern: &str, text: &str) -> bool {
    let pattern: Vec<Token> = tokens(pattern);
    let text: Vec<char> = text.chars().collect();
    // Iterative wildcard matching with one backtrack point: linear in practice and
    // never exponential, whatever the pattern.
    let (mut p, mut t) = (0, 0);
    let mut backtrack: Option<(usize, usize)> = None;
    while t < text.len() {
        match pattern.get(p) {
            Some(Token::AnyRun) => {
                backtrack = Some((p, t));
                p += 1;
                continue;
            }
            Some(Token::AnyOne) => {
                p += 1;
                t += 1;
                continue;
            }
            Some(Token::Literal(c)) if *c == text[t] => {
                p += 1;
                t += 1;
                continue;
            }
            _ => {}
        }
        match backtrack {
            Some((bp, bt)) => {
                backtrack = Some((bp, bt + 1));
                p = bp + 1;
                t = bt + 1;
            }
            None => return false,
        }
    }
    pattern[p..].iter().all(|t| matches!(t, Token::AnyRun))
}

enum Token {
    AnyRun,
    AnyOne,
    Literal(char),
}

fn tokens(pattern: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        out.push(match c {
            '%' => Token::AnyRun,
            '_' => Token::AnyOne,
            // A trailing backslash stands for itself.
            '\\' => Token::Literal(chars.next().unwrap_or('\\')),
            c => Token::Literal(c),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::matches;

    #[test]
    fn wildcards() {
        assert!(matches("%", ""));
        assert!(matches("my-%", "my-openai"));
        assert!(!matches("my-%", "your-openai"));
        assert!(matches("%open%", "my-openai-conn"));
        assert!(matches("a_c", "abc"));
        assert!(!matches("a_c", "abbc"));
        assert!(matches("%a%b%c", "xxaxxbxxc"));
        assert!(!matches("%a%b%c", "xxaxxbxx"));
    }

    #[test]
    fn escapes_and_case() {
        assert!(matches(r"a\_b", "a_b"));
        assert!(!matches(r"a\_b", "axb"));
        assert!(matches(r"100\%", "100%"));
        assert!(!matches("ABC", "abc"));
        assert!(matches("数据%", "数据库"));
    }
}
