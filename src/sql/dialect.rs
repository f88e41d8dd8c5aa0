//! The Flink SQL dialect for sqlparser: Flink's lexical rules (back-quoted identifiers,
//! `'` strings with `''` escapes, identifiers as Calcite reads them) and the parse hooks
//! for the expressions and types Flink has and the generic dialect lacks.
//!
//! Where sqlparser's tree has no node of its own for a Flink construct, the hook builds
//! the node whose printed form is the Flink syntax, so that parse → print → parse is
//! the identity: `MAP['a', 1]` is a `Prefixed` array (prints `MAP ['a', 1]`), and
//! `ROW<a INT>` / `MULTISET<T>` are custom types that print as `ROW(a INT)` /
//! `MULTISET(T)`, which Flink accepts as the same types.

use sqlparser::ast::{DataType, Expr, Ident, ObjectName, TypeModifier};
use sqlparser::dialect::Dialect;
use sqlparser::keywords::Keyword;
use sqlparser::parser::{Parser, ParserError};
use sqlparser::tokenizer::Token;

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct FlinkDialect;

impl Dialect for FlinkDialect {
    fn is_identifier_start(&self, ch: char) -> bool {
        ch.is_alphabetic() || ch == '_'
    }

    fn is_identifier_part(&self, ch: char) -> bool {
        ch.is_alphanumeric() || ch == '_' || ch == '$'
    }

    fn is_delimited_identifier_start(&self, ch: char) -> bool {
        ch == '`'
    }

    fn identifier_quote_style(&self, _identifier: &str) -> Option<char> {
        Some('`')
    }

    fn parse_prefix(&self, parser: &mut Parser) -> Option<Result<Expr, ParserError>> {
        // `MAP[k, v, …]`, Flink's map value constructor.
        if is_word(&parser.peek_token().token, "MAP") && parser.peek_nth_token(1) == Token::LBracket
        {
            return Some(parse_map_constructor(parser));
        }
        // `TABLE name`, a table argument of a window TVF such as TUMBLE.
        if is_word(&parser.peek_token().token, "TABLE")
            && matches!(parser.peek_nth_token(1).token, Token::Word(_))
        {
            return Some(parse_table_argument(parser));
        }
        None
    }

    fn parse_infix(
        &self,
        parser: &mut Parser,
        expr: &Expr,
        _precedence: u8,
    ) -> Option<Result<Expr, ParserError>> {
        // `x [NOT] BETWEEN SYMMETRIC|ASYMMETRIC a AND b`: sqlparser's BETWEEN has no flag,
        // so SYMMETRIC is kept as a `Prefixed` low bound, which prints as it was written.
        let negated = is_word(&parser.peek_token().token, "NOT");
        let at = usize::from(negated);
        if !is_word(&parser.peek_nth_token(at).token, "BETWEEN") {
            return None;
        }
        let flag = parser.peek_nth_token(at + 1).token;
        let symmetric = is_word(&flag, "SYMMETRIC");
        if !symmetric && !is_word(&flag, "ASYMMETRIC") {
            return None;
        }
        for _ in 0..at + 2 {
            parser.next_token();
        }
        Some(
            parser
                .parse_between(expr.clone(), negated)
                .map(|between| match between {
                    Expr::Between {
                        expr,
                        negated,
                        low,
                        high,
                    } if symmetric => Expr::Between {
                        expr,
                        negated,
                        low: Box::new(Expr::Prefixed {
                            prefix: Ident::new(SYMMETRIC),
                            value: low,
                        }),
                        high,
                    },
                    other => other,
                }),
        )
    }

    fn parse_data_type(&self, parser: &mut Parser) -> Option<Result<DataType, ParserError>> {
        let token = parser.peek_token().token;
        let next = parser.peek_nth_token(1).token;
        let opens = matches!(next, Token::Lt | Token::LParen);
        if is_word(&token, "ROW") && opens {
            return Some(parse_row_type(parser));
        }
        if is_word(&token, "MULTISET") && opens {
            return Some(parse_multiset_type(parser));
        }
        None
    }

    // Flink's grammar (Calcite's) has these; the defaults are off.
    fn supports_filter_during_aggregation(&self) -> bool {
        true
    }

    fn supports_window_clause_named_window_reference(&self) -> bool {
        true
    }

    fn supports_match_recognize(&self) -> bool {
        true
    }

    fn supports_named_fn_args_with_rarrow_operator(&self) -> bool {
        true
    }

    fn supports_group_by_expr(&self) -> bool {
        true
    }

    fn supports_map_literal_with_angle_brackets(&self) -> bool {
        true
    }

    fn require_interval_qualifier(&self) -> bool {
        true
    }

    fn supports_create_table_like_parenthesized(&self) -> bool {
        false
    }

    fn supports_comment_optimizer_hint(&self) -> bool {
        true
    }

    fn supports_table_versioning(&self) -> bool {
        true
    }
}

/// The prefix that marks the low bound of a `BETWEEN SYMMETRIC`.
pub const SYMMETRIC: &str = "SYMMETRIC";

pub(crate) fn is_word(token: &Token, word: &str) -> bool {
    matches!(token, Token::Word(w) if w.quote_style.is_none() && w.value.eq_ignore_ascii_case(word))
}

fn parse_map_constructor(parser: &mut Parser) -> Result<Expr, ParserError> {
    let prefix = parser.parse_identifier()?;
    parser.expect_token(&Token::LBracket)?;
    let elem = parser.parse_comma_separated(Parser::parse_expr)?;
    parser.expect_token(&Token::RBracket)?;
    Ok(Expr::Prefixed {
        prefix: Ident::new(prefix.value.to_ascii_uppercase()),
        value: Box::new(Expr::Array(sqlparser::ast::Array { elem, named: false })),
    })
}

/// `TABLE name` as a `Prefixed` name, which prints as it was written.
fn parse_table_argument(parser: &mut Parser) -> Result<Expr, ParserError> {
    let prefix = parser.parse_identifier()?;
    let mut parts = vec![parser.parse_identifier()?];
    while parser.consume_token(&Token::Period) {
        parts.push(parser.parse_identifier()?);
    }
    let value = if parts.len() == 1 {
        Expr::Identifier(parts.remove(0))
    } else {
        Expr::CompoundIdentifier(parts)
    };
    Ok(Expr::Prefixed {
        prefix: Ident::new(prefix.value.to_ascii_uppercase()),
        value: Box::new(value),
    })
}

/// `ROW<name type [NOT NULL] ['comment'], …>` or `ROW(…)`.
fn parse_row_type(parser: &mut Parser) -> Result<DataType, ParserError> {
    parser.next_token();
    let fields = in_brackets(parser, |parser| {
        let name = parser.parse_identifier()?;
        let mut field = format!("{name} {}", nested_type(parser)?);
        if let Token::SingleQuotedString(comment) = parser.peek_token().token {
            parser.next_token();
            field.push_str(&format!(" '{}'", comment.replace('\'', "''")));
        }
        Ok(field)
    })?;
    Ok(custom("ROW", fields))
}

/// `MULTISET<type>` or `MULTISET(type)`.
fn parse_multiset_type(parser: &mut Parser) -> Result<DataType, ParserError> {
    parser.next_token();
    let mut element = in_brackets(parser, nested_type)?;
    if element.len() != 1 {
        return parser.expected("one element type", parser.peek_token());
    }
    Ok(custom("MULTISET", element.split_off(0)))
}

/// A type inside `ROW`/`MULTISET`, with Flink's `NOT NULL` / `NULL` after it.
fn nested_type(parser: &mut Parser) -> Result<String, ParserError> {
    let data_type = parser.parse_data_type()?;
    if parser.parse_keywords(&[Keyword::NOT, Keyword::NULL]) {
        Ok(format!("{data_type} NOT NULL"))
    } else {
        let _nullable = parser.parse_keyword(Keyword::NULL);
        Ok(data_type.to_string())
    }
}

/// Comma-separated items in `<…>` or `(…)`. A `>>` closing two levels reaches here as
/// two `>`: `flink::tokenize` splits it.
fn in_brackets<T>(
    parser: &mut Parser,
    item: impl FnMut(&mut Parser) -> Result<T, ParserError>,
) -> Result<Vec<T>, ParserError> {
    let close = if parser.consume_token(&Token::Lt) {
        Token::Gt
    } else {
        parser.expect_token(&Token::LParen)?;
        Token::RParen
    };
    let items = parser.parse_comma_separated(item)?;
    parser.expect_token(&close)?;
    Ok(items)
}

fn custom(name: &str, modifiers: Vec<String>) -> DataType {
    let modifiers = modifiers
        .into_iter()
        .map(|m| TypeModifier::Identifier(Ident::new(m)))
        .collect();
    DataType::Custom(ObjectName::from(vec![Ident::new(name)]), modifiers)
}

#[cfg(test)]
mod tests {
    use super::*;
    use sqlparser::tokenizer::{Token, Tokenizer};

    #[test]
    fn back_quotes_delimit_identifiers_and_single_quotes_strings() {
        let tokens = Tokenizer::new(&FlinkDialect, "`my-conn` 'it''s'")
            .tokenize()
            .unwrap();
        assert_eq!(tokens[0], Token::make_word("my-conn", Some('`')));
        assert_eq!(tokens[2], Token::SingleQuotedString("it's".into()));
    }
}
