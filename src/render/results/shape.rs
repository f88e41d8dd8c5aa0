//! Field names of nested types, read from a column's type text, so the JSON formats can
//! print a ROW as an object (`{"city":"Zürich","zip":8001}`) rather than a bare array.
//!
//! Understands Flink's summary strings (`ROW<`city` STRING, `zip` INT NOT NULL>`,
//! `ARRAY<ROW<…>>`, `MAP<STRING, ROW<…>>`, `ROW(a INT, b STRING)`, field descriptions in
//! quotes). Anything it does not understand yields no names, and the value prints as an
//! array, exactly as `value::to_json` gives it.

use std::io::{self, Write};

use crate::render::value::{write_json, write_string};
use crate::result::Value;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Shape {
    /// No nested names to apply.
    Plain,
    Row(Vec<(String, Shape)>),
    Array(Box<Shape>),
    Map(Box<Shape>, Box<Shape>),
}

impl Shape {
    pub(super) fn of(type_name: &str) -> Shape {
        let mut p = Parser {
            s: type_name.as_bytes(),
            i: 0,
        };
        p.parse_type().unwrap_or(Shape::Plain)
    }

    fn is_plain(&self) -> bool {
        matches!(self, Shape::Plain)
    }
}

struct Parser<'s> {
    s: &'s [u8],
    i: usize,
}

impl Parser<'_> {
    fn skip_ws(&mut self) {
        while self.s.get(self.i).is_some_and(u8::is_ascii_whitespace) {
            self.i += 1;
        }
    }

    fn peek(&mut self) -> Option<u8> {
        self.skip_ws();
        self.s.get(self.i).copied()
    }

    fn eat(&mut self, c: u8) -> bool {
        if self.peek() == Some(c) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn word(&mut self) -> Option<String> {
        self.skip_ws();
        let start = self.i;
        while self
            .s
            .get(self.i)
            .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_' || *c >= 0x80)
        {
            self.i += 1;
        }
        (self.i > start).then(|| String::from_utf8_lossy(&self.s[start..self.i]).into_owned())
    }

    /// A field name: `` `quoted` `` (doubled backticks escape one) or a bare word.
    fn name(&mut self) -> Option<String> {
        if !self.eat(b'`') {
            return self.word();
        }
        let mut name = Vec::new();
        loop {
            match self.s.get(self.i)? {
                b'`' if self.s.get(self.i + 1) == Some(&b'`') => {
                    name.push(b'`');
                    self.i += 2;
                }
                b'`' => {
                    self.i += 1;
                    return Some(String::from_utf8_lossy(&name).into_owned());
                }
                c => {
                    name.push(*c);
                    self.i += 1;
                }
            }
        }
    }

    /// Skips what follows a type up to the `,` or closing bracket that ends it: parameters
    /// like `(10, 2)`, `NOT NULL`, `WITH LOCAL TIME ZONE`, a `'description'`.
    fn skip_rest(&mut self) -> Option<()> {
        let mut depth = 0usize;
        while let Some(&c) = self.s.get(self.i) {
            match c {
                b'(' | b'<' => depth += 1,
                b')' | b'>' | b',' if depth == 0 => return Some(()),
                b')' | b'>' => depth -= 1,
                b'\'' => {
                    self.i += 1;
                    while *self.s.get(self.i)? != b'\'' || self.s.get(self.i + 1) == Some(&b'\'') {
                        self.i += if self.s[self.i] == b'\'' { 2 } else { 1 };
                    }
                }
                _ => {}
            }
            self.i += 1;
        }
        Some(())
    }

    fn open(&mut self) -> Option<u8> {
        if self.eat(b'<') {
            Some(b'>')
        } else if self.eat(b'(') {
            Some(b')')
        } else {
            None
        }
    }

    fn parse_type(&mut self) -> Option<Shape> {
        let base = self.word()?.to_ascii_uppercase();
        let shape = match base.as_str() {
            "ROW" => {
                let close = self.open()?;
                let mut fields = Vec::new();
                if !self.eat(close) {
                    loop {
                        let name = self.name()?;
                        let shape = self.parse_type()?;
                        self.skip_rest()?;
                        fields.push((name, shape));
                        if self.eat(close) {
                            break;
                        }
                        if !self.eat(b',') {
                            return None;
                        }
                    }
                }
                Shape::Row(fields)
            }
            "ARRAY" | "MULTISET" => {
                let close = self.open()?;
                let element = self.parse_type()?;
                self.skip_rest()?;
                if !self.eat(close) {
                    return None;
                }
                Shape::Array(Box::new(element))
            }
            "MAP" => {
                let close = self.open()?;
                let key = self.parse_type()?;
                self.skip_rest()?;
                if !self.eat(b',') {
                    return None;
                }
                let value = self.parse_type()?;
                self.skip_rest()?;
                if !self.eat(close) {
                    return None;
                }
                Shape::Map(Box::new(key), Box::new(value))
            }
            _ => {
                self.skip_rest()?;
                Shape::Plain
            }
        };
        Some(shape)
    }
}

/// Writes `v` as JSON, naming ROW fields where `shape` knows them.
pub(super) fn write_shaped<W: Write + ?Sized>(
    out: &mut W,
    v: &Value,
    shape: &Shape,
) -> io::Result<()> {
    match (v, shape) {
        (_, Shape::Plain) => write_json(out, v),
        (Value::Row(values), Shape::Row(fields)) if values.len() == fields.len() => {
            out.write_all(b"{")?;
            for (i, (value, (name, shape))) in values.iter().zip(fields).enumerate() {
                if i > 0 {
                    out.write_all(b",")?;
                }
                write_string(out, name)?;
                out.write_all(b":")?;
                write_shaped(out, value, shape)?;
            }
            out.write_all(b"}")
        }
        (Value::Array(items), Shape::Array(element)) if !element.is_plain() => {
            out.write_all(b"[")?;
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.write_all(b",")?;
                }
                write_shaped(out, item, element)?;
            }
            out.write_all(b"]")
        }
        (Value::Map(entries), Shape::Map(_, value_shape)) if !value_shape.is_plain() => {
            out.write_all(b"{")?;
            for (i, (k, value)) in entries.iter().enumerate() {
                if i > 0 {
                    out.write_all(b",")?;
                }
                let key = match k {
                    Value::Text(s) => s.clone(),
                    other => crate::render::value::display(other),
                };
                write_string(out, &key)?;
                out.write_all(b":")?;
                write_shaped(out, value, value_shape)?;
            }
            out.write_all(b"}")
        }
        _ => write_json(out, v),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(fields: &[(&str, Shape)]) -> Shape {
        Shape::Row(
            fields
                .iter()
                .map(|(n, s)| (n.to_string(), s.clone()))
                .collect(),
        )
    }

    #[test]
    fn reads_flink_type_summaries() {
        assert_eq!(Shape::of("INT"), Shape::Plain);
        assert_eq!(Shape::of("DECIMAL(10, 2) NOT NULL"), Shape::Plain);
        assert_eq!(
            Shape::of("ROW<`city` STRING, `zip` INT NOT NULL 'postal code'>"),
            row(&[("city", Shape::Plain), ("zip", Shape::Plain)])
        );
        assert_eq!(
            Shape::of("ROW(a TIMESTAMP(3) WITH LOCAL TIME ZONE, `b``c` VARCHAR(5))"),
            row(&[("a", Shape::Plain), ("b`c", Shape::Plain)])
        );
        assert_eq!(
            Shape::of("ARRAY<ROW<`x` MAP<STRING, ROW<`y` INT>>>>"),
            Shape::Array(Box::new(row(&[(
                "x",
                Shape::Map(
                    Box::new(Shape::Plain),
                    Box::new(row(&[("y", Shape::Plain)]))
                )
            )])))
        );
    }

    #[test]
    fn unreadable_types_have_no_names() {
        assert_eq!(Shape::of("ROW<`a INT>"), Shape::Plain);
        assert_eq!(Shape::of("ROW<a INT"), Shape::Plain);
        assert_eq!(Shape::of(""), Shape::Plain);
    }

    #[test]
    fn rows_become_objects() {
        let shape = Shape::of("ARRAY<ROW<a INT, b STRING>>");
        let v = Value::Array(vec![Value::Row(vec![
            Value::Int(1),
            Value::Text("x".into()),
        ])]);
        let mut out = Vec::new();
        write_shaped(&mut out, &v, &shape).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), r#"[{"a":1,"b":"x"}]"#);
    }
}
