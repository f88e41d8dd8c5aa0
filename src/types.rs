//! Flink type names (`INT`, `STRING`, `DECIMAL(10, 2)`, `ARRAY<INT>`) and the sql/v1 API's
//! `DataType` JSON form of them, in both directions: the cloud client prints what the
//! server describes, and `flinksh serve` describes what the local engine declares.

use crate::sql::lex::{Kind, Lexer};
use serde::{Deserialize, Serialize};

/// `ColumnDetails`: one column of a result schema.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnDetails {
    pub name: String,
    #[serde(rename = "type")]
    pub data_type: DataType,
}

/// Flink's `TableSchema` JSON form of a logical type (the contract's `DataType`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct DataType {
    #[serde(rename = "type", default)]
    pub type_root: String,
    #[serde(default = "yes")]
    pub nullable: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub length: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub precision: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_type: Option<Box<DataType>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_type: Option<Box<DataType>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub element_type: Option<Box<DataType>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<RowField>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolution: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fractional_precision: Option<i64>,
}

fn yes() -> bool {
    true
}

/// `RowFieldType`: one field of a ROW.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowField {
    pub name: String,
    pub field_type: DataType,
}

/// The length Flink gives STRING and BYTES (`VARCHAR(2147483647)`).
pub const MAX_LENGTH: i64 = i32::MAX as i64;

impl DataType {
    fn root(type_root: &str) -> Self {
        DataType {
            type_root: type_root.to_string(),
            nullable: true,
            ..DataType::default()
        }
    }
}

/// Flink's summary string for a logical type, e.g. `STRING`, `DECIMAL(10, 2)`,
/// `ROW<`a` INT, `b` STRING>`, `INT NOT NULL`.
pub fn type_name(t: &DataType) -> String {
    let base = base_type_name(t);
    if t.nullable {
        base
    } else {
        format!("{base} NOT NULL")
    }
}

fn base_type_name(t: &DataType) -> String {
    let root = t.type_root.to_ascii_uppercase();
    let inner = |d: &Option<Box<DataType>>| d.as_deref().map(type_name).unwrap_or_default();
    let with_len = |name: &str, max_name: &str| match t.length {
        Some(n) if n == MAX_LENGTH && !max_name.is_empty() => max_name.to_string(),
        Some(n) => format!("{name}({n})"),
        None => name.to_string(),
    };
    let with_precision = |name: &str, suffix: &str| match t.precision {
        Some(p) => format!("{name}({p}){suffix}"),
        None => format!("{name}{suffix}"),
    };
    match root.as_str() {
        "VARCHAR" => with_len("VARCHAR", "STRING"),
        "CHAR" => with_len("CHAR", ""),
        "VARBINARY" => with_len("VARBINARY", "BYTES"),
        "BINARY" => with_len("BINARY", ""),
        "INTEGER" => "INT".to_string(),
        "DECIMAL" => format!(
            "DECIMAL({}, {})",
            t.precision.unwrap_or(10),
            t.scale.unwrap_or(0)
        ),
        "TIME_WITHOUT_TIME_ZONE" => with_precision("TIME", ""),
        "TIMESTAMP_WITHOUT_TIME_ZONE" => with_precision("TIMESTAMP", ""),
        "TIMESTAMP_WITH_TIME_ZONE" => with_precision("TIMESTAMP", " WITH TIME ZONE"),
        "TIMESTAMP_WITH_LOCAL_TIME_ZONE" => with_precision("TIMESTAMP_LTZ", ""),
        "INTERVAL_YEAR_MONTH" | "INTERVAL_DAY_TIME" => match &t.resolution {
            Some(r) => interval_name(r, t.precision, t.fractional_precision),
            None => root.replace('_', " "),
        },
        "ARRAY" => format!("ARRAY<{}>", inner(&t.element_type)),
        "MULTISET" => format!("MULTISET<{}>", inner(&t.element_type)),
        "MAP" => format!("MAP<{}, {}>", inner(&t.key_type), inner(&t.value_type)),
        "ROW" => {
            let fields: Vec<String> = t
                .fields
                .iter()
                .map(|f| {
                    format!(
                        "`{}` {}",
                        f.name.replace('`', "``"),
                        type_name(&f.field_type)
                    )
                })
                .collect();
            format!("ROW<{}>", fields.join(", "))
        }
        _ => root,
    }
}

/// Flink's name of an interval type of resolution `r` (`DAY_TO_SECOND`): the leading
/// YEAR or DAY with its precision, SECOND with its fractional precision, when known
/// (`INTERVAL DAY(2) TO SECOND(3)`, `INTERVAL SECOND(3)`, `INTERVAL MONTH`).
fn interval_name(r: &str, precision: Option<i64>, fractional: Option<i64>) -> String {
    let words: Vec<String> = r
        .split('_')
        .enumerate()
        .map(|(i, w)| match (w, precision, fractional) {
            ("YEAR" | "DAY", Some(p), _) if i == 0 => format!("{w}({p})"),
            ("SECOND", _, Some(f)) => format!("{w}({f})"),
            _ => w.to_string(),
        })
        .collect();
    format!("INTERVAL {}", words.join(" "))
}

/// The `DataType` of a Flink type name as a user declares it (`int`, `STRING NOT NULL`,
/// `DECIMAL(10, 2)`, `ARRAY<INT>`, `INT ARRAY`, `ROW<a INT, b STRING>`). A name this
/// does not understand is kept whole, upper-cased, as the type root, so `type_name`
/// gives it back unchanged.
///
/// A type nested deeper than `MAX_TYPE_DEPTH` is kept whole the same way, so neither
/// parsing nor printing nor dropping it recurses without bound.
pub fn parse_type_name(text: &str) -> DataType {
    let mut p = Parser::new(text);
    match p.data_type() {
        Some(t) if p.pos == p.tokens.len() => t,
        _ => DataType::root(&text.trim().to_ascii_uppercase()),
    }
}

/// How deeply a type may nest (`ARRAY<ARRAY<…>>`, `INT ARRAY ARRAY`, ROW in ROW).
/// Flink itself has no such limit, but nothing real comes close, and without one a
/// crafted type would overflow the stack of whoever parses or prints it.
pub const MAX_TYPE_DEPTH: usize = 64;

/// Whether the type `text` nests deeper than `MAX_TYPE_DEPTH` levels.
pub fn type_too_deep(text: &str) -> bool {
    let mut p = Parser::new(text);
    let _ = p.data_type();
    p.too_deep
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Word(String),
    Quoted(String),
    Number(i64),
    Punct(char),
    Text,
}

/// Quotes and whitespace as the shell's lexer (`sql::lex`) finds them; each run of
/// other characters cut into ASCII words, numbers and single characters.
fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut run: Option<(usize, usize)> = None;
    for lexeme in Lexer::new(text) {
        let range = lexeme.range;
        if matches!(lexeme.kind, Kind::Word | Kind::Other(_)) {
            run = Some(run.map_or((range.start, range.end), |(s, _)| (s, range.end)));
            continue;
        }
        if let Some((from, to)) = run.take() {
            code(&text[from..to], &mut out);
        }
        let raw = &text[range];
        match lexeme.kind {
            Kind::DoubleQuoted { closed } | Kind::BackQuoted { closed } => {
                out.push(Token::Quoted(unquote(raw, closed)));
            }
            // A field description: it is not part of the type.
            Kind::String { .. } => out.push(Token::Text),
            Kind::Semicolon => out.push(Token::Punct(';')),
            _ => {}
        }
    }
    if let Some((from, to)) = run {
        code(&text[from..to], &mut out);
    }
    out
}

/// A quoted name's content: without its quotes, a doubled quote made one.
fn unquote(raw: &str, closed: bool) -> String {
    let mut chars = raw.chars();
    let Some(q) = chars.next() else {
        return String::new();
    };
    let body = chars.as_str();
    let body = if closed {
        body.strip_suffix(q).unwrap_or(body)
    } else {
        body
    };
    body.replace(&format!("{q}{q}"), &q.to_string())
}

/// Tokens of a run without quotes or whitespace.
fn code(run: &str, out: &mut Vec<Token>) {
    let chars: Vec<char> = run.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            out.push(Token::Word(chars[start..i].iter().collect()));
        } else if c.is_ascii_digit() {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
            let digits: String = chars[start..i].iter().collect();
            // A number too large for any length or precision makes the name unknown.
            out.push(match digits.parse() {
                Ok(n) => Token::Number(n),
                Err(_) => Token::Punct('?'),
            });
        } else {
            out.push(Token::Punct(c));
            i += 1;
        }
    }
}

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
    /// How many `data_type` calls are running.
    depth: usize,
    /// Levels in the type the last `data_type` call returned (a scalar is 1).
    height: usize,
    too_deep: bool,
}

impl Parser {
    fn new(text: &str) -> Self {
        Parser {
            tokens: tokenize(text),
            pos: 0,
            depth: 0,
            height: 0,
            too_deep: false,
        }
    }

    /// Gives up on the whole type once it nests too deeply.
    fn check_depth(&mut self, levels: usize) -> Option<()> {
        if levels > MAX_TYPE_DEPTH {
            self.too_deep = true;
            return None;
        }
        Some(())
    }

    fn peek_word(&self, word: &str) -> bool {
        matches!(self.tokens.get(self.pos), Some(Token::Word(w)) if w.eq_ignore_ascii_case(word))
    }

    fn eat_word(&mut self, word: &str) -> bool {
        let yes = self.peek_word(word);
        if yes {
            self.pos += 1;
        }
        yes
    }

    fn eat_words(&mut self, words: &[&str]) -> bool {
        let all = words.iter().enumerate().all(|(k, w)| {
            matches!(self.tokens.get(self.pos + k), Some(Token::Word(t)) if t.eq_ignore_ascii_case(w))
        });
        if all {
            self.pos += words.len();
        }
        all
    }

    fn eat(&mut self, c: char) -> bool {
        let yes = self.tokens.get(self.pos) == Some(&Token::Punct(c));
        if yes {
            self.pos += 1;
        }
        yes
    }

    fn number(&mut self) -> Option<i64> {
        match self.tokens.get(self.pos) {
            Some(Token::Number(n)) => {
                self.pos += 1;
                Some(*n)
            }
            _ => None,
        }
    }

    /// `(n)` if present.
    fn one_arg(&mut self) -> Option<Option<i64>> {
        if !self.eat('(') {
            return Some(None);
        }
        let n = self.number()?;
        self.eat(')').then_some(Some(n))
    }

    /// A type with its `NOT NULL` / `NULL` / `ARRAY` / `MULTISET` suffixes.
    fn data_type(&mut self) -> Option<DataType> {
        self.check_depth(self.depth + 1)?;
        self.depth += 1;
        let t = self.suffixed();
        self.depth -= 1;
        t
    }

    fn suffixed(&mut self) -> Option<DataType> {
        let mut t = self.base()?;
        loop {
            if self.eat_words(&["NOT", "NULL"]) {
                t.nullable = false;
            } else if self.eat_word("NULL") {
                t.nullable = true;
            } else if self.peek_word("ARRAY") || self.peek_word("MULTISET") {
                let root = if self.eat_word("ARRAY") {
                    "ARRAY"
                } else {
                    self.pos += 1;
                    "MULTISET"
                };
                self.check_depth(self.height + 1)?;
                self.height += 1;
                t = DataType {
                    element_type: Some(Box::new(t)),
                    ..DataType::root(root)
                };
            } else {
                return Some(t);
            }
        }
    }

    /// A type without suffixes; sets `height` to its levels.
    fn base(&mut self) -> Option<DataType> {
        let Some(Token::Word(word)) = self.tokens.get(self.pos) else {
            return None;
        };
        self.height = 1;
        let word = word.to_ascii_uppercase();
        self.pos += 1;
        let sized = |root: &str, length: Option<i64>| DataType {
            length: Some(length.unwrap_or(1)),
            ..DataType::root(root)
        };
        Some(match word.as_str() {
            "STRING" => DataType {
                length: Some(MAX_LENGTH),
                ..DataType::root("VARCHAR")
            },
            "BYTES" => DataType {
                length: Some(MAX_LENGTH),
                ..DataType::root("VARBINARY")
            },
            "CHAR" | "CHARACTER" if self.eat_word("VARYING") => sized("VARCHAR", self.one_arg()?),
            "CHAR" | "CHARACTER" => sized("CHAR", self.one_arg()?),
            "VARCHAR" => sized("VARCHAR", self.one_arg()?),
            "BINARY" if self.eat_word("VARYING") => sized("VARBINARY", self.one_arg()?),
            "BINARY" => sized("BINARY", self.one_arg()?),
            "VARBINARY" => sized("VARBINARY", self.one_arg()?),
            "DECIMAL" | "DEC" | "NUMERIC" => {
                let (mut precision, mut scale) = (10, 0);
                if self.eat('(') {
                    precision = self.number()?;
                    if self.eat(',') {
                        scale = self.number()?;
                    }
                    if !self.eat(')') {
                        return None;
                    }
                }
                DataType {
                    precision: Some(precision),
                    scale: Some(scale),
                    ..DataType::root("DECIMAL")
                }
            }
            "TINYINT" | "SMALLINT" | "BIGINT" | "BOOLEAN" | "DATE" | "FLOAT" | "NULL" => {
                DataType::root(&word)
            }
            "INT" | "INTEGER" => DataType::root("INTEGER"),
            "REAL" => DataType::root("FLOAT"),
            "DOUBLE" => {
                self.eat_word("PRECISION");
                DataType::root("DOUBLE")
            }
            "TIME" => {
                let precision = self.one_arg()?.unwrap_or(0);
                self.eat_words(&["WITHOUT", "TIME", "ZONE"]);
                DataType {
                    precision: Some(precision),
                    ..DataType::root("TIME_WITHOUT_TIME_ZONE")
                }
            }
            "TIMESTAMP" => {
                let precision = self.one_arg()?.unwrap_or(6);
                let root = if self.eat_words(&["WITH", "LOCAL", "TIME", "ZONE"]) {
                    "TIMESTAMP_WITH_LOCAL_TIME_ZONE"
                } else if self.eat_words(&["WITH", "TIME", "ZONE"]) {
                    "TIMESTAMP_WITH_TIME_ZONE"
                } else {
                    self.eat_words(&["WITHOUT", "TIME", "ZONE"]);
                    "TIMESTAMP_WITHOUT_TIME_ZONE"
                };
                DataType {
                    precision: Some(precision),
                    ..DataType::root(root)
                }
            }
            "TIMESTAMP_LTZ" => DataType {
                precision: Some(self.one_arg()?.unwrap_or(6)),
                ..DataType::root("TIMESTAMP_WITH_LOCAL_TIME_ZONE")
            },
            "ARRAY" | "MULTISET" => {
                if !self.eat('<') {
                    return None;
                }
                let element = self.data_type()?;
                if !self.eat('>') {
                    return None;
                }
                self.height += 1;
                DataType {
                    element_type: Some(Box::new(element)),
                    ..DataType::root(&word)
                }
            }
            "MAP" => {
                if !self.eat('<') {
                    return None;
                }
                let key = self.data_type()?;
                let key_height = self.height;
                if !self.eat(',') {
                    return None;
                }
                let value = self.data_type()?;
                if !self.eat('>') {
                    return None;
                }
                self.height = key_height.max(self.height) + 1;
                DataType {
                    key_type: Some(Box::new(key)),
                    value_type: Some(Box::new(value)),
                    ..DataType::root("MAP")
                }
            }
            "ROW" => {
                let close = if self.eat('<') {
                    '>'
                } else if self.eat('(') {
                    ')'
                } else {
                    return None;
                };
                let mut fields = Vec::new();
                let mut field_height = 0;
                if !self.eat(close) {
                    loop {
                        let name = match self.tokens.get(self.pos) {
                            Some(Token::Word(w) | Token::Quoted(w)) => w.clone(),
                            _ => return None,
                        };
                        self.pos += 1;
                        let field_type = self.data_type()?;
                        field_height = field_height.max(self.height);
                        if self.tokens.get(self.pos) == Some(&Token::Text) {
                            self.pos += 1;
                        }
                        fields.push(RowField { name, field_type });
                        if self.eat(close) {
                            break;
                        }
                        if !self.eat(',') {
                            return None;
                        }
                    }
                }
                self.height = field_height + 1;
                DataType {
                    fields,
                    ..DataType::root("ROW")
                }
            }
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn dt(v: serde_json::Value) -> DataType {
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn type_names_follow_flink() {
        assert_eq!(
            type_name(&dt(
                json!({"type":"VARCHAR","nullable":true,"length":2147483647})
            )),
            "STRING"
        );
        assert_eq!(
            type_name(&dt(json!({"type":"INTEGER","nullable":false}))),
            "INT NOT NULL"
        );
        assert_eq!(
            type_name(&dt(
                json!({"type":"DECIMAL","nullable":true,"precision":10,"scale":2})
            )),
            "DECIMAL(10, 2)"
        );
        assert_eq!(
            type_name(&dt(json!({"type":"MAP","nullable":true,
                "key_type":{"type":"VARCHAR","nullable":true,"length":2147483647},
                "value_type":{"type":"BIGINT","nullable":true}}))),
            "MAP<STRING, BIGINT>"
        );
        assert_eq!(
            type_name(&dt(json!({"type":"ROW","nullable":true,"fields":[
                {"name":"a","field_type":{"type":"INTEGER","nullable":true}},
                {"name":"b","field_type":{"type":"CHAR","nullable":true,"length":3}}]}))),
            "ROW<`a` INT, `b` CHAR(3)>"
        );
        assert_eq!(
            type_name(&dt(
                json!({"type":"TIMESTAMP_WITH_LOCAL_TIME_ZONE","nullable":true,"precision":3})
            )),
            "TIMESTAMP_LTZ(3)"
        );
    }

    #[test]
    fn declared_names_become_the_contract_shape() {
        let j = |s: &str| serde_json::to_value(parse_type_name(s)).unwrap();
        assert_eq!(j("INT"), json!({"type": "INTEGER", "nullable": true}));
        assert_eq!(
            j("string"),
            json!({"type": "VARCHAR", "nullable": true, "length": 2147483647})
        );
        assert_eq!(
            j("DECIMAL(10, 2)"),
            json!({"type": "DECIMAL", "nullable": true, "precision": 10, "scale": 2})
        );
        assert_eq!(
            j("ARRAY<INT>"),
            json!({"type": "ARRAY", "nullable": true,
                   "element_type": {"type": "INTEGER", "nullable": true}})
        );
        assert_eq!(
            j("BIGINT NOT NULL"),
            json!({"type": "BIGINT", "nullable": false})
        );
    }

    #[test]
    fn declared_names_round_trip_to_flink_spelling() {
        for (declared, printed) in [
            ("INT", "INT"),
            ("integer", "INT"),
            ("STRING", "STRING"),
            ("VARCHAR(10)", "VARCHAR(10)"),
            ("CHAR", "CHAR(1)"),
            ("BYTES", "BYTES"),
            ("DECIMAL", "DECIMAL(10, 0)"),
            ("NUMERIC(5,2)", "DECIMAL(5, 2)"),
            ("DOUBLE PRECISION", "DOUBLE"),
            ("BOOLEAN NOT NULL", "BOOLEAN NOT NULL"),
            ("TIMESTAMP(3)", "TIMESTAMP(3)"),
            ("TIMESTAMP", "TIMESTAMP(6)"),
            ("TIMESTAMP(3) WITH LOCAL TIME ZONE", "TIMESTAMP_LTZ(3)"),
            ("TIMESTAMP_LTZ(3)", "TIMESTAMP_LTZ(3)"),
            ("TIME", "TIME(0)"),
            ("DATE", "DATE"),
            ("INT ARRAY", "ARRAY<INT>"),
            ("ARRAY<STRING NOT NULL>", "ARRAY<STRING NOT NULL>"),
            ("MAP<STRING, BIGINT>", "MAP<STRING, BIGINT>"),
            ("MULTISET<INT>", "MULTISET<INT>"),
            (
                "ROW<a INT, `b c` STRING 'desc'>",
                "ROW<`a` INT, `b c` STRING>",
            ),
            ("ROW(a INT)", "ROW<`a` INT>"),
            ("NULL", "NULL"),
            ("GEOMETRY", "GEOMETRY"),
            ("ARRAY<", "ARRAY<"),
            ("MAP<INT>", "MAP<INT>"),
            (
                "VARCHAR(99999999999999999999)",
                "VARCHAR(99999999999999999999)",
            ),
        ] {
            assert_eq!(type_name(&parse_type_name(declared)), printed, "{declared}");
        }
    }

    /// On a thread with the default 2 MiB stack, as a tokio worker has.
    fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
        std::thread::Builder::new()
            .stack_size(2 * 1024 * 1024)
            .spawn(f)
            .unwrap()
            .join()
            .unwrap()
    }

    #[test]
    fn a_type_ten_thousand_levels_deep_is_kept_whole_without_overflowing() {
        let deep = format!("{}INT{}", "ARRAY<".repeat(10_000), ">".repeat(10_000));
        let (root, printed) = on_small_stack(move || {
            let t = parse_type_name(&deep);
            (t.type_root.clone(), type_name(&t) == deep)
        });
        assert!(root.starts_with("ARRAY<ARRAY<"));
        assert!(printed);
        let suffixed = format!("INT{}", " ARRAY".repeat(10_000));
        assert!(on_small_stack(move || type_too_deep(&suffixed)));
    }

    #[test]
    fn nesting_is_allowed_up_to_the_limit() {
        let nested = |n: usize| format!("{}INT{}", "ARRAY<".repeat(n - 1), ">".repeat(n - 1));
        let at_limit = nested(MAX_TYPE_DEPTH);
        assert!(!type_too_deep(&at_limit));
        assert_eq!(type_name(&parse_type_name(&at_limit)), at_limit);
        assert!(parse_type_name(&at_limit).element_type.is_some());
        assert!(type_too_deep(&nested(MAX_TYPE_DEPTH + 1)));
        assert!(type_too_deep(&format!(
            "MAP<INT, ROW<a {}>>",
            nested(MAX_TYPE_DEPTH - 1)
        )));
        assert!(!type_too_deep(&format!(
            "MAP<INT, ROW<a {}>>",
            nested(MAX_TYPE_DEPTH - 2)
        )));
        assert!(type_too_deep(&format!(
            "INT{}",
            " ARRAY".repeat(MAX_TYPE_DEPTH)
        )));
        assert!(!type_too_deep(&format!(
            "INT{}",
            " ARRAY".repeat(MAX_TYPE_DEPTH - 1)
        )));
    }
}
