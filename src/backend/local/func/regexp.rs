//! Flink's pattern matching on strings: LIKE, SIMILAR TO and the REGEXP functions.
//!
//! `s LIKE p [ESCAPE e]` is `'LIKE'(s, p[, e])` and `s SIMILAR TO p [ESCAPE e]` is
//! `'SIMILAR TO'(s, p[, e])`; NOT LIKE / NOT SIMILAR TO are the translator's NOT around
//! them. LIKE is case-sensitive, `_` one character, `%` any run of them.
//!
//! Flink's regular expressions are Java's; these are the `regex` crate's, which has the
//! same syntax for the common constructs (classes, quantifiers, groups, anchors, `\d`
//! `\w` `\s`, `(?i)`) but no look-around and no back-references: a pattern using those
//! counts as invalid here (what Flink does for an invalid pattern: FALSE, NULL).
//! Matches are found as Java's `Matcher.find` finds them (an empty match may follow a
//! non-empty one: `REGEXP_REPLACE('aaa', 'a*', 'x')` is `xx`).

use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Range;

use regex::Regex;

use super::Scalar;
use super::args::{Arg, any_nullable, check, int, str_datum, strict, string, text};
use crate::backend::local::ftype::{FlinkType, Kind};
use crate::backend::local::value::Datum;

use Arg::{Int, Str};

pub static FUNCTIONS: &[Scalar] = &[
    // `s LIKE pattern [ESCAPE e]` is `'LIKE'(s, pattern[, e])`; NOT LIKE is the
    // translator's NOT around it.
    strict("LIKE", like_type::<0>, |a, _, _| {
        let escape = a.get(2).map(text);
        let pattern = like_regex(text(&a[1]), escape)?;
        Ok(Datum::Bool(matches_whole(&pattern, text(&a[0]))?))
    }),
    // `s SIMILAR TO pattern [ESCAPE e]` is `'SIMILAR TO'(s, pattern[, e])`.
    strict("SIMILAR TO", like_type::<1>, |a, _, _| {
        let escape = a.get(2).map(text);
        let pattern = similar_regex(text(&a[1]), escape)?;
        Ok(Datum::Bool(matches_whole(&pattern, text(&a[0]))?))
    }),
    strict("REGEXP", regexp_type, |a, _, _| {
        // Flink: an empty pattern matches nothing.
        if text(&a[1]).is_empty() {
            return Ok(Datum::Bool(false));
        }
        let found = with_regex(text(&a[1]), |re| re.is_match(text(&a[0])));
        Ok(Datum::Bool(found.unwrap_or(false)))
    }),
    strict("REGEXP_REPLACE", replace_type, |a, _, _| {
        let (s, with) = (text(&a[0]), text(&a[2]));
        let replaced = with_regex(text(&a[1]), |re| {
            let mut out = String::with_capacity(s.len());
            let mut last = 0;
            for m in java_matches(re, s) {
                out.push_str(&s[last..m.start]);
                out.push_str(with);
                last = m.end;
            }
            out.push_str(&s[last..]);
            out
        });
        Ok(replaced.map(str_datum).unwrap_or(Datum::Null))
    }),
    strict("REGEXP_EXTRACT", extract_type, |a, _, _| {
        let s = text(&a[0]);
        let group = a.get(2).map(int).unwrap_or(0);
        let found = with_regex(text(&a[1]), |re| {
            let group = usize::try_from(group).ok()?;
            let caps = re.captures(s)?;
            caps.get(group).map(|m| m.as_str().to_string())
        });
        Ok(found.flatten().map(str_datum).unwrap_or(Datum::Null))
    }),
    strict("REGEXP_EXTRACT_ALL", extract_all_type, |a, _, _| {
        let s = text(&a[0]);
        let group = a.get(2).map(int).unwrap_or(1);
        let found = with_regex(text(&a[1]), |re| {
            let group = usize::try_from(group)
                .ok()
                .filter(|g| *g < re.captures_len())?;
            Some(
                java_matches(re, s)
                    .into_iter()
                    .map(|m| {
                        re.captures_at(s, m.start)
                            .and_then(|c| c.get(group))
                            .map_or(Datum::Null, |g| str_datum(g.as_str()))
                    })
                    .collect::<Vec<_>>(),
            )
        });
        Ok(found.flatten().map(Datum::Array).unwrap_or(Datum::Null))
    }),
    strict("REGEXP_COUNT", count_type, |a, _, _| {
        let found = with_regex(text(&a[1]), |re| java_matches(re, text(&a[0])).len());
        Ok(found.map_or(Datum::Null, |n| Datum::Int(n as i64)))
    }),
    strict("REGEXP_INSTR", instr_type, |a, _, _| {
        let s = text(&a[0]);
        let found = with_regex(text(&a[1]), |re| {
            re.find(s).map_or(0, |m| s[..m.start()].chars().count() + 1)
        });
        Ok(found.map_or(Datum::Null, |n| Datum::Int(n as i64)))
    }),
    strict("REGEXP_SUBSTR", substr_type, |a, _, _| {
        let s = text(&a[0]);
        let found = with_regex(text(&a[1]), |re| re.find(s).map(|m| m.as_str().to_string()));
        Ok(found.flatten().map(str_datum).unwrap_or(Datum::Null))
    }),
];

fn boolean(nullable: bool) -> FlinkType {
    FlinkType::new(Kind::Boolean, nullable)
}

fn like_type<const I: usize>(a: &[FlinkType]) -> Result<FlinkType, String> {
    check(
        ["LIKE", "SIMILAR TO"][I],
        a,
        &[&[Str, Str], &[Str, Str, Str]],
    )?;
    Ok(boolean(any_nullable(a)))
}

fn regexp_type(a: &[FlinkType]) -> Result<FlinkType, String> {
    check("REGEXP", a, &[&[Str, Str]])?;
    Ok(boolean(any_nullable(a)))
}

fn replace_type(a: &[FlinkType]) -> Result<FlinkType, String> {
    check("REGEXP_REPLACE", a, &[&[Str, Str, Str]])?;
    Ok(string(any_nullable(a)))
}

fn extract_type(a: &[FlinkType]) -> Result<FlinkType, String> {
    check("REGEXP_EXTRACT", a, &[&[Str, Str], &[Str, Str, Int]])?;
    Ok(string(true))
}

fn extract_all_type(a: &[FlinkType]) -> Result<FlinkType, String> {
    check("REGEXP_EXTRACT_ALL", a, &[&[Str, Str], &[Str, Str, Int]])?;
    Ok(FlinkType::nullable(Kind::Array(Box::new(string(true)))))
}

fn count_type(a: &[FlinkType]) -> Result<FlinkType, String> {
    check("REGEXP_COUNT", a, &[&[Str, Str]])?;
    Ok(FlinkType::nullable(Kind::Int))
}

fn instr_type(a: &[FlinkType]) -> Result<FlinkType, String> {
    check("REGEXP_INSTR", a, &[&[Str, Str]])?;
    Ok(FlinkType::nullable(Kind::Int))
}

fn substr_type(a: &[FlinkType]) -> Result<FlinkType, String> {
    check("REGEXP_SUBSTR", a, &[&[Str, Str]])?;
    Ok(string(true))
}

/// Compiled patterns of this thread: a pattern is usually a literal, the same for every
/// row.
const CACHED_PATTERNS: usize = 64;

thread_local! {
    static PATTERNS: RefCell<HashMap<String, Option<Regex>>> = RefCell::new(HashMap::new());
}

/// `f` on the compiled `pattern`; None when it is not a valid pattern.
fn with_regex<T>(pattern: &str, f: impl FnOnce(&Regex) -> T) -> Option<T> {
    PATTERNS.with(|cache| {
        let mut cache = cache.borrow_mut();
        if !cache.contains_key(pattern) {
            if cache.len() >= CACHED_PATTERNS {
                cache.clear();
            }
            cache.insert(pattern.to_string(), Regex::new(&from_java(pattern)).ok());
        }
        cache.get(pattern).and_then(Option::as_ref).map(f)
    })
}

/// A Java pattern in the `regex` crate's syntax where the two differ in spelling only:
/// Java's POSIX classes (`\p{Alpha}`, `\p{Digit}`, …, ASCII-only as in Java) and
/// `\Q…\E` quoting.
fn from_java(pattern: &str) -> String {
    const POSIX: [(&str, &str); 13] = [
        ("Lower", "[a-z]"),
        ("Upper", "[A-Z]"),
        ("ASCII", "[\\x00-\\x7F]"),
        ("Alpha", "[a-zA-Z]"),
        ("Digit", "[0-9]"),
        ("Alnum", "[a-zA-Z0-9]"),
        ("Punct", "[!-/:-@\\[-`{-~]"),
        ("Graph", "[!-~]"),
        ("Print", "[ -~]"),
        ("Blank", "[ \\t]"),
        ("Cntrl", "[\\x00-\\x1F\\x7F]"),
        ("XDigit", "[0-9a-fA-F]"),
        ("Space", "[ \\t\\n\\x0B\\f\\r]"),
    ];
    if !pattern.contains("\\p{") && !pattern.contains("\\Q") {
        return pattern.to_string();
    }
    let mut out = String::with_capacity(pattern.len());
    let mut rest = pattern;
    while let Some(i) = rest.find('\\') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        if let Some(quoted) = tail.strip_prefix("\\Q") {
            let end = quoted.find("\\E").unwrap_or(quoted.len());
            out.push_str(&regex::escape(&quoted[..end]));
            rest = quoted.get(end + 2..).unwrap_or("");
            continue;
        }
        let class = tail.strip_prefix("\\p").and_then(|after| {
            POSIX
                .iter()
                .find(|(name, _)| after.starts_with(&format!("{{{name}}}")))
        });
        match class {
            Some((name, set)) => {
                out.push_str(set);
                rest = &tail[name.len() + 4..];
            }
            _ => {
                // Keep the escape and the character after it together.
                let len = tail[1..].chars().next().map_or(1, |c| 1 + c.len_utf8());
                out.push_str(&tail[..len]);
                rest = &tail[len..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The matches Java's `Matcher.find` finds one after another.
fn java_matches(re: &Regex, s: &str) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    let mut at = 0;
    while at <= s.len() {
        let Some(m) = re.find_at(s, at) else {
            break;
        };
        found.push(m.range());
        at = if m.is_empty() {
            // Past the next character.
            m.end() + s[m.end()..].chars().next().map_or(1, char::len_utf8)
        } else {
            m.end()
        };
    }
    found
}

fn matches_whole(pattern: &str, s: &str) -> Result<bool, String> {
    with_regex(pattern, |re| re.is_match(s))
        .ok_or_else(|| format!("Invalid regular expression '{pattern}'"))
}

/// A LIKE pattern as an anchored regular expression: `_` one character, `%` any run,
/// `escape` makes the next `_`, `%` or itself literal.
fn like_regex(pattern: &str, escape: Option<&str>) -> Result<String, String> {
    let escape = escape_char(escape)?;
    let mut out = String::from("(?s)^");
    let mut chars = pattern.chars().enumerate();
    while let Some((i, c)) = chars.next() {
        if Some(c) == escape {
            match chars.next() {
                Some((_, n)) if n == '_' || n == '%' || Some(n) == escape => {
                    out.push_str(&regex::escape(&n.to_string()));
                }
                _ => return Err(format!("Invalid escape sequence '{pattern}', {i}")),
            }
            continue;
        }
        match c {
            '_' => out.push('.'),
            '%' => out.push_str(".*"),
            c => out.push_str(&regex::escape(&c.to_string())),
        }
    }
    out.push('$');
    Ok(out)
}

/// A SIMILAR TO pattern as an anchored regular expression: `_` and `%` as in LIKE, the
/// rest a regular expression (`|`, `*`, `+`, `?`, `{m,n}`, `[...]`, `(...)`).
fn similar_regex(pattern: &str, escape: Option<&str>) -> Result<String, String> {
    let escape = escape_char(escape)?;
    let mut out = String::from("(?s)^(?:");
    let mut chars = pattern.chars().enumerate();
    while let Some((i, c)) = chars.next() {
        if Some(c) == escape {
            // Only a character SIMILAR TO gives a meaning to may be escaped.
            match chars.next() {
                Some((_, n)) if "_%*+?|(){}[]^-".contains(n) || Some(n) == escape => {
                    out.push_str(&regex::escape(&n.to_string()));
                }
                _ => return Err(format!("Invalid escape sequence '{pattern}', {i}")),
            }
            continue;
        }
        match c {
            '_' => out.push('.'),
            '%' => out.push_str(".*"),
            c => out.push(c),
        }
    }
    out.push_str(")$");
    Ok(out)
}

fn escape_char(escape: Option<&str>) -> Result<Option<char>, String> {
    match escape {
        None => Ok(None),
        Some(e) if e.chars().count() == 1 => Ok(e.chars().next()),
        Some(e) => Err(format!("Invalid escape character '{e}'")),
    }
}

#[cfg(test)]
mod tests {
    use super::super::args::testing::*;
    use super::*;

    fn b(v: bool) -> Result<Datum, String> {
        Ok(Datum::Bool(v))
    }

    #[test]
    fn like_and_similar() {
        assert_eq!(
            call("LIKE", vec![lit("abc"), lit("a_c")]),
            (b(true), "BOOLEAN NOT NULL".into())
        );
        assert_eq!(call("LIKE", vec![lit("abc"), lit("A%")]).0, b(false));
        assert_eq!(call("LIKE", vec![lit("a.c"), lit("a.c")]).0, b(true));
        assert_eq!(call("LIKE", vec![lit("abc"), lit("a.c")]).0, b(false));
        assert_eq!(call("LIKE", vec![lit("ab"), lit("a")]).0, b(false));
        assert_eq!(call("LIKE", vec![lit("a\nb"), lit("a%")]).0, b(true));
        assert_eq!(
            call("LIKE", vec![lit("a%c"), lit("a!%c"), lit("!")]).0,
            b(true)
        );
        assert_eq!(
            call("LIKE", vec![lit("abc"), lit("a!%c"), lit("!")]).0,
            b(false)
        );
        assert_eq!(
            call("LIKE", vec![lit("abc"), null("STRING")]),
            (NULL, "BOOLEAN".into())
        );
        assert_eq!(
            call("LIKE", vec![lit(1), lit("1")]).0,
            Err("Cannot apply 'LIKE' to arguments of type 'LIKE(<INTEGER>, <CHAR(1)>)'. Supported form(s): 'LIKE(<CHARACTER>, <CHARACTER>)'".into())
        );
        assert_eq!(
            call("SIMILAR TO", vec![lit("abc"), lit("a(b|x)c")]).0,
            b(true)
        );
        assert_eq!(call("SIMILAR TO", vec![lit("abc"), lit("a_c")]).0, b(true));
        assert_eq!(call("SIMILAR TO", vec![lit("abc"), lit("%c")]).0, b(true));
        assert_eq!(call("SIMILAR TO", vec![lit("abc"), lit("b")]).0, b(false));
        assert_eq!(call("SIMILAR TO", vec![lit("abc"), lit("a.*")]).0, b(true));
    }

    #[test]
    fn regexp() {
        assert_eq!(
            call("REGEXP", vec![lit("abc"), lit("b+")]),
            (b(true), "BOOLEAN NOT NULL".into())
        );
        assert_eq!(call("REGEXP", vec![lit("abc"), lit("^b")]).0, b(false));
        assert_eq!(call("REGEXP", vec![lit("abc"), lit("(")]).0, b(false));
        assert_eq!(
            call("REGEXP_REPLACE", vec![lit("abc"), lit("b"), lit("x")]),
            (s("axc"), "STRING NOT NULL".into())
        );
        assert_eq!(
            call("REGEXP_REPLACE", vec![lit("aaa"), lit("a*"), lit("x")]).0,
            s("xx")
        );
        assert_eq!(
            call("REGEXP_REPLACE", vec![lit("abc"), lit("(b)"), lit("[$1]")]).0,
            s("a[$1]c")
        );
        assert_eq!(
            call("REGEXP_REPLACE", vec![lit("abc"), lit("("), lit("x")]).0,
            NULL
        );
        assert_eq!(
            call(
                "REGEXP_EXTRACT",
                vec![lit("abc123"), lit("([a-z]+)(\\d+)"), lit(2)]
            ),
            (s("123"), "STRING".into())
        );
        assert_eq!(
            call("REGEXP_EXTRACT", vec![lit("abc123"), lit("[a-z]+")]).0,
            s("abc")
        );
        assert_eq!(
            call(
                "REGEXP_EXTRACT",
                vec![lit("abc123"), lit("([a-z]+)"), lit(3)]
            )
            .0,
            NULL
        );
        assert_eq!(call("REGEXP_EXTRACT", vec![lit("abc"), lit("x")]).0, NULL);
    }

    #[test]
    fn patterns_as_flink_reads_them() {
        let like = |v: &str, p: &str| call("LIKE", vec![lit(v), lit(p)]).0;
        assert_eq!(like("a[b", "a[b"), b(true));
        assert_eq!(like("a(b", "a(%"), b(true));
        assert_eq!(like(r"a\b", r"a\b"), b(true));
        assert_eq!(like(r"a\b", r"a\\b"), b(false));
        assert_eq!(like("ab%", r"ab\%"), b(false));
        assert_eq!(like("ABC", "abc"), b(false));
        assert_eq!(like("abc", "%%"), b(true));
        assert_eq!(like("", "%"), b(true));
        let escaped = |v: &str, p: &str, e: &str| call("LIKE", vec![lit(v), lit(p), lit(e)]).0;
        assert_eq!(
            escaped("ab", "ab!", "!"),
            Err("Invalid escape sequence 'ab!', 2".into())
        );
        assert_eq!(
            escaped("ab", "a!b", "!"),
            Err("Invalid escape sequence 'a!b', 1".into())
        );
        assert_eq!(
            escaped("ab", "ab", "!!"),
            Err("Invalid escape character '!!'".into())
        );
        let similar = |v: &str, p: &str| call("SIMILAR TO", vec![lit(v), lit(p)]).0;
        assert_eq!(similar("abbc", "a[b]+c"), b(true));
        assert_eq!(similar("ab", "a|ab"), b(true));
        assert_eq!(
            call("SIMILAR TO", vec![lit("a.c"), lit(r"a\.c"), lit(r"\")]).0,
            Err(r"Invalid escape sequence 'a\.c', 1".into())
        );
        assert_eq!(
            call("SIMILAR TO", vec![lit("a%c"), lit(r"a\%c"), lit(r"\")]).0,
            b(true)
        );
        let replace =
            |v: &str, p: &str, r: &str| call("REGEXP_REPLACE", vec![lit(v), lit(p), lit(r)]).0;
        assert_eq!(replace("abc", "", "-"), s("-a-b-c-"));
        assert_eq!(replace("ab", "a|", "x"), s("xxbx"));
        assert_eq!(replace("abc", "^", "x"), s("xabc"));
        assert_eq!(replace("abc", "$", "x"), s("abcx"));
        assert_eq!(call("REGEXP_COUNT", vec![lit("abc"), lit("")]).0, i(4));
        assert_eq!(call("REGEXP", vec![lit("abc"), lit("")]).0, b(false));
        assert_eq!(call("REGEXP_EXTRACT", vec![lit("abc"), lit("")]).0, s(""));
        assert_eq!(call("REGEXP_SUBSTR", vec![lit("abc"), lit("")]).0, s(""));
        assert_eq!(call("REGEXP_INSTR", vec![lit("éa1"), lit(r"\d")]).0, i(3));
        assert_eq!(
            call("REGEXP_EXTRACT", vec![lit("aXbX"), lit("(?i)x")]).0,
            s("X")
        );
    }

    #[test]
    fn java_spellings() {
        assert_eq!(from_java(r"\p{Alpha}+\d"), r"[a-zA-Z]+\d");
        assert_eq!(from_java(r"\Qa.b\E."), r"a\.b.");
        assert_eq!(from_java(r"x\\p{Alpha}"), r"x\\p{Alpha}");
        assert_eq!(from_java("\\é\\p{Digit}"), "\\é[0-9]");
        assert_eq!(
            call("REGEXP", vec![lit("ab1"), lit(r"^\p{Alpha}+\p{Digit}$")]).0,
            b(true)
        );
        assert_eq!(
            call("REGEXP_REPLACE", vec![lit("a.b"), lit(r"\Q.\E"), lit("-")]).0,
            s("a-b")
        );
    }

    #[test]
    fn regexp_all_count_position() {
        let arr = |v: &[&str]| {
            Ok(Datum::Array(
                v.iter().map(|x| Datum::Str((*x).into())).collect(),
            ))
        };
        assert_eq!(
            call(
                "REGEXP_EXTRACT_ALL",
                vec![lit("a1b22c"), lit("([a-z])(\\d+)"), lit(2)]
            ),
            (arr(&["1", "22"]), "ARRAY<STRING>".into())
        );
        assert_eq!(
            call("REGEXP_EXTRACT_ALL", vec![lit("a1b22c"), lit("\\d+")]).0,
            NULL
        );
        assert_eq!(
            call("REGEXP_EXTRACT_ALL", vec![lit("a1b22c"), lit("(\\d+)")]).0,
            arr(&["1", "22"])
        );
        assert_eq!(
            call("REGEXP_COUNT", vec![lit("a1b22c"), lit("\\d")]),
            (i(3), "INT".into())
        );
        assert_eq!(call("REGEXP_COUNT", vec![lit("abc"), lit("(")]).0, NULL);
        assert_eq!(
            call("REGEXP_INSTR", vec![lit("abc123"), lit("\\d")]),
            (i(4), "INT".into())
        );
        assert_eq!(call("REGEXP_INSTR", vec![lit("abc"), lit("\\d")]).0, i(0));
        assert_eq!(
            call("REGEXP_SUBSTR", vec![lit("abc123"), lit("\\d+")]),
            (s("123"), "STRING".into())
        );
        assert_eq!(call("REGEXP_SUBSTR", vec![lit("abc"), lit("\\d+")]).0, NULL);
    }
}
