//! Flink syntax sqlparser has no grammar for, rewritten token by token into calls it
//! parses: `VALUES 1, 2` into `VALUES (1), (2)`, and the SQL/JSON clauses
//! (`JSON_VALUE(j, p DEFAULT 'x' ON EMPTY)`, `… WITH WRAPPER`, `KEY k VALUE v`) into
//! plain trailing arguments in the shapes `backend::local::func::json` documents.
//!
//! Only the tree is rewritten: a remote backend still gets the user's text.

use sqlparser::keywords::Keyword;
use sqlparser::tokenizer::{Span, Token, TokenWithSpan};

/// Both rewrites.
pub fn rewrite(tokens: Vec<TokenWithSpan>) -> Vec<TokenWithSpan> {
    json_clauses(parenthesize_bare_values(tokens))
}

fn is_code(t: &TokenWithSpan) -> bool {
    !matches!(t.token, Token::Whitespace(_))
}

fn word_is(t: &Token, w: &str) -> bool {
    matches!(t, Token::Word(x) if x.quote_style.is_none() && x.value.eq_ignore_ascii_case(w))
}

/// Flink's `VALUES 1, 2` (rows of one column without parentheses) as sqlparser knows it:
/// `VALUES (1), (2)`.
fn parenthesize_bare_values(tokens: Vec<TokenWithSpan>) -> Vec<TokenWithSpan> {
    let is_values = |t: &TokenWithSpan| matches!(&t.token, Token::Word(w) if w.keyword == Keyword::VALUES && w.quote_style.is_none());
    if !tokens.iter().any(is_values) {
        return tokens;
    }
    let mut out = Vec::with_capacity(tokens.len() + 8);
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        out.push(t.clone());
        i += 1;
        if !is_values(t) {
            continue;
        }
        let next = tokens[i..].iter().find(|t| is_code(t)).map(|t| &t.token);
        if matches!(next, Some(Token::LParen) | None)
            || matches!(next, Some(Token::Word(w)) if w.keyword == Keyword::ROW)
        {
            continue;
        }
        // Rows run to the `)` or `;` that closes the VALUES, split at top-level commas;
        // a clause keyword at depth 0 also ends them.
        let mut depth = 0usize;
        out.push(TokenWithSpan::new(Token::LParen, t.span));
        while i < tokens.len() {
            let tok = &tokens[i];
            match &tok.token {
                Token::LParen | Token::LBracket => depth += 1,
                Token::RParen | Token::RBracket if depth == 0 => break,
                Token::RParen | Token::RBracket => depth -= 1,
                Token::SemiColon if depth == 0 => break,
                Token::Comma if depth == 0 => {
                    out.push(TokenWithSpan::new(Token::RParen, tok.span));
                    out.push(tok.clone());
                    out.push(TokenWithSpan::new(Token::LParen, tok.span));
                    i += 1;
                    continue;
                }
                Token::Word(w)
                    if depth == 0
                        && w.quote_style.is_none()
                        && matches!(
                            w.keyword,
                            Keyword::ORDER
                                | Keyword::LIMIT
                                | Keyword::OFFSET
                                | Keyword::FETCH
                                | Keyword::UNION
                                | Keyword::EXCEPT
                                | Keyword::INTERSECT
                        ) =>
                {
                    break;
                }
                _ => {}
            }
            out.push(tok.clone());
            i += 1;
        }
        // Before trailing whitespace, so spans stay in order.
        let at = out.iter().rposition(is_code).map_or(out.len(), |k| k + 1);
        let span = out.get(at.saturating_sub(1)).map_or(t.span, |t| t.span);
        out.insert(at, TokenWithSpan::new(Token::RParen, span));
    }
    out
}

/// Words that begin a SQL/JSON clause inside JSON_VALUE/JSON_QUERY/JSON_EXISTS.
const CLAUSE_WORDS: [&str; 10] = [
    "RETURNING",
    "DEFAULT",
    "NULL",
    "ERROR",
    "EMPTY",
    "WITH",
    "WITHOUT",
    "TRUE",
    "FALSE",
    "UNKNOWN",
];

fn json_clauses(tokens: Vec<TokenWithSpan>) -> Vec<TokenWithSpan> {
    let wanted = |t: &Token| {
        [
            "JSON_VALUE",
            "JSON_QUERY",
            "JSON_EXISTS",
            "JSON_OBJECT",
            "JSON_OBJECTAGG",
        ]
        .iter()
        .any(|w| word_is(t, w))
    };
    if !tokens.iter().any(|t| wanted(&t.token)) {
        return tokens;
    }
    let code: Vec<TokenWithSpan> = tokens.into_iter().filter(is_code).collect();
    let mut out = Vec::with_capacity(code.len() + 8);
    let mut i = 0;
    while i < code.len() {
        let t = &code[i];
        if wanted(&t.token)
            && matches!(code.get(i + 1).map(|t| &t.token), Some(Token::LParen))
            && let Some(end) = closing(&code, i + 1)
        {
            let name = match &t.token {
                Token::Word(w) => w.value.to_ascii_uppercase(),
                _ => String::new(),
            };
            let inner = &code[i + 2..end];
            let rewritten = match name.as_str() {
                "JSON_OBJECT" | "JSON_OBJECTAGG" => Some(drop_key_words(inner)),
                _ => json_query_call(&name, inner),
            };
            if let Some(inner) = rewritten {
                out.push(t.clone());
                out.push(code[i + 1].clone());
                // Nested calls get the same treatment.
                out.extend(json_clauses(inner));
                out.push(code[end].clone());
                i = end + 1;
                continue;
            }
        }
        out.push(t.clone());
        i += 1;
    }
    out
}

/// The index of the `)` that closes the `(` at `open`.
fn closing(tokens: &[TokenWithSpan], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (k, t) in tokens.iter().enumerate().skip(open) {
        match t.token {
            Token::LParen | Token::LBracket => depth += 1,
            Token::RParen | Token::RBracket => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(k);
                }
            }
            _ => {}
        }
    }
    None
}

/// `KEY k VALUE v` as `k VALUE v`.
fn drop_key_words(inner: &[TokenWithSpan]) -> Vec<TokenWithSpan> {
    let mut out = Vec::with_capacity(inner.len());
    let mut depth = 0usize;
    let mut at_item_start = true;
    for t in inner {
        match t.token {
            Token::LParen | Token::LBracket => depth += 1,
            Token::RParen | Token::RBracket => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth == 0 && at_item_start && word_is(&t.token, "KEY") {
            at_item_start = false;
            continue;
        }
        at_item_start = depth == 0 && t.token == Token::Comma;
        out.push(t.clone());
    }
    out
}

fn string(s: &str, span: Span) -> TokenWithSpan {
    TokenWithSpan::new(Token::SingleQuotedString(s.to_string()), span)
}

fn null(span: Span) -> TokenWithSpan {
    TokenWithSpan::new(Token::make_keyword("NULL"), span)
}

fn comma(span: Span) -> TokenWithSpan {
    TokenWithSpan::new(Token::Comma, span)
}

/// JSON_VALUE/JSON_QUERY/JSON_EXISTS arguments with their clauses as trailing
/// arguments (and RETURNING last, where sqlparser reads it); None when there are no
/// clauses or they are not ones this knows.
fn json_query_call(name: &str, inner: &[TokenWithSpan]) -> Option<Vec<TokenWithSpan>> {
    // The JSON value, then the path up to the first clause word at depth 0.
    let mut depth = 0usize;
    let mut commas = 0;
    let mut clause_at = None;
    for (k, t) in inner.iter().enumerate() {
        match t.token {
            Token::LParen | Token::LBracket => depth += 1,
            Token::RParen | Token::RBracket => depth = depth.saturating_sub(1),
            Token::Comma if depth == 0 => commas += 1,
            _ => {}
        }
        if depth == 0 && commas == 1 && CLAUSE_WORDS.iter().any(|w| word_is(&t.token, w)) {
            clause_at = Some(k);
            break;
        }
    }
    let at = clause_at?;
    let (args, clauses) = inner.split_at(at);
    let span = clauses.first().map_or(Span::empty(), |t| t.span);
    let mut returning: Vec<TokenWithSpan> = Vec::new();
    let mut wrapper = "WITHOUT".to_string();
    let mut on_empty: Vec<TokenWithSpan> = Vec::new();
    let mut on_error: Vec<TokenWithSpan> = Vec::new();
    let mut k = 0;
    let word = |k: usize| clauses.get(k).map(|t| &t.token);
    while k < clauses.len() {
        let is = |k: usize, w: &str| word(k).is_some_and(|t| word_is(t, w));
        if is(k, "RETURNING") {
            k += 1;
            let start = k;
            let mut depth = 0usize;
            while k < clauses.len() {
                let t = &clauses[k].token;
                match t {
                    Token::LParen | Token::Lt => depth += 1,
                    Token::RParen | Token::Gt => depth = depth.saturating_sub(1),
                    _ => {}
                }
                if depth == 0
                    && k > start
                    && ["DEFAULT", "NULL", "ERROR", "EMPTY", "WITH", "WITHOUT"]
                        .iter()
                        .any(|w| word_is(t, w))
                    && !(word_is(t, "NULL") && is(k - 1, "NOT"))
                {
                    break;
                }
                k += 1;
            }
            returning = clauses[start..k].to_vec();
            continue;
        }
        if is(k, "WITHOUT") || is(k, "WITH") {
            let with = is(k, "WITH");
            k += 1;
            let mut kind = if with { "UNCONDITIONAL" } else { "WITHOUT" };
            if is(k, "CONDITIONAL") {
                kind = "CONDITIONAL";
                k += 1;
            } else if is(k, "UNCONDITIONAL") {
                k += 1;
            }
            if is(k, "ARRAY") {
                k += 1;
            }
            if !is(k, "WRAPPER") {
                return None;
            }
            k += 1;
            wrapper = kind.to_string();
            continue;
        }
        // `behaviour ON EMPTY|ERROR`
        let (mode, value, next): (String, Vec<TokenWithSpan>, usize) = if is(k, "DEFAULT") {
            let start = k + 1;
            let mut e = start;
            while e < clauses.len() && !(is(e, "ON") && (is(e + 1, "EMPTY") || is(e + 1, "ERROR")))
            {
                e += 1;
            }
            ("DEFAULT".into(), clauses[start..e].to_vec(), e)
        } else if is(k, "EMPTY") && (is(k + 1, "ARRAY") || is(k + 1, "OBJECT")) {
            let m = if is(k + 1, "ARRAY") {
                "EMPTY ARRAY"
            } else {
                "EMPTY OBJECT"
            };
            (m.into(), Vec::new(), k + 2)
        } else if ["NULL", "ERROR", "TRUE", "FALSE", "UNKNOWN"]
            .iter()
            .any(|w| is(k, w))
        {
            let m = match word(k) {
                Some(Token::Word(w)) => w.value.to_ascii_uppercase(),
                _ => return None,
            };
            (m, Vec::new(), k + 1)
        } else {
            return None;
        };
        if !is(next, "ON") {
            return None;
        }
        let target = if is(next + 1, "EMPTY") {
            &mut on_empty
        } else if is(next + 1, "ERROR") {
            &mut on_error
        } else {
            return None;
        };
        target.push(string(&mode, span));
        if name == "JSON_VALUE" {
            target.push(comma(span));
            if value.is_empty() {
                target.push(null(span));
            } else {
                target.extend(value);
            }
        }
        k = next + 2;
    }
    let mut out: Vec<TokenWithSpan> = args.to_vec();
    let default_mode = |m: &str| vec![string(m, span)];
    match name {
        "JSON_VALUE" => {
            let fill = |v: Vec<TokenWithSpan>| {
                if v.is_empty() {
                    vec![string("NULL", span), comma(span), null(span)]
                } else {
                    v
                }
            };
            if !on_empty.is_empty() || !on_error.is_empty() {
                out.push(comma(span));
                out.extend(fill(on_empty));
                out.push(comma(span));
                out.extend(fill(on_error));
            }
        }
        "JSON_QUERY" => {
            if wrapper != "WITHOUT" || !on_empty.is_empty() || !on_error.is_empty() {
                out.push(comma(span));
                out.push(string(&wrapper, span));
                out.push(comma(span));
                out.extend(if on_empty.is_empty() {
                    default_mode("NULL")
                } else {
                    on_empty
                });
                out.push(comma(span));
                out.extend(if on_error.is_empty() {
                    default_mode("NULL")
                } else {
                    on_error
                });
            }
        }
        _ => {
            if !on_empty.is_empty() {
                return None;
            }
            if !on_error.is_empty() {
                out.push(comma(span));
                out.extend(on_error);
            }
        }
    }
    if !returning.is_empty() {
        out.push(TokenWithSpan::new(Token::make_keyword("RETURNING"), span));
        out.extend(returning);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use crate::sql::flink::parse_statement;

    fn shown(text: &str) -> String {
        parse_statement(text)
            .map(|s| s.to_string())
            .unwrap_or_else(|e| e.to_string())
    }

    #[test]
    fn json_clauses_become_arguments() {
        assert_eq!(
            shown("SELECT JSON_VALUE(j, '$.a' RETURNING INT DEFAULT 0 ON EMPTY ERROR ON ERROR)"),
            "SELECT JSON_VALUE(j, '$.a', 'DEFAULT', 0, 'ERROR', NULL RETURNING INT)"
        );
        assert_eq!(
            shown("SELECT JSON_QUERY(j, '$.a' WITH WRAPPER)"),
            "SELECT JSON_QUERY(j, '$.a', 'UNCONDITIONAL', 'NULL', 'NULL')"
        );
        assert_eq!(
            shown("SELECT JSON_EXISTS(j, '$.a' FALSE ON ERROR)"),
            "SELECT JSON_EXISTS(j, '$.a', 'FALSE')"
        );
        assert_eq!(
            shown("SELECT JSON_OBJECTAGG(KEY k VALUE v) FROM t"),
            "SELECT JSON_OBJECTAGG(k VALUE v) FROM t"
        );
        assert_eq!(shown("VALUES 1, 2"), "VALUES (1), (2)");
    }
}
