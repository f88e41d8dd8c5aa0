//! Flink's text for the values whose text depends on their type (DECIMAL, time,
//! intervals): what the Flink SQL Client prints, from the type's parameters and a value
//! in plain Rust form. Backends turn their wire values into these and keep the result as
//! `Value::Decimal`/`Value::Text`; `render::value` prints everything else (NULL,
//! booleans, doubles, bytes, ARRAY, MAP, ROW). Checked against the real SQL Client by
//! `tests/flink_gateway.rs`.

use std::fmt::Write as _;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, Timelike};

/// A top-level NULL in the table formats (Flink's `PrintStyle.NULL_VALUE`); NULL inside
/// an ARRAY, MAP or ROW is `NULL`.
pub const NULL_CELL: &str = "<NULL>";

/// A decimal number written with exactly `scale` fractional digits, as Java's
/// `BigDecimal.toPlainString` of a `DECIMAL(p, scale)` prints it: `1.5` at scale 2 is
/// `1.50`, `1E+1` at scale 0 is `10`. Extra digits are cut (a value of the type has
/// none). `None` when `text` is not a number.
pub fn decimal(text: &str, scale: u32) -> Option<String> {
    let text = text.trim();
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(i) => (&unsigned[..i], unsigned[i + 1..].parse::<i64>().ok()?),
        None => (unsigned, 0),
    };
    let (int_part, frac_part) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if int_part.is_empty() && frac_part.is_empty()
        || !int_part
            .bytes()
            .chain(frac_part.bytes())
            .all(|b| b.is_ascii_digit())
        || exponent.abs() > 10_000
    {
        return None;
    }
    // All digits, and where the decimal point falls among them.
    let digits: Vec<u8> = int_part.bytes().chain(frac_part.bytes()).collect();
    let point = int_part.len() as i64 + exponent;
    let digit_at = |i: i64| -> u8 {
        if i < 0 || i >= digits.len() as i64 {
            b'0'
        } else {
            digits[i as usize]
        }
    };
    let mut int_text: String = (0.min(point)..point).map(|i| digit_at(i) as char).collect();
    let trimmed = int_text.trim_start_matches('0');
    int_text = if trimmed.is_empty() {
        "0".to_string()
    } else {
        trimmed.to_string()
    };
    let frac_text: String = (point..point + i64::from(scale))
        .map(|i| digit_at(i) as char)
        .collect();
    let zero = int_text == "0" && frac_text.bytes().all(|b| b == b'0');
    let mut out = String::with_capacity(int_text.len() + frac_text.len() + 2);
    if negative && !zero {
        out.push('-');
    }
    out.push_str(&int_text);
    if scale > 0 {
        out.push('.');
        out.push_str(&frac_text);
    }
    Some(out)
}

/// DATE: `2024-03-15`.
pub fn date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// TIME(p): `10:20:30`, and for p > 0 the milliseconds Flink keeps, without trailing
/// zeros but with at least one digit (`10:20:30.0`, `10:20:30.5`, `10:20:30.123`), as
/// Flink's `DateTimeUtils.unixTimeToString` writes them.
pub fn time(t: NaiveTime, precision: u32) -> String {
    let mut out = t.format("%H:%M:%S").to_string();
    if precision > 0 {
        let mut millis = t.nanosecond() / 1_000_000 % 1000;
        out.push('.');
        for _ in 0..precision.min(3) {
            out.push(char::from(b'0' + (millis / 100) as u8));
            millis = millis % 100 * 10;
            if millis == 0 {
                break;
            }
        }
    }
    out
}

/// TIMESTAMP(p) and TIMESTAMP_LTZ(p) (already in the session's time zone):
/// `2024-03-15 10:20:30`, then exactly p fractional digits (`.500` for p = 3).
pub fn timestamp(ts: NaiveDateTime, precision: u32) -> String {
    let mut out = ts.format("%Y-%m-%d %H:%M:%S").to_string();
    let precision = precision.min(9);
    if precision > 0 {
        let nanos = format!("{:09}", ts.nanosecond() % 1_000_000_000);
        out.push('.');
        out.push_str(&nanos[..precision as usize]);
    }
    out
}

/// INTERVAL YEAR TO MONTH (and its shorter forms) from a number of months: `+2-03`.
pub fn interval_months(months: i64) -> String {
    let sign = if months < 0 { '-' } else { '+' };
    let m = months.unsigned_abs();
    format!("{sign}{}-{:02}", m / 12, m % 12)
}

/// INTERVAL DAY TO SECOND (and its shorter forms) from milliseconds: Flink always prints
/// days, time and milliseconds, `+1 02:03:04.500`.
pub fn interval_millis(millis: i64) -> String {
    let sign = if millis < 0 { '-' } else { '+' };
    let ms = millis.unsigned_abs();
    let mut out = String::with_capacity(16);
    let _ = write!(
        out,
        "{sign}{} {:02}:{:02}:{:02}.{:03}",
        ms / 86_400_000,
        ms / 3_600_000 % 24,
        ms / 60_000 % 60,
        ms / 1000 % 60,
        ms % 1000
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_keep_their_scale() {
        let d = |s, scale| decimal(s, scale).unwrap_or_else(|| "?".into());
        assert_eq!(d("1.5", 2), "1.50");
        assert_eq!(d("10", 3), "10.000");
        assert_eq!(d("3.5", 12), "3.500000000000");
        assert_eq!(d("-0.01", 2), "-0.01");
        assert_eq!(d("7", 0), "7");
        assert_eq!(d("1E+1", 0), "10");
        assert_eq!(d("1.5E-3", 4), "0.0015");
        assert_eq!(d("-0.0", 1), "0.0");
        assert_eq!(
            d("123456789012345678901234567.123", 5),
            "123456789012345678901234567.12300"
        );
        assert_eq!(decimal("abc", 2), None);
        assert_eq!(decimal("", 2), None);
        assert_eq!(decimal("1e99999999", 2), None);
    }

    #[test]
    fn times_print_like_flink() {
        let t = |h, m, s, ms| NaiveTime::from_hms_milli_opt(h, m, s, ms).unwrap_or_default();
        assert_eq!(time(t(10, 20, 30, 0), 0), "10:20:30");
        assert_eq!(time(t(10, 20, 30, 0), 3), "10:20:30.0");
        assert_eq!(time(t(10, 20, 30, 500), 3), "10:20:30.5");
        assert_eq!(time(t(10, 20, 30, 123), 3), "10:20:30.123");
        assert_eq!(time(t(10, 20, 30, 100), 1), "10:20:30.1");
    }

    #[test]
    fn timestamps_have_their_precision() {
        let ts = NaiveDate::from_ymd_opt(2024, 3, 15)
            .and_then(|d| d.and_hms_nano_opt(10, 20, 30, 500_000_000))
            .unwrap_or_default();
        assert_eq!(timestamp(ts, 0), "2024-03-15 10:20:30");
        assert_eq!(timestamp(ts, 1), "2024-03-15 10:20:30.5");
        assert_eq!(timestamp(ts, 3), "2024-03-15 10:20:30.500");
        assert_eq!(timestamp(ts, 9), "2024-03-15 10:20:30.500000000");
    }

    #[test]
    fn intervals_print_like_flink() {
        assert_eq!(interval_months(27), "+2-03");
        assert_eq!(interval_months(-25), "-2-01");
        assert_eq!(interval_months(1200), "+100-00");
        assert_eq!(interval_millis(93_784_500), "+1 02:03:04.500");
        assert_eq!(interval_millis(-86_400_000), "-1 00:00:00.000");
        assert_eq!(interval_millis(1), "+0 00:00:00.001");
    }
}
