//! Numbers as Java keeps them, which Flink's results follow: a DECIMAL's scaling and
//! HALF_UP rounding (BigDecimal), integer narrowing (`(byte)`, `(int)`), and the text
//! of a double (`Double.toString`).

use crate::backend::local::ftype::Kind;
use crate::backend::local::value::{Datum, decimal_text, parse_decimal};

/// A number as an unscaled decimal and its scale (integers at scale 0).
pub fn exact(d: &Datum) -> Option<(i128, u8)> {
    match d {
        Datum::Int(i) => Some((i128::from(*i), 0)),
        Datum::Decimal(v, s) => Some((*v, *s)),
        _ => None,
    }
}

/// A number as a double.
pub fn approx(d: &Datum) -> Option<f64> {
    match d {
        Datum::Int(i) => Some(*i as f64),
        Datum::Decimal(v, s) => Some(decimal_to_f64(*v, *s)),
        Datum::Double(x) => Some(*x),
        _ => None,
    }
}

pub fn int_bits(k: &Kind) -> u32 {
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
pub fn double_to_int(x: f64, bits: u32) -> i64 {
    if bits == 64 {
        x as i64
    } else {
        wrap(i128::from(x as i32), bits)
    }
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
