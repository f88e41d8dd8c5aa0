//! The list table (`format/list-table.md`).
//!
//! PLACEHOLDER on the `formats` branch: the real renderer (with minimal-raggedness wrapping)
//! comes from another branch at merge and replaces this file. This version only lays cells
//! out on one line each, so the result printers have something to call.

use std::io::{self, Write};

use unicode_width::UnicodeWidthStr;

pub fn render<W: Write + ?Sized>(
    out: &mut W,
    headers: &[String],
    rows: &[Vec<String>],
) -> io::Result<()> {
    let flat = |s: &str| s.replace('\n', " ");
    let mut widths: Vec<usize> = headers.iter().map(|h| flat(h).width()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(flat(cell).width());
        }
    }
    let n = widths.len();
    let mut line = String::from(" ");
    for (i, (h, w)) in headers.iter().zip(&widths).enumerate() {
        let h = flat(h);
        let gap = w - h.width();
        line.push(' ');
        line.push_str(&" ".repeat(gap / 2));
        line.push_str(&h);
        line.push_str(&" ".repeat(gap - gap / 2));
        line.push_str(if i + 1 < n { " |" } else { "  " });
    }
    writeln!(out, "{}", line.trim_end_matches(' '))?;
    let mut rule = String::from("-");
    for (i, w) in widths.iter().enumerate() {
        rule.push_str(&"-".repeat(w + 2));
        rule.push(if i + 1 < n { '+' } else { '-' });
    }
    writeln!(out, "{rule}")?;
    for row in rows {
        let mut line = String::new();
        for (i, (cell, w)) in row.iter().zip(&widths).enumerate() {
            let cell = flat(cell);
            line.push_str(if i == 0 { "  " } else { "| " });
            line.push_str(&cell);
            line.push_str(&" ".repeat(w - cell.width() + 1));
        }
        writeln!(out, "{}", line.trim_end_matches(' '))?;
    }
    Ok(())
}
