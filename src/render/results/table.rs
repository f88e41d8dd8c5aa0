//! `table`: results in the list table (`format/list-table.md`), except that a value of
//! several lines (a query plan) keeps them. Bounded blocks go through
//! [`crate::render::list_table::render_keeping_lines`]; streaming rows use the same
//! drawing rules (centred headers, `-+-` rule, `|` between columns, left-aligned cells,
//! no outer border) with the fixed widths of a streaming layout and no wrapping: a line
//! wider than its column is cut with `…`, and a value's line breaks become spaces, so
//! each row stays one line.

use std::io::{self, Write};

use super::cells::{Cell, fit, pad, width};
use crate::render::list_table;

pub(super) fn write_block<W: Write + ?Sized>(
    out: &mut W,
    headers: &[String],
    rows: Vec<Vec<Cell>>,
) -> io::Result<()> {
    let rows: Vec<Vec<String>> = rows
        .into_iter()
        .map(|r| r.into_iter().map(|c| c.text).collect())
        .collect();
    list_table::render_keeping_lines(out, headers, &rows)
}

fn end_line(out: &mut String, start: usize) {
    let trimmed = out[start..].trim_end_matches(' ').len();
    out.truncate(start + trimmed);
    out.push('\n');
}

pub(super) fn stream_header(out: &mut String, headers: &[Cell], widths: &[usize]) {
    let start = out.len();
    out.push(' ');
    let last = widths.len().saturating_sub(1);
    for (i, (h, w)) in headers.iter().zip(widths).enumerate() {
        let text = fit(&h.text.replace('\n', " "), *w);
        let gap = w.saturating_sub(width(&text));
        out.push(' ');
        out.extend(std::iter::repeat_n(' ', gap / 2));
        out.push_str(&text);
        out.extend(std::iter::repeat_n(' ', gap - gap / 2));
        out.push_str(if i < last { " |" } else { "  " });
    }
    end_line(out, start);
    out.push('-');
    for (i, w) in widths.iter().enumerate() {
        out.extend(std::iter::repeat_n('-', w + 2));
        out.push(if i < last { '+' } else { '-' });
    }
    out.push('\n');
}

pub(super) fn stream_row(out: &mut String, cells: &[Cell], widths: &[usize]) {
    let start = out.len();
    for (i, (cell, w)) in cells.iter().zip(widths).enumerate() {
        out.push_str(if i == 0 { "  " } else { "| " });
        pad(out, &fit(&cell.text.replace('\n', " "), *w), *w);
        out.push(' ');
    }
    end_line(out, start);
}
