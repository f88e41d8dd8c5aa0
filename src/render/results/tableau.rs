//! `tableau`: the bordered table of Flink's SQL client.
//!
//! ```text
//! +----+-------+
//! | id | name  |
//! +----+-------+
//! |  1 | Alice |
//! +----+-------+
//! 1 row in set
//! ```
//!
//! Numbers (and NULL in numeric columns) are right-aligned, the rest left-aligned; a
//! numeric column's header is right-aligned too. A cell with line breaks makes its row as
//! many lines tall.

use std::io::{self, Write};

use super::cells::{Cell, fit, max_line_width, pad};

pub(super) fn border(out: &mut String, widths: &[usize]) {
    out.push('+');
    for w in widths {
        out.extend(std::iter::repeat_n('-', w + 2));
        out.push('+');
    }
    out.push('\n');
}

/// One row; with `cut`, lines wider than their column are cut to fit.
fn row(out: &mut String, cells: &[Cell], widths: &[usize], cut: bool) {
    let height = cells
        .iter()
        .map(|c| c.text.split('\n').count())
        .max()
        .unwrap_or(1);
    let mut lines: Vec<std::str::Split<'_, char>> =
        cells.iter().map(|c| c.text.split('\n')).collect();
    for _ in 0..height {
        out.push('|');
        for ((cell, lines), w) in cells.iter().zip(&mut lines).zip(widths) {
            let line = lines.next().unwrap_or("");
            out.push(' ');
            if cut {
                pad(out, &fit(line, *w), *w, cell.right);
            } else {
                pad(out, line, *w, cell.right);
            }
            out.push_str(" |");
        }
        out.push('\n');
    }
}

/// A whole block, framed, each column as wide as its widest line.
pub(super) fn write_block<W: Write + ?Sized>(
    out: &mut W,
    headers: &[Cell],
    rows: &[Vec<Cell>],
) -> io::Result<()> {
    let mut widths: Vec<usize> = headers.iter().map(|h| max_line_width(&h.text)).collect();
    for r in rows {
        for (w, cell) in widths.iter_mut().zip(r) {
            *w = (*w).max(max_line_width(&cell.text));
        }
    }
    let mut text = String::new();
    border(&mut text, &widths);
    row(&mut text, headers, &widths, false);
    border(&mut text, &widths);
    out.write_all(text.as_bytes())?;
    for r in rows {
        text.clear();
        row(&mut text, r, &widths, false);
        out.write_all(text.as_bytes())?;
    }
    text.clear();
    border(&mut text, &widths);
    out.write_all(text.as_bytes())
}

/// The top of a streaming table: border, header, border.
pub(super) fn stream_header(out: &mut String, headers: &[Cell], widths: &[usize]) {
    border(out, widths);
    row(out, headers, widths, true);
    border(out, widths);
}

pub(super) fn stream_row(out: &mut String, cells: &[Cell], widths: &[usize]) {
    row(out, cells, widths, true);
}
