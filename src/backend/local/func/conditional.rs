//! Flink's conditional functions (COALESCE, NULLIF, IF, IFNULL, GREATEST, LEAST) and
//! the IS_ALPHA/IS_DECIMAL/IS_DIGIT string tests. CASE is the translator's.

use std::cmp::Ordering;

use super::cast::{cast, to_text};
use super::compare::{comparable, compare, orderable};
use super::operators::{any_nullable, cannot_apply, sql_name};
use super::{Eval, Scalar, Session, Signature};
use crate::backend::local::ftype::{FlinkType, Kind};
use crate::backend::local::value::Datum;

pub static FUNCTIONS: &[Scalar] = &[
    Scalar {
        name: "COALESCE",
        strict: false,
        infer: coalesce_type,
        eval: |a, s, x| first_non_null(a, s, x),
    },
    Scalar {
        name: "IFNULL",
        strict: false,
        infer: ifnull_type,
        eval: |a, s, x| first_non_null(a, s, x),
    },
    Scalar {
        name: "NULLIF",
        strict: false,
        infer: nullif_type,
        eval: nullif,
    },
    Scalar {
        name: "IF",
        strict: false,
        infer: if_type,
        eval: if_eval,
    },
    Scalar {
        name: "GREATEST",
        strict: true,
        infer: |a| extreme_type("GREATEST", a),
        eval: |a, s, x| extreme(a, s, x, Ordering::Greater),
    },
    Scalar {
        name: "LEAST",
        strict: true,
        infer: |a| extreme_type("LEAST", a),
        eval: |a, s, x| extreme(a, s, x, Ordering::Less),
    },
    Scalar {
        name: "IS_ALPHA",
        strict: false,
        infer: |a| text_test_type("IS_ALPHA", a),
        eval: |a, s, x| {
            text_test(a, s, x, |t| {
                !t.is_empty() && t.chars().all(char::is_alphabetic)
            })
        },
    },
    Scalar {
        name: "IS_DIGIT",
        strict: false,
        infer: |a| text_test_type("IS_DIGIT", a),
        eval: |a, s, x| {
            text_test(a, s, x, |t| {
                !t.is_empty() && t.chars().all(char::is_numeric)
            })
        },
    },
    Scalar {
        name: "IS_DECIMAL",
        strict: false,
        infer: |a| text_test_type("IS_DECIMAL", a),
        eval: |a, s, x| text_test(a, s, x, is_decimal),
    },
];

/// Flink's common type of function arguments (`LogicalTypeMerging`): as
/// `FlinkType::common`, but CHARs of different lengths meet in a VARCHAR.
pub fn common_type(args: &[FlinkType]) -> Option<FlinkType> {
    let refs: Vec<&FlinkType> = args.iter().collect();
    let mut t = FlinkType::common(&refs)?;
    if let Kind::Char(n) = t.kind {
        let same = args.iter().all(|a| a.is_null() || a.kind == Kind::Char(n));
        if !same {
            t.kind = Kind::VarChar(n);
        }
    }
    Some(t)
}

fn no_common(name: &str, args: &[FlinkType]) -> String {
    let list: Vec<String> = args.iter().map(|t| t.to_string()).collect();
    format!(
        "Invalid input arguments. {name}({}) has no common type of its arguments.",
        list.join(", ")
    )
}

fn coalesce_type(args: &[FlinkType]) -> Result<FlinkType, String> {
    if args.is_empty() {
        return Err(cannot_apply("COALESCE", args, "COALESCE(<ANY>, ...)"));
    }
    let t = common_type(args).ok_or_else(|| no_common("COALESCE", args))?;
    Ok(t.with_nullable(args.iter().all(|a| a.nullable)))
}

fn ifnull_type(args: &[FlinkType]) -> Result<FlinkType, String> {
    let [a, b] = args else {
        return Err(cannot_apply("IFNULL", args, "IFNULL(<ANY>, <ANY>)"));
    };
    let common = common_type(args).ok_or_else(|| no_common("IFNULL", args))?;
    // A NOT NULL string keeps its own type (the replacement is never used).
    let kind = if a.is_string() && b.is_string() && !a.nullable {
        a.kind.clone()
    } else {
        common.kind
    };
    Ok(FlinkType::new(kind, a.nullable && b.nullable))
}

fn first_non_null(args: &[Datum], sig: &Signature, session: &Session) -> Eval {
    for (d, t) in args.iter().zip(&sig.args) {
        if !d.is_null() {
            return cast(d, t, &sig.ret, session);
        }
    }
    Ok(Datum::Null)
}

fn nullif_type(args: &[FlinkType]) -> Result<FlinkType, String> {
    let [a, b] = args else {
        return Err(cannot_apply("NULLIF", args, "NULLIF(<ANY>, <ANY>)"));
    };
    if (a.is_string() && b.is_numeric()) || (a.is_numeric() && b.is_string()) {
        return Err(format!(
            "implicit type conversion between {} and {} is not supported now",
            sql_name(a),
            sql_name(b)
        ));
    }
    if !comparable(a, b) {
        return Err(cannot_apply(
            "NULLIF",
            args,
            "NULLIF(<COMPARABLE>, <COMPARABLE>)",
        ));
    }
    Ok(a.with_nullable(true))
}

fn nullif(args: &[Datum], _: &Signature, _: &Session) -> Eval {
    Ok(match args {
        [a, b] if compare(a, b) == Some(Ordering::Equal) => Datum::Null,
        [a, _] => a.clone(),
        _ => Datum::Null,
    })
}

fn if_type(args: &[FlinkType]) -> Result<FlinkType, String> {
    let error = || cannot_apply("IF", args, "IF(<ANY_TYPE>, <NUMERIC_TYPE>, <NUMERIC_TYPE>)");
    let [c, a, b] = args else {
        return Err(error());
    };
    if !matches!(c.kind, Kind::Boolean | Kind::Null) {
        return Err(error());
    }
    let t = common_type(&[a.clone(), b.clone()]).ok_or_else(error)?;
    Ok(t.with_nullable(any_nullable(args)))
}

fn if_eval(args: &[Datum], sig: &Signature, session: &Session) -> Eval {
    let [c, a, b] = args else {
        return Ok(Datum::Null);
    };
    let (Some(ta), Some(tb)) = (sig.args.get(1), sig.args.get(2)) else {
        return Ok(Datum::Null);
    };
    if matches!(c, Datum::Bool(true)) {
        cast(a, ta, &sig.ret, session)
    } else {
        cast(b, tb, &sig.ret, session)
    }
}

fn extreme_type(name: &str, args: &[FlinkType]) -> Result<FlinkType, String> {
    if args.is_empty() {
        return Err(cannot_apply(
            name,
            args,
            &format!("{name}(<COMPARABLE>, ...)"),
        ));
    }
    for (i, a) in args.iter().enumerate() {
        for b in &args[i + 1..] {
            if !comparable(a, b) || !orderable(a) || !orderable(b) {
                return Err(format!(
                    "All types in a comparison should support both 'EQUALS' and 'ORDER' \
                     comparison with each other. Can not compare {a} with {b}"
                ));
            }
        }
    }
    let t = common_type(args).ok_or_else(|| no_common(name, args))?;
    Ok(t.with_nullable(any_nullable(args)))
}

fn extreme(args: &[Datum], sig: &Signature, session: &Session, want: Ordering) -> Eval {
    let mut best: Option<Datum> = None;
    for (d, t) in args.iter().zip(&sig.args) {
        if d.is_null() {
            return Ok(Datum::Null);
        }
        let d = cast(d, t, &sig.ret, session)?;
        best = match best {
            Some(b) if compare(&d, &b) != Some(want) => Some(b),
            _ => Some(d),
        };
    }
    Ok(best.unwrap_or(Datum::Null))
}

fn text_test_type(name: &str, args: &[FlinkType]) -> Result<FlinkType, String> {
    match args {
        [t] if t.is_string() || t.is_numeric() || t.is_null() => {
            Ok(FlinkType::not_null(Kind::Boolean))
        }
        _ => Err(cannot_apply(name, args, &format!("{name}(<CHARACTER>)"))),
    }
}

fn text_test(args: &[Datum], sig: &Signature, session: &Session, f: fn(&str) -> bool) -> Eval {
    Ok(Datum::Bool(match (args.first(), sig.args.first()) {
        (Some(d), Some(t)) if !d.is_null() => f(&to_text(d, t, session)),
        _ => false,
    }))
}

/// Whether the text is a number (`1.5`, `-1.5e3`, `.5`, ` 1`), as Flink's IS_DECIMAL.
fn is_decimal(s: &str) -> bool {
    let t = s.trim();
    !t.is_empty()
        && t.bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'))
        && t.parse::<f64>().is_ok()
}
