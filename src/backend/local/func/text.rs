//! Values read from text as Flink's CAST and typed literals read them: numbers (trimmed,
//! Java's errors), booleans, dates, times and timestamps in Flink's accepted forms.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, Timelike};

use crate::backend::local::ftype::{FlinkType, Kind};
use crate::backend::local::value::{Datum, truncate_ts};

/// Java's `String.trim`: every leading and trailing character up to U+0020.
pub fn java_trim(s: &str) -> &str {
    s.trim_matches(|c: char| c <= ' ')
}

pub fn parse_bool(s: &str) -> Result<bool, String> {
    match s.to_ascii_lowercase().as_str() {
        "t" | "true" | "y" | "yes" | "1" => Ok(true),
        "f" | "false" | "n" | "no" | "0" => Ok(false),
        _ => Err(format!(
            "org.apache.flink.table.api.TableException: Cannot parse '{s}' as BOOLEAN."
        )),
    }
}

/// Flink's string-to-integer parse: trimmed, an optional sign, digits, and a fractional
/// part that is dropped (`'1.5'` is 1); overflow of the type is an error.
pub fn parse_int(text: &str, bits: u32) -> Result<i64, String> {
    let err =
        |why: &str| format!("java.lang.NumberFormatException: For input string: '{text}'. {why}");
    let s = java_trim(text);
    if s.is_empty() {
        return Err(err("Input is empty."));
    }
    let (negative, rest) = match s.as_bytes()[0] {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    if rest.is_empty() {
        return Err(err("Input has only positive or negative symbol."));
    }
    let (int, frac) = rest.split_once('.').unwrap_or((rest, ""));
    if int.is_empty() && frac.is_empty()
        || !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit())
    {
        return Err(err("Invalid character found."));
    }
    let max = i128::from(wrap_max(bits));
    let mut v: i128 = 0;
    for b in int.bytes() {
        v = v * 10 + i128::from(b - b'0');
        if v > max + 1 {
            return Err(err("Overflow."));
        }
    }
    let v = if negative { -v } else { v };
    if v > max || v < -max - 1 {
        return Err(err("Overflow."));
    }
    Ok(v as i64)
}

fn wrap_max(bits: u32) -> i64 {
    match bits {
        8 => i64::from(i8::MAX),
        16 => i64::from(i16::MAX),
        32 => i64::from(i32::MAX),
        _ => i64::MAX,
    }
}

/// Java's `Double.parseDouble`: trimmed, `NaN`, `Infinity`, an `f`/`d` suffix.
pub fn parse_double(text: &str) -> Result<f64, String> {
    let s = java_trim(text);
    let unsigned = s.trim_start_matches(['+', '-']);
    let body = unsigned
        .strip_suffix(['d', 'D', 'f', 'F'])
        .unwrap_or(unsigned);
    let ok = match body {
        "NaN" | "Infinity" => s.len() - unsigned.len() <= 1,
        _ => {
            !body.is_empty()
                && body
                    .bytes()
                    .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'))
        }
    };
    let parsed = if ok {
        let clean = &s[..s.len() - (unsigned.len() - body.len())];
        clean.parse::<f64>().ok()
    } else {
        None
    };
    parsed.ok_or_else(|| format!("java.lang.NumberFormatException: For input string: \"{text}\""))
}

pub fn cut_time(t: NaiveTime, precision: u8) -> NaiveTime {
    let unit = 10u32.pow(9 - u32::from(precision.min(9)));
    t.with_nanosecond(t.nanosecond() / unit * unit).unwrap_or(t)
}

/// Digits of a field of 1 to `max` digits; the rest of the text.
fn digits(s: &str, max: usize) -> Option<(u32, &str)> {
    let n = s.bytes().take(max).take_while(u8::is_ascii_digit).count();
    if n == 0 {
        return None;
    }
    Some((s[..n].parse().ok()?, &s[n..]))
}

/// `y-M-d` at the start of `s` (`lenient`: `y[-M[-d]]`, as CAST reads '2024-03' as
/// 2024-03-01); the rest of the text.
fn date_prefix(s: &str, lenient: bool) -> Option<(NaiveDate, &str)> {
    let (y, r) = digits(s, 4)?;
    let field = |r: &'_ str| -> Option<(u32, usize)> {
        match r.strip_prefix('-') {
            Some(after) => digits(after, 2).map(|(v, rest)| (v, r.len() - rest.len())),
            None if lenient => Some((1, 0)),
            None => None,
        }
    };
    let (m, used) = field(r)?;
    let r = &r[used..];
    let (d, used) = if used == 0 { (1, 0) } else { field(r)? };
    let r = &r[used..];
    // Flink has no year 0 (`Year out of range: [0]`).
    let y = i32::try_from(y).ok().filter(|y| *y > 0)?;
    Some((NaiveDate::from_ymd_opt(y, m, d)?, r))
}

/// `H:m:s[.f]` (`lenient`: `H[:m[:s[.f]]]`, as CAST to TIME reads '12' as 12:00:00).
fn time_of(s: &str, lenient: bool) -> Option<NaiveTime> {
    let (h, r) = digits(s, 2)?;
    let mut fields = [0u32; 2];
    let mut r = r;
    for field in &mut fields {
        match r.strip_prefix(':') {
            Some(after) => {
                let (v, rest) = digits(after, 2)?;
                *field = v;
                r = rest;
            }
            None if lenient && r.is_empty() => break,
            None => return None,
        }
    }
    let [m, sec] = fields;
    let nanos = match r.strip_prefix('.') {
        Some(f) if !f.is_empty() && f.len() <= 9 && f.bytes().all(|b| b.is_ascii_digit()) => {
            format!("{f:0<9}").parse().ok()?
        }
        None if r.is_empty() => 0,
        _ => return None,
    };
    NaiveTime::from_hms_nano_opt(h, m, sec, nanos)
}

/// Flink's text to DATE: trimmed, `y[-M[-d]]` optionally followed by a time.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let s = java_trim(text);
    match date_prefix(s, true) {
        Some((d, rest)) if rest.is_empty() || rest.starts_with([' ', 'T']) => Ok(d),
        _ => Err(format!(
            "java.time.DateTimeException: For input string: '{text}'."
        )),
    }
}

/// Flink's text to TIME: trimmed, `H[:m[:s[.fff]]]`.
pub fn parse_time(text: &str) -> Result<NaiveTime, String> {
    time_of(java_trim(text), true).ok_or_else(|| {
        format!(
            "java.time.DateTimeException: Invalid time format: '{text}'. Expected format: \
             HH:mm:ss[.fff] where HH is 00-23, mm is 00-59, ss is 00-59"
        )
    })
}

/// Flink's text to TIMESTAMP: `yyyy-M-d[ H:m:s[.fffffffff]]`, not trimmed.
pub fn parse_timestamp(text: &str) -> Result<NaiveDateTime, String> {
    let parsed = date_prefix(text, false).and_then(|(d, rest)| {
        if rest.is_empty() {
            return Some(d.and_time(NaiveTime::MIN));
        }
        Some(d.and_time(time_of(rest.strip_prefix(' ')?, false)?))
    });
    parsed.ok_or_else(|| {
        format!("java.time.format.DateTimeParseException: Text '{text}' could not be parsed")
    })
}

/// A typed literal, `DATE '2024-01-01'`, `TIME '10:20:30.5'`, `TIMESTAMP '2024-01-01
/// 10:00:00.123'` (TIMESTAMP_LTZ alike): its value and type, whose precision is the
/// number of fractional digits written (at most 3 for TIME).
pub fn parse_literal(kind: &str, text: &str) -> Result<(Datum, FlinkType), String> {
    let kind = kind.to_ascii_uppercase();
    let trimmed = java_trim(text);
    let fraction = |s: &str| -> u8 {
        s.rsplit_once('.')
            .filter(|(_, f)| f.bytes().all(|b| b.is_ascii_digit()) && !s.ends_with('.'))
            .map_or(0, |(_, f)| f.len().min(9) as u8)
    };
    let bad = |format: &str| format!("Illegal {kind} literal '{text}': not in format '{format}'");
    match kind.as_str() {
        "DATE" => match date_prefix(trimmed, false) {
            Some((d, "")) => Ok((Datum::Date(d), FlinkType::not_null(Kind::Date))),
            _ => Err(bad("yyyy-MM-dd")),
        },
        "TIME" => {
            let t = time_of(trimmed, false).ok_or_else(|| bad("HH:mm:ss"))?;
            let p = fraction(trimmed).min(3);
            Ok((
                Datum::Time(cut_time(t, p)),
                FlinkType::not_null(Kind::Time(p)),
            ))
        }
        "TIMESTAMP" | "TIMESTAMP_LTZ" => {
            let ts = parse_timestamp(trimmed).map_err(|_| bad("yyyy-MM-dd HH:mm:ss"))?;
            let p = if trimmed.contains(' ') {
                fraction(trimmed)
            } else {
                0
            };
            let ts = truncate_ts(ts, p);
            if kind == "TIMESTAMP" {
                Ok((
                    Datum::Timestamp(ts),
                    FlinkType::not_null(Kind::Timestamp(p)),
                ))
            } else {
                Ok((
                    Datum::TimestampLtz(ts),
                    FlinkType::not_null(Kind::TimestampLtz(p)),
                ))
            }
        }
        _ => Err(format!("Unknown literal type {kind}")),
    }
}

#[cfg(test)]
mod tests {
    use super::super::Session;
    use super::super::cast::to_text;
    use super::*;

    fn session() -> Session {
        Session::default()
    }

    #[test]
    fn typed_literals_take_their_precision_from_their_digits() {
        let lit = |k: &str, t: &str| {
            parse_literal(k, t).map(|(d, ty)| (to_text(&d, &ty, &session()), ty.to_string()))
        };
        let pair = |a: &str, b: &str| Ok((a.to_string(), b.to_string()));
        assert_eq!(
            lit("TIMESTAMP", "2024-01-01 10:00:00.123"),
            pair("2024-01-01 10:00:00.123", "TIMESTAMP(3) NOT NULL")
        );
        assert_eq!(
            lit("TIMESTAMP", "2024-01-01 10:00:00"),
            pair("2024-01-01 10:00:00", "TIMESTAMP(0) NOT NULL")
        );
        assert_eq!(
            lit("TIMESTAMP", "2024-01-01 10:00:00.1234567"),
            pair("2024-01-01 10:00:00.1234567", "TIMESTAMP(7) NOT NULL")
        );
        assert_eq!(
            lit("TIMESTAMP", "2024-01-01"),
            pair("2024-01-01 00:00:00", "TIMESTAMP(0) NOT NULL")
        );
        assert_eq!(
            lit("TIMESTAMP", "2024-1-5 1:2:3"),
            pair("2024-01-05 01:02:03", "TIMESTAMP(0) NOT NULL")
        );
        assert_eq!(
            lit("TIME", "10:20:30.5"),
            pair("10:20:30.5", "TIME(1) NOT NULL")
        );
        assert_eq!(
            lit("TIME", "10:20:30"),
            pair("10:20:30", "TIME(0) NOT NULL")
        );
        assert_eq!(
            lit("TIME", "10:20:30.123456"),
            pair("10:20:30.123", "TIME(3) NOT NULL")
        );
        assert_eq!(lit("TIME", "1:2:3"), pair("01:02:03", "TIME(0) NOT NULL"));
        assert_eq!(lit("DATE", "2024-1-5"), pair("2024-01-05", "DATE NOT NULL"));
        assert_eq!(
            lit("DATE", " 2024-01-01"),
            pair("2024-01-01", "DATE NOT NULL")
        );
        assert_eq!(
            lit("DATE", "2024-13-01"),
            Err("Illegal DATE literal '2024-13-01': not in format 'yyyy-MM-dd'".into())
        );
        assert_eq!(
            lit("TIMESTAMP", "2024-01-01 25:00:00"),
            Err("Illegal TIMESTAMP literal '2024-01-01 25:00:00': not in format 'yyyy-MM-dd HH:mm:ss'".into())
        );
        assert!(lit("TIMESTAMP", "2024-01-01T10:00:00").is_err());
        assert_eq!(
            lit("TIME", "10:20"),
            Err("Illegal TIME literal '10:20': not in format 'HH:mm:ss'".into())
        );
    }
}
