//! Flink's collection functions: the ARRAY, MAP and ROW constructors, subscripts, and
//! the ARRAY_*/MAP_* functions.
//!
//! Call shapes the translator uses: `ARRAY[a, b]` is `'ARRAY'(a, b)`; `MAP[k1, v1, k2,
//! v2]` is `'MAP'(k1, v1, k2, v2)`; `ROW(a, b)` (and `(a, b)` where Flink reads a row)
//! is `'ROW'(a, b)`; `arr[i]` and `map[key]` are `'ITEM'(arr, i)` / `'ITEM'(map, key)`;
//! `row.field` is the translator's.

use std::cmp::Ordering;

use super::args::{
    any_nullable, int, invalid_input, least_restrictive, order, same, str_datum, string, text,
    widen,
};
use super::{Eval, Scalar, Session, Signature};
use crate::backend::local::ftype::{FlinkType, Kind};
use crate::backend::local::value::Datum;

pub static FUNCTIONS: &[Scalar] = &[
    lenient("ARRAY", array_type, |a, sig, _| {
        Ok(Datum::Array(
            a.iter().map(|d| widen(d, element(&sig.ret))).collect(),
        ))
    }),
    lenient("MAP", map_type, |a, sig, _| {
        let (k, v) = map_types(&sig.ret);
        let mut entries: Vec<(Datum, Datum)> = Vec::new();
        for pair in a.chunks(2) {
            if let [key, value] = pair {
                put(&mut entries, widen(key, k), widen(value, v));
            }
        }
        Ok(Datum::Map(entries))
    }),
    lenient("ROW", row_type, |a, _, _| Ok(Datum::Row(a.to_vec()))),
    strict("ITEM", item_type, item),
    strict("CARDINALITY", cardinality_type, |a, sig, _| {
        Ok(Datum::Int(match (&a[0], &sig.args[0].kind) {
            (Datum::Map(entries), Kind::Multiset(_)) => entries.iter().map(|(_, n)| int(n)).sum(),
            (Datum::Map(entries), _) => entries.len() as i64,
            (Datum::Array(items), _) => items.len() as i64,
            _ => 0,
        }))
    }),
    strict("ELEMENT", element_type, |a, _, _| match items(&a[0]) {
        [] => Ok(Datum::Null),
        [one] => Ok(one.clone()),
        _ => Err("Array has more than one element.".into()),
    }),
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
    strict("SPLIT", split_type, |a, _, _| {
        let (s, delimiter) = (text(&a[0]), text(&a[1]));
        let parts: Vec<Datum> = if s.is_empty() {
            Vec::new()
        } else if delimiter.is_empty() {
            s.chars().map(|c| str_datum(c.to_string())).collect()
        } else {
            s.split(delimiter).map(str_datum).collect()
        };
        Ok(Datum::Array(parts))
    }),
    strict("MAP_KEYS", map_part_type::<0>, |a, _, _| {
        Ok(Datum::Array(
            entries(&a[0]).iter().map(|(k, _)| k.clone()).collect(),
        ))
    }),
    strict("MAP_VALUES", map_part_type::<1>, |a, _, _| {
        Ok(Datum::Array(
            entries(&a[0]).iter().map(|(_, v)| v.clone()).collect(),
        ))
    }),
    strict("MAP_ENTRIES", map_part_type::<2>, |a, _, _| {
        Ok(Datum::Array(
            entries(&a[0])
                .iter()
                .map(|(k, v)| Datum::Row(vec![k.clone(), v.clone()]))
                .collect(),
        ))
    }),
    strict("MAP_FROM_ARRAYS", from_arrays_type, |a, _, _| {
        let (keys, values) = (items(&a[0]), items(&a[1]));
        if keys.len() != values.len() {
            return Err(format!(
                "Invalid function MAP_FROM_ARRAYS call: the keys array has {} elements but the values array {}; they must be equally long.",
                keys.len(),
                values.len()
            ));
        }
        Ok(Datum::Map(
            keys.iter().cloned().zip(values.iter().cloned()).collect(),
        ))
    }),
    strict("MAP_UNION", map_union_type, |a, sig, _| {
        let (k, v) = map_types(&sig.ret);
        // Flink's order: each later map's entries first, then the earlier keys it lacks.
        let mut all: Vec<(Datum, Datum)> = Vec::new();
        for map in a {
            let newer: Vec<(Datum, Datum)> = entries(map)
                .iter()
                .map(|(key, value)| (widen(key, k), widen(value, v)))
                .collect();
            all.retain(|(old, _)| !newer.iter().any(|(new, _)| equal(old, new)));
            all.splice(0..0, newer);
        }
        Ok(Datum::Map(all))
    }),
];

const fn strict(
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
const fn lenient(
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

fn items(d: &Datum) -> &[Datum] {
    match d {
        Datum::Array(items) => items,
        _ => &[],
    }
}

fn entries(d: &Datum) -> &[(Datum, Datum)] {
    match d {
        Datum::Map(entries) => entries,
        _ => &[],
    }
}

fn widened(d: &Datum, e: &FlinkType) -> Vec<Datum> {
    items(d).iter().map(|x| widen(x, e)).collect()
}

/// Equal as Flink's collection functions compare elements: NULL equals NULL.
fn equal(a: &Datum, b: &Datum) -> bool {
    a.is_null() && b.is_null() || same(a, b)
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

/// A map entry; a key already there gets the new value in its place.
fn put(entries: &mut Vec<(Datum, Datum)>, key: Datum, value: Datum) {
    match entries.iter_mut().find(|(k, _)| equal(k, &key)) {
        Some(entry) => entry.1 = value,
        None => entries.push((key, value)),
    }
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

/// The element type of an ARRAY (or MULTISET) type.
fn element(t: &FlinkType) -> &FlinkType {
    match &t.kind {
        Kind::Array(e) | Kind::Multiset(e) => e,
        _ => t,
    }
}

fn map_types(t: &FlinkType) -> (&FlinkType, &FlinkType) {
    match &t.kind {
        Kind::Map(k, v) => (k, v),
        _ => (t, t),
    }
}

fn is_array(t: &FlinkType) -> bool {
    matches!(t.kind, Kind::Array(_))
}

fn is_map(t: &FlinkType) -> bool {
    matches!(t.kind, Kind::Map(..))
}

fn array_of(e: FlinkType, nullable: bool) -> FlinkType {
    FlinkType::new(Kind::Array(Box::new(e)), nullable)
}

/// The common type of values side by side, or Calcite's error.
fn common(types: &[&FlinkType]) -> Result<FlinkType, String> {
    match least_restrictive(types) {
        Some(t) if !t.is_null() => Ok(t),
        _ => Err("Parameters must be of the same type".into()),
    }
}

fn array_type(a: &[FlinkType]) -> Result<FlinkType, String> {
    if a.is_empty() {
        return Err("Require at least 1 argument".into());
    }
    let e = common(&a.iter().collect::<Vec<_>>())?;
    Ok(array_of(e, false))
}

fn map_type(a: &[FlinkType]) -> Result<FlinkType, String> {
    if a.is_empty() || !a.len().is_multiple_of(2) {
        return Err("Map requires an even number of arguments".into());
    }
    let keys: Vec<&FlinkType> = a.iter().step_by(2).collect();
    let values: Vec<&FlinkType> = a.iter().skip(1).step_by(2).collect();
    Ok(FlinkType::not_null(Kind::Map(
        Box::new(common(&keys)?),
        Box::new(common(&values)?),
    )))
}

/// `ROW(1, 'x')` is `ROW<EXPR$0 INT NOT NULL, EXPR$1 CHAR(1) NOT NULL> NOT NULL`.
fn row_type(a: &[FlinkType]) -> Result<FlinkType, String> {
    if a.iter().any(FlinkType::is_null) {
        return Err(
            "Illegal use of 'NULL' (cast it to the field's type: CAST(NULL AS INT))".into(),
        );
    }
    Ok(FlinkType::not_null(Kind::Row(
        a.iter()
            .enumerate()
            .map(|(i, t)| (format!("EXPR${i}"), t.clone()))
            .collect(),
    )))
}

fn item_type(a: &[FlinkType]) -> Result<FlinkType, String> {
    let wrong = || {
        let given: Vec<String> = a.iter().map(ToString::to_string).collect();
        format!(
            "Cannot apply 'ITEM' to arguments of type 'ITEM({})'. Supported form(s): <ARRAY>[<INTEGER>] <MAP>[<ANY>]",
            given.join(", ")
        )
    };
    match a {
        [arr, i] if is_array(arr) && (i.is_integer() || i.is_null()) => {
            Ok(element(arr).with_nullable(true))
        }
        [map, key] if is_map(map) => {
            let (k, v) = map_types(map);
            if !key.is_null() && FlinkType::common(&[k, key]).is_none() {
                return Err(wrong());
            }
            Ok(v.with_nullable(true))
        }
        _ => Err(wrong()),
    }
}

/// `arr[i]` (1-based; past the end NULL, below 1 an error) and `map[key]`.
fn item(a: &[Datum], sig: &Signature, _: &Session) -> Eval {
    match &a[0] {
        Datum::Array(items) => {
            let i = int(&a[1]);
            if i < 1 {
                return Err(format!(
                    "Array element access needs an index starting at 1 but was {i}."
                ));
            }
            Ok(items.get(i as usize - 1).cloned().unwrap_or(Datum::Null))
        }
        Datum::Map(entries) => {
            let (k, _) = map_types(&sig.args[0]);
            let key = widen(&a[1], k);
            Ok(entries
                .iter()
                .find(|(k, _)| same(k, &key))
                .map_or(Datum::Null, |(_, v)| v.clone()))
        }
        _ => Ok(Datum::Null),
    }
}

fn cardinality_type(a: &[FlinkType]) -> Result<FlinkType, String> {
    match a {
        [t] if matches!(t.kind, Kind::Array(_) | Kind::Map(..) | Kind::Multiset(_))
            || t.is_null() =>
        {
            Ok(FlinkType::new(Kind::Int, t.nullable))
        }
        [t] => Err(format!(
            "Cannot apply 'CARDINALITY' to arguments of type 'CARDINALITY(<{}>)'. Supported form(s): 'CARDINALITY(<MULTISET>)' 'CARDINALITY(<ARRAY>)' 'CARDINALITY(<MAP>)'",
            super::args::calcite_name(t)
        )),
        _ => Err(
            "Invalid number of arguments to function 'CARDINALITY'. Was expecting 1 arguments"
                .into(),
        ),
    }
}

fn element_type(a: &[FlinkType]) -> Result<FlinkType, String> {
    match a {
        [arr] if is_array(arr) => Ok(element(arr).nullable_if(&[arr])),
        _ => Err(invalid_input("ELEMENT", a, "ELEMENT(<ARRAY>)")),
    }
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
        [arr, rest @ ..] if is_array(arr) && rest.len() <= 2 && rest.iter().all(bool_arg) => {
            Ok(arr.nullable_if(&rest.iter().collect::<Vec<_>>()))
        }
        _ => Err(invalid_input(
            "ARRAY_SORT",
            a,
            "ARRAY_SORT(array <ARRAY>[, ascending_order <BOOLEAN>[, null_first <BOOLEAN>]])",
        )),
    }
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

fn split_type(a: &[FlinkType]) -> Result<FlinkType, String> {
    let text_arg = |t: &FlinkType| t.is_string() || t.is_null();
    match a {
        [s, d] if text_arg(s) && text_arg(d) => Ok(array_of(string(true), any_nullable(a))),
        _ => Err(invalid_input(
            "SPLIT",
            a,
            "SPLIT(string <STRING>, delimiter <STRING>)",
        )),
    }
}

const MAP_PARTS: [&str; 3] = ["MAP_KEYS", "MAP_VALUES", "MAP_ENTRIES"];

fn map_part_type<const I: usize>(a: &[FlinkType]) -> Result<FlinkType, String> {
    match a {
        [m] if is_map(m) => {
            let (k, v) = map_types(m);
            let e = match I {
                0 => k.clone(),
                1 => v.clone(),
                _ => FlinkType::nullable(Kind::Row(vec![
                    ("key".into(), k.clone()),
                    ("value".into(), v.clone()),
                ])),
            };
            Ok(array_of(e, m.nullable))
        }
        _ => Err(invalid_input(
            MAP_PARTS[I],
            a,
            &format!("{}(<MAP>)", MAP_PARTS[I]),
        )),
    }
}

fn from_arrays_type(a: &[FlinkType]) -> Result<FlinkType, String> {
    match a {
        [k, v] if is_array(k) && is_array(v) => Ok(FlinkType::new(
            Kind::Map(Box::new(element(k).clone()), Box::new(element(v).clone())),
            any_nullable(a),
        )),
        _ => Err(invalid_input(
            "MAP_FROM_ARRAYS",
            a,
            "MAP_FROM_ARRAYS(keysArray <ARRAY>, valuesArray <ARRAY>)",
        )),
    }
}

fn map_union_type(a: &[FlinkType]) -> Result<FlinkType, String> {
    let signature = "MAP_UNION(<MAP>, <MAP>...)";
    if a.is_empty() || !a.iter().all(is_map) {
        return Err(invalid_input("MAP_UNION", a, signature));
    }
    let keys: Vec<&FlinkType> = a.iter().map(|m| map_types(m).0).collect();
    let values: Vec<&FlinkType> = a.iter().map(|m| map_types(m).1).collect();
    match (least_restrictive(&keys), least_restrictive(&values)) {
        (Some(k), Some(v)) => Ok(FlinkType::new(
            Kind::Map(Box::new(k), Box::new(v)),
            any_nullable(a),
        )),
        _ => Err(invalid_input("MAP_UNION", a, signature)),
    }
}

#[cfg(test)]
mod tests {
    use super::super::args::testing::*;
    use super::*;

    fn arr(v: &[i64]) -> (Datum, FlinkType) {
        let args: Vec<(Datum, FlinkType)> = v.iter().map(|x| lit(*x)).collect();
        let (d, t) = call("ARRAY", args);
        (d.unwrap_or(Datum::Null), t_of(&t))
    }

    fn t_of(name: &str) -> FlinkType {
        t(name)
    }

    /// An ARRAY<INT> with NULLs where `None`.
    fn arr_n(v: &[Option<i64>]) -> (Datum, FlinkType) {
        let args: Vec<(Datum, FlinkType)> = v
            .iter()
            .map(|x| x.map_or_else(|| null("INT"), lit))
            .collect();
        let (d, t) = call("ARRAY", args);
        (d.unwrap_or(Datum::Null), t_of(&t))
    }

    fn ints(v: &[Option<i64>]) -> Result<Datum, String> {
        Ok(Datum::Array(
            v.iter()
                .map(|x| x.map_or(Datum::Null, Datum::Int))
                .collect(),
        ))
    }

    fn all(v: &[i64]) -> Result<Datum, String> {
        ints(&v.iter().map(|x| Some(*x)).collect::<Vec<_>>())
    }

    fn dec(v: &str) -> (Datum, FlinkType) {
        let scale = v.split_once('.').map_or(0, |(_, f)| f.len());
        let digits = v.chars().filter(|c| *c != '.').count();
        let unscaled: i128 = v.replace('.', "").parse().unwrap_or_default();
        let ty = format!("DECIMAL({digits}, {scale}) NOT NULL");
        (Datum::Decimal(unscaled, scale as u8), t(&ty))
    }

    #[test]
    fn constructors() {
        assert_eq!(
            call("ARRAY", vec![lit(1), lit(2)]),
            (all(&[1, 2]), "ARRAY<INT NOT NULL> NOT NULL".into())
        );
        assert_eq!(
            call("ARRAY", vec![lit(1), null("INT")]),
            (ints(&[Some(1), None]), "ARRAY<INT> NOT NULL".into())
        );
        assert_eq!(
            call("ARRAY", vec![lit("a"), lit("bcd")]).1,
            "ARRAY<VARCHAR(3) NOT NULL> NOT NULL"
        );
        assert_eq!(
            call("ARRAY", vec![lit(1), dec("2.5")]),
            (
                Ok(Datum::Array(vec![
                    Datum::Decimal(10, 1),
                    Datum::Decimal(25, 1)
                ])),
                "ARRAY<DECIMAL(11, 1) NOT NULL> NOT NULL".into()
            )
        );
        assert_eq!(
            call("ARRAY", vec![null("NULL")]).0,
            Err("Parameters must be of the same type".into())
        );
        assert_eq!(
            call("ARRAY", vec![lit(1), lit("a")]).0,
            Err("Parameters must be of the same type".into())
        );
        let m = call("MAP", vec![lit("a"), lit(1), lit("a"), lit(2)]);
        assert_eq!(
            m,
            (
                Ok(Datum::Map(vec![(Datum::Str("a".into()), Datum::Int(2))])),
                "MAP<CHAR(1) NOT NULL, INT NOT NULL> NOT NULL".into()
            )
        );
        assert_eq!(
            call("MAP", vec![lit("a")]).0,
            Err("Map requires an even number of arguments".into())
        );
        assert_eq!(
            call("ROW", vec![lit(1), lit("x")]),
            (
                Ok(Datum::Row(vec![Datum::Int(1), Datum::Str("x".into())])),
                "ROW<`EXPR$0` INT NOT NULL, `EXPR$1` CHAR(1) NOT NULL> NOT NULL".into()
            )
        );
    }

    #[test]
    fn subscripts_and_sizes() {
        assert_eq!(
            call("ITEM", vec![arr(&[1, 2]), lit(1)]),
            (i(1), "INT".into())
        );
        assert_eq!(call("ITEM", vec![arr(&[1, 2]), lit(3)]).0, NULL);
        assert_eq!(
            call("ITEM", vec![arr(&[1, 2]), lit(0)]).0,
            Err("Array element access needs an index starting at 1 but was 0.".into())
        );
        let map = call("MAP", vec![lit("a"), lit(1)]);
        let map = (map.0.unwrap_or(Datum::Null), t(&map.1));
        assert_eq!(
            call("ITEM", vec![map.clone(), lit("a")]),
            (i(1), "INT".into())
        );
        assert_eq!(call("ITEM", vec![map.clone(), lit("z")]).0, NULL);
        assert_eq!(
            call("CARDINALITY", vec![arr(&[1, 2])]),
            (i(2), "INT NOT NULL".into())
        );
        assert_eq!(call("CARDINALITY", vec![map.clone()]).0, i(1));
        assert_eq!(
            call("CARDINALITY", vec![null("ARRAY<INT>")]),
            (NULL, "INT".into())
        );
        assert!(call("CARDINALITY", vec![lit("abc")]).0.is_err());
        assert_eq!(
            call("ELEMENT", vec![arr(&[1])]),
            (i(1), "INT NOT NULL".into())
        );
        assert_eq!(
            call("ELEMENT", vec![arr(&[1, 2])]).0,
            Err("Array has more than one element.".into())
        );
        let keys = call("MAP_KEYS", vec![map.clone()]);
        assert_eq!(
            keys,
            (
                Ok(Datum::Array(vec![Datum::Str("a".into())])),
                "ARRAY<CHAR(1) NOT NULL> NOT NULL".into()
            )
        );
        assert_eq!(
            call("MAP_VALUES", vec![map.clone()]),
            (all(&[1]), "ARRAY<INT NOT NULL> NOT NULL".into())
        );
        assert_eq!(
            call("MAP_ENTRIES", vec![map]).1,
            "ARRAY<ROW<`key` CHAR(1) NOT NULL, `value` INT NOT NULL>> NOT NULL"
        );
    }

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

    fn call_arr(args: Vec<(Datum, FlinkType)>) -> (Datum, FlinkType) {
        let (d, ty) = call("ARRAY", args);
        (d.unwrap_or(Datum::Null), t(&ty))
    }

    #[test]
    fn strings_and_sorting() {
        let strs = call_arr(vec![lit("a"), null("STRING"), lit("b")]);
        assert_eq!(
            call("ARRAY_JOIN", vec![strs.clone(), lit(",")]),
            (s("a,b"), "STRING NOT NULL".into())
        );
        assert_eq!(
            call("ARRAY_JOIN", vec![strs, lit(","), lit("n")]).0,
            s("a,n,b")
        );
        assert!(call("ARRAY_JOIN", vec![arr(&[1, 2]), lit(",")]).0.is_err());
        let unsorted = arr_n(&[Some(3), None, Some(1)]);
        let sort = |flags: Vec<(Datum, FlinkType)>| {
            let mut a = vec![unsorted.clone()];
            a.extend(flags);
            call("ARRAY_SORT", a).0
        };
        let flag = |v: bool| (Datum::Bool(v), t("BOOLEAN NOT NULL"));
        assert_eq!(sort(vec![]), ints(&[None, Some(1), Some(3)]));
        assert_eq!(sort(vec![flag(false)]), ints(&[Some(3), Some(1), None]));
        assert_eq!(
            sort(vec![flag(true), flag(false)]),
            ints(&[Some(1), Some(3), None])
        );
        assert_eq!(
            sort(vec![flag(false), flag(true)]),
            ints(&[None, Some(3), Some(1)])
        );
        let strs = |v: &[&str]| {
            Ok(Datum::Array(
                v.iter().map(|x| Datum::Str((*x).into())).collect(),
            ))
        };
        assert_eq!(
            call("SPLIT", vec![lit("a,,b"), lit(",")]),
            (strs(&["a", "", "b"]), "ARRAY<STRING> NOT NULL".into())
        );
        assert_eq!(
            call("SPLIT", vec![lit("abc"), lit("")]).0,
            strs(&["a", "b", "c"])
        );
        assert_eq!(call("SPLIT", vec![lit(""), lit(",")]).0, strs(&[]));
        assert_eq!(
            call("SPLIT", vec![null("STRING"), lit(",")]),
            (NULL, "ARRAY<STRING>".into())
        );
    }

    #[test]
    fn maps() {
        let keys = call_arr(vec![lit("a"), lit("b")]);
        assert_eq!(
            call("MAP_FROM_ARRAYS", vec![keys.clone(), arr(&[1, 2])]),
            (
                Ok(Datum::Map(vec![
                    (Datum::Str("a".into()), Datum::Int(1)),
                    (Datum::Str("b".into()), Datum::Int(2))
                ])),
                "MAP<CHAR(1) NOT NULL, INT NOT NULL> NOT NULL".into()
            )
        );
        assert!(call("MAP_FROM_ARRAYS", vec![keys, arr(&[1])]).0.is_err());
        let map = |k: &str, v: (Datum, FlinkType)| {
            let (d, ty) = call("MAP", vec![lit(k), v]);
            (d.unwrap_or(Datum::Null), t(&ty))
        };
        assert_eq!(
            call("MAP_UNION", vec![map("a", lit(1)), map("a", lit(2))]).0,
            Ok(Datum::Map(vec![(Datum::Str("a".into()), Datum::Int(2))]))
        );
        assert_eq!(
            call("MAP_UNION", vec![map("a", lit(1)), map("b", dec("2.5"))]),
            (
                Ok(Datum::Map(vec![
                    (Datum::Str("b".into()), Datum::Decimal(25, 1)),
                    (Datum::Str("a".into()), Datum::Decimal(10, 1))
                ])),
                "MAP<CHAR(1) NOT NULL, DECIMAL(11, 1) NOT NULL> NOT NULL".into()
            )
        );
        let pair = |k1: &str, k2: &str, v1: i64, v2: i64| {
            let (d, ty) = call("MAP", vec![lit(k1), lit(v1), lit(k2), lit(v2)]);
            (d.unwrap_or(Datum::Null), t(&ty))
        };
        let keys = |d: Result<Datum, String>| match d {
            Ok(Datum::Map(e)) => e
                .into_iter()
                .map(|(k, v)| format!("{k:?}={v:?}"))
                .collect::<Vec<_>>()
                .join(" "),
            other => format!("{other:?}"),
        };
        assert_eq!(
            keys(
                call(
                    "MAP_UNION",
                    vec![pair("x", "y", 1, 2), pair("y", "z", 3, 4)]
                )
                .0
            ),
            r#"Str("y")=Int(3) Str("z")=Int(4) Str("x")=Int(1)"#
        );
    }
}
