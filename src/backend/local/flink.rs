//! The Flink-flavoured statement layer: tokens over the shell's lexer, the classification of a
//! statement by its first words, and the parse of the few Flink statements SQLite does
//! not speak (CREATE TABLE … WITH, SHOW, DESCRIBE).

use crate::error::{Error, Result};
use crate::sql::lex::{Kind, Lexer};

pub const CATALOG: &str = "default_catalog";
pub const DATABASE: &str = "default_database";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tok {
    /// A bare word: keyword or identifier.
    Word,
    /// `` `name` `` or `"name"`.
    Quoted,
    /// `'text'`
    Str,
    Number,
    /// Any other character (`(`, `,`, `.`, `<`, …), one at a time.
    Punct,
}

#[derive(Debug, Clone, Copy)]
pub struct Token {
    pub kind: Tok,
    pub start: usize,
    pub end: usize,
}

/// The statement's tokens; comments and whitespace dropped, spans kept.
pub struct Tokens<'a> {
    pub src: &'a str,
    pub toks: Vec<Token>,
}

impl<'a> Tokens<'a> {
    pub fn new(src: &'a str) -> Self {
        Tokens {
            src,
            toks: tokenize(src),
        }
    }
    pub fn text(&self, i: usize) -> &'a str {
        self.toks
            .get(i)
            .map(|t| &self.src[t.start..t.end])
            .unwrap_or("")
    }
    /// True when token `i` is the (unquoted) keyword `kw`.
    pub fn is_kw(&self, i: usize, kw: &str) -> bool {
        self.toks.get(i).is_some_and(|t| t.kind == Tok::Word)
            && self.text(i).eq_ignore_ascii_case(kw)
    }
    /// Consumes the keywords `kws` at `*i` if they are all there (e.g. IF NOT EXISTS).
    pub fn eat_kws(&self, i: &mut usize, kws: &[&str]) -> bool {
        let all = kws.iter().enumerate().all(|(k, kw)| self.is_kw(*i + k, kw));
        if all {
            *i += kws.len();
        }
        all
    }
    pub fn is_punct(&self, i: usize, p: &str) -> bool {
        self.toks.get(i).is_some_and(|t| t.kind == Tok::Punct) && self.text(i) == p
    }
    /// Upper-cased words from `i` on, for matching statement heads.
    pub fn upper(&self, i: usize) -> String {
        self.text(i).to_ascii_uppercase()
    }
    /// An identifier's value: back-quotes or double quotes removed.
    pub fn ident(&self, i: usize) -> Option<String> {
        let t = self.toks.get(i)?;
        let raw = &self.src[t.start..t.end];
        match t.kind {
            Tok::Word => Some(raw.to_string()),
            Tok::Quoted => {
                let q = &raw[..1];
                Some(unquote(raw).replace(&format!("{q}{q}"), q))
            }
            _ => None,
        }
    }
    /// A string literal's value.
    pub fn string(&self, i: usize) -> Option<String> {
        let t = self.toks.get(i)?;
        (t.kind == Tok::Str).then(|| unquote(&self.src[t.start..t.end]).replace("''", "'"))
    }
    /// The source from token `i` to the end of the statement, trailing `;` dropped.
    pub fn rest(&self, i: usize) -> &'a str {
        match (self.toks.get(i), self.toks.last()) {
            (Some(first), Some(last)) => &self.src[first.start..last.end],
            _ => "",
        }
    }
    pub fn len(&self) -> usize {
        self.toks.len()
    }
}

/// The inside of a quoted token; an unterminated one runs to the end of the statement.
fn unquote(raw: &str) -> &str {
    let Some(q) = raw.chars().next() else {
        return raw;
    };
    let body = &raw[q.len_utf8()..];
    body.strip_suffix(q).unwrap_or(body)
}

/// The statement's tokens. Quotes, comments and whitespace (a no-break space included)
/// are found by the shell's one lexer, `sql::lex`, so this engine reads a statement as
/// the splitter and the highlighter do; each run of other characters is then cut into
/// numbers, words and punctuation as SQLite reads them.
fn tokenize(src: &str) -> Vec<Token> {
    let mut toks = Vec::new();
    let mut run: Option<(usize, usize)> = None;
    for lexeme in Lexer::new(src) {
        let (start, end) = (lexeme.range.start, lexeme.range.end);
        let kind = match lexeme.kind {
            Kind::Word | Kind::Other(_) => {
                run = Some(run.map_or((start, end), |(s, _)| (s, end)));
                continue;
            }
            Kind::String { .. } => Some(Tok::Str),
            Kind::DoubleQuoted { .. } | Kind::BackQuoted { .. } => Some(Tok::Quoted),
            Kind::Semicolon => Some(Tok::Punct),
            Kind::Space | Kind::LineComment | Kind::BlockComment { .. } => None,
        };
        if let Some((s, e)) = run.take() {
            scan_code(src, s, e, &mut toks);
        }
        if let Some(kind) = kind {
            toks.push(Token { kind, start, end });
        }
    }
    if let Some((s, e)) = run {
        scan_code(src, s, e, &mut toks);
    }
    // A trailing `;` is the end of the statement, not part of it.
    while toks
        .last()
        .is_some_and(|t| t.kind == Tok::Punct && &src[t.start..t.end] == ";")
    {
        toks.pop();
    }
    toks
}

/// Cuts `src[from..to]`, which holds no quote, comment or whitespace, into tokens.
fn scan_code(src: &str, from: usize, to: usize, toks: &mut Vec<Token>) {
    let bytes = &src.as_bytes()[..to];
    let mut i = from;
    while i < to {
        let c = bytes[i];
        let start = i;
        let kind = match c {
            b'0'..=b'9' => {
                while i < to && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'.') {
                    i += 1;
                }
                Tok::Number
            }
            c if c.is_ascii_alphabetic() || c == b'_' || c >= 0x80 => {
                while i < to
                    && (bytes[i].is_ascii_alphanumeric()
                        || bytes[i] == b'_'
                        || bytes[i] == b'$'
                        || bytes[i] >= 0x80)
                {
                    i += 1;
                }
                Tok::Word
            }
            _ => {
                // One whole character, even when it is not ASCII.
                i += src[i..].chars().next().map_or(1, char::len_utf8);
                Tok::Punct
            }
        };
        toks.push(Token {
            kind,
            start,
            end: i.min(to),
        });
    }
}

/// The deepest parenthesis nesting the local engine takes: SQLite's own limit on
/// expression depth, so its parser never gives up on a statement with a bare
/// "Recursion limit".
pub const MAX_NESTING: usize = 1000;

/// Refuses a statement whose parentheses nest deeper than `MAX_NESTING`.
pub fn check_nesting(t: &Tokens) -> Result<()> {
    let mut depth = 0usize;
    for i in 0..t.len() {
        if t.is_punct(i, "(") {
            depth += 1;
            if depth > MAX_NESTING {
                return Err(Error::statement(format!(
                    "the statement is nested too deeply (limit {MAX_NESTING} parentheses); simplify it"
                )));
            }
        } else if t.is_punct(i, ")") {
            depth = depth.saturating_sub(1);
        }
    }
    Ok(())
}

/// Reads `[catalog.][database.]name` at `*i`: the name's parts as written (Flink
/// identifiers are case-sensitive), resolved later against the current catalog.
pub fn object_path(t: &Tokens, i: &mut usize) -> Result<Vec<String>> {
    let mut parts = Vec::new();
    loop {
        let part = t.ident(*i).ok_or_else(|| {
            Error::statement(format!("expected a table name at '{}'", t.text(*i)))
        })?;
        parts.push(part);
        *i += 1;
        if t.is_punct(*i, ".") {
            *i += 1;
        } else {
            break;
        }
    }
    if parts.len() > 3 {
        return Err(Error::statement(format!(
            "'{}' has more than three parts; name a table as catalog.database.table",
            parts.join(".")
        )));
    }
    Ok(parts)
}

pub fn cannot(what: &str) -> Error {
    Error::statement(format!(
        "the local backend cannot run {what}; use --url for Confluent Cloud"
    ))
}

/// One column of a CREATE TABLE.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnDef {
    pub name: String,
    /// The type as written; empty for a computed column (its type is its expression's).
    pub flink_type: String,
    pub nullable: bool,
    pub comment: Option<String>,
    /// A computed column's expression (`c AS a * b`), as written.
    pub computed: Option<String>,
}

/// What a `CREATE TABLE` says, parsed far enough to store it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CreateTable {
    pub temporary: bool,
    pub if_not_exists: bool,
    /// The table's name as written: one to three parts.
    pub path: Vec<String>,
    pub columns: Vec<ColumnDef>,
    pub primary_key: Vec<String>,
    pub watermark: Option<(String, String)>,
    pub comment: Option<String>,
    pub partitioned_by: Vec<String>,
    pub options: Vec<(String, String)>,
    /// `AS <query>`: the query's source text, as written.
    pub as_query: Option<String>,
    /// `LIKE source [(INCLUDING|EXCLUDING|OVERWRITING ALL|CONSTRAINTS|…, …)]`: the
    /// source's path and each option, upper-cased (`["EXCLUDING", "OPTIONS"]`).
    pub like: Option<(Vec<String>, Vec<[String; 2]>)>,
}

/// Parses `CREATE [TEMPORARY] TABLE …`.
pub fn parse_create_table(t: &Tokens) -> Result<CreateTable> {
    let mut ct = CreateTable {
        temporary: t.is_kw(1, "TEMPORARY"),
        ..CreateTable::default()
    };
    let mut i = if ct.temporary { 3 } else { 2 };
    ct.if_not_exists = t.eat_kws(&mut i, &["IF", "NOT", "EXISTS"]);
    ct.path = object_path(t, &mut i)?;
    if t.is_punct(i, "(") {
        i += 1;
        parse_table_elements(t, &mut i, &mut ct)?;
    }
    while i < t.len() {
        if t.is_kw(i, "COMMENT") {
            ct.comment = Some(expect_string(t, i + 1)?);
            i += 2;
        } else if t.is_kw(i, "PARTITIONED") && t.is_kw(i + 1, "BY") {
            i += 2;
            ct.partitioned_by = ident_list(t, &mut i)?;
        } else if t.is_kw(i, "WITH") && t.is_punct(i + 1, "(") {
            i += 2;
            ct.options = parse_options(t, &mut i)?;
        } else if t.is_kw(i, "AS") {
            ct.as_query = Some(t.rest(i + 1).to_string());
            i = t.len();
        } else if t.is_kw(i, "LIKE") {
            i += 1;
            let source = object_path(t, &mut i)?;
            let mut options = Vec::new();
            if t.is_punct(i, "(") {
                i += 1;
                while !t.is_punct(i, ")") {
                    if t.is_punct(i, ",") {
                        i += 1;
                        continue;
                    }
                    let (how, what) = (t.upper(i), t.upper(i + 1));
                    let known_how =
                        ["INCLUDING", "EXCLUDING", "OVERWRITING"].contains(&how.as_str());
                    let known_what = [
                        "ALL",
                        "CONSTRAINTS",
                        "GENERATED",
                        "METADATA",
                        "OPTIONS",
                        "PARTITIONS",
                        "WATERMARKS",
                    ]
                    .contains(&what.as_str());
                    if !known_how || !known_what {
                        return Err(Error::statement(format!(
                            "unexpected '{}' in the LIKE options; expected INCLUDING, EXCLUDING \
                             or OVERWRITING and ALL, CONSTRAINTS, GENERATED, METADATA, OPTIONS, \
                             PARTITIONS or WATERMARKS",
                            t.text(if known_how { i + 1 } else { i })
                        )));
                    }
                    options.push([how, what]);
                    i += 2;
                }
                i += 1;
            }
            ct.like = Some((source, options));
        } else if t.is_kw(i, "DISTRIBUTED") {
            // Confluent's DISTRIBUTED BY … INTO n BUCKETS has no meaning locally.
            i += 1;
            while i < t.len() && !t.is_kw(i, "WITH") && !t.is_kw(i, "AS") {
                i += 1;
            }
        } else {
            return Err(Error::statement(format!(
                "unexpected '{}' in CREATE TABLE; expected COMMENT, PARTITIONED BY, WITH (…) or AS",
                t.text(i)
            )));
        }
    }
    if ct.columns.is_empty()
        && ct.as_query.is_none()
        && ct.like.is_none()
        && ct.watermark.is_none()
        && ct.primary_key.is_empty()
    {
        return Err(Error::statement(format!(
            "CREATE TABLE {} needs columns (… (name TYPE, …)) or AS a query",
            ct.path.join(".")
        )));
    }
    Ok(ct)
}

fn expect_string(t: &Tokens, i: usize) -> Result<String> {
    t.string(i)
        .ok_or_else(|| Error::statement(format!("expected a quoted string at '{}'", t.text(i))))
}

/// `(a, b, …)` at `*i`, returning the identifiers.
fn ident_list(t: &Tokens, i: &mut usize) -> Result<Vec<String>> {
    if !t.is_punct(*i, "(") {
        return Err(Error::statement(format!(
            "expected '(' at '{}'",
            t.text(*i)
        )));
    }
    *i += 1;
    let mut out = Vec::new();
    loop {
        let name = t.ident(*i).ok_or_else(|| {
            Error::statement(format!("expected a column name at '{}'", t.text(*i)))
        })?;
        out.push(name);
        *i += 1;
        if t.is_punct(*i, ",") {
            *i += 1;
        } else if t.is_punct(*i, ")") {
            *i += 1;
            return Ok(out);
        } else {
            return Err(Error::statement(format!(
                "expected ',' or ')' at '{}'",
                t.text(*i)
            )));
        }
    }
}

/// `'k' = 'v', …)` after `WITH (`.
pub fn parse_options(t: &Tokens, i: &mut usize) -> Result<Vec<(String, String)>> {
    let mut out = Vec::new();
    if t.is_punct(*i, ")") {
        *i += 1;
        return Ok(out);
    }
    loop {
        let key = expect_string(t, *i)?;
        if !t.is_punct(*i + 1, "=") {
            return Err(Error::statement(format!(
                "expected '=' after '{key}' in WITH (…)"
            )));
        }
        let value = expect_string(t, *i + 2)?;
        out.push((key, value));
        *i += 3;
        if t.is_punct(*i, ",") {
            *i += 1;
        } else if t.is_punct(*i, ")") {
            *i += 1;
            return Ok(out);
        } else {
            return Err(Error::statement(format!(
                "expected ',' or ')' in WITH (…) at '{}'",
                t.text(*i)
            )));
        }
    }
}

const TYPE_KEYWORDS: &[&str] = &[
    "STRING",
    "VARCHAR",
    "CHAR",
    "CHARACTER",
    "VARYING",
    "BOOLEAN",
    "BYTES",
    "BINARY",
    "VARBINARY",
    "DECIMAL",
    "DEC",
    "NUMERIC",
    "TINYINT",
    "SMALLINT",
    "INT",
    "INTEGER",
    "BIGINT",
    "FLOAT",
    "DOUBLE",
    "PRECISION",
    "REAL",
    "DATE",
    "TIME",
    "TIMESTAMP",
    "TIMESTAMP_LTZ",
    "WITH",
    "WITHOUT",
    "LOCAL",
    "ZONE",
    "INTERVAL",
    "ARRAY",
    "MULTISET",
    "MAP",
    "ROW",
    "RAW",
    "YEAR",
    "MONTH",
    "DAY",
    "HOUR",
    "MINUTE",
    "SECOND",
    "TO",
    "NOT",
    "NULL",
];

/// The column definitions and table constraints inside `( … )`.
fn parse_table_elements(t: &Tokens, i: &mut usize, ct: &mut CreateTable) -> Result<()> {
    loop {
        if t.is_kw(*i, "WATERMARK") && t.is_kw(*i + 1, "FOR") {
            let col = t.ident(*i + 2).ok_or_else(|| {
                Error::statement("expected a column name after WATERMARK FOR".to_string())
            })?;
            if !t.is_kw(*i + 3, "AS") {
                return Err(Error::statement(format!(
                    "expected AS after WATERMARK FOR {col}"
                )));
            }
            *i += 4;
            let start = *i;
            skip_to_element_end(t, i);
            let expr = span(t, start, *i);
            ct.watermark = Some((col, expr));
        } else if t.is_kw(*i, "PRIMARY") || t.is_kw(*i, "CONSTRAINT") {
            if t.is_kw(*i, "CONSTRAINT") {
                *i += 2;
            }
            if !(t.is_kw(*i, "PRIMARY") && t.is_kw(*i + 1, "KEY")) {
                return Err(Error::statement(format!(
                    "expected PRIMARY KEY at '{}'",
                    t.text(*i)
                )));
            }
            *i += 2;
            ct.primary_key = ident_list(t, i)?;
            if t.is_kw(*i, "NOT") && t.is_kw(*i + 1, "ENFORCED") {
                *i += 2;
            }
        } else {
            parse_column(t, i, ct)?;
        }
        if t.is_punct(*i, ",") {
            *i += 1;
        } else if t.is_punct(*i, ")") {
            *i += 1;
            return Ok(());
        } else {
            return Err(Error::statement(format!(
                "expected ',' or ')' in the column list at '{}'",
                t.text(*i)
            )));
        }
    }
}

/// Moves `*i` to the `,` or `)` that ends a table element at nesting depth 0.
fn skip_to_element_end(t: &Tokens, i: &mut usize) {
    let mut depth = 0i32;
    while *i < t.len() {
        if t.toks[*i].kind == Tok::Punct {
            match t.text(*i) {
                "(" | "<" => depth += 1,
                ">" => depth -= 1,
                ")" if depth == 0 => return,
                ")" => depth -= 1,
                "," if depth == 0 => return,
                _ => {}
            }
        }
        *i += 1;
    }
}

fn span(t: &Tokens, from: usize, to: usize) -> String {
    if from >= to {
        return String::new();
    }
    t.src[t.toks[from].start..t.toks[to - 1].end].to_string()
}

fn parse_column(t: &Tokens, i: &mut usize, ct: &mut CreateTable) -> Result<()> {
    let name = t
        .ident(*i)
        .ok_or_else(|| Error::statement(format!("expected a column name at '{}'", t.text(*i))))?;
    *i += 1;
    if t.is_kw(*i, "AS") {
        *i += 1;
        let start = *i;
        skip_to_element_end(t, i);
        // A trailing COMMENT belongs to the column, not the expression.
        let mut end = *i;
        let mut comment = None;
        if end >= start + 2 && t.is_kw(end - 2, "COMMENT") && t.string(end - 1).is_some() {
            comment = t.string(end - 1);
            end -= 2;
        }
        let expr = span(t, start, end);
        if expr.is_empty() {
            return Err(Error::statement(format!(
                "computed column {name} needs an expression after AS"
            )));
        }
        return push_column(
            ct,
            ColumnDef {
                name,
                flink_type: String::new(),
                nullable: true,
                comment,
                computed: Some(expr),
            },
        );
    }
    let type_start = *i;
    let mut depth = 0i32;
    while *i < t.len() {
        if depth == 0
            && [
                "NOT",
                "NULL",
                "PRIMARY",
                "COMMENT",
                "METADATA",
                "CONSTRAINT",
            ]
            .iter()
            .any(|kw| t.is_kw(*i, kw))
        {
            break;
        }
        if t.toks[*i].kind == Tok::Punct {
            match t.text(*i) {
                "(" | "<" => depth += 1,
                ">" => depth -= 1,
                ")" if depth == 0 => break,
                ")" => depth -= 1,
                "," if depth == 0 => break,
                _ => {}
            }
        }
        *i += 1;
    }
    if *i == type_start {
        return Err(Error::statement(format!("column {name} needs a type")));
    }
    let flink_type = normalize_type(t, type_start, *i);
    if crate::types::type_too_deep(&flink_type) {
        return Err(Error::statement(format!(
            "the type of column {name} nests more than {} levels deep; flatten it",
            crate::types::MAX_TYPE_DEPTH
        )));
    }
    let mut nullable = true;
    let mut comment = None;
    loop {
        if t.is_kw(*i, "NOT") && t.is_kw(*i + 1, "NULL") {
            nullable = false;
            *i += 2;
        } else if t.is_kw(*i, "NULL") {
            *i += 1;
        } else if t.is_kw(*i, "PRIMARY") && t.is_kw(*i + 1, "KEY") {
            *i += 2;
            if t.is_kw(*i, "NOT") && t.is_kw(*i + 1, "ENFORCED") {
                *i += 2;
            }
            ct.primary_key = vec![name.clone()];
            nullable = false;
        } else if t.is_kw(*i, "COMMENT") {
            comment = Some(expect_string(t, *i + 1)?);
            *i += 2;
        } else if t.is_kw(*i, "METADATA") {
            return Err(cannot(&format!("metadata columns ({name} … METADATA)")));
        } else {
            break;
        }
    }
    push_column(
        ct,
        ColumnDef {
            name,
            flink_type,
            nullable,
            comment,
            computed: None,
        },
    )
}

fn push_column(ct: &mut CreateTable, c: ColumnDef) -> Result<()> {
    // SQLite's column names are case-insensitive, so `a` and `A` cannot both be stored.
    if ct
        .columns
        .iter()
        .any(|k| k.name.eq_ignore_ascii_case(&c.name))
    {
        return Err(Error::statement(format!(
            "column {} is declared twice in CREATE TABLE {}",
            c.name,
            ct.path.join(".")
        )));
    }
    ct.columns.push(c);
    Ok(())
}

/// A type as written, keywords upper-cased and spacing made regular:
/// `row< a int,b string >` → `ROW<a INT, b STRING>`.
pub fn normalize_type(t: &Tokens, from: usize, to: usize) -> String {
    let mut out = String::new();
    let mut prev_word = false;
    for k in from..to {
        let tok = t.toks[k];
        let text = t.text(k);
        match tok.kind {
            Tok::Punct => {
                out.push_str(text);
                if text == "," {
                    out.push(' ');
                }
                // `TIMESTAMP(3) WITH …`: a word after a closing bracket is spaced too.
                prev_word = text == ")" || text == ">";
            }
            _ => {
                if prev_word {
                    out.push(' ');
                }
                if tok.kind == Tok::Word
                    && TYPE_KEYWORDS.iter().any(|kw| kw.eq_ignore_ascii_case(text))
                {
                    out.push_str(&text.to_ascii_uppercase());
                } else {
                    out.push_str(text);
                }
                prev_word = true;
            }
        }
    }
    out
}

/// Quotes an identifier for SQLite.
pub fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Quotes an identifier the Flink way, for SHOW CREATE TABLE.
pub fn backquote(name: &str) -> String {
    format!("`{}`", name.replace('`', "``"))
}

/// A string literal.
pub fn literal(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokenizes_quotes_comments_and_trailing_semicolons() {
        let t = Tokens::new("SELECT 'it''s' -- c\n, `a b` /* x */ ;  ");
        let texts: Vec<_> = (0..t.len()).map(|i| t.text(i)).collect();
        assert_eq!(texts, vec!["SELECT", "'it''s'", ",", "`a b`"]);
        assert_eq!(t.string(1).as_deref(), Some("it's"));
        assert_eq!(t.ident(3).as_deref(), Some("a b"));
    }

    #[test]
    fn parses_a_flink_create_table() {
        let t = Tokens::new(
            "CREATE TABLE IF NOT EXISTS default_catalog.default_database.orders (\n\
               id BIGINT NOT NULL COMMENT 'the id',\n\
               tags ARRAY<STRING NOT NULL>,\n\
               nested row<a int,b map<string, int>>,\n\
               ts TIMESTAMP(3) WITH LOCAL TIME ZONE,\n\
               WATERMARK FOR ts AS ts - INTERVAL '5' SECOND,\n\
               PRIMARY KEY (id) NOT ENFORCED\n\
             ) COMMENT 'orders' PARTITIONED BY (id) WITH ('connector' = 'kafka', 'topic'='o');",
        );
        let ct = parse_create_table(&t).unwrap();
        assert!(ct.if_not_exists);
        assert_eq!(
            ct.path,
            vec!["default_catalog", "default_database", "orders"]
        );
        let types: Vec<_> = ct.columns.iter().map(|c| c.flink_type.as_str()).collect();
        assert_eq!(
            types,
            vec![
                "BIGINT",
                "ARRAY<STRING NOT NULL>",
                "ROW<a INT, b MAP<STRING, INT>>",
                "TIMESTAMP(3) WITH LOCAL TIME ZONE"
            ]
        );
        assert!(!ct.columns[0].nullable);
        assert_eq!(ct.columns[0].comment.as_deref(), Some("the id"));
        assert_eq!(ct.primary_key, vec!["id"]);
        assert_eq!(
            ct.watermark,
            Some(("ts".into(), "ts - INTERVAL '5' SECOND".into()))
        );
        assert_eq!(ct.partitioned_by, vec!["id"]);
        assert_eq!(
            ct.options,
            vec![
                ("connector".into(), "kafka".into()),
                ("topic".into(), "o".into())
            ]
        );
    }

    #[test]
    fn refuses_types_nested_too_deeply() {
        let deep = format!("{}INT{}", "ARRAY<".repeat(10_000), ">".repeat(10_000));
        let sql = format!("CREATE TABLE t (id INT, tags {deep})");
        let t = Tokens::new(&sql);
        let err = parse_create_table(&t).err().unwrap().to_string();
        assert_eq!(
            err,
            "the type of column tags nests more than 64 levels deep; flatten it"
        );
        let ok = format!("{}INT{}", "ARRAY<".repeat(63), ">".repeat(63));
        let sql = format!("CREATE TABLE t (tags {ok})");
        let t = Tokens::new(&sql);
        assert_eq!(parse_create_table(&t).unwrap().columns[0].flink_type, ok);
    }

    proptest::proptest! {
        #[test]
        fn never_panics_on_any_text(src in "\\PC{0,80}", tail in "[`'\"(<),. a-zA-Z_é]{0,20}") {
            for text in [src.clone(), format!("CREATE TABLE t ({src}{tail}"), format!("{src}{tail}")] {
                let t = Tokens::new(&text);
                let _ = parse_create_table(&t);
                for i in 0..t.len() + 2 {
                    let _ = (t.ident(i), t.string(i), t.text(i), t.rest(i));
                }
            }
        }
    }

    #[test]
    fn unterminated_quotes_do_not_panic() {
        for src in ["`", "'", "\"", "`é", "'abc"] {
            let t = Tokens::new(src);
            let _ = (t.ident(0), t.string(0));
        }
        assert_eq!(Tokens::new("'abc").string(0).as_deref(), Some("abc"));
    }

    #[test]
    fn parses_computed_columns_with_comments() {
        let t = Tokens::new(
            "CREATE TABLE t (a INT, b DECIMAL(10, 2), c AS a * b COMMENT 'total', \
             d AS UPPER(CAST(a AS STRING)))",
        );
        let ct = parse_create_table(&t).unwrap();
        assert_eq!(ct.columns[2].computed.as_deref(), Some("a * b"));
        assert_eq!(ct.columns[2].comment.as_deref(), Some("total"));
        assert_eq!(
            ct.columns[3].computed.as_deref(),
            Some("UPPER(CAST(a AS STRING))")
        );
    }
}
