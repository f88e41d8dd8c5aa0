//! Flink's JSON functions: querying JSON text with a JSON path (JSON_VALUE, JSON_QUERY,
//! JSON_EXISTS, IS JSON) and building it (JSON_STRING, JSON_OBJECT, JSON_ARRAY,
//! JSON_QUOTE, JSON_UNQUOTE).
//!
//! How the translator calls them (modes are STRING literals, upper case):
//!
//! * `JSON_VALUE(j, p [RETURNING t] [b ON EMPTY] [b ON ERROR])` is
//!   `'JSON_VALUE'(j, p, on_empty, empty_default, on_error, error_default)` with `b` one
//!   of `'NULL'`, `'ERROR'`, `'DEFAULT'` and the defaults the DEFAULT expressions (the
//!   NULL literal otherwise); `'JSON_VALUE'(j, p)` means NULL ON EMPTY NULL ON ERROR.
//!   `infer` gives STRING; with RETURNING, the translator takes the call's type from
//!   [`json_value_returning`] and puts it in the call's `Signature::ret`.
//! * `JSON_QUERY(j, p [RETURNING t] [w WRAPPER] [b ON EMPTY] [b ON ERROR])` is
//!   `'JSON_QUERY'(j, p, wrapper, on_empty, on_error)`: wrapper `'WITHOUT'`,
//!   `'CONDITIONAL'` or `'UNCONDITIONAL'` (`WITH WRAPPER`), `b` one of `'NULL'`,
//!   `'ERROR'`, `'EMPTY ARRAY'`, `'EMPTY OBJECT'`; `'JSON_QUERY'(j, p)` is the default.
//!   RETURNING ARRAY<STRING> works as for JSON_VALUE ([`json_query_returning`]).
//! * `JSON_EXISTS(j, p [b ON ERROR])` is `'JSON_EXISTS'(j, p[, b])`, `b` one of `'TRUE'`,
//!   `'FALSE'`, `'UNKNOWN'`, `'ERROR'`.
//! * `s IS JSON [VALUE|OBJECT|ARRAY|SCALAR]` is `'IS JSON'(s, kind)`; IS NOT JSON is the
//!   translator's NOT around it.
//! * `JSON_OBJECT(KEY k VALUE v, … [NULL|ABSENT ON NULL])` is
//!   `'JSON_OBJECT'(on_null, raw, k1, v1, …)` and `JSON_ARRAY(v, … [… ON NULL])` is
//!   `'JSON_ARRAY'(on_null, raw, v1, …)`: `on_null` `'NULL'` or `'ABSENT'` (Flink's
//!   defaults: NULL for objects, ABSENT for arrays); `raw` has one character per value,
//!   `J` where the value is JSON to embed as it is (the user wrote a JSON_OBJECT,
//!   JSON_ARRAY or `JSON(…)` call there; pass `JSON(x)`'s `x`), `-` elsewhere.
//!
//! JSON paths: Flink uses Jayway JsonPath. Supported here: `lax`/`strict` prefixes, `$`,
//! `.name`, `['name']`, `[n]`, `[n, m]`, `[a:b]`, `[*]`, `.*` and `..name`; not filters
//! (`[?(...)]`), functions (`.length()`) or negative indexes, which give the error
//! behaviour. Numbers keep their text as Flink's BigDecimal does (`1.50`, `1E+2`).

use super::args::{Arg, check, lenient, str_datum, strict, string, text};
use super::json_text::{Found, Json, big_decimal_text, parse, query};
use super::{Eval, Scalar, Session, Signature};
use crate::backend::local::ftype::{FlinkType, Kind};
use crate::backend::local::value::Datum;

use Arg::Str;

pub static FUNCTIONS: &[Scalar] = &[
    lenient("JSON_VALUE", value_type, json_value),
    lenient("JSON_QUERY", query_type, json_query),
    lenient("JSON_EXISTS", exists_type, json_exists),
    Scalar {
        name: "IS JSON",
        strict: false,
        infer: is_json_type,
        eval: |a, _, _| {
            let Datum::Str(s) = &a[0] else {
                return Ok(Datum::Bool(false));
            };
            let parsed = parse(s);
            Ok(Datum::Bool(match (parsed, text(&a[1])) {
                (Err(_), _) => false,
                (Ok(Json::Obj(_)), "OBJECT") => true,
                (Ok(Json::Arr(_)), "ARRAY") => true,
                (Ok(Json::Obj(_) | Json::Arr(_)), "SCALAR") => false,
                (Ok(_), "SCALAR") => true,
                (Ok(_), "OBJECT" | "ARRAY") => false,
                (Ok(_), _) => true,
            }))
        },
    },
    strict("JSON_STRING", json_string_type, |a, sig, _| {
        Ok(str_datum(to_json(&a[0], &sig.args[0]).sorted().to_string()))
    }),
    Scalar {
        name: "JSON_OBJECT",
        strict: false,
        infer: object_type,
        eval: json_object,
    },
    Scalar {
        name: "JSON_ARRAY",
        strict: false,
        infer: array_type,
        eval: json_array,
    },
    strict(
        "JSON",
        |_| Err(JSON_OUTSIDE.into()),
        |_, _, _| Err(JSON_OUTSIDE.into()),
    ),
    strict("JSON_QUOTE", quote_type::<0>, |a, _, _| {
        Ok(str_datum(quote(text(&a[0]))))
    }),
    strict("JSON_UNQUOTE", quote_type::<1>, |a, _, _| {
        let s = text(&a[0]);
        Ok(str_datum(unquote(s).unwrap_or_else(|| s.to_string())))
    }),
];

const JSON_OUTSIDE: &str = "The JSON() function is currently only supported inside JSON_ARRAY() or as the VALUE param of JSON_OBJECT().";

// ---------------------------------------------------------------- types

fn value_type(a: &[FlinkType]) -> Result<FlinkType, String> {
    let modes_ok = a.len() == 2 || a.len() == 6;
    if !modes_ok || !Str.accepts(&a[0]) || !Str.accepts(&a[1]) {
        check("JSON_VALUE", &a[..a.len().min(2)], &[&[Str, Str]])?;
        return Err(format!(
            "JSON_VALUE takes 2 or 6 arguments, got {}",
            a.len()
        ));
    }
    Ok(string(true))
}

/// The type of `JSON_VALUE(… RETURNING t)`: `t`, nullable; Flink's error for a type it
/// cannot return (Flink 2.3 returns only strings, BOOLEAN, INT and DOUBLE).
pub fn json_value_returning(t: &FlinkType) -> Result<FlinkType, String> {
    if t.is_string() || matches!(t.kind, Kind::Boolean | Kind::Int | Kind::Double) {
        Ok(t.with_nullable(true))
    } else {
        Err(format!(
            "Unsupported type '{t}' for RETURNING in JSON_VALUE()."
        ))
    }
}

/// The type of `JSON_QUERY(… RETURNING t)`: STRING or ARRAY<STRING>, nullable.
pub fn json_query_returning(t: &FlinkType) -> Result<FlinkType, String> {
    match &t.kind {
        _ if t.is_string() => Ok(t.with_nullable(true)),
        Kind::Array(e) if e.is_string() => Ok(t.with_nullable(true)),
        _ => Err(format!(
            "Unsupported type '{t}' for RETURNING in JSON_QUERY() (use STRING or ARRAY<STRING>)."
        )),
    }
}

fn query_type(a: &[FlinkType]) -> Result<FlinkType, String> {
    if !(a.len() == 2 || a.len() == 5) || !a.iter().all(|t| Str.accepts(t)) {
        check("JSON_QUERY", &a[..a.len().min(2)], &[&[Str, Str]])?;
        return Err(format!(
            "JSON_QUERY takes 2 or 5 string arguments, got {}",
            a.len()
        ));
    }
    Ok(string(true))
}

fn exists_type(a: &[FlinkType]) -> Result<FlinkType, String> {
    check("JSON_EXISTS", a, &[&[Str, Str], &[Str, Str, Str]])?;
    Ok(FlinkType::nullable(Kind::Boolean))
}

fn is_json_type(a: &[FlinkType]) -> Result<FlinkType, String> {
    check("IS JSON", a, &[&[Str, Str]])?;
    Ok(FlinkType::not_null(Kind::Boolean))
}

fn json_string_type(a: &[FlinkType]) -> Result<FlinkType, String> {
    match a {
        [t] => {
            jsonable(t)?;
            Ok(string(t.nullable))
        }
        _ => Err(
            "Invalid number of arguments to function 'JSON_STRING'. Was expecting 1 arguments"
                .into(),
        ),
    }
}

/// Whether Flink can write values of type `t` as JSON.
fn jsonable(t: &FlinkType) -> Result<(), String> {
    match &t.kind {
        Kind::Null => Err("Type is not supported: ANY (cast the NULL to a type)".into()),
        Kind::Date | Kind::Time(_) | Kind::IntervalMonths(_) | Kind::IntervalMillis(_) => Err(
            format!("Type '{t}' is not scalar or cannot be converted into JSON."),
        ),
        Kind::Array(e) | Kind::Multiset(e) => jsonable(e),
        Kind::Map(k, v) => jsonable(k).and(jsonable(v)),
        Kind::Row(fields) => fields.iter().try_for_each(|(_, f)| jsonable(f)),
        _ => Ok(()),
    }
}

/// `(on_null, raw, k1, v1, …)`: the pairs and whether each value is raw JSON.
fn object_type(a: &[FlinkType]) -> Result<FlinkType, String> {
    if a.len() < 2 || !a.len().is_multiple_of(2) {
        return Err("JSON_OBJECT is called as 'JSON_OBJECT'(on_null, raw, key, value, …)".into());
    }
    for pair in a[2..].chunks(2) {
        if !pair[0].is_string() {
            return Err("Expected a character type for the keys of JSON_OBJECT".into());
        }
        if pair[0].nullable {
            return Err("The keys of JSON_OBJECT must not be NULL".into());
        }
        jsonable(&pair[1])?;
    }
    Ok(string(false))
}

fn array_type(a: &[FlinkType]) -> Result<FlinkType, String> {
    if a.len() < 2 {
        return Err("JSON_ARRAY is called as 'JSON_ARRAY'(on_null, raw, value, …)".into());
    }
    a[2..].iter().try_for_each(jsonable)?;
    Ok(string(false))
}

const QUOTES: [&str; 2] = ["JSON_QUOTE", "JSON_UNQUOTE"];

fn quote_type<const I: usize>(a: &[FlinkType]) -> Result<FlinkType, String> {
    match a {
        [t] if Str.accepts(t) => Ok(string(t.nullable)),
        [t] => Err(format!(
            "Unsupported argument type. Expected type of family 'CHARACTER_STRING' but actual type was '{t}'."
        )),
        _ => Err(format!(
            "Invalid number of arguments to function '{}'. Was expecting 1 arguments",
            QUOTES[I]
        )),
    }
}

// ---------------------------------------------------------------- querying

fn json_value(a: &[Datum], sig: &Signature, _: &Session) -> Eval {
    let (Datum::Str(j), Datum::Str(p)) = (&a[0], &a[1]) else {
        return Ok(Datum::Null);
    };
    let behaviour = |i: usize| a.get(i).map(text).unwrap_or("NULL");
    let on_error = |message: String| match behaviour(4) {
        "ERROR" => Err(message),
        "DEFAULT" => Ok(a.get(5).cloned().unwrap_or(Datum::Null)),
        _ => Ok(Datum::Null),
    };
    let found = match query(j, p) {
        Ok(f) => f,
        Err(e) => return on_error(e),
    };
    let scalar = match found {
        // Flink 2.3 gives NULL for a missing value whatever ON EMPTY says.
        Found::Missing => return Ok(Datum::Null),
        Found::One(v @ (Json::Bool(_) | Json::Num(_) | Json::Str(_))) => v,
        Found::One(v) => return on_error(non_scalar(&v)),
        Found::Many(v) => return on_error(non_scalar(&Json::Arr(v))),
    };
    returning(&scalar, &sig.ret)
}

fn non_scalar(v: &Json) -> String {
    format!(
        "Strict jsonpath mode requires scalar value, and the actual value is: '{}'",
        v.to_sql_text()
    )
}

/// A scalar JSON value as JSON_VALUE's RETURNING type. Flink fails the job when the
/// JSON value is not of the Java type it expects, whatever ON ERROR says: INT wants an
/// integer that fits, DOUBLE a number with a fraction or exponent, BOOLEAN a boolean.
fn returning(v: &Json, ret: &FlinkType) -> Eval {
    let wrong = || {
        format!(
            "JSON_VALUE: the value {} is not a {ret}",
            v.to_string_lossy()
        )
    };
    let fractional = |n: &str| n.contains(['.', 'e', 'E']);
    Ok(match (&ret.kind, v) {
        (Kind::Boolean, Json::Bool(b)) => Datum::Bool(*b),
        (Kind::Int, Json::Num(n)) if !fractional(n) => {
            Datum::Int(i64::from(n.parse::<i32>().map_err(|_| wrong())?))
        }
        (Kind::Double, Json::Num(n)) if fractional(n) => {
            Datum::Double(n.parse().map_err(|_| wrong())?)
        }
        (_, v) if ret.is_string() => str_datum(v.to_string_lossy()),
        _ => return Err(wrong()),
    })
}

fn json_query(a: &[Datum], sig: &Signature, _: &Session) -> Eval {
    let (Datum::Str(j), Datum::Str(p)) = (&a[0], &a[1]) else {
        return Ok(Datum::Null);
    };
    let mode = |i: usize, default: &'static str| a.get(i).map(text).unwrap_or(default);
    let on = |behaviour: &str, message: String| -> Eval {
        match behaviour {
            "ERROR" => Err(message),
            "EMPTY ARRAY" => shaped("[]", &sig.ret),
            "EMPTY OBJECT" => shaped("{}", &sig.ret),
            _ => Ok(Datum::Null),
        }
    };
    let found = match query(j, p) {
        Ok(f) => f,
        Err(e) => return on(mode(4, "NULL"), e),
    };
    let value = match found {
        // As JSON_VALUE: Flink 2.3 gives NULL for a missing value whatever ON EMPTY says.
        Found::Missing => return Ok(Datum::Null),
        Found::One(v) => v,
        Found::Many(v) => Json::Arr(v),
    };
    let is_container = matches!(value, Json::Arr(_) | Json::Obj(_));
    let wrapped = match mode(2, "WITHOUT") {
        "UNCONDITIONAL" => Json::Arr(vec![value]),
        "CONDITIONAL" if !is_container => Json::Arr(vec![value]),
        _ if !is_container => {
            return on(
                mode(4, "NULL"),
                format!(
                    "Strict jsonpath mode requires array or object value, and the actual value is: '{}'",
                    value.to_sql_text()
                ),
            );
        }
        _ => value,
    };
    // Flink writes the result through its JSON builder, which orders object members.
    shaped(&wrapped.sorted().to_string(), &sig.ret)
}

/// JSON_QUERY's text as its RETURNING type: STRING, or an ARRAY<STRING> of the array's
/// elements (strings unquoted, the rest as JSON text).
fn shaped(json_text: &str, ret: &FlinkType) -> Eval {
    if !matches!(ret.kind, Kind::Array(_)) {
        return Ok(str_datum(json_text));
    }
    Ok(match parse(json_text) {
        Ok(Json::Arr(items)) => Datum::Array(
            items
                .iter()
                .map(|v| match v {
                    Json::Null => Datum::Null,
                    Json::Str(s) => str_datum(s.as_str()),
                    v => str_datum(v.to_string()),
                })
                .collect(),
        ),
        _ => Datum::Null,
    })
}

fn json_exists(a: &[Datum], _: &Signature, _: &Session) -> Eval {
    let (Datum::Str(j), Datum::Str(p)) = (&a[0], &a[1]) else {
        return Ok(Datum::Null);
    };
    match query(j, p) {
        Ok(Found::Missing) => Ok(Datum::Bool(false)),
        // Even an empty list of results (`$.a[*]` on `{"a": []}`).
        Ok(Found::Many(_)) => Ok(Datum::Bool(true)),
        Ok(Found::One(_)) => Ok(Datum::Bool(true)),
        Err(e) => match a.get(2).map(text).unwrap_or("FALSE") {
            "ERROR" => Err(e),
            "TRUE" => Ok(Datum::Bool(true)),
            "UNKNOWN" => Ok(Datum::Null),
            _ => Ok(Datum::Bool(false)),
        },
    }
}

// ---------------------------------------------------------------- building

fn json_object(a: &[Datum], sig: &Signature, _: &Session) -> Eval {
    let absent = text(&a[0]) == "ABSENT";
    let raw: Vec<char> = text(&a[1]).chars().collect();
    let mut members: Vec<(String, Json)> = Vec::new();
    for (n, pair) in a[2..].chunks(2).enumerate() {
        let [key, value] = pair else { continue };
        let Datum::Str(key) = key else {
            return Err("The keys of JSON_OBJECT must not be NULL".into());
        };
        if value.is_null() && absent {
            continue;
        }
        let v = member(value, &sig.args[3 + 2 * n], raw.get(n) == Some(&'J'));
        members.retain(|(k, _)| k != key);
        members.push((key.clone(), v));
    }
    Ok(str_datum(Json::Obj(members).sorted().to_string()))
}

fn json_array(a: &[Datum], sig: &Signature, _: &Session) -> Eval {
    let absent = text(&a[0]) != "NULL";
    let raw: Vec<char> = text(&a[1]).chars().collect();
    let items: Vec<Json> = a[2..]
        .iter()
        .enumerate()
        .filter(|(_, v)| !(v.is_null() && absent))
        .map(|(n, v)| member(v, &sig.args[2 + n], raw.get(n) == Some(&'J')))
        .collect();
    Ok(str_datum(Json::Arr(items).sorted().to_string()))
}

/// A value inside a built JSON object or array: raw JSON embedded, anything else
/// written as JSON_STRING writes it.
fn member(d: &Datum, t: &FlinkType, raw: bool) -> Json {
    match d {
        Datum::Str(s) if raw => parse(s).unwrap_or_else(|_| Json::Str(s.clone())),
        _ => to_json(d, t),
    }
}

/// A Flink value as JSON, as Flink's JSON functions write it: DECIMAL with its scale,
/// DOUBLE as Java prints it, BYTES in base64, TIMESTAMP in ISO form, MAP as an object,
/// ROW as an object of its fields.
pub(super) fn to_json(d: &Datum, t: &FlinkType) -> Json {
    use crate::render::value::display;
    use crate::result::Value;
    match (d, &t.kind) {
        (Datum::Null, _) => Json::Null,
        (Datum::Bool(b), _) => Json::Bool(*b),
        (Datum::Int(i), _) => Json::Num(i.to_string()),
        // Through Java's BigDecimal.valueOf: 1e20 is 1.0E+20, 1e-5 is 0.000010.
        (Datum::Double(f), Kind::Float) if f.is_finite() => Json::Num(big_decimal_text(&display(
            &Value::Float(f64::from(*f as f32)),
        ))),
        (Datum::Double(f), _) if f.is_finite() => {
            Json::Num(big_decimal_text(&display(&Value::Float(*f))))
        }
        (Datum::Double(f), _) => Json::Str(display(&Value::Float(*f))),
        (Datum::Decimal(v, s), _) => Json::Num(crate::backend::local::value::decimal_text(*v, *s)),
        (Datum::Str(s), _) => Json::Str(s.clone()),
        (Datum::Bytes(b), _) => Json::Str(crate::util::base64(b)),
        // LocalDateTime's ISO form (fraction as short as it can be); an instant's in UTC
        // with a Z and the fraction in groups of three digits.
        (Datum::Timestamp(ts), _) => Json::Str(iso(ts, 1, "")),
        (Datum::TimestampLtz(ts), _) => Json::Str(iso(ts, 3, "Z")),
        (Datum::Array(items), Kind::Array(e) | Kind::Multiset(e)) => {
            Json::Arr(items.iter().map(|x| to_json(x, e)).collect())
        }
        (Datum::Map(entries), Kind::Map(k, v)) => Json::Obj(
            entries
                .iter()
                .map(|(key, val)| (to_json(key, k).to_string_lossy(), to_json(val, v)))
                .collect(),
        ),
        (Datum::Row(fields), Kind::Row(types)) => Json::Obj(
            fields
                .iter()
                .zip(types)
                .map(|(f, (name, ft))| (name.clone(), to_json(f, ft)))
                .collect(),
        ),
        (other, _) => Json::Str(display(&other.to_value(t))),
    }
}

fn iso(ts: &chrono::NaiveDateTime, group: usize, zone: &str) -> String {
    let base = ts.format("%Y-%m-%dT%H:%M:%S").to_string();
    let nanos = format!("{:09}", chrono::Timelike::nanosecond(ts));
    let mut frac = nanos.trim_end_matches('0').to_string();
    while frac.len() % group != 0 {
        frac.push('0');
    }
    if frac.is_empty() {
        format!("{base}{zone}")
    } else {
        format!("{base}.{frac}{zone}")
    }
}

/// JSON_QUOTE: a JSON string literal with `/` and every non-ASCII character escaped, as
/// Flink writes it.
fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '/' => out.push_str("\\/"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_ascii() && !c.is_ascii_control() => out.push(c),
            c => {
                let mut units = [0u16; 2];
                for u in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{u:04x}"));
                }
            }
        }
    }
    out.push('"');
    out
}

/// JSON_UNQUOTE: the content of a JSON string literal; None when `s` is not one (Flink
/// then returns `s` unchanged).
fn unquote(s: &str) -> Option<String> {
    if s.len() < 2 || !s.starts_with('"') || !s.ends_with('"') {
        return None;
    }
    match parse(s) {
        Ok(Json::Str(inner)) if s.trim_end().len() == s.len() => {
            // The whole text must be the one literal.
            (Json::Str(inner.clone()).to_string().len() <= s.len()).then_some(inner)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::args::testing::*;
    use super::*;

    fn b(v: bool) -> Result<Datum, String> {
        Ok(Datum::Bool(v))
    }

    fn value(j: &str, p: &str) -> Result<Datum, String> {
        call("JSON_VALUE", vec![lit(j), lit(p)]).0
    }

    fn value_with(j: &str, p: &str, empty: &str, error: (&str, &str)) -> Result<Datum, String> {
        let default = |d: &str| if d.is_empty() { null("STRING") } else { lit(d) };
        call(
            "JSON_VALUE",
            vec![
                lit(j),
                lit(p),
                lit(empty),
                null("STRING"),
                lit(error.0),
                default(error.1),
            ],
        )
        .0
    }

    fn value_returning(j: &str, p: &str, ret: &str) -> Result<Datum, String> {
        let f = crate::backend::local::func::scalar("JSON_VALUE")
            .unwrap_or_else(|| panic!("no JSON_VALUE"));
        let ret = json_value_returning(&t(ret))?;
        let sig = Signature {
            args: vec![t("STRING NOT NULL"), t("STRING NOT NULL")],
            ret,
        };
        (f.eval)(
            &[Datum::Str(j.into()), Datum::Str(p.into())],
            &sig,
            &Session::default(),
        )
    }

    #[test]
    fn json_value_finds_scalars() {
        assert_eq!(
            call("JSON_VALUE", vec![lit(r#"{"a":1}"#), lit("$.a")]),
            (s("1"), "STRING".into())
        );
        assert_eq!(value(r#"{"a":true}"#, "$.a"), s("true"));
        assert_eq!(value(r#"{"a":{"b":1}}"#, "$.a.b"), s("1"));
        assert_eq!(value(r#"{"a":[1,2]}"#, "$.a[1]"), s("2"));
        assert_eq!(value(r#"{"a":[1,2]}"#, "$.a[5]"), NULL);
        assert_eq!(value(r#"{"a":1.0}"#, "$.a"), s("1.0"));
        assert_eq!(value(r#"{"a":1e2}"#, "$.a"), s("1E+2"));
        assert_eq!(
            value(r#"{"a":12345678901234567890}"#, "$.a"),
            s("12345678901234567890")
        );
        assert_eq!(value(r#"{"a":"é"}"#, "$.a"), s("é"));
        assert_eq!(value(r#"{"a b":1}"#, "$['a b']"), s("1"));
        assert_eq!(value("[1,2]", "$[0]"), s("1"));
        assert_eq!(value(r#""x""#, "$"), s("x"));
        assert_eq!(value("[1,2]", "$[-1]"), s("2"));
        assert_eq!(value(r#"{"a":[{"b":1}]}"#, "$.a[0].b"), s("1"));
        assert_eq!(value(r#"{"a":1,"a":2}"#, "$.a"), s("2"));
        assert_eq!(value(r#"{"a":-0.0000001}"#, "$.a"), s("-1E-7"));
        assert_eq!(value(r#"{"a":[1]}"#, "$.a[*]"), NULL);
        assert_eq!(value(r#"{"a":1}"#, "lax $.a"), s("1"));
        // Not a scalar, missing, null, bad JSON, bad path: NULL.
        assert_eq!(value(r#"{"a":[1,2]}"#, "$.a"), NULL);
        assert_eq!(value(r#"{"a":1}"#, "$"), NULL);
        assert_eq!(value(r#"{"a":null}"#, "$.a"), NULL);
        assert_eq!(value("bad", "$.a"), NULL);
        assert_eq!(value(r#"{"a":1}"#, "bad path"), NULL);
        assert_eq!(value(r#"{"a":1}"#, "strict $.b"), NULL);
        assert_eq!(
            call("JSON_VALUE", vec![null("STRING"), lit("$.a")]),
            (NULL, "STRING".into())
        );
    }

    #[test]
    fn json_value_on_empty_and_error() {
        assert_eq!(
            value_with(r#"{"a":1}"#, "$.b", "DEFAULT", ("NULL", "")),
            NULL
        );
        assert_eq!(
            value_with(r#"{"a":[1,2]}"#, "$.a", "NULL", ("DEFAULT", "e")),
            s("e")
        );
        assert_eq!(
            value_with(r#"{"a":1}"#, "strict $.b", "NULL", ("DEFAULT", "x")),
            s("x")
        );
        assert_eq!(
            value_with(r#"{"a":[1,2]}"#, "$.a", "NULL", ("ERROR", "")),
            Err(
                "Strict jsonpath mode requires scalar value, and the actual value is: ''[1, 2]''"
                    .into()
            )
        );
        assert!(value_with("bad", "$.a", "NULL", ("ERROR", "")).is_err());
    }

    #[test]
    fn json_value_returning_types() {
        assert_eq!(value_returning(r#"{"a":1}"#, "$.a", "INT"), i(1));
        assert_eq!(
            value_returning(r#"{"a":1.5}"#, "$.a", "DOUBLE"),
            Ok(Datum::Double(1.5))
        );
        assert_eq!(value_returning(r#"{"a":true}"#, "$.a", "BOOLEAN"), b(true));
        assert_eq!(value_returning(r#"{"a":"x"}"#, "$.a", "VARCHAR(5)"), s("x"));
        assert!(value_returning(r#"{"a":1.5}"#, "$.a", "INT").is_err());
        assert!(value_returning(r#"{"a":"12"}"#, "$.a", "INT").is_err());
        assert_eq!(
            value_returning(r#"{"a":1.5}"#, "$.a", "DECIMAL(5, 2)"),
            Err("Unsupported type 'DECIMAL(5, 2)' for RETURNING in JSON_VALUE().".into())
        );
        assert_eq!(
            json_value_returning(&t("INT NOT NULL")).map(|t| t.to_string()),
            Ok("INT".into())
        );
    }

    fn query(j: &str, p: &str, wrapper: &str, error: &str) -> Result<Datum, String> {
        call(
            "JSON_QUERY",
            vec![lit(j), lit(p), lit(wrapper), lit("NULL"), lit(error)],
        )
        .0
    }

    #[test]
    fn json_query() {
        assert_eq!(
            call("JSON_QUERY", vec![lit(r#"{"a":[1,2]}"#), lit("$.a")]),
            (s("[1,2]"), "STRING".into())
        );
        assert_eq!(
            query(r#"{"a":{"b":1, "c" : [1, "x"]}}"#, "$.a", "WITHOUT", "NULL"),
            s(r#"{"b":1,"c":[1,"x"]}"#)
        );
        assert_eq!(query(r#"{"a":1}"#, "$.a", "WITHOUT", "NULL"), NULL);
        assert_eq!(
            query(r#"{"a":1}"#, "$.a", "UNCONDITIONAL", "NULL"),
            s("[1]")
        );
        assert_eq!(
            query(r#"{"a":[1]}"#, "$.a", "UNCONDITIONAL", "NULL"),
            s("[[1]]")
        );
        assert_eq!(
            query(r#"{"a":"x"}"#, "$.a", "CONDITIONAL", "NULL"),
            s(r#"["x"]"#)
        );
        assert_eq!(
            query(r#"{"a":[1]}"#, "$.a", "CONDITIONAL", "NULL"),
            s("[1]")
        );
        assert_eq!(
            query(r#"{"a":"x"}"#, "$.a", "WITHOUT", "EMPTY OBJECT"),
            s("{}")
        );
        assert_eq!(
            query(r#"{"a":"x"}"#, "$.a", "WITHOUT", "EMPTY ARRAY"),
            s("[]")
        );
        assert_eq!(
            query(r#"{"a":"x"}"#, "$.a", "WITHOUT", "ERROR"),
            Err("Strict jsonpath mode requires array or object value, and the actual value is: ''x''".into())
        );
        assert_eq!(query("{}", "$.a", "WITHOUT", "EMPTY ARRAY"), NULL);
        assert_eq!(
            query(r#"[{"a":1},{"a":2}]"#, "$[*].a", "WITHOUT", "NULL"),
            s("[1,2]")
        );
        assert_eq!(
            query(r#"[{"a":1},{"a":2}]"#, "$[*].a", "UNCONDITIONAL", "NULL"),
            s("[[1,2]]")
        );
        assert_eq!(
            query(r#"{"a":{"b":1,"c":2}}"#, "$.a.*", "WITHOUT", "NULL"),
            s("[1,2]")
        );
        assert_eq!(
            query(r#"{"a":[1,2,3]}"#, "$.a[0,2]", "UNCONDITIONAL", "NULL"),
            s("[[1,3]]")
        );
        assert_eq!(
            query(r#"{"a":[1,2,3]}"#, "$.a[1:]", "UNCONDITIONAL", "NULL"),
            s("[[2,3]]")
        );
        assert_eq!(
            query(r#"{"a":{"b":{"c":1}}}"#, "$..c", "UNCONDITIONAL", "NULL"),
            s("[[1]]")
        );
        assert_eq!(
            query(r#"{"a":1.50}"#, "$", "WITHOUT", "NULL"),
            s(r#"{"a":1.50}"#)
        );
        assert_eq!(
            query(r#"{"a":"é\u00e9/"}"#, "$", "WITHOUT", "NULL"),
            s(r#"{"a":"éé/"}"#)
        );
        assert_eq!(query("bad", "$", "WITHOUT", "NULL"), NULL);
        assert_eq!(
            query(r#"{"b":1,"a":{"d":1,"c":2}}"#, "$", "WITHOUT", "NULL"),
            s(r#"{"a":{"c":2,"d":1},"b":1}"#)
        );
        assert_eq!(
            query(
                r#"{"a":[1.0, 2e1, -0.5E-3, "x\ty"]}"#,
                "$.a",
                "WITHOUT",
                "NULL"
            ),
            s(r#"[1.0,2E+1,-0.0005,"x\ty"]"#)
        );
        assert_eq!(
            query(r#"{"a":[]}"#, "$.a[*]", "UNCONDITIONAL", "NULL"),
            s("[[]]")
        );
        assert_eq!(query("[1,2,3]", "$[-2:]", "WITHOUT", "NULL"), s("[2,3]"));
        assert_eq!(query(r#"{"a":1}"#, "$.*", "WITHOUT", "NULL"), s("[1]"));
        assert_eq!(
            query(r#"{"a":[[1],[2]]}"#, "$.a[*]", "WITHOUT", "NULL"),
            s("[[1],[2]]")
        );
    }

    #[test]
    fn json_exists_and_is_json() {
        let exists = |j: &str, p: &str| call("JSON_EXISTS", vec![lit(j), lit(p)]);
        assert_eq!(exists(r#"{"a":1}"#, "$.a"), (b(true), "BOOLEAN".into()));
        assert_eq!(exists(r#"{"a":1}"#, "$.b").0, b(false));
        assert_eq!(exists(r#"{"a":null}"#, "$.a").0, b(false));
        assert_eq!(exists("bad", "$.a").0, b(false));
        assert_eq!(exists("[1]", "$[3]").0, b(false));
        assert_eq!(exists(r#"{"a":[]}"#, "$.a[*]").0, b(true));
        assert_eq!(exists(r#"{"a":{}}"#, "$.a.*").0, b(true));
        assert_eq!(exists(r#"{"a":[1]}"#, "$.b[*]").0, b(false));
        let on_error = |e: &str| {
            call(
                "JSON_EXISTS",
                vec![lit(r#"{"a":1}"#), lit("strict $.b"), lit(e)],
            )
            .0
        };
        assert_eq!(on_error("TRUE"), b(true));
        assert_eq!(on_error("UNKNOWN"), NULL);
        assert!(on_error("ERROR").is_err());
        let is_json = |v: (Datum, FlinkType), kind: &str| call("IS JSON", vec![v, lit(kind)]);
        assert_eq!(
            is_json(lit(r#"{"a":1}"#), "VALUE"),
            (b(true), "BOOLEAN NOT NULL".into())
        );
        assert_eq!(is_json(lit(r#"{"a":1}"#), "OBJECT").0, b(true));
        assert_eq!(is_json(lit(r#"{"a":1}"#), "ARRAY").0, b(false));
        assert_eq!(is_json(lit("[1]"), "ARRAY").0, b(true));
        assert_eq!(is_json(lit("1"), "SCALAR").0, b(true));
        assert_eq!(is_json(lit(r#""x""#), "SCALAR").0, b(true));
        assert_eq!(is_json(lit("bad"), "VALUE").0, b(false));
        assert_eq!(is_json(lit(""), "VALUE").0, b(false));
        assert_eq!(is_json(lit(r#"{"a":1,}"#), "VALUE").0, b(false));
        assert_eq!(is_json(lit(r#"{"a":1} x"#), "VALUE").0, b(true));
        assert_eq!(is_json(lit("  {\"a\":1}"), "OBJECT").0, b(true));
        for bad in ["01", "1.", "-", "nul", "[1,2"] {
            assert_eq!(is_json(lit(bad), "VALUE").0, b(false), "{bad}");
        }
        assert_eq!(
            is_json(null("STRING"), "VALUE"),
            (b(false), "BOOLEAN NOT NULL".into())
        );
    }

    fn typed(d: Datum, ty: &'static str) -> (Datum, FlinkType) {
        (d, t(ty))
    }

    #[test]
    fn json_string() {
        let js = |v: (Datum, FlinkType)| call("JSON_STRING", vec![v]);
        assert_eq!(js(lit(1)), (s("1"), "STRING NOT NULL".into()));
        assert_eq!(js(lit("a")).0, s(r#""a""#));
        assert_eq!(js(null("INT")), (NULL, "STRING".into()));
        assert_eq!(
            js(typed(Datum::Decimal(150, 2), "DECIMAL(3, 2) NOT NULL")).0,
            s("1.50")
        );
        assert_eq!(js(typed(Datum::Double(1.5), "DOUBLE NOT NULL")).0, s("1.5"));
        assert_eq!(
            js(typed(Datum::Double(1e20), "DOUBLE NOT NULL")).0,
            s("1.0E+20")
        );
        assert_eq!(
            js(typed(Datum::Double(1e-5), "DOUBLE NOT NULL")).0,
            s("0.000010")
        );
        assert_eq!(
            js(typed(Datum::Double(1e7), "DOUBLE NOT NULL")).0,
            s("1.0E+7")
        );
        assert_eq!(
            js(typed(
                Datum::Map(vec![
                    (Datum::Str("d".into()), Datum::Int(1)),
                    (Datum::Str("c".into()), Datum::Int(2))
                ]),
                "MAP<CHAR(1) NOT NULL, INT NOT NULL> NOT NULL"
            ))
            .0,
            s(r#"{"c":2,"d":1}"#)
        );
        assert_eq!(
            js(typed(
                Datum::Row(vec![Datum::Int(1), Datum::Int(2)]),
                "ROW<b INT, a INT> NOT NULL"
            ))
            .0,
            s(r#"{"a":2,"b":1}"#)
        );
        assert_eq!(
            js(typed(Datum::Bool(true), "BOOLEAN NOT NULL")).0,
            s("true")
        );
        assert_eq!(
            js(typed(
                Datum::Array(vec![Datum::Int(1), Datum::Int(2)]),
                "ARRAY<INT NOT NULL> NOT NULL"
            ))
            .0,
            s("[1,2]")
        );
        assert_eq!(
            js(typed(
                Datum::Row(vec![Datum::Int(1), Datum::Str("a".into())]),
                "ROW<`EXPR$0` INT NOT NULL, `EXPR$1` CHAR(1) NOT NULL> NOT NULL"
            ))
            .0,
            s(r#"{"EXPR$0":1,"EXPR$1":"a"}"#)
        );
        assert_eq!(
            js(typed(
                Datum::Map(vec![(Datum::Str("k".into()), Datum::Decimal(150, 2))]),
                "MAP<CHAR(1) NOT NULL, DECIMAL(3, 2) NOT NULL> NOT NULL"
            ))
            .0,
            s(r#"{"k":1.50}"#)
        );
        let ts = chrono::NaiveDate::from_ymd_opt(2024, 1, 2)
            .and_then(|d| d.and_hms_milli_opt(10, 0, 0, 500))
            .unwrap_or_default();
        assert_eq!(
            js(typed(Datum::Timestamp(ts), "TIMESTAMP(1) NOT NULL")).0,
            s(r#""2024-01-02T10:00:00.5""#)
        );
        assert_eq!(
            js(typed(Datum::Bytes(vec![1, 2]), "BYTES NOT NULL")).0,
            s(r#""AQI=""#)
        );
        assert_eq!(js(lit(r#"a"b/é"#)).0, s(r#""a\"b/é""#));
        assert!(js(typed(Datum::Null, "DATE NOT NULL")).0.is_err());
    }

    #[test]
    fn json_object_and_array() {
        let obj = |on_null: &str, raw: &str, mut kv: Vec<(Datum, FlinkType)>| {
            let mut a = vec![lit(on_null), lit(raw)];
            a.append(&mut kv);
            call("JSON_OBJECT", a)
        };
        assert_eq!(
            obj("NULL", "--", vec![lit("a"), lit(1), lit("b"), lit("x")]),
            (s(r#"{"a":1,"b":"x"}"#), "STRING NOT NULL".into())
        );
        assert_eq!(
            obj("NULL", "--", vec![lit("b"), lit(1), lit("a"), lit(2)]).0,
            s(r#"{"a":2,"b":1}"#)
        );
        assert_eq!(
            obj("NULL", "--", vec![lit("a"), lit(1), lit("a"), lit(2)]).0,
            s(r#"{"a":2}"#)
        );
        assert_eq!(obj("NULL", "", vec![]).0, s("{}"));
        assert_eq!(
            obj("NULL", "-", vec![lit("a"), null("INT")]).0,
            s(r#"{"a":null}"#)
        );
        assert_eq!(
            obj(
                "ABSENT",
                "--",
                vec![lit("a"), null("INT"), lit("b"), lit(1)]
            )
            .0,
            s(r#"{"b":1}"#)
        );
        assert_eq!(
            obj(
                "NULL",
                "J-",
                vec![lit("a"), lit("[1,2]"), lit("c"), lit(r#"{"x":1}"#)]
            )
            .0,
            s(r#"{"a":[1,2],"c":"{\"x\":1}"}"#)
        );
        assert!(obj("NULL", "-", vec![lit("a"), null("NULL")]).0.is_err());
        assert!(obj("NULL", "-", vec![lit(1), lit(1)]).0.is_err());
        let arr = |on_null: &str, raw: &str, mut v: Vec<(Datum, FlinkType)>| {
            let mut a = vec![lit(on_null), lit(raw)];
            a.append(&mut v);
            call("JSON_ARRAY", a)
        };
        assert_eq!(
            arr("ABSENT", "", vec![]),
            (s("[]"), "STRING NOT NULL".into())
        );
        assert_eq!(arr("ABSENT", "-", vec![null("INT")]).0, s("[]"));
        assert_eq!(
            arr("NULL", "--", vec![lit(1), null("INT")]).0,
            s("[1,null]")
        );
        assert_eq!(
            arr("ABSENT", "J-", vec![lit("[1]"), lit("[1]")]).0,
            s(r#"[[1],"[1]"]"#)
        );
        assert_eq!(
            arr("ABSENT", "J", vec![lit(r#"{"k":"v"}"#)]).0,
            s(r#"[{"k":"v"}]"#)
        );
    }

    #[test]
    fn quoting() {
        assert_eq!(
            call("JSON_QUOTE", vec![lit(r#"a"b"#)]),
            (s(r#""a\"b""#), "STRING NOT NULL".into())
        );
        assert_eq!(
            call("JSON_QUOTE", vec![lit(r"é/\n")]).0,
            s(r#""\u00e9\/\\n""#)
        );
        assert_eq!(call("JSON_QUOTE", vec![lit("tab\tx")]).0, s(r#""tab\tx""#));
        assert_eq!(
            call("JSON_QUOTE", vec![null("STRING")]),
            (NULL, "STRING".into())
        );
        assert!(call("JSON_QUOTE", vec![lit(1)]).0.is_err());
        assert_eq!(call("JSON_UNQUOTE", vec![lit(r#""a\"b""#)]).0, s(r#"a"b"#));
        assert_eq!(call("JSON_UNQUOTE", vec![lit("abc")]).0, s("abc"));
        assert_eq!(call("JSON_UNQUOTE", vec![lit(r#""\u00e9""#)]).0, s("é"));
        assert_eq!(call("JSON_UNQUOTE", vec![lit(r#""abc"#)]).0, s(r#""abc"#));
        assert_eq!(call("JSON_UNQUOTE", vec![lit(r#""a\x""#)]).0, s(r#""a\x""#));
        assert_eq!(call("JSON_UNQUOTE", vec![lit("[1, 2]")]).0, s("[1, 2]"));
        assert_eq!(
            call("JSON_UNQUOTE", vec![lit(r#""a\/b\tc""#)]).0,
            s("a/b\tc")
        );
    }
}
