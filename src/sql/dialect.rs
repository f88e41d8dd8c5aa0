//! The Flink SQL dialect for sqlparser: back-quoted identifiers, `'` strings with `''`
//! escapes, identifiers as Flink's lexer (Calcite) reads them.

use sqlparser::dialect::Dialect;

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
