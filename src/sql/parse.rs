//! Recognises the shell's own statements; classifies the rest.
//!
//! The leading words decide whether a statement is the shell's (SHOW CONNECTIONS, the
//! CONNECTION family, SET, RESET, USE, HELP, QUIT, EXIT). Those are parsed, as
//! DataFusion's `DFParser` parses its own statements, with sqlparser's `Parser` over the
//! Flink dialect's tokens (`flink::tokens`: as written, so `>>` stays one token in a
//! message), and one-line messages of the shell's own;
//! anything else is `Remote` and never fails, whatever sqlparser would make of it.

use sqlparser::keywords::Keyword;
use sqlparser::parser::Parser as SqlParser;
use sqlparser::tokenizer::{Location, Token, TokenWithSpan};

use super::flink::{FlinkParser, tokens};
use super::lex::{Kind, Lexer};
use super::{Command, ConnectionOptions, QualifiedName};
use crate::error::{Error, Result};

/// Parses one statement's text (as `split` returns it). Only the shell's own
/// statements can fail; anything else becomes `Command::Remote`. Error messages are
/// one line; positions in them (`at line L, column C`) count from the start of
/// `text`, and option values are never quoted in them.
pub fn parse(text: &str) -> Result<Command> {
    let words = leading_words(text, 6);
    let w: Vec<&str> = words.iter().map(String::as_str).collect();
    let verb = match w.as_slice() {
        ["SHOW", "CONNECTIONS", ..] => "SHOW CONNECTIONS",
        ["CREATE", "CONNECTION", ..] => "CREATE CONNECTION",
        ["DESCRIBE" | "DESC", "CONNECTION", ..] => "DESCRIBE CONNECTION",
        ["ALTER", "CONNECTION", ..] => "ALTER CONNECTION",
        ["DROP", "CONNECTION", ..] => "DROP CONNECTION",
        ["USE", "MODULES", ..] => return Ok(Command::Remote),
        ["SET", ..] => "SET",
        ["RESET", ..] => "RESET",
        ["USE", ..] => "USE",
        ["HELP", ..] => "HELP",
        ["QUIT", ..] => "QUIT",
        ["EXIT", ..] => "EXIT",
        _ => return Ok(Command::Remote),
    };
    let tokens = tokens(text).map_err(|e| {
        Error::statement(format!(
            "{verb}: {} at line {}, column {}",
            e.message.trim_end_matches('.'),
            e.location.line,
            e.location.column
        ))
    })?;
    let mut p = Parser {
        text,
        lines: line_starts(text),
        sql: FlinkParser::from_tokens(tokens).parser,
        verb,
        hide_values: false,
    };
    match verb {
        "SHOW CONNECTIONS" => p.show_connections(),
        "CREATE CONNECTION" => p.create_connection(),
        "DESCRIBE CONNECTION" => p.describe_connection(),
        "ALTER CONNECTION" => p.alter_connection(),
        "DROP CONNECTION" => p.drop_connection(),
        "SET" => p.set(),
        "RESET" => p.reset(),
        "USE" => p.use_(),
        "HELP" => p.bare(Command::Help),
        _ => p.bare(Command::Quit),
    }
}

/// The first `max` words, upper-cased, after leading comments and parentheses; stops
/// at the first token that is not a plain word.
fn leading_words(text: &str, max: usize) -> Vec<String> {
    let mut words = Vec::new();
    for lexeme in Lexer::new(text) {
        if lexeme.is_trivia() {
            continue;
        }
        match lexeme.kind {
            Kind::Other('(') if words.is_empty() => continue,
            Kind::Word if words.len() < max => {
                words.push(text[lexeme.range].to_ascii_uppercase());
            }
            _ => break,
        }
    }
    words
}

const OPTIONS: &str = "('key' = 'value', …)";

struct Parser<'a> {
    text: &'a str,
    lines: Vec<usize>,
    sql: SqlParser<'static>,
    verb: &'static str,
    /// Inside an option list: describe tokens without their text, which may be a secret.
    hide_values: bool,
}

fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

/// Whether `b` follows `a` with nothing between them.
fn glued(a: &TokenWithSpan, b: &TokenWithSpan) -> bool {
    a.span.end == b.span.start
}

impl Parser<'_> {
    /// The next token; `None` at the end of the statement.
    fn peek(&self) -> Option<&TokenWithSpan> {
        self.nth(0)
    }

    fn nth(&self, n: usize) -> Option<&TokenWithSpan> {
        let t = self.sql.peek_nth_token_ref(n);
        (t.token != Token::EOF).then_some(t)
    }

    fn peek_token(&self) -> Option<&Token> {
        self.peek().map(|t| &t.token)
    }

    /// Consumes `keyword` (an unquoted word, any case) when it comes next.
    fn keyword(&mut self, keyword: Keyword) -> bool {
        self.sql.parse_keyword(keyword)
    }

    fn expect_keyword(&mut self, keyword: Keyword, what: &str) -> Result<()> {
        if self.keyword(keyword) {
            Ok(())
        } else {
            Err(self.expected(what))
        }
    }

    fn punct(&mut self, token: &Token) -> bool {
        self.sql.consume_token(token)
    }

    /// Byte offset of a location sqlparser reports (1-based line, column in characters).
    fn offset(&self, loc: Location) -> usize {
        let line = usize::try_from(loc.line).unwrap_or(usize::MAX);
        let Some(&start) = line.checked_sub(1).and_then(|l| self.lines.get(l)) else {
            return self.text.len();
        };
        let column = usize::try_from(loc.column).unwrap_or(usize::MAX).max(1) - 1;
        self.text[start..]
            .char_indices()
            .nth(column)
            .map_or(self.text.len(), |(i, _)| start + i)
    }

    /// "found 'x' at line 1, column 5", or "found the end of the statement".
    fn found(&self) -> String {
        self.describe(self.peek())
    }

    fn describe(&self, tok: Option<&TokenWithSpan>) -> String {
        let Some(tok) = tok else {
            return "found the end of the statement".to_string();
        };
        let what = match &tok.token {
            Token::SingleQuotedString(_) => "a quoted string".to_string(),
            Token::Word(w) if self.hide_values => {
                if w.quote_style.is_some() {
                    "a quoted name".to_string()
                } else {
                    "a word".to_string()
                }
            }
            Token::Number(..) if self.hide_values => "a number".to_string(),
            Token::Word(w) if w.quote_style.is_none() => format!("'{}'", shorten(&w.value)),
            Token::Word(w) => format!("`{}`", shorten(&w.value)),
            Token::SemiColon => "';'".to_string(),
            other => {
                let s = other.to_string();
                if self.hide_values && s.chars().count() > 2 {
                    "a value".to_string()
                } else {
                    format!("'{}'", shorten(&s))
                }
            }
        };
        format!(
            "found {what} at line {}, column {}",
            tok.span.start.line, tok.span.start.column
        )
    }

    fn expected(&self, what: &str) -> Error {
        Error::statement(format!("{}: expected {what}, {}", self.verb, self.found()))
    }

    /// The statement must end here, with or without `;`.
    fn end(&mut self, after: &str) -> Result<()> {
        self.punct(&Token::SemiColon);
        if self.peek().is_none() {
            Ok(())
        } else {
            Err(Error::statement(format!(
                "{}: unexpected text after {after}, {}",
                self.verb,
                self.found()
            )))
        }
    }

    /// A `'…'` string: sqlparser's literal string, but only the quoted kind.
    fn string(&mut self, what: &str) -> Result<String> {
        match self.peek_token() {
            Some(Token::SingleQuotedString(_)) => self
                .sql
                .parse_literal_string()
                .map_err(|_| self.expected(what)),
            _ => Err(self.expected(what)),
        }
    }

    /// One part of a name: an identifier, back-quoted or not. Unquoted parts may hold
    /// `-` (`my-openai-connection`, as Confluent's examples write them) when nothing
    /// separates the pieces.
    fn name_part(&mut self, what: &str) -> Result<String> {
        let quoted = match self.peek_token() {
            Some(Token::Word(w)) => w.quote_style.is_some(),
            _ => return Err(self.expected(what)),
        };
        let mut value = self
            .sql
            .parse_identifier()
            .map_err(|_| self.expected(what))?
            .value;
        if quoted {
            return Ok(value);
        }
        loop {
            let last = self.sql.get_current_token().clone();
            let (Some(dash), Some(next)) = (self.nth(0), self.nth(1)) else {
                break;
            };
            if dash.token != Token::Minus || !glued(&last, dash) || !glued(dash, next) {
                break;
            }
            let mut piece = match &next.token {
                Token::Word(w) if w.quote_style.is_none() => w.value.clone(),
                Token::Number(n, false) => n.clone(),
                _ => break,
            };
            // `conn-2nd`: the tokenizer splits a number from the word after it.
            let number = matches!(next.token, Token::Number(..));
            let suffix = match self.nth(2) {
                Some(after) if number && glued(next, after) => match &after.token {
                    Token::Word(w) if w.quote_style.is_none() => Some(w.value.clone()),
                    _ => None,
                },
                _ => None,
            };
            self.sql.advance_token();
            self.sql.advance_token();
            if let Some(suffix) = suffix {
                piece.push_str(&suffix);
                self.sql.advance_token();
            }
            value.push('-');
            value.push_str(&piece);
        }
        Ok(value)
    }

    /// `[catalog.][database.]name`
    fn qualified_name(&mut self, what: &str) -> Result<QualifiedName> {
        let mut parts = vec![self.name_part(what)?];
        while self.punct(&Token::Period) {
            if parts.len() == 3 {
                return Err(Error::statement(format!(
                    "{}: a name has at most three parts (catalog.database.name), {}",
                    self.verb,
                    self.found()
                )));
            }
            parts.push(self.name_part("a name after '.'")?);
        }
        let name = parts.pop().unwrap_or_default();
        let database = parts.pop();
        let catalog = parts.pop();
        Ok(QualifiedName {
            catalog,
            database,
            name,
        })
    }

    fn if_exists(&mut self) -> Result<bool> {
        if self.keyword(Keyword::IF) {
            self.expect_keyword(Keyword::EXISTS, "EXISTS after IF")?;
            return Ok(true);
        }
        Ok(false)
    }

    /// `( 'key' = 'value' [, …] )`, keys lower-cased, each key once.
    fn options(&mut self, what: &str) -> Result<ConnectionOptions> {
        if !self.punct(&Token::LParen) {
            return Err(self.expected(what));
        }
        self.hide_values = true;
        let mut options: Vec<(String, String)> = Vec::new();
        loop {
            let key = self
                .string("a quoted option key like 'type'")?
                .trim()
                .to_lowercase();
            if !self.punct(&Token::Eq) {
                return Err(self.expected(&format!("= after the key '{}'", shorten(&key))));
            }
            let value = self.string(&format!("a quoted value after '{}' =", shorten(&key)))?;
            if options.iter().any(|(k, _)| *k == key) {
                return Err(Error::statement(format!(
                    "{}: option '{}' is given twice",
                    self.verb,
                    shorten(&key)
                )));
            }
            options.push((key, value));
            if self.punct(&Token::Comma) {
                continue;
            }
            if self.punct(&Token::RParen) {
                break;
            }
            return Err(self.expected("',' or ')' after an option"));
        }
        self.hide_values = false;
        Ok(ConnectionOptions(options))
    }

    /// Consumes the statement's first `n` words (already matched by `parse`).
    fn skip_words(&mut self, n: usize) {
        for _ in 0..n {
            self.sql.advance_token();
        }
    }

    fn show_connections(&mut self) -> Result<Command> {
        self.skip_words(2);
        let like = if self.keyword(Keyword::LIKE) {
            Some(self.string("a quoted pattern after LIKE")?)
        } else {
            None
        };
        self.end(if like.is_some() {
            "the LIKE pattern"
        } else {
            "SHOW CONNECTIONS"
        })?;
        Ok(Command::ShowConnections { like })
    }

    fn create_connection(&mut self) -> Result<Command> {
        self.skip_words(2);
        let if_not_exists = if self.keyword(Keyword::IF) {
            self.expect_keyword(Keyword::NOT, "NOT EXISTS after IF")?;
            self.expect_keyword(Keyword::EXISTS, "EXISTS after IF NOT")?;
            true
        } else {
            false
        };
        let name = self.qualified_name("a connection name")?;
        let comment = if self.keyword(Keyword::COMMENT) {
            Some(self.string("a quoted comment after COMMENT")?)
        } else {
            None
        };
        let after = if comment.is_some() {
            "the comment"
        } else {
            "the name"
        };
        if !self.keyword(Keyword::WITH) {
            return Err(self.expected(&format!("WITH {OPTIONS} after {after}")));
        }
        let options = self.options(&format!("{OPTIONS} after WITH"))?;
        self.end("the options")?;
        Ok(Command::CreateConnection {
            if_not_exists,
            name,
            comment,
            options,
        })
    }

    fn describe_connection(&mut self) -> Result<Command> {
        self.skip_words(2);
        let name = self.qualified_name("a connection name")?;
        self.end("the name")?;
        Ok(Command::DescribeConnection { name })
    }

    fn alter_connection(&mut self) -> Result<Command> {
        self.skip_words(2);
        let if_exists = self.if_exists()?;
        let name = self.qualified_name("a connection name")?;
        self.expect_keyword(Keyword::SET, &format!("SET {OPTIONS} after the name"))?;
        let options = self.options(&format!("{OPTIONS} after SET"))?;
        self.end("the options")?;
        Ok(Command::AlterConnection {
            if_exists,
            name,
            options,
        })
    }

    fn drop_connection(&mut self) -> Result<Command> {
        self.skip_words(2);
        let if_exists = self.if_exists()?;
        let name = self.qualified_name("a connection name")?;
        self.end("the name")?;
        Ok(Command::DropConnection { if_exists, name })
    }

    /// The rest of the statement's tokens, and apart from them its final `;`.
    fn rest(&mut self) -> (Vec<TokenWithSpan>, Option<TokenWithSpan>) {
        let mut tokens = Vec::new();
        while self.peek().is_some() {
            tokens.push(self.sql.next_token());
        }
        let semicolon = tokens.pop_if(|t| t.token == Token::SemiColon);
        (tokens, semicolon)
    }

    /// Tokens as one value: the string's content when they are a single quoted string,
    /// else the text as written.
    fn raw_value(&self, tokens: &[TokenWithSpan]) -> Option<String> {
        match tokens {
            [] => None,
            [
                TokenWithSpan {
                    token: Token::SingleQuotedString(s),
                    ..
                },
            ] => Some(s.clone()),
            [first, .., last] | [first @ last] => {
                let text = &self.text[self.offset(first.span.start)..self.offset(last.span.end)];
                Some(text.trim().to_string())
            }
        }
    }

    fn set(&mut self) -> Result<Command> {
        self.skip_words(1);
        let (body, semicolon) = self.rest();
        if body.is_empty() {
            return Ok(Command::Set {
                key: None,
                value: None,
            });
        }
        let Some(eq) = body.iter().position(|t| t.token == Token::Eq) else {
            return Err(Error::statement(format!(
                "SET: expected 'key' = 'value' (or SET alone to list the properties), {}",
                self.describe(semicolon.as_ref())
            )));
        };
        let key = self.raw_value(&body[..eq]).unwrap_or_default();
        if key.is_empty() {
            return Err(Error::statement(format!(
                "SET: expected a key before '=', {}",
                self.describe(body.get(eq))
            )));
        }
        let Some(value) = self.raw_value(&body[eq + 1..]) else {
            return Err(Error::statement(format!(
                "SET: expected a value after '{}' =",
                shorten(&key)
            )));
        };
        Ok(Command::Set {
            key: Some(key),
            value: Some(value),
        })
    }

    fn reset(&mut self) -> Result<Command> {
        self.skip_words(1);
        let (body, _) = self.rest();
        let key = self.raw_value(&body);
        Ok(Command::Reset { key })
    }

    fn use_(&mut self) -> Result<Command> {
        self.skip_words(1);
        if self.keyword(Keyword::CATALOG) {
            let catalog = self.name_part("a catalog name after USE CATALOG")?;
            self.end("the catalog name")?;
            return Ok(Command::UseCatalog { catalog });
        }
        let first = self.name_part("a database name (or CATALOG name) after USE")?;
        let (catalog, database) = if self.punct(&Token::Period) {
            let database = self.name_part("a database name after '.'")?;
            (Some(first), database)
        } else {
            (None, first)
        };
        self.end("the database name")?;
        Ok(Command::Use { catalog, database })
    }

    fn bare(&mut self, command: Command) -> Result<Command> {
        self.skip_words(1);
        self.end(self.verb)?;
        Ok(command)
    }
}

/// Text from the statement fit for a one-line message.
fn shorten(s: &str) -> String {
    let s = crate::util::one_line(s);
    if s.chars().count() > 40 {
        let cut: String = s.chars().take(37).collect();
        format!("{cut}...")
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(s: &str) -> QualifiedName {
        QualifiedName {
            catalog: None,
            database: None,
            name: s.to_string(),
        }
    }

    fn remote(sql: &str) {
        assert_eq!(parse(sql).unwrap(), Command::Remote, "{sql}");
    }

    #[test]
    fn debug_output_of_connection_commands_has_no_secret_values() {
        for sql in [
            "CREATE CONNECTION c WITH ('type' = 'openai', 'endpoint' = 'https://x', 'api-key' = 'sk-x')",
            "ALTER CONNECTION c SET ('api-key' = 'sk-x')",
        ] {
            let command = parse(sql).unwrap();
            let debug = format!("{command:?}");
            assert!(!debug.contains("sk-x"), "{debug}");
            assert!(debug.contains("\"api-key\""), "{debug}");
        }
        let Command::AlterConnection { options, .. } =
            parse("ALTER CONNECTION c SET ('token' = 't')").unwrap()
        else {
            panic!("not an ALTER");
        };
        assert_eq!(&*options, [("token".to_string(), "t".to_string())]);
    }

    #[test]
    fn other_statements_are_remote() {
        for sql in [
            "select 1",
            "-- c\n/* d */ (SELECT 1)",
            "create temporary table t (a int)",
            "CREATE OR REPLACE VIEW v AS SELECT 1",
            "CREATE OR REPLACE TEMPORARY SYSTEM FUNCTION f AS 'c'",
            "insert into t values (1)",
            "EXECUTE STATEMENT SET BEGIN INSERT INTO a SELECT 1; END;",
            "show tables",
            "SHOW CREATE TABLE t",
            "describe t",
            "USE MODULES core",
        ] {
            remote(sql);
        }
    }

    #[test]
    fn unparseable_flink_sql_is_remote() {
        remote(
            "CREATE TABLE t (ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND, r ROW<a INT>)",
        );
        remote("SELECT * FROM TABLE(TUMBLE(TABLE t, DESCRIPTOR(ts), INTERVAL '1' MINUTES))");
        remote("SELECT 'unterminated");
    }

    #[test]
    fn hyphenated_names_join_only_without_spaces() {
        assert_eq!(
            parse("DROP CONNECTION my-openai-conn-2nd;").unwrap(),
            Command::DropConnection {
                if_exists: false,
                name: name("my-openai-conn-2nd")
            }
        );
        assert!(parse("DROP CONNECTION my - conn").is_err());
    }

    #[test]
    fn set_with_unquoted_key_and_value() {
        assert_eq!(
            parse("SET sql.state-ttl = 1 h;").unwrap(),
            Command::Set {
                key: Some("sql.state-ttl".into()),
                value: Some("1 h".into())
            }
        );
        assert_eq!(
            parse("set 'a' = 'b''c'").unwrap(),
            Command::Set {
                key: Some("a".into()),
                value: Some("b'c".into())
            }
        );
    }

    #[test]
    fn option_errors_never_show_values() {
        let e = parse("CREATE CONNECTION c WITH ('api-key' = 'sk-123' 'sk-456')").unwrap_err();
        assert!(!e.message.contains("sk-"), "{}", e.message);
        let e = parse("CREATE CONNECTION c WITH ('api-key' = sk_secret)").unwrap_err();
        assert!(!e.message.contains("sk_secret"), "{}", e.message);
        assert!(
            e.message.contains("a quoted value after 'api-key' ="),
            "{}",
            e.message
        );
    }
}
