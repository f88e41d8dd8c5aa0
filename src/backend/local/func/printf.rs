//! PRINTF: Java's `String.format`, which Flink calls with the arguments as Flink's
//! internal values.
//!
//! Supported: `%[index$][flags][width][.precision]` with the conversions `s S b B d o x
//! X f e E c %% n` and the flags `- 0 + , ( space #`. What Java rejects (`%d` of a
//! DECIMAL or a double, `%c` of a string, a missing argument, an unknown conversion)
//! makes PRINTF return NULL, as Flink's does. Where Flink would print an internal object
//! (`%s` of an ARRAY or BYTES prints a Java object id), the SQL Client's text is used.

use super::args::{str_datum, string, text};
use super::{Eval, Scalar, Session, Signature};
use crate::backend::local::ftype::{FlinkType, Kind};
use crate::backend::local::value::Datum;

pub static FUNCTIONS: &[Scalar] = &[Scalar {
    name: "PRINTF",
    strict: false,
    infer: printf_type,
    eval: printf,
}];

fn printf_type(a: &[FlinkType]) -> Result<FlinkType, String> {
    match a.first() {
        Some(f) if f.is_string() || f.is_null() => Ok(string(true)),
        Some(f) => Err(format!(
            "Invalid input arguments for PRINTF({f}, …). Expected signature: PRINTF(format <STRING>, obj <ANY>...)"
        )),
        None => Err(
            "Invalid number of arguments to function 'PRINTF'. Was expecting at least 1 arguments"
                .into(),
        ),
    }
}

fn printf(a: &[Datum], sig: &Signature, _: &Session) -> Eval {
    if a[0].is_null() {
        return Ok(Datum::Null);
    }
    let args: Vec<(&Datum, &FlinkType)> = a[1..].iter().zip(&sig.args[1..]).collect();
    Ok(format(text(&a[0]), &args).map_or(Datum::Null, str_datum))
}

/// The widest width or precision taken: more is a mistake, not memory to spend (NULL).
const MAX_WIDTH: usize = 1 << 20;

/// One `%…` directive.
#[derive(Default)]
struct Spec {
    index: Option<usize>,
    left: bool,
    zero: bool,
    plus: bool,
    space: bool,
    group: bool,
    paren: bool,
    alternate: bool,
    width: Option<usize>,
    precision: Option<usize>,
    conversion: char,
}

/// The formatted text; None where Java throws.
fn format(fmt: &str, args: &[(&Datum, &FlinkType)]) -> Option<String> {
    let mut out = String::new();
    let mut chars = fmt.chars().peekable();
    let mut next_arg = 0;
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let mut spec = Spec::default();
        let mut digits = String::new();
        while let Some(d) = chars.peek().filter(|d| d.is_ascii_digit()) {
            digits.push(*d);
            chars.next();
        }
        if chars.peek() == Some(&'$') {
            chars.next();
            spec.index = Some(digits.parse::<usize>().ok()?.checked_sub(1)?);
            digits.clear();
        }
        if digits.is_empty() {
            while let Some(f) = chars.peek().copied() {
                match f {
                    '-' => spec.left = true,
                    '0' => spec.zero = true,
                    '+' => spec.plus = true,
                    ' ' => spec.space = true,
                    ',' => spec.group = true,
                    '(' => spec.paren = true,
                    '#' => spec.alternate = true,
                    _ => break,
                }
                chars.next();
            }
            while let Some(d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                digits.push(*d);
                chars.next();
            }
        } else if let Some(rest) = digits.strip_prefix('0') {
            // `%05d`: the 0 was a flag.
            spec.zero = true;
            digits = rest.to_string();
        }
        if !digits.is_empty() {
            spec.width = Some(digits.parse().ok().filter(|w| *w <= MAX_WIDTH)?);
        }
        if chars.peek() == Some(&'.') {
            chars.next();
            let mut p = String::new();
            while let Some(d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                p.push(*d);
                chars.next();
            }
            spec.precision = Some(p.parse().ok().filter(|w| *w <= MAX_WIDTH)?);
        }
        spec.conversion = chars.next()?;
        match spec.conversion {
            '%' => out.push_str(&pad("%".into(), &spec)),
            'n' => out.push('\n'),
            _ => {
                let i = match spec.index {
                    Some(i) => i,
                    None => {
                        next_arg += 1;
                        next_arg - 1
                    }
                };
                let (d, t) = args.get(i)?;
                out.push_str(&convert(d, t, &spec)?);
            }
        }
    }
    Some(out)
}

fn convert(d: &Datum, t: &FlinkType, spec: &Spec) -> Option<String> {
    let upper = spec.conversion.is_ascii_uppercase();
    let body = match (spec.conversion.to_ascii_lowercase(), d) {
        ('s', _) => {
            let mut s = java_string(d, t);
            if let Some(p) = spec.precision {
                s = s.chars().take(p).collect();
            }
            s
        }
        ('b', Datum::Null) => "false".into(),
        ('b', Datum::Bool(b)) => b.to_string(),
        ('b', _) => "true".into(),
        (_, Datum::Null) => "null".into(),
        ('d', Datum::Int(i)) => signed(&grouped(&i.unsigned_abs().to_string(), spec), *i < 0, spec),
        ('o', Datum::Int(i)) => format!("{:o}", twos_complement(*i, t)),
        ('x', Datum::Int(i)) => {
            let hex = format!("{:x}", twos_complement(*i, t));
            if spec.alternate {
                format!("0x{hex}")
            } else {
                hex
            }
        }
        ('f', Datum::Double(f)) if f.is_finite() => {
            let digits = format!("{:.*}", spec.precision.unwrap_or(6), f.abs());
            let (int, frac) = digits.split_once('.').unwrap_or((&digits, ""));
            let int = grouped(int, spec);
            let text = if frac.is_empty() {
                int
            } else {
                format!("{int}.{frac}")
            };
            signed(&text, f.is_sign_negative(), spec)
        }
        ('e', Datum::Double(f)) if f.is_finite() => {
            let sci = format!("{:.*e}", spec.precision.unwrap_or(6), f.abs());
            let (mantissa, exp) = sci.split_once('e')?;
            let exp: i32 = exp.parse().ok()?;
            let sign = if exp < 0 { '-' } else { '+' };
            signed(
                &format!("{mantissa}e{sign}{:02}", exp.abs()),
                f.is_sign_negative(),
                spec,
            )
        }
        ('f' | 'e', Datum::Double(f)) => {
            if f.is_nan() {
                "NaN".into()
            } else if *f > 0.0 {
                "Infinity".into()
            } else {
                "-Infinity".into()
            }
        }
        _ => return None,
    };
    let body = if upper { body.to_uppercase() } else { body };
    Some(pad(body, spec))
}

/// How Java's `%s` prints a Flink internal value: DATE as its day number, a DECIMAL and
/// numbers as Java's `toString`.
fn java_string(d: &Datum, t: &FlinkType) -> String {
    use crate::render::value::display;
    match (d, &t.kind) {
        (Datum::Null, _) => "null".into(),
        (Datum::Date(day), _) => {
            let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default();
            (*day - epoch).num_days().to_string()
        }
        (Datum::Double(f), Kind::Float) => {
            display(&crate::result::Value::Float(f64::from(*f as f32)))
        }
        (Datum::Bool(b), _) => b.to_string(),
        _ => {
            let v = d.to_value(t);
            match v {
                crate::result::Value::Null => "null".into(),
                v => display(&v),
            }
        }
    }
}

/// A negative integer as Java prints it in `%x`/`%o`: two's complement of its type's
/// width.
fn twos_complement(i: i64, t: &FlinkType) -> u64 {
    let bits = match t.kind {
        Kind::TinyInt => 8,
        Kind::SmallInt => 16,
        Kind::Int => 32,
        _ => 64,
    };
    if bits == 64 {
        i as u64
    } else {
        (i as u64) & ((1u64 << bits) - 1)
    }
}

fn grouped(digits: &str, spec: &Spec) -> String {
    if !spec.group {
        return digits.to_string();
    }
    let mut out = String::new();
    for (n, c) in digits.chars().enumerate() {
        if n > 0 && (digits.len() - n).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The sign and the zero padding of a number.
fn signed(magnitude: &str, negative: bool, spec: &Spec) -> String {
    let (prefix, suffix) = match (negative, spec.paren) {
        (true, true) => ("(", ")"),
        (true, false) => ("-", ""),
        (false, _) if spec.plus => ("+", ""),
        (false, _) if spec.space => (" ", ""),
        _ => ("", ""),
    };
    let mut body = magnitude.to_string();
    if let (true, Some(w)) = (spec.zero && !spec.left, spec.width) {
        let used = prefix.len() + suffix.len() + body.chars().count();
        if w > used {
            body = format!("{}{body}", "0".repeat(w - used));
        }
    }
    format!("{prefix}{body}{suffix}")
}

fn pad(body: String, spec: &Spec) -> String {
    match spec.width {
        Some(w) if w > body.chars().count() => {
            let fill = " ".repeat(w - body.chars().count());
            if spec.left {
                format!("{body}{fill}")
            } else {
                format!("{fill}{body}")
            }
        }
        _ => body,
    }
}

#[cfg(test)]
mod tests {
    use super::super::args::testing::*;
    use super::*;

    fn printf(args: Vec<(Datum, FlinkType)>) -> Result<Datum, String> {
        call("PRINTF", args).0
    }

    fn double(f: f64) -> (Datum, FlinkType) {
        (Datum::Double(f), t("DOUBLE NOT NULL"))
    }

    #[test]
    fn java_formats() {
        assert_eq!(
            call("PRINTF", vec![lit("%s-%d"), lit("a"), lit(3)]),
            (s("a-3"), "STRING".into())
        );
        assert_eq!(printf(vec![lit("%x"), lit(255)]), s("ff"));
        assert_eq!(printf(vec![lit("%X"), lit(255)]), s("FF"));
        assert_eq!(printf(vec![lit("%x"), lit(-1)]), s("ffffffff"));
        assert_eq!(printf(vec![lit("%o"), lit(8)]), s("10"));
        assert_eq!(printf(vec![lit("%.2f"), double(1.23456)]), s("1.23"));
        assert_eq!(printf(vec![lit("%08.3f"), double(3.5)]), s("0003.500"));
        assert_eq!(
            printf(vec![lit("%e"), double(12345.678)]),
            s("1.234568e+04")
        );
        assert_eq!(
            printf(vec![lit("%5s|%-5s|"), lit("a"), lit("b")]),
            s("    a|b    |")
        );
        assert_eq!(
            printf(vec![lit("%10.3s|"), lit("abcdef")]),
            s("       abc|")
        );
        assert_eq!(printf(vec![lit("%,d"), lit(1234567)]), s("1,234,567"));
        assert_eq!(printf(vec![lit("%05d"), lit(-42)]), s("-0042"));
        assert_eq!(printf(vec![lit("%+d"), lit(5)]), s("+5"));
        assert_eq!(printf(vec![lit("%d%%"), lit(5)]), s("5%"));
        assert_eq!(printf(vec![lit("%2$s %1$s"), lit("a"), lit("b")]), s("b a"));
        assert_eq!(printf(vec![lit("%s"), null("STRING")]), s("null"));
        assert_eq!(
            printf(vec![lit("%b"), (Datum::Bool(true), t("BOOLEAN NOT NULL"))]),
            s("true")
        );
        assert_eq!(printf(vec![lit("%s"), double(1.0)]), s("1.0"));
        assert_eq!(
            printf(vec![
                lit("%s"),
                (Datum::Decimal(15, 1), t("DECIMAL(2, 1) NOT NULL"))
            ]),
            s("1.5")
        );
        let date = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default();
        assert_eq!(
            printf(vec![lit("%s"), (Datum::Date(date), t("DATE NOT NULL"))]),
            s("19723")
        );
        assert_eq!(printf(vec![lit("abc")]), s("abc"));
        // What Java refuses: NULL.
        assert_eq!(
            printf(vec![
                lit("%d"),
                (Datum::Decimal(35, 1), t("DECIMAL(2, 1) NOT NULL"))
            ]),
            NULL
        );
        assert_eq!(printf(vec![lit("%s %s"), lit("a")]), NULL);
        assert_eq!(printf(vec![lit("%c"), lit("a")]), NULL);
        assert_eq!(printf(vec![null("STRING"), lit(1)]), NULL);
        assert_eq!(printf(vec![lit("%999999999s"), lit("a")]), NULL);
        assert_eq!(printf(vec![lit("%.999999999f"), double(1.5)]), NULL);
    }
}
