//! The gateway's result pages (`FetchResultsResponseBody` with `rowFormat=JSON`) and
//! their rows turned into typed `Value`s by the columns' logical types.

use serde::Deserialize;

use crate::backend::cloud::results as cloud;
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
    pub fields: Vec<serde_json::Value>,
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

/// One JSON field as Flink's JSON format writes it. Where it differs from sql/v1 —
/// a ROW as an object keyed by field name, a MAP or MULTISET as an object — it is
/// handled here; scalars go through the cloud backend's conversion.
pub fn to_value(json: &serde_json::Value, t: &DataType) -> Value {
    use serde_json::Value as J;
    let root = t.type_root.to_ascii_uppercase();
    match (root.as_str(), json) {
        ("ROW", J::Object(obj)) => Value::Row(
            t.fields
                .iter()
                .map(|f| to_value(obj.get(&f.name).unwrap_or(&J::Null), &f.field_type))
                .collect(),
        ),
        ("ARRAY", J::Array(items)) => match &t.element_type {
            Some(elem) => Value::Array(items.iter().map(|i| to_value(i, elem)).collect()),
            None => cloud::to_value(json, t),
        },
        ("MAP", J::Object(obj)) => match (&t.key_type, &t.value_type) {
            (Some(k), Some(v)) => Value::Map(
                obj.iter()
                    .map(|(key, value)| (key_value(key, k), to_value(value, v)))
                    .collect(),
            ),
            _ => cloud::to_value(json, t),
        },
        // A multiset is written as element → count.
        ("MULTISET", J::Object(obj)) => match &t.element_type {
            Some(elem) => Value::Map(
                obj.iter()
                    .map(|(key, count)| {
                        (
                            key_value(key, elem),
                            count.as_i64().map(Value::Int).unwrap_or(Value::Null),
                        )
                    })
                    .collect(),
            ),
            None => cloud::to_value(json, t),
        },
        _ => cloud::to_value(json, t),
    }
}

/// Map keys arrive as JSON object keys, i.e. text; a null key as the literal `null`
/// (Flink's `MapNullKeyMode.LITERAL`).
fn key_value(key: &str, t: &DataType) -> Value {
    if key == "null" && !t.type_root.eq_ignore_ascii_case("VARCHAR") {
        return Value::Null;
    }
    to_value(&serde_json::Value::String(key.to_string()), t)
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

    #[test]
    fn json_rows_become_values() {
        let t = data_type(&json!({"type":"ROW","nullable":true,"fields":[
            {"name":"id","fieldType":{"type":"BIGINT","nullable":true}},
            {"name":"tags","fieldType":{"type":"MAP","nullable":true,
                "keyType":{"type":"INTEGER","nullable":true},
                "valueType":{"type":"VARCHAR","nullable":true,"length":5}}}]}));
        assert_eq!(
            to_value(&json!({"id": 7, "tags": {"1": "a", "null": "b"}}), &t),
            Value::Row(vec![
                Value::Int(7),
                Value::Map(vec![
                    (Value::Int(1), Value::Text("a".into())),
                    (Value::Null, Value::Text("b".into()))
                ])
            ])
        );
        let d = data_type(&json!({"type":"DECIMAL","nullable":true,"precision":5,"scale":2}));
        assert_eq!(to_value(&json!(1.5), &d), Value::Decimal("1.5".into()));
        let s = data_type(&json!({"type":"VARCHAR","nullable":true,"length":3}));
        assert_eq!(to_value(&json!(null), &s), Value::Null);
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
