//! Flink's comparison operators (`= <> < <= > >=`, IS [NOT] DISTINCT FROM) and the
//! ordering of values they and sorting, MIN and MAX share.

use std::cmp::Ordering;

use super::cast::cast;
use super::number::{approx, cmp_decimal, exact};
use super::operators::{any_nullable, cannot_apply_infix, sql_name};
use super::{Eval, Scalar, Session, Signature};
use crate::backend::local::ftype::{FlinkType, Kind};
use crate::backend::local::value::Datum;

pub static FUNCTIONS: &[Scalar] = &[
    Scalar {
        name: "=",
        strict: true,
        infer: |a| infer("=", a),
        eval: |a, s, x| test(a, s, x, |o| o == Ordering::Equal),
    },
    Scalar {
        name: "<>",
        strict: true,
        infer: |a| infer("<>", a),
        eval: |a, s, x| test(a, s, x, |o| o != Ordering::Equal),
    },
    Scalar {
        name: "<",
        strict: true,
        infer: |a| infer("<", a),
        eval: |a, s, x| test(a, s, x, |o| o == Ordering::Less),
    },
    Scalar {
        name: "<=",
        strict: true,
        infer: |a| infer("<=", a),
        eval: |a, s, x| test(a, s, x, |o| o != Ordering::Greater),
    },
    Scalar {
        name: ">",
        strict: true,
        infer: |a| infer(">", a),
        eval: |a, s, x| test(a, s, x, |o| o == Ordering::Greater),
    },
    Scalar {
        name: ">=",
        strict: true,
        infer: |a| infer(">=", a),
        eval: |a, s, x| test(a, s, x, |o| o != Ordering::Less),
    },
    Scalar {
        name: "IS DISTINCT FROM",
        strict: false,
        infer: |a| distinct_type("IS DISTINCT FROM", a),
        eval: |a, s, x| distinct(a, s, x).map(Datum::Bool),
    },
    Scalar {
        name: "IS NOT DISTINCT FROM",
        strict: false,
        infer: |a| distinct_type("IS NOT DISTINCT FROM", a),
        eval: |a, s, x| distinct(a, s, x).map(|d| Datum::Bool(!d)),
    },
];

/// Whether Flink compares values of these two types (for equality; ARRAY, MAP and ROW
/// only for equality, see [`orderable`]).
pub fn comparable(a: &FlinkType, b: &FlinkType) -> bool {
    use Kind::*;
    if a.is_null() || b.is_null() {
        return true;
    }
    match (&a.kind, &b.kind) {
        _ if a.is_numeric() && b.is_numeric() => true,
        _ if a.is_string() && b.is_string() => true,
        _ if a.is_binary() && b.is_binary() => true,
        (Boolean, Boolean) | (Date, Date) | (Time(_), Time(_)) => true,
        (Timestamp(_) | TimestampLtz(_), Timestamp(_) | TimestampLtz(_)) => true,
        (IntervalMonths(_), IntervalMonths(_)) | (IntervalMillis(_), IntervalMillis(_)) => true,
        (Array(x), Array(y)) | (Multiset(x), Multiset(y)) => comparable(x, y),
        (Map(k1, v1), Map(k2, v2)) => comparable(k1, k2) && comparable(v1, v2),
        (Row(x), Row(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| comparable(&p.1, &q.1))
        }
        _ => false,
    }
}

/// Whether values of this type have an order (`<`, ORDER BY, MIN/MAX).
pub fn orderable(t: &FlinkType) -> bool {
    !matches!(
        t.kind,
        Kind::Array(_) | Kind::Multiset(_) | Kind::Map(..) | Kind::Row(_)
    )
}

/// Flink casts a string compared with a DATE, TIME or TIMESTAMP to that type, and with a
/// number to that number for an ordering (not for `=`).
fn string_cast_target<'t>(op: &str, a: &'t FlinkType, b: &'t FlinkType) -> Option<&'t FlinkType> {
    let other = if a.is_string() {
        b
    } else if b.is_string() {
        a
    } else {
        return None;
    };
    let ordering = !matches!(op, "=" | "<>");
    (other.is_temporal() || (ordering && other.is_numeric())).then_some(other)
}

fn infer(op: &str, args: &[FlinkType]) -> Result<FlinkType, String> {
    let forms = "<COMPARABLE_TYPE> {op} <COMPARABLE_TYPE>".replace("{op}", op);
    let [a, b] = args else {
        return Err(cannot_apply_infix(op, args, &forms));
    };
    let boolean = FlinkType::new(Kind::Boolean, any_nullable(args));
    if string_cast_target(op, a, b).is_some() {
        return Ok(boolean);
    }
    if (a.is_string() && b.is_numeric()) || (a.is_numeric() && b.is_string()) {
        return Err(format!(
            "implicit type conversion between {} and {} is not supported now",
            bare_name(a),
            bare_name(b)
        ));
    }
    if !comparable(a, b) {
        return Err(cannot_apply_infix(op, args, &forms));
    }
    if !matches!(op, "=" | "<>") {
        for t in [a, b] {
            if !orderable(t) {
                return Err(format!("Comparable type expected, but was '{t}'."));
            }
        }
    }
    Ok(boolean)
}

/// A type's name without its parameters (`CHAR`, `INTEGER`), as Flink's coercion errors
/// write it.
pub(super) fn bare_name(t: &FlinkType) -> String {
    let name = sql_name(t);
    name.split('(').next().unwrap_or(&name).to_string()
}

fn distinct_type(op: &str, args: &[FlinkType]) -> Result<FlinkType, String> {
    infer(op, args).map(|_| FlinkType::not_null(Kind::Boolean))
}

/// Both arguments as values of one comparable type (a string cast to the other side's
/// DATE/TIME/TIMESTAMP or number, as Flink does), then their order.
fn order(args: &[Datum], sig: &Signature, session: &Session) -> Result<Option<Ordering>, String> {
    let [a, b] = args else {
        return Err("a comparison takes two arguments".into());
    };
    let (ta, tb) = match sig.args.as_slice() {
        [ta, tb] => (ta, tb),
        _ => return Ok(compare(a, b)),
    };
    if let Some(target) = string_cast_target("<", ta, tb) {
        // The string is read as a number of the other side's family, not its width
        // (Flink: CAST(1 AS TINYINT) < '300' is TRUE).
        let target = match target.kind {
            _ if target.is_integer() => FlinkType::nullable(Kind::BigInt),
            Kind::Decimal(..) => FlinkType::nullable(Kind::Decimal(38, 18)),
            Kind::Float => FlinkType::nullable(Kind::Double),
            _ => target.with_nullable(true),
        };
        if ta.is_string() && !tb.is_string() {
            return Ok(compare(&cast(a, ta, &target, session)?, b));
        }
        if tb.is_string() && !ta.is_string() {
            return Ok(compare(a, &cast(b, tb, &target, session)?));
        }
    }
    // A TIMESTAMP meets a TIMESTAMP_LTZ as the instant it names in the session's zone.
    let ltz = |t: &FlinkType| matches!(t.kind, Kind::TimestampLtz(_));
    let plain = |t: &FlinkType| matches!(t.kind, Kind::Timestamp(_));
    if plain(ta) && ltz(tb) {
        return Ok(compare(&cast(a, ta, &tb.with_nullable(true), session)?, b));
    }
    if ltz(ta) && plain(tb) {
        return Ok(compare(a, &cast(b, tb, &ta.with_nullable(true), session)?));
    }
    Ok(compare(a, b))
}

fn test(args: &[Datum], sig: &Signature, session: &Session, f: fn(Ordering) -> bool) -> Eval {
    if args.iter().any(Datum::is_null) {
        return Ok(Datum::Null);
    }
    Ok(match order(args, sig, session)? {
        Some(o) => Datum::Bool(f(o)),
        None => Datum::Null,
    })
}

fn distinct(args: &[Datum], sig: &Signature, session: &Session) -> Result<bool, String> {
    Ok(match args {
        [Datum::Null, Datum::Null] => false,
        [Datum::Null, _] | [_, Datum::Null] => true,
        _ => order(args, sig, session)? != Some(Ordering::Equal),
    })
}

/// The order of two values of comparable types (numbers of any kinds exactly, strings
/// and bytes by their bytes, ARRAY/ROW element by element, NULL inside them first);
/// None when either is NULL or they do not compare.
pub fn compare(a: &Datum, b: &Datum) -> Option<Ordering> {
    use Datum::*;
    match (a, b) {
        (Null, _) | (_, Null) => None,
        (Int(x), Int(y)) => Some(x.cmp(y)),
        (Double(_), _) | (_, Double(_)) => {
            let (x, y) = (approx(a)?, approx(b)?);
            Some(x.partial_cmp(&y).unwrap_or_else(|| x.total_cmp(&y)))
        }
        (Int(_) | Decimal(..), Int(_) | Decimal(..)) => Some(cmp_decimal(exact(a)?, exact(b)?)),

        (Bool(x), Bool(y)) => Some(x.cmp(y)),
        (Str(x), Str(y)) => Some(x.as_bytes().cmp(y.as_bytes())),
        (Bytes(x), Bytes(y)) => Some(x.cmp(y)),
        (Date(x), Date(y)) => Some(x.cmp(y)),
        (Time(x), Time(y)) => Some(x.cmp(y)),
        (Timestamp(x) | TimestampLtz(x), Timestamp(y) | TimestampLtz(y)) => Some(x.cmp(y)),
        (Months(x), Months(y)) | (Millis(x), Millis(y)) => Some(x.cmp(y)),
        (Array(x), Array(y)) | (Row(x), Row(y)) => {
            for (p, q) in x.iter().zip(y) {
                match nested(p, q)? {
                    Ordering::Equal => continue,
                    o => return Some(o),
                }
            }
            Some(x.len().cmp(&y.len()))
        }
        (Map(x), Map(y)) => {
            // A MAP's entries have no order: equal when every entry is in the other.
            let contains = |m: &[(Datum, Datum)], (k, v): &(Datum, Datum)| {
                m.iter().any(|(k2, v2)| {
                    nested(k, k2) == Some(Ordering::Equal) && nested(v, v2) == Some(Ordering::Equal)
                })
            };
            if x.len() == y.len() && x.iter().all(|e| contains(y, e)) {
                Some(Ordering::Equal)
            } else {
                Some(x.len().cmp(&y.len()).then(Ordering::Less))
            }
        }
        _ => None,
    }
}

/// Elements of an ARRAY, MAP or ROW: NULL equals NULL and sorts first.
fn nested(a: &Datum, b: &Datum) -> Option<Ordering> {
    match (a, b) {
        (Datum::Null, Datum::Null) => Some(Ordering::Equal),
        (Datum::Null, _) => Some(Ordering::Less),
        (_, Datum::Null) => Some(Ordering::Greater),
        _ => compare(a, b),
    }
}

#[cfg(test)]
mod tests {
    use super::super::operators::tests::{call, dbl, dec, int, s, shown};
    use super::*;
    use chrono::Offset;

    fn yes(op: &str, a: (Datum, &str), b: (Datum, &str)) -> String {
        shown(op, &[a, b]).1
    }

    #[test]
    fn numbers_of_any_kinds_compare_exactly() {
        assert_eq!(
            yes(
                "=",
                (int(1), "INT NOT NULL"),
                (dec(10, 1), "DECIMAL(2, 1) NOT NULL")
            ),
            "TRUE"
        );
        assert_eq!(
            yes("=", (int(1), "INT NOT NULL"), (dbl(1.0), "DOUBLE NOT NULL")),
            "TRUE"
        );
        assert_eq!(
            yes(
                "=",
                (dec(10, 1), "DECIMAL(2, 1) NOT NULL"),
                (dbl(1.0), "DOUBLE NOT NULL")
            ),
            "TRUE"
        );
        assert_eq!(
            yes(
                "=",
                (int(1), "TINYINT NOT NULL"),
                (dec(10, 1), "DECIMAL(2, 1) NOT NULL")
            ),
            "TRUE"
        );
        assert_eq!(
            yes(
                "=",
                (dbl(0.1 + 0.2), "DOUBLE NOT NULL"),
                (dec(3, 1), "DECIMAL(1, 1) NOT NULL")
            ),
            "FALSE"
        );
        assert_eq!(
            yes(
                "=",
                (dec(3, 1), "DECIMAL(2, 1) NOT NULL"),
                (dec(30, 2), "DECIMAL(3, 2) NOT NULL")
            ),
            "TRUE"
        );
        assert_eq!(
            yes(
                "<",
                (dec(15, 1), "DECIMAL(2, 1) NOT NULL"),
                (int(2), "INT NOT NULL")
            ),
            "TRUE"
        );
        assert_eq!(
            yes("<>", (int(1), "INT NOT NULL"), (int(1), "INT NOT NULL")),
            "FALSE"
        );
        assert_eq!(
            compare(&dec(10i128.pow(37), 0), &dec(1, 37)),
            Some(Ordering::Greater)
        );
    }

    #[test]
    fn strings_compare_by_their_bytes_without_padding() {
        assert_eq!(
            yes(
                "=",
                (s("a"), "CHAR(1) NOT NULL"),
                (s("a  "), "CHAR(3) NOT NULL")
            ),
            "FALSE"
        );
        assert_eq!(
            yes(
                "<",
                (s("abc"), "CHAR(3) NOT NULL"),
                (s("abd"), "CHAR(3) NOT NULL")
            ),
            "TRUE"
        );
        assert_eq!(
            yes(
                "<",
                (s("B"), "CHAR(1) NOT NULL"),
                (s("a"), "CHAR(1) NOT NULL")
            ),
            "TRUE"
        );
        assert_eq!(
            yes(
                "<",
                (Datum::Bytes(vec![1]), "BINARY(1) NOT NULL"),
                (Datum::Bytes(vec![2]), "BINARY(1) NOT NULL")
            ),
            "TRUE"
        );
    }

    #[test]
    fn strings_meet_dates_and_numbers_as_in_flink() {
        let day = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default();
        assert_eq!(
            yes(
                "=",
                (Datum::Date(day), "DATE NOT NULL"),
                (s("2024-01-01"), "CHAR(10) NOT NULL")
            ),
            "TRUE"
        );
        assert_eq!(
            yes(
                "<",
                (s("2023-12-31"), "CHAR(10) NOT NULL"),
                (Datum::Date(day), "DATE NOT NULL")
            ),
            "TRUE"
        );
        // An ordering casts the string to the number; '10' < 9 is FALSE.
        assert_eq!(
            yes("<", (s("10"), "CHAR(2) NOT NULL"), (int(9), "INT NOT NULL")),
            "FALSE"
        );
        assert_eq!(
            yes("<", (int(1), "INT NOT NULL"), (s("2"), "CHAR(1) NOT NULL")),
            "TRUE"
        );
        assert_eq!(
            yes(
                ">",
                (dec(15, 1), "DECIMAL(2, 1) NOT NULL"),
                (s("1.2"), "CHAR(3) NOT NULL")
            ),
            "TRUE"
        );
        let (_, v) = call(
            "<",
            &[(s("x"), "CHAR(1) NOT NULL"), (int(1), "INT NOT NULL")],
        );
        assert_eq!(
            v,
            Err(
                "java.lang.NumberFormatException: For input string: 'x'. Invalid character found."
                    .into()
            )
        );
        // … but `=` between a number and a string is an error.
        let (t, _) = call(
            "=",
            &[(int(1), "INT NOT NULL"), (s("1"), "CHAR(1) NOT NULL")],
        );
        assert_eq!(
            t,
            Err("implicit type conversion between INTEGER and CHAR is not supported now".into())
        );
    }

    #[test]
    fn a_string_ordered_against_a_number_is_read_wide() {
        let check = |a: (Datum, &str), b: (Datum, &str)| yes("<", a, b);
        assert_eq!(
            check((int(1), "TINYINT NOT NULL"), (s("300"), "CHAR(3) NOT NULL")),
            "TRUE"
        );
        assert_eq!(
            check((dbl(1.0), "DOUBLE NOT NULL"), (s("2"), "CHAR(1) NOT NULL")),
            "TRUE"
        );
        assert_eq!(
            check(
                (dec(15, 1), "DECIMAL(2, 1) NOT NULL"),
                (s("1.55"), "CHAR(4) NOT NULL")
            ),
            "TRUE"
        );
    }

    #[test]
    fn incomparable_types_are_flinks_errors() {
        let (t, _) = call(
            "=",
            &[
                (Datum::Bool(true), "BOOLEAN NOT NULL"),
                (int(1), "INT NOT NULL"),
            ],
        );
        assert_eq!(
            t,
            Err("Cannot apply '=' to arguments of type '<BOOLEAN> = <INTEGER>'. Supported form(s): '<COMPARABLE_TYPE> = <COMPARABLE_TYPE>'".into())
        );
        let (t, _) = call(
            "=",
            &[(int(1), "INT NOT NULL"), (Datum::Null, "DATE NOT NULL")],
        );
        assert!(t.is_err());
        let (t, _) = call(
            "<",
            &[
                (Datum::Array(vec![]), "ARRAY<INT NOT NULL> NOT NULL"),
                (Datum::Array(vec![]), "ARRAY<INT NOT NULL> NOT NULL"),
            ],
        );
        assert_eq!(
            t,
            Err("Comparable type expected, but was 'ARRAY<INT NOT NULL> NOT NULL'.".into())
        );
        assert!(!comparable(
            &FlinkType::not_null(Kind::Timestamp(0)),
            &FlinkType::not_null(Kind::Date)
        ));
    }

    #[test]
    fn a_timestamp_meets_an_instant_in_the_session_zone() {
        use super::super::TimeZone;
        let tokyo = Session {
            time_zone: TimeZone::Fixed(
                chrono::FixedOffset::east_opt(9 * 3600).unwrap_or_else(|| chrono::Utc.fix()),
            ),
            ..Session::default()
        };
        let wall = chrono::NaiveDate::from_ymd_opt(2024, 1, 1)
            .and_then(|d| d.and_hms_opt(9, 0, 0))
            .unwrap_or_default();
        let instant = wall - chrono::Duration::hours(9);
        let sig = Signature {
            args: vec![
                FlinkType::not_null(Kind::Timestamp(0)),
                FlinkType::not_null(Kind::TimestampLtz(3)),
            ],
            ret: FlinkType::not_null(Kind::Boolean),
        };
        let eq = super::super::scalar("=").map(|f| f.eval);
        let v = eq.map(|f| {
            f(
                &[Datum::Timestamp(wall), Datum::TimestampLtz(instant)],
                &sig,
                &tokyo,
            )
        });
        assert_eq!(v, Some(Ok(Datum::Bool(true))));
    }

    #[test]
    fn collections_compare_for_equality() {
        let arr = |v: Vec<Datum>| Datum::Array(v);
        assert_eq!(
            yes(
                "=",
                (arr(vec![int(1), int(2)]), "ARRAY<INT NOT NULL> NOT NULL"),
                (arr(vec![int(1), int(2)]), "ARRAY<INT NOT NULL> NOT NULL")
            ),
            "TRUE"
        );
        assert_eq!(
            yes(
                "=",
                (arr(vec![int(1)]), "ARRAY<INT NOT NULL> NOT NULL"),
                (
                    arr(vec![dec(10, 1)]),
                    "ARRAY<DECIMAL(2, 1) NOT NULL> NOT NULL"
                )
            ),
            "TRUE"
        );
        assert_eq!(
            yes(
                "=",
                (
                    Datum::Row(vec![int(1), s("a")]),
                    "ROW<a INT, b CHAR(1)> NOT NULL"
                ),
                (
                    Datum::Row(vec![int(1), s("a")]),
                    "ROW<a INT, b CHAR(1)> NOT NULL"
                )
            ),
            "TRUE"
        );
        let m1 = Datum::Map(vec![(s("a"), int(1)), (s("b"), int(2))]);
        let m2 = Datum::Map(vec![(s("b"), int(2)), (s("a"), int(1))]);
        assert_eq!(
            yes(
                "=",
                (m1, "MAP<STRING, INT> NOT NULL"),
                (m2, "MAP<STRING, INT> NOT NULL")
            ),
            "TRUE"
        );
    }

    #[test]
    fn nulls_and_distinctness() {
        assert_eq!(
            shown("=", &[(Datum::Null, "INT"), (int(1), "INT NOT NULL")]),
            ("BOOLEAN".into(), "NULL".into())
        );
        assert_eq!(
            shown("<>", &[(Datum::Null, "NULL"), (int(1), "INT NOT NULL")]),
            ("BOOLEAN".into(), "NULL".into())
        );
        assert_eq!(
            shown("=", &[(int(1), "INT NOT NULL"), (int(1), "INT NOT NULL")]),
            ("BOOLEAN NOT NULL".into(), "TRUE".into())
        );
        let both_null = [(Datum::Null, "INT"), (Datum::Null, "INT")];
        assert_eq!(
            shown("IS DISTINCT FROM", &both_null),
            ("BOOLEAN NOT NULL".into(), "FALSE".into())
        );
        assert_eq!(
            shown("IS NOT DISTINCT FROM", &both_null),
            ("BOOLEAN NOT NULL".into(), "TRUE".into())
        );
        assert_eq!(
            shown(
                "IS DISTINCT FROM",
                &[(Datum::Null, "INT"), (int(1), "INT NOT NULL")]
            )
            .1,
            "TRUE"
        );
        assert_eq!(
            shown(
                "IS DISTINCT FROM",
                &[(int(1), "INT NOT NULL"), (int(2), "INT NOT NULL")]
            )
            .1,
            "TRUE"
        );
        assert_eq!(
            shown(
                "IS NOT DISTINCT FROM",
                &[
                    (int(1), "INT NOT NULL"),
                    (dec(10, 1), "DECIMAL(2, 1) NOT NULL")
                ]
            )
            .1,
            "TRUE"
        );
    }
}
