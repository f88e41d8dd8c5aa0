//! CAST and TRY_CAST: Flink's conversions between types, with its errors.
//!
//! Checked against Flink 2.3's SQL Gateway: integers narrow by wrapping (Java's `(byte)`
//! casts), doubles saturate, a DECIMAL that does not fit is NULL, strings are trimmed
//! for numbers, DATE and TIME but not for TIMESTAMP or BOOLEAN, CHAR(n) pads and
//! VARCHAR(n) cuts.

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike};

use super::{Eval, Session, TimeZone};
use crate::backend::local::ftype::{FlinkType, Kind};
use crate::backend::local::value::{Datum, decimal_text, parse_decimal, truncate_ts};
use crate::render::flink;

/// Whether Flink allows `CAST(x AS to)` for an `x` of type `from` (explicit cast).
pub fn castable(from: &FlinkType, to: &FlinkType) -> bool {
    cast_error(from, to).is_none()
}

/// Flink's validation error for `CAST(x AS to)` with `x` of type `from`; None when the
/// cast is allowed.
pub fn cast_error(from: &FlinkType, to: &FlinkType) -> Option<String> {
    let (f, t) = (from, to);
    let numeric = |x: &FlinkType| x.is_numeric();
    let timestamp = |x: &FlinkType| matches!(x.kind, Kind::Timestamp(_));
    let ltz = |x: &FlinkType| matches!(x.kind, Kind::TimestampLtz(_));
    if numeric(f) && timestamp(t) {
        return Some(
            "The cast from NUMERIC type to TIMESTAMP type is not allowed. It's recommended to \
             use TO_TIMESTAMP(FROM_UNIXTIME(numeric_col)) instead, note the numeric is in seconds."
                .into(),
        );
    }
    if numeric(f) && ltz(t) {
        return Some(
            "The cast from NUMERIC type to TIMESTAMP_LTZ type is not allowed. It's recommended \
             to use TO_TIMESTAMP_LTZ(numeric_col, precision) instead."
                .into(),
        );
    }
    if (timestamp(f) || ltz(f)) && numeric(t) {
        return Some(format!(
            "The cast from {} type to NUMERIC type is not allowed. It's recommended to use \
             UNIX_TIMESTAMP(CAST(timestamp_col AS STRING)) instead.",
            if ltz(f) { "TIMESTAMP_LTZ" } else { "TIMESTAMP" }
        ));
    }
    if allowed(f, t) {
        None
    } else {
        Some(format!(
            "Cast function cannot convert value of type {} to type {}",
            f.with_nullable(true),
            t.with_nullable(true)
        ))
    }
}

fn allowed(f: &FlinkType, t: &FlinkType) -> bool {
    use Kind::*;
    if f.is_null() || f.kind == t.kind {
        return true;
    }
    let text = |x: &FlinkType| x.is_string();
    match (&f.kind, &t.kind) {
        _ if text(t) => !matches!(f.kind, Multiset(_)),
        _ if text(f) => !matches!(
            t.kind,
            Array(_) | Multiset(_) | Map(..) | Row(_) | IntervalMonths(_) | IntervalMillis(_)
        ),
        _ if f.is_numeric() && (t.is_numeric() || t.kind == Boolean) => true,
        (Boolean, _) if t.is_numeric() => true,
        _ if f.is_binary() && t.is_binary() => true,
        (Date, Timestamp(_) | TimestampLtz(_)) => true,
        (Time(_), Time(_) | Timestamp(_) | TimestampLtz(_)) => true,
        (Timestamp(_) | TimestampLtz(_), Date | Time(_) | Timestamp(_) | TimestampLtz(_)) => true,
        (
            TinyInt | SmallInt | Int | BigInt | Decimal(..),
            IntervalMonths(_) | IntervalMillis(_),
        ) => true,
        (IntervalMonths(_), IntervalMonths(_)) | (IntervalMillis(_), IntervalMillis(_)) => true,
        (IntervalMonths(_) | IntervalMillis(_), TinyInt | SmallInt | Int | BigInt) => false,
        (Array(a), Array(b)) | (Multiset(a), Multiset(b)) => allowed(a, b),
        (Map(k1, v1), Map(k2, v2)) => allowed(k1, k2) && allowed(v1, v2),
        (Row(a), Row(b)) => a.len() == b.len() && a.iter().zip(b).all(|(x, y)| allowed(&x.1, &y.1)),
        _ => false,
    }
}

/// Flink's implicit (assignment) casts: a value of `from` goes where `to` is expected
/// (an INSERT column, a function argument) without a CAST. Nullability is not checked.
pub fn implicit(from: &FlinkType, to: &FlinkType) -> bool {
    use Kind::*;
    if from.is_null() || from.kind == to.kind {
        return true;
    }
    let int_rank = |k: &Kind| match k {
        TinyInt => 1,
        SmallInt => 2,
        Int => 3,
        BigInt => 4,
        _ => 0,
    };
    match (&from.kind, &to.kind) {
        _ if from.is_integer() && to.is_integer() => int_rank(&from.kind) <= int_rank(&to.kind),
        _ if from.is_integer() => matches!(to.kind, Decimal(..) | Float | Double),
        // Flink's DECIMAL takes any number (an INSERT of 1e0 into DECIMAL(5, 2)).
        _ if from.is_numeric() && to.is_decimal() => true,
        (Decimal(..), Float | Double) | (Float, Double) => true,
        _ if from.is_string() && to.is_string() => true,
        _ if from.is_binary() && to.is_binary() => true,
        (Time(_), Time(_)) => true,
        (Timestamp(_) | TimestampLtz(_), Timestamp(_) | TimestampLtz(_)) => true,
        (IntervalMonths(_), IntervalMonths(_)) | (IntervalMillis(_), IntervalMillis(_)) => true,
        (Array(a), Array(b)) | (Multiset(a), Multiset(b)) => implicit(a, b),
        (Map(k1, v1), Map(k2, v2)) => implicit(k1, k2) && implicit(v1, v2),
        (Row(a), Row(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| implicit(&x.1, &y.1))
        }
        _ => false,
    }
}

/// `TRY_CAST(d AS to)`: the cast's value, or NULL where CAST fails.
pub fn try_cast(d: &Datum, from: &FlinkType, to: &FlinkType, session: &Session) -> Datum {
    cast(d, from, to, session).unwrap_or(Datum::Null)
}

/// `CAST(d AS to)` for a `d` of type `from`: Flink's value, or its runtime error.
pub fn cast(d: &Datum, from: &FlinkType, to: &FlinkType, session: &Session) -> Eval {
    if d.is_null() {
        return Ok(Datum::Null);
    }
    let tk = &to.kind;
    Ok(match tk {
        Kind::Null => Datum::Null,
        Kind::Char(n) | Kind::VarChar(n) => {
            let s = to_text(d, from, session);
            Datum::Str(fit_text(s, *n, matches!(tk, Kind::Char(_))))
        }
        Kind::Boolean => match d {
            Datum::Bool(b) => Datum::Bool(*b),
            Datum::Int(i) => Datum::Bool(*i != 0),
            Datum::Decimal(v, _) => Datum::Bool(*v != 0),
            Datum::Double(x) => Datum::Bool(*x != 0.0),
            Datum::Str(s) => Datum::Bool(parse_bool(s)?),
            _ => return Err(unsupported(from, to)),
        },
        Kind::TinyInt | Kind::SmallInt | Kind::Int | Kind::BigInt => {
            let bits = int_bits(tk);
            match d {
                Datum::Bool(b) => Datum::Int(i64::from(*b)),
                Datum::Int(i) => Datum::Int(wrap(i128::from(*i), bits)),
                Datum::Decimal(v, s) => Datum::Int(wrap(*v / pow10(*s), bits)),
                Datum::Double(x) => Datum::Int(double_to_int(*x, bits)),
                Datum::Str(s) => Datum::Int(parse_int(s, bits)?),
                Datum::Months(m) => Datum::Int(wrap(i128::from(*m), bits)),
                Datum::Millis(m) => Datum::Int(wrap(i128::from(*m), bits)),
                _ => return Err(unsupported(from, to)),
            }
        }
        Kind::Float | Kind::Double => {
            let x = match d {
                Datum::Bool(b) => f64::from(u8::from(*b)),
                Datum::Int(i) => *i as f64,
                Datum::Decimal(v, s) => decimal_to_f64(*v, *s),
                Datum::Double(x) => *x,
                Datum::Str(s) => parse_double(s)?,
                _ => return Err(unsupported(from, to)),
            };
            Datum::Double(if *tk == Kind::Float {
                f64::from(x as f32)
            } else {
                x
            })
        }
        Kind::Decimal(p, s) => {
            let v = match d {
                Datum::Bool(b) => Some(i128::from(*b) * pow10(*s)),
                Datum::Int(i) => i128::from(*i).checked_mul(pow10(*s)),
                Datum::Decimal(v, from_s) => rescale(*v, *from_s, *s),
                Datum::Double(x) => double_to_decimal(*x, from.kind == Kind::Float, *s),
                Datum::Str(text) => {
                    let t = java_trim(text);
                    let v = match parse_decimal(t, *s) {
                        Some(Datum::Decimal(v, _)) if fits(v, *p) => v,
                        _ => {
                            return Err(format!(
                                "java.lang.NumberFormatException: For input string: '{text}'. Overflow."
                            ));
                        }
                    };
                    Some(v)
                }
                _ => return Err(unsupported(from, to)),
            };
            // A value wider than the type is NULL in Flink, not an error.
            match v {
                Some(v) if fits(v, *p) => Datum::Decimal(v, *s),
                _ => Datum::Null,
            }
        }
        Kind::Binary(n) | Kind::VarBinary(n) => {
            let mut bytes = match d {
                Datum::Bytes(b) => b.clone(),
                Datum::Str(s) => s.as_bytes().to_vec(),
                _ => return Err(unsupported(from, to)),
            };
            let n = *n as usize;
            bytes.truncate(n);
            if matches!(tk, Kind::Binary(_)) {
                bytes.resize(n, 0);
            }
            Datum::Bytes(bytes)
        }
        Kind::Date => Datum::Date(match d {
            Datum::Date(x) => *x,
            Datum::Timestamp(ts) => ts.date(),
            Datum::TimestampLtz(ts) => to_local(*ts, session).date(),
            Datum::Str(s) => parse_date(s)?,
            _ => return Err(unsupported(from, to)),
        }),
        Kind::Time(p) => {
            let t = match d {
                Datum::Time(x) => *x,
                Datum::Timestamp(ts) => ts.time(),
                Datum::TimestampLtz(ts) => to_local(*ts, session).time(),
                Datum::Str(s) => parse_time(s)?,
                _ => return Err(unsupported(from, to)),
            };
            // Flink keeps a TIME in milliseconds.
            Datum::Time(cut_time(t, (*p).min(3)))
        }
        Kind::Timestamp(p) | Kind::TimestampLtz(p) => {
            let ltz = matches!(tk, Kind::TimestampLtz(_));
            // The wall-clock time in the session's zone, and whether it already is UTC.
            let (ts, utc) = match d {
                Datum::Timestamp(ts) => (*ts, false),
                Datum::TimestampLtz(ts) => (*ts, true),
                Datum::Date(x) => (x.and_time(NaiveTime::MIN), false),
                Datum::Time(t) => (epoch_date().and_time(*t), false),
                Datum::Str(s) => (parse_timestamp(s)?, false),
                _ => return Err(unsupported(from, to)),
            };
            let ts = match (utc, ltz) {
                (false, true) => to_utc(ts, session),
                (true, false) => to_local(ts, session),
                _ => ts,
            };
            let ts = truncate_ts(ts, *p);
            if ltz {
                Datum::TimestampLtz(ts)
            } else {
                Datum::Timestamp(ts)
            }
        }
        Kind::IntervalMonths(res) => match d {
            Datum::Months(m) => Datum::Months(*m),
            _ => Datum::Months(number_of(d)? * if *res == "YEAR" { 12 } else { 1 }),
        },
        Kind::IntervalMillis(res) => match d {
            Datum::Millis(m) => Datum::Millis(*m),
            _ => Datum::Millis(number_of(d)? * unit_millis(res)),
        },
        Kind::Array(e) | Kind::Multiset(e) if matches!(d, Datum::Array(_)) => {
            let (Datum::Array(items), Kind::Array(fe)) = (d, &from.kind) else {
                return Err(unsupported(from, to));
            };
            Datum::Array(
                items
                    .iter()
                    .map(|x| cast(x, fe, e, session))
                    .collect::<Result<_, _>>()?,
            )
        }
        Kind::Multiset(e) => {
            let (Datum::Map(entries), Kind::Multiset(fe)) = (d, &from.kind) else {
                return Err(unsupported(from, to));
            };
            Datum::Map(
                entries
                    .iter()
                    .map(|(x, n)| Ok((cast(x, fe, e, session)?, n.clone())))
                    .collect::<Result<_, String>>()?,
            )
        }
        Kind::Map(k, v) => {
            let (Datum::Map(entries), Kind::Map(fk, fv)) = (d, &from.kind) else {
                return Err(unsupported(from, to));
            };
            Datum::Map(
                entries
                    .iter()
                    .map(|(a, b)| Ok((cast(a, fk, k, session)?, cast(b, fv, v, session)?)))
                    .collect::<Result<_, String>>()?,
            )
        }
        Kind::Row(fields) => {
            let (Datum::Row(values), Kind::Row(from_fields)) = (d, &from.kind) else {
                return Err(unsupported(from, to));
            };
            if values.len() != fields.len() || from_fields.len() != fields.len() {
                return Err(unsupported(from, to));
            }
            Datum::Row(
                values
                    .iter()
                    .zip(from_fields.iter().zip(fields))
                    .map(|(x, ((_, ft), (_, tt)))| cast(x, ft, tt, session))
                    .collect::<Result<_, _>>()?,
            )
        }
        Kind::Array(_) => return Err(unsupported(from, to)),
    })
}

fn unsupported(from: &FlinkType, to: &FlinkType) -> String {
    format!("Unsupported cast from '{from}' to '{to}'.")
}

/// A value as CAST(… AS STRING) writes it, which is how the SQL Client prints it.
pub fn to_text(d: &Datum, from: &FlinkType, session: &Session) -> String {
    match (d, &from.kind) {
        (Datum::Str(s), _) => s.clone(),
        (Datum::Bool(b), _) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        (Datum::Int(i), _) => i.to_string(),
        (Datum::Double(x), Kind::Float) => java_double_text(*x, true),
        (Datum::Double(x), _) => java_double_text(*x, false),
        (Datum::Decimal(v, s), _) => decimal_text(*v, *s),
        (Datum::Bytes(b), _) => String::from_utf8_lossy(b).into_owned(),
        (Datum::TimestampLtz(ts), Kind::TimestampLtz(p)) => {
            flink::timestamp(to_local(*ts, session), u32::from(*p))
        }
        _ => {
            let value = d.to_value(from);
            crate::render::value::display(&value)
        }
    }
}

/// Java's `Double.toString` (or `Float.toString` for a FLOAT): the shortest digits that
/// read back as the same value, plain from 10^-3 to 10^7, else `1.0E10`.
pub fn java_double_text(x: f64, single: bool) -> String {
    if x.is_nan() {
        return "NaN".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "Infinity" } else { "-Infinity" }.into();
    }
    if x == 0.0 {
        return if x.is_sign_negative() { "-0.0" } else { "0.0" }.into();
    }
    let sci = if single {
        format!("{:e}", x as f32)
    } else {
        format!("{x:e}")
    };
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let negative = mantissa.starts_with('-');
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let sign = if negative { "-" } else { "" };
    if (-3..7).contains(&exp) {
        let point = exp + 1;
        let (int, frac) = if point <= 0 {
            (
                "0".to_string(),
                format!("{}{digits}", "0".repeat((-point) as usize)),
            )
        } else if point as usize >= digits.len() {
            (
                format!("{digits}{}", "0".repeat(point as usize - digits.len())),
                String::new(),
            )
        } else {
            (
                digits[..point as usize].to_string(),
                digits[point as usize..].to_string(),
            )
        };
        let frac = if frac.is_empty() { "0".into() } else { frac };
        format!("{sign}{int}.{frac}")
    } else {
        let (first, rest) = digits.split_at(1);
        let rest = if rest.is_empty() { "0" } else { rest };
        format!("{sign}{first}.{rest}E{exp}")
    }
}

/// CHAR(n) pads with spaces and VARCHAR(n) cuts, counting characters.
fn fit_text(s: String, n: u32, pad: bool) -> String {
    let n = n as usize;
    let count = s.chars().count();
    if count > n {
        s.chars().take(n).collect()
    } else if pad && count < n {
        format!("{s}{}", " ".repeat(n - count))
    } else {
        s
    }
}

/// Java's `String.trim`: every leading and trailing character up to U+0020.
pub fn java_trim(s: &str) -> &str {
    s.trim_matches(|c: char| c <= ' ')
}

fn parse_bool(s: &str) -> Result<bool, String> {
    match s.to_ascii_lowercase().as_str() {
        "t" | "true" | "y" | "yes" | "1" => Ok(true),
        "f" | "false" | "n" | "no" | "0" => Ok(false),
        _ => Err(format!(
            "org.apache.flink.table.api.TableException: Cannot parse '{s}' as BOOLEAN."
        )),
    }
}

fn int_bits(k: &Kind) -> u32 {
    match k {
        Kind::TinyInt => 8,
        Kind::SmallInt => 16,
        Kind::Int => 32,
        _ => 64,
    }
}

/// Java's narrowing of an integer to `bits` bits: the low bits, as two's complement.
pub fn wrap(v: i128, bits: u32) -> i64 {
    let v = v as i64;
    match bits {
        8 => i64::from(v as i8),
        16 => i64::from(v as i16),
        32 => i64::from(v as i32),
        _ => v,
    }
}

/// Java's `(int) d` (saturating, NaN is 0), then narrowed like an int.
fn double_to_int(x: f64, bits: u32) -> i64 {
    if bits == 64 {
        x as i64
    } else {
        wrap(i128::from(x as i32), bits)
    }
}

/// Flink's string-to-integer parse: trimmed, an optional sign, digits, and a fractional
/// part that is dropped (`'1.5'` is 1); overflow of the type is an error.
fn parse_int(text: &str, bits: u32) -> Result<i64, String> {
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
fn parse_double(text: &str) -> Result<f64, String> {
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

pub fn pow10(n: u8) -> i128 {
    10i128.pow(u32::from(n))
}

/// Whether an unscaled value has at most `precision` digits.
pub fn fits(v: i128, precision: u8) -> bool {
    v.unsigned_abs() < 10u128.pow(u32::from(precision.min(38)))
}

/// An unscaled value at another scale, rounded HALF_UP as Java's BigDecimal does; None
/// when it overflows.
pub fn rescale(v: i128, from: u8, to: u8) -> Option<i128> {
    if to >= from {
        return v.checked_mul(10i128.checked_pow(u32::from(to - from))?);
    }
    let div = 10i128.checked_pow(u32::from(from - to))?;
    let (q, r) = (v / div, v % div);
    Some(if r.unsigned_abs() * 2 >= div.unsigned_abs() {
        q + v.signum()
    } else {
        q
    })
}

pub fn decimal_to_f64(v: i128, scale: u8) -> f64 {
    decimal_text(v, scale).parse().unwrap_or(f64::NAN)
}

/// A double as a DECIMAL at `scale`, through its shortest text as Java's
/// `BigDecimal.valueOf` does (`0.1` is exactly 0.1); None for NaN, infinities and
/// values too wide.
pub fn double_to_decimal(x: f64, single: bool, scale: u8) -> Option<i128> {
    if !x.is_finite() {
        return None;
    }
    let text = if single {
        format!("{:e}", x as f32)
    } else {
        format!("{x:e}")
    };
    match parse_decimal(&text, scale) {
        Some(Datum::Decimal(v, _)) => Some(v),
        _ => None,
    }
}

fn number_of(d: &Datum) -> Result<i64, String> {
    match d {
        Datum::Int(i) => Ok(*i),
        Datum::Decimal(v, s) => Ok((*v / pow10(*s)) as i64),
        _ => Err("Unsupported cast to INTERVAL.".into()),
    }
}

fn unit_millis(resolution: &str) -> i64 {
    match resolution.split('_').next().unwrap_or("DAY") {
        "DAY" => 86_400_000,
        "HOUR" => 3_600_000,
        "MINUTE" => 60_000,
        _ => 1000,
    }
}

fn epoch_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default()
}

fn offset_seconds(session: &Session) -> i64 {
    match &session.time_zone {
        TimeZone::Fixed(o) => i64::from(o.local_minus_utc()),
    }
}

/// An instant (kept as UTC) as the session's wall-clock time.
pub fn to_local(utc: NaiveDateTime, session: &Session) -> NaiveDateTime {
    utc + Duration::seconds(offset_seconds(session))
}

/// A wall-clock time of the session's zone as the instant it names (kept as UTC).
pub fn to_utc(local: NaiveDateTime, session: &Session) -> NaiveDateTime {
    local - Duration::seconds(offset_seconds(session))
}

fn cut_time(t: NaiveTime, precision: u8) -> NaiveTime {
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

/// `y-M-d` at the start of `s`; the rest of the text.
fn date_prefix(s: &str) -> Option<(NaiveDate, &str)> {
    let (y, r) = digits(s, 9)?;
    let (m, r) = digits(r.strip_prefix('-')?, 2)?;
    let (d, r) = digits(r.strip_prefix('-')?, 2)?;
    Some((NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d)?, r))
}

/// `H:m[:s[.f]]`; `need_seconds` as TIMESTAMP text requires them.
fn time_of(s: &str, need_seconds: bool) -> Option<NaiveTime> {
    let (h, r) = digits(s, 2)?;
    let (m, r) = digits(r.strip_prefix(':')?, 2)?;
    let (sec, r) = match r.strip_prefix(':') {
        Some(r) => digits(r, 2)?,
        None if !need_seconds && r.is_empty() => (0, r),
        None => return None,
    };
    let nanos = match r.strip_prefix('.') {
        Some(f) if !f.is_empty() && f.len() <= 9 && f.bytes().all(|b| b.is_ascii_digit()) => {
            format!("{f:0<9}").parse().ok()?
        }
        None if r.is_empty() => 0,
        _ => return None,
    };
    NaiveTime::from_hms_nano_opt(h, m, sec, nanos)
}

/// Flink's text to DATE: trimmed, `yyyy-M-d` optionally followed by a time.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let s = java_trim(text);
    match date_prefix(s) {
        Some((d, rest)) if rest.is_empty() || rest.starts_with([' ', 'T']) => Ok(d),
        _ => Err(format!(
            "java.time.DateTimeException: For input string: '{text}'."
        )),
    }
}

/// Flink's text to TIME: trimmed, `H:m[:s[.fff]]`.
pub fn parse_time(text: &str) -> Result<NaiveTime, String> {
    time_of(java_trim(text), false).ok_or_else(|| {
        format!(
            "java.time.DateTimeException: Invalid time format: '{text}'. Expected format: \
             HH:mm:ss[.fff] where HH is 00-23, mm is 00-59, ss is 00-59"
        )
    })
}

/// Flink's text to TIMESTAMP: `yyyy-M-d[ H:m:s[.fffffffff]]`, not trimmed.
pub fn parse_timestamp(text: &str) -> Result<NaiveDateTime, String> {
    let parsed = date_prefix(text).and_then(|(d, rest)| {
        if rest.is_empty() {
            return Some(d.and_time(NaiveTime::MIN));
        }
        Some(d.and_time(time_of(rest.strip_prefix(' ')?, true)?))
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
        "DATE" => match date_prefix(trimmed) {
            Some((d, "")) => Ok((Datum::Date(d), FlinkType::not_null(Kind::Date))),
            _ => Err(bad("yyyy-MM-dd")),
        },
        "TIME" => {
            let t = time_of(trimmed, true).ok_or_else(|| bad("HH:mm:ss"))?;
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
