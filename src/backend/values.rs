//! JSON cells turned into typed `Value`s by their column's Flink type: what the cloud
//! statements API and the gateway's JSON rows both need.

use crate::result::Value;
use crate::types::DataType;

/// Converts one JSON cell to a `Value` by its column type. Anything that does not fit
/// the declared type is kept as text rather than dropped.
pub fn to_value(json: &serde_json::Value, t: &DataType) -> Value {
    use serde_json::Value as J;
    if json.is_null() {
        return Value::Null;
    }
    let root = t.type_root.to_ascii_uppercase();
    match root.as_str() {
        "TINYINT" | "SMALLINT" | "INTEGER" | "BIGINT" => match json {
            J::String(s) => s
                .trim()
                .parse()
                .map(Value::Int)
                .unwrap_or_else(|_| text(json)),
            J::Number(n) => n.as_i64().map(Value::Int).unwrap_or_else(|| text(json)),
            _ => text(json),
        },
        "FLOAT" | "DOUBLE" => match json {
            J::String(s) => s
                .trim()
                .parse()
                .map(Value::Float)
                .unwrap_or_else(|_| text(json)),
            J::Number(n) => n.as_f64().map(Value::Float).unwrap_or_else(|| text(json)),
            _ => text(json),
        },
        "DECIMAL" => match json {
            J::String(s) => Value::Decimal(s.clone()),
            J::Number(n) => Value::Decimal(n.to_string()),
            _ => text(json),
        },
        "BOOLEAN" => match json {
            J::Bool(b) => Value::Bool(*b),
            J::String(s) if s.eq_ignore_ascii_case("true") => Value::Bool(true),
            J::String(s) if s.eq_ignore_ascii_case("false") => Value::Bool(false),
            _ => text(json),
        },
        "ARRAY" | "MULTISET" => match (json, &t.element_type) {
            (J::Array(items), Some(elem)) => {
                Value::Array(items.iter().map(|i| to_value(i, elem)).collect())
            }
            _ => text(json),
        },
        "MAP" => match (json, &t.key_type, &t.value_type) {
            (J::Array(pairs), Some(k), Some(v)) => {
                let mut entries = Vec::with_capacity(pairs.len());
                for pair in pairs {
                    match pair.as_array().map(Vec::as_slice) {
                        Some([key, value]) => entries.push((to_value(key, k), to_value(value, v))),
                        _ => return text(json),
                    }
                }
                Value::Map(entries)
            }
            // Some servers send a map as a JSON object.
            (J::Object(obj), Some(_), Some(v)) => Value::Map(
                obj.iter()
                    .map(|(key, value)| (Value::Text(key.clone()), to_value(value, v)))
                    .collect(),
            ),
            _ => text(json),
        },
        "ROW" => match json {
            J::Array(items) if items.len() == t.fields.len() => Value::Row(
                items
                    .iter()
                    .zip(&t.fields)
                    .map(|(i, f)| to_value(i, &f.field_type))
                    .collect(),
            ),
            _ => text(json),
        },
        _ => text(json),
    }
}

fn text(json: &serde_json::Value) -> Value {
    match json {
        serde_json::Value::String(s) => Value::Text(s.clone()),
        other => Value::Text(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn dt(v: serde_json::Value) -> DataType {
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn values_follow_the_column_type() {
        let int = dt(json!({"type":"INTEGER","nullable":true}));
        assert_eq!(to_value(&json!("101"), &int), Value::Int(101));
        assert_eq!(to_value(&json!(null), &int), Value::Null);
        assert_eq!(to_value(&json!("x"), &int), Value::Text("x".into()));
        let map = dt(json!({"type":"MAP","nullable":true,
            "key_type":{"type":"INTEGER","nullable":true},
            "value_type":{"type":"VARCHAR","nullable":true,"length":5}}));
        assert_eq!(
            to_value(&json!([[null, "Alice"], ["42", "Bob"]]), &map),
            Value::Map(vec![
                (Value::Null, Value::Text("Alice".into())),
                (Value::Int(42), Value::Text("Bob".into()))
            ])
        );
        let arr = dt(json!({"type":"ARRAY","nullable":true,
            "element_type":{"type":"DOUBLE","nullable":true}}));
        assert_eq!(
            to_value(&json!(["1.5", null]), &arr),
            Value::Array(vec![Value::Float(1.5), Value::Null])
        );
        let b = dt(json!({"type":"BOOLEAN","nullable":true}));
        assert_eq!(to_value(&json!("TRUE"), &b), Value::Bool(true));
        let d = dt(json!({"type":"DECIMAL","nullable":true,"precision":5,"scale":2}));
        assert_eq!(to_value(&json!("1.50"), &d), Value::Decimal("1.50".into()));
    }
}
