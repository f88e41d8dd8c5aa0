//! Cell text for the table formats: made safe for a terminal, measured, and cut to a width.

use unicode_width::UnicodeWidthStr;

use crate::result::Column;

/// One table cell: its text, already through [`sanitize`].
pub(super) struct Cell {
    pub(super) text: String,
}

/// Widest column of a streaming list table.
pub(super) const MAX_STREAM_WIDTH: usize = 30;

/// The text made safe for the terminal with its line breaks kept: a value must not be
/// able to move the cursor or send escape sequences to the terminal, and a tab would
/// break the alignment.
pub(super) fn sanitize(s: &str) -> String {
    crate::util::terminal_text(s, true).into_owned()
}

/// The cells of a row: a top-level NULL as `<NULL>`, every other value as Flink
/// prints it, made safe for the terminal.
pub(super) fn value_cells(values: &[crate::result::Value]) -> Vec<Cell> {
    values
        .iter()
        .map(|v| Cell {
            text: match v {
                crate::result::Value::Null => crate::render::flink::NULL_CELL.to_string(),
                v => sanitize(&crate::render::value::display(v)),
            },
        })
        .collect()
}

/// Display width (wide CJK characters count 2).
pub(super) fn width(s: &str) -> usize {
    s.width()
}

/// The widest line of a (sanitized) cell.
pub(super) fn max_line_width(s: &str) -> usize {
    s.split('\n').map(width).max().unwrap_or(0)
}

/// `line` cut to at most `limit` columns, ending in `…` when something was cut.
pub(super) fn fit(line: &str, limit: usize) -> String {
    crate::render::width::cut_to_width(line, limit).into_owned()
}

/// `text` padded on the right with spaces to `w` columns.
pub(super) fn pad(out: &mut String, text: &str, w: usize) {
    out.push_str(text);
    out.extend(std::iter::repeat_n(' ', w.saturating_sub(width(text))));
}

/// A type name taken apart: `DECIMAL(10, 2) NOT NULL` → `DECIMAL` and `[10, 2]`.
pub(super) struct TypeText {
    /// The type without parameters, nullability or element types, upper-cased.
    pub(super) base: String,
    /// The numbers in the type's parentheses.
    pub(super) params: Vec<usize>,
}

impl TypeText {
    pub(super) fn of(type_name: &str) -> TypeText {
        let t = type_name.trim();
        let end = t.find(['(', '<', ' ']).unwrap_or(t.len());
        let params = match t.find('(').and_then(|open| {
            let len = t[open..].find(')')?;
            Some(&t[open + 1..open + len])
        }) {
            Some(inside) => inside
                .split(',')
                .filter_map(|p| p.trim().parse().ok())
                .collect(),
            None => Vec::new(),
        };
        TypeText {
            base: t[..end].to_ascii_uppercase(),
            params,
        }
    }
}

/// The widest text a value of this type prints as, for the fixed layout of streaming
/// tables; capped at [`MAX_STREAM_WIDTH`] (longer values are cut with `…`).
fn type_width(type_name: &str) -> usize {
    let TypeText { base, params } = TypeText::of(type_name);
    let p = |default: usize| params.first().copied().unwrap_or(default);
    let fraction = |digits: usize| if digits > 0 { digits + 1 } else { 0 };
    let w = match base.as_str() {
        "BOOLEAN" => 5,
        "TINYINT" => 4,
        "SMALLINT" => 6,
        "INT" | "INTEGER" => 11,
        "BIGINT" => 20,
        "FLOAT" | "REAL" => 14,
        "DOUBLE" => 23,
        "DECIMAL" | "DEC" | "NUMERIC" => {
            let precision = p(10);
            let scale = params.get(1).copied().unwrap_or(0);
            precision + 1 + usize::from(scale > 0)
        }
        "DATE" => 10,
        "TIME" => 8 + fraction(p(0)),
        "TIMESTAMP" | "TIMESTAMP_LTZ" => 19 + fraction(p(6)),
        "CHAR" | "VARCHAR" | "BINARY" | "VARBINARY" => p(MAX_STREAM_WIDTH),
        _ => MAX_STREAM_WIDTH,
    };
    w.min(MAX_STREAM_WIDTH)
}

/// Column widths of a streaming table: room for the type's values (capped) and for
/// `<NULL>`, and never narrower than the column's name, which is not cut. `with_op` adds the `op` column.
pub(super) fn stream_widths(columns: &[Column], with_op: bool) -> Vec<usize> {
    let op = with_op.then_some(2);
    op.into_iter()
        .chain(columns.iter().map(|c| {
            type_width(&c.type_name)
                .max(width(&sanitize(&c.name)))
                .max(crate::render::flink::NULL_CELL.len())
        }))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_cuts_by_display_width() {
        assert_eq!(fit("abc", 3), "abc");
        assert_eq!(fit("abcdef", 4), "abc…");
        // A wide character that does not fit whole is left out.
        assert_eq!(fit("日本語", 4), "日…");
        assert_eq!(width(&fit("日本語", 4)), 3);
    }

    #[test]
    fn sanitize_removes_terminal_control() {
        assert_eq!(sanitize("a\x1b[31mb\tc\r\nd"), "a\u{fffd}[31mb c\nd");
    }

    #[test]
    fn widths_follow_the_types() {
        let cols = [
            Column::new("id", "BIGINT NOT NULL"),
            Column::new("price", "DECIMAL(10, 2)"),
            Column::new("ts", "TIMESTAMP(3) WITH LOCAL TIME ZONE"),
            Column::new("a_long_column_name_indeed_yes_more", "STRING"),
            Column::new("b", "BOOLEAN"),
        ];
        assert_eq!(stream_widths(&cols, true), vec![2, 20, 12, 23, 34, 6]);
    }
}
