//! Formats one value: as text the way Flink prints it, or as JSON.

use std::fmt::Write as _;
use std::io::{self, Write};

use crate::result::Value;

/// The text of a value in table and delimited formats (a top-level NULL is the printer's
/// business: `<NULL>` or an empty field): `NULL`, `TRUE`/`FALSE`, doubles as
/// Java prints them (`1.0`, `1.0E10`), and nested values in Flink's own forms: ROW `(1, a)`,
/// ARRAY `[1, 2]`, MAP `{k=v}`, BYTES `x'0a1b'`.
pub fn display(v: &Value) -> String {
    match v {
        // The common cases skip the generic writer's extra allocation.
        Value::Text(s) | Value::Decimal(s) => s.clone(),
        Value::Int(i) => i.to_string(),
        _ => {
            let mut s = String::new();
            push_display(&mut s, v);
            s
        }
    }
}

/// Appends [`display`] of `v` to `out` (lets printers reuse one buffer per row).
pub fn push_display(out: &mut String, v: &Value) {
    match v {
        Value::Null => out.push_str("NULL"),
        Value::Bool(true) => out.push_str("TRUE"),
        Value::Bool(false) => out.push_str("FALSE"),
        Value::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Value::Float(f) => push_double(out, *f),
        Value::Decimal(s) | Value::Text(s) => out.push_str(s),
        Value::Bytes(b) => {
            out.push_str("x'");
            for byte in b {
                let _ = write!(out, "{byte:02x}");
            }
            out.push('\'');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                push_display(out, item);
            }
            out.push(']');
        }
        Value::Map(entries) => {
            out.push('{');
            for (i, (k, val)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                push_display(out, k);
                out.push('=');
                push_display(out, val);
            }
            out.push('}');
        }
        Value::Row(fields) => {
            out.push('(');
            for (i, field) in fields.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                push_display(out, field);
            }
            out.push(')');
        }
    }
}

/// Java's `Double.toString`, which is what Flink prints: plain decimals with at least one
/// fractional digit between 10^-3 and 10^7, scientific notation (`1.5E-5`) outside.
fn push_double(out: &mut String, f: f64) {
    if f.is_nan() {
        out.push_str("NaN");
    } else if f.is_infinite() {
        out.push_str(if f > 0.0 { "Infinity" } else { "-Infinity" });
    } else if f == 0.0 || (1e-3..1e7).contains(&f.abs()) {
        let start = out.len();
        let _ = write!(out, "{f}");
        if !out[start..].contains('.') {
            out.push_str(".0");
        }
    } else {
        let sci = format!("{f:e}");
        let (mantissa, exponent) = sci.split_once('e').unwrap_or((&sci, "0"));
        out.push_str(mantissa);
        if !mantissa.contains('.') {
            out.push_str(".0");
        }
        out.push('E');
        out.push_str(exponent);
    }
}

/// A value as JSON: NULL is `null`, numbers are numbers, ARRAY and ROW are arrays (a ROW's
/// field names are not part of the value), MAP is an object keyed by the keys' text.
/// Doubles JSON cannot hold (NaN, ±Infinity) become the strings Java prints for them.
/// A DECIMAL with more digits than an f64 keeps is rounded here; the printers use
/// [`write_json`], which writes its digits exactly.
pub fn to_json(v: &Value) -> serde_json::Value {
    use serde_json::Value as J;
    match v {
        Value::Null => J::Null,
        Value::Bool(b) => J::Bool(*b),
        Value::Int(i) => J::from(*i),
        Value::Float(f) => serde_json::Number::from_f64(*f)
            .map(J::Number)
            .unwrap_or_else(|| J::String(display(v))),
        Value::Decimal(s) => s
            .parse::<serde_json::Number>()
            .map(J::Number)
            .unwrap_or_else(|_| J::String(s.clone())),
        Value::Text(s) => J::String(s.clone()),
        Value::Bytes(_) => J::String(display(v)),
        Value::Array(items) | Value::Row(items) => J::Array(items.iter().map(to_json).collect()),
        Value::Map(entries) => J::Object(
            entries
                .iter()
                .map(|(k, val)| (map_key(k), to_json(val)))
                .collect(),
        ),
    }
}

fn map_key(k: &Value) -> String {
    match k {
        Value::Text(s) => s.clone(),
        other => display(other),
    }
}

/// Writes [`to_json`] of `v` without building a `serde_json::Value`, and with DECIMAL
/// digits exactly as the backend gave them.
pub fn write_json<W: Write + ?Sized>(out: &mut W, v: &Value) -> io::Result<()> {
    match v {
        Value::Null => out.write_all(b"null"),
        Value::Bool(true) => out.write_all(b"true"),
        Value::Bool(false) => out.write_all(b"false"),
        Value::Int(i) => write!(out, "{i}"),
        Value::Float(f) if f.is_finite() => {
            serde_json::to_writer(&mut *out, f).map_err(io::Error::from)
        }
        Value::Float(_) | Value::Bytes(_) => write_string(out, &display(v)),
        Value::Decimal(s) if is_json_number(s) => out.write_all(s.as_bytes()),
        Value::Decimal(s) | Value::Text(s) => write_string(out, s),
        Value::Array(items) | Value::Row(items) => {
            out.write_all(b"[")?;
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.write_all(b",")?;
                }
                write_json(out, item)?;
            }
            out.write_all(b"]")
        }
        Value::Map(entries) => {
            out.write_all(b"{")?;
            for (i, (k, val)) in entries.iter().enumerate() {
                if i > 0 {
                    out.write_all(b",")?;
                }
                write_string(out, &map_key(k))?;
                out.write_all(b":")?;
                write_json(out, val)?;
            }
            out.write_all(b"}")
        }
    }
}

/// Writes `s` as a JSON string literal.
pub fn write_string<W: Write + ?Sized>(out: &mut W, s: &str) -> io::Result<()> {
    serde_json::to_writer(&mut *out, s).map_err(io::Error::from)
}

/// RFC 8259 number grammar: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
fn is_json_number(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - start
    };
    if b.first() == Some(&b'-') {
        i += 1;
    }
    match b.get(i) {
        Some(b'0') => i += 1,
        Some(c) if c.is_ascii_digit() => {
            digits(&mut i);
        }
        _ => return false,
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_print_like_java() {
        let d = |f| display(&Value::Float(f));
        assert_eq!(d(1.0), "1.0");
        assert_eq!(d(-0.0), "-0.0");
        assert_eq!(d(2.5), "2.5");
        assert_eq!(d(1234567.0), "1234567.0");
        assert_eq!(d(1e7), "1.0E7");
        assert_eq!(d(1.5e-5), "1.5E-5");
        assert_eq!(d(0.001), "0.001");
        assert_eq!(d(f64::NAN), "NaN");
        assert_eq!(d(f64::NEG_INFINITY), "-Infinity");
    }

    #[test]
    fn nested_values_print_like_flink() {
        let v = Value::Row(vec![
            Value::Int(1),
            Value::Text("a".into()),
            Value::Array(vec![Value::Int(1), Value::Null]),
            Value::Map(vec![(Value::Text("k".into()), Value::Bool(true))]),
            Value::Bytes(vec![0, 255]),
        ]);
        assert_eq!(display(&v), "(1, a, [1, NULL], {k=TRUE}, x'00ff')");
    }

    #[test]
    fn json_numbers_are_checked_before_being_written_raw() {
        for ok in [
            "0",
            "-1",
            "1.50",
            "12345678901234567890.123",
            "1e5",
            "-2.5E-3",
        ] {
            assert!(is_json_number(ok), "{ok}");
        }
        for bad in ["", "-", "01", "1.", ".5", "1e", "NaN", "1,5", "+1", "0x10"] {
            assert!(!is_json_number(bad), "{bad}");
        }
    }

    #[test]
    fn write_json_matches_to_json() {
        let v = Value::Array(vec![
            Value::Null,
            Value::Float(0.5),
            Value::Float(f64::INFINITY),
            Value::Decimal("1.25".into()),
            Value::Decimal("not a number".into()),
            Value::Map(vec![(Value::Int(1), Value::Text("\"x\"\n".into()))]),
        ]);
        let mut buf = Vec::new();
        write_json(&mut buf, &v).unwrap();
        let parsed: serde_json::Value = serde_json::from_slice(&buf).unwrap();
        assert_eq!(parsed, to_json(&v));
    }
}
