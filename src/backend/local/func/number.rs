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
/// `BigDecimal.valueOf` does (`0.1` is exactly 0.1; a FLOAT's value is its double's,
/// 0.100000001 for 0.1f at scale 9); None for NaN, infinities and values too wide.
pub fn double_to_decimal(x: f64, scale: u8) -> Option<i128> {
    if !x.is_finite() {
        return None;
    }
    match parse_decimal(&format!("{x:e}"), scale) {
        Some(Datum::Decimal(v, _)) => Some(v),
        _ => None,
    }
}

/// A string cast to DECIMAL(precision, scale) as Flink's `BinaryStringDataUtil.toDecimal`
/// does it: the unscaled value, or the text of the job's exception. Up to 18 digits of
/// precision and 18 bytes of text it is Flink's own lenient scanner (`'1.5x'` is 1.50, the
/// character after the number is never looked at; `'x'` is 0; leading zeros count as
/// digits; the rounded value is not checked against the precision again); beyond that it
/// is Java's `BigDecimal`, which is strict.
pub fn string_to_decimal(text: &str, precision: u8, scale: u8) -> Result<i128, String> {
    let overflow =
        || format!("java.lang.NumberFormatException: For input string: '{text}'. Overflow.");
    let found = if precision > 18 || text.len() > 18 {
        big_decimal(text, precision, scale)?
    } else {
        compact_decimal(text.as_bytes(), precision, scale)?
    };
    found.ok_or_else(overflow)
}

/// `BinaryStringDataUtil.toDecimalFromBytes`, step by step (its quirks are Flink's
/// answers); None where Flink's returns null.
fn compact_decimal(bytes: &[u8], precision: u8, scale: u8) -> Result<Option<i128>, String> {
    let blank = |b: u8| matches!(b, b' ' | b'\n' | b'\t');
    let size = bytes.len();
    let mut i = 0;
    let mut b = 0u8;
    while i < size {
        b = bytes[i];
        if !blank(b) {
            break;
        }
        i += 1;
    }
    if i == size {
        return Ok(None);
    }
    let negative = b == b'-';
    if negative || b == b'+' {
        i += 1;
        if i == size {
            return Ok(None);
        }
    }
    let mut significand: i64 = 0;
    let mut exp: i32 = 0;
    let (mut len, mut point): (i32, i32) = (0, -1);
    while i < size {
        b = bytes[i];
        i += 1;
        if b.is_ascii_digit() {
            significand = significand * 10 + i64::from(b - b'0');
            len += 1;
        } else if b == b'.' {
            if point >= 0 {
                return Ok(None);
            }
            point = len;
        } else {
            break;
        }
    }
    if point < 0 {
        point = len;
    }
    if negative {
        significand = -significand;
    }
    if (b == b'e' || b == b'E') && i < size {
        b = bytes[i];
        let exp_negative = b == b'-';
        if exp_negative || b == b'+' {
            i += 1;
            if i == size {
                return Ok(None);
            }
        }
        let mut digits: i32 = 0;
        while i < size {
            b = bytes[i];
            i += 1;
            if b.is_ascii_digit() {
                if digits < 40 {
                    digits = digits * 10 + i32::from(b - b'0');
                }
            } else {
                break;
            }
        }
        exp += if exp_negative { -digits } else { digits };
    }
    exp -= len - point;
    if bytes[i..].iter().any(|b| !blank(*b)) {
        return Ok(None);
    }
    let change = exp + i32::from(scale);
    if len + change > i32::from(precision) {
        return Ok(None);
    }
    // `DecimalDataUtils.power10` is a table of 10^0..10^18.
    let power = |n: i32| -> Result<i64, String> {
        u32::try_from(n)
            .ok()
            .filter(|n| *n <= 18)
            .map(|n| 10i64.pow(n))
            .ok_or_else(|| {
                format!("java.lang.ArrayIndexOutOfBoundsException: Index {n} out of bounds for length 19")
            })
    };
    let unscaled = if change >= 0 {
        significand.wrapping_mul(power(change)?)
    } else {
        let k = if negative { -5 } else { 5 };
        let half = k * power(-change - 1)?;
        (significand + half) / power(-change)?
    };
    Ok(Some(i128::from(unscaled)))
}

/// `new BigDecimal(text.trim())` then `DecimalData.fromBigDecimal`: HALF_UP to the scale,
/// None when more digits than the precision remain; Err with Java's message when the text
/// is not a number.
fn big_decimal(text: &str, precision: u8, scale: u8) -> Result<Option<i128>, String> {
    let fail = |m: &str| Err(format!("java.lang.NumberFormatException: {m}"));
    // Flink trims only around something else: an all-blank text stays as it is.
    let blank = |c: char| matches!(c, ' ' | '\n' | '\t');
    let t = match text.trim_matches(blank) {
        "" => text,
        trimmed => trimmed,
    };
    let (negative, body) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let mut digits = String::new();
    let mut fraction: i64 = 0;
    let mut seen_point = false;
    let mut exponent: Option<&str> = None;
    for (at, c) in body.char_indices() {
        match c {
            '0'..='9' => {
                digits.push(c);
                if seen_point {
                    fraction += 1;
                }
            }
            '.' if seen_point => {
                return fail("Character array contains more than one decimal point.");
            }
            '.' => seen_point = true,
            'e' | 'E' => {
                exponent = Some(&body[at + 1..]);
                break;
            }
            other => {
                return fail(&format!(
                    "Character {other} is neither a decimal digit number, decimal point, nor \"e\" notation exponential mark."
                ));
            }
        }
    }
    if digits.is_empty() {
        return fail("No digits found.");
    }
    let exp: i64 = match exponent {
        None => 0,
        Some(e) => {
            let unsigned = e.strip_prefix(['+', '-']).unwrap_or(e);
            if unsigned.is_empty() {
                return fail("No exponent digits.");
            }
            if !unsigned.bytes().all(|b| b.is_ascii_digit()) {
                return fail("Not a digit.");
            }
            if unsigned.trim_start_matches('0').len() > 10 {
                return fail("Too many nonzero exponent digits.");
            }
            match e.parse::<i64>() {
                Ok(v) if i32::try_from(v).is_ok() => v,
                _ => return fail("Exponent overflow."),
            }
        }
    };
    // The value is digits × 10^(exp - fraction); at the scale, × 10^shift.
    let shift = exp - fraction + i64::from(scale);
    let digits = digits.trim_start_matches('0');
    let kept: String = if shift >= 0 {
        if digits.is_empty() {
            String::new()
        } else if digits.len() as i64 + shift > i64::from(precision) {
            return Ok(None);
        } else {
            format!("{digits}{}", "0".repeat(shift as usize))
        }
    } else {
        let drop = usize::try_from(-shift).unwrap_or(usize::MAX);
        if drop > digits.len() {
            String::new()
        } else {
            digits[..digits.len() - drop].to_string()
        }
    };
    let round_up = shift < 0 && {
        let drop = usize::try_from(-shift).unwrap_or(usize::MAX);
        drop <= digits.len() && digits.as_bytes()[digits.len() - drop] >= b'5'
    };
    if kept.len() > usize::from(precision) + 1 {
        return Ok(None);
    }
    let mut unscaled: i128 = if kept.is_empty() {
        0
    } else {
        match kept.parse() {
            Ok(v) => v,
            Err(_) => return Ok(None),
        }
    };
    if round_up {
        unscaled += 1;
    }
    if !fits(unscaled, precision) {
        return Ok(None);
    }
    Ok(Some(if negative { -unscaled } else { unscaled }))
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
    let (digits, exp) = match whole_number_digits(x, single) {
        Some(found) => found,
        None => {
            let sci = if single {
                format!("{:e}", x as f32)
            } else {
                format!("{x:e}")
            };
            let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
            let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
            (digits, exp.parse().unwrap_or(0))
        }
    };
    let sign = if x < 0.0 { "-" } else { "" };
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

/// An unsigned 256-bit number, wide enough for the exact product of two DECIMAL(38)s
/// and a 38-digit dividend shifted by 38 more digits (Java's BigDecimal has no limit).
#[derive(Clone, Copy, Debug, PartialEq)]
struct Wide {
    hi: u128,
    lo: u128,
}

const LOW: u128 = u64::MAX as u128;

/// `a · b` exactly.
fn mul_wide(a: u128, b: u128) -> Wide {
    let (a1, a0, b1, b0) = (a >> 64, a & LOW, b >> 64, b & LOW);
    let (p00, p01, p10, p11) = (a0 * b0, a0 * b1, a1 * b0, a1 * b1);
    let mid = (p00 >> 64) + (p01 & LOW) + (p10 & LOW);
    Wide {
        hi: p11 + (p01 >> 64) + (p10 >> 64) + (mid >> 64),
        lo: (p00 & LOW) | (mid << 64),
    }
}

impl Wide {
    fn from(v: u128) -> Self {
        Wide { hi: 0, lo: v }
    }

    fn times(self, m: u128) -> Option<Self> {
        let low = mul_wide(self.lo, m);
        let hi = self.hi.checked_mul(m)?.checked_add(low.hi)?;
        Some(Wide { hi, lo: low.lo })
    }

    /// `self · 10^n`; None past 256 bits.
    fn times_pow10(self, n: u32) -> Option<Self> {
        let mut w = self;
        let mut left = n;
        while left > 0 {
            let step = left.min(38);
            w = w.times(10u128.pow(step))?;
            left -= step;
        }
        Some(w)
    }

    /// The quotient and remainder of `self / d` (d > 0), bit by bit.
    fn div_rem(self, d: u128) -> (Self, u128) {
        let q_hi = self.hi / d;
        let mut r = self.hi % d;
        let mut q_lo: u128 = 0;
        for i in (0..128).rev() {
            let carry = r >> 127;
            r = (r << 1) | ((self.lo >> i) & 1);
            q_lo <<= 1;
            if carry == 1 || r >= d {
                r = r.wrapping_sub(d);
                q_lo |= 1;
            }
        }
        (Wide { hi: q_hi, lo: q_lo }, r)
    }

    /// `self / 10^n`, cut.
    fn div_pow10(self, n: u32) -> Self {
        let mut w = self;
        let mut left = n;
        while left > 0 {
            let step = left.min(38);
            w = w.div_rem(10u128.pow(step)).0;
            left -= step;
        }
        w
    }

    /// `self / 10^n` rounded HALF_UP.
    fn round_pow10(self, n: u32) -> Option<Self> {
        if n == 0 {
            return Some(self);
        }
        let (q, digit) = self.div_pow10(n - 1).div_rem(10);
        if digit >= 5 {
            let lo = q.lo.wrapping_add(1);
            let hi = if lo == 0 { q.hi.checked_add(1)? } else { q.hi };
            return Some(Wide { hi, lo });
        }
        Some(q)
    }

    fn signed(self, negative: bool) -> Option<i128> {
        if self.hi != 0 {
            return None;
        }
        let v = i128::try_from(self.lo).ok()?;
        Some(if negative { -v } else { v })
    }
}

/// The order of two decimals of any scales, exactly (through 256 bits where aligning
/// their scales overflows an i128).
pub fn cmp_decimal(a: (i128, u8), b: (i128, u8)) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    let s = a.1.max(b.1);
    let align = |(v, from): (i128, u8)| v.checked_mul(10i128.checked_pow(u32::from(s - from))?);
    if let (Some(x), Some(y)) = (align(a), align(b)) {
        return x.cmp(&y);
    }
    match (a.0.signum(), b.0.signum()) {
        (x, y) if x != y => return x.cmp(&y),
        (0, _) => return Ordering::Equal,
        _ => {}
    }
    let wide =
        |(v, from): (i128, u8)| Wide::from(v.unsigned_abs()).times_pow10(u32::from(s - from));
    let magnitude = match (wide(a), wide(b)) {
        (Some(x), Some(y)) => (x.hi, x.lo).cmp(&(y.hi, y.lo)),
        _ => Ordering::Equal,
    };
    if a.0 < 0 {
        magnitude.reverse()
    } else {
        magnitude
    }
}

/// The digits and decimal exponent Java 17's `FloatingDecimal` writes for a whole
/// number below 2^63: every digit but those finer than the type's precision (rounded
/// half up), which is not always the shortest text (`2.14748365E9` for the FLOAT
/// 2^31, `4.9382715604938271E18`); None for other values.
fn whole_number_digits(x: f64, single: bool) -> Option<(String, i32)> {
    let magnitude = x.abs();
    if magnitude.fract() != 0.0 || !(1.0..2f64.powi(63)).contains(&magnitude) {
        return None;
    }
    let mut v = magnitude as u64;
    let bin_exp = 63 - v.leading_zeros() as i32;
    let significant = if single { 24 } else { 53 };
    let p2 = bin_exp - significant - 1;
    // Java's insignificantDigitsForPow2: ⌊p2·log10(2)⌋ for 1 < p2 < 64.
    let insignificant = if p2 > 1 {
        (f64::from(p2) * std::f64::consts::LOG10_2).floor() as u32
    } else {
        0
    };
    if insignificant > 0 {
        let pow = 10u64.pow(insignificant);
        let residue = v % pow;
        v /= pow;
        if residue >= pow / 2 {
            v += 1;
        }
    }
    let text = v.to_string();
    let exp = text.len() as i32 - 1 + insignificant as i32;
    let digits = text.trim_end_matches('0');
    Some((
        if digits.is_empty() { "0" } else { digits }.to_string(),
        exp,
    ))
}

/// The unscaled product of two decimals at scales summing to `from`, at scale `to`
/// (`to <= from`), rounded HALF_UP; None when it does not fit 38 digits' worth of i128.
pub fn times_at(x: i128, y: i128, from: u8, to: u8) -> Option<i128> {
    let w = mul_wide(x.unsigned_abs(), y.unsigned_abs());
    let w = w.round_pow10(u32::from(from.saturating_sub(to)))?;
    let w = if to > from {
        w.times_pow10(u32::from(to - from))?
    } else {
        w
    };
    w.signed((x < 0) != (y < 0))
}

/// `x · 10^shift / y` (y ≠ 0) rounded HALF_UP: a quotient at the scale the shift makes.
pub fn divide_at(x: i128, shift: i32, y: i128) -> Option<i128> {
    let negative = (x < 0) != (y < 0);
    let x = Wide::from(x.unsigned_abs());
    // One more digit than asked is computed to round on.
    let n = if shift + 1 >= 0 {
        x.times_pow10((shift + 1) as u32)?
    } else {
        x.div_pow10((-(shift + 1)) as u32)
    };
    let (q, _) = n.div_rem(y.unsigned_abs());
    q.round_pow10(1)?.signed(negative)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_become_decimals_as_flinks_scanner_reads_them() {
        let ok = |t: &str, p, s| string_to_decimal(t, p, s).ok();
        // Up to 18 digits: Flink's lenient scanner.
        assert_eq!(ok("1.5x", 5, 2), Some(150));
        assert_eq!(ok("x", 5, 2), Some(0));
        assert_eq!(ok("1e", 5, 2), Some(100));
        assert_eq!(ok(" -1.255 ", 5, 2), Some(-126));
        assert_eq!(ok("999.999", 5, 2), Some(100_000));
        assert_eq!(ok("1.5xy", 5, 2), None);
        assert_eq!(ok("0001.5", 5, 2), None);
        // Beyond: Java's BigDecimal.
        assert_eq!(ok("0001.5", 20, 2), Some(150));
        assert_eq!(ok("-.5", 20, 0), Some(-1));
        let err = |t: &str| string_to_decimal(t, 20, 2).err().unwrap_or_default();
        assert!(err("1.5x").ends_with("Character x is neither a decimal digit number, decimal point, nor \"e\" notation exponential mark."));
        assert!(err("1e1x").ends_with("Not a digit."));
        assert!(err("").ends_with("No digits found."));
        assert!(err("1e99999999999").ends_with("Too many nonzero exponent digits."));
        assert!(err("123456789012345678901").ends_with("Overflow."));
    }

    #[test]
    fn decimal_rounding_is_half_up() {
        assert_eq!(rescale(125, 2, 1), Some(13));
        assert_eq!(rescale(-125, 2, 1), Some(-13));
        assert_eq!(rescale(124, 2, 1), Some(12));
        assert_eq!(rescale(15, 1, 3), Some(1500));
        assert!(fits(99_999, 5) && !fits(100_000, 5));
    }

    #[test]
    fn wide_products_and_quotients_are_exact() {
        let x: i128 = 12_345_678_901_234_567_890_123_456_789_012_345_678;
        // DECIMAL(38, 18) · 2.5 at scale 6 (Flink: 30864197253086419725.308642).
        let y: i128 = 2_500_000_000_000_000_000;
        assert_eq!(
            times_at(x, y, 36, 6),
            Some(30_864_197_253_086_419_725_308_642)
        );
        assert_eq!(
            times_at(-x, y, 36, 6),
            Some(-30_864_197_253_086_419_725_308_642)
        );
        // 1.000000000000000001 · 1e18 (both DECIMAL(38, 18)) at scale 6.
        let one: i128 = 1_000_000_000_000_000_001;
        let big: i128 = 1_000_000_000_000_000_000 * 10i128.pow(18);
        assert_eq!(
            times_at(one, big, 36, 6),
            Some(1_000_000_000_000_000_001_000_000)
        );
        // x / 3 at scale 6 (Flink: 4115226300411522630.041152): shift 6 + 18 − 18.
        let three: i128 = 3 * 10i128.pow(18);
        assert_eq!(
            divide_at(x, 6, three),
            Some(4_115_226_300_411_522_630_041_152)
        );
        assert_eq!(divide_at(-2, 1, 3), Some(-7));
        assert_eq!(divide_at(10, 12, 3), Some(3_333_333_333_333));
        assert_eq!(times_at(i128::MAX, i128::MAX, 0, 0), None);
    }

    #[test]
    fn decimals_of_any_scales_compare_exactly() {
        use std::cmp::Ordering;
        let big = 10i128.pow(37) + 1;
        assert_eq!(cmp_decimal((big, 0), (1, 37)), Ordering::Greater);
        assert_eq!(cmp_decimal((-big, 0), (1, 37)), Ordering::Less);
        assert_eq!(cmp_decimal((-big, 0), (-big, 0)), Ordering::Equal);
        assert_eq!(cmp_decimal((big, 1), (big, 37)), Ordering::Greater);
        assert_eq!(cmp_decimal((-big, 1), (-big, 37)), Ordering::Less);
        assert_eq!(cmp_decimal((15, 1), (150, 2)), Ordering::Equal);
    }

    #[test]
    fn doubles_print_as_java_does() {
        assert_eq!(java_double_text(1.0, false), "1.0");
        assert_eq!(java_double_text(1e7, false), "1.0E7");
        assert_eq!(java_double_text(9_999_999.0, false), "9999999.0");
        assert_eq!(java_double_text(0.001, false), "0.001");
        assert_eq!(java_double_text(0.0001, false), "1.0E-4");
        assert_eq!(java_double_text(-1.5e-10, false), "-1.5E-10");
        assert_eq!(java_double_text(f64::from(0.1f32), true), "0.1");
        assert_eq!(java_double_text(f64::NAN, false), "NaN");
        // Java 17 keeps the digits of a whole number that its type resolves (the
        // gateway's FLOATs 2^31, 12345678901 and 123456789, and a DOUBLE near 4.9E18).
        assert_eq!(java_double_text(2_147_483_648.0, true), "2.14748365E9");
        assert_eq!(java_double_text(-2_147_483_648.0, true), "-2.14748365E9");
        assert_eq!(
            java_double_text(f64::from(12_345_678_901f32), true),
            "1.23456788E10"
        );
        assert_eq!(
            java_double_text(f64::from(123_456_789f32), true),
            "1.23456792E8"
        );
        assert_eq!(
            java_double_text(f64::from(16_777_217f32), true),
            "1.6777216E7"
        );
        assert_eq!(java_double_text(1e10, true), "1.0E10");
        // A datagen BIGINT 11000000000 as FLOAT, and what it computes to, on the gateway.
        assert_eq!(
            java_double_text(f64::from(11_000_000_000f32), true),
            "1.10000005E10"
        );
        assert_eq!(
            java_double_text(f64::from(11_000_000_000f32 / 7.0), true),
            "1.57142861E9"
        );
        assert_eq!(java_double_text(4_938_271_558e9, false), "4.938271558E18");
        assert_eq!(java_double_text(1.65e10, false), "1.65E10");
        assert_eq!(
            java_double_text(4_938_271_560_493_827_156.0, false),
            "4.9382715604938271E18"
        );
        assert_eq!(java_double_text(1_234_567.0, false), "1234567.0");
        assert_eq!(java_double_text(12_345_678.0, false), "1.2345678E7");
        assert_eq!(java_double_text(-0.0, false), "-0.0");
    }
}
