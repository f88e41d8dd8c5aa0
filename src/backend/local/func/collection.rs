//! Flink's collection constructors and accessors: ARRAY, MAP and ROW, subscripts,
//! CARDINALITY, ELEMENT, SPLIT and the MAP_* functions (the ARRAY_* ones are in
//! `array`).
//!
//! Call shapes the translator uses: `ARRAY[a, b]` is `'ARRAY'(a, b)`; `MAP[k1, v1, k2,
//! v2]` is `'MAP'(k1, v1, k2, v2)`; `ROW(a, b)` (and `(a, b)` where Flink reads a row)
//! is `'ROW'(a, b)`; `arr[i]` and `map[key]` are `'ITEM'(arr, i)` / `'ITEM'(map, key)`;
//! `row.field` is the translator's.

use super::args::{
    any_nullable, int, invalid_input, least_restrictive, lenient, same, str_datum, strict, string,
    text, widen,
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

pub(super) fn items(d: &Datum) -> &[Datum] {
    match d {
        Datum::Array(items) => items,
        _ => &[],
    }
}

pub(super) fn entries(d: &Datum) -> &[(Datum, Datum)] {
    match d {
        Datum::Map(entries) => entries,
        _ => &[],
    }
}

/// Equal as Flink's collection functions compare elements: NULL equals NULL.
pub(super) fn equal(a: &Datum, b: &Datum) -> bool {
    a.is_null() && b.is_null() || same(a, b)
}

/// A map entry; a key already there gets the new value in its place.
fn put(entries: &mut Vec<(Datum, Datum)>, key: Datum, value: Datum) {
    match entries.iter_mut().find(|(k, _)| equal(k, &key)) {
        Some(entry) => entry.1 = value,
        None => entries.push((key, value)),
    }
}

/// The element type of an ARRAY (or MULTISET) type.
pub(super) fn element(t: &FlinkType) -> &FlinkType {
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

pub(super) fn is_array(t: &FlinkType) -> bool {
    matches!(t.kind, Kind::Array(_))
}

fn is_map(t: &FlinkType) -> bool {
    matches!(t.kind, Kind::Map(..))
}

pub(super) fn array_of(e: FlinkType, nullable: bool) -> FlinkType {
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
pub(super) mod tests {
    use super::super::args::testing::*;
    use super::*;

    pub(crate) fn arr(v: &[i64]) -> (Datum, FlinkType) {
        let args: Vec<(Datum, FlinkType)> = v.iter().map(|x| lit(*x)).collect();
        let (d, t) = call("ARRAY", args);
        (d.unwrap_or(Datum::Null), t_of(&t))
    }

    pub(crate) fn t_of(name: &str) -> FlinkType {
        t(name)
    }

    /// An ARRAY<INT> with NULLs where `None`.
    pub(crate) fn arr_n(v: &[Option<i64>]) -> (Datum, FlinkType) {
        let args: Vec<(Datum, FlinkType)> = v
            .iter()
            .map(|x| x.map_or_else(|| null("INT"), lit))
            .collect();
        let (d, t) = call("ARRAY", args);
        (d.unwrap_or(Datum::Null), t_of(&t))
    }

    pub(crate) fn ints(v: &[Option<i64>]) -> Result<Datum, String> {
        Ok(Datum::Array(
            v.iter()
                .map(|x| x.map_or(Datum::Null, Datum::Int))
                .collect(),
        ))
    }

    pub(crate) fn all(v: &[i64]) -> Result<Datum, String> {
        ints(&v.iter().map(|x| Some(*x)).collect::<Vec<_>>())
    }

    pub(crate) fn call_arr(args: Vec<(Datum, FlinkType)>) -> (Datum, FlinkType) {
        let (d, ty) = call("ARRAY", args);
        (d.unwrap_or(Datum::Null), t(&ty))
    }

    pub(crate) fn dec(v: &str) -> (Datum, FlinkType) {
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
        let letters = call_arr(vec![lit("b"), lit("a"), lit("B"), lit("é")]);
        let texts = |v: &[&str]| {
            Ok(Datum::Array(
                v.iter().map(|x| Datum::Str((*x).into())).collect(),
            ))
        };
        assert_eq!(
            call("ARRAY_SORT", vec![letters]).0,
            texts(&["B", "a", "b", "é"])
        );
        let booleans = call_arr(vec![flag(true), flag(false)]);
        assert!(call("ARRAY_SORT", vec![booleans]).0.is_err());
        assert!(
            call("ARRAY_SORT", vec![call_arr(vec![arr(&[2]), arr(&[1])])])
                .0
                .is_err()
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
