//! `tableau`: the bordered table of Flink's SQL Client, byte for byte as its
//! `TableauStyle` prints it (checked against the real client by `tests/flink_gateway.rs`).
//!
//! ```text
//! +----+--------+
//! | id |   name |
//! +----+--------+
//! |  1 |  Alice |
//! |  2 | <NULL> |
//! +----+--------+
//! ```
//!
//! Every cell and header is right-aligned. A bounded block's columns are as wide as their
//! widest cell or name, at most `table.display.max-column-width` (30); a streaming table's
//! widths come from the types, as Flink's `columnWidthsByType` has them. A longer cell is
//! cut to the column and ends in `...`. The footer (`N rows in set`, `Empty set`,
//! `Received a total of N rows`) is the session's, on standard error.
//!
//! Deliberate differences: a value with line breaks takes one line of the table per
//! line, left-aligned and never cut (Flink writes the raw newline and breaks its frame);
//! widths are display widths throughout (Flink measures column names in UTF-16 units,
//! which misaligns wide characters in names); a bounded result of more than
//! `client.max-rows` rows comes in blocks, so memory holds one block (Flink holds all).
//!
//! Not drawn with `tabled` (which the design names): a streaming table is printed row by
//! row as rows arrive, with widths fixed from the types before the first row, and a
//! bounded result in blocks of `client.max-rows`; `tabled` lays out whole tables it
//! holds. The drawing itself is a few dozen lines, and the goldens recorded from the
//! real SQL Client (`tests/data/flink/`) hold it to Flink's output byte for byte.

use std::io::{self, Write};

use super::cells::{Cell, max_line_width, width};
use crate::result::Column;

/// What a cut cell ends with.
const CUT: &str = "...";

pub(super) fn border(out: &mut String, widths: &[usize]) {
    out.push('+');
    for w in widths {
        out.extend(std::iter::repeat_n('-', w + 2));
        out.push('+');
    }
    out.push('\n');
}

/// `line` right-aligned in `w` columns, or, when wider, cut as Flink cuts it: as many
/// characters as fit in `w - 3` columns, a space in front if a wide character did not
/// fit, then `...`.
fn push_cell_line(out: &mut String, line: &str, w: usize) {
    let line_width = width(line);
    if line_width <= w {
        out.extend(std::iter::repeat_n(' ', w - line_width));
        out.push_str(line);
        return;
    }
    let target = w.saturating_sub(CUT.len());
    let mut used = 0;
    let mut end = 0;
    for (i, c) in line.char_indices() {
        let cw = width(c.encode_utf8(&mut [0; 4]));
        if used + cw > target {
            break;
        }
        used += cw;
        end = i + c.len_utf8();
    }
    out.extend(std::iter::repeat_n(' ', target - used));
    out.push_str(&line[..end]);
    out.push_str(CUT);
}

/// One row, as many lines tall as its tallest cell.
fn row(out: &mut String, cells: &[Cell], widths: &[usize]) {
    let height = cells
        .iter()
        .map(|c| c.text.split('\n').count())
        .max()
        .unwrap_or(1);
    let mut lines: Vec<std::str::Split<'_, char>> =
        cells.iter().map(|c| c.text.split('\n')).collect();
    // The lines of a multi-line value start at the left, as they do where Flink
    // prints the value whole.
    let multi_line: Vec<bool> = cells.iter().map(|c| c.text.contains('\n')).collect();
    for _ in 0..height {
        out.push('|');
        for ((lines, w), multi_line) in lines.iter_mut().zip(widths).zip(&multi_line) {
            out.push(' ');
            let line = lines.next().unwrap_or("");
            if *multi_line {
                super::cells::pad(out, line, *w);
            } else {
                push_cell_line(out, line, *w);
            }
            out.push_str(" |");
        }
        out.push('\n');
    }
}

/// A whole block, framed, each column as wide as its widest line up to `max_width`.
pub(super) fn write_block<W: Write + ?Sized>(
    out: &mut W,
    headers: &[Cell],
    rows: &[Vec<Cell>],
    max_width: usize,
) -> io::Result<()> {
    let mut widths: Vec<usize> = headers.iter().map(|h| max_line_width(&h.text)).collect();
    // Text of several lines (a query plan) is never cut: the SQL Client prints such
    // results (EXPLAIN, SHOW CREATE) without a width limit.
    let mut whole = vec![0; widths.len()];
    for r in rows {
        for ((w, whole), cell) in widths.iter_mut().zip(&mut whole).zip(r) {
            if cell.text.contains('\n') {
                *whole = (*whole).max(max_line_width(&cell.text));
            } else {
                *w = (*w).max(width(&cell.text));
            }
        }
    }
    for (w, whole) in widths.iter_mut().zip(whole) {
        *w = (*w).min(max_width).max(whole);
    }
    let mut text = String::new();
    border(&mut text, &widths);
    row(&mut text, headers, &widths);
    border(&mut text, &widths);
    out.write_all(text.as_bytes())?;
    for r in rows {
        text.clear();
        row(&mut text, r, &widths);
        out.write_all(text.as_bytes())?;
    }
    text.clear();
    border(&mut text, &widths);
    out.write_all(text.as_bytes())
}

/// The top of a streaming table: border, header, border.
pub(super) fn stream_header(out: &mut String, headers: &[Cell], widths: &[usize]) {
    border(out, widths);
    row(out, headers, widths);
    border(out, widths);
}

pub(super) fn stream_row(out: &mut String, cells: &[Cell], widths: &[usize]) {
    row(out, cells, widths);
}

/// Column widths of a streaming table (`op` first), from the types alone as Flink's
/// `columnWidthsByType` sets them: room for any value of the type and for `<NULL>`,
/// never narrower than the name; types of unbounded text get `max_width`.
pub(super) fn stream_widths(columns: &[Column], max_width: usize) -> Vec<usize> {
    std::iter::once(2)
        .chain(columns.iter().map(|c| {
            let t = super::cells::TypeText::of(&c.type_name);
            let p = |default: usize| t.params.first().copied().unwrap_or(default);
            let timestamp = |precision: usize| match precision {
                0 => 19,
                1..=3 => 23,
                4..=6 => 26,
                _ => 29,
            };
            let len = match t.base.as_str() {
                "TINYINT" => 4,
                "SMALLINT" => 6,
                "INT" | "INTEGER" => 11,
                "BIGINT" => 20,
                "DECIMAL" | "DEC" | "NUMERIC" => p(10) + 2,
                "BOOLEAN" => 5,
                "DATE" => 10,
                "TIME" => match p(0) {
                    0 => 8,
                    precision => precision + 9,
                },
                "TIMESTAMP" | "TIMESTAMP_LTZ" => timestamp(p(6)),
                _ => max_width,
            };
            len.max(crate::render::flink::NULL_CELL.len())
                .max(width(&c.name))
        }))
        .collect()
}
