//! Flink's JSON aggregates: JSON_ARRAYAGG and JSON_OBJECTAGG, each building one JSON
//! text from a group's values (Flink types both VARCHAR(2000) NOT NULL).

use super::json::to_json;
use super::json_text::Json;
use super::{Accumulator, Aggregate, Eval, Session, Signature};
use crate::backend::local::ftype::{FlinkType, Kind};
use crate::backend::local::value::Datum;

pub static FUNCTIONS: &[Aggregate] = &[
    Aggregate {
        name: "JSON_ARRAYAGG",
        infer: array_type,
        new: new_array,
    },
    Aggregate {
        name: "JSON_OBJECTAGG",
        infer: object_type,
        new: new_object,
    },
];

fn result() -> FlinkType {
    FlinkType::not_null(Kind::VarChar(2000))
}

fn array_type(a: &[FlinkType]) -> Result<FlinkType, String> {
    match a {
        [_] => Ok(result()),
        _ => Err(
            "Invalid number of arguments to function 'JSON_ARRAYAGG'. Was expecting 1 arguments"
                .into(),
        ),
    }
}

fn object_type(a: &[FlinkType]) -> Result<FlinkType, String> {
    match a {
        [k, _] if k.is_string() => Ok(result()),
        [k, _] => Err(format!(
            "Cannot apply 'JSON_OBJECTAGG' to arguments of type 'JSON_OBJECTAGG(KEY <{k}> VALUE <ANY>)'"
        )),
        _ => Err("JSON_OBJECTAGG takes KEY k VALUE v".into()),
    }
}

/// JSON_ARRAYAGG: the non-null values in arrival order (ABSENT ON NULL, Flink's default).
struct ArrayAgg {
    ty: FlinkType,
    items: Vec<Datum>,
}

fn new_array(sig: &Signature, _: &Session) -> Box<dyn Accumulator> {
    Box::new(ArrayAgg {
        ty: sig.args.first().cloned().unwrap_or_else(FlinkType::null),
        items: Vec::new(),
    })
}

impl Accumulator for ArrayAgg {
    fn add(&mut self, args: &[Datum]) -> Result<(), String> {
        if let Some(d) = args.first().filter(|d| !d.is_null()) {
            self.items.push(d.clone());
        }
        Ok(())
    }
    fn retract(&mut self, args: &[Datum]) -> Result<(), String> {
        if let Some(d) = args.first()
            && let Some(k) = self.items.iter().position(|x| x == d)
        {
            self.items.remove(k);
        }
        Ok(())
    }
    fn value(&self) -> Eval {
        let items = self.items.iter().map(|d| to_json(d, &self.ty)).collect();
        Ok(Datum::Str(Json::Arr(items).to_string()))
    }
}

/// JSON_OBJECTAGG: key → value (NULL ON NULL, Flink's default); a later key replaces
/// an earlier one.
struct ObjectAgg {
    ty: FlinkType,
    entries: Vec<(String, Datum)>,
}

fn new_object(sig: &Signature, _: &Session) -> Box<dyn Accumulator> {
    Box::new(ObjectAgg {
        ty: sig.args.get(1).cloned().unwrap_or_else(FlinkType::null),
        entries: Vec::new(),
    })
}

impl Accumulator for ObjectAgg {
    fn add(&mut self, args: &[Datum]) -> Result<(), String> {
        match args {
            [Datum::Str(k), v] => {
                self.entries.retain(|(key, _)| key != k);
                self.entries.push((k.clone(), v.clone()));
                Ok(())
            }
            [Datum::Null, _] => Err("The key of JSON_OBJECTAGG must not be NULL".into()),
            _ => Ok(()),
        }
    }
    fn retract(&mut self, args: &[Datum]) -> Result<(), String> {
        if let Some(Datum::Str(k)) = args.first() {
            self.entries.retain(|(key, _)| key != k);
        }
        Ok(())
    }
    fn value(&self) -> Eval {
        let members = self
            .entries
            .iter()
            .map(|(k, v)| (k.clone(), to_json(v, &self.ty)))
            .collect();
        Ok(Datum::Str(Json::Obj(members).to_string()))
    }
}
