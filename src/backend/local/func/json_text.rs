//! JSON text and JSON paths as Flink reads them: Jackson's parsing (numbers keep their
//! text as BigDecimal does, objects their order) and writing (compact), and the subset of
//! Jayway JsonPath the JSON functions support (see `json`).

/// A JSON value as Jackson reads it for Flink: numbers keep their text, objects their
/// order.
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    Num(String),
    Str(String),
    Arr(Vec<Json>),
    Obj(Vec<(String, Json)>),
}

/// What a path found.
pub enum Found {
    /// Nothing (lax mode).
    Missing,
    One(Json),
    /// The results of a path with wildcards, slices or deep scans: a JSON array.
    Many(Vec<Json>),
}

/// `j` at path `p`: Err for invalid JSON, an invalid path, or (strict mode) a missing
/// member.
pub fn query(j: &str, p: &str) -> Result<Found, String> {
    let doc = parse(j)?;
    let (strict, path) = match p.trim_start() {
        p if p.starts_with("strict ") => (true, p["strict ".len()..].trim_start()),
        p if p.starts_with("lax ") => (false, p["lax ".len()..].trim_start()),
        p => (false, p),
    };
    let steps = parse_path(path)?;
    let definite = steps
        .iter()
        .all(|s| matches!(s, Step::Member(_) | Step::Index(_)));
    let mut nodes: Vec<&Json> = vec![&doc];
    // Until a step fans out (wildcard, slice, …), finding nothing means the value is
    // missing (`$.b[*]` on `{}`); after, an empty list is a result (`$.a[*]` on `[]`).
    let mut fanned_out = false;
    for step in &steps {
        let mut next: Vec<&Json> = Vec::new();
        for node in nodes {
            step.apply(node, &mut next);
        }
        fanned_out |= !matches!(step, Step::Member(_) | Step::Index(_));
        if next.is_empty() && !fanned_out {
            if strict {
                return Err(format!("No results for path: {path}"));
            }
            return Ok(Found::Missing);
        }
        nodes = next;
    }
    if definite {
        return Ok(match nodes.into_iter().next() {
            Some(Json::Null) | None => Found::Missing,
            Some(one) => Found::One(one.clone()),
        });
    }
    Ok(Found::Many(nodes.into_iter().cloned().collect()))
}

// ---------------------------------------------------------------- paths

enum Step {
    Member(String),
    /// From the end when negative.
    Index(i64),
    Indexes(Vec<i64>),
    Slice(Option<i64>, Option<i64>),
    Wildcard,
    Deep(String),
}

impl Step {
    fn apply<'a>(&self, node: &'a Json, out: &mut Vec<&'a Json>) {
        match (self, node) {
            (Step::Member(name), Json::Obj(members)) => {
                out.extend(
                    members
                        .iter()
                        .rev()
                        .find(|(k, _)| k == name)
                        .map(|(_, v)| v),
                );
            }
            (Step::Index(i), Json::Arr(items)) => out.extend(at(items, *i)),
            (Step::Indexes(is), Json::Arr(items)) => {
                out.extend(is.iter().filter_map(|i| at(items, *i)))
            }
            (Step::Slice(from, to), Json::Arr(items)) => {
                let n = items.len() as i64;
                let bound = |b: i64| if b < 0 { (n + b).max(0) } else { b.min(n) };
                let end = to.map_or(n, bound);
                let start = from.map_or(0, bound).min(end);
                out.extend(items[start as usize..end as usize].iter());
            }
            (Step::Wildcard, Json::Arr(items)) => out.extend(items.iter()),
            (Step::Wildcard, Json::Obj(members)) => out.extend(members.iter().map(|(_, v)| v)),
            (Step::Deep(name), _) => deep(node, name, out),
            _ => {}
        }
    }
}

/// The `i`-th item, counted from the end when negative.
fn at(items: &[Json], i: i64) -> Option<&Json> {
    let i = if i < 0 { items.len() as i64 + i } else { i };
    usize::try_from(i).ok().and_then(|i| items.get(i))
}

fn deep<'a>(node: &'a Json, name: &str, out: &mut Vec<&'a Json>) {
    match node {
        Json::Obj(members) => {
            for (k, v) in members {
                if k == name {
                    out.push(v);
                }
                deep(v, name, out);
            }
        }
        Json::Arr(items) => items.iter().for_each(|v| deep(v, name, out)),
        _ => {}
    }
}

fn parse_path(path: &str) -> Result<Vec<Step>, String> {
    let bad = || format!("Invalid JSON path '{path}'");
    let rest = path.strip_prefix('$').ok_or_else(bad)?;
    let chars: Vec<char> = rest.chars().collect();
    let mut steps = Vec::new();
    let mut i = 0;
    let name_end = |from: usize| {
        (from..chars.len())
            .find(|&j| matches!(chars[j], '.' | '['))
            .unwrap_or(chars.len())
    };
    while i < chars.len() {
        match chars[i] {
            '.' if chars.get(i + 1) == Some(&'.') => {
                let end = name_end(i + 2);
                let name: String = chars[i + 2..end].iter().collect();
                if name.is_empty() {
                    return Err(bad());
                }
                steps.push(Step::Deep(name));
                i = end;
            }
            '.' => {
                let end = name_end(i + 1);
                let name: String = chars[i + 1..end].iter().collect();
                match name.as_str() {
                    "" => return Err(bad()),
                    "*" => steps.push(Step::Wildcard),
                    n if n.ends_with(')') => return Err(bad()),
                    _ => steps.push(Step::Member(name)),
                }
                i = end;
            }
            '[' => {
                let close = (i..chars.len())
                    .find(|&j| chars[j] == ']')
                    .ok_or_else(bad)?;
                let inside: String = chars[i + 1..close].iter().collect();
                steps.push(bracket(inside.trim()).ok_or_else(bad)?);
                i = close + 1;
            }
            _ => return Err(bad()),
        }
    }
    Ok(steps)
}

fn bracket(inside: &str) -> Option<Step> {
    if inside == "*" {
        return Some(Step::Wildcard);
    }
    if let Some(name) = inside
        .strip_prefix('\'')
        .and_then(|s| s.strip_suffix('\''))
        .or_else(|| inside.strip_prefix('"').and_then(|s| s.strip_suffix('"')))
    {
        return Some(Step::Member(name.to_string()));
    }
    if let Some((from, to)) = inside.split_once(':') {
        let bound = |s: &str| -> Option<Option<i64>> {
            let s = s.trim();
            if s.is_empty() {
                Some(None)
            } else {
                s.parse().ok().map(Some)
            }
        };
        return Some(Step::Slice(bound(from)?, bound(to)?));
    }
    let indexes: Vec<i64> = inside
        .split(',')
        .map(|s| s.trim().parse().ok())
        .collect::<Option<_>>()?;
    match indexes.as_slice() {
        [one] => Some(Step::Index(*one)),
        _ => Some(Step::Indexes(indexes)),
    }
}

// ---------------------------------------------------------------- JSON text

/// The first JSON value of `s` (Jackson, as Flink configures it, ignores what follows).
pub fn parse(s: &str) -> Result<Json, String> {
    let mut p = Parser {
        s: s.as_bytes(),
        at: 0,
        text: s,
    };
    p.value(0)
}

struct Parser<'a> {
    s: &'a [u8],
    at: usize,
    text: &'a str,
}

/// Deeper nesting than this is refused rather than overflowing the stack.
const MAX_DEPTH: usize = 512;

impl Parser<'_> {
    fn error(&self) -> String {
        // `at` may stop inside a character (a bad escape of one).
        let near: String = (self.at..=self.at + 3)
            .find_map(|i| self.text.get(i..))
            .unwrap_or("")
            .chars()
            .take(20)
            .collect();
        format!("Invalid JSON at character {}: '{near}'", self.at + 1)
    }

    fn skip_ws(&mut self) {
        while self.s.get(self.at).is_some_and(|b| b.is_ascii_whitespace()) {
            self.at += 1;
        }
    }

    fn eat(&mut self, b: u8) -> bool {
        self.skip_ws();
        if self.s.get(self.at) == Some(&b) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn value(&mut self, depth: usize) -> Result<Json, String> {
        if depth > MAX_DEPTH {
            return Err(self.error());
        }
        self.skip_ws();
        match self.s.get(self.at) {
            Some(b'{') => {
                self.at += 1;
                let mut members = Vec::new();
                if self.eat(b'}') {
                    return Ok(Json::Obj(members));
                }
                loop {
                    self.skip_ws();
                    let key = self.string()?;
                    if !self.eat(b':') {
                        return Err(self.error());
                    }
                    members.push((key, self.value(depth + 1)?));
                    if self.eat(b'}') {
                        return Ok(Json::Obj(members));
                    }
                    if !self.eat(b',') {
                        return Err(self.error());
                    }
                }
            }
            Some(b'[') => {
                self.at += 1;
                let mut items = Vec::new();
                if self.eat(b']') {
                    return Ok(Json::Arr(items));
                }
                loop {
                    items.push(self.value(depth + 1)?);
                    if self.eat(b']') {
                        return Ok(Json::Arr(items));
                    }
                    if !self.eat(b',') {
                        return Err(self.error());
                    }
                }
            }
            Some(b'"') => Ok(Json::Str(self.string()?)),
            Some(b't') => self.word("true", Json::Bool(true)),
            Some(b'f') => self.word("false", Json::Bool(false)),
            Some(b'n') => self.word("null", Json::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ => Err(self.error()),
        }
    }

    fn word(&mut self, w: &str, v: Json) -> Result<Json, String> {
        if self.s[self.at..].starts_with(w.as_bytes()) {
            self.at += w.len();
            Ok(v)
        } else {
            Err(self.error())
        }
    }

    fn number(&mut self) -> Result<Json, String> {
        let start = self.at;
        let digits = |p: &mut Self| {
            let from = p.at;
            while p.s.get(p.at).is_some_and(u8::is_ascii_digit) {
                p.at += 1;
            }
            p.at > from
        };
        if self.s.get(self.at) == Some(&b'-') {
            self.at += 1;
        }
        let int_start = self.at;
        if !digits(self) {
            return Err(self.error());
        }
        // No leading zeros (`01` is not JSON).
        if self.at - int_start > 1 && self.s[int_start] == b'0' {
            return Err(self.error());
        }
        if self.s.get(self.at) == Some(&b'.') {
            self.at += 1;
            if !digits(self) {
                return Err(self.error());
            }
        }
        if matches!(self.s.get(self.at), Some(b'e' | b'E')) {
            self.at += 1;
            if matches!(self.s.get(self.at), Some(b'+' | b'-')) {
                self.at += 1;
            }
            if !digits(self) {
                return Err(self.error());
            }
        }
        Ok(Json::Num(big_decimal_text(&self.text[start..self.at])))
    }

    fn string(&mut self) -> Result<String, String> {
        if self.s.get(self.at) != Some(&b'"') {
            return Err(self.error());
        }
        self.at += 1;
        let mut out = String::new();
        loop {
            let rest = &self.text[self.at..];
            let Some(i) = rest.find(['"', '\\']) else {
                return Err(self.error());
            };
            let chunk = &rest[..i];
            if chunk.chars().any(|c| u32::from(c) < 0x20) {
                return Err(self.error());
            }
            out.push_str(chunk);
            self.at += i;
            if self.s[self.at] == b'"' {
                self.at += 1;
                return Ok(out);
            }
            self.at += 1;
            let escaped = self.s.get(self.at).copied();
            self.at += 1;
            match escaped {
                Some(b'"') => out.push('"'),
                Some(b'\\') => out.push('\\'),
                Some(b'/') => out.push('/'),
                Some(b'b') => out.push('\u{8}'),
                Some(b'f') => out.push('\u{c}'),
                Some(b'n') => out.push('\n'),
                Some(b'r') => out.push('\r'),
                Some(b't') => out.push('\t'),
                Some(b'u') => {
                    let unit = self.hex4()?;
                    let c = if (0xD800..0xDC00).contains(&unit)
                        && self.s[self.at..].starts_with(b"\\u")
                    {
                        self.at += 2;
                        let low = self.hex4()?;
                        let code = 0x10000
                            + ((u32::from(unit) - 0xD800) << 10)
                            + (u32::from(low).wrapping_sub(0xDC00) & 0x3FF);
                        char::from_u32(code)
                    } else {
                        char::from_u32(u32::from(unit))
                    };
                    out.push(c.unwrap_or('\u{FFFD}'));
                }
                _ => return Err(self.error()),
            }
        }
    }

    fn hex4(&mut self) -> Result<u16, String> {
        let digits = self
            .text
            .get(self.at..self.at + 4)
            .ok_or_else(|| self.error())?;
        let v = u16::from_str_radix(digits, 16).map_err(|_| self.error())?;
        self.at += 4;
        Ok(v)
    }
}

/// A JSON number's text as Java's `BigDecimal.toString` gives it back (Flink reads
/// numbers with fractions or exponents as BigDecimal): `1.50` stays, `1e2` is `1E+2`,
/// `1.5e1` is `15`; integers stay as they are.
pub fn big_decimal_text(n: &str) -> String {
    if !n.contains(['.', 'e', 'E']) {
        return n.to_string();
    }
    let (negative, n) = match n.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, n),
    };
    let (mantissa, exponent) = match n.split_once(['e', 'E']) {
        Some((m, e)) => (m, e.parse::<i64>().unwrap_or(0)),
        None => (n, 0),
    };
    let (int_part, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = format!("{int_part}{frac}");
    let unscaled = digits.trim_start_matches('0');
    let unscaled = if unscaled.is_empty() { "0" } else { unscaled };
    let scale = frac.len() as i64 - exponent;
    let adjusted = -scale + (unscaled.len() as i64 - 1);
    let sign = if negative { "-" } else { "" };
    if scale >= 0 && adjusted >= -6 {
        let text = crate::render::flink::decimal(&format!("{unscaled}E{}", -scale), scale as u32)
            .unwrap_or_else(|| unscaled.to_string());
        return format!("{sign}{text}");
    }
    let (first, rest) = unscaled.split_at(1);
    let point = if rest.is_empty() {
        String::new()
    } else {
        format!(".{rest}")
    };
    let exp_sign = if adjusted >= 0 { "+" } else { "" };
    format!("{sign}{first}{point}E{exp_sign}{adjusted}")
}

impl Json {
    /// This value with every object's members ordered by key, as Flink's JSON builders
    /// write them.
    pub fn sorted(self) -> Json {
        match self {
            Json::Arr(items) => Json::Arr(items.into_iter().map(Json::sorted).collect()),
            Json::Obj(mut members) => {
                members.sort_by(|a, b| a.0.cmp(&b.0));
                Json::Obj(members.into_iter().map(|(k, v)| (k, v.sorted())).collect())
            }
            other => other,
        }
    }

    /// A scalar's text as JSON_VALUE returns it; containers as JSON.
    pub fn to_string_lossy(&self) -> String {
        match self {
            Json::Str(s) => s.clone(),
            Json::Num(n) => n.clone(),
            Json::Bool(b) => b.to_string(),
            Json::Null => "null".into(),
            other => other.to_string(),
        }
    }

    /// How Flink quotes a value in its error messages: a string in single quotes,
    /// containers as Java's `toString` of Jayway's lists (`[1, 2]`).
    pub fn to_sql_text(&self) -> String {
        match self {
            Json::Str(s) => format!("'{s}'"),
            Json::Arr(items) => {
                let each: Vec<String> = items.iter().map(Json::to_string_lossy).collect();
                format!("'[{}]'", each.join(", "))
            }
            other => format!("'{other}'"),
        }
    }
}

impl std::fmt::Display for Json {
    /// Compact JSON as Jackson writes it: no spaces, `"` `\` and control characters
    /// escaped, everything else as is.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Json::Null => f.write_str("null"),
            Json::Bool(b) => write!(f, "{b}"),
            Json::Num(n) => f.write_str(n),
            Json::Str(s) => write_string(f, s),
            Json::Arr(items) => {
                f.write_str("[")?;
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(",")?;
                    }
                    write!(f, "{v}")?;
                }
                f.write_str("]")
            }
            Json::Obj(members) => {
                f.write_str("{")?;
                for (i, (k, v)) in members.iter().enumerate() {
                    if i > 0 {
                        f.write_str(",")?;
                    }
                    write_string(f, k)?;
                    write!(f, ":{v}")?;
                }
                f.write_str("}")
            }
        }
    }
}

fn write_string(f: &mut std::fmt::Formatter<'_>, s: &str) -> std::fmt::Result {
    f.write_str("\"")?;
    for c in s.chars() {
        match c {
            '"' => f.write_str("\\\"")?,
            '\\' => f.write_str("\\\\")?,
            '\n' => f.write_str("\\n")?,
            '\r' => f.write_str("\\r")?,
            '\t' => f.write_str("\\t")?,
            '\u{8}' => f.write_str("\\b")?,
            '\u{c}' => f.write_str("\\f")?,
            c if u32::from(c) < 0x20 => write!(f, "\\u{:04X}", u32::from(c))?,
            c => write!(f, "{c}")?,
        }
    }
    f.write_str("\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_json_is_an_error_not_a_panic() {
        for bad in [
            "\"\\é\"",
            "\"\\u12",
            "[\"é",
            "{\"a\":\"\\ü",
            "\u{1F600}",
            "[1,",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
        assert_eq!(
            parse("\"\\ud83d\\ude00\""),
            Ok(Json::Str("\u{1F600}".into()))
        );
    }

    #[test]
    fn numbers_read_as_big_decimals() {
        assert_eq!(big_decimal_text("1.50"), "1.50");
        assert_eq!(big_decimal_text("1e2"), "1E+2");
        assert_eq!(big_decimal_text("1.5e1"), "15");
        assert_eq!(big_decimal_text("0.1"), "0.1");
        assert_eq!(big_decimal_text("-2.5E-8"), "-2.5E-8");
        assert_eq!(big_decimal_text("42"), "42");
    }
}
