//! CSV (RFC 4180 quoting, via the `csv` crate) and TSV, one row at a time.
//!
//! Both write NULL as an empty field and every other value as its table text (`TRUE`,
//! `1.0E10`, `(1, a)`). CSV ends records with `\n` (as `psql --csv` does; CSV readers
//! accept it) and quotes fields with commas, quotes or line breaks. TSV escapes `\`, tab,
//! newline and carriage return as `\\ \t \n \r`, so every record is one line.

use std::io::{self, BufWriter, Write};

use super::header_names;
use crate::render::value::push_display;
use crate::result::{Boundedness, ChangeKind, Column, RowSink, Value};

pub(super) struct CsvSink<'a> {
    out: csv::Writer<Box<dyn Write + 'a>>,
    with_op: bool,
    flush_each_row: bool,
    field: String,
    rows: u64,
}

impl<'a> CsvSink<'a> {
    pub(super) fn new(out: Box<dyn Write + 'a>) -> Self {
        CsvSink {
            out: csv::WriterBuilder::new().flexible(true).from_writer(out),
            with_op: false,
            flush_each_row: false,
            field: String::new(),
            rows: 0,
        }
    }
}

fn csv_error(e: csv::Error) -> io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}

impl RowSink for CsvSink<'_> {
    fn begin(&mut self, columns: &[Column], bounded: Boundedness) -> io::Result<()> {
        self.with_op = bounded == Boundedness::Unbounded;
        self.flush_each_row = self.with_op;
        self.out
            .write_record(header_names(columns, self.with_op))
            .map_err(csv_error)?;
        if self.flush_each_row {
            self.out.flush()?;
        }
        Ok(())
    }

    fn row(&mut self, kind: ChangeKind, values: Vec<Value>) -> io::Result<()> {
        if self.with_op {
            self.out.write_field(kind.short()).map_err(csv_error)?;
        }
        for v in &values {
            self.field.clear();
            if !matches!(v, Value::Null) {
                push_display(&mut self.field, v);
            }
            self.out.write_field(&self.field).map_err(csv_error)?;
        }
        self.out
            .write_record(std::iter::empty::<&[u8]>())
            .map_err(csv_error)?;
        self.rows += 1;
        if self.flush_each_row {
            self.out.flush()?;
        }
        Ok(())
    }

    fn end(&mut self) -> io::Result<u64> {
        self.out.flush()?;
        Ok(self.rows)
    }
}

pub(super) struct TsvSink<'a> {
    out: BufWriter<Box<dyn Write + 'a>>,
    with_op: bool,
    field: String,
    rows: u64,
}

impl<'a> TsvSink<'a> {
    pub(super) fn new(out: Box<dyn Write + 'a>) -> Self {
        TsvSink {
            out: BufWriter::new(out),
            with_op: false,
            field: String::new(),
            rows: 0,
        }
    }

    fn write_escaped(&mut self, s: &str) -> io::Result<()> {
        let mut rest = s;
        while let Some(pos) = rest.find(['\\', '\t', '\n', '\r']) {
            self.out.write_all(&rest.as_bytes()[..pos])?;
            let escape: &[u8] = match rest.as_bytes()[pos] {
                b'\\' => b"\\\\",
                b'\t' => b"\\t",
                b'\n' => b"\\n",
                _ => b"\\r",
            };
            self.out.write_all(escape)?;
            rest = &rest[pos + 1..];
        }
        self.out.write_all(rest.as_bytes())
    }
}

impl RowSink for TsvSink<'_> {
    fn begin(&mut self, columns: &[Column], bounded: Boundedness) -> io::Result<()> {
        self.with_op = bounded == Boundedness::Unbounded;
        for (i, name) in header_names(columns, self.with_op).iter().enumerate() {
            if i > 0 {
                self.out.write_all(b"\t")?;
            }
            self.write_escaped(name)?;
        }
        self.out.write_all(b"\n")?;
        if self.with_op {
            self.out.flush()?;
        }
        Ok(())
    }

    fn row(&mut self, kind: ChangeKind, values: Vec<Value>) -> io::Result<()> {
        if self.with_op {
            self.out.write_all(kind.short().as_bytes())?;
            if !values.is_empty() {
                self.out.write_all(b"\t")?;
            }
        }
        let mut field = std::mem::take(&mut self.field);
        for (i, v) in values.iter().enumerate() {
            if i > 0 {
                self.out.write_all(b"\t")?;
            }
            field.clear();
            if !matches!(v, Value::Null) {
                push_display(&mut field, v);
            }
            self.write_escaped(&field)?;
        }
        self.field = field;
        self.out.write_all(b"\n")?;
        self.rows += 1;
        if self.with_op {
            self.out.flush()?;
        }
        Ok(())
    }

    fn end(&mut self) -> io::Result<u64> {
        self.out.flush()?;
        Ok(self.rows)
    }
}
