//! The two table formats as a sink: bounded results in aligned blocks of `max_rows` rows,
//! streaming results row by row in a layout fixed from the schema.
//!
//! Blocks are separated by an empty line and each is aligned on its own, so memory holds at
//! most one block and no row is dropped. Streaming tables can't know their widths ahead,
//! so each column is as wide as its type's values (capped at 30, see `cells`), never
//! narrower than its name; a longer cell line is cut and ends in `…`. A value with line
//! breaks takes several lines in `tableau`; the list table re-flows it (its own rule).

use std::io::{self, BufWriter, Write};

use super::cells::{self, Cell};
use super::{OP, header_names, table, tableau};
use crate::render::value::display;
use crate::result::{Boundedness, ChangeKind, Column, RowSink, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Style {
    /// `table`: the list table.
    List,
    /// `tableau`: bordered, as Flink's SQL client prints.
    Framed,
}

pub(super) struct GridSink<'a> {
    out: BufWriter<Box<dyn Write + 'a>>,
    style: Style,
    block_size: usize,
    columns: Vec<Column>,
    /// Column widths (op first) when the result is streaming.
    stream_widths: Option<Vec<usize>>,
    block: Vec<(ChangeKind, Vec<Cell>)>,
    blocks_printed: usize,
    rows: u64,
    text: String,
}

impl<'a> GridSink<'a> {
    pub(super) fn new(out: Box<dyn Write + 'a>, style: Style, options: super::SinkOptions) -> Self {
        GridSink {
            out: BufWriter::new(out),
            style,
            block_size: options.max_rows,
            columns: Vec::new(),
            stream_widths: None,
            block: Vec::new(),
            blocks_printed: 0,
            rows: 0,
            text: String::new(),
        }
    }

    fn cells(&self, values: &[Value]) -> Vec<Cell> {
        values
            .iter()
            .enumerate()
            .map(|(i, v)| Cell {
                text: cells::sanitize(&display(v)),
                right: cells::right_aligned(self.columns.get(i), v),
            })
            .collect()
    }

    fn header_cells(&self, with_op: bool) -> Vec<Cell> {
        let op = with_op.then(|| Cell {
            text: OP.to_string(),
            right: false,
        });
        op.into_iter()
            .chain(self.columns.iter().map(|c| Cell {
                text: cells::sanitize(&c.name),
                right: cells::is_numeric_type(&c.type_name),
            }))
            .collect()
    }

    fn flush_block(&mut self) -> io::Result<()> {
        if self.blocks_printed > 0 {
            self.out.write_all(b"\n")?;
        }
        let with_op = self.block.iter().any(|(k, _)| *k != ChangeKind::Insert);
        let rows: Vec<Vec<Cell>> = self
            .block
            .drain(..)
            .map(|(kind, mut cells)| {
                if with_op {
                    cells.insert(0, op_cell(kind));
                }
                cells
            })
            .collect();
        match self.style {
            Style::List => {
                let headers = header_names(&self.columns, with_op)
                    .iter()
                    .map(|h| cells::sanitize(h))
                    .collect::<Vec<_>>();
                table::write_block(&mut self.out, &headers, rows)?;
            }
            Style::Framed => {
                let headers = self.header_cells(with_op);
                tableau::write_block(&mut self.out, &headers, &rows)?;
            }
        }
        self.blocks_printed += 1;
        Ok(())
    }
}

fn op_cell(kind: ChangeKind) -> Cell {
    Cell {
        text: kind.short().to_string(),
        right: false,
    }
}

impl RowSink for GridSink<'_> {
    fn begin(&mut self, columns: &[Column], bounded: Boundedness) -> io::Result<()> {
        self.columns = columns.to_vec();
        if bounded == Boundedness::Unbounded {
            let widths = cells::stream_widths(columns, true);
            let headers = self.header_cells(true);
            self.text.clear();
            match self.style {
                Style::List => table::stream_header(&mut self.text, &headers, &widths),
                Style::Framed => tableau::stream_header(&mut self.text, &headers, &widths),
            }
            self.out.write_all(self.text.as_bytes())?;
            self.out.flush()?;
            self.stream_widths = Some(widths);
        }
        Ok(())
    }

    fn row(&mut self, kind: ChangeKind, values: Vec<Value>) -> io::Result<()> {
        self.rows += 1;
        let mut cells = self.cells(&values);
        if let Some(widths) = &self.stream_widths {
            cells.insert(0, op_cell(kind));
            self.text.clear();
            match self.style {
                Style::List => table::stream_row(&mut self.text, &cells, widths),
                Style::Framed => tableau::stream_row(&mut self.text, &cells, widths),
            }
            self.out.write_all(self.text.as_bytes())?;
            return self.out.flush();
        }
        self.block.push((kind, cells));
        if self.block_size > 0 && self.block.len() >= self.block_size {
            self.flush_block()?;
        }
        Ok(())
    }

    fn end(&mut self) -> io::Result<u64> {
        if let Some(widths) = &self.stream_widths {
            if self.style == Style::Framed {
                self.text.clear();
                tableau::border(&mut self.text, widths);
                self.out.write_all(self.text.as_bytes())?;
            }
        } else if self.style == Style::Framed && self.rows == 0 {
            // Flink's SQL client prints no frame for an empty result.
            self.out.write_all(b"Empty set\n")?;
        } else {
            if !self.block.is_empty() || self.blocks_printed == 0 {
                self.flush_block()?;
            }
            if self.style == Style::Framed {
                let noun = if self.rows == 1 { "row" } else { "rows" };
                writeln!(self.out, "{} {noun} in set", self.rows)?;
            }
        }
        self.out.flush()?;
        Ok(self.rows)
    }
}
