//! Flink's conditional functions (COALESCE, NULLIF, IF, IFNULL, GREATEST, LEAST) and
//! the IS_ALPHA/IS_DECIMAL/IS_DIGIT string tests. CASE is the translator's.

use std::cmp::Ordering;

use super::cast::{cast, to_text};
use super::compare::{bare_name, comparable, compare, orderable};
use super::operators::{any_nullable, cannot_apply, cannot_apply_infix};
use super::text::parse_double;
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
            text_test(a, s, x, false, |t| {
                !t.is_empty() && t.chars().all(char::is_alphabetic)
            })
        },
    },
    Scalar {
        name: "IS_DIGIT",
        strict: false,
        infer: |a| text_test_type("IS_DIGIT", a),
        eval: |a, s, x| {
            text_test(a, s, x, true, |t| {
                !t.is_empty() && t.chars().all(char::is_numeric)
            })
        },
    },
    Scalar {
        name: "IS_DECIMAL",
        strict: false,
        infer: |a| text_test_type("IS_DECIMAL", a),
        eval: |a, s, x| text_test(a, s, x, false, is_decimal),
    },
];

/// Flink's common type of function arguments (`LogicalTypeMerging`): as
/// `FlinkType::common`, but CHARs (BINARYs) of different lengths meet in a VARCHAR
/// (VARBINARY).
pub fn common_type(args: &[FlinkType]) -> Option<FlinkType> {
    let refs: Vec<&FlinkType> = args.iter().collect();
    let mut t = FlinkType::common(&refs)?;
    // Flink's merging of FLOAT with a DECIMAL is DOUBLE.
    if t.kind == Kind::Float && args.iter().any(FlinkType::is_decimal) {
        t.kind = Kind::Double;
    }
    let all_same = |k: &Kind| args.iter().all(|a| a.is_null() || a.kind == *k);
    match t.kind {
        Kind::Char(n) if !all_same(&t.kind) => t.kind = Kind::VarChar(n),
        Kind::Binary(n) if !all_same(&t.kind) => t.kind = Kind::VarBinary(n),
        _ => {}
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
        return Err(
            "No match found for function signature COALESCE(). Supported signatures \
                    are: COALESCE(<COMMON>, <COMMON>...)"
                .into(),
        );
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
            bare_name(a),
            bare_name(b)
        ));
    }
    if !comparable(a, b) {
        // Flink checks NULLIF as the `=` it is.
        return Err(cannot_apply_infix(
            "=",
            args,
            "<COMPARABLE_TYPE> = <COMPARABLE_TYPE>",
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
        _ => Err(cannot_apply(
            name,
            args,
            &format!("{name}(<CHARACTER>)' '{name}(<NUMERIC>)"),
        )),
    }
}

/// A string test; a number (which Flink accepts too) is a digit and nothing else, as
/// the gateway answers (IS_DIGIT(-1) is TRUE, IS_DECIMAL(1.5) FALSE).
fn text_test(
    args: &[Datum],
    sig: &Signature,
    session: &Session,
    number: bool,
    f: fn(&str) -> bool,
) -> Eval {
    Ok(Datum::Bool(match (args.first(), sig.args.first()) {
        (Some(d), _) if d.is_null() => false,
        (Some(_), Some(t)) if t.is_numeric() => number,
        (Some(d), Some(t)) => f(&to_text(d, t, session)),
        _ => false,
    }))
}

/// Whether Java reads the text as a double (`1.5`, `-1.5e3`, `.5`, ` 1`, `1f`, `NaN`),
/// as Flink's IS_DECIMAL does.
fn is_decimal(s: &str) -> bool {
    parse_double(s).is_ok()
}

#[cfg(test)]
mod tests {
    use super::super::operators::tests::{call, dbl, dec, int, s, shown};
    use super::*;

    fn pair(t: &str, v: &str) -> (String, String) {
        (t.to_string(), v.to_string())
    }

    #[test]
    fn coalesce_takes_the_common_type() {
        assert_eq!(
            shown(
                "COALESCE",
                &[(Datum::Null, "NULL"), (int(1), "INT NOT NULL")]
            ),
            pair("INT NOT NULL", "1")
        );
        assert_eq!(
            shown(
                "COALESCE",
                &[(Datum::Null, "INT"), (int(2), "INT NOT NULL")]
            ),
            pair("INT NOT NULL", "2")
        );
        assert_eq!(
            shown(
                "COALESCE",
                &[
                    (int(1), "INT NOT NULL"),
                    (dec(25, 1), "DECIMAL(2, 1) NOT NULL")
                ]
            ),
            pair("DECIMAL(11, 1) NOT NULL", "1.0")
        );
        assert_eq!(
            shown(
                "COALESCE",
                &[(s("a"), "CHAR(1) NOT NULL"), (s("bcd"), "CHAR(3) NOT NULL")]
            ),
            pair("VARCHAR(3) NOT NULL", "a")
        );
        assert_eq!(
            shown("COALESCE", &[(Datum::Null, "INT"), (Datum::Null, "INT")]),
            pair("INT", "NULL")
        );
        assert_eq!(
            shown("COALESCE", &[(int(1), "INT NOT NULL")]),
            pair("INT NOT NULL", "1")
        );
        let (t, _) = call(
            "COALESCE",
            &[(int(1), "INT NOT NULL"), (s("a"), "CHAR(1) NOT NULL")],
        );
        assert!(t.is_err_and(|e| e.starts_with("Invalid input arguments.")));
    }

    #[test]
    fn ifnull_nullif_and_if() {
        assert_eq!(
            shown("IFNULL", &[(Datum::Null, "INT"), (int(1), "INT NOT NULL")]),
            pair("INT NOT NULL", "1")
        );
        assert_eq!(
            shown(
                "IFNULL",
                &[
                    (int(1), "INT NOT NULL"),
                    (dec(25, 1), "DECIMAL(2, 1) NOT NULL")
                ]
            ),
            pair("DECIMAL(11, 1) NOT NULL", "1.0")
        );
        assert_eq!(
            shown(
                "IFNULL",
                &[(s("a"), "CHAR(1) NOT NULL"), (s("bc"), "CHAR(2) NOT NULL")]
            ),
            pair("CHAR(1) NOT NULL", "a")
        );
        assert_eq!(
            shown(
                "IFNULL",
                &[(Datum::Null, "STRING"), (s("x"), "CHAR(1) NOT NULL")]
            ),
            pair("STRING NOT NULL", "x")
        );
        assert_eq!(
            shown(
                "IFNULL",
                &[(Datum::Null, "CHAR(1)"), (s("bcd"), "CHAR(3) NOT NULL")]
            ),
            pair("VARCHAR(3) NOT NULL", "bcd")
        );

        assert_eq!(
            shown(
                "NULLIF",
                &[(int(1), "INT NOT NULL"), (int(1), "INT NOT NULL")]
            ),
            pair("INT", "NULL")
        );
        assert_eq!(
            shown(
                "NULLIF",
                &[(int(1), "INT NOT NULL"), (int(2), "INT NOT NULL")]
            ),
            pair("INT", "1")
        );
        assert_eq!(
            shown(
                "NULLIF",
                &[(s("a"), "CHAR(1) NOT NULL"), (s("b"), "CHAR(1) NOT NULL")]
            ),
            pair("CHAR(1)", "a")
        );
        assert_eq!(
            shown(
                "NULLIF",
                &[
                    (int(1), "INT NOT NULL"),
                    (dec(15, 1), "DECIMAL(2, 1) NOT NULL")
                ]
            ),
            pair("INT", "1")
        );
        assert_eq!(
            shown("NULLIF", &[(int(1), "INT NOT NULL"), (Datum::Null, "INT")]),
            pair("INT", "1")
        );
        let (t, _) = call(
            "NULLIF",
            &[(int(1), "INT NOT NULL"), (s("a"), "CHAR(1) NOT NULL")],
        );
        assert_eq!(
            t,
            Err("implicit type conversion between INTEGER and CHAR is not supported now".into())
        );

        let t = |b: bool| (Datum::Bool(b), "BOOLEAN NOT NULL");
        assert_eq!(
            shown(
                "IF",
                &[t(true), (int(1), "INT NOT NULL"), (int(2), "INT NOT NULL")]
            ),
            pair("INT NOT NULL", "1")
        );
        assert_eq!(
            shown(
                "IF",
                &[
                    t(false),
                    (int(1), "INT NOT NULL"),
                    (dec(25, 1), "DECIMAL(2, 1) NOT NULL")
                ]
            ),
            pair("DECIMAL(11, 1) NOT NULL", "2.5")
        );
        assert_eq!(
            shown(
                "IF",
                &[
                    t(false),
                    (s("a"), "CHAR(1) NOT NULL"),
                    (s("bcd"), "CHAR(3) NOT NULL")
                ]
            ),
            pair("VARCHAR(3) NOT NULL", "bcd")
        );
        assert_eq!(
            shown(
                "IF",
                &[
                    (Datum::Null, "BOOLEAN"),
                    (int(1), "INT NOT NULL"),
                    (int(2), "INT NOT NULL")
                ]
            ),
            pair("INT", "2")
        );
        let (e, _) = call(
            "IF",
            &[
                (int(1), "INT NOT NULL"),
                (int(2), "INT NOT NULL"),
                (int(3), "INT NOT NULL"),
            ],
        );
        assert_eq!(
            e,
            Err("Cannot apply 'IF' to arguments of type 'IF(<INTEGER>, <INTEGER>, <INTEGER>)'. Supported form(s): 'IF(<ANY_TYPE>, <NUMERIC_TYPE>, <NUMERIC_TYPE>)'".into())
        );
    }

    #[test]
    fn validation_errors_are_flinks() {
        let (t, _) = call(
            "NULLIF",
            &[
                (int(1), "INT NOT NULL"),
                (Datum::Bool(true), "BOOLEAN NOT NULL"),
            ],
        );
        assert_eq!(
            t,
            Err("Cannot apply '=' to arguments of type '<INTEGER> = <BOOLEAN>'. Supported form(s): '<COMPARABLE_TYPE> = <COMPARABLE_TYPE>'".into())
        );
        let (t, _) = call("COALESCE", &[]);
        assert!(
            t.is_err_and(|e| e.starts_with("No match found for function signature COALESCE()."))
        );
        let (t, _) = call(
            "IFNULL",
            &[(int(1), "INT NOT NULL"), (s("a"), "CHAR(1) NOT NULL")],
        );
        assert!(t.is_err_and(|e| e.starts_with("Invalid input arguments.")));
    }

    #[test]
    fn greatest_and_least() {
        let i = |v: i64| (int(v), "INT NOT NULL");
        assert_eq!(
            shown("GREATEST", &[i(1), i(2), i(3)]),
            pair("INT NOT NULL", "3")
        );
        assert_eq!(
            shown("GREATEST", &[i(1), (dec(25, 1), "DECIMAL(2, 1) NOT NULL")]),
            pair("DECIMAL(11, 1) NOT NULL", "2.5")
        );
        assert_eq!(
            shown(
                "LEAST",
                &[(s("a"), "CHAR(1) NOT NULL"), (s("b"), "CHAR(1) NOT NULL")]
            ),
            pair("CHAR(1) NOT NULL", "a")
        );
        assert_eq!(
            shown(
                "GREATEST",
                &[(s("a"), "CHAR(1) NOT NULL"), (s("bcd"), "CHAR(3) NOT NULL")]
            ),
            pair("VARCHAR(3) NOT NULL", "bcd")
        );
        assert_eq!(
            shown("GREATEST", &[i(1), (Datum::Null, "INT")]),
            pair("INT", "NULL")
        );
        assert_eq!(
            shown("LEAST", &[(dbl(1.0), "DOUBLE NOT NULL"), i(2)]),
            pair("DOUBLE NOT NULL", "1.0")
        );
        assert_eq!(
            shown(
                "LEAST",
                &[(int(1), "TINYINT NOT NULL"), (int(2), "BIGINT NOT NULL")]
            ),
            pair("BIGINT NOT NULL", "1")
        );
        assert_eq!(
            shown(
                "GREATEST",
                &[
                    (dec(15, 1), "DECIMAL(2, 1) NOT NULL"),
                    (dec(225, 2), "DECIMAL(3, 2) NOT NULL")
                ]
            ),
            pair("DECIMAL(3, 2) NOT NULL", "2.25")
        );
        let (t, _) = call("GREATEST", &[i(1), (s("a"), "CHAR(1) NOT NULL")]);
        assert_eq!(
            t,
            Err("All types in a comparison should support both 'EQUALS' and 'ORDER' comparison with each other. Can not compare INT NOT NULL with CHAR(1) NOT NULL".into())
        );
    }

    #[test]
    fn binaries_of_different_lengths_meet_in_a_varbinary() {
        let t = |b: bool| (Datum::Bool(b), "BOOLEAN NOT NULL");
        let (ty, v) = call(
            "IF",
            &[
                t(true),
                (Datum::Bytes(vec![1]), "BINARY(1) NOT NULL"),
                (Datum::Bytes(vec![2, 3]), "BINARY(2) NOT NULL"),
            ],
        );
        assert_eq!(
            ty.map(|t| t.to_string()),
            Ok("VARBINARY(2) NOT NULL".into())
        );
        assert_eq!(v, Ok(Datum::Bytes(vec![1])));
    }

    #[test]
    fn float_meets_decimal_in_a_double() {
        assert_eq!(
            shown(
                "LEAST",
                &[
                    (dbl(1.5), "FLOAT NOT NULL"),
                    (dec(125, 2), "DECIMAL(5, 2) NOT NULL")
                ]
            ),
            pair("DOUBLE NOT NULL", "1.25")
        );
    }

    #[test]
    fn string_tests() {
        let check = |f: &str, text: &str| shown(f, &[(s(text), "STRING NOT NULL")]).1;
        assert_eq!(check("IS_ALPHA", "abc"), "TRUE");
        assert_eq!(check("IS_ALPHA", "ab1"), "FALSE");
        assert_eq!(check("IS_ALPHA", ""), "FALSE");
        assert_eq!(check("IS_ALPHA", "é"), "TRUE");
        assert_eq!(check("IS_DIGIT", "123"), "TRUE");
        assert_eq!(check("IS_DIGIT", "1.5"), "FALSE");
        assert_eq!(check("IS_DIGIT", ""), "FALSE");
        for yes in ["1.5", "-1.5e3", " 1", ".5", "5.", "+5", "1e5"] {
            assert_eq!(check("IS_DECIMAL", yes), "TRUE", "{yes}");
        }
        for yes in ["1 ", "1f", "1d", "NaN", "Infinity", "1e+5"] {
            assert_eq!(check("IS_DECIMAL", yes), "TRUE", "{yes}");
        }
        for no in ["abc", "", "0x1A", "1e", "-", ".", "1L", "1,5", "--1", "   "] {
            assert_eq!(check("IS_DECIMAL", no), "FALSE", "{no}");
        }
        assert_eq!(
            shown("IS_ALPHA", &[(Datum::Null, "STRING")]),
            pair("BOOLEAN NOT NULL", "FALSE")
        );
        assert_eq!(shown("IS_ALPHA", &[(int(1), "INT NOT NULL")]).1, "FALSE");
        assert_eq!(shown("IS_DIGIT", &[(int(-1), "INT NOT NULL")]).1, "TRUE");
        assert_eq!(
            shown("IS_DECIMAL", &[(dec(15, 1), "DECIMAL(2, 1) NOT NULL")]).1,
            "FALSE"
        );
        assert_eq!(check("IS_ALPHA", "a b"), "FALSE");
        assert_eq!(check("IS_DIGIT", " 1"), "FALSE");
        let (t, _) = call("IS_ALPHA", &[(Datum::Bool(true), "BOOLEAN NOT NULL")]);
        assert_eq!(
            t,
            Err("Cannot apply 'IS_ALPHA' to arguments of type 'IS_ALPHA(<BOOLEAN>)'. Supported form(s): 'IS_ALPHA(<CHARACTER>)' 'IS_ALPHA(<NUMERIC>)'".into())
        );
    }
}
