//! What the string, pattern, encoding, collection and JSON functions share: their
//! registry entries, checking a call's argument types against a function's forms (with
//! the validation messages Flink gives), reading argument values, and Flink's implicit
//! widening and comparison of the values they combine.

use super::{Eval, Scalar, Session, Signature};
use crate::backend::local::ftype::{FlinkType, Kind};
use crate::backend::local::value::Datum;
use crate::types::MAX_LENGTH;

/// What one argument position accepts (Flink's implicit widening included: any integer
/// where INTEGER is expected, CHAR where STRING is, the NULL literal anywhere).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arg {
    /// CHAR, VARCHAR, STRING.
    Str,
    /// TINYINT … BIGINT.
    Int,
    /// BINARY, VARBINARY, BYTES.
    Bytes,
    /// A string or bytes.
    StrOrBytes,
}

impl Arg {
    pub fn accepts(self, t: &FlinkType) -> bool {
        t.is_null()
            || match self {
                Arg::Str => t.is_string(),
                Arg::Int => t.is_integer(),
                Arg::Bytes => t.is_binary(),
                Arg::StrOrBytes => t.is_string() || t.is_binary(),
            }
    }

    /// Calcite's name of the family in "Supported form(s)".
    fn family(self) -> &'static str {
        match self {
            Arg::Str => "CHARACTER",
            Arg::Int => "INTEGER",
            Arg::Bytes => "BINARY",
            Arg::StrOrBytes => "STRING",
        }
    }
}

/// A function that is NULL when any argument is (`eval` never sees a NULL).
pub const fn strict(
    name: &'static str,
    infer: fn(&[FlinkType]) -> Result<FlinkType, String>,
    eval: fn(&[Datum], &Signature, &Session) -> Eval,
) -> Scalar {
    Scalar {
        name,
        strict: true,
        infer,
        eval,
    }
}

/// A function that sees NULL arguments itself.
pub const fn lenient(
    name: &'static str,
    infer: fn(&[FlinkType]) -> Result<FlinkType, String>,
    eval: fn(&[Datum], &Signature, &Session) -> Eval,
) -> Scalar {
    Scalar {
        name,
        strict: false,
        infer,
        eval,
    }
}

/// The arguments fit one of `forms`, or Calcite's message saying why not: a wrong number
/// of arguments, or `Cannot apply 'F' to arguments of type 'F(<INTEGER>)'. Supported
/// form(s): 'F(<CHARACTER>)'`.
pub fn check(name: &str, args: &[FlinkType], forms: &[&[Arg]]) -> Result<(), String> {
    if forms
        .iter()
        .any(|f| f.len() == args.len() && f.iter().zip(args).all(|(a, t)| a.accepts(t)))
    {
        return Ok(());
    }
    if !forms.iter().any(|f| f.len() == args.len()) {
        let mut counts: Vec<usize> = forms.iter().map(|f| f.len()).collect();
        counts.sort_unstable();
        counts.dedup();
        let expected = match counts.as_slice() {
            [n] => n.to_string(),
            [lo, .., hi] => format!("{lo} to {hi}"),
            [] => "0".to_string(),
        };
        return Err(format!(
            "Invalid number of arguments to function '{name}'. Was expecting {expected} arguments"
        ));
    }
    Err(cannot_apply(name, args, forms))
}

/// Like `check` for a function taking any number (at least `min`) of arguments of one kind.
pub fn check_variadic(name: &str, args: &[FlinkType], min: usize, each: Arg) -> Result<(), String> {
    if args.len() >= min && args.iter().all(|t| each.accepts(t)) {
        return Ok(());
    }
    if args.len() < min {
        return Err(format!(
            "Invalid number of arguments to function '{name}'. Was expecting at least {min} arguments"
        ));
    }
    Err(cannot_apply(name, args, &[&[each]]))
}

fn cannot_apply(name: &str, args: &[FlinkType], forms: &[&[Arg]]) -> String {
    let given: Vec<String> = args
        .iter()
        .map(|t| format!("<{}>", calcite_name(t)))
        .collect();
    let supported: Vec<String> = forms
        .iter()
        .filter(|f| f.len() == args.len() || forms.len() == 1)
        .map(|f| {
            let each: Vec<String> = f.iter().map(|a| format!("<{}>", a.family())).collect();
            format!("'{name}({})'", each.join(", "))
        })
        .collect();
    format!(
        "Cannot apply '{name}' to arguments of type '{name}({})'. Supported form(s): {}",
        given.join(", "),
        supported.join(" ")
    )
}

/// Flink's message for a function of the new type inference whose arguments fit none of
/// its signatures (Flink itself only says `Invalid input arguments.`; the signature
/// tells the user what to write instead).
pub fn invalid_input(name: &str, args: &[FlinkType], signature: &str) -> String {
    let given: Vec<String> = args.iter().map(ToString::to_string).collect();
    format!(
        "Invalid input arguments for {name}({}). Expected signature: {signature}",
        given.join(", ")
    )
}

/// A type's name as Calcite writes it in validation messages (`INTEGER`, `CHAR(3)`,
/// `VARCHAR(2147483647)`, `INTEGER ARRAY`).
pub fn calcite_name(t: &FlinkType) -> String {
    match &t.kind {
        Kind::Null => "NULL".into(),
        Kind::Boolean => "BOOLEAN".into(),
        Kind::TinyInt => "TINYINT".into(),
        Kind::SmallInt => "SMALLINT".into(),
        Kind::Int => "INTEGER".into(),
        Kind::BigInt => "BIGINT".into(),
        Kind::Float => "FLOAT".into(),
        Kind::Double => "DOUBLE".into(),
        Kind::Decimal(p, s) => format!("DECIMAL({p}, {s})"),
        Kind::Char(n) => format!("CHAR({n})"),
        Kind::VarChar(n) => format!("VARCHAR({n})"),
        Kind::Binary(n) => format!("BINARY({n})"),
        Kind::VarBinary(n) => format!("VARBINARY({n})"),
        Kind::Date => "DATE".into(),
        Kind::Time(p) => format!("TIME({p})"),
        Kind::Timestamp(p) => format!("TIMESTAMP({p})"),
        Kind::TimestampLtz(p) => format!("TIMESTAMP_WITH_LOCAL_TIME_ZONE({p})"),
        Kind::IntervalMonths(r) | Kind::IntervalMillis(r) => {
            format!("INTERVAL {}", r.replace('_', " "))
        }
        Kind::Array(e) => format!("{} ARRAY", calcite_name(e)),
        Kind::Multiset(e) => format!("{} MULTISET", calcite_name(e)),
        Kind::Map(k, v) => format!("({}, {}) MAP", calcite_name(k), calcite_name(v)),
        Kind::Row(fields) => {
            let each: Vec<String> = fields
                .iter()
                .map(|(n, ft)| format!("{} {n}", calcite_name(ft)))
                .collect();
            format!("RecordType({})", each.join(", "))
        }
    }
}

/// Whether any of `args` admits NULL: the result of most functions does then too.
pub fn any_nullable(args: &[FlinkType]) -> bool {
    args.iter().any(|t| t.nullable)
}

/// STRING, nullable as asked.
pub fn string(nullable: bool) -> FlinkType {
    FlinkType::new(Kind::VarChar(MAX_LENGTH as u32), nullable)
}

/// The declared length of a CHAR/VARCHAR (STRING's is 2147483647).
pub fn length_of(t: &FlinkType) -> u32 {
    match t.kind {
        Kind::Char(n) | Kind::VarChar(n) | Kind::Binary(n) | Kind::VarBinary(n) => n,
        _ => MAX_LENGTH as u32,
    }
}

/// The common type of values put side by side (an ARRAY's elements, ELT's choices):
/// Calcite's least restrictive type, in which strings (bytes) of different lengths
/// become a VARCHAR (VARBINARY): `ARRAY['a', 'bcd']` is `ARRAY<VARCHAR(3) NOT NULL>`.
pub fn least_restrictive(types: &[&FlinkType]) -> Option<FlinkType> {
    let common = FlinkType::common(types)?;
    let lengths = |binary: bool| -> Vec<u32> {
        types
            .iter()
            .filter_map(|t| match t.kind {
                Kind::Char(n) if !binary => Some(n),
                Kind::Binary(n) if binary => Some(n),
                _ => None,
            })
            .collect()
    };
    let differ = |v: Vec<u32>| v.windows(2).any(|w| w[0] != w[1]);
    Some(match common.kind {
        Kind::Char(n) if differ(lengths(false)) => {
            FlinkType::new(Kind::VarChar(n), common.nullable)
        }
        Kind::Binary(n) if differ(lengths(true)) => {
            FlinkType::new(Kind::VarBinary(n), common.nullable)
        }
        _ => common,
    })
}

/// The text of a string argument ("" for anything else: `infer` has ruled that out).
pub fn text(d: &Datum) -> &str {
    match d {
        Datum::Str(s) => s,
        _ => "",
    }
}

/// The value of an integer argument (0 for anything else: `infer` has ruled that out).
pub fn int(d: &Datum) -> i64 {
    match d {
        Datum::Int(i) => *i,
        _ => 0,
    }
}

/// The bytes of a string (UTF-8) or binary argument.
pub fn bytes(d: &Datum) -> &[u8] {
    match d {
        Datum::Str(s) => s.as_bytes(),
        Datum::Bytes(b) => b,
        _ => &[],
    }
}

/// A string result.
pub fn str_datum(s: impl Into<String>) -> Datum {
    Datum::Str(s.into())
}

/// `d` as a value of the type `to` that Flink implicitly casts it to (an INT among
/// DECIMALs in `ARRAY[1, 2.5]`, a DECIMAL(2, 1) among DECIMAL(3, 2)s, a string cut to a
/// shorter CHAR/VARCHAR); other values pass unchanged.
pub fn widen(d: &Datum, to: &FlinkType) -> Datum {
    match (d, &to.kind) {
        (Datum::Str(s), Kind::Char(n) | Kind::VarChar(n)) if s.chars().count() > *n as usize => {
            Datum::Str(s.chars().take(*n as usize).collect())
        }
        (Datum::Int(i), Kind::Decimal(_, s)) => {
            Datum::Decimal(i128::from(*i) * 10i128.pow(u32::from(*s)), *s)
        }
        (Datum::Int(i), Kind::Float | Kind::Double) => Datum::Double(*i as f64),
        (Datum::Decimal(v, s), Kind::Decimal(_, to_s)) => {
            Datum::Decimal(rescale(*v, *s, *to_s), *to_s)
        }
        (Datum::Decimal(v, s), Kind::Float | Kind::Double) => {
            Datum::Double(*v as f64 / 10f64.powi(i32::from(*s)))
        }
        (Datum::Array(items), Kind::Array(e)) => {
            Datum::Array(items.iter().map(|d| widen(d, e)).collect())
        }
        (Datum::Map(entries), Kind::Map(k, v)) => Datum::Map(
            entries
                .iter()
                .map(|(a, b)| (widen(a, k), widen(b, v)))
                .collect(),
        ),
        (Datum::Row(fields), Kind::Row(types)) if fields.len() == types.len() => Datum::Row(
            fields
                .iter()
                .zip(types)
                .map(|(d, (_, t))| widen(d, t))
                .collect(),
        ),
        _ => d.clone(),
    }
}

/// An unscaled decimal at scale `from` as one at scale `to`, rounded half up (away from
/// zero on a tie, as Java's `RoundingMode.HALF_UP`).
pub fn rescale(v: i128, from: u8, to: u8) -> i128 {
    if to >= from {
        return v.saturating_mul(10i128.saturating_pow(u32::from(to - from)));
    }
    let div = 10i128.saturating_pow(u32::from(from - to));
    let (q, r) = (v / div, v % div);
    if r.abs() * 2 >= div {
        q + v.signum()
    } else {
        q
    }
}

/// Whether two values of comparable types are equal as Flink compares them (numbers by
/// value: `1.5` equals `1.50`; collections element by element).
pub fn same(a: &Datum, b: &Datum) -> bool {
    order(a, b) == Some(std::cmp::Ordering::Equal)
}

/// Flink's order of two values of comparable types; None for NULLs and values that have
/// none (ARRAY, MAP and ROW compare equal or not, through `same`).
pub fn order(a: &Datum, b: &Datum) -> Option<std::cmp::Ordering> {
    use Datum as D;
    let decimal = |d: &Datum| match d {
        D::Int(i) => Some((i128::from(*i), 0u8)),
        D::Decimal(v, s) => Some((*v, *s)),
        _ => None,
    };
    match (a, b) {
        (D::Null, _) | (_, D::Null) => None,
        (D::Double(x), D::Double(y)) => Some(x.total_cmp(y)),
        (D::Double(x), other) | (other, D::Double(x)) if decimal(other).is_some() => {
            let (v, s) = decimal(other)?;
            let y = v as f64 / 10f64.powi(i32::from(s));
            let o = x.partial_cmp(&y)?;
            Some(if matches!(a, D::Double(_)) {
                o
            } else {
                o.reverse()
            })
        }
        (D::Int(_) | D::Decimal(..), D::Int(_) | D::Decimal(..)) => {
            let ((v1, s1), (v2, s2)) = (decimal(a)?, decimal(b)?);
            let s = s1.max(s2);
            Some(rescale(v1, s1, s).cmp(&rescale(v2, s2, s)))
        }
        (D::Bool(x), D::Bool(y)) => Some(x.cmp(y)),
        (D::Str(x), D::Str(y)) => Some(x.cmp(y)),
        (D::Bytes(x), D::Bytes(y)) => Some(x.cmp(y)),
        (D::Date(x), D::Date(y)) => Some(x.cmp(y)),
        (D::Time(x), D::Time(y)) => Some(x.cmp(y)),
        (D::Timestamp(x), D::Timestamp(y)) | (D::TimestampLtz(x), D::TimestampLtz(y)) => {
            Some(x.cmp(y))
        }
        (D::Months(x), D::Months(y)) | (D::Millis(x), D::Millis(y)) => Some(x.cmp(y)),
        (D::Array(x), D::Array(y)) | (D::Row(x), D::Row(y)) => {
            let equal = x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|(p, q)| same(p, q) || p.is_null() && q.is_null());
            equal.then_some(std::cmp::Ordering::Equal)
        }
        (D::Map(x), D::Map(y)) => {
            let equal = x.len() == y.len()
                && x.iter().all(|(k, v)| {
                    y.iter()
                        .any(|(k2, v2)| same(k, k2) && (same(v, v2) || v.is_null() && v2.is_null()))
                });
            equal.then_some(std::cmp::Ordering::Equal)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(name: &str) -> FlinkType {
        FlinkType::parse(name).unwrap_or_else(FlinkType::null)
    }

    #[test]
    fn messages_are_calcites() {
        assert_eq!(
            check("UPPER", &[t("INT NOT NULL")], &[&[Arg::Str]]),
            Err("Cannot apply 'UPPER' to arguments of type 'UPPER(<INTEGER>)'. Supported form(s): 'UPPER(<CHARACTER>)'".into())
        );
        assert_eq!(
            check("UPPER", &[t("STRING"), t("STRING")], &[&[Arg::Str]]),
            Err(
                "Invalid number of arguments to function 'UPPER'. Was expecting 1 arguments".into()
            )
        );
        assert_eq!(
            check(
                "LOCATE",
                &[t("INT NOT NULL"), t("CHAR(1) NOT NULL")],
                &[&[Arg::Str, Arg::Str], &[Arg::Str, Arg::Str, Arg::Int]]
            ),
            Err("Cannot apply 'LOCATE' to arguments of type 'LOCATE(<INTEGER>, <CHAR(1)>)'. Supported form(s): 'LOCATE(<CHARACTER>, <CHARACTER>)'".into())
        );
        assert_eq!(check("UPPER", &[FlinkType::null()], &[&[Arg::Str]]), Ok(()));
    }

    /// Every function of these files, on arguments of the types it accepts, with any
    /// text and any integers in them: a value or an error, never a panic.
    fn no_function_panics(text: &str, n: i64) {
        use super::super::{
            Session, Signature, array, collection, encoding, json, printf, regexp, string,
        };
        let short = text.chars().take(8).collect::<String>();
        let pool: Vec<(Datum, FlinkType)> = vec![
            (Datum::Str(text.to_string()), t("STRING NOT NULL")),
            (Datum::Str(short.clone()), t("STRING NOT NULL")),
            (Datum::Str("$.a[*]".into()), t("STRING NOT NULL")),
            (Datum::Int(n), t("INT NOT NULL")),
            (Datum::Int(n % 300), t("INT NOT NULL")),
            (Datum::Null, t("STRING")),
            (Datum::Bytes(text.as_bytes().to_vec()), t("BYTES NOT NULL")),
            (
                Datum::Array(vec![Datum::Str(short), Datum::Null]),
                t("ARRAY<STRING>"),
            ),
            (
                Datum::Array(vec![Datum::Int(n), Datum::Int(1)]),
                t("ARRAY<INT NOT NULL> NOT NULL"),
            ),
        ];
        let lists = [
            string::FUNCTIONS,
            regexp::FUNCTIONS,
            encoding::FUNCTIONS,
            printf::FUNCTIONS,
            collection::FUNCTIONS,
            array::FUNCTIONS,
            json::FUNCTIONS,
        ];
        let session = Session::default();
        for f in lists.iter().flat_map(|l| l.iter()) {
            for arity in 0..=3usize {
                // Every combination of `arity` arguments from the pool.
                let combos = pool.len().pow(arity as u32);
                for mut k in 0..combos {
                    let mut args = Vec::with_capacity(arity);
                    for _ in 0..arity {
                        args.push(pool[k % pool.len()].clone());
                        k /= pool.len();
                    }
                    let types: Vec<FlinkType> = args.iter().map(|(_, t)| t.clone()).collect();
                    let Ok(ret) = (f.infer)(&types) else { continue };
                    let values: Vec<Datum> = args.into_iter().map(|(d, _)| d).collect();
                    if f.strict && values.iter().any(Datum::is_null) {
                        continue;
                    }
                    let _ = (f.eval)(&values, &Signature { args: types, ret }, &session);
                }
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4))]
        #[test]
        fn functions_never_panic(text in "\\PC{0,24}", n in proptest::num::i64::ANY) {
            no_function_panics(&text, n);
        }
    }

    #[test]
    fn functions_never_panic_on_awkward_text() {
        for text in [
            "",
            "é\\é",
            "%s%d%n%5$s",
            "{\"a\":[1,{\"b\":\"é\"}]}",
            "\"\\é\"",
            "(\\Q\\p{",
            "http://u@h:1/p?q=1#f",
            "=,=,",
        ] {
            for n in [i64::MIN, 2] {
                no_function_panics(text, n);
            }
        }
    }

    #[test]
    fn strings_of_different_lengths_side_by_side_are_varchar() {
        let (a, b) = (t("CHAR(1) NOT NULL"), t("CHAR(3) NOT NULL"));
        assert_eq!(least_restrictive(&[&a, &b]), Some(t("VARCHAR(3) NOT NULL")));
        assert_eq!(least_restrictive(&[&a, &a]), Some(a.clone()));
        let (x, y) = (t("BINARY(1) NOT NULL"), t("BINARY(2)"));
        assert_eq!(least_restrictive(&[&x, &y]), Some(t("VARBINARY(2)")));
    }
}

/// Calling functions in unit tests as the engine does.
#[cfg(test)]
pub(super) mod testing {
    use super::super::{Session, Signature};
    use crate::backend::local::ftype::FlinkType;
    use crate::backend::local::value::Datum;

    pub fn t(name: &str) -> FlinkType {
        if name == "NULL" {
            return FlinkType::null();
        }
        FlinkType::parse(name).unwrap_or_else(|| panic!("not a type: {name}"))
    }

    /// A literal's value and type, as the translator hands them over.
    pub fn lit(v: impl Into<Lit>) -> (Datum, FlinkType) {
        match v.into() {
            Lit::S(s) => {
                let n = s.chars().count();
                (Datum::Str(s), t(&format!("CHAR({n}) NOT NULL")))
            }
            Lit::I(i) => (Datum::Int(i), t("INT NOT NULL")),
            Lit::Null(ty) => (Datum::Null, t(ty)),
        }
    }

    pub enum Lit {
        S(String),
        I(i64),
        Null(&'static str),
    }
    impl From<&str> for Lit {
        fn from(s: &str) -> Self {
            Lit::S(s.to_string())
        }
    }
    impl From<i64> for Lit {
        fn from(i: i64) -> Self {
            Lit::I(i)
        }
    }

    /// Calls `name` as the engine would: infer, then (strict: NULL in, NULL out) eval.
    pub fn call(name: &str, args: Vec<(Datum, FlinkType)>) -> (Result<Datum, String>, String) {
        let f = crate::backend::local::func::scalar(name)
            .unwrap_or_else(|| panic!("no function {name}"));
        let types: Vec<FlinkType> = args.iter().map(|(_, t)| t.clone()).collect();
        let values: Vec<Datum> = args.into_iter().map(|(d, _)| d).collect();
        let ret = match (f.infer)(&types) {
            Ok(r) => r,
            Err(e) => return (Err(e), "invalid".into()),
        };
        let shown = ret.to_string();
        if f.strict && values.iter().any(Datum::is_null) {
            return (Ok(Datum::Null), shown);
        }
        let sig = Signature { args: types, ret };
        ((f.eval)(&values, &sig, &Session::default()), shown)
    }

    pub fn s(v: &str) -> Result<Datum, String> {
        Ok(Datum::Str(v.to_string()))
    }
    pub fn i(v: i64) -> Result<Datum, String> {
        Ok(Datum::Int(v))
    }
    pub const NULL: Result<Datum, String> = Ok(Datum::Null);
    pub fn null(ty: &'static str) -> (Datum, FlinkType) {
        lit(Lit::Null(ty))
    }
}
