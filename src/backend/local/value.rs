//! A Flink value in Rust (`Datum`), how it is kept in SQLite, and how it is handed to a
//! printer.
//!
//! Kept so SQLite's own comparisons, sorting, grouping and DISTINCT agree with Flink's on
//! every type whose values SQLite compares itself: integers and booleans as INTEGER,
//! FLOAT/DOUBLE as REAL, strings as TEXT, bytes as BLOB, DATE/TIME/TIMESTAMP as
//! fixed-width TEXT (so text order is time order), intervals as INTEGER. DECIMAL is TEXT
//! with exactly its type's scale (so equal values of one type are equal text); the
//! engine compares and sorts decimals through its own functions. ARRAY, MAP, MULTISET
//! and ROW are canonical JSON text of their elements' encodings (a MAP as a list of
//! `[key, value]` pairs, so keys of any type and their order survive).

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use rusqlite::types::{Value as SqlValue, ValueRef};
use serde_json::Value as Json;

use super::ftype::{FlinkType, Kind};
use crate::render::flink;
use crate::result::Value;

/// One Flink value.
#[derive(Debug, Clone, PartialEq)]
pub enum Datum {
    Null,
    Bool(bool),
    /// TINYINT, SMALLINT, INT, BIGINT.
    Int(i64),
    /// FLOAT, DOUBLE.
    Double(f64),
    /// DECIMAL: the unscaled value and the scale (`1.50` is `(150, 2)`).
    Decimal(i128, u8),
    /// CHAR, VARCHAR, STRING.
    Str(String),
    /// BINARY, VARBINARY, BYTES.
    Bytes(Vec<u8>),
    Date(NaiveDate),
    Time(NaiveTime),
    Timestamp(NaiveDateTime),
    /// TIMESTAMP_LTZ: an instant, kept as its UTC date-time.
    TimestampLtz(NaiveDateTime),
    /// INTERVAL YEAR TO MONTH, in months.
    Months(i64),
    /// INTERVAL DAY TO SECOND, in milliseconds.
    Millis(i64),
    Array(Vec<Datum>),
    /// MAP and MULTISET (element → count), in insertion order.
    Map(Vec<(Datum, Datum)>),
    Row(Vec<Datum>),
}

/// Why a value could not be read back: a state file written by another version, or a
/// bug. Never a user's input error (those are checked where values are made).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Corrupt(pub String);

fn corrupt(what: &str, t: &FlinkType) -> Corrupt {
    Corrupt(format!("a stored {t} value is not one ({what})"))
}

const DATE_FMT: &str = "%Y-%m-%d";
const TIME_FMT: &str = "%H:%M:%S%.9f";
const TS_FMT: &str = "%Y-%m-%d %H:%M:%S%.9f";

impl Datum {
    pub fn is_null(&self) -> bool {
        matches!(self, Datum::Null)
    }

    /// The SQLite value this datum is kept as.
    pub fn to_sql(&self) -> SqlValue {
        match self {
            Datum::Null => SqlValue::Null,
            Datum::Bool(b) => SqlValue::Integer(i64::from(*b)),
            Datum::Int(i) | Datum::Months(i) | Datum::Millis(i) => SqlValue::Integer(*i),
            // SQLite keeps NaN as NULL.
            Datum::Double(d) if d.is_nan() => SqlValue::Text("NaN".to_string()),
            Datum::Double(d) => SqlValue::Real(*d),
            Datum::Decimal(..)
            | Datum::Date(_)
            | Datum::Time(_)
            | Datum::Timestamp(_)
            | Datum::TimestampLtz(_)
            | Datum::Array(_)
            | Datum::Map(_)
            | Datum::Row(_) => SqlValue::Text(self.text_form()),
            Datum::Str(s) => SqlValue::Text(s.clone()),
            Datum::Bytes(b) => SqlValue::Blob(b.clone()),
        }
    }

    fn text_form(&self) -> String {
        match self {
            Datum::Decimal(v, s) => decimal_text(*v, *s),
            Datum::Date(d) => d.format(DATE_FMT).to_string(),
            Datum::Time(t) => t.format(TIME_FMT).to_string(),
            Datum::Timestamp(ts) | Datum::TimestampLtz(ts) => ts.format(TS_FMT).to_string(),
            Datum::Array(_) | Datum::Map(_) | Datum::Row(_) => self.to_json().to_string(),
            Datum::Str(s) => s.clone(),
            _ => String::new(),
        }
    }

    fn to_json(&self) -> Json {
        match self {
            Datum::Null => Json::Null,
            Datum::Bool(b) => Json::Bool(*b),
            Datum::Int(i) | Datum::Months(i) | Datum::Millis(i) => Json::from(*i),
            Datum::Double(d) => serde_json::Number::from_f64(*d)
                .map(Json::Number)
                .unwrap_or_else(|| Json::String(d.to_string())),
            Datum::Bytes(b) => Json::String(crate::util::base64(b)),
            Datum::Array(items) => Json::Array(items.iter().map(Datum::to_json).collect()),
            Datum::Row(fields) => Json::Array(fields.iter().map(Datum::to_json).collect()),
            Datum::Map(entries) => Json::Array(
                entries
                    .iter()
                    .map(|(k, v)| Json::Array(vec![k.to_json(), v.to_json()]))
                    .collect(),
            ),
            other => Json::String(other.text_form()),
        }
    }

    /// Reads back a value of type `t` from how SQLite keeps it.
    pub fn from_sql(v: ValueRef<'_>, t: &FlinkType) -> Result<Datum, Corrupt> {
        if let ValueRef::Null = v {
            return Ok(Datum::Null);
        }
        let text = || match v {
            ValueRef::Text(b) => std::str::from_utf8(b).map_err(|_| corrupt("not UTF-8", t)),
            _ => Err(corrupt("not text", t)),
        };
        Ok(match &t.kind {
            Kind::Null => Datum::Null,
            Kind::Boolean => Datum::Bool(int_of(v, t)? != 0),
            Kind::TinyInt | Kind::SmallInt | Kind::Int | Kind::BigInt => Datum::Int(int_of(v, t)?),
            Kind::IntervalMonths(_) => Datum::Months(int_of(v, t)?),
            Kind::IntervalMillis(_) => Datum::Millis(int_of(v, t)?),
            Kind::Float | Kind::Double => Datum::Double(match v {
                ValueRef::Real(d) => d,
                ValueRef::Integer(i) => i as f64,
                ValueRef::Text(b) => std::str::from_utf8(b)
                    .ok()
                    .and_then(|s| s.parse().ok())
                    .ok_or_else(|| corrupt("not a number", t))?,
                _ => return Err(corrupt("not a number", t)),
            }),
            Kind::Decimal(_, s) => match v {
                ValueRef::Integer(i) => {
                    Datum::Decimal(i128::from(i) * 10i128.pow(u32::from(*s)), *s)
                }
                // A state file from before exact decimals kept them as REAL.
                ValueRef::Real(f) => {
                    parse_decimal(&f.to_string(), *s).ok_or_else(|| corrupt("not a decimal", t))?
                }
                _ => parse_decimal(text()?, *s).ok_or_else(|| corrupt("not a decimal", t))?,
            },
            Kind::Char(_) | Kind::VarChar(_) => match v {
                ValueRef::Text(_) => Datum::Str(text()?.to_string()),
                ValueRef::Integer(i) => Datum::Str(i.to_string()),
                ValueRef::Real(d) => Datum::Str(d.to_string()),
                _ => return Err(corrupt("not text", t)),
            },
            Kind::Binary(_) | Kind::VarBinary(_) => match v {
                ValueRef::Blob(b) => Datum::Bytes(b.to_vec()),
                ValueRef::Text(b) => Datum::Bytes(b.to_vec()),
                _ => return Err(corrupt("not bytes", t)),
            },
            Kind::Date => Datum::Date(
                NaiveDate::parse_from_str(text()?, DATE_FMT).map_err(|_| corrupt("date", t))?,
            ),
            Kind::Time(_) => Datum::Time(
                NaiveTime::parse_from_str(text()?, TIME_FMT).map_err(|_| corrupt("time", t))?,
            ),
            Kind::Timestamp(_) => {
                Datum::Timestamp(parse_ts(text()?).ok_or_else(|| corrupt("timestamp", t))?)
            }
            Kind::TimestampLtz(_) => match v {
                // Epoch milliseconds, as some writers keep instants.
                ValueRef::Integer(ms) => Datum::TimestampLtz(
                    DateTime::from_timestamp_millis(ms)
                        .ok_or_else(|| corrupt("instant", t))?
                        .naive_utc(),
                ),
                _ => Datum::TimestampLtz(parse_ts(text()?).ok_or_else(|| corrupt("instant", t))?),
            },
            Kind::Array(_) | Kind::Multiset(_) | Kind::Map(..) | Kind::Row(_) => {
                let json: Json = serde_json::from_str(text()?).map_err(|_| corrupt("JSON", t))?;
                Datum::from_json(&json, t)?
            }
        })
    }

    fn from_json(json: &Json, t: &FlinkType) -> Result<Datum, Corrupt> {
        let items = || json.as_array().ok_or_else(|| corrupt("not a list", t));
        Ok(match (&t.kind, json) {
            (_, Json::Null) => Datum::Null,
            (Kind::Array(e), _) => Datum::Array(
                items()?
                    .iter()
                    .map(|j| Datum::from_json(j, e))
                    .collect::<Result<_, _>>()?,
            ),
            (Kind::Multiset(e), _) => {
                Datum::Map(pairs(items()?, e, &FlinkType::not_null(Kind::Int), t)?)
            }
            (Kind::Map(k, v), _) => Datum::Map(pairs(items()?, k, v, t)?),
            (Kind::Row(fields), _) => {
                let values = items()?;
                if values.len() != fields.len() {
                    return Err(corrupt("wrong number of fields", t));
                }
                Datum::Row(
                    values
                        .iter()
                        .zip(fields)
                        .map(|(j, (_, ft))| Datum::from_json(j, ft))
                        .collect::<Result<_, _>>()?,
                )
            }
            (Kind::Boolean, Json::Bool(b)) => Datum::Bool(*b),
            (Kind::Float | Kind::Double, Json::Number(n)) => {
                Datum::Double(n.as_f64().ok_or_else(|| corrupt("number", t))?)
            }
            (Kind::Float | Kind::Double, Json::String(s)) => {
                Datum::Double(s.parse().map_err(|_| corrupt("number", t))?)
            }
            (_, Json::Number(n)) => {
                let i = n.as_i64().ok_or_else(|| corrupt("integer", t))?;
                match t.kind {
                    Kind::IntervalMonths(_) => Datum::Months(i),
                    Kind::IntervalMillis(_) => Datum::Millis(i),
                    Kind::Boolean => Datum::Bool(i != 0),
                    _ => Datum::Int(i),
                }
            }
            (Kind::Binary(_) | Kind::VarBinary(_), Json::String(s)) => {
                Datum::Bytes(crate::util::base64_decode(s).ok_or_else(|| corrupt("base64", t))?)
            }
            (_, Json::String(s)) => Datum::from_sql(ValueRef::Text(s.as_bytes()), t)?,
            _ => return Err(corrupt("unexpected JSON", t)),
        })
    }

    /// The value a printer gets for this datum of type `t` (the SQL Client's text for
    /// decimals, temporal values and intervals).
    pub fn to_value(&self, t: &FlinkType) -> Value {
        match (self, &t.kind) {
            (Datum::Null, _) => Value::Null,
            (Datum::Bool(b), _) => Value::Bool(*b),
            (Datum::Int(i), _) => Value::Int(*i),
            (Datum::Double(d), Kind::Float) => Value::Float(f64::from(*d as f32)),
            (Datum::Double(d), _) => Value::Float(*d),
            (Datum::Decimal(v, s), _) => Value::Decimal(decimal_text(*v, *s)),
            (Datum::Str(s), _) => Value::Text(s.clone()),
            (Datum::Bytes(b), _) => Value::Bytes(b.clone()),
            (Datum::Date(d), _) => Value::Text(flink::date(*d)),
            (Datum::Time(tm), Kind::Time(p)) => Value::Text(flink::time(*tm, u32::from(*p))),
            (Datum::Time(tm), _) => Value::Text(flink::time(*tm, 0)),
            (
                Datum::Timestamp(ts) | Datum::TimestampLtz(ts),
                Kind::Timestamp(p) | Kind::TimestampLtz(p),
            ) => Value::Text(flink::timestamp(*ts, u32::from(*p))),
            (Datum::Timestamp(ts) | Datum::TimestampLtz(ts), _) => {
                Value::Text(flink::timestamp(*ts, 6))
            }
            (Datum::Months(m), _) => Value::Text(flink::interval_months(*m)),
            (Datum::Millis(ms), _) => Value::Text(flink::interval_millis(*ms)),
            (Datum::Array(items), Kind::Array(e)) => {
                Value::Array(items.iter().map(|d| d.to_value(e)).collect())
            }
            (Datum::Map(entries), Kind::Map(k, v)) => Value::Map(
                entries
                    .iter()
                    .map(|(a, b)| (a.to_value(k), b.to_value(v)))
                    .collect(),
            ),
            (Datum::Map(entries), Kind::Multiset(e)) => Value::Map(
                entries
                    .iter()
                    .map(|(a, b)| (a.to_value(e), b.to_value(&FlinkType::not_null(Kind::Int))))
                    .collect(),
            ),
            (Datum::Row(fields), Kind::Row(types)) => Value::Row(
                fields
                    .iter()
                    .zip(types)
                    .map(|(d, (_, ft))| d.to_value(ft))
                    .collect(),
            ),
            (other, _) => Value::Text(other.text_form()),
        }
    }
}

fn int_of(v: ValueRef<'_>, t: &FlinkType) -> Result<i64, Corrupt> {
    match v {
        ValueRef::Integer(i) => Ok(i),
        ValueRef::Real(d) if d.fract() == 0.0 => Ok(d as i64),
        ValueRef::Text(b) => std::str::from_utf8(b)
            .ok()
            .and_then(|s| s.trim().parse().ok())
            .ok_or_else(|| corrupt("not an integer", t)),
        _ => Err(corrupt("not an integer", t)),
    }
}

fn pairs(
    items: &[Json],
    k: &FlinkType,
    v: &FlinkType,
    t: &FlinkType,
) -> Result<Vec<(Datum, Datum)>, Corrupt> {
    items
        .iter()
        .map(|pair| match pair.as_array().map(Vec::as_slice) {
            Some([a, b]) => Ok((Datum::from_json(a, k)?, Datum::from_json(b, v)?)),
            _ => Err(corrupt("not a pair", t)),
        })
        .collect()
}

fn parse_ts(s: &str) -> Option<NaiveDateTime> {
    // Older state files kept fewer fractional digits, or a `T`.
    NaiveDateTime::parse_from_str(s, TS_FMT)
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S%.f"))
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f"))
        .ok()
}

/// `unscaled` at `scale` as plain text: `(150, 2)` is `1.50`, `(-5, 3)` is `-0.005`.
pub fn decimal_text(unscaled: i128, scale: u8) -> String {
    let digits = unscaled.unsigned_abs().to_string();
    let scale = usize::from(scale);
    let sign = if unscaled < 0 { "-" } else { "" };
    if scale == 0 {
        return format!("{sign}{digits}");
    }
    let padded = format!("{digits:0>width$}", width = scale + 1);
    let (int, frac) = padded.split_at(padded.len() - scale);
    format!("{sign}{int}.{frac}")
}

/// A plain decimal number (`-1.5`, `2`, `.25`, `1e3`) rounded half-up to `scale`; None if
/// it is not one or needs more than 38 digits.
pub fn parse_decimal(text: &str, scale: u8) -> Option<Datum> {
    let normalized = flink::decimal(text, u32::from(scale) + 1)?;
    let negative = normalized.starts_with('-');
    let digits: String = normalized.chars().filter(char::is_ascii_digit).collect();
    if digits.len() > 40 {
        return None;
    }
    // One extra digit was kept to round on (split off first: with it, 38 digits would
    // not fit an i128).
    let (kept, last) = digits.split_at(digits.len().saturating_sub(1));
    let kept: i128 = if kept.is_empty() {
        0
    } else {
        kept.parse().ok()?
    };
    let rounded = kept.checked_add(i128::from(last >= "5"))?;
    Some(Datum::Decimal(
        if negative { -rounded } else { rounded },
        scale,
    ))
}

/// Ensures a time of day keeps only `precision` fractional digits, as a value of
/// TIME(p)/TIMESTAMP(p) does.
pub fn truncate_nanos(nanos: u32, precision: u8) -> u32 {
    let unit = 10u32.pow(9 - u32::from(precision.min(9)));
    nanos / unit * unit
}

/// `ts` cut to `precision` fractional digits.
pub fn truncate_ts(ts: NaiveDateTime, precision: u8) -> NaiveDateTime {
    let nanos = truncate_nanos(ts.nanosecond(), precision);
    ts.with_nanosecond(nanos).unwrap_or(ts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(name: &str) -> FlinkType {
        FlinkType::parse(name).unwrap_or_else(FlinkType::null)
    }

    #[test]
    fn every_kind_round_trips_through_sqlite() {
        let cases = [
            (Datum::Decimal(150, 2), "DECIMAL(10, 2)"),
            (Datum::Decimal(-5, 3), "DECIMAL(10, 3)"),
            (Datum::Bool(true), "BOOLEAN"),
            (Datum::Int(-7), "INT"),
            (Datum::Double(1.5), "DOUBLE"),
            (Datum::Str("x".into()), "STRING"),
            (Datum::Bytes(vec![0, 255]), "BYTES"),
            (Datum::Array(vec![Datum::Int(1), Datum::Null]), "ARRAY<INT>"),
            (
                Datum::Map(vec![(Datum::Int(1), Datum::Str("a".into()))]),
                "MAP<INT, STRING>",
            ),
            (
                Datum::Row(vec![Datum::Decimal(15, 1), Datum::Bytes(vec![1])]),
                "ROW<a DECIMAL(3, 1), b BYTES>",
            ),
            (
                Datum::Timestamp(
                    NaiveDate::from_ymd_opt(2024, 3, 15)
                        .and_then(|d| d.and_hms_milli_opt(10, 20, 30, 500))
                        .unwrap_or_default(),
                ),
                "TIMESTAMP(3)",
            ),
        ];
        for (d, name) in cases {
            let ty = t(name);
            let sql = d.to_sql();
            let back = Datum::from_sql(ValueRef::from(&sql), &ty);
            assert_eq!(back, Ok(d), "{name}");
        }
    }

    #[test]
    fn decimals_keep_their_scale() {
        assert_eq!(decimal_text(150, 2), "1.50");
        assert_eq!(decimal_text(-5, 3), "-0.005");
        assert_eq!(parse_decimal("1.5", 2), Some(Datum::Decimal(150, 2)));
        assert_eq!(parse_decimal("1.005", 2), Some(Datum::Decimal(101, 2)));
        assert_eq!(parse_decimal("-1.005", 2), Some(Datum::Decimal(-101, 2)));
        // 38 digits, the most a DECIMAL has.
        let widest = "99999999999999999999.000000000000000001";
        assert_eq!(
            parse_decimal(widest, 18),
            Some(Datum::Decimal(
                99_999_999_999_999_999_999_000_000_000_000_000_001,
                18
            ))
        );
    }
}
