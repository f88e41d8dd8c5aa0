//! Flink's aggregate functions, each able to take a row back (`retract`) so that it can
//! also serve as a window function over a sliding frame.
//!
//! `infer` gives the type Flink derives for a grouped query; over a whole table (no
//! GROUP BY) Flink makes it nullable unless `empty_group_nullable` says otherwise.
//! DISTINCT is applied before the accumulator sees a row. LISTAGG's separator must be a
//! literal (Flink: `Argument to function 'LISTAGG' must be a literal`): the translator
//! checks that, not this file.

use std::cmp::Ordering;

use super::number::cmp_decimal;
use super::{Accumulator, Aggregate, Eval, Session, Signature, cannot_apply};
use crate::backend::local::ftype::{FlinkType, Kind, MAX_PRECISION};
use crate::backend::local::value::{Datum, parse_decimal};

pub static FUNCTIONS: &[Aggregate] = &[
    Aggregate {
        name: "COUNT",
        infer: count_type,
        new: new_count,
    },
    Aggregate {
        name: "SUM",
        infer: sum_type,
        new: new_sum,
    },
    Aggregate {
        name: "AVG",
        infer: avg_type,
        new: new_avg,
    },
    Aggregate {
        name: "MIN",
        infer: min_type,
        new: new_min,
    },
    Aggregate {
        name: "MAX",
        infer: max_type,
        new: new_max,
    },
    Aggregate {
        name: "STDDEV_POP",
        infer: stddev_pop_type,
        new: new_stddev_pop,
    },
    Aggregate {
        name: "STDDEV_SAMP",
        infer: stddev_samp_type,
        new: new_stddev_samp,
    },
    Aggregate {
        name: "STDDEV",
        infer: stddev_type,
        new: new_stddev_samp,
    },
    Aggregate {
        name: "VAR_POP",
        infer: var_pop_type,
        new: new_var_pop,
    },
    Aggregate {
        name: "VAR_SAMP",
        infer: var_samp_type,
        new: new_var_samp,
    },
    Aggregate {
        name: "VARIANCE",
        infer: variance_type,
        new: new_var_samp,
    },
    Aggregate {
        name: "LISTAGG",
        infer: listagg_type,
        new: new_listagg,
    },
    Aggregate {
        name: "COLLECT",
        infer: collect_type,
        new: new_collect,
    },
    Aggregate {
        name: "ARRAY_AGG",
        infer: array_agg_type,
        new: new_array_agg,
    },
    Aggregate {
        name: "FIRST_VALUE",
        infer: first_value_type,
        new: new_first_value,
    },
    Aggregate {
        name: "LAST_VALUE",
        infer: last_value_type,
        new: new_last_value,
    },
];

/// Whether Flink makes the aggregate `name`'s type nullable when it runs over the whole
/// input (no GROUP BY), which may be empty. COUNT, LISTAGG, COLLECT and ARRAY_AGG keep
/// their type (an empty ARRAY_AGG/LISTAGG is still NULL, which Flink then rejects for a
/// NOT NULL sink column).
pub fn empty_group_nullable(name: &str) -> bool {
    !matches!(
        name.to_ascii_uppercase().as_str(),
        "COUNT" | "LISTAGG" | "COLLECT" | "ARRAY_AGG"
    )
}

// ---------------------------------------------------------------------------------------
// Types

fn one_arg<'a>(name: &str, args: &'a [FlinkType], form: &str) -> Result<&'a FlinkType, String> {
    match args {
        [t] => Ok(t),
        _ => Err(cannot_apply(name, args, &[form])),
    }
}

fn numeric_arg<'a>(name: &str, args: &'a [FlinkType]) -> Result<&'a FlinkType, String> {
    let form = format!("{name}(<NUMERIC>)");
    match one_arg(name, args, &form)? {
        t if t.is_numeric() => Ok(t),
        _ => Err(cannot_apply(name, args, &[&form])),
    }
}

fn count_type(_: &[FlinkType]) -> Result<FlinkType, String> {
    Ok(FlinkType::not_null(Kind::BigInt))
}

fn sum_type(args: &[FlinkType]) -> Result<FlinkType, String> {
    let t = numeric_arg("SUM", args)?;
    Ok(match t.kind {
        Kind::Decimal(_, s) => FlinkType::new(Kind::Decimal(MAX_PRECISION, s), t.nullable),
        _ => t.clone(),
    })
}

/// AVG and the variances: an integer type stays itself (integer division), a DECIMAL
/// becomes DECIMAL(38, max(6, s)) (`LogicalTypeMerging.findAvgAggType`).
fn avg_like(name: &str, args: &[FlinkType]) -> Result<FlinkType, String> {
    let t = numeric_arg(name, args)?;
    Ok(match t.kind {
        Kind::Decimal(_, s) => FlinkType::new(Kind::Decimal(MAX_PRECISION, s.max(6)), t.nullable),
        _ => t.clone(),
    })
}

fn avg_type(args: &[FlinkType]) -> Result<FlinkType, String> {
    avg_like("AVG", args)
}
fn stddev_pop_type(args: &[FlinkType]) -> Result<FlinkType, String> {
    avg_like("STDDEV_POP", args)
}
fn stddev_samp_type(args: &[FlinkType]) -> Result<FlinkType, String> {
    avg_like("STDDEV_SAMP", args)
}
fn stddev_type(args: &[FlinkType]) -> Result<FlinkType, String> {
    avg_like("STDDEV", args)
}
fn var_pop_type(args: &[FlinkType]) -> Result<FlinkType, String> {
    avg_like("VAR_POP", args)
}
fn var_samp_type(args: &[FlinkType]) -> Result<FlinkType, String> {
    avg_like("VAR_SAMP", args)
}
fn variance_type(args: &[FlinkType]) -> Result<FlinkType, String> {
    avg_like("VARIANCE", args)
}

fn comparable(name: &str, args: &[FlinkType]) -> Result<FlinkType, String> {
    let form = format!("{name}(<COMPARABLE_TYPE>)");
    let t = one_arg(name, args, &form)?;
    match t.kind {
        Kind::Array(_) | Kind::Multiset(_) | Kind::Map(..) | Kind::Row(_) => {
            Err(cannot_apply(name, args, &[&form]))
        }
        _ => Ok(t.clone()),
    }
}

fn min_type(args: &[FlinkType]) -> Result<FlinkType, String> {
    comparable("MIN", args)
}
fn max_type(args: &[FlinkType]) -> Result<FlinkType, String> {
    comparable("MAX", args)
}

fn listagg_type(args: &[FlinkType]) -> Result<FlinkType, String> {
    let ok = match args {
        [v] => v.is_string() || v.is_null(),
        [v, sep] => (v.is_string() || v.is_null()) && sep.is_string(),
        _ => false,
    };
    if !ok {
        return Err(cannot_apply(
            "LISTAGG",
            args,
            &[
                "LISTAGG(<CHARACTER>)",
                "LISTAGG(<CHARACTER>, <CHARACTER_LITERAL>)",
            ],
        ));
    }
    // Flink keeps the argument's type, CHAR(1) included, though the result is longer.
    Ok(match &args[0].kind {
        Kind::Null => FlinkType::string(),
        _ => args[0].clone(),
    })
}

fn any_arg(name: &str, args: &[FlinkType]) -> Result<FlinkType, String> {
    Ok(one_arg(name, args, &format!("{name}(<ANY>)"))?.clone())
}

fn collect_type(args: &[FlinkType]) -> Result<FlinkType, String> {
    let t = any_arg("COLLECT", args)?;
    Ok(FlinkType::not_null(Kind::Multiset(Box::new(t))))
}

fn array_agg_type(args: &[FlinkType]) -> Result<FlinkType, String> {
    let t = any_arg("ARRAY_AGG", args)?;
    let nullable = t.nullable;
    Ok(FlinkType::new(Kind::Array(Box::new(t)), nullable))
}

fn first_value_type(args: &[FlinkType]) -> Result<FlinkType, String> {
    any_arg("FIRST_VALUE", args)
}
fn last_value_type(args: &[FlinkType]) -> Result<FlinkType, String> {
    any_arg("LAST_VALUE", args)
}

// ---------------------------------------------------------------------------------------
// Numbers as the accumulators keep them

/// How an aggregate computes over its argument's type.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Num {
    /// TINYINT … BIGINT: exact, wrapping to this many bits as Java's arithmetic does.
    Int(u32),
    /// FLOAT: computed in 32 bits.
    Float,
    Double,
    /// DECIMAL of this scale.
    Decimal(u8),
}

fn num_of(t: &FlinkType) -> Num {
    match t.kind {
        Kind::TinyInt => Num::Int(8),
        Kind::SmallInt => Num::Int(16),
        Kind::Int => Num::Int(32),
        Kind::Float => Num::Float,
        Kind::Double => Num::Double,
        Kind::Decimal(_, s) => Num::Decimal(s),
        _ => Num::Int(64),
    }
}

fn wrap(v: i128, bits: u32) -> i64 {
    match bits {
        8 => i64::from(v as i8),
        16 => i64::from(v as i16),
        32 => i64::from(v as i32),
        _ => v as i64,
    }
}

fn pow10(n: u32) -> i128 {
    10i128.pow(n.min(38))
}

/// `d` as an exact number at `scale` (integers and decimals); None for anything else.
fn exact(d: &Datum, scale: u8) -> Option<i128> {
    match d {
        Datum::Int(i) => i128::from(*i).checked_mul(pow10(u32::from(scale))),
        Datum::Decimal(v, s) if *s <= scale => v.checked_mul(pow10(u32::from(scale - s))),
        Datum::Decimal(v, s) => Some(div_half_up(*v, pow10(u32::from(s - scale)))),
        _ => None,
    }
}

fn approx(d: &Datum) -> Option<f64> {
    match d {
        Datum::Double(f) => Some(*f),
        Datum::Int(i) => Some(*i as f64),
        Datum::Decimal(v, s) => Some(*v as f64 / 10f64.powi(i32::from(*s))),
        _ => None,
    }
}

/// `num / den` rounded half away from zero, as Java's `RoundingMode.HALF_UP`.
fn div_half_up(num: i128, den: i128) -> i128 {
    if den == 0 {
        return 0;
    }
    let q = num / den;
    let r = num % den;
    if r.unsigned_abs() * 2 >= den.unsigned_abs() {
        if (num < 0) == (den < 0) { q + 1 } else { q - 1 }
    } else {
        q
    }
}

/// A DECIMAL(38, s) result, or NULL where it needs more than 38 digits (Flink's decimal
/// overflow).
fn decimal_result(unscaled: i128, scale: u8) -> Datum {
    if unscaled.unsigned_abs() >= 10u128.pow(u32::from(MAX_PRECISION)) {
        Datum::Null
    } else {
        Datum::Decimal(unscaled, scale)
    }
}

fn result_scale(sig: &Signature) -> u8 {
    match sig.ret.kind {
        Kind::Decimal(_, s) => s,
        _ => 0,
    }
}

/// Running sums of the non-null values seen (and taken back), in the argument's kind.
#[derive(Debug, Clone)]
struct Sums {
    num: Num,
    n: i64,
    exact: i128,
    exact_sq: i128,
    /// Whether `exact_sq` overflowed: the variances fall back to doubles.
    sq_overflow: bool,
    float: f64,
    float_sq: f64,
    float32: f32,
    float32_sq: f32,
}

impl Sums {
    fn new(num: Num) -> Self {
        Sums {
            num,
            n: 0,
            exact: 0,
            exact_sq: 0,
            sq_overflow: false,
            float: 0.0,
            float_sq: 0.0,
            float32: 0.0,
            float32_sq: 0.0,
        }
    }

    fn update(&mut self, d: &Datum, sign: i64) -> Result<(), String> {
        if d.is_null() {
            return Ok(());
        }
        self.n += sign;
        match self.num {
            Num::Int(_) | Num::Decimal(_) => {
                let scale = match self.num {
                    Num::Decimal(s) => s,
                    _ => 0,
                };
                let v = exact(d, scale).ok_or("Arithmetic overflow in an aggregate")?;
                let signed = if sign < 0 { -v } else { v };
                self.exact = self
                    .exact
                    .checked_add(signed)
                    .ok_or("Arithmetic overflow in an aggregate")?;
                match v
                    .checked_mul(v)
                    .and_then(|sq| self.exact_sq.checked_add(if sign < 0 { -sq } else { sq }))
                {
                    Some(sq) => self.exact_sq = sq,
                    None => self.sq_overflow = true,
                }
                let f = approx(d).unwrap_or(0.0) * sign as f64;
                self.float += f;
                self.float_sq += f * f * sign as f64;
            }
            Num::Double | Num::Float => {
                let f = approx(d).ok_or("not a number")?;
                let (s, f32v) = (sign as f64, f as f32);
                self.float += f * s;
                self.float_sq += f * f * s;
                self.float32 += f32v * s as f32;
                self.float32_sq += f32v * f32v * s as f32;
            }
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------
// COUNT

struct Count {
    rows: bool,
    n: i64,
}

fn new_count(sig: &Signature, _: &Session) -> Box<dyn Accumulator> {
    Box::new(Count {
        rows: sig.args.is_empty(),
        n: 0,
    })
}

impl Count {
    fn counts(&self, args: &[Datum]) -> bool {
        self.rows || args.iter().all(|d| !d.is_null())
    }
}

impl Accumulator for Count {
    fn add(&mut self, args: &[Datum]) -> Result<(), String> {
        if self.counts(args) {
            self.n += 1;
        }
        Ok(())
    }
    fn retract(&mut self, args: &[Datum]) -> Result<(), String> {
        if self.counts(args) {
            self.n -= 1;
        }
        Ok(())
    }
    fn value(&self) -> Eval {
        Ok(Datum::Int(self.n))
    }
}

// ---------------------------------------------------------------------------------------
// SUM and AVG

struct Sum {
    sums: Sums,
    avg: bool,
    scale: u8,
}

fn sum_of(sig: &Signature, avg: bool) -> Box<dyn Accumulator> {
    let num = sig.args.first().map(num_of).unwrap_or(Num::Int(64));
    Box::new(Sum {
        sums: Sums::new(num),
        avg,
        scale: result_scale(sig),
    })
}

fn new_sum(sig: &Signature, _: &Session) -> Box<dyn Accumulator> {
    sum_of(sig, false)
}
fn new_avg(sig: &Signature, _: &Session) -> Box<dyn Accumulator> {
    sum_of(sig, true)
}

fn first(args: &[Datum]) -> &Datum {
    args.first().unwrap_or(&Datum::Null)
}

impl Accumulator for Sum {
    fn add(&mut self, args: &[Datum]) -> Result<(), String> {
        self.sums.update(first(args), 1)
    }
    fn retract(&mut self, args: &[Datum]) -> Result<(), String> {
        self.sums.update(first(args), -1)
    }
    fn value(&self) -> Eval {
        let s = &self.sums;
        if s.n <= 0 {
            return Ok(Datum::Null);
        }
        let n = i128::from(s.n);
        Ok(match s.num {
            // AVG of integers divides in BIGINT and truncates, as Java does.
            Num::Int(bits) if self.avg => Datum::Int(wrap(s.exact / n, bits)),
            Num::Int(bits) => Datum::Int(wrap(s.exact, bits)),
            Num::Double if self.avg => Datum::Double(s.float / s.n as f64),
            Num::Double => Datum::Double(s.float),
            Num::Float if self.avg => Datum::Double(f64::from(s.float32 / s.n as f32)),
            Num::Float => Datum::Double(f64::from(s.float32)),
            Num::Decimal(from) if self.avg => {
                let up = u32::from(self.scale.saturating_sub(from));
                match s.exact.checked_mul(pow10(up)) {
                    Some(v) => decimal_result(div_half_up(v, n), self.scale),
                    None => Datum::Null,
                }
            }
            Num::Decimal(_) => decimal_result(s.exact, self.scale),
        })
    }
}

// ---------------------------------------------------------------------------------------
// The variances: Flink computes them as (SUM(x²) - SUM(x)²/COUNT(x)) / COUNT(x) (or
// COUNT(x) - 1), in the argument's own arithmetic (integers truncate), the standard
// deviations as that to the power 0.5.

struct Variance {
    sums: Sums,
    sample: bool,
    sqrt: bool,
    scale: u8,
}

fn variance_of(sig: &Signature, sample: bool, sqrt: bool) -> Box<dyn Accumulator> {
    let num = sig.args.first().map(num_of).unwrap_or(Num::Int(64));
    Box::new(Variance {
        sums: Sums::new(num),
        sample,
        sqrt,
        scale: result_scale(sig),
    })
}

fn new_stddev_pop(sig: &Signature, _: &Session) -> Box<dyn Accumulator> {
    variance_of(sig, false, true)
}
fn new_stddev_samp(sig: &Signature, _: &Session) -> Box<dyn Accumulator> {
    variance_of(sig, true, true)
}
fn new_var_pop(sig: &Signature, _: &Session) -> Box<dyn Accumulator> {
    variance_of(sig, false, false)
}
fn new_var_samp(sig: &Signature, _: &Session) -> Box<dyn Accumulator> {
    variance_of(sig, true, false)
}

impl Variance {
    fn root(&self, v: f64) -> f64 {
        if self.sqrt { v.powf(0.5) } else { v }
    }

    fn decimal(&self, from: u8, n: i128, den: i128) -> Datum {
        let s = &self.sums;
        let scale = self.scale;
        // Exactly: (n·Σx² - (Σx)²) / (n·den), at scale 2·from before rounding.
        let exact = (!s.sq_overflow)
            .then(|| {
                let num = n
                    .checked_mul(s.exact_sq)?
                    .checked_sub(s.exact.checked_mul(s.exact)?)?;
                let div = n.checked_mul(den)?;
                Some((num, div))
            })
            .flatten();
        let as_double = match exact {
            Some((num, div)) if !self.sqrt => {
                let shift = i32::from(scale) - 2 * i32::from(from);
                let scaled = if shift >= 0 {
                    num.checked_mul(pow10(shift as u32))
                        .map(|v| div_half_up(v, div))
                } else {
                    div.checked_mul(pow10((-shift) as u32))
                        .map(|d| div_half_up(num, d))
                };
                if let Some(v) = scaled {
                    return decimal_result(v, scale);
                }
                num as f64 / div as f64 / 10f64.powi(2 * i32::from(from))
            }
            Some((num, div)) => num as f64 / div as f64 / 10f64.powi(2 * i32::from(from)),
            None => {
                let nf = n as f64;
                (s.float_sq - s.float * s.float / nf) / den as f64
            }
        };
        // A DOUBLE cast to DECIMAL rounds its shortest decimal text half-up.
        parse_decimal(&self.root(as_double).to_string(), scale).unwrap_or(Datum::Null)
    }
}

impl Accumulator for Variance {
    fn add(&mut self, args: &[Datum]) -> Result<(), String> {
        self.sums.update(first(args), 1)
    }
    fn retract(&mut self, args: &[Datum]) -> Result<(), String> {
        self.sums.update(first(args), -1)
    }
    fn value(&self) -> Eval {
        let s = &self.sums;
        let den = if self.sample { s.n - 1 } else { s.n };
        if s.n <= 0 || den <= 0 {
            return Ok(Datum::Null);
        }
        let n = i128::from(s.n);
        Ok(match s.num {
            Num::Int(bits) => {
                // Flink divides exactly and only then truncates to the integer type:
                // (n·Σx² − (Σx)²) / (n·(n − 1)), not with Σx²/n already truncated.
                let exact = (!s.sq_overflow)
                    .then(|| {
                        let num = n
                            .checked_mul(s.exact_sq)?
                            .checked_sub(s.exact.checked_mul(s.exact)?)?;
                        Some((num, n.checked_mul(i128::from(den))?))
                    })
                    .flatten();
                // Beyond 128 bits (where Java's long arithmetic has long wrapped), doubles.
                let approx = || (s.float_sq - s.float * s.float / s.n as f64) / den as f64;
                if self.sqrt {
                    // POWER gives a DOUBLE; Java's cast back to an integer truncates.
                    let var = exact.map_or_else(approx, |(num, d)| num as f64 / d as f64);
                    Datum::Int(wrap(self.root(var) as i128, bits))
                } else {
                    let var = exact.map_or_else(|| approx() as i128, |(num, d)| num / d);
                    Datum::Int(wrap(var, bits))
                }
            }
            Num::Double => {
                let nf = s.n as f64;
                let var = (s.float_sq - s.float * s.float / nf) / den as f64;
                Datum::Double(self.root(var))
            }
            Num::Float => {
                let nf = s.n as f32;
                let var = (s.float32_sq - s.float32 * s.float32 / nf) / den as f32;
                Datum::Double(f64::from(self.root(f64::from(var)) as f32))
            }
            Num::Decimal(from) => self.decimal(from, n, i128::from(den)),
        })
    }
}

// ---------------------------------------------------------------------------------------
// MIN and MAX

/// Flink's order of two values of one comparable type.
fn order(a: &Datum, b: &Datum) -> Ordering {
    match (a, b) {
        (Datum::Int(x), Datum::Int(y)) | (Datum::Months(x), Datum::Months(y)) => x.cmp(y),
        (Datum::Millis(x), Datum::Millis(y)) => x.cmp(y),
        (Datum::Double(x), Datum::Double(y)) => x.total_cmp(y),
        (Datum::Decimal(x, s), Datum::Decimal(y, t)) => cmp_decimal((*x, *s), (*y, *t)),
        (Datum::Bool(x), Datum::Bool(y)) => x.cmp(y),
        (Datum::Str(x), Datum::Str(y)) => x.cmp(y),
        (Datum::Bytes(x), Datum::Bytes(y)) => x.cmp(y),
        (Datum::Date(x), Datum::Date(y)) => x.cmp(y),
        (Datum::Time(x), Datum::Time(y)) => x.cmp(y),
        (Datum::Timestamp(x), Datum::Timestamp(y))
        | (Datum::TimestampLtz(x), Datum::TimestampLtz(y)) => x.cmp(y),
        _ => Ordering::Equal,
    }
}

/// The non-null values of a group in arrival order, for the aggregates that need them
/// all back after a retraction.
#[derive(Default)]
struct Values(Vec<Datum>);

impl Values {
    fn push(&mut self, d: &Datum) {
        self.0.push(d.clone());
    }
    /// Takes back the earliest value equal to `d`.
    fn remove(&mut self, d: &Datum) {
        if let Some(i) = self.0.iter().position(|v| v == d) {
            self.0.remove(i);
        }
    }
}

struct Extreme {
    max: bool,
    values: Values,
    best: Option<Datum>,
}

fn new_min(_: &Signature, _: &Session) -> Box<dyn Accumulator> {
    Box::new(Extreme {
        max: false,
        values: Values::default(),
        best: None,
    })
}
fn new_max(_: &Signature, _: &Session) -> Box<dyn Accumulator> {
    Box::new(Extreme {
        max: true,
        values: Values::default(),
        best: None,
    })
}

impl Extreme {
    fn better(&self, a: &Datum, b: &Datum) -> bool {
        let o = order(a, b);
        if self.max {
            o == Ordering::Greater
        } else {
            o == Ordering::Less
        }
    }
}

impl Accumulator for Extreme {
    fn add(&mut self, args: &[Datum]) -> Result<(), String> {
        let d = first(args);
        if d.is_null() {
            return Ok(());
        }
        self.values.push(d);
        if self.best.as_ref().is_none_or(|b| self.better(d, b)) {
            self.best = Some(d.clone());
        }
        Ok(())
    }
    fn retract(&mut self, args: &[Datum]) -> Result<(), String> {
        let d = first(args);
        if d.is_null() {
            return Ok(());
        }
        self.values.remove(d);
        if self.best.as_ref() == Some(d) {
            let mut best: Option<&Datum> = None;
            for v in &self.values.0 {
                if best.is_none_or(|b| self.better(v, b)) {
                    best = Some(v);
                }
            }
            self.best = best.cloned();
        }
        Ok(())
    }
    fn value(&self) -> Eval {
        Ok(self.best.clone().unwrap_or(Datum::Null))
    }
}

// ---------------------------------------------------------------------------------------
// LISTAGG, COLLECT, ARRAY_AGG, FIRST_VALUE, LAST_VALUE

struct ListAgg {
    values: Values,
    separator: String,
}

fn new_listagg(_: &Signature, _: &Session) -> Box<dyn Accumulator> {
    Box::new(ListAgg {
        values: Values::default(),
        separator: ",".into(),
    })
}

impl Accumulator for ListAgg {
    fn add(&mut self, args: &[Datum]) -> Result<(), String> {
        if let Some(Datum::Str(sep)) = args.get(1) {
            self.separator.clone_from(sep);
        }
        let d = first(args);
        if !d.is_null() {
            self.values.push(d);
        }
        Ok(())
    }
    fn retract(&mut self, args: &[Datum]) -> Result<(), String> {
        self.values.remove(first(args));
        Ok(())
    }
    fn value(&self) -> Eval {
        if self.values.0.is_empty() {
            return Ok(Datum::Null);
        }
        let parts: Vec<&str> = self
            .values
            .0
            .iter()
            .map(|d| match d {
                Datum::Str(s) => s.as_str(),
                _ => "",
            })
            .collect();
        Ok(Datum::Str(parts.join(&self.separator)))
    }
}

/// COLLECT: a MULTISET of the non-null values (value → count), in first-seen order.
#[derive(Default)]
struct Collect(Vec<(Datum, i64)>);

fn new_collect(_: &Signature, _: &Session) -> Box<dyn Accumulator> {
    Box::new(Collect::default())
}

impl Accumulator for Collect {
    fn add(&mut self, args: &[Datum]) -> Result<(), String> {
        let d = first(args);
        if d.is_null() {
            return Ok(());
        }
        match self.0.iter_mut().find(|(v, _)| v == d) {
            Some((_, n)) => *n += 1,
            None => self.0.push((d.clone(), 1)),
        }
        Ok(())
    }
    fn retract(&mut self, args: &[Datum]) -> Result<(), String> {
        let d = first(args);
        if let Some(i) = self.0.iter().position(|(v, _)| v == d) {
            self.0[i].1 -= 1;
            if self.0[i].1 <= 0 {
                self.0.remove(i);
            }
        }
        Ok(())
    }
    fn value(&self) -> Eval {
        Ok(Datum::Map(
            self.0
                .iter()
                .map(|(v, n)| (v.clone(), Datum::Int(*n)))
                .collect(),
        ))
    }
}

/// ARRAY_AGG keeps NULLs (Flink's default, RESPECT NULLS); an empty group is NULL.
#[derive(Default)]
struct ArrayAgg(Vec<Datum>);

fn new_array_agg(_: &Signature, _: &Session) -> Box<dyn Accumulator> {
    Box::new(ArrayAgg::default())
}

impl Accumulator for ArrayAgg {
    fn add(&mut self, args: &[Datum]) -> Result<(), String> {
        self.0.push(first(args).clone());
        Ok(())
    }
    fn retract(&mut self, args: &[Datum]) -> Result<(), String> {
        let d = first(args);
        if let Some(i) = self.0.iter().position(|v| v == d) {
            self.0.remove(i);
        }
        Ok(())
    }
    fn value(&self) -> Eval {
        if self.0.is_empty() {
            return Ok(Datum::Null);
        }
        Ok(Datum::Array(self.0.clone()))
    }
}

/// FIRST_VALUE/LAST_VALUE: the first/last non-null value (Flink skips NULLs).
struct Edge {
    last: bool,
    values: Values,
}

fn new_first_value(_: &Signature, _: &Session) -> Box<dyn Accumulator> {
    Box::new(Edge {
        last: false,
        values: Values::default(),
    })
}
fn new_last_value(_: &Signature, _: &Session) -> Box<dyn Accumulator> {
    Box::new(Edge {
        last: true,
        values: Values::default(),
    })
}

impl Accumulator for Edge {
    fn add(&mut self, args: &[Datum]) -> Result<(), String> {
        let d = first(args);
        if !d.is_null() {
            self.values.push(d);
        }
        Ok(())
    }
    fn retract(&mut self, args: &[Datum]) -> Result<(), String> {
        self.values.remove(first(args));
        Ok(())
    }
    fn value(&self) -> Eval {
        let v = if self.last {
            self.values.0.last()
        } else {
            self.values.0.first()
        };
        Ok(v.cloned().unwrap_or(Datum::Null))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::local::func::aggregate as find;

    fn t(name: &str) -> FlinkType {
        FlinkType::parse(name).unwrap_or_else(FlinkType::null)
    }

    fn agg(name: &str) -> &'static Aggregate {
        find(name).unwrap_or_else(|| panic!("no aggregate {name}"))
    }

    fn infer(name: &str, args: &[&str]) -> Result<String, String> {
        let args: Vec<FlinkType> = args.iter().map(|a| t(a)).collect();
        (agg(name).infer)(&args).map(|t| t.to_string())
    }

    /// Runs `name` over `rows` (one argument each) of type `arg`.
    fn run(name: &str, arg: &str, rows: &[Datum]) -> Datum {
        let args = vec![t(arg)];
        let f = agg(name);
        let ret = (f.infer)(&args).unwrap_or_else(|e| panic!("{e}"));
        let sig = Signature { args, ret };
        let mut acc = (f.new)(&sig, &Session::default());
        for r in rows {
            acc.add(std::slice::from_ref(r))
                .unwrap_or_else(|e| panic!("{e}"));
        }
        acc.value().unwrap_or_else(|e| panic!("{e}"))
    }

    fn ints(v: &[i64]) -> Vec<Datum> {
        v.iter().map(|i| Datum::Int(*i)).collect()
    }
    fn decs(v: &[i128], s: u8) -> Vec<Datum> {
        v.iter().map(|i| Datum::Decimal(*i, s)).collect()
    }
    fn dbls(v: &[f64]) -> Vec<Datum> {
        v.iter().map(|d| Datum::Double(*d)).collect()
    }
    fn strs(v: &[Option<&str>]) -> Vec<Datum> {
        v.iter()
            .map(|s| s.map_or(Datum::Null, |s| Datum::Str(s.into())))
            .collect()
    }

    #[test]
    fn types_are_flinks() {
        // From DESCRIBE of views over VALUES (GROUP BY s) on Flink 2.3.
        assert_eq!(infer("COUNT", &[]).as_deref(), Ok("BIGINT NOT NULL"));
        assert_eq!(infer("COUNT", &["INT"]).as_deref(), Ok("BIGINT NOT NULL"));
        assert_eq!(
            infer("SUM", &["INT NOT NULL"]).as_deref(),
            Ok("INT NOT NULL")
        );
        assert_eq!(infer("SUM", &["TINYINT"]).as_deref(), Ok("TINYINT"));
        assert_eq!(
            infer("SUM", &["DECIMAL(10, 2)"]).as_deref(),
            Ok("DECIMAL(38, 2)")
        );
        assert_eq!(infer("AVG", &["INT"]).as_deref(), Ok("INT"));
        assert_eq!(
            infer("AVG", &["DECIMAL(10, 2) NOT NULL"]).as_deref(),
            Ok("DECIMAL(38, 6) NOT NULL")
        );
        assert_eq!(
            infer("AVG", &["DECIMAL(10, 8)"]).as_deref(),
            Ok("DECIMAL(38, 8)")
        );
        assert_eq!(
            infer("STDDEV_POP", &["DECIMAL(10, 2)"]).as_deref(),
            Ok("DECIMAL(38, 6)")
        );
        assert_eq!(infer("VAR_SAMP", &["INT"]).as_deref(), Ok("INT"));
        assert_eq!(infer("STDDEV_SAMP", &["FLOAT"]).as_deref(), Ok("FLOAT"));
        assert_eq!(
            infer("MIN", &["CHAR(1) NOT NULL"]).as_deref(),
            Ok("CHAR(1) NOT NULL")
        );
        assert_eq!(
            infer("MAX", &["DECIMAL(10, 2)"]).as_deref(),
            Ok("DECIMAL(10, 2)")
        );
        assert_eq!(
            infer("LISTAGG", &["CHAR(1) NOT NULL"]).as_deref(),
            Ok("CHAR(1) NOT NULL")
        );
        assert_eq!(
            infer("LISTAGG", &["STRING", "CHAR(1) NOT NULL"]).as_deref(),
            Ok("STRING")
        );
        assert_eq!(
            infer("COLLECT", &["CHAR(1) NOT NULL"]).as_deref(),
            Ok("MULTISET<CHAR(1) NOT NULL> NOT NULL")
        );
        assert_eq!(
            infer("ARRAY_AGG", &["INT NOT NULL"]).as_deref(),
            Ok("ARRAY<INT NOT NULL> NOT NULL")
        );
        assert_eq!(
            infer("FIRST_VALUE", &["CHAR(1) NOT NULL"]).as_deref(),
            Ok("CHAR(1) NOT NULL")
        );
        assert!(empty_group_nullable("sum"));
        assert!(!empty_group_nullable("COUNT"));
        assert!(!empty_group_nullable("LISTAGG"));
        assert_eq!(
            infer("ARRAY_AGG", &["STRING"]).as_deref(),
            Ok("ARRAY<STRING>")
        );
    }

    #[test]
    fn wrong_arguments_are_flinks_validation_errors() {
        assert_eq!(
            infer("SUM", &["CHAR(1) NOT NULL"]),
            Err("Cannot apply 'SUM' to arguments of type 'SUM(<CHAR(1)>)'. Supported form(s): 'SUM(<NUMERIC>)'".into())
        );
        assert_eq!(
            infer("AVG", &["BOOLEAN NOT NULL"]),
            Err("Cannot apply 'AVG' to arguments of type 'AVG(<BOOLEAN>)'. Supported form(s): 'AVG(<NUMERIC>)'".into())
        );
        assert_eq!(
            infer("LISTAGG", &["INT NOT NULL"]),
            Err("Cannot apply 'LISTAGG' to arguments of type 'LISTAGG(<INTEGER>)'. Supported form(s): 'LISTAGG(<CHARACTER>)', 'LISTAGG(<CHARACTER>, <CHARACTER_LITERAL>)'".into())
        );
        assert!(infer("MIN", &["ARRAY<INT>"]).is_err());
    }

    #[test]
    fn sums_and_averages_are_flinks() {
        // Values from Flink 2.3 in batch mode.
        assert_eq!(run("SUM", "INT", &ints(&[1, 2, 4])), Datum::Int(7));
        assert_eq!(run("AVG", "INT", &ints(&[1, 2, 4])), Datum::Int(2));
        assert_eq!(run("AVG", "INT", &ints(&[-1, -2, -2])), Datum::Int(-1));
        assert_eq!(
            run("SUM", "INT", &ints(&[2147483647, 1])),
            Datum::Int(-2147483648)
        );
        assert_eq!(run("SUM", "TINYINT", &ints(&[127, 1])), Datum::Int(-128));
        assert_eq!(run("AVG", "TINYINT", &ints(&[127, 1])), Datum::Int(64));
        assert_eq!(
            run("SUM", "DECIMAL(10, 2)", &decs(&[125, 250, 310], 2)),
            Datum::Decimal(685, 2)
        );
        assert_eq!(
            run("AVG", "DECIMAL(10, 2)", &decs(&[125, 250, 310], 2)),
            Datum::Decimal(2_283_333, 6)
        );
        assert_eq!(
            run("AVG", "DECIMAL(10, 2)", &decs(&[-100, -200, -200], 2)),
            Datum::Decimal(-1_666_667, 6)
        );
        assert_eq!(
            run("AVG", "DOUBLE", &dbls(&[1.5, 2.5, 4.0])),
            Datum::Double(2.6666666666666665)
        );
        assert_eq!(
            run("SUM", "DOUBLE", &dbls(&[0.1, 0.2, 0.7])),
            Datum::Double(1.0)
        );
        assert_eq!(
            run("AVG", "FLOAT", &dbls(&[1.5, 2.5, 4.0])),
            Datum::Double(f64::from(8.0f32 / 3.0))
        );
        // An empty group, or only NULLs: NULL; COUNT 0.
        assert_eq!(run("SUM", "INT", &[]), Datum::Null);
        assert_eq!(run("AVG", "DECIMAL(10, 2)", &[Datum::Null]), Datum::Null);
        assert_eq!(
            run("COUNT", "INT", &[Datum::Null, Datum::Int(1)]),
            Datum::Int(1)
        );
        assert_eq!(run("COUNT", "INT", &[]), Datum::Int(0));
    }

    #[test]
    fn variances_are_flinks() {
        let i = ints(&[1, 2, 4]);
        assert_eq!(run("STDDEV_POP", "INT", &i), Datum::Int(1));
        assert_eq!(run("STDDEV_SAMP", "INT", &i), Datum::Int(1));
        assert_eq!(run("VAR_POP", "INT", &i), Datum::Int(1));
        assert_eq!(run("VAR_SAMP", "INT", &i), Datum::Int(2));
        assert_eq!(run("VARIANCE", "INT", &i), Datum::Int(2));
        assert_eq!(run("VAR_SAMP", "INT", &ints(&[1, 2, 2])), Datum::Int(0));
        let d = decs(&[125, 250, 310], 2);
        assert_eq!(
            run("STDDEV_POP", "DECIMAL(10, 2)", &d),
            Datum::Decimal(770_642, 6)
        );
        assert_eq!(
            run("VAR_SAMP", "DECIMAL(10, 2)", &d),
            Datum::Decimal(890_833, 6)
        );
        let d = decs(&[1, 2], 0);
        assert_eq!(
            run("STDDEV_SAMP", "DECIMAL(5, 0)", &d),
            Datum::Decimal(707_107, 6)
        );
        assert_eq!(
            run("VAR_POP", "DECIMAL(5, 0)", &d),
            Datum::Decimal(250_000, 6)
        );
        let d = decs(&[1000, 2000, 2000], 3);
        assert_eq!(
            run("STDDEV_POP", "DECIMAL(10, 3)", &d),
            Datum::Decimal(471_405, 6)
        );
        assert_eq!(
            run("VAR_SAMP", "DECIMAL(10, 3)", &d),
            Datum::Decimal(333_333, 6)
        );
        let f = dbls(&[1.5, 2.5, 4.0]);
        assert_eq!(
            run("STDDEV_SAMP", "DOUBLE", &f),
            Datum::Double(1.2583057392117918)
        );
        let f = dbls(&[0.1, 0.2, 0.7]);
        assert_eq!(
            run("STDDEV_POP", "DOUBLE", &f),
            Datum::Double(0.262466929133727)
        );
        assert_eq!(
            run("VAR_SAMP", "DOUBLE", &f),
            Datum::Double(0.1033333333333333)
        );
        let Datum::Double(g) = run("STDDEV_POP", "FLOAT", &dbls(&[1.5, 2.5, 4.0])) else {
            panic!("not a float")
        };
        assert_eq!(g as f32, 1.027_402_3f32);
        assert_eq!(run("VAR_SAMP", "INT", &ints(&[1])), Datum::Null);
        assert_eq!(run("STDDEV_SAMP", "INT", &ints(&[1])), Datum::Null);
    }

    #[test]
    fn collecting_aggregates_are_flinks() {
        let x = strs(&[Some("a"), None, Some("a"), Some("c")]);
        assert_eq!(run("LISTAGG", "STRING", &x), Datum::Str("a,a,c".into()));
        assert_eq!(
            run("COLLECT", "STRING", &x),
            Datum::Map(vec![
                (Datum::Str("a".into()), Datum::Int(2)),
                (Datum::Str("c".into()), Datum::Int(1)),
            ])
        );
        assert_eq!(run("ARRAY_AGG", "STRING", &x), Datum::Array(x.clone()));
        assert_eq!(run("FIRST_VALUE", "STRING", &x), Datum::Str("a".into()));
        assert_eq!(run("LAST_VALUE", "STRING", &x), Datum::Str("c".into()));
        assert_eq!(run("MIN", "STRING", &x), Datum::Str("a".into()));
        assert_eq!(run("MAX", "STRING", &x), Datum::Str("c".into()));
        let y = strs(&[None, Some("a"), Some("b"), None]);
        assert_eq!(run("FIRST_VALUE", "STRING", &y), Datum::Str("a".into()));
        assert_eq!(run("LAST_VALUE", "STRING", &y), Datum::Str("b".into()));
        let b = vec![Datum::Bool(true), Datum::Null, Datum::Bool(false)];
        assert_eq!(run("MAX", "BOOLEAN", &b), Datum::Bool(true));
        assert_eq!(run("MIN", "BOOLEAN", &b), Datum::Bool(false));
        assert_eq!(
            run("MIN", "DECIMAL(10, 2)", &decs(&[125, 250, 310], 2)),
            Datum::Decimal(125, 2)
        );
        // LISTAGG with its separator.
        let args = vec![t("STRING"), t("CHAR(1) NOT NULL")];
        let f = agg("LISTAGG");
        let sig = Signature {
            ret: (f.infer)(&args).unwrap_or_else(|e| panic!("{e}")),
            args,
        };
        let mut acc = (f.new)(&sig, &Session::default());
        for s in ["a", "b", "c"] {
            let _ = acc.add(&[Datum::Str(s.into()), Datum::Str("-".into())]);
        }
        assert_eq!(acc.value(), Ok(Datum::Str("a-b-c".into())));
        // Empty: NULL, but COLLECT is an empty multiset.
        assert_eq!(run("LISTAGG", "STRING", &[]), Datum::Null);
        assert_eq!(run("ARRAY_AGG", "STRING", &[]), Datum::Null);
        assert_eq!(run("COLLECT", "STRING", &[]), Datum::Map(vec![]));
    }

    /// A sliding frame `ROWS BETWEEN 1 PRECEDING AND CURRENT ROW` over 1, 5, 2, 8, 3
    /// ordered (1, 2, 3, 5, 8), as Flink computes it.
    #[test]
    fn retraction_serves_sliding_frames() {
        let ordered = [1, 2, 3, 5, 8];
        let frames = |name: &str| -> Vec<Datum> {
            let args = vec![t("INT NOT NULL")];
            let f = agg(name);
            let sig = Signature {
                ret: (f.infer)(&args).unwrap_or_else(|e| panic!("{e}")),
                args,
            };
            let mut acc = (f.new)(&sig, &Session::default());
            let mut out = Vec::new();
            for (i, v) in ordered.iter().enumerate() {
                let _ = acc.add(&[Datum::Int(*v)]);
                if i >= 2 {
                    let _ = acc.retract(&[Datum::Int(ordered[i - 2])]);
                }
                out.push(acc.value().unwrap_or(Datum::Null));
            }
            out
        };
        assert_eq!(frames("SUM"), ints(&[1, 3, 5, 8, 13]));
        assert_eq!(frames("AVG"), ints(&[1, 1, 2, 4, 6]));
        assert_eq!(frames("MIN"), ints(&[1, 1, 2, 3, 5]));
        assert_eq!(frames("MAX"), ints(&[1, 2, 3, 5, 8]));
        assert_eq!(frames("COUNT"), ints(&[1, 2, 2, 2, 2]));
        assert_eq!(frames("FIRST_VALUE"), ints(&[1, 1, 2, 3, 5]));
        assert_eq!(frames("LAST_VALUE"), ints(&[1, 2, 3, 5, 8]));
        assert_eq!(frames("STDDEV_POP"), ints(&[0, 0, 0, 1, 1]));
    }

    #[test]
    fn more_values_are_flinks() {
        // Flink 2.3, batch mode.
        let d = decs(&[1005, 2001], 3);
        assert_eq!(
            run("AVG", "DECIMAL(6, 3)", &d),
            Datum::Decimal(1_503_000, 6)
        );
        assert_eq!(run("SUM", "DECIMAL(6, 3)", &d), Datum::Decimal(3006, 3));
        assert_eq!(
            run("STDDEV_SAMP", "DECIMAL(6, 3)", &d),
            Datum::Decimal(704_278, 6)
        );
        assert_eq!(
            run("VAR_POP", "DECIMAL(6, 3)", &d),
            Datum::Decimal(248_004, 6)
        );
        let b = ints(&[100_000, 300_000, 700_001]);
        assert_eq!(run("STDDEV_POP", "BIGINT", &b), Datum::Int(249_444));
        assert_eq!(run("VAR_SAMP", "BIGINT", &b), Datum::Int(93_333_666_667));
        assert_eq!(run("AVG", "BIGINT", &b), Datum::Int(366_667));
        let d = vec![Datum::Decimal(150, 2), Datum::Decimal(-225, 2), Datum::Null];
        assert_eq!(run("MIN", "DECIMAL(5, 2)", &d), Datum::Decimal(-225, 2));
        assert_eq!(run("MAX", "DECIMAL(5, 2)", &d), Datum::Decimal(150, 2));
        let ts = |y| {
            chrono::NaiveDate::from_ymd_opt(y, 1, 1)
                .and_then(|d| d.and_hms_opt(10, 0, 0))
                .map_or(Datum::Null, Datum::Timestamp)
        };
        let t = vec![ts(2024), ts(2023), Datum::Null];
        assert_eq!(run("MIN", "TIMESTAMP(0)", &t), ts(2023));
        assert_eq!(run("MAX", "TIMESTAMP(0)", &t), ts(2024));
        assert_eq!(
            run(
                "AVG",
                "DOUBLE",
                &[Datum::Double(1.5), Datum::Null, Datum::Double(2.5)]
            ),
            Datum::Double(2.0)
        );
        // A DECIMAL sum past 38 digits is NULL.
        let max = 10i128.pow(38) - 1;
        let big = vec![Datum::Decimal(max, 0), Datum::Decimal(1, 0)];
        assert_eq!(run("SUM", "DECIMAL(38, 0)", &big), Datum::Null);
        let s = strs(&[Some("b"), Some("B"), Some("ab")]);
        assert_eq!(run("MIN", "STRING", &s), Datum::Str("B".into()));
    }
}
