//! Flink's ARRAY_* functions: searching, reshaping and combining arrays.
//!
//! Elements compare as Flink compares them (numbers by value, NULL equal to NULL); the
//! results of combining arrays of different element types are widened to their common
//! type (`ARRAY_UNION(ARRAY[1], ARRAY[2.5])` is `[1.0, 2.5]`).

use std::cmp::Ordering;

use super::Scalar;
use super::args::{
    any_nullable, int, invalid_input, least_restrictive, order, str_datum, string, text, widen,
};
use super::args::{lenient, strict};
use super::collection::{array_of, element, equal, is_array, items};
use crate::backend::local::ftype::{FlinkType, Kind};
use crate::backend::local::value::Datum;

pub static FUNCTIONS: &[Scalar] = &[
    lenient("ARRAY_CONTAINS", contains_type, |a, sig, _| {
        if a[0].is_null() {
            return Ok(Datum::Null);
        }
        let needle = widen(&a[1], element(&sig.args[0]));
        Ok(Datum::Bool(items(&a[0]).iter().any(|x| equal(x, &needle))))
    }),
    strict("ARRAY_DISTINCT", same_array_type::<0>, |a, _, _| {
        Ok(Datum::Array(distinct(items(&a[0]))))
    }),
    strict("ARRAY_POSITION", position_type, |a, sig, _| {
        let needle = widen(&a[1], element(&sig.args[0]));
        let at = items(&a[0]).iter().position(|x| equal(x, &needle));
        Ok(Datum::Int(at.map_or(0, |i| i as i64 + 1)))
    }),
    lenient("ARRAY_REMOVE", remove_type, |a, sig, _| {
        if a[0].is_null() {
            return Ok(Datum::Null);
        }
        let needle = widen(&a[1], element(&sig.args[0]));
        let kept = items(&a[0]).iter().filter(|x| !equal(x, &needle)).cloned();
        Ok(Datum::Array(kept.collect()))
    }),
    strict("ARRAY_REVERSE", same_array_type::<1>, |a, _, _| {
        Ok(Datum::Array(items(&a[0]).iter().rev().cloned().collect()))
    }),
    strict("ARRAY_SLICE", slice_type, |a, _, _| {
        let all = items(&a[0]);
        let n = all.len() as i64;
        // 1-based and inclusive; a negative position counts from the end, 0 is 1.
        let at = |i: i64| match i {
            i if i < 0 => n + i + 1,
            0 => 1,
            i => i,
        };
        let start = at(int(&a[1])).max(1);
        let end = a.get(2).map_or(n, |e| at(int(e))).min(n);
        if start > end {
            return Ok(Datum::Array(Vec::new()));
        }
        Ok(Datum::Array(all[start as usize - 1..end as usize].to_vec()))
    }),
    strict("ARRAY_UNION", set_type::<0>, |a, sig, _| {
        let e = element(&sig.ret);
        let both: Vec<Datum> = a.iter().flat_map(items).map(|d| widen(d, e)).collect();
        Ok(Datum::Array(distinct(&both)))
    }),
    strict("ARRAY_CONCAT", concat_type, |a, sig, _| {
        let e = element(&sig.ret);
        Ok(Datum::Array(
            a.iter().flat_map(items).map(|d| widen(d, e)).collect(),
        ))
    }),
    strict("ARRAY_EXCEPT", set_type::<1>, |a, sig, _| {
        let e = element(&sig.ret);
        let (left, right) = (widened(&a[0], e), widened(&a[1], e));
        let kept: Vec<Datum> = left
            .into_iter()
            .filter(|x| !right.iter().any(|y| equal(x, y)))
            .collect();
        Ok(Datum::Array(distinct(&kept)))
    }),
    strict("ARRAY_INTERSECT", set_type::<2>, |a, sig, _| {
        let e = element(&sig.ret);
        let (left, right) = (widened(&a[0], e), widened(&a[1], e));
        let kept: Vec<Datum> = left
            .into_iter()
            .filter(|x| right.iter().any(|y| equal(x, y)))
            .collect();
        Ok(Datum::Array(distinct(&kept)))
    }),
    strict("ARRAY_MAX", extreme_type::<0>, |a, _, _| {
        Ok(extreme(items(&a[0]), Ordering::Greater))
    }),
    strict("ARRAY_MIN", extreme_type::<1>, |a, _, _| {
        Ok(extreme(items(&a[0]), Ordering::Less))
    }),
    strict("ARRAY_JOIN", join_type, |a, _, _| {
        let delimiter = text(&a[1]);
        let parts: Vec<&str> = items(&a[0])
            .iter()
            .filter_map(|d| match d {
                Datum::Str(s) => Some(s.as_str()),
                _ => a.get(2).map(text),
            })
            .collect();
        Ok(str_datum(parts.join(delimiter)))
    }),
    lenient("ARRAY_SORT", sort_type, |a, _, _| {
        if a.iter().any(Datum::is_null) {
            return Ok(Datum::Null);
        }
        let ascending = !matches!(a.get(1), Some(Datum::Bool(false)));
        let nulls_first = match a.get(2) {
            Some(Datum::Bool(b)) => *b,
            _ => ascending,
        };
        let mut sorted = items(&a[0]).to_vec();
        sorted.sort_by(|x, y| match (x.is_null(), y.is_null()) {
            (true, true) => Ordering::Equal,
            (true, false) if nulls_first => Ordering::Less,
            (true, false) => Ordering::Greater,
            (false, true) if nulls_first => Ordering::Greater,
            (false, true) => Ordering::Less,
            _ => {
                let o = order(x, y).unwrap_or(Ordering::Equal);
                if ascending { o } else { o.reverse() }
            }
        });
        Ok(Datum::Array(sorted))
    }),
    lenient("ARRAY_APPEND", append_type::<0>, |a, sig, _| {
        if a[0].is_null() {
            return Ok(Datum::Null);
        }
        let mut all = items(&a[0]).to_vec();
        all.push(widen(&a[1], element(&sig.ret)));
        Ok(Datum::Array(all))
    }),
    lenient("ARRAY_PREPEND", append_type::<1>, |a, sig, _| {
        if a[0].is_null() {
            return Ok(Datum::Null);
        }
        let mut all = vec![widen(&a[1], element(&sig.ret))];
        all.extend(items(&a[0]).iter().cloned());
        Ok(Datum::Array(all))
    }),
];

fn widened(d: &Datum, e: &FlinkType) -> Vec<Datum> {
    items(d).iter().map(|x| widen(x, e)).collect()
}

fn distinct(all: &[Datum]) -> Vec<Datum> {
    let mut out: Vec<Datum> = Vec::new();
    for d in all {
        if !out.iter().any(|o| equal(o, d)) {
            out.push(d.clone());
        }
    }
    out
}

fn extreme(all: &[Datum], wanted: Ordering) -> Datum {
    all.iter()
        .filter(|d| !d.is_null())
        .fold(None::<&Datum>, |best, d| match best {
            Some(b) if order(d, b) != Some(wanted) => Some(b),
            _ => Some(d),
        })
        .cloned()
        .unwrap_or(Datum::Null)
}

/// Whether a value of type `from` may stand where `to` is expected without an explicit
/// CAST (Flink's implicit casts: integers widen, exact numbers become DECIMAL or
/// approximate, strings of any length, the same type root otherwise).
fn fits_into(from: &FlinkType, to: &FlinkType) -> bool {
    let rank = |k: &Kind| match k {
        Kind::TinyInt => 1,
        Kind::SmallInt => 2,
        Kind::Int => 3,
        Kind::BigInt => 4,
        _ => 0,
    };
    match (&from.kind, &to.kind) {
        (Kind::Null, _) => true,
        (f, t) if from.is_integer() && to.is_integer() => rank(f) <= rank(t),
        (_, Kind::Decimal(..)) => from.is_integer() || from.is_decimal(),
        (_, Kind::Float | Kind::Double) => from.is_numeric(),
        _ if from.is_string() && to.is_string() => true,
        _ if from.is_binary() && to.is_binary() => true,
        (Kind::Timestamp(_), Kind::Timestamp(_)) | (Kind::Time(_), Kind::Time(_)) => true,
        (Kind::TimestampLtz(_), Kind::TimestampLtz(_)) => true,
        (Kind::Array(f), Kind::Array(t)) => fits_into(f, t),
        (Kind::Map(fk, fv), Kind::Map(tk, tv)) => fits_into(fk, tk) && fits_into(fv, tv),
        (f, t) => f == t || std::mem::discriminant(f) == std::mem::discriminant(t),
    }
}

/// `(array, element)` where the element fits the array's element type.
fn array_and_element(name: &str, a: &[FlinkType], signature: &str) -> Result<(), String> {
    match a {
        [arr, e] if is_array(arr) && fits_into(e, element(arr)) => Ok(()),
        _ => Err(invalid_input(name, a, signature)),
    }
}

fn contains_type(a: &[FlinkType]) -> Result<FlinkType, String> {
    array_and_element(
        "ARRAY_CONTAINS",
        a,
        "ARRAY_CONTAINS(haystack <ARRAY>, needle <ARRAY ELEMENT>)",
    )?;
    Ok(FlinkType::new(Kind::Boolean, a[0].nullable))
}

fn position_type(a: &[FlinkType]) -> Result<FlinkType, String> {
    array_and_element(
        "ARRAY_POSITION",
        a,
        "ARRAY_POSITION(haystack <ARRAY>, needle <ARRAY ELEMENT>)",
    )?;
    Ok(FlinkType::new(Kind::Int, any_nullable(a)))
}

fn remove_type(a: &[FlinkType]) -> Result<FlinkType, String> {
    array_and_element(
        "ARRAY_REMOVE",
        a,
        "ARRAY_REMOVE(haystack <ARRAY>, needle <ARRAY ELEMENT>)",
    )?;
    Ok(a[0].clone())
}

const SAME_ARRAY: [&str; 2] = ["ARRAY_DISTINCT", "ARRAY_REVERSE"];

fn same_array_type<const I: usize>(a: &[FlinkType]) -> Result<FlinkType, String> {
    match a {
        [arr] if is_array(arr) => Ok(arr.clone()),
        _ => Err(invalid_input(
            SAME_ARRAY[I],
            a,
            &format!("{}(<ARRAY>)", SAME_ARRAY[I]),
        )),
    }
}

fn slice_type(a: &[FlinkType]) -> Result<FlinkType, String> {
    let int_arg = |t: &FlinkType| t.is_integer() || t.is_null();
    match a {
        [arr, rest @ ..]
            if is_array(arr) && (1..=2).contains(&rest.len()) && rest.iter().all(int_arg) =>
        {
            Ok(arr.nullable_if(&rest.iter().collect::<Vec<_>>()))
        }
        _ => Err(invalid_input(
            "ARRAY_SLICE",
            a,
            "ARRAY_SLICE(array <ARRAY>, start_offset <INTEGER>[, end_offset <INTEGER>])",
        )),
    }
}

/// Arrays of a common element type: their common array type.
fn common_array(name: &str, a: &[FlinkType], signature: &str) -> Result<FlinkType, String> {
    if a.is_empty() || !a.iter().all(is_array) {
        return Err(invalid_input(name, a, signature));
    }
    let elements: Vec<&FlinkType> = a.iter().map(element).collect();
    let e = least_restrictive(&elements).ok_or_else(|| {
        let given: Vec<String> = a.iter().map(ToString::to_string).collect();
        format!(
            "Could not find a common type for arguments: [{}]",
            given.join(", ")
        )
    })?;
    Ok(array_of(e, any_nullable(a)))
}

const SETS: [&str; 3] = ["ARRAY_UNION", "ARRAY_EXCEPT", "ARRAY_INTERSECT"];

fn set_type<const I: usize>(a: &[FlinkType]) -> Result<FlinkType, String> {
    let signature = format!("{}(<ARRAY>, <ARRAY>)", SETS[I]);
    if a.len() != 2 {
        return Err(invalid_input(SETS[I], a, &signature));
    }
    common_array(SETS[I], a, &signature)
}

fn concat_type(a: &[FlinkType]) -> Result<FlinkType, String> {
    common_array("ARRAY_CONCAT", a, "ARRAY_CONCAT(<ARRAY>, <ARRAY>...)")
}

const EXTREMES: [&str; 2] = ["ARRAY_MAX", "ARRAY_MIN"];

fn extreme_type<const I: usize>(a: &[FlinkType]) -> Result<FlinkType, String> {
    match a {
        [arr] if is_array(arr) => {
            let e = element(arr);
            if matches!(
                e.kind,
                Kind::Array(_) | Kind::Map(..) | Kind::Multiset(_) | Kind::Row(_)
            ) {
                return Err(format!(
                    "Type '{e}' should support both 'EQUALS' and 'ORDER' comparison with itself."
                ));
            }
            Ok(e.with_nullable(true))
        }
        _ => Err(invalid_input(
            EXTREMES[I],
            a,
            &format!("{}(<ARRAY>)", EXTREMES[I]),
        )),
    }
}

fn join_type(a: &[FlinkType]) -> Result<FlinkType, String> {
    let text_arg = |t: &FlinkType| t.is_string() || t.is_null();
    match a {
        [arr, rest @ ..]
            if is_array(arr)
                && element(arr).is_string()
                && (1..=2).contains(&rest.len())
                && rest.iter().all(text_arg) =>
        {
            Ok(string(any_nullable(a)))
        }
        _ => Err(invalid_input(
            "ARRAY_JOIN",
            a,
            "ARRAY_JOIN(array <ARRAY<STRING>>, delimiter <STRING>[, null_replacement <STRING>])",
        )),
    }
}

/// `ARRAY_SORT(array[, ascending[, nulls_first]])`: ascending with NULLs first by
/// default; descending puts NULLs last unless told.
fn sort_type(a: &[FlinkType]) -> Result<FlinkType, String> {
    let bool_arg = |t: &FlinkType| t.kind == Kind::Boolean || t.is_null();
    match a {
        [arr, rest @ ..]
            if is_array(arr)
                && sortable(element(arr))
                && rest.len() <= 2
                && rest.iter().all(bool_arg) =>
        {
            Ok(arr.nullable_if(&rest.iter().collect::<Vec<_>>()))
        }
        _ => Err(invalid_input(
            "ARRAY_SORT",
            a,
            "ARRAY_SORT(array <ARRAY>[, ascending_order <BOOLEAN>[, null_first <BOOLEAN>]])",
        )),
    }
}

/// What ARRAY_SORT sorts: not BOOLEANs, nor collections or rows (Flink 2.3 refuses
/// them).
fn sortable(e: &FlinkType) -> bool {
    !matches!(
        e.kind,
        Kind::Boolean | Kind::Array(_) | Kind::Map(..) | Kind::Multiset(_) | Kind::Row(_)
    )
}

const APPENDS: [&str; 2] = ["ARRAY_APPEND", "ARRAY_PREPEND"];

fn append_type<const I: usize>(a: &[FlinkType]) -> Result<FlinkType, String> {
    array_and_element(
        APPENDS[I],
        a,
        &format!("{}(<ARRAY>, <ARRAY ELEMENT>)", APPENDS[I]),
    )?;
    let e = element(&a[0]);
    Ok(array_of(e.nullable_if(&[&a[1]]), any_nullable(a)))
}

#[cfg(test)]
mod tests {
    use super::super::args::testing::*;
    use super::super::collection::tests::*;
    use super::*;

    #[test]
    fn searching() {
        let b = |v: bool| Ok(Datum::Bool(v));
        assert_eq!(
            call("ARRAY_CONTAINS", vec![arr(&[1, 2]), lit(1)]),
            (b(true), "BOOLEAN NOT NULL".into())
        );
        assert_eq!(
            call("ARRAY_CONTAINS", vec![arr_n(&[Some(1), None]), null("INT")]).0,
            b(true)
        );
        assert_eq!(
            call("ARRAY_CONTAINS", vec![arr(&[1, 2]), null("INT")]).0,
            b(false)
        );
        assert!(
            call("ARRAY_CONTAINS", vec![arr(&[1, 2]), lit("a")])
                .0
                .is_err()
        );
        assert!(
            call(
                "ARRAY_CONTAINS",
                vec![arr(&[1, 2]), (Datum::Int(1), t("BIGINT NOT NULL"))]
            )
            .0
            .is_err()
        );
        let decimals = call("ARRAY", vec![dec("1.5"), lit(2)]);
        let decimals = (decimals.0.unwrap_or(Datum::Null), t(&decimals.1));
        assert_eq!(
            call("ARRAY_CONTAINS", vec![decimals, dec("1.50")]).0,
            b(true)
        );
        assert_eq!(
            call("ARRAY_POSITION", vec![arr(&[1, 2]), lit(2)]),
            (i(2), "INT NOT NULL".into())
        );
        assert_eq!(call("ARRAY_POSITION", vec![arr(&[1, 2]), lit(5)]).0, i(0));
        assert_eq!(
            call("ARRAY_POSITION", vec![arr_n(&[Some(1), None]), null("INT")]),
            (NULL, "INT".into())
        );
    }

    #[test]
    fn reshaping() {
        assert_eq!(
            call(
                "ARRAY_DISTINCT",
                vec![arr_n(&[Some(1), Some(1), None, Some(2), None])]
            ),
            (
                ints(&[Some(1), None, Some(2)]),
                "ARRAY<INT> NOT NULL".into()
            )
        );
        assert_eq!(
            call("ARRAY_REMOVE", vec![arr(&[1, 2, 1]), lit(1)]),
            (all(&[2]), "ARRAY<INT NOT NULL> NOT NULL".into())
        );
        assert_eq!(
            call(
                "ARRAY_REMOVE",
                vec![arr_n(&[Some(1), None, Some(2)]), null("INT")]
            )
            .0,
            all(&[1, 2])
        );
        assert_eq!(
            call("ARRAY_REVERSE", vec![arr_n(&[Some(1), Some(2), None])]).0,
            ints(&[None, Some(2), Some(1)])
        );
        let slice = |s: i64, e: Option<i64>| {
            let mut a = vec![arr(&[1, 2, 3, 4]), lit(s)];
            a.extend(e.map(lit));
            call("ARRAY_SLICE", a).0
        };
        assert_eq!(slice(2, Some(3)), all(&[2, 3]));
        assert_eq!(slice(-2, None), all(&[3, 4]));
        assert_eq!(slice(0, Some(2)), all(&[1, 2]));
        assert_eq!(slice(3, Some(2)), all(&[]));
        assert_eq!(slice(2, Some(10)), all(&[2, 3, 4]));
        assert_eq!(slice(-10, Some(2)), all(&[1, 2]));
        assert_eq!(slice(5, None), all(&[]));
        assert_eq!(
            call("ARRAY_APPEND", vec![arr(&[1]), lit(2)]),
            (all(&[1, 2]), "ARRAY<INT NOT NULL> NOT NULL".into())
        );
        assert_eq!(
            call("ARRAY_APPEND", vec![arr(&[1]), null("INT")]),
            (ints(&[Some(1), None]), "ARRAY<INT>".into())
        );
        assert_eq!(
            call("ARRAY_PREPEND", vec![arr(&[1]), lit(2)]).0,
            all(&[2, 1])
        );
        assert!(call("ARRAY_APPEND", vec![arr(&[1]), dec("2.5")]).0.is_err());
        // A longer string is cut to the element type, as Flink's implicit cast does.
        let letters = call_arr(vec![lit("a")]);
        assert_eq!(
            call("ARRAY_APPEND", vec![letters, lit("bc")]),
            (
                Ok(Datum::Array(vec![
                    Datum::Str("a".into()),
                    Datum::Str("b".into())
                ])),
                "ARRAY<CHAR(1) NOT NULL> NOT NULL".into()
            )
        );
    }

    #[test]
    fn combining() {
        assert_eq!(
            call(
                "ARRAY_UNION",
                vec![arr(&[1, 2, 2]), arr_n(&[Some(2), Some(3), None])]
            ),
            (
                ints(&[Some(1), Some(2), Some(3), None]),
                "ARRAY<INT> NOT NULL".into()
            )
        );
        assert_eq!(
            call("ARRAY_UNION", vec![arr(&[1]), call_arr(vec![dec("2.5")])]),
            (
                Ok(Datum::Array(vec![
                    Datum::Decimal(10, 1),
                    Datum::Decimal(25, 1)
                ])),
                "ARRAY<DECIMAL(11, 1) NOT NULL> NOT NULL".into()
            )
        );
        assert_eq!(
            call("ARRAY_CONCAT", vec![arr(&[1]), arr(&[2, 3])]),
            (all(&[1, 2, 3]), "ARRAY<INT NOT NULL> NOT NULL".into())
        );
        assert_eq!(
            call("ARRAY_CONCAT", vec![arr(&[1]), null("ARRAY<INT>")]),
            (NULL, "ARRAY<INT>".into())
        );
        assert_eq!(
            call(
                "ARRAY_EXCEPT",
                vec![
                    arr_n(&[Some(1), Some(2), Some(2), Some(3), None]),
                    arr(&[2])
                ]
            )
            .0,
            ints(&[Some(1), Some(3), None])
        );
        assert_eq!(
            call(
                "ARRAY_INTERSECT",
                vec![arr(&[1, 2, 2, 3]), arr(&[2, 2, 3, 4])]
            )
            .0,
            all(&[2, 3])
        );
        assert_eq!(
            call("ARRAY_MAX", vec![arr_n(&[Some(1), Some(3), None, Some(2)])]),
            (i(3), "INT".into())
        );
        let letters = call_arr(vec![lit("b"), lit("a")]);
        assert_eq!(call("ARRAY_MIN", vec![letters]), (s("a"), "CHAR(1)".into()));
        let nested = call_arr(vec![arr(&[1])]);
        assert!(call("ARRAY_MAX", vec![nested]).0.is_err());
    }
}
