//! Flink's string functions: case, length, search, trimming, padding, substrings,
//! concatenation and splitting. (Patterns are in `regexp`, hashes and encodings in
//! `encoding`.)
//!
//! Lengths and positions count characters (code points); Java counts UTF-16 units, which
//! differs only for characters outside the Basic Multilingual Plane.
//!
//! How the translator calls those with SQL syntax of their own:
//! `POSITION(a IN b)` is `'POSITION'(a, b)`; `TRIM([BOTH|LEADING|TRAILING] [c] FROM s)`
//! is `'TRIM'(mode, c, s)` with `mode` the STRING literal `'BOTH'`, `'LEADING'` or
//! `'TRAILING'` (`'BOTH'` when not given) and `c` `' '` when not given;
//! `OVERLAY(s PLACING r FROM i [FOR n])` is `'OVERLAY'(s, r, i[, n])`;
//! `SUBSTRING(s FROM i [FOR n])` is `'SUBSTRING'(s, i[, n])`. The rest are plain calls.

use super::args::{
    Arg, any_nullable, check, check_variadic, int, least_restrictive, length_of, str_datum, strict,
    string, text,
};
use super::{Eval, Scalar, Session, Signature};
use crate::backend::local::ftype::{FlinkType, Kind};
use crate::backend::local::value::Datum;

use Arg::{Int, Str};

pub static FUNCTIONS: &[Scalar] = &[
    strict("UPPER", same_string::<0>, |a, _, _| {
        Ok(str_datum(text(&a[0]).to_uppercase()))
    }),
    strict("LOWER", same_string::<1>, |a, _, _| {
        Ok(str_datum(text(&a[0]).to_lowercase()))
    }),
    strict("INITCAP", same_string::<2>, |a, _, _| {
        Ok(str_datum(initcap(text(&a[0]))))
    }),
    strict("CHAR_LENGTH", char_length::<0>, |a, _, _| {
        Ok(Datum::Int(text(&a[0]).chars().count() as i64))
    }),
    strict("CHARACTER_LENGTH", char_length::<1>, |a, _, _| {
        Ok(Datum::Int(text(&a[0]).chars().count() as i64))
    }),
    strict("POSITION", position_type, |a, _, _| {
        Ok(Datum::Int(locate(text(&a[0]), text(&a[1]), 1)))
    }),
    strict("LOCATE", locate_type, |a, _, _| {
        let start = a.get(2).map(int).unwrap_or(1);
        Ok(Datum::Int(locate(text(&a[0]), text(&a[1]), start)))
    }),
    strict("INSTR", instr_type, |a, _, _| {
        Ok(Datum::Int(locate(text(&a[1]), text(&a[0]), 1)))
    }),
    strict("TRIM", trim_type, trim),
    strict("LTRIM", side_trim_type::<0>, |a, _, _| {
        let chars = a.get(1).map(text).unwrap_or(" ");
        Ok(str_datum(
            text(&a[0]).trim_start_matches(|c| chars.contains(c)),
        ))
    }),
    strict("RTRIM", side_trim_type::<1>, |a, _, _| {
        let chars = a.get(1).map(text).unwrap_or(" ");
        Ok(str_datum(
            text(&a[0]).trim_end_matches(|c| chars.contains(c)),
        ))
    }),
    strict("BTRIM", btrim_type, |a, _, _| {
        let chars = a.get(1).map(text).unwrap_or(" ");
        Ok(str_datum(text(&a[0]).trim_matches(|c| chars.contains(c))))
    }),
    strict("REPEAT", repeat_type, |a, _, _| {
        let n = usize::try_from(int(&a[1])).unwrap_or(0);
        let s = text(&a[0]);
        if s.len().saturating_mul(n) > MAX_RESULT_BYTES {
            return Err(too_long("REPEAT"));
        }
        Ok(str_datum(s.repeat(n)))
    }),
    strict("REPLACE", replace_type, |a, _, _| {
        Ok(str_datum(text(&a[0]).replace(text(&a[1]), text(&a[2]))))
    }),
    strict("OVERLAY", overlay_type, overlay),
    strict("SUBSTRING", substring_type::<0>, substring),
    strict("SUBSTR", substring_type::<1>, substring),
    strict("LEFT", left_right_type::<0>, |a, _, _| {
        let s = text(&a[0]);
        let n = usize::try_from(int(&a[1])).unwrap_or(0);
        Ok(str_datum(s.chars().take(n).collect::<String>()))
    }),
    strict("RIGHT", left_right_type::<1>, |a, _, _| {
        let s = text(&a[0]);
        let n = usize::try_from(int(&a[1])).unwrap_or(0);
        let skip = s.chars().count().saturating_sub(n);
        Ok(str_datum(s.chars().skip(skip).collect::<String>()))
    }),
    strict("LPAD", pad_type::<0>, |a, _, _| Ok(pad(a, true))),
    strict("RPAD", pad_type::<1>, |a, _, _| Ok(pad(a, false))),
    strict("CONCAT", concat_type, |a, _, _| {
        Ok(str_datum(a.iter().map(text).collect::<String>()))
    }),
    Scalar {
        name: "CONCAT_WS",
        strict: false,
        infer: concat_ws_type,
        eval: concat_ws,
    },
    strict("REVERSE", reverse_type, |a, _, _| {
        Ok(str_datum(text(&a[0]).chars().rev().collect::<String>()))
    }),
    strict("SPLIT_INDEX", split_index_type, split_index),
    strict("STR_TO_MAP", str_to_map_type, str_to_map),
    strict("ASCII", ascii_type, |a, _, _| {
        let first = text(&a[0]).as_bytes().first().copied().unwrap_or(0);
        Ok(Datum::Int(i64::from(first as i8)))
    }),
    strict("CHR", chr_type, |a, _, _| {
        let n = int(&a[0]);
        if n < 0 {
            return Ok(str_datum(""));
        }
        // Flink keeps the low byte and reads it as Latin-1.
        Ok(str_datum(char::from((n & 0xFF) as u8).to_string()))
    }),
    Scalar {
        name: "ELT",
        strict: false,
        infer: elt_type,
        eval: |a, _, _| {
            let Datum::Int(n) = a[0] else {
                return Ok(Datum::Null);
            };
            Ok(usize::try_from(n)
                .ok()
                .filter(|n| *n >= 1)
                .and_then(|n| a.get(n).cloned())
                .unwrap_or(Datum::Null))
        },
    },
    Scalar {
        name: "TRANSLATE",
        strict: false,
        infer: translate_type,
        eval: translate,
    },
    strict("STARTSWITH", affix_type::<0>, |a, _, _| {
        Ok(Datum::Bool(text(&a[0]).starts_with(text(&a[1]))))
    }),
    strict("ENDSWITH", affix_type::<1>, |a, _, _| {
        Ok(Datum::Bool(text(&a[0]).ends_with(text(&a[1]))))
    }),
];

/// The longest string a function builds (REPEAT, LPAD…): more is a user's mistake, not
/// something to allocate.
const MAX_RESULT_BYTES: usize = 1 << 30;

fn too_long(name: &str) -> String {
    format!("{name} would build a string longer than 1 GiB")
}

/// `NAMES[I]`: lets one `infer` serve several names (`fn` pointers cannot capture).
const SAME_STRING: [&str; 3] = ["UPPER", "LOWER", "INITCAP"];

/// UPPER, LOWER, INITCAP: the argument's own type (`UPPER('abc')` is CHAR(3)).
fn same_string<const I: usize>(a: &[FlinkType]) -> Result<FlinkType, String> {
    check(SAME_STRING[I], a, &[&[Str]])?;
    Ok(as_string(&a[0]))
}

/// A string argument's type, the NULL literal's as STRING.
fn as_string(t: &FlinkType) -> FlinkType {
    if t.is_null() { string(true) } else { t.clone() }
}

fn integer(nullable: bool) -> FlinkType {
    FlinkType::new(Kind::Int, nullable)
}

fn char_length<const I: usize>(a: &[FlinkType]) -> Result<FlinkType, String> {
    check(["CHAR_LENGTH", "CHARACTER_LENGTH"][I], a, &[&[Str]])?;
    Ok(integer(any_nullable(a)))
}

fn position_type(a: &[FlinkType]) -> Result<FlinkType, String> {
    check("POSITION", a, &[&[Str, Str]])?;
    Ok(integer(any_nullable(a)))
}

fn locate_type(a: &[FlinkType]) -> Result<FlinkType, String> {
    check("LOCATE", a, &[&[Str, Str], &[Str, Str, Int]])?;
    Ok(integer(any_nullable(a)))
}

fn instr_type(a: &[FlinkType]) -> Result<FlinkType, String> {
    check("INSTR", a, &[&[Str, Str]])?;
    Ok(integer(any_nullable(a)))
}

/// The 1-based position of `needle` in `hay` from character `start` on (below 1 is 1),
/// 0 when absent; an empty needle is at 1 wherever the search starts (Flink's).
fn locate(needle: &str, hay: &str, start: i64) -> i64 {
    if needle.is_empty() {
        return 1;
    }
    let skip = usize::try_from(start.max(1) - 1).unwrap_or(usize::MAX);
    let Some((byte_start, _)) = hay
        .char_indices()
        .nth(skip)
        .or_else(|| (skip == hay.chars().count()).then_some((hay.len(), ' ')))
    else {
        return 0;
    };
    match hay[byte_start..].find(needle) {
        Some(at) => (skip + hay[byte_start..byte_start + at].chars().count() + 1) as i64,
        None => 0,
    }
}

/// `TRIM([BOTH|LEADING|TRAILING] [chars] FROM str)`: the translator calls
/// `'TRIM'(mode, chars, str)` with `mode` the STRING literal `'BOTH'`, `'LEADING'` or
/// `'TRAILING'` (BOTH when the user gave none) and `chars` the characters to strip
/// (the literal `' '` when the user gave none). Every character of `chars` is stripped,
/// in any order (`TRIM(BOTH 'ab' FROM 'abxba')` is `x`).
fn trim_type(a: &[FlinkType]) -> Result<FlinkType, String> {
    if a.len() != 3 || !Str.accepts(&a[0]) || !Str.accepts(&a[1]) || !Str.accepts(&a[2]) {
        let given = a.last().map(super::args::calcite_name).unwrap_or_default();
        return Err(format!(
            "Cannot apply 'TRIM' to arguments of type 'TRIM([BOTH|LEADING|TRAILING] <SYMBOL> FROM <{given}>)'. Supported form(s): 'TRIM([BOTH|LEADING|TRAILING] <ANY> FROM <STRING>)'"
        ));
    }
    Ok(varchar_of(&a[2], any_nullable(a)))
}

fn trim(a: &[Datum], _: &Signature, _: &Session) -> Eval {
    let (mode, chars, s) = (text(&a[0]), text(&a[1]), text(&a[2]));
    let strip = |c: char| chars.contains(c);
    Ok(str_datum(match mode.to_ascii_uppercase().as_str() {
        "LEADING" => s.trim_start_matches(strip),
        "TRAILING" => s.trim_end_matches(strip),
        _ => s.trim_matches(strip),
    }))
}

/// VARCHAR of a string argument's length (TRIM's, SUBSTRING's result).
fn varchar_of(t: &FlinkType, nullable: bool) -> FlinkType {
    FlinkType::new(Kind::VarChar(length_of(t)), nullable)
}

fn side_trim_type<const I: usize>(a: &[FlinkType]) -> Result<FlinkType, String> {
    check(["LTRIM", "RTRIM"][I], a, &[&[Str], &[Str, Str]])?;
    Ok(varchar_of(&a[0], any_nullable(a)))
}

fn btrim_type(a: &[FlinkType]) -> Result<FlinkType, String> {
    check("BTRIM", a, &[&[Str], &[Str, Str]])?;
    Ok(string(any_nullable(a)))
}

fn repeat_type(a: &[FlinkType]) -> Result<FlinkType, String> {
    check("REPEAT", a, &[&[Str, Int]])?;
    Ok(string(any_nullable(a)))
}

fn replace_type(a: &[FlinkType]) -> Result<FlinkType, String> {
    check("REPLACE", a, &[&[Str, Str, Str]])?;
    Ok(string(any_nullable(a)))
}

/// `OVERLAY(s PLACING r FROM start [FOR length])` as `'OVERLAY'(s, r, start[, length])`.
fn overlay_type(a: &[FlinkType]) -> Result<FlinkType, String> {
    check("OVERLAY", a, &[&[Str, Str, Int], &[Str, Str, Int, Int]])?;
    let len = length_of(&a[0]).saturating_add(length_of(&a[1]));
    Ok(FlinkType::new(
        Kind::VarChar(len.min(crate::types::MAX_LENGTH as u32)),
        any_nullable(a),
    ))
}

fn overlay(a: &[Datum], _: &Signature, _: &Session) -> Eval {
    let s: Vec<char> = text(&a[0]).chars().collect();
    let r = text(&a[1]);
    let start = int(&a[2]);
    let length = a.get(3).map(int).unwrap_or(r.chars().count() as i64);
    // What Flink 2.3 returns: a start outside the string leaves it as is; a length of 0
    // drops the rest of it (`OVERLAY('abcdef' PLACING 'XY' FROM 2 FOR 0)` is `aXY`).
    if start < 1 || start as usize > s.len() {
        return Ok(str_datum(s.iter().collect::<String>()));
    }
    let begin = start as usize - 1;
    let mut out: String = s[..begin].iter().collect();
    out.push_str(r);
    if length > 0 {
        let rest = begin.saturating_add(usize::try_from(length).unwrap_or(usize::MAX));
        out.extend(s.iter().skip(rest));
    }
    Ok(str_datum(out))
}

/// `SUBSTRING(s FROM start [FOR length])` as `'SUBSTRING'(s, start[, length])`: a VARCHAR
/// of the argument's length, always nullable (Flink's).
fn substring_type<const I: usize>(a: &[FlinkType]) -> Result<FlinkType, String> {
    check(
        ["SUBSTRING", "SUBSTR"][I],
        a,
        &[&[Str, Int], &[Str, Int, Int]],
    )?;
    Ok(varchar_of(&a[0], true))
}

/// 1-based; a negative start counts from the end; a start of 0 is 1; a negative length
/// is NULL.
fn substring(a: &[Datum], _: &Signature, _: &Session) -> Eval {
    let chars: Vec<char> = text(&a[0]).chars().collect();
    let n = chars.len() as i64;
    let start = int(&a[1]);
    let length = a.get(2).map(int).unwrap_or(i64::MAX);
    if length < 0 {
        return Ok(Datum::Null);
    }
    let begin = match start {
        s if s > 0 => s - 1,
        0 => 0,
        s => n + s,
    };
    if begin < 0 || begin >= n {
        return Ok(str_datum(""));
    }
    let end = begin.saturating_add(length).min(n);
    Ok(str_datum(
        chars[begin as usize..end as usize]
            .iter()
            .collect::<String>(),
    ))
}

fn left_right_type<const I: usize>(a: &[FlinkType]) -> Result<FlinkType, String> {
    check(["LEFT", "RIGHT"][I], a, &[&[Str, Int]])?;
    Ok(varchar_of(&a[0], true))
}

fn pad_type<const I: usize>(a: &[FlinkType]) -> Result<FlinkType, String> {
    check(["LPAD", "RPAD"][I], a, &[&[Str, Int, Str]])?;
    Ok(string(any_nullable(a)))
}

/// LPAD/RPAD: cut to `len` characters or filled with `pad` repeated; NULL for a negative
/// length or nothing to fill with (Flink's).
fn pad(a: &[Datum], left: bool) -> Datum {
    let s: Vec<char> = text(&a[0]).chars().collect();
    let Ok(len) = usize::try_from(int(&a[1])) else {
        return Datum::Null;
    };
    let fill: Vec<char> = text(&a[2]).chars().collect();
    if len <= s.len() {
        return str_datum(s[..len].iter().collect::<String>());
    }
    if fill.is_empty() || len > MAX_RESULT_BYTES {
        return Datum::Null;
    }
    let padding = fill.iter().cycle().take(len - s.len());
    str_datum(if left {
        padding.chain(s.iter()).collect::<String>()
    } else {
        s.iter().chain(padding).collect::<String>()
    })
}

fn concat_type(a: &[FlinkType]) -> Result<FlinkType, String> {
    check_variadic("CONCAT", a, 1, Str)?;
    Ok(string(any_nullable(a)))
}

fn concat_ws_type(a: &[FlinkType]) -> Result<FlinkType, String> {
    check_variadic("CONCAT_WS", a, 1, Str)?;
    Ok(string(any_nullable(a)))
}

/// NULL separator: NULL; NULL strings are skipped.
fn concat_ws(a: &[Datum], _: &Signature, _: &Session) -> Eval {
    let Datum::Str(sep) = &a[0] else {
        return Ok(Datum::Null);
    };
    let parts: Vec<&str> = a[1..]
        .iter()
        .filter_map(|d| match d {
            Datum::Str(s) => Some(s.as_str()),
            _ => None,
        })
        .collect();
    Ok(str_datum(parts.join(sep)))
}

fn reverse_type(a: &[FlinkType]) -> Result<FlinkType, String> {
    check("REVERSE", a, &[&[Str]])?;
    Ok(string(true))
}

/// `SPLIT_INDEX(s, separator, index)`: the 0-based index-th piece, NULL when there is
/// none. The separator is a string, or an integer naming a character by its code.
fn split_index_type(a: &[FlinkType]) -> Result<FlinkType, String> {
    check("SPLIT_INDEX", a, &[&[Str, Int, Int], &[Str, Str, Int]])?;
    Ok(string(true))
}

fn split_index(a: &[Datum], _: &Signature, _: &Session) -> Eval {
    let s = text(&a[0]);
    let sep = match &a[1] {
        Datum::Int(code) => u32::try_from(*code)
            .ok()
            .and_then(char::from_u32)
            .map(String::from)
            .unwrap_or_default(),
        other => text(other).to_string(),
    };
    let Ok(index) = usize::try_from(int(&a[2])) else {
        return Ok(Datum::Null);
    };
    if s.is_empty() {
        return Ok(Datum::Null);
    }
    let piece = if sep.is_empty() {
        // Commons Lang splits on whitespace for an empty separator.
        s.split_whitespace().nth(index)
    } else {
        s.split(sep.as_str()).nth(index)
    };
    Ok(piece.map(str_datum).unwrap_or(Datum::Null))
}

/// `STR_TO_MAP(s[, pair_delimiter, key_value_delimiter])`, `,` and `=` by default; both
/// delimiters are regular expressions.
fn str_to_map_type(a: &[FlinkType]) -> Result<FlinkType, String> {
    check("STR_TO_MAP", a, &[&[Str], &[Str, Str, Str]])?;
    Ok(FlinkType::nullable(Kind::Map(
        Box::new(string(true)),
        Box::new(string(true)),
    )))
}

fn str_to_map(a: &[Datum], _: &Signature, _: &Session) -> Eval {
    let s = text(&a[0]);
    let (pairs, kv) = match a {
        [_, p, k] => (text(p), text(k)),
        _ => (",", "="),
    };
    let compile = |p: &str| {
        regex::Regex::new(p).map_err(|e| format!("STR_TO_MAP: invalid delimiter '{p}': {e}"))
    };
    let (pairs, kv) = (compile(pairs)?, compile(kv)?);
    let mut entries: Vec<(Datum, Datum)> = Vec::new();
    if s.is_empty() {
        return Ok(Datum::Map(entries));
    }
    let mut pieces: Vec<&str> = pairs.split(s).collect();
    // Java's String.split drops trailing empty pieces.
    while pieces.len() > 1 && pieces.last() == Some(&"") {
        pieces.pop();
    }
    for pair in pieces {
        let mut it = kv.splitn(pair, 2);
        let key = str_datum(it.next().unwrap_or_default());
        let value = it.next().map(str_datum).unwrap_or(Datum::Null);
        match entries.iter_mut().find(|(k, _)| *k == key) {
            Some(entry) => entry.1 = value,
            None => entries.push((key, value)),
        }
    }
    Ok(Datum::Map(entries))
}

fn ascii_type(a: &[FlinkType]) -> Result<FlinkType, String> {
    check("ASCII", a, &[&[Str]])?;
    Ok(integer(any_nullable(a)))
}

fn chr_type(a: &[FlinkType]) -> Result<FlinkType, String> {
    check("CHR", a, &[&[Int]])?;
    Ok(string(true))
}

/// `ELT(index, expr…)`: the index-th (1-based) expr; their common type, always nullable.
fn elt_type(a: &[FlinkType]) -> Result<FlinkType, String> {
    let choices: Vec<&FlinkType> = a.iter().skip(1).collect();
    let common = (a.len() >= 2 && Int.accepts(&a[0]))
        .then(|| least_restrictive(&choices))
        .flatten()
        .filter(|t| t.is_string() || t.is_binary() || t.is_null());
    match common {
        Some(t) if t.is_null() => Ok(string(true)),
        Some(t) => Ok(t.with_nullable(true)),
        None => Err(format!(
            "Invalid input arguments for ELT({}). Expected signature: ELT(index <INTEGER>, expr <CHARACTER STRING or BINARY STRING>, ...)",
            a.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

/// `TRANSLATE(s, from, to)`: each character of `from` in `s` becomes the one at its
/// position in `to`, or goes when `to` is shorter. A NULL `from` changes nothing, a NULL
/// `to` deletes (Flink's); the result is NULL only for a NULL `s`.
fn translate_type(a: &[FlinkType]) -> Result<FlinkType, String> {
    check("TRANSLATE", a, &[&[Str, Str, Str]])?;
    Ok(string(a[0].nullable))
}

fn translate(a: &[Datum], _: &Signature, _: &Session) -> Eval {
    let Datum::Str(s) = &a[0] else {
        return Ok(Datum::Null);
    };
    let Datum::Str(from) = &a[1] else {
        return Ok(str_datum(s.as_str()));
    };
    let to: Vec<char> = text(&a[2]).chars().collect();
    let from: Vec<char> = from.chars().collect();
    let out = s
        .chars()
        .filter_map(|c| match from.iter().position(|f| *f == c) {
            Some(i) => to.get(i).copied(),
            None => Some(c),
        })
        .collect::<String>();
    Ok(str_datum(out))
}

fn affix_type<const I: usize>(a: &[FlinkType]) -> Result<FlinkType, String> {
    check(["STARTSWITH", "ENDSWITH"][I], a, &[&[Str, Str]])?;
    Ok(FlinkType::new(Kind::Boolean, any_nullable(a)))
}

/// Each word's first letter upper case, the rest lower case; a word is a run of ASCII
/// letters and digits, and other characters stay as they are (`hELLO wORLD-foo_bar 1st`
/// is `Hello World-Foo_Bar 1st`, `éa ÉB` is `éA ÉB`, as Flink has it).
fn initcap(s: &str) -> String {
    let mut start = true;
    s.chars()
        .map(|c| {
            let out = match (c.is_ascii_alphabetic(), start) {
                (true, true) => c.to_ascii_uppercase(),
                (true, false) => c.to_ascii_lowercase(),
                _ => c,
            };
            start = !c.is_ascii_alphanumeric();
            out
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::args::testing::*;
    use super::*;

    #[test]
    fn case_and_length() {
        assert_eq!(
            call("UPPER", vec![lit("abc")]),
            (s("ABC"), "CHAR(3) NOT NULL".into())
        );
        assert_eq!(
            call("lower", vec![null("VARCHAR(5)")]),
            (NULL, "VARCHAR(5)".into())
        );
        assert_eq!(
            call("UPPER", vec![lit(1)]).0,
            Err("Cannot apply 'UPPER' to arguments of type 'UPPER(<INTEGER>)'. Supported form(s): 'UPPER(<CHARACTER>)'".into())
        );
        assert_eq!(
            call("INITCAP", vec![lit("hELLO wORLD-foo_bar 1st")]),
            (s("Hello World-Foo_Bar 1st"), "CHAR(23) NOT NULL".into())
        );
        assert_eq!(
            call("INITCAP", vec![lit("ab-cd éa ÉB")]).0,
            s("Ab-Cd éA ÉB")
        );
        assert_eq!(
            call("CHAR_LENGTH", vec![lit("héllo")]),
            (i(5), "INT NOT NULL".into())
        );
        assert_eq!(
            call("CHARACTER_LENGTH", vec![null("VARCHAR(5)")]),
            (NULL, "INT".into())
        );
    }

    #[test]
    fn search() {
        assert_eq!(call("POSITION", vec![lit("b"), lit("abc")]).0, i(2));
        assert_eq!(call("POSITION", vec![lit("x"), lit("abc")]).0, i(0));
        assert_eq!(call("POSITION", vec![lit(""), lit("abc")]).0, i(1));
        assert_eq!(call("LOCATE", vec![lit("b"), lit("abcb"), lit(3)]).0, i(4));
        assert_eq!(call("LOCATE", vec![lit("b"), lit("abcb"), lit(0)]).0, i(2));
        assert_eq!(call("LOCATE", vec![lit("b"), lit("abcb"), lit(-1)]).0, i(2));
        assert_eq!(call("LOCATE", vec![lit("b"), lit("abcb"), lit(10)]).0, i(0));
        assert_eq!(call("LOCATE", vec![lit("é"), lit("aéé"), lit(3)]).0, i(3));
        assert_eq!(call("LOCATE", vec![lit(""), lit("abc"), lit(2)]).0, i(1));
        assert_eq!(call("LOCATE", vec![lit("c"), lit("abc"), lit(3)]).0, i(3));
        assert_eq!(call("LOCATE", vec![lit("b"), lit("abc"), lit(4)]).0, i(0));
        assert_eq!(
            call("INSTR", vec![lit("abcb"), lit("b")]),
            (i(2), "INT NOT NULL".into())
        );
        assert_eq!(
            call("LOCATE", vec![lit(1), lit("a")]).0,
            Err("Cannot apply 'LOCATE' to arguments of type 'LOCATE(<INTEGER>, <CHAR(1)>)'. Supported form(s): 'LOCATE(<CHARACTER>, <CHARACTER>)'".into())
        );
        assert_eq!(
            call("STARTSWITH", vec![lit("abc"), lit("ab")]).0,
            Ok(Datum::Bool(true))
        );
        assert_eq!(
            call("ENDSWITH", vec![null("STRING"), lit("a")]),
            (NULL, "BOOLEAN".into())
        );
    }

    #[test]
    fn trimming() {
        assert_eq!(
            call("TRIM", vec![lit("BOTH"), lit(" "), lit("  ab  ")]),
            (s("ab"), "VARCHAR(6) NOT NULL".into())
        );
        assert_eq!(
            call("TRIM", vec![lit("BOTH"), lit("ab"), lit("abxba")]).0,
            s("x")
        );
        assert_eq!(
            call("TRIM", vec![lit("LEADING"), lit("x"), lit("xxaxx")]).0,
            s("axx")
        );
        assert_eq!(
            call("TRIM", vec![lit("TRAILING"), lit(" "), lit("  x  ")]).0,
            s("  x")
        );
        assert_eq!(
            call("TRIM", vec![lit("BOTH"), lit("x"), null("STRING")]),
            (NULL, "STRING".into())
        );
        assert_eq!(
            call("LTRIM", vec![lit("  ab  ")]),
            (s("ab  "), "VARCHAR(6) NOT NULL".into())
        );
        assert_eq!(call("RTRIM", vec![lit("axx"), lit("x")]).0, s("a"));
        assert_eq!(
            call("BTRIM", vec![lit("xxaxx"), lit("x")]),
            (s("a"), "STRING NOT NULL".into())
        );
    }

    #[test]
    fn building() {
        assert_eq!(
            call("REPEAT", vec![lit("ab"), lit(3)]),
            (s("ababab"), "STRING NOT NULL".into())
        );
        assert_eq!(call("REPEAT", vec![lit("ab"), lit(-1)]).0, s(""));
        assert_eq!(
            call("REPLACE", vec![lit("aaa"), lit("aa"), lit("b")]).0,
            s("ba")
        );
        assert_eq!(
            call("REPLACE", vec![lit("abc"), lit(""), lit("x")]).0,
            s("xaxbxcx")
        );
        assert_eq!(
            call("OVERLAY", vec![lit("abcdef"), lit("XY"), lit(2), lit(3)]),
            (s("aXYef"), "VARCHAR(8) NOT NULL".into())
        );
        assert_eq!(
            call("OVERLAY", vec![lit("abcdef"), lit("XY"), lit(2)]).0,
            s("aXYdef")
        );
        assert_eq!(
            call("OVERLAY", vec![lit("abc"), lit("XY"), lit(10), lit(1)]).0,
            s("abc")
        );
        assert_eq!(
            call("OVERLAY", vec![lit("abcdef"), lit("XY"), lit(2), lit(0)]).0,
            s("aXY")
        );
        assert_eq!(
            call("LPAD", vec![lit("ab"), lit(5), lit("x")]).0,
            s("xxxab")
        );
        assert_eq!(
            call("RPAD", vec![lit("ab"), lit(6), lit("xyz")]).0,
            s("abxyzx")
        );
        assert_eq!(call("LPAD", vec![lit("abc"), lit(2), lit("x")]).0, s("ab"));
        assert_eq!(call("LPAD", vec![lit("abc"), lit(-1), lit("x")]).0, NULL);
        assert_eq!(call("LPAD", vec![lit("abc"), lit(5), lit("")]).0, NULL);
        assert_eq!(
            call("CONCAT", vec![lit("a"), lit("bc")]),
            (s("abc"), "STRING NOT NULL".into())
        );
        assert_eq!(
            call("CONCAT", vec![lit("a"), null("STRING")]),
            (NULL, "STRING".into())
        );
        assert!(call("CONCAT", vec![lit("a"), lit(1)]).0.is_err());
        assert_eq!(
            call(
                "CONCAT_WS",
                vec![lit(","), lit("a"), null("STRING"), lit("b")]
            ),
            (s("a,b"), "STRING".into())
        );
        assert_eq!(call("CONCAT_WS", vec![null("STRING"), lit("a")]).0, NULL);
        assert_eq!(
            call("CONCAT_WS", vec![lit(",")]),
            (s(""), "STRING NOT NULL".into())
        );
        assert_eq!(
            call("REVERSE", vec![lit("héllo")]),
            (s("olléh"), "STRING".into())
        );
    }

    #[test]
    fn substrings() {
        let sub = |start: i64, len: Option<i64>| {
            let mut a = vec![lit("abcdef"), lit(start)];
            a.extend(len.map(lit));
            call("SUBSTRING", a)
        };
        assert_eq!(sub(2, Some(3)), (s("bcd"), "VARCHAR(6)".into()));
        assert_eq!(sub(2, None).0, s("bcdef"));
        assert_eq!(sub(-2, None).0, s("ef"));
        assert_eq!(sub(-2, Some(1)).0, s("e"));
        assert_eq!(sub(0, Some(2)).0, s("ab"));
        assert_eq!(sub(10, None).0, s(""));
        assert_eq!(sub(2, Some(-1)).0, NULL);
        assert_eq!(sub(-10, Some(3)).0, s(""));
        assert_eq!(sub(1, Some(100)).0, s("abcdef"));
        assert_eq!(
            call("SUBSTR", vec![lit("abcdef"), lit(-3), lit(2)]).0,
            s("de")
        );
        assert_eq!(
            call("LEFT", vec![lit("abcdef"), lit(2)]),
            (s("ab"), "VARCHAR(6)".into())
        );
        assert_eq!(call("LEFT", vec![lit("abc"), lit(-1)]).0, s(""));
        assert_eq!(call("RIGHT", vec![lit("abcdef"), lit(2)]).0, s("ef"));
        assert_eq!(call("RIGHT", vec![lit("abc"), lit(10)]).0, s("abc"));
    }

    #[test]
    fn splitting() {
        assert_eq!(
            call("SPLIT_INDEX", vec![lit("a,b,c"), lit(","), lit(1)]),
            (s("b"), "STRING".into())
        );
        assert_eq!(
            call("SPLIT_INDEX", vec![lit("a,b,c"), lit(","), lit(5)]).0,
            NULL
        );
        assert_eq!(
            call("SPLIT_INDEX", vec![lit("a,b,c"), lit(","), lit(-1)]).0,
            NULL
        );
        assert_eq!(
            call("SPLIT_INDEX", vec![lit("a,,c"), lit(","), lit(1)]).0,
            s("")
        );
        assert_eq!(
            call("SPLIT_INDEX", vec![lit("a::b"), lit("::"), lit(1)]).0,
            s("b")
        );
        assert_eq!(
            call("SPLIT_INDEX", vec![lit("a,b"), lit(44), lit(1)]).0,
            s("b")
        );
        let map = |pairs: &[(&str, Option<&str>)]| {
            Ok(Datum::Map(
                pairs
                    .iter()
                    .map(|(k, v)| {
                        (
                            Datum::Str((*k).into()),
                            v.map_or(Datum::Null, |v| Datum::Str(v.into())),
                        )
                    })
                    .collect(),
            ))
        };
        assert_eq!(
            call("STR_TO_MAP", vec![lit("a=1,b=2")]),
            (
                map(&[("a", Some("1")), ("b", Some("2"))]),
                "MAP<STRING, STRING>".into()
            )
        );
        assert_eq!(
            call("STR_TO_MAP", vec![lit("a:1;b:2"), lit(";"), lit(":")]).0,
            map(&[("a", Some("1")), ("b", Some("2"))])
        );
        assert_eq!(
            call("STR_TO_MAP", vec![lit("a=1,b")]).0,
            map(&[("a", Some("1")), ("b", None)])
        );
        assert_eq!(
            call("STR_TO_MAP", vec![lit("a=1,a=2")]).0,
            map(&[("a", Some("2"))])
        );
        assert_eq!(call("STR_TO_MAP", vec![lit("")]).0, map(&[]));
        assert_eq!(
            call("STR_TO_MAP", vec![lit("a=1,")]).0,
            map(&[("a", Some("1"))])
        );
        assert_eq!(
            call("STR_TO_MAP", vec![lit(",a=1")]).0,
            map(&[("", None), ("a", Some("1"))])
        );
        assert_eq!(
            call("STR_TO_MAP", vec![lit("a.1,b.2"), lit(","), lit(".")]).0,
            map(&[("", Some(".2"))])
        );
    }

    #[test]
    fn characters() {
        assert_eq!(
            call("ASCII", vec![lit("a")]),
            (i(97), "INT NOT NULL".into())
        );
        assert_eq!(call("ASCII", vec![lit("")]).0, i(0));
        assert_eq!(call("ASCII", vec![lit("é")]).0, i(-61));
        assert_eq!(call("CHR", vec![lit(97)]), (s("a"), "STRING".into()));
        assert_eq!(call("CHR", vec![lit(353)]).0, s("a"));
        assert_eq!(call("CHR", vec![lit(256)]).0, s("\0"));
        assert_eq!(call("CHR", vec![lit(-1)]).0, s(""));
        assert_eq!(
            call("ELT", vec![lit(2), lit("a"), lit("bc")]),
            (s("bc"), "VARCHAR(2)".into())
        );
        assert_eq!(
            call("ELT", vec![lit(3), lit("a"), lit("b")]),
            (NULL, "CHAR(1)".into())
        );
        assert_eq!(call("ELT", vec![lit(0), lit("a"), lit("b")]).0, NULL);
        assert!(call("ELT", vec![lit(1), lit(1), lit(2)]).0.is_err());
        let bin = |b: &[u8], ty: &'static str| (Datum::Bytes(b.to_vec()), t(ty));
        assert_eq!(
            call(
                "ELT",
                vec![
                    lit(1),
                    bin(&[1], "BINARY(1) NOT NULL"),
                    bin(&[2, 3], "BINARY(2) NOT NULL")
                ]
            ),
            (Ok(Datum::Bytes(vec![1])), "VARBINARY(2)".into())
        );
        assert_eq!(
            call("TRANSLATE", vec![lit("abcabc"), lit("abc"), lit("x")]),
            (s("xx"), "STRING NOT NULL".into())
        );
        assert_eq!(
            call("TRANSLATE", vec![lit("abc"), lit("a"), null("STRING")]),
            (s("bc"), "STRING NOT NULL".into())
        );
        assert_eq!(
            call("TRANSLATE", vec![lit("abc"), null("STRING"), lit("x")]).0,
            s("abc")
        );
    }
}
