//! JSON (one array of objects, an object per line inside it) and JSONL (an object per
//! line), streamed: nothing but the current row is held.
//!
//! Each row is an object keyed by column name in schema order; values are as
//! [`crate::render::value::to_json`] describes (nested values as nested JSON), except that
//! a ROW whose field names the column type gives is an object (see `shape`).

use std::io::{self, BufWriter, Write};

use super::shape::{Shape, write_shaped};
use super::{OP, header_names};
use crate::render::value::write_string;
use crate::result::{Boundedness, ChangeKind, Column, RowSink, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Style {
    Array,
    Lines,
}

pub(super) struct JsonSink<'a> {
    out: BufWriter<Box<dyn Write + 'a>>,
    style: Style,
    /// Each column's `"name":`, encoded once.
    keys: Vec<Vec<u8>>,
    shapes: Vec<Shape>,
    streaming: bool,
    rows: u64,
}

impl<'a> JsonSink<'a> {
    pub(super) fn new(out: Box<dyn Write + 'a>, style: Style) -> Self {
        JsonSink {
            out: BufWriter::new(out),
            style,
            keys: Vec::new(),
            shapes: Vec::new(),
            streaming: false,
            rows: 0,
        }
    }
}

fn key(name: &str) -> io::Result<Vec<u8>> {
    let mut k = Vec::with_capacity(name.len() + 3);
    write_string(&mut k, name)?;
    k.push(b':');
    Ok(k)
}

impl RowSink for JsonSink<'_> {
    fn begin(&mut self, columns: &[Column], bounded: Boundedness) -> io::Result<()> {
        self.streaming = bounded == Boundedness::Unbounded;
        self.keys = header_names(columns, false)
            .iter()
            .map(|n| key(n))
            .collect::<io::Result<_>>()?;
        self.shapes = columns.iter().map(|c| Shape::of(&c.type_name)).collect();
        if self.style == Style::Array {
            self.out.write_all(b"[")?;
            if self.streaming {
                self.out.flush()?;
            }
        }
        Ok(())
    }

    fn row(&mut self, kind: ChangeKind, values: Vec<Value>) -> io::Result<()> {
        if self.style == Style::Array {
            self.out
                .write_all(if self.rows == 0 { b"\n" } else { b",\n" })?;
        }
        self.out.write_all(b"{")?;
        let with_op = self.streaming || kind != ChangeKind::Insert;
        if with_op {
            write_string(&mut self.out, OP)?;
            self.out.write_all(b":")?;
            write_string(&mut self.out, kind.short())?;
        }
        let fields = self.keys.iter().zip(&self.shapes).zip(&values);
        for (i, ((k, shape), v)) in fields.enumerate() {
            if i > 0 || with_op {
                self.out.write_all(b",")?;
            }
            self.out.write_all(k)?;
            write_shaped(&mut self.out, v, shape)?;
        }
        self.out.write_all(b"}")?;
        if self.style == Style::Lines {
            self.out.write_all(b"\n")?;
        }
        self.rows += 1;
        if self.streaming {
            self.out.flush()?;
        }
        Ok(())
    }

    fn end(&mut self) -> io::Result<u64> {
        if self.style == Style::Array {
            self.out
                .write_all(if self.rows == 0 { b"]\n" } else { b"\n]\n" })?;
        }
        self.out.flush()?;
        Ok(self.rows)
    }
}
