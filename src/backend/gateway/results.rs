//! The gateway's result pages (`FetchResultsResponseBody` with `rowFormat=JSON`) and
//! their rows turned into typed `Value`s by the columns' logical types.

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use serde::Deserialize;
use serde_json::value::RawValue;

use crate::backend::values;
use crate::render::flink;
use crate::result::{ChangeKind, Column, Value};
use crate::types::{DataType, type_name};

/// One page of `GET …/operations/{o}/result/{token}?rowFormat=JSON`.
#[derive(Debug, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Page {
    #[serde(default)]
    pub result_type: String,
    #[serde(default)]
    pub is_query_result: bool,
    #[serde(default, rename = "jobID")]
    pub job_id: Option<String>,
    #[serde(default)]
    pub result_kind: String,
    #[serde(default)]
    pub results: Option<ResultInfo>,
    #[serde(default)]
    pub next_result_uri: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
pub struct ResultInfo {
    #[serde(default)]
    pub columns: Vec<ColumnInfo>,
    #[serde(default)]
    pub data: Vec<RowData>,
}

#[derive(Debug, Deserialize)]
pub struct ColumnInfo {
    pub name: String,
    /// Flink's `LogicalTypeJsonSerializer` form, kept raw until converted.
    #[serde(rename = "logicalType", default)]
    pub logical_type: serde_json::Value,
}

#[derive(Debug, Deserialize)]
pub struct RowData {
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub fields: Vec<Box<RawValue>>,
}

impl Page {
    /// The token in `nextResultUri` (`/v2/sessions/…/result/{token}?rowFormat=JSON`);
    /// none at the end of the result.
    pub fn next_token(&self) -> Option<Result<String, String>> {
        let uri = self.next_result_uri.as_deref()?.trim();
        if uri.is_empty() {
            return None;
        }
        let path = uri.split(['?', '#']).next().unwrap_or("");
        let mut segments = path.rsplit('/');
        let token = segments.next().unwrap_or("");
        let ok = segments.next() == Some("result") && token.parse::<u64>().is_ok();
        Some(if ok {
            Ok(token.to_string())
        } else {
            Err(uri.to_string())
        })
    }
}

/// Flink's row kinds by name.
pub fn change_kind(kind: &str) -> Option<ChangeKind> {
    Some(match kind {
        "INSERT" | "" => ChangeKind::Insert,
        "UPDATE_BEFORE" => ChangeKind::UpdateBefore,
        "UPDATE_AFTER" => ChangeKind::UpdateAfter,
        "DELETE" => ChangeKind::Delete,
        _ => return None,
    })
}

/// A column's logical type in the shell's `DataType` form. Flink spells the nested
/// fields in camelCase (`elementType`, `fieldType`) where sql/v1 uses snake_case;
/// otherwise the shapes are the same, so the names and conversions are shared.
pub fn data_type(logical: &serde_json::Value) -> DataType {
    serde_json::from_value(snake_keys(logical)).unwrap_or_default()
}

fn snake_keys(v: &serde_json::Value) -> serde_json::Value {
    use serde_json::Value as J;
    match v {
        J::Object(map) => J::Object(
            map.iter()
                .map(|(k, v)| {
                    let key = match k.as_str() {
                        "keyType" => "key_type",
                        "valueType" => "value_type",
                        "elementType" => "element_type",
                        "fieldType" => "field_type",
                        "fractionalPrecision" => "fractional_precision",
                        other => other,
                    };
                    (key.to_string(), snake_keys(v))
                })
                .collect(),
        ),
        J::Array(items) => J::Array(items.iter().map(snake_keys).collect()),
        other => other.clone(),
    }
}

/// The columns the sink sees, and the types their values are read with.
pub fn columns(infos: &[ColumnInfo]) -> (Vec<Column>, Vec<DataType>) {
    let types: Vec<DataType> = infos.iter().map(|c| data_type(&c.logical_type)).collect();
    let columns = infos
        .iter()
        .zip(&types)
        .map(|(c, t)| Column::new(c.name.clone(), type_name(t)))
        .collect();
    (columns, types)
}

/// One JSON field as Flink's JSON format writes it, read by its logical type into the
/// value the Flink SQL Client would print (the text itself: `render::flink`). Read raw,
/// so a DECIMAL keeps every digit (`12345678901234567890.123456789`, `1E+1`). Where the
/// wire form differs from sql/v1 — a ROW as an object keyed by field name, a MAP or
/// MULTISET as an object, BYTES in base64, intervals as numbers, temporal values in ISO
/// form — it is handled here; the rest goes through the cloud backend's conversion.
pub fn to_value(raw: &RawValue, t: &DataType) -> Value {
    use serde_json::from_str;
    let text = raw.get();
    if text == "null" {
        return Value::Null;
    }
    let root = t.type_root.to_ascii_uppercase();
    let precision = || t.precision.and_then(|p| u32::try_from(p).ok()).unwrap_or(0);
    let converted = match root.as_str() {
        "ROW" => from_str::<BTreeMap<String, &RawValue>>(text)
            .ok()
            .map(|obj| {
                Value::Row(
                    t.fields
                        .iter()
                        .map(|f| match obj.get(&f.name) {
                            Some(v) => to_value(v, &f.field_type),
                            None => Value::Null,
                        })
                        .collect(),
                )
            }),
        "ARRAY" => t.element_type.as_deref().and_then(|elem| {
            from_str::<Vec<&RawValue>>(text)
                .ok()
                .map(|items| Value::Array(items.iter().map(|i| to_value(i, elem)).collect()))
        }),
        "MAP" => match (&t.key_type, &t.value_type) {
            (Some(k), Some(v)) => from_str::<Entries<&RawValue>>(text)
                .ok()
                .map(|Entries(obj)| {
                    Value::Map(
                        obj.iter()
                            .map(|(key, value)| (key_value(key, k), to_value(value, v)))
                            .collect(),
                    )
                }),
            _ => None,
        },
        // A multiset is written as element → count.
        "MULTISET" => t.element_type.as_deref().and_then(|elem| {
            from_str::<Entries<i64>>(text).ok().map(|Entries(obj)| {
                Value::Map(
                    obj.iter()
                        .map(|(key, count)| (key_value(key, elem), Value::Int(*count)))
                        .collect(),
                )
            })
        }),
        "DECIMAL" => {
            let digits = from_str::<String>(text).unwrap_or_else(|_| text.to_string());
            let scale = t.scale.and_then(|s| u32::try_from(s).ok()).unwrap_or(0);
            flink::decimal(&digits, scale).map(Value::Decimal)
        }
        "DATE" => from_str::<String>(text)
            .ok()
            .and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok())
            .map(|d| Value::Text(flink::date(d))),
        "TIME_WITHOUT_TIME_ZONE" => from_str::<String>(text)
            .ok()
            .and_then(|s| NaiveTime::parse_from_str(&s, "%H:%M:%S%.f").ok())
            .map(|tm| Value::Text(flink::time(tm, precision()))),
        // TIMESTAMP_LTZ comes as the wall-clock time in the gateway session's time zone
        // followed by a `Z`; the session's zone is kept equal to the shell's
        // `table.local-time-zone`, so that wall-clock time is the one to print.
        "TIMESTAMP_WITHOUT_TIME_ZONE"
        | "TIMESTAMP_WITH_LOCAL_TIME_ZONE"
        | "TIMESTAMP_WITH_TIME_ZONE" => from_str::<String>(text)
            .ok()
            .and_then(|s| {
                let s = s.trim_end_matches('Z');
                NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f").ok()
            })
            .map(|ts| Value::Text(flink::timestamp(ts, precision()))),
        "INTERVAL_YEAR_MONTH" => from_str::<i64>(text)
            .ok()
            .map(|m| Value::Text(flink::interval_months(m))),
        "INTERVAL_DAY_TIME" => from_str::<i64>(text)
            .ok()
            .map(|ms| Value::Text(flink::interval_millis(ms))),
        "BINARY" | "VARBINARY" => from_str::<String>(text)
            .ok()
            .and_then(|s| crate::util::base64_decode(&s))
            .map(Value::Bytes),
        _ => None,
    };
    converted.unwrap_or_else(|| match from_str::<serde_json::Value>(text) {
        Ok(json) => values::to_value(&json, t),
        Err(_) => Value::Text(text.to_string()),
    })
}

/// One field of a `rowFormat=PLAIN_TEXT` page: Flink's printed text of the value (or
/// null). Numbers and booleans are read back so they align and print as JSON like any
/// other; everything else stays the text the SQL Client shows.
pub fn plain_value(raw: &RawValue, t: &DataType) -> Value {
    match serde_json::from_str::<serde_json::Value>(raw.get()) {
        Ok(json) => values::to_value(&json, t),
        Err(_) => Value::Text(raw.get().to_string()),
    }
}

/// A JSON object's entries in the order they came: Flink writes a MAP (and a MULTISET)
/// in its own iteration order, and the SQL Client prints the entries in that order.
struct Entries<V>(Vec<(String, V)>);

impl<'de, V: Deserialize<'de>> Deserialize<'de> for Entries<V> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit<V>(std::marker::PhantomData<V>);
        impl<'de, V: Deserialize<'de>> serde::de::Visitor<'de> for Visit<V> {
            type Value = Entries<V>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Entries<V>, A::Error> {
                let mut out = Vec::with_capacity(map.size_hint().unwrap_or(0).min(1024));
                while let Some(entry) = map.next_entry::<String, V>()? {
                    out.push(entry);
                }
                Ok(Entries(out))
            }
        }
        d.deserialize_map(Visit(std::marker::PhantomData))
    }
}

/// Map keys arrive as JSON object keys, i.e. text; a null key as the literal `null`
/// (Flink's `MapNullKeyMode.LITERAL`), which the SQL Client reads back as NULL even for
/// a string key.
fn key_value(key: &str, t: &DataType) -> Value {
    if key == "null" {
        return Value::Null;
    }
    let root = t.type_root.to_ascii_uppercase();
    // Numbers and booleans are written as they are; everything else as a JSON string.
    let as_json = match root.as_str() {
        "TINYINT"
        | "SMALLINT"
        | "INTEGER"
        | "BIGINT"
        | "FLOAT"
        | "DOUBLE"
        | "DECIMAL"
        | "BOOLEAN"
        | "INTERVAL_YEAR_MONTH"
        | "INTERVAL_DAY_TIME"
            if serde_json::from_str::<serde_json::Value>(key).is_ok() =>
        {
            key.to_string()
        }
        _ => serde_json::Value::String(key.to_string()).to_string(),
    };
    match RawValue::from_string(as_json) {
        Ok(raw) => to_value(&raw, t),
        Err(_) => Value::Text(key.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn logical_types_get_flink_names() {
        let t = data_type(&json!({"type":"ROW","nullable":true,"fields":[
            {"name":"a","fieldType":{"type":"INTEGER","nullable":false}},
            {"name":"m","fieldType":{"type":"MAP","nullable":true,
                "keyType":{"type":"VARCHAR","nullable":true,"length":2147483647},
                "valueType":{"type":"ARRAY","nullable":true,
                    "elementType":{"type":"DECIMAL","nullable":true,"precision":10,"scale":2}}}}]}));
        assert_eq!(
            type_name(&t),
            "ROW<`a` INT NOT NULL, `m` MAP<STRING, ARRAY<DECIMAL(10, 2)>>>"
        );
        let ts = data_type(
            &json!({"type":"TIMESTAMP_WITH_LOCAL_TIME_ZONE","nullable":true,"precision":3}),
        );
        assert_eq!(type_name(&ts), "TIMESTAMP_LTZ(3)");
    }

    fn value(json: &str, t: &DataType) -> Value {
        match RawValue::from_string(json.to_string()) {
            Ok(raw) => to_value(&raw, t),
            Err(e) => panic!("{json}: {e}"),
        }
    }

    #[test]
    fn json_rows_become_values() {
        let t = data_type(&json!({"type":"ROW","nullable":true,"fields":[
            {"name":"id","fieldType":{"type":"BIGINT","nullable":true}},
            {"name":"tags","fieldType":{"type":"MAP","nullable":true,
                "keyType":{"type":"INTEGER","nullable":true},
                "valueType":{"type":"VARCHAR","nullable":true,"length":5}}}]}));
        assert_eq!(
            value(r#"{"id": 7, "tags": {"1": "a", "null": "b"}}"#, &t),
            Value::Row(vec![
                Value::Int(7),
                Value::Map(vec![
                    (Value::Int(1), Value::Text("a".into())),
                    (Value::Null, Value::Text("b".into()))
                ])
            ])
        );
        let s = data_type(&json!({"type":"VARCHAR","nullable":true,"length":3}));
        assert_eq!(value("null", &s), Value::Null);
    }

    #[test]
    fn map_entries_keep_the_order_flink_wrote_them_in() {
        let t = data_type(&json!({"type":"MAP","nullable":true,
            "keyType":{"type":"VARCHAR","nullable":true,"length":2},
            "valueType":{"type":"INTEGER","nullable":true}}));
        let text = |k: &str| Value::Text(k.into());
        assert_eq!(
            value(r#"{"b": 1, "a": 2, "zz": 3, "aa": 4}"#, &t),
            Value::Map(vec![
                (text("b"), Value::Int(1)),
                (text("a"), Value::Int(2)),
                (text("zz"), Value::Int(3)),
                (text("aa"), Value::Int(4)),
            ])
        );
    }

    #[test]
    fn wire_forms_become_flink_text() {
        let t = |v: serde_json::Value| data_type(&v);
        let dec = t(json!({"type":"DECIMAL","nullable":true,"precision":38,"scale":9}));
        assert_eq!(
            value("12345678901234567890.123456789", &dec),
            Value::Decimal("12345678901234567890.123456789".into())
        );
        let dec3 = t(json!({"type":"DECIMAL","nullable":true,"precision":8,"scale":3}));
        assert_eq!(value("1E+1", &dec3), Value::Decimal("10.000".into()));
        let ts = t(json!({"type":"TIMESTAMP_WITHOUT_TIME_ZONE","nullable":true,"precision":3}));
        assert_eq!(
            value(r#""2024-03-15T10:20:30.5""#, &ts),
            Value::Text("2024-03-15 10:20:30.500".into())
        );
        let ltz = t(json!({"type":"TIMESTAMP_WITH_LOCAL_TIME_ZONE","nullable":true,"precision":3}));
        assert_eq!(
            value(r#""1970-01-01T09:00:00Z""#, &ltz),
            Value::Text("1970-01-01 09:00:00.000".into())
        );
        let ym = t(json!({"type":"INTERVAL_YEAR_MONTH","nullable":true,"precision":2}));
        assert_eq!(value("27", &ym), Value::Text("+2-03".into()));
        let bytes = t(json!({"type":"VARBINARY","nullable":true,"length":10}));
        assert_eq!(value(r#""AQI=""#, &bytes), Value::Bytes(vec![1, 2]));
        let arr = t(json!({"type":"ARRAY","nullable":true,
            "elementType":{"type":"DECIMAL","nullable":true,"precision":4,"scale":2}}));
        assert_eq!(
            value("[1.5, null]", &arr),
            Value::Array(vec![Value::Decimal("1.50".into()), Value::Null])
        );
        // What does not fit the type is kept as it came.
        let date = t(json!({"type":"DATE","nullable":true}));
        assert_eq!(value(r#""soon""#, &date), Value::Text("soon".into()));
    }

    #[test]
    fn next_token_comes_from_the_uri() {
        let page = |uri: Option<&str>| Page {
            next_result_uri: uri.map(str::to_string),
            ..Page::default()
        };
        assert_eq!(
            page(Some("/v2/sessions/s/operations/o/result/12?rowFormat=JSON")).next_token(),
            Some(Ok("12".to_string()))
        );
        assert_eq!(page(None).next_token(), None);
        assert!(matches!(
            page(Some("/elsewhere")).next_token(),
            Some(Err(_))
        ));
    }
}
