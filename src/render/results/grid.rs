//! The two table formats as a sink: bounded results in aligned blocks of `max_rows` rows,
//! streaming results row by row in a layout fixed from the schema.
//!
//! Blocks are separated by an empty line and each is aligned on its own, so memory holds at
//! most one block and no row is dropped. Streaming tables can't know their widths ahead,
//! so each column is as wide as its type's values, never narrower than its name; a longer
//! cell line is cut. A top-level NULL is `<NULL>`; an empty bounded result prints nothing
//! (the session says `Empty set`). A value with line breaks keeps its lines.

use std::io::{self, BufWriter, Write};

use super::cells::{self, Cell};
use super::{OP, header_names, table, tableau};
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
    max_column_width: usize,
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
            max_column_width: options.max_column_width,
            columns: Vec::new(),
            stream_widths: None,
            block: Vec::new(),
            blocks_printed: 0,
            rows: 0,
            text: String::new(),
        }
    }

    fn header_cells(&self, with_op: bool) -> Vec<Cell> {
        let op = with_op.then(|| Cell {
            text: OP.to_string(),
        });
        op.into_iter()
            .chain(self.columns.iter().map(|c| Cell {
                text: cells::sanitize(&c.name),
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
                tableau::write_block(&mut self.out, &headers, &rows, self.max_column_width)?;
            }
        }
        self.blocks_printed += 1;
        Ok(())
    }
}

fn op_cell(kind: ChangeKind) -> Cell {
    Cell {
        text: kind.short().to_string(),
    }
}

impl RowSink for GridSink<'_> {
    fn begin(&mut self, columns: &[Column], bounded: Boundedness) -> io::Result<()> {
        self.columns = columns.to_vec();
        if bounded == Boundedness::Unbounded {
            let widths = match self.style {
                Style::List => cells::stream_widths(columns, true),
                Style::Framed => tableau::stream_widths(columns, self.max_column_width),
            };
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
        let mut cells = cells::value_cells(&values);
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
            // Flink closes the frame only under rows.
            if self.style == Style::Framed && self.rows > 0 {
                self.text.clear();
                tableau::border(&mut self.text, widths);
                self.out.write_all(self.text.as_bytes())?;
            }
        } else if !self.block.is_empty() {
            self.flush_block()?;
        }
        self.out.flush()?;
        Ok(self.rows)
    }
}
