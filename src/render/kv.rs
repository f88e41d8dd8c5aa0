//! The describe view: a bordered key/value table without a header.

use std::io::{self, Write};

use super::list_table::{Cell, LineSink, WRAP_LIMIT};

/// Prints `pairs` as a two-column bordered table, wrapping cells like the list
/// table does.
pub fn render<W: Write + ?Sized>(out: &mut W, pairs: &[(String, String)]) -> io::Result<()> {
    let mut key = Cell::default();
    let mut value = Cell::default();
    let (mut key_width, mut value_width) = (0, 0);
    for (k, v) in pairs {
        key_width = key_width.max(key.measure(k, WRAP_LIMIT));
        value_width = value_width.max(value.measure(v, WRAP_LIMIT));
    }

    let mut sink = LineSink::new(out);
    border(&mut sink, key_width, value_width)?;
    for (k, v) in pairs {
        key.layout(k, WRAP_LIMIT);
        value.layout(v, WRAP_LIMIT);
        for line in 0..key.height().max(value.height()) {
            for (cell, width) in [(&key, key_width), (&value, value_width)] {
                let (text, text_width) = cell.line(line);
                sink.push_str("| ");
                sink.push_str(text);
                sink.pad(width.saturating_sub(text_width) + 1);
            }
            sink.push_str("|");
            sink.end_line()?;
        }
    }
    border(&mut sink, key_width, value_width)?;
    sink.finish()
}

fn border<W: Write + ?Sized>(
    sink: &mut LineSink<'_, W>,
    key_width: usize,
    value_width: usize,
) -> io::Result<()> {
    for width in [key_width, value_width] {
        sink.push_str("+");
        sink.repeat(b'-', width + 2);
    }
    sink.push_str("+");
    sink.end_line()
}

#[cfg(test)]
mod tests {
    use super::render;

    fn kv(pairs: &[(&str, &str)]) -> String {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let mut out = Vec::new();
        render(&mut out, &pairs).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn wrapped_value_continues_under_a_blank_key() {
        let out = kv(&[("Key", "one two three four five six seven eight")]);
        assert_eq!(
            out,
            "+-----+--------------------------------+\n\
             | Key | one two three four five six    |\n\
             |     | seven eight                    |\n\
             +-----+--------------------------------+\n"
        );
    }

    #[test]
    fn empty_value_keeps_its_row() {
        let out = kv(&[("Status", ""), ("Name", "n")]);
        assert_eq!(
            out,
            "+--------+---+\n\
             | Status |   |\n\
             | Name   | n |\n\
             +--------+---+\n"
        );
    }
}
