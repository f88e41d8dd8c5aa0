//! How a column's Flink type survives in SQLite's schema, and how the values of a
//! pass-through query's result come back as typed `Value`s.

use rusqlite::types::ValueRef;

use super::ftype::FlinkType;
use super::value::Datum;
use crate::error::{Error, Result};
use crate::result::Value;

/// How a Flink type is stored in SQLite and read back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Storage {
    Text,
    Integer,
    Boolean,
    Real,
    /// Exact numbers; `scale` digits after the point when read back.
    Decimal {
        scale: usize,
    },
    Blob,
    /// ARRAY and MULTISET, as a JSON array.
    JsonArray,
    /// MAP, as a JSON object or a JSON array of `[key, value]` pairs.
    JsonMap,
    /// ROW, as a JSON array or object.
    JsonRow,
}

/// The base name of a Flink type: its first word, upper-cased, without `(…)` or `<…>`.
fn base_name(flink_type: &str) -> String {
    flink_type
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .find(|s| !s.is_empty())
        .unwrap_or("")
        .to_ascii_uppercase()
}

/// How `flink_type` is stored, or a plain error for types SQLite cannot hold.
pub fn storage_of(flink_type: &str) -> Result<Storage> {
    let base = base_name(flink_type);
    Ok(match base.as_str() {
        "STRING" | "VARCHAR" | "CHAR" | "CHARACTER" | "DATE" | "TIME" | "TIMESTAMP"
        | "TIMESTAMP_LTZ" => Storage::Text,
        "INT" | "INTEGER" | "BIGINT" | "SMALLINT" | "TINYINT" => Storage::Integer,
        "BOOLEAN" => Storage::Boolean,
        "DOUBLE" | "FLOAT" | "REAL" => Storage::Real,
        "DECIMAL" | "DEC" | "NUMERIC" => Storage::Decimal {
            scale: decimal_scale(flink_type),
        },
        "BYTES" | "BINARY" | "VARBINARY" => Storage::Blob,
        "ARRAY" | "MULTISET" => Storage::JsonArray,
        "MAP" => Storage::JsonMap,
        "ROW" => Storage::JsonRow,
        _ => {
            return Err(Error::statement(format!(
                "the local backend cannot store columns of type {flink_type}; \
                 use STRING, numeric, BOOLEAN, DATE/TIME/TIMESTAMP, BYTES, ARRAY, MAP or ROW, \
                 or use --url for Confluent Cloud"
            )));
        }
    })
}

/// `DECIMAL(p, s)` → s; Flink's default scale is 0.
fn decimal_scale(flink_type: &str) -> usize {
    let Some(open) = flink_type.find('(') else {
        return 0;
    };
    let inner = flink_type[open + 1..].split(')').next().unwrap_or("");
    inner
        .split(',')
        .nth(1)
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(0)
}

const DECL_MARK: &str = " F";

/// The SQLite declared type for a Flink column: `BLOB`, which gives the column no
/// affinity (values are kept exactly as `value` encodes them), then the Flink type
/// hex-encoded. Hex digits never spell INT, CHAR, TEXT, REAL, FLOA or DOUB, so SQLite's
/// affinity rule sees only BLOB, and the Flink type comes back from
/// `sqlite3_column_decltype` for any result column that is a plain table column.
pub fn sqlite_decl(flink_type: &str) -> String {
    let mut out = String::with_capacity(8 + flink_type.len() * 2);
    out.push_str("BLOB");
    out.push_str(DECL_MARK);
    for b in flink_type.bytes() {
        out.push_str(&format!("{b:02X}"));
    }
    out
}

/// The Flink type encoded by `sqlite_decl`, if `decl` is one of ours.
pub fn flink_type_of_decl(decl: &str) -> Option<String> {
    let (_, hex) = decl.split_once(DECL_MARK)?;
    if hex.is_empty() {
        return None;
    }
    unhex(hex)
}

/// The UTF-8 text whose bytes `hex` spells (either case); None if it spells none.
pub fn unhex(hex: &str) -> Option<String> {
    if !hex.len().is_multiple_of(2) {
        return None;
    }
    let bytes: Option<Vec<u8>> = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok())
        .collect();
    String::from_utf8(bytes?).ok()
}

/// The Flink type name for a value SQLite computed (no declared column behind it).
pub fn type_of_value(value: ValueRef<'_>) -> &'static str {
    match value {
        ValueRef::Null => "NULL",
        ValueRef::Integer(_) => "BIGINT",
        ValueRef::Real(_) => "DOUBLE",
        ValueRef::Text(_) => "STRING",
        ValueRef::Blob(_) => "BYTES",
    }
}

/// Reads one result column: typed by the declared Flink type when there is one.
pub struct Reader {
    ty: Option<FlinkType>,
    storage: Option<Storage>,
    /// ROW field names in declared order, so a JSON object comes back in that order.
    fields: Vec<String>,
}

impl Reader {
    pub fn new(flink_type: Option<&str>) -> Self {
        let storage = flink_type.and_then(|t| storage_of(t).ok());
        let fields = match (storage, flink_type) {
            (Some(Storage::JsonRow), Some(t)) => row_fields(t),
            _ => Vec::new(),
        };
        Reader {
            ty: flink_type.and_then(FlinkType::parse),
            storage,
            fields,
        }
    }

    /// The value as `value.rs` encoded it; a value written otherwise (a pass-through
    /// INSERT keeps what SQLite computed) is read by its storage class.
    pub fn read(&self, value: ValueRef<'_>) -> Value {
        if let Some(ty) = &self.ty
            && let Ok(datum) = Datum::from_sql(value, ty)
        {
            return datum.to_value(ty);
        }
        if let (ValueRef::Text(t), false) = (value, self.fields.is_empty())
            && let Ok(serde_json::Value::Object(mut obj)) = serde_json::from_slice(t)
        {
            return Value::Row(
                self.fields
                    .iter()
                    .map(|f| obj.remove(f).map_or(Value::Null, from_json))
                    .collect(),
            );
        }
        to_value(value, self.storage)
    }
}

/// `ROW<a INT, b ROW<c STRING>>` → `["a", "b"]`; also `ROW(a INT, …)`.
fn row_fields(flink_type: &str) -> Vec<String> {
    let Some(open) = flink_type.find(['<', '(']) else {
        return Vec::new();
    };
    let inner = &flink_type[open + 1..];
    let mut fields = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    for (i, c) in inner.char_indices() {
        match c {
            '<' | '(' => depth += 1,
            '>' | ')' if depth == 0 => {
                fields.push(&inner[start..i]);
                break;
            }
            '>' | ')' => depth -= 1,
            ',' if depth == 0 => {
                fields.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    fields
        .into_iter()
        .filter_map(|f| f.split_whitespace().next())
        .map(|name| name.trim_matches('`').to_string())
        .collect()
}

/// A stored value as the printers want it, typed by the column's storage when known.
fn to_value(value: ValueRef<'_>, storage: Option<Storage>) -> Value {
    match (value, storage) {
        (ValueRef::Null, _) => Value::Null,
        (ValueRef::Integer(i), Some(Storage::Boolean)) => Value::Bool(i != 0),
        (ValueRef::Text(t), Some(Storage::Boolean)) => {
            let s = String::from_utf8_lossy(t);
            match s.to_ascii_lowercase().as_str() {
                "true" => Value::Bool(true),
                "false" => Value::Bool(false),
                _ => Value::Text(s.into_owned()),
            }
        }
        (ValueRef::Integer(i), Some(Storage::Decimal { scale })) if scale > 0 => {
            Value::Decimal(format!("{i}.{}", "0".repeat(scale)))
        }
        (ValueRef::Integer(i), Some(Storage::Decimal { .. })) => Value::Decimal(i.to_string()),
        (ValueRef::Real(f), Some(Storage::Decimal { scale })) => {
            Value::Decimal(format!("{f:.scale$}"))
        }
        (
            ValueRef::Text(t),
            Some(s @ (Storage::JsonArray | Storage::JsonMap | Storage::JsonRow)),
        ) => {
            let text = String::from_utf8_lossy(t);
            serde_json::from_str::<serde_json::Value>(&text)
                .ok()
                .and_then(|json| from_json_shaped(json, s))
                .unwrap_or_else(|| Value::Text(text.into_owned()))
        }
        (ValueRef::Integer(i), _) => Value::Int(i),
        (ValueRef::Real(f), _) => Value::Float(f),
        (ValueRef::Text(t), _) => Value::Text(String::from_utf8_lossy(t).into_owned()),
        (ValueRef::Blob(b), _) => Value::Bytes(b.to_vec()),
    }
}

fn from_json_shaped(json: serde_json::Value, storage: Storage) -> Option<Value> {
    use serde_json::Value as J;
    match (storage, json) {
        (Storage::JsonArray, J::Array(items)) => {
            Some(Value::Array(items.into_iter().map(from_json).collect()))
        }
        (Storage::JsonRow, J::Array(items)) => {
            Some(Value::Row(items.into_iter().map(from_json).collect()))
        }
        (Storage::JsonRow, J::Object(fields)) => Some(Value::Row(
            fields.into_iter().map(|(_, v)| from_json(v)).collect(),
        )),
        (Storage::JsonMap, J::Object(entries)) => Some(Value::Map(
            entries
                .into_iter()
                .map(|(k, v)| (Value::Text(k), from_json(v)))
                .collect(),
        )),
        (Storage::JsonMap, J::Array(pairs)) => pairs
            .into_iter()
            .map(|pair| match pair {
                J::Array(mut kv) if kv.len() == 2 => {
                    let v = kv.pop()?;
                    let k = kv.pop()?;
                    Some((from_json(k), from_json(v)))
                }
                _ => None,
            })
            .collect::<Option<Vec<_>>>()
            .map(Value::Map),
        _ => None,
    }
}

fn from_json(json: serde_json::Value) -> Value {
    use serde_json::Value as J;
    match json {
        J::Null => Value::Null,
        J::Bool(b) => Value::Bool(b),
        J::Number(n) => match n.as_i64() {
            Some(i) => Value::Int(i),
            None => n
                .as_f64()
                .map(Value::Float)
                .unwrap_or_else(|| Value::Decimal(n.to_string())),
        },
        J::String(s) => Value::Text(s),
        J::Array(items) => Value::Array(items.into_iter().map(from_json).collect()),
        J::Object(fields) => Value::Map(
            fields
                .into_iter()
                .map(|(k, v)| (Value::Text(k), from_json(v)))
                .collect(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decl_round_trips_and_gives_no_affinity() {
        for t in [
            "STRING",
            "INTERVAL DAY",
            "ROW<a INT, b STRING>",
            "TIMESTAMP(3)",
        ] {
            let decl = sqlite_decl(t);
            assert_eq!(flink_type_of_decl(&decl).as_deref(), Some(t));
            let rest = decl.trim_start_matches("BLOB");
            for word in [
                "INT", "CHAR", "CLOB", "TEXT", "BLOB", "REAL", "FLOA", "DOUB",
            ] {
                assert!(!rest.contains(word), "{decl} contains {word}");
            }
        }
        assert_eq!(flink_type_of_decl("TEXT"), None);
    }

    #[test]
    fn maps_flink_types_to_storage() {
        assert_eq!(storage_of("string").unwrap(), Storage::Text);
        assert_eq!(storage_of("VARCHAR(10)").unwrap(), Storage::Text);
        assert_eq!(storage_of("BIGINT").unwrap(), Storage::Integer);
        assert_eq!(
            storage_of("DECIMAL(10, 2)").unwrap(),
            Storage::Decimal { scale: 2 }
        );
        assert_eq!(
            storage_of("TIMESTAMP(3) WITH LOCAL TIME ZONE").unwrap(),
            Storage::Text
        );
        assert_eq!(storage_of("ARRAY<INT>").unwrap(), Storage::JsonArray);
        let err = storage_of("RAW('x', 'y')").unwrap_err();
        assert!(
            err.message.contains("cannot store columns of type RAW"),
            "{}",
            err.message
        );
    }

    #[test]
    fn rows_from_json_objects_follow_the_declared_field_order() {
        let reader = Reader::new(Some("ROW<z INT, `a` ROW<x INT, y INT>, m STRING>"));
        assert_eq!(
            reader.read(ValueRef::Text(br#"{"a":[1,2],"z":3}"#)),
            Value::Row(vec![
                Value::Int(3),
                Value::Array(vec![Value::Int(1), Value::Int(2)]),
                Value::Null
            ])
        );
        assert_eq!(
            reader.read(ValueRef::Text(b"[1, 2]")),
            Value::Row(vec![Value::Int(1), Value::Int(2)])
        );
    }

    #[test]
    fn decodes_json_and_booleans() {
        assert_eq!(
            to_value(ValueRef::Text(b"[1,2]"), Some(Storage::JsonArray)),
            Value::Array(vec![Value::Int(1), Value::Int(2)])
        );
        assert_eq!(
            to_value(ValueRef::Text(b"not json"), Some(Storage::JsonArray)),
            Value::Text("not json".into())
        );
        assert_eq!(
            to_value(ValueRef::Integer(1), Some(Storage::Boolean)),
            Value::Bool(true)
        );
        assert_eq!(
            to_value(ValueRef::Real(1.5), Some(Storage::Decimal { scale: 2 })),
            Value::Decimal("1.50".into())
        );
    }
}
