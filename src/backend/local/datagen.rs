//! Tables with `'connector' = 'datagen'`: their options checked and their rows made as
//! Flink's datagen source makes them (`DataGenTableSourceFactory`,
//! `RandomGeneratorVisitor`, `SequenceGenerator`), once, when the table is created.
//!
//! Flink's datagen is bounded only with `'number-of-rows'` (a batch query of one without
//! it fails as unbounded, sequence fields or not); a sequence ends the source early when
//! it runs out. Random values: integers over their type's range, FLOAT/DOUBLE between
//! `min` (default the smallest positive double) and `max` (default the largest),
//! DECIMAL(p, s) below 10^(p-s), strings and bytes of `length` (default 100, at most
//! the declared length) random hex digits / bytes, collections of 3 elements, and
//! DATE/TIME/TIMESTAMP at the current time minus a random part of `max-past`.

use chrono::{Duration, Local, Utc};
use rusqlite::Connection as Db;

use super::catalog::{Object, sq};
use super::ftype::{FlinkType, Kind};
use super::store::statement_error;
use super::value::{Datum, truncate_ts};
use crate::error::{Error, Result};

const TABLE_OPTIONS: [&str; 5] = [
    "connector",
    "number-of-rows",
    "rows-per-second",
    "scan.parallelism",
    "source.parallelism",
];
/// The most rows a datagen table makes: they are all written when it is created.
pub const MAX_ROWS: u64 = 1_000_000;

const FIELD_OPTIONS: [&str; 9] = [
    "kind",
    "min",
    "max",
    "max-past",
    "length",
    "start",
    "end",
    "null-rate",
    "var-len",
];

/// How one column's values are made.
#[derive(Debug, Default, Clone)]
struct FieldSpec {
    sequence: bool,
    min: Option<String>,
    max: Option<String>,
    max_past_ms: i64,
    length: Option<usize>,
    start: Option<i128>,
    end: Option<i128>,
    null_rate: f64,
    var_len: bool,
}

fn unparsable(key: &str, value: &str) -> Error {
    Error::statement(format!(
        "Could not parse value '{value}' for key '{key}' of the datagen table"
    ))
}

fn specs(o: &Object) -> Result<Vec<(String, FlinkType, FieldSpec)>> {
    let mut unsupported = Vec::new();
    for (k, _) in &o.options {
        let ok = match k.strip_prefix("fields.") {
            Some(rest) => rest.rsplit_once('.').is_some_and(|(field, opt)| {
                FIELD_OPTIONS.contains(&opt)
                    && o.columns.iter().any(|c| c.name == field && c.ty.is_some())
            }),
            None => TABLE_OPTIONS.contains(&k.as_str()),
        };
        if !ok {
            unsupported.push(k.clone());
        }
    }
    if !unsupported.is_empty() {
        return Err(Error::statement(format!(
            "Unsupported options found for 'datagen': {}; it takes 'number-of-rows' and \
             fields.<column>.{{{}}}",
            unsupported.join(", "),
            FIELD_OPTIONS.join("|")
        )));
    }
    if let Some(n) = o.option("number-of-rows") {
        let rows = n
            .parse::<u64>()
            .map_err(|_| unparsable("number-of-rows", n))?;
        if rows > MAX_ROWS {
            return Err(Error::statement(format!(
                "'number-of-rows' = '{n}' is more than the local engine makes ({MAX_ROWS}, \
                 written when the table is created); ask for fewer"
            )));
        }
    }
    let mut out = Vec::new();
    for c in &o.columns {
        let Some(ty) = &c.ty else { continue };
        let key = |opt: &str| format!("fields.{}.{opt}", c.name);
        let get = |opt: &str| o.option(&key(opt)).map(str::to_string);
        let int = |opt: &str| -> Result<Option<i128>> {
            get(opt)
                .map(|v| {
                    v.trim()
                        .parse::<i128>()
                        .map_err(|_| unparsable(&key(opt), &v))
                })
                .transpose()
        };
        let mut spec = FieldSpec {
            min: get("min"),
            max: get("max"),
            start: int("start")?,
            end: int("end")?,
            ..FieldSpec::default()
        };
        match get("kind").as_deref() {
            None | Some("random") => {}
            Some("sequence") => spec.sequence = true,
            Some(other) => {
                return Err(Error::statement(format!(
                    "Unsupported kind '{other}' for '{}' of the datagen table; use random or sequence",
                    key("kind")
                )));
            }
        }
        if spec.sequence {
            for (opt, v) in [("start", spec.start), ("end", spec.end)] {
                if v.is_none() {
                    return Err(Error::statement(format!(
                        "Could not find required property '{}' for sequence generator",
                        key(opt)
                    )));
                }
            }
            let sequenceable = ty.is_numeric() || ty.is_string();
            if !sequenceable {
                return Err(Error::statement(format!(
                    "the datagen table cannot make a sequence of {ty} (column {}); \
                     use a numeric or string column",
                    c.name
                )));
            }
        }
        for opt in ["min", "max"] {
            if let Some(v) = get(opt) {
                v.trim()
                    .parse::<f64>()
                    .map_err(|_| unparsable(&key(opt), &v))?;
            }
        }
        if let Some(v) = get("length") {
            spec.length = Some(
                v.trim()
                    .parse()
                    .map_err(|_| unparsable(&key("length"), &v))?,
            );
        }
        if let Some(v) = get("null-rate") {
            spec.null_rate = v
                .trim()
                .parse()
                .map_err(|_| unparsable(&key("null-rate"), &v))?;
        }
        if let Some(v) = get("var-len") {
            spec.var_len = v.eq_ignore_ascii_case("true");
        }
        if let Some(v) = get("max-past") {
            spec.max_past_ms = duration_ms(&v).ok_or_else(|| unparsable(&key("max-past"), &v))?;
        }
        out.push((c.name.clone(), ty.clone(), spec));
    }
    Ok(out)
}

/// A Flink duration (`5000`, `5 s`, `1min`, `2h`, `1d`) in milliseconds.
fn duration_ms(text: &str) -> Option<i64> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let n: i64 = text[..split].parse().ok()?;
    let unit = match text[split..].trim() {
        "" | "ms" | "milli" | "millis" | "millisecond" | "milliseconds" => 1,
        "s" | "sec" | "secs" | "second" | "seconds" => 1_000,
        "min" | "m" | "minute" | "minutes" => 60_000,
        "h" | "hour" | "hours" => 3_600_000,
        "d" | "day" | "days" => 86_400_000,
        _ => return None,
    };
    n.checked_mul(unit)
}

/// Checks the options of a datagen table as Flink does when it reads one.
pub fn check(o: &Object) -> Result<()> {
    specs(o).map(|_| ())
}

/// Writes a bounded datagen table's rows into its SQLite table; None for an unbounded
/// one, which is never read.
pub fn fill(db: &Db, o: &Object) -> Result<Option<usize>> {
    let Some(n) = o.option("number-of-rows") else {
        return Ok(None);
    };
    let mut rows: u64 = n.parse().map_err(|_| unparsable("number-of-rows", n))?;
    let specs = specs(o)?;
    for (_, _, spec) in &specs {
        if let (true, Some(start), Some(end)) = (spec.sequence, spec.start, spec.end) {
            let len = u64::try_from((end - start + 1).max(0)).unwrap_or(u64::MAX);
            rows = rows.min(len);
        }
    }
    let columns: Vec<String> = specs.iter().map(|(n, _, _)| sq(n)).collect();
    let placeholders: Vec<String> = (1..=specs.len()).map(|i| format!("?{i}")).collect();
    let mut insert = db
        .prepare(&format!(
            "INSERT INTO {} ({}) VALUES ({})",
            sq(&o.sqlite_table()),
            columns.join(", "),
            placeholders.join(", ")
        ))
        .map_err(statement_error)?;
    let mut rng = Rng::new();
    for row in 0..rows {
        let values: Vec<rusqlite::types::Value> = specs
            .iter()
            .map(|(_, ty, spec)| value(&mut rng, ty, spec, row).to_sql())
            .collect();
        insert
            .execute(rusqlite::params_from_iter(values))
            .map_err(statement_error)?;
    }
    Ok(Some(usize::try_from(rows).unwrap_or(usize::MAX)))
}

/// SplitMix64, seeded once per table: fast, and random enough for test data.
struct Rng(u64);

impl Rng {
    fn new() -> Self {
        Rng(crate::util::random_u64())
    }
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// A uniform double in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn int_in(&mut self, lo: i128, hi: i128) -> i128 {
        if hi <= lo {
            return lo;
        }
        let span = u128::try_from(hi - lo)
            .unwrap_or(u128::MAX)
            .saturating_add(1);
        let r = (u128::from(self.next()) << 64 | u128::from(self.next())) % span;
        lo + i128::try_from(r).unwrap_or(0)
    }
}

fn value(rng: &mut Rng, ty: &FlinkType, spec: &FieldSpec, row: u64) -> Datum {
    if spec.null_rate > 0.0 && rng.unit() < spec.null_rate {
        return Datum::Null;
    }
    if spec.sequence {
        let v = spec.start.unwrap_or(0) + i128::from(row);
        return match &ty.kind {
            k if ty.is_string() && !matches!(k, Kind::Null) => Datum::Str(v.to_string()),
            Kind::Float | Kind::Double => Datum::Double(v as f64),
            Kind::Decimal(_, s) => Datum::Decimal(v * 10i128.pow(u32::from(*s)), *s),
            _ => Datum::Int(i64::try_from(v).unwrap_or(i64::MAX)),
        };
    }
    random(rng, ty, spec)
}

fn bound(text: &Option<String>) -> Option<f64> {
    text.as_deref().and_then(|t| t.trim().parse().ok())
}

fn random(rng: &mut Rng, ty: &FlinkType, spec: &FieldSpec) -> Datum {
    let ints = |rng: &mut Rng, lo: i64, hi: i64| {
        let lo = bound(&spec.min).map_or(lo, |v| v as i64);
        let hi = bound(&spec.max).map_or(hi, |v| v as i64);
        Datum::Int(i64::try_from(rng.int_in(i128::from(lo), i128::from(hi))).unwrap_or(lo))
    };
    let length = |rng: &mut Rng, declared: u32| {
        let max = spec.length.unwrap_or(100).min(declared as usize);
        if spec.var_len {
            usize::try_from(rng.int_in(1, max as i128)).unwrap_or(max)
        } else {
            max
        }
    };
    let now = Local::now().naive_local();
    let past = |rng: &mut Rng| {
        Duration::milliseconds(
            i64::try_from(rng.int_in(0, i128::from(spec.max_past_ms))).unwrap_or(0),
        )
    };
    let element = FieldSpec {
        min: None,
        max: None,
        ..FieldSpec::default()
    };
    match &ty.kind {
        Kind::Null => Datum::Null,
        Kind::Boolean => Datum::Bool(rng.next() & 1 == 1),
        Kind::TinyInt => ints(rng, i64::from(i8::MIN), i64::from(i8::MAX)),
        Kind::SmallInt => ints(rng, i64::from(i16::MIN), i64::from(i16::MAX)),
        Kind::Int => ints(rng, i64::from(i32::MIN), i64::from(i32::MAX)),
        Kind::BigInt => ints(rng, i64::MIN, i64::MAX),
        Kind::Float | Kind::Double => {
            let (lo, hi) = if ty.kind == Kind::Float {
                (f64::from(f32::MIN_POSITIVE), f64::from(f32::MAX))
            } else {
                (f64::MIN_POSITIVE, f64::MAX)
            };
            let lo = bound(&spec.min).unwrap_or(lo);
            let hi = bound(&spec.max).unwrap_or(hi);
            Datum::Double(lo + rng.unit() * (hi - lo))
        }
        Kind::Decimal(p, s) => {
            let limit = 10f64.powi(i32::from(*p) - i32::from(*s));
            let lo = bound(&spec.min).map_or(0.0, |v| v.max(-limit));
            let hi = bound(&spec.max).map_or(limit, |v| v.min(limit));
            let scale = 10f64.powi(i32::from(*s));
            let max_unscaled = 10i128.pow(u32::from(*p)) - 1;
            let unscaled = ((lo + rng.unit() * (hi - lo)) * scale).round() as i128;
            Datum::Decimal(unscaled.clamp(-max_unscaled, max_unscaled), *s)
        }
        Kind::Char(n) | Kind::VarChar(n) => {
            const HEX: &[u8] = b"0123456789abcdef";
            let len = length(rng, *n);
            let mut text = String::with_capacity(len);
            let mut bits = 0u64;
            for k in 0..len {
                // Sixteen hex digits from each random word.
                if k % 16 == 0 {
                    bits = rng.next();
                }
                text.push(char::from(HEX[(bits & 0xF) as usize]));
                bits >>= 4;
            }
            Datum::Str(text)
        }
        Kind::Binary(n) | Kind::VarBinary(n) => {
            let len = length(rng, *n);
            Datum::Bytes((0..len).map(|_| rng.next() as u8).collect())
        }
        Kind::Date => Datum::Date((now - past(rng)).date()),
        Kind::Time(p) => Datum::Time(truncate_ts(now, *p).time()),
        Kind::Timestamp(p) => Datum::Timestamp(truncate_ts(now - past(rng), *p)),
        Kind::TimestampLtz(p) => {
            Datum::TimestampLtz(truncate_ts(Utc::now().naive_utc() - past(rng), *p))
        }
        Kind::IntervalMonths(_) => Datum::Months(i64::try_from(rng.int_in(0, 1200)).unwrap_or(0)),
        Kind::IntervalMillis(_) => {
            Datum::Millis(i64::try_from(rng.int_in(0, 86_400_000)).unwrap_or(0))
        }
        Kind::Array(e) => Datum::Array((0..3).map(|_| random(rng, e, &element)).collect()),
        Kind::Multiset(e) => Datum::Map(
            (0..3)
                .map(|_| (random(rng, e, &element), Datum::Int(1)))
                .collect(),
        ),
        Kind::Map(k, v) => Datum::Map(
            (0..3)
                .map(|_| (random(rng, k, &element), random(rng, v, &element)))
                .collect(),
        ),
        Kind::Row(fields) => Datum::Row(
            fields
                .iter()
                .map(|(_, t)| random(rng, t, &element))
                .collect(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_as_flink_writes_them() {
        assert_eq!(duration_ms("5000"), Some(5000));
        assert_eq!(duration_ms("5 s"), Some(5000));
        assert_eq!(duration_ms("1min"), Some(60_000));
        assert_eq!(duration_ms("x"), None);
    }

    #[test]
    fn random_values_stay_in_their_bounds() {
        let spec = FieldSpec {
            min: Some("5".into()),
            max: Some("7".into()),
            ..FieldSpec::default()
        };
        let mut rng = Rng::new();
        for _ in 0..200 {
            let Datum::Int(v) = random(&mut rng, &FlinkType::parse("BIGINT").unwrap(), &spec)
            else {
                panic!()
            };
            assert!((5..=7).contains(&v));
        }
        let dec = FlinkType::parse("DECIMAL(5, 2)").unwrap();
        for _ in 0..200 {
            let Datum::Decimal(v, 2) = random(&mut rng, &dec, &FieldSpec::default()) else {
                panic!()
            };
            assert!((0..=99_999).contains(&v));
        }
        let s = random(
            &mut rng,
            &FlinkType::parse("VARCHAR(3)").unwrap(),
            &FieldSpec::default(),
        );
        assert!(matches!(s, Datum::Str(ref t) if t.len() == 3));
    }
}
