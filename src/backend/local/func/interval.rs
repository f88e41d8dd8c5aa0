//! Flink's interval literals: `INTERVAL '1 02:03:04.5' DAY TO SECOND` as a value and
//! its type.

use super::temporal::{MILLIS_PER_DAY, interval_type};
use crate::backend::local::ftype::FlinkType;
use crate::backend::local::value::Datum;

/// The value and type of `INTERVAL 'text' from [TO to]`, e.g. `('1 02:03:04.5', "DAY",
/// Some("SECOND"))`. `precision` is the leading field's declared precision (`DAY(3)`),
/// 2 when not given; units may be plural (`MINUTES`). Flink types every day-time
/// interval literal `INTERVAL SECOND(3)` and every year-month one `INTERVAL MONTH`.
pub fn interval_literal(
    text: &str,
    from_unit: &str,
    to_unit: Option<&str>,
    precision: Option<u32>,
) -> Result<(Datum, FlinkType), String> {
    let unit = |u: &str| {
        let u = u.trim().to_ascii_uppercase();
        let u = u.strip_suffix('S').map(str::to_string).unwrap_or(u);
        match u.as_str() {
            "YEAR" | "MONTH" | "DAY" | "HOUR" | "MINUTE" | "SECOND" => Some(u),
            _ => None,
        }
    };
    let from = unit(from_unit);
    let to = to_unit.map(unit);
    let qualifier = match to_unit {
        Some(t) => format!(
            "{} TO {}",
            from_unit.to_ascii_uppercase(),
            t.to_ascii_uppercase()
        ),
        None => from_unit.to_ascii_uppercase(),
    };
    let bad = || format!("Illegal interval literal format '{text}' for INTERVAL {qualifier}");
    let (Some(from), Some(to)) = (from, to.unwrap_or_else(|| unit(from_unit))) else {
        return Err(bad());
    };
    let body = text.trim();
    let (negative, body) = match body.as_bytes().first() {
        Some(b'-') => (true, &body[1..]),
        Some(b'+') => (false, &body[1..]),
        _ => (false, body),
    };
    let precision = precision.unwrap_or(2);
    let leading = |digits: &str| -> Result<i64, String> {
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let v: i64 = digits.parse().map_err(|_| bad())?;
        if digits.trim_start_matches('0').len() > precision as usize {
            return Err(format!(
                "Interval field value {v} exceeds precision of {from}({precision}) field"
            ));
        }
        Ok(v)
    };
    let field = |digits: &str, max: i64| -> Result<i64, String> {
        if digits.is_empty() || digits.len() > 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let v: i64 = digits.parse().map_err(|_| bad())?;
        if v >= max {
            return Err(bad());
        }
        Ok(v)
    };
    let fraction = |digits: &str| -> Result<i64, String> {
        if digits.is_empty() || digits.len() > 9 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        Ok(format!("{digits:0<9}")[..3].parse().unwrap_or(0))
    };
    let seconds = |s: &str, is_leading: bool| -> Result<i64, String> {
        let (whole, frac) = match s.split_once('.') {
            Some((w, f)) => (w, fraction(f)?),
            None => (s, 0),
        };
        let w = if is_leading {
            leading(whole)?
        } else {
            field(whole, 60)?
        };
        Ok(w * 1000 + frac)
    };
    let sign = if negative { -1 } else { 1 };
    let months = |v: i64| Ok((Datum::Months(sign * v), interval_type(true, false)));
    let millis = |v: i64| Ok((Datum::Millis(sign * v), interval_type(false, false)));
    let split2 = |s: &'_ str, sep: char| -> Result<(String, String), String> {
        s.split_once(sep)
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .ok_or_else(bad)
    };
    const H: i64 = 3_600_000;
    const M: i64 = 60_000;
    match (from.as_str(), to.as_str()) {
        ("YEAR", "YEAR") => months(leading(body)?.checked_mul(12).ok_or_else(bad)?),
        ("MONTH", "MONTH") => months(leading(body)?),
        ("YEAR", "MONTH") => {
            let (y, m) = split2(body, '-')?;
            months(leading(&y)? * 12 + field(&m, 12)?)
        }
        ("DAY", "DAY") => millis(leading(body)? * MILLIS_PER_DAY),
        ("HOUR", "HOUR") => millis(leading(body)? * H),
        ("MINUTE", "MINUTE") => millis(leading(body)? * M),
        ("SECOND", "SECOND") => millis(seconds(body, true)?),
        ("DAY", "HOUR") => {
            let (d, h) = split2(body, ' ')?;
            millis(leading(&d)? * MILLIS_PER_DAY + field(&h, 24)? * H)
        }
        ("DAY", "MINUTE") => {
            let (d, rest) = split2(body, ' ')?;
            let (h, m) = split2(&rest, ':')?;
            millis(leading(&d)? * MILLIS_PER_DAY + field(&h, 24)? * H + field(&m, 60)? * M)
        }
        ("DAY", "SECOND") => {
            let (d, rest) = split2(body, ' ')?;
            let (h, rest) = split2(&rest, ':')?;
            let (m, s) = split2(&rest, ':')?;
            millis(
                leading(&d)? * MILLIS_PER_DAY
                    + field(&h, 24)? * H
                    + field(&m, 60)? * M
                    + seconds(&s, false)?,
            )
        }
        ("HOUR", "MINUTE") => {
            let (h, m) = split2(body, ':')?;
            millis(leading(&h)? * H + field(&m, 60)? * M)
        }
        ("HOUR", "SECOND") => {
            let (h, rest) = split2(body, ':')?;
            let (m, s) = split2(&rest, ':')?;
            millis(leading(&h)? * H + field(&m, 60)? * M + seconds(&s, false)?)
        }
        ("MINUTE", "SECOND") => {
            let (m, s) = split2(body, ':')?;
            millis(leading(&m)? * M + seconds(&s, false)?)
        }
        _ => Err(bad()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interval_literals_are_flinks() {
        let v = |text: &str, from: &str, to: Option<&str>, p: Option<u32>| {
            interval_literal(text, from, to, p).map(|(d, t)| d.to_value(&t))
        };
        use crate::result::Value::Text;
        assert_eq!(
            v("1", "DAY", None, None),
            Ok(Text("+1 00:00:00.000".into()))
        );
        assert_eq!(
            v("1-2", "YEAR", Some("MONTH"), None),
            Ok(Text("+1-02".into()))
        );
        assert_eq!(
            v("1 02:03:04.5", "DAY", Some("SECOND"), None),
            Ok(Text("+1 02:03:04.500".into()))
        );
        assert_eq!(
            v("90", "SECOND", None, None),
            Ok(Text("+0 00:01:30.000".into()))
        );
        assert_eq!(
            v("10", "MINUTES", None, None),
            Ok(Text("+0 00:10:00.000".into()))
        );
        assert_eq!(
            v("100", "DAY", None, Some(3)),
            Ok(Text("+100 00:00:00.000".into()))
        );
        assert_eq!(
            v("02:03", "HOUR", Some("MINUTE"), None),
            Ok(Text("+0 02:03:00.000".into()))
        );
        assert_eq!(
            v("03:04.123", "MINUTE", Some("SECOND"), None),
            Ok(Text("+0 00:03:04.123".into()))
        );
        assert_eq!(
            v("-1 02:03", "DAY", Some("MINUTE"), None),
            Ok(Text("-1 02:03:00.000".into()))
        );
        assert_eq!(
            v("-1-6", "YEAR", Some("MONTH"), None),
            Ok(Text("-1-06".into()))
        );
        assert_eq!(
            v("+5", "HOUR", None, None),
            Ok(Text("+0 05:00:00.000".into()))
        );
        assert_eq!(
            v("100", "HOUR", None, Some(3)),
            Ok(Text("+4 04:00:00.000".into()))
        );
        assert_eq!(
            v("1.123456", "SECOND", None, None),
            Ok(Text("+0 00:00:01.123".into()))
        );
        assert_eq!(
            v("100", "DAY", None, None),
            Err("Interval field value 100 exceeds precision of DAY(2) field".into())
        );
        assert_eq!(
            v("1 25", "DAY", Some("HOUR"), None),
            Err("Illegal interval literal format '1 25' for INTERVAL DAY TO HOUR".into())
        );
        assert_eq!(
            v("1:2", "DAY", None, None),
            Err("Illegal interval literal format '1:2' for INTERVAL DAY".into())
        );
    }
}
