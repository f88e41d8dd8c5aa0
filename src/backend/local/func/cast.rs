//! CAST and TRY_CAST: Flink's conversions between types, with its errors.
//!
//! Checked against Flink 2.3's SQL Gateway: integers narrow by wrapping (Java's `(byte)`
//! casts), doubles saturate, a DECIMAL that does not fit is NULL, strings are trimmed
//! for numbers, DATE and TIME but not for TIMESTAMP or BOOLEAN, CHAR(n) pads and
//! VARCHAR(n) cuts.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use super::number::{
    decimal_to_f64, double_to_decimal, double_to_int, fits, int_bits, java_double_text, pow10,
    rescale, string_to_decimal, wrap,
};
use super::text::{
    cut_time, parse_bool, parse_date, parse_double, parse_int, parse_time, parse_timestamp,
};
use super::{Eval, Session};
use crate::backend::local::ftype::{FlinkType, Kind};
use crate::backend::local::value::{Datum, decimal_text, truncate_ts};
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
                Datum::Double(x) => double_to_decimal(*x, *s),
                // Flink's own scanner: the rounded value is the DECIMAL even where it
                // has one digit too many (`'999.999'` as DECIMAL(5, 2) is 1000.00).
                Datum::Str(text) => {
                    return Ok(Datum::Decimal(string_to_decimal(text, *p, *s)?, *s));
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
            Datum::Timestamp(ts) => epoch_day(*ts),
            Datum::TimestampLtz(ts) => epoch_day(to_local(*ts, session)),
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
        // Collections write their elements as a CAST of each would (a FLOAT as Java's
        // float, an instant in the session's zone, bytes as text) and NULL as `NULL`.
        (Datum::Array(items), Kind::Array(e)) => {
            let parts: Vec<String> = items.iter().map(|x| element(x, e, session)).collect();
            format!("[{}]", parts.join(", "))
        }
        (Datum::Map(entries), Kind::Map(k, v)) => {
            let parts: Vec<String> = entries
                .iter()
                .map(|(a, b)| format!("{}={}", element(a, k, session), element(b, v, session)))
                .collect();
            format!("{{{}}}", parts.join(", "))
        }
        (Datum::Row(fields), Kind::Row(types)) => {
            let parts: Vec<String> = fields
                .iter()
                .zip(types)
                .map(|(x, (_, t))| element(x, t, session))
                .collect();
            format!("({})", parts.join(", "))
        }
        _ => {
            let value = d.to_value(from);
            crate::render::value::display(&value)
        }
    }
}

fn element(d: &Datum, t: &FlinkType, session: &Session) -> String {
    if d.is_null() {
        "NULL".into()
    } else {
        to_text(d, t, session)
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

/// A timestamp's day as Flink computes it: epoch milliseconds divided by a day's,
/// truncated, so a time before 1970 that is not midnight falls on the next day
/// (1969-12-31 23:59:59.999 is 1970-01-01).
fn epoch_day(ts: NaiveDateTime) -> NaiveDate {
    let date = ts.date();
    if date < epoch_date() && ts.time() != NaiveTime::MIN {
        date.succ_opt().unwrap_or(date)
    } else {
        date
    }
}

fn epoch_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default()
}

/// An instant (kept as UTC) as the session's wall-clock time.
pub fn to_local(utc: NaiveDateTime, session: &Session) -> NaiveDateTime {
    session.time_zone.to_local(utc)
}

/// A wall-clock time of the session's zone as the instant it names (kept as UTC).
pub fn to_utc(local: NaiveDateTime, session: &Session) -> NaiveDateTime {
    session.time_zone.to_utc(local)
}

#[cfg(test)]
mod tests {
    use super::super::TimeZone;
    use super::super::operators::tests::{dbl, dec, int, s, ty};
    use super::*;
    use chrono::{Duration, FixedOffset};

    fn session() -> Session {
        Session::default()
    }

    /// CAST(d AS to) for a `d` of type `from`, shown as the SQL Client prints it.
    fn show(d: Datum, from: &str, to: &str) -> Result<String, String> {
        let (from, to) = (ty(from), ty(to));
        let v = cast(&d, &from, &to, &session())?;
        Ok(if v.is_null() {
            "NULL".into()
        } else {
            to_text(&v, &to, &session())
        })
    }

    fn ok(d: Datum, from: &str, to: &str) -> String {
        show(d, from, to).unwrap_or_else(|e| panic!("CAST to {to}: {e}"))
    }

    #[test]
    fn strings_to_numbers_as_flink_parses_them() {
        assert_eq!(ok(s(" 12 "), "CHAR(4)", "INT"), "12");
        assert_eq!(ok(s("1.5"), "STRING", "INT"), "1");
        assert_eq!(ok(s("-0.5"), "STRING", "INT"), "0");
        assert_eq!(ok(s("+5"), "STRING", "INT"), "5");
        assert_eq!(ok(s("127.9"), "STRING", "TINYINT"), "127");
        assert_eq!(
            ok(s("-9223372036854775808"), "STRING", "BIGINT"),
            "-9223372036854775808"
        );
        assert_eq!(ok(s("1.5"), "STRING", "DECIMAL(5, 2)"), "1.50");
        assert_eq!(ok(s("1.995"), "STRING", "DECIMAL(3, 2)"), "2.00");
        assert_eq!(ok(s("1e2"), "STRING", "DECIMAL(5, 1)"), "100.0");
        assert_eq!(ok(s(" 1.5 "), "STRING", "DOUBLE"), "1.5");
        assert_eq!(ok(s("1e3"), "STRING", "DOUBLE"), "1000.0");
        assert_eq!(ok(s("1d"), "STRING", "DOUBLE"), "1.0");
        assert_eq!(ok(s("-Infinity"), "STRING", "DOUBLE"), "-Infinity");
        assert_eq!(ok(s("NaN"), "STRING", "DOUBLE"), "NaN");
        let err = |text: &str, to: &str| show(s(text), "STRING", to).err();
        assert_eq!(
            err("abc", "INT").as_deref(),
            Some(
                "java.lang.NumberFormatException: For input string: 'abc'. Invalid character found."
            )
        );
        assert_eq!(
            err("300", "TINYINT").as_deref(),
            Some("java.lang.NumberFormatException: For input string: '300'. Overflow.")
        );
        assert_eq!(
            err("", "INT").as_deref(),
            Some("java.lang.NumberFormatException: For input string: ''. Input is empty.")
        );
        assert_eq!(
            err("-", "INT").as_deref(),
            Some(
                "java.lang.NumberFormatException: For input string: '-'. Input has only positive or negative symbol."
            )
        );
        assert!(err("1e2", "INT").is_some());
        assert!(err("12345678901234567890", "BIGINT").is_some());
        assert_eq!(
            err("123456", "DECIMAL(5, 2)").as_deref(),
            Some("java.lang.NumberFormatException: For input string: '123456'. Overflow.")
        );
        assert_eq!(
            err("abc", "DOUBLE").as_deref(),
            Some("java.lang.NumberFormatException: For input string: \"abc\"")
        );
        assert!(err("inf", "DOUBLE").is_some());
    }

    #[test]
    fn numbers_narrow_as_java_does() {
        assert_eq!(ok(int(300), "INT", "TINYINT"), "44");
        assert_eq!(ok(int(-129), "INT", "TINYINT"), "127");
        assert_eq!(ok(int(70000), "INT", "SMALLINT"), "4464");
        assert_eq!(ok(int(3_000_000_000), "BIGINT", "INT"), "-1294967296");
        assert_eq!(ok(dec(15, 1), "DECIMAL(2, 1)", "INT"), "1");
        assert_eq!(ok(dec(-17, 1), "DECIMAL(2, 1)", "SMALLINT"), "-1");
        assert_eq!(ok(dec(99999, 0), "DECIMAL(5, 0)", "TINYINT"), "-97");
        assert_eq!(ok(dbl(1.99), "DOUBLE", "INT"), "1");
        assert_eq!(ok(dbl(1e20), "DOUBLE", "INT"), "2147483647");
        assert_eq!(ok(dbl(1e20), "DOUBLE", "BIGINT"), "9223372036854775807");
        assert_eq!(ok(dbl(f64::NAN), "DOUBLE", "INT"), "0");
        assert_eq!(ok(dec(-25, 1), "DECIMAL(2, 1)", "DECIMAL(5, 0)"), "-3");
        assert_eq!(ok(dec(25, 1), "DECIMAL(2, 1)", "DECIMAL(10, 0)"), "3");
        assert_eq!(ok(dec(1005, 3), "DECIMAL(4, 3)", "DECIMAL(5, 2)"), "1.01");
        assert_eq!(ok(dbl(1.5), "DOUBLE", "DECIMAL(5, 2)"), "1.50");
        assert_eq!(
            ok(dbl(0.1), "DOUBLE", "DECIMAL(20, 18)"),
            "0.100000000000000000"
        );
        // A FLOAT column's 0.1 (a constant CAST is folded to 0.100000000 by the planner).
        assert_eq!(
            ok(dbl(f64::from(0.1f32)), "FLOAT", "DECIMAL(10, 9)"),
            "0.100000001"
        );
        assert_eq!(ok(dbl(1.1e10), "DOUBLE", "FLOAT"), "1.10000005E10");
        // Java 17's Float.toString is not the shortest text here.
        assert_eq!(ok(int(12345678901), "BIGINT", "FLOAT"), "1.23456788E10");
        assert_eq!(ok(dbl(1e300), "DOUBLE", "FLOAT"), "Infinity");
        // A DECIMAL too wide for its type is NULL, not an error.
        assert_eq!(ok(int(123456), "INT", "DECIMAL(5, 2)"), "NULL");
        assert_eq!(ok(dbl(1e40), "DOUBLE", "DECIMAL(38, 0)"), "NULL");
    }

    #[test]
    fn booleans() {
        for (text, want) in [
            ("true", true),
            ("TRUE", true),
            ("1", true),
            ("yes", true),
            ("t", true),
            ("y", true),
        ] {
            assert_eq!(
                ok(s(text), "STRING", "BOOLEAN"),
                if want { "TRUE" } else { "FALSE" }
            );
        }
        for text in ["0", "n", "False", "no", "f"] {
            assert_eq!(ok(s(text), "STRING", "BOOLEAN"), "FALSE");
        }
        assert_eq!(
            show(s(" true "), "STRING", "BOOLEAN").err().as_deref(),
            Some("org.apache.flink.table.api.TableException: Cannot parse ' true ' as BOOLEAN.")
        );
        assert!(show(s("on"), "STRING", "BOOLEAN").is_err());
        assert_eq!(ok(Datum::Bool(true), "BOOLEAN", "INT"), "1");
        assert_eq!(ok(Datum::Bool(false), "BOOLEAN", "DOUBLE"), "0.0");
        assert_eq!(ok(Datum::Bool(true), "BOOLEAN", "DECIMAL(5, 2)"), "1.00");
        assert_eq!(ok(Datum::Bool(true), "BOOLEAN", "STRING"), "TRUE");
        assert_eq!(ok(dec(25, 1), "DECIMAL(2, 1)", "BOOLEAN"), "TRUE");
        assert_eq!(ok(dbl(0.0), "DOUBLE", "BOOLEAN"), "FALSE");
    }

    #[test]
    fn anything_to_string_as_the_sql_client_prints_it() {
        assert_eq!(ok(dec(150, 2), "DECIMAL(3, 2)", "STRING"), "1.50");
        assert_eq!(ok(dbl(1.5), "DOUBLE", "STRING"), "1.5");
        assert_eq!(ok(dbl(1e10), "DOUBLE", "STRING"), "1.0E10");
        assert_eq!(ok(dbl(1e-7), "DOUBLE", "STRING"), "1.0E-7");
        assert_eq!(ok(dbl(0.001), "DOUBLE", "STRING"), "0.001");
        assert_eq!(ok(dbl(-1234567.5), "DOUBLE", "STRING"), "-1234567.5");
        assert_eq!(ok(dbl(12345678.0), "DOUBLE", "STRING"), "1.2345678E7");
        assert_eq!(ok(dbl(f64::from(1.1f32)), "FLOAT", "STRING"), "1.1");
        assert_eq!(ok(dbl(f64::from(0.1f32)), "FLOAT", "STRING"), "0.1");
        let d = NaiveDate::from_ymd_opt(2024, 1, 5).unwrap_or_default();
        assert_eq!(ok(Datum::Date(d), "DATE", "STRING"), "2024-01-05");
        let ts = d.and_hms_milli_opt(10, 0, 0, 500).unwrap_or_default();
        assert_eq!(
            ok(Datum::Timestamp(ts), "TIMESTAMP(1)", "STRING"),
            "2024-01-05 10:00:00.5"
        );
        assert_eq!(
            ok(Datum::Timestamp(ts), "TIMESTAMP(3)", "STRING"),
            "2024-01-05 10:00:00.500"
        );
        assert_eq!(
            ok(Datum::Timestamp(ts), "TIMESTAMP(0)", "STRING"),
            "2024-01-05 10:00:00"
        );
        let tm = NaiveTime::from_hms_milli_opt(10, 20, 30, 500).unwrap_or_default();
        assert_eq!(ok(Datum::Time(tm), "TIME(1)", "STRING"), "10:20:30.5");
        assert_eq!(
            ok(Datum::Millis(86_400_000), "INTERVAL DAY", "STRING"),
            "+1 00:00:00.000"
        );
        assert_eq!(ok(Datum::Months(13), "INTERVAL MONTH", "STRING"), "+1-01");
        assert_eq!(
            ok(Datum::Array(vec![int(1), int(2)]), "ARRAY<INT>", "STRING"),
            "[1, 2]"
        );
        assert_eq!(
            ok(
                Datum::Array(vec![s("a"), Datum::Null]),
                "ARRAY<STRING>",
                "STRING"
            ),
            "[a, NULL]"
        );
        assert_eq!(
            ok(
                Datum::Map(vec![(s("a"), int(1))]),
                "MAP<STRING, INT>",
                "STRING"
            ),
            "{a=1}"
        );
        assert_eq!(
            ok(
                Datum::Row(vec![int(1), s("x"), dec(15, 1)]),
                "ROW<a INT, b STRING, c DECIMAL(2, 1)>",
                "STRING"
            ),
            "(1, x, 1.5)"
        );
        let tenth = dbl(f64::from(0.1f32));
        assert_eq!(
            ok(
                Datum::Array(vec![tenth, Datum::Null]),
                "ARRAY<FLOAT>",
                "STRING"
            ),
            "[0.1, NULL]"
        );
        assert_eq!(
            ok(
                Datum::Map(vec![(int(1), Datum::Array(vec![s("a")]))]),
                "MAP<INT, ARRAY<STRING>>",
                "STRING"
            ),
            "{1=[a]}"
        );
        assert_eq!(
            ok(
                Datum::Row(vec![Datum::Null, s("b")]),
                "ROW<a INT, b STRING>",
                "STRING"
            ),
            "(NULL, b)"
        );
        assert_eq!(
            ok(
                Datum::Array(vec![dec(150, 2)]),
                "ARRAY<DECIMAL(3, 2)>",
                "STRING"
            ),
            "[1.50]"
        );
        assert_eq!(
            ok(
                Datum::Array(vec![Datum::Bool(true)]),
                "ARRAY<BOOLEAN>",
                "STRING"
            ),
            "[TRUE]"
        );
        assert_eq!(ok(Datum::Bytes("hi".into()), "BYTES", "STRING"), "hi");
        assert_eq!(
            ok(Datum::Bytes(vec![0xe2, 0x82, 0xac]), "BYTES", "STRING"),
            "€"
        );
    }

    #[test]
    fn lengths_pad_and_cut() {
        assert_eq!(ok(s("abc"), "STRING", "CHAR(5)"), "abc  ");
        assert_eq!(ok(s("abcdef"), "STRING", "CHAR(3)"), "abc");
        assert_eq!(ok(s("abcdef"), "STRING", "VARCHAR(2)"), "ab");
        assert_eq!(ok(int(12345), "INT", "VARCHAR(2)"), "12");
        assert_eq!(ok(Datum::Bool(true), "BOOLEAN", "VARCHAR(2)"), "TR");
        assert_eq!(ok(dec(15, 1), "DECIMAL(2, 1)", "CHAR(1)"), "1");
        assert_eq!(ok(s("ab"), "STRING", "BINARY(4)"), "ab\0\0");
        let bytes = |d: Datum, from: &str, to: &str| cast(&d, &ty(from), &ty(to), &session());
        assert_eq!(
            bytes(s("ab"), "STRING", "BINARY(4)"),
            Ok(Datum::Bytes(vec![0x61, 0x62, 0, 0]))
        );
        assert_eq!(
            bytes(s("abcdef"), "STRING", "VARBINARY(2)"),
            Ok(Datum::Bytes(vec![0x61, 0x62]))
        );
        assert_eq!(
            bytes(Datum::Bytes(vec![1, 2, 3, 4]), "BYTES", "BINARY(2)"),
            Ok(Datum::Bytes(vec![1, 2]))
        );
        assert_eq!(
            bytes(s("€"), "STRING", "BYTES"),
            Ok(Datum::Bytes(vec![0xe2, 0x82, 0xac]))
        );
    }

    #[test]
    fn strings_to_dates_and_times() {
        assert_eq!(
            ok(s("2024-03-15 10:20:30"), "STRING", "TIMESTAMP(3)"),
            "2024-03-15 10:20:30.000"
        );
        assert_eq!(
            ok(s("2024-03-15"), "STRING", "TIMESTAMP"),
            "2024-03-15 00:00:00.000000"
        );
        assert_eq!(
            ok(s("2024-3-5 1:2:3"), "STRING", "TIMESTAMP"),
            "2024-03-05 01:02:03.000000"
        );
        assert_eq!(
            ok(s("2024-03-15 10:20:30.123456789"), "STRING", "TIMESTAMP(9)"),
            "2024-03-15 10:20:30.123456789"
        );
        assert_eq!(
            ok(s("2024-03-15 10:20:30.123456"), "STRING", "TIMESTAMP(3)"),
            "2024-03-15 10:20:30.123"
        );
        for bad in [
            "2024-03-15T10:20:30",
            " 2024-03-15 10:20:30 ",
            "2024-03-15 10:20",
            "abc",
        ] {
            assert_eq!(
                show(s(bad), "STRING", "TIMESTAMP").err(),
                Some(format!(
                    "java.time.format.DateTimeParseException: Text '{bad}' could not be parsed"
                )),
            );
        }
        assert_eq!(ok(s(" 2024-03-15 "), "STRING", "DATE"), "2024-03-15");
        assert_eq!(ok(s("2024-3-5"), "STRING", "DATE"), "2024-03-05");
        assert_eq!(ok(s("2024-03-15 10:20:30"), "STRING", "DATE"), "2024-03-15");
        for bad in ["2024-13-45", "2024-02-30"] {
            assert_eq!(
                show(s(bad), "STRING", "DATE").err(),
                Some(format!(
                    "java.time.DateTimeException: For input string: '{bad}'."
                )),
            );
        }
        assert_eq!(ok(s(" 12 "), "STRING", "DATE"), "0012-01-01");
        assert_eq!(ok(s("2024-03"), "STRING", "DATE"), "2024-03-01");
        assert!(show(s("123456"), "STRING", "DATE").is_err());
        assert!(show(s("123456"), "STRING", "TIME").is_err());
        assert_eq!(ok(s(" 12 "), "STRING", "TIME"), "12:00:00");
        assert_eq!(ok(s("0"), "STRING", "TIME(3)"), "00:00:00.0");
        assert_eq!(ok(s(" 10:20:30 "), "STRING", "TIME"), "10:20:30");
        assert_eq!(ok(s("10:20"), "STRING", "TIME"), "10:20:00");
        assert_eq!(ok(s("10:20:30.123"), "STRING", "TIME(3)"), "10:20:30.123");
        assert!(show(s("25:00:00"), "STRING", "TIME").is_err_and(|e| e.starts_with(
            "java.time.DateTimeException: Invalid time format: '25:00:00'. Expected format: HH:mm:ss[.fff]"
        )));
        assert!(show(s("2024-03-15 10:20:30"), "STRING", "TIME").is_err());
    }

    #[test]
    fn temporal_casts_go_through_the_session_zone() {
        let ts = NaiveDate::from_ymd_opt(2024, 3, 15)
            .and_then(|d| d.and_hms_milli_opt(10, 20, 30, 123))
            .unwrap_or_default();
        assert_eq!(
            ok(Datum::Timestamp(ts), "TIMESTAMP(3)", "DATE"),
            "2024-03-15"
        );
        let before_1970 = NaiveDate::from_ymd_opt(1969, 12, 31)
            .and_then(|d| d.and_hms_milli_opt(23, 59, 59, 999))
            .unwrap_or_default();
        assert_eq!(
            ok(Datum::Timestamp(before_1970), "TIMESTAMP(3)", "DATE"),
            "1970-01-01"
        );
        assert_eq!(
            ok(Datum::Timestamp(before_1970), "TIMESTAMP(3)", "TIME(3)"),
            "23:59:59.999"
        );
        assert_eq!(ok(Datum::Timestamp(ts), "TIMESTAMP(3)", "TIME"), "10:20:30");
        assert_eq!(
            ok(Datum::Timestamp(ts), "TIMESTAMP(3)", "TIMESTAMP(1)"),
            "2024-03-15 10:20:30.1"
        );
        assert_eq!(
            ok(Datum::Date(ts.date()), "DATE", "TIMESTAMP"),
            "2024-03-15 00:00:00.000000"
        );
        assert_eq!(
            ok(Datum::Time(ts.time()), "TIME(0)", "TIMESTAMP(0)"),
            "1970-01-01 10:20:30"
        );
        let tokyo = Session {
            time_zone: TimeZone::Fixed(
                FixedOffset::east_opt(9 * 3600)
                    .unwrap_or(FixedOffset::east_opt(0).unwrap_or_else(|| unreachable!())),
            ),
            ..Session::default()
        };
        let ltz = cast(
            &Datum::Timestamp(ts),
            &ty("TIMESTAMP(3)"),
            &ty("TIMESTAMP_LTZ(3)"),
            &tokyo,
        );
        let utc = ts - Duration::hours(9);
        assert_eq!(ltz, Ok(Datum::TimestampLtz(utc)));
        let back = cast(
            &Datum::TimestampLtz(utc),
            &ty("TIMESTAMP_LTZ(3)"),
            &ty("TIMESTAMP(3)"),
            &tokyo,
        );
        assert_eq!(back, Ok(Datum::Timestamp(ts)));
        assert_eq!(
            to_text(&Datum::TimestampLtz(utc), &ty("TIMESTAMP_LTZ(3)"), &tokyo),
            "2024-03-15 10:20:30.123"
        );
        let d = cast(
            &Datum::TimestampLtz(utc),
            &ty("TIMESTAMP_LTZ(3)"),
            &ty("DATE"),
            &tokyo,
        );
        assert_eq!(d, Ok(Datum::Date(ts.date())));
    }

    #[test]
    fn collections_cast_element_wise() {
        assert_eq!(
            ok(
                Datum::Array(vec![int(1), int(2)]),
                "ARRAY<INT>",
                "ARRAY<STRING>"
            ),
            "[1, 2]"
        );
        let v = cast(
            &Datum::Array(vec![s("1"), s("2")]),
            &ty("ARRAY<STRING>"),
            &ty("ARRAY<INT>"),
            &session(),
        );
        assert_eq!(v, Ok(Datum::Array(vec![int(1), int(2)])));
        let v = cast(
            &Datum::Row(vec![int(1), s("2")]),
            &ty("ROW<a INT, b STRING>"),
            &ty("ROW<a STRING, b INT>"),
            &session(),
        );
        assert_eq!(v, Ok(Datum::Row(vec![s("1"), int(2)])));
        let v = cast(
            &Datum::Map(vec![(s("1"), int(2))]),
            &ty("MAP<STRING, INT>"),
            &ty("MAP<INT, STRING>"),
            &session(),
        );
        assert_eq!(v, Ok(Datum::Map(vec![(int(1), s("2"))])));
        assert!(
            cast(
                &Datum::Array(vec![s("a")]),
                &ty("ARRAY<STRING>"),
                &ty("ARRAY<DOUBLE>"),
                &session()
            )
            .is_err()
        );
    }

    #[test]
    fn which_casts_flink_allows() {
        let check = |from: &str, to: &str| cast_error(&ty(from), &ty(to));
        assert_eq!(
            check("INT", "TIMESTAMP(3)")
                .as_deref()
                .map(|e| e
                    .starts_with("The cast from NUMERIC type to TIMESTAMP type is not allowed.")),
            Some(true)
        );
        assert!(check("INT", "TIMESTAMP_LTZ(3)").is_some_and(|e| e.contains("TO_TIMESTAMP_LTZ")));
        assert!(check("TIMESTAMP(3)", "BIGINT").is_some_and(|e| e.contains("UNIX_TIMESTAMP")));
        assert_eq!(
            check("DATE", "INT").as_deref(),
            Some("Cast function cannot convert value of type DATE to type INT")
        );
        for (from, to) in [
            ("INT", "DATE"),
            ("BOOLEAN", "DATE"),
            ("DATE", "TIME"),
            ("TIME", "DATE"),
            ("INT", "BYTES"),
            ("INTERVAL DAY", "BIGINT"),
            ("ROW<a INT, b INT>", "ROW<a INT>"),
        ] {
            assert!(!castable(&ty(from), &ty(to)), "{from} → {to}");
        }
        for (from, to) in [
            ("STRING", "INT"),
            ("INT", "STRING"),
            ("BOOLEAN", "INT"),
            ("DOUBLE", "BOOLEAN"),
            ("TIMESTAMP(3)", "DATE"),
            ("TIME", "TIMESTAMP"),
            ("ARRAY<INT>", "ARRAY<STRING>"),
            ("INT", "INTERVAL DAY"),
            ("BYTES", "STRING"),
            ("NULL", "DATE"),
        ] {
            assert!(castable(&ty(from), &ty(to)), "{from} → {to}");
        }
        assert_eq!(ok(int(1), "INT", "INTERVAL DAY"), "+1 00:00:00.000");
    }

    #[test]
    fn implicit_casts_are_what_insert_accepts() {
        for (from, to) in [
            ("INT", "BIGINT"),
            ("INT", "DECIMAL(5, 2)"),
            ("DOUBLE", "DECIMAL(5, 2)"),
            ("DECIMAL(5, 1)", "DECIMAL(5, 2)"),
            ("INT", "DOUBLE"),
            ("FLOAT", "DOUBLE"),
            ("CHAR(3)", "STRING"),
            ("TIMESTAMP(0)", "TIMESTAMP(3)"),
            ("NULL", "INT"),
        ] {
            assert!(implicit(&ty(from), &ty(to)), "{from} → {to}");
        }
        for (from, to) in [
            ("BIGINT", "INT"),
            ("DECIMAL(2, 1)", "INT"),
            ("INT", "STRING"),
            ("STRING", "INT"),
            ("STRING", "TIMESTAMP(3)"),
            ("DATE", "TIMESTAMP(3)"),
            ("STRING", "DATE"),
            ("BOOLEAN", "STRING"),
            ("DOUBLE", "FLOAT"),
        ] {
            assert!(!implicit(&ty(from), &ty(to)), "{from} → {to}");
        }
    }

    #[test]
    fn try_cast_is_null_where_cast_fails() {
        assert_eq!(
            try_cast(&s("abc"), &ty("STRING"), &ty("INT"), &session()),
            Datum::Null
        );
        assert_eq!(
            try_cast(&s("12"), &ty("STRING"), &ty("INT"), &session()),
            int(12)
        );
        assert_eq!(
            try_cast(&s("x"), &ty("STRING"), &ty("DATE"), &session()),
            Datum::Null
        );
    }
}
