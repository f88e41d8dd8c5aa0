//! The multi-line wrapped list table (format/list-table.md), and the cell wrapping
//! it shares with the describe view.

use std::io::{self, Write};

use super::width::display_width;

/// A cell wider than this is wrapped.
pub const WRAP_LIMIT: usize = 30;

/// Added to the cost of a line wider than the wrap width.
const OVERLONG_PENALTY: i64 = 100_000;

/// Output is handed to the writer in chunks of about this size, so an unbuffered
/// stdout is not hit once per line.
const FLUSH_AT: usize = 64 * 1024;

/// Lays `text` out as a cell: its wrapped lines and the cell's width.
pub fn wrap_cell(text: &str, limit: usize) -> (Vec<String>, usize) {
    let mut cell = Cell::default();
    cell.layout(text, limit);
    let lines = cell.lines().map(|(line, _)| line.to_string()).collect();
    (lines, cell.width)
}

/// Prints the list table for `headers` and `rows`. A row shorter than the
/// headers is padded with empty cells.
pub fn render<W: Write + ?Sized>(
    out: &mut W,
    headers: &[String],
    rows: &[Vec<String>],
) -> io::Result<()> {
    render_cells(out, headers, rows)
}

/// `render`, but a cell's own line breaks are kept (each line wrapped on its own)
/// rather than re-flowed: result values such as an EXPLAIN plan read as they were written.
pub fn render_keeping_lines<W: Write + ?Sized>(
    out: &mut W,
    headers: &[String],
    rows: &[Vec<String>],
) -> io::Result<()> {
    let widths = measure_columns(headers, rows.iter(), true);
    print_rows(out, headers, rows.iter(), &widths, true)
}

/// `render` for rows of any string cells, e.g. `[&str; N]` borrowed from the items
/// being listed, so a long list is not copied into owned strings first.
pub fn render_cells<W, H, R, C>(out: &mut W, headers: &[H], rows: &[R]) -> io::Result<()>
where
    W: Write + ?Sized,
    H: AsRef<str>,
    R: AsRef<[C]>,
    C: AsRef<str>,
{
    render_rows(out, headers, rows.iter().map(AsRef::as_ref))
}

/// `render` for rows made on the fly, e.g. `[&str; N]` arrays made from the items
/// in the order they are printed, so a long list is not collected into rows first.
/// `rows` is gone through twice: for the widths, then to print.
pub fn render_rows<W, H, I, R, C>(out: &mut W, headers: &[H], rows: I) -> io::Result<()>
where
    W: Write + ?Sized,
    H: AsRef<str>,
    I: Iterator<Item = R> + Clone,
    R: AsRef<[C]>,
    C: AsRef<str>,
{
    let widths = column_widths(headers, rows.clone());
    render_rows_with_widths(out, headers, rows, &widths)
}

/// The width of each column of the table of `headers` and `rows`. The order of the
/// rows does not matter, so a caller can measure them before sorting them.
pub(crate) fn column_widths<H, I, R, C>(headers: &[H], rows: I) -> Vec<usize>
where
    H: AsRef<str>,
    I: Iterator<Item = R>,
    R: AsRef<[C]>,
    C: AsRef<str>,
{
    measure_columns(headers, rows, false)
}

fn measure_columns<H, I, R, C>(headers: &[H], rows: I, keep_lines: bool) -> Vec<usize>
where
    H: AsRef<str>,
    I: Iterator<Item = R>,
    R: AsRef<[C]>,
    C: AsRef<str>,
{
    let mut scratch = Cell {
        keep_lines,
        ..Cell::default()
    };
    let mut widths: Vec<usize> = headers
        .iter()
        .map(|h| scratch.measure(h.as_ref(), WRAP_LIMIT))
        .collect();
    for row in rows {
        let row = row.as_ref();
        if row.len() > widths.len() {
            // An empty cell is 0 wide.
            widths.resize(row.len(), 0);
        }
        for (i, width) in widths.iter_mut().enumerate() {
            *width = (*width).max(scratch.measure(cell_text(row, i), WRAP_LIMIT));
        }
    }
    widths
}

/// `render_rows` with the `widths` that `column_widths` gives for the same table.
pub(crate) fn render_rows_with_widths<W, H, I, R, C>(
    out: &mut W,
    headers: &[H],
    rows: I,
    widths: &[usize],
) -> io::Result<()>
where
    W: Write + ?Sized,
    H: AsRef<str>,
    I: Iterator<Item = R>,
    R: AsRef<[C]>,
    C: AsRef<str>,
{
    print_rows(out, headers, rows, widths, false)
}

fn print_rows<W, H, I, R, C>(
    out: &mut W,
    headers: &[H],
    rows: I,
    widths: &[usize],
    keep_lines: bool,
) -> io::Result<()>
where
    W: Write + ?Sized,
    H: AsRef<str>,
    I: Iterator<Item = R>,
    R: AsRef<[C]>,
    C: AsRef<str>,
{
    let columns = widths.len();
    if columns == 0 {
        return Ok(());
    }
    // Rows are laid out again while printing, so memory stays proportional to one
    // row however long the list is.
    let mut sink = LineSink::new(out);
    let mut cells: Vec<Cell> = (0..columns)
        .map(|_| Cell {
            keep_lines,
            ..Cell::default()
        })
        .collect();

    let height = layout_row(&mut cells, |i| cell_text(headers, i));
    for line in 0..height {
        sink.push_str(" ");
        for (i, cell) in cells.iter().enumerate() {
            let (text, text_width) = cell.line(line);
            let gap = widths[i].saturating_sub(text_width);
            sink.push_str(" ");
            sink.pad(gap / 2);
            sink.push_str(text);
            sink.pad(gap - gap / 2);
            sink.push_str(if i + 1 == columns { "  " } else { " |" });
        }
        sink.end_line()?;
    }

    sink.push_str("-");
    for (i, width) in widths.iter().enumerate() {
        sink.repeat(b'-', width + 2);
        sink.push_str(if i + 1 == columns { "-" } else { "+" });
    }
    sink.end_line()?;

    // Most cells are one line: those are printed straight from the row, and only
    // the cells that wrap are laid out.
    let mut one_line: Vec<Option<usize>> = vec![None; columns];
    for row in rows {
        let row = row.as_ref();
        let mut height = 1;
        for (i, (cell, one)) in cells.iter_mut().zip(one_line.iter_mut()).enumerate() {
            let text = cell_text(row, i);
            *one = one_line_width(text, WRAP_LIMIT);
            if one.is_none() {
                cell.wrap(text, WRAP_LIMIT);
                height = height.max(cell.height());
            }
        }
        for line in 0..height {
            for (i, (cell, one)) in cells.iter().zip(&one_line).enumerate() {
                sink.push_str(if i == 0 { "  " } else { "| " });
                let (text, text_width) = match *one {
                    Some(width) if line == 0 => (cell_text(row, i), width),
                    Some(_) => ("", 0),
                    None => cell.line(line),
                };
                sink.push_str(text);
                sink.pad(widths[i].saturating_sub(text_width) + 1);
            }
            sink.end_line()?;
        }
    }
    sink.finish()
}

/// Cell `i` of `row`; a missing cell is empty.
fn cell_text<C: AsRef<str>>(row: &[C], i: usize) -> &str {
    row.get(i).map_or("", AsRef::as_ref)
}

/// Lays out every cell of one row; returns the row's height in lines.
fn layout_row<'a>(cells: &mut [Cell], text: impl Fn(usize) -> &'a str) -> usize {
    cells
        .iter_mut()
        .enumerate()
        .map(|(i, cell)| {
            cell.layout(text(i), WRAP_LIMIT);
            cell.lines.len()
        })
        .max()
        .unwrap_or(0)
}

/// The width of `text` when it is laid out as one line: it has no newline or other
/// control character, and it fits within `limit` or is a single word (which the line
/// breaking would leave whole too). `None` when it needs the line breaking.
fn one_line_width(text: &str, limit: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let width = if is_plain(text) {
        bytes.len()
    } else if bytes.contains(&b'\n') || text.chars().any(crate::util::is_unsafe_for_terminal) {
        // Line breaks are reflowed, and control characters replaced, by the wrapping.
        return None;
    } else {
        display_width(text)
    };
    (width <= limit || !bytes.contains(&b' ')).then_some(width)
}

/// Printable ASCII, the usual cell: it has no newline and is as wide as it is long.
fn is_plain(text: &str) -> bool {
    // Without an early exit, so the loop is vectorised.
    text.bytes()
        .fold(true, |plain, b| plain & (0x20..0x7f).contains(&b))
}

/// One laid-out cell. Its buffers are reused from cell to cell, so laying out a
/// table does not allocate per cell once they have grown.
#[derive(Default)]
pub(crate) struct Cell {
    /// The cell's text, newlines turned into spaces unless `keep_lines`; its lines are
    /// spans of it.
    text: String,
    /// Keep the text's own line breaks (results) rather than re-flow them (the list
    /// table of `format/list-table.md`).
    keep_lines: bool,
    lines: Vec<Span>,
    /// The cell's width: its limit, or its widest line if that is wider.
    pub(crate) width: usize,
    words: Vec<Span>,
    prefix: Vec<i64>,
    cost: Vec<i64>,
    next: Vec<usize>,
}

/// A byte range of `Cell::text` and its display width.
#[derive(Clone, Copy)]
struct Span {
    start: usize,
    end: usize,
    width: usize,
}

impl Cell {
    /// The width `layout` would return, without copying a cell that fits.
    pub(crate) fn measure(&mut self, text: &str, limit: usize) -> usize {
        if let Some(width) = one_line_width(text, limit) {
            return width;
        }
        if is_plain(text) {
            let (mut words, mut longest) = (0i64, 0);
            for word in text.split(' ') {
                words += 1;
                longest = longest.max(word.len());
            }
            let wrap = limit.min(text.len()).max(longest);
            // A layout without an overlong line costs less than words × wrap², and
            // one with an overlong line at least the penalty; below it the line
            // breaking keeps every line within `wrap`, and the longest word (or the
            // limit) makes the cell exactly `wrap` wide. Dates wrap in every row.
            if words.saturating_mul((wrap as i64).saturating_pow(2)) < OVERLONG_PENALTY {
                return wrap;
            }
        }
        self.wrap(text, limit)
    }

    /// Wraps `text` within `limit` columns and returns the cell's width.
    pub(crate) fn layout(&mut self, text: &str, limit: usize) -> usize {
        self.text.clear();
        self.lines.clear();
        if let Some(width) = one_line_width(text, limit) {
            self.text.push_str(text);
            self.lines.push(Span {
                start: 0,
                end: text.len(),
                width,
            });
            self.width = width;
            return width;
        }
        self.wrap(text, limit)
    }

    /// `layout` for a cell that `one_line_width` says needs line breaking. With
    /// `keep_lines` a text of several lines keeps them as they are (a query plan stays a
    /// plan); otherwise the lines are re-flowed as one paragraph.
    fn wrap(&mut self, text: &str, limit: usize) -> usize {
        // Data (names, endpoints, server text) never reaches the terminal raw; line
        // breaks are reflowed below.
        let text = &*crate::util::terminal_text(text, true);
        self.text.clear();
        self.lines.clear();
        let plain = is_plain(text);
        let limit = if plain {
            self.text.push_str(text);
            limit.min(text.len())
        } else {
            let widest_line = text.split('\n').map(display_width).max().unwrap_or(0);
            if self.keep_lines && text.contains('\n') {
                // Text laid out in lines (a query plan) is wrapped only by the terminal.
                self.text.push_str(text);
                return self.break_paragraphs(plain, widest_line);
            } else {
                // A newline does not survive: the lines are re-flowed as one paragraph.
                for (i, line) in text.split('\n').enumerate() {
                    if i > 0 {
                        self.text.push(' ');
                    }
                    self.text.push_str(line);
                }
            }
            limit.min(widest_line)
        };
        self.break_paragraphs(plain, limit)
    }

    /// Breaks each line of `self.text` into lines of at most `limit` columns (or its
    /// widest word); returns the cell's width.
    fn break_paragraphs(&mut self, plain: bool, limit: usize) -> usize {
        let mut paragraphs = Vec::new();
        let mut start = 0;
        for paragraph in self.text.split('\n') {
            paragraphs.push((start, start + paragraph.len()));
            start += paragraph.len() + 1;
        }
        let mut wrap = limit;
        for &(start, end) in &paragraphs {
            self.split_words(plain, start, end);
            wrap = self.words.iter().map(|w| w.width).fold(wrap, usize::max);
        }
        for &(start, end) in &paragraphs {
            // The last paragraph's words are still split.
            if paragraphs.len() > 1 {
                self.split_words(plain, start, end);
            }
            self.break_lines(wrap);
        }
        self.width = self.lines.iter().map(|l| l.width).fold(limit, usize::max);
        self.width
    }

    /// Splits `text[start..end]` at every single space: two spaces in a row give an
    /// empty word, which keeps the double space when the words are joined again.
    fn split_words(&mut self, plain: bool, start: usize, end: usize) {
        self.words.clear();
        let mut at = start;
        for word in self.text[start..end].split(' ') {
            let end = at + word.len();
            self.words.push(Span {
                start: at,
                end,
                width: if plain {
                    word.len()
                } else {
                    display_width(word)
                },
            });
            at = end + 1;
        }
    }

    /// Minimal-raggedness line breaking, working from the last word back to the
    /// first; on equal cost the shorter first line wins.
    fn break_lines(&mut self, wrap: usize) {
        let n = self.words.len();
        let wrap = wrap as i64;
        // prefix[k]: width of words 0..k plus one space after each.
        let prefix = &mut self.prefix;
        prefix.clear();
        prefix.push(0i64);
        let mut total = 0;
        for w in &self.words {
            total += w.width as i64 + 1;
            prefix.push(total);
        }
        let prefix = &self.prefix;
        // Width of words i..=j joined by single spaces.
        let line_width = |i: usize, j: usize| prefix[j + 1] - prefix[i] - 1;

        self.cost.clear();
        self.cost.resize(n, i64::MAX);
        self.next.clear();
        self.next.resize(n, n);
        for i in (0..n).rev() {
            if line_width(i, n - 1) <= wrap {
                self.cost[i] = 0;
                self.next[i] = n;
                continue;
            }
            for j in i + 1..n {
                let width = line_width(i, j - 1);
                let d = wrap - width;
                // Past the wrap width d² only grows with j and cost[j] >= 0, so
                // once d² alone reaches the best cost no later j can beat it
                // (ties keep the earlier, shorter first line). Without this the
                // loop is quadratic in words.
                if width > wrap && d * d >= self.cost[i] {
                    break;
                }
                let mut cost = (d * d).saturating_add(self.cost[j]);
                if width > wrap {
                    cost = cost.saturating_add(OVERLONG_PENALTY);
                }
                if cost < self.cost[i] {
                    self.cost[i] = cost;
                    self.next[i] = j;
                }
            }
        }

        let mut i = 0;
        while i < n {
            // `next` is always past `i`; the max guards the loop regardless.
            let j = self.next[i].max(i + 1);
            self.lines.push(Span {
                start: self.words[i].start,
                end: self.words[j - 1].end,
                width: line_width(i, j - 1) as usize,
            });
            i = j;
        }
    }

    fn lines(&self) -> impl Iterator<Item = (&str, usize)> {
        self.lines
            .iter()
            .map(|l| (&self.text[l.start..l.end], l.width))
    }

    /// Line `index` of the cell and its width; blank below the last line.
    pub(crate) fn line(&self, index: usize) -> (&str, usize) {
        self.lines
            .get(index)
            .map_or(("", 0), |l| (&self.text[l.start..l.end], l.width))
    }

    pub(crate) fn height(&self) -> usize {
        self.lines.len()
    }
}

/// Collects output a line at a time, right-trims each line, and writes in chunks.
pub(crate) struct LineSink<'w, W: Write + ?Sized> {
    out: &'w mut W,
    buf: Vec<u8>,
    line_start: usize,
}

impl<'w, W: Write + ?Sized> LineSink<'w, W> {
    pub(crate) fn new(out: &'w mut W) -> Self {
        LineSink {
            out,
            buf: Vec::with_capacity(FLUSH_AT + 4096),
            line_start: 0,
        }
    }

    pub(crate) fn push_str(&mut self, s: &str) {
        self.buf.extend_from_slice(s.as_bytes());
    }

    pub(crate) fn pad(&mut self, n: usize) {
        self.repeat(b' ', n);
    }

    pub(crate) fn repeat(&mut self, byte: u8, n: usize) {
        self.buf.resize(self.buf.len() + n, byte);
    }

    pub(crate) fn end_line(&mut self) -> io::Result<()> {
        let kept = self.buf[self.line_start..]
            .iter()
            .rposition(|&b| b != b' ')
            .map_or(0, |p| p + 1);
        self.buf.truncate(self.line_start + kept);
        self.buf.push(b'\n');
        if self.buf.len() >= FLUSH_AT {
            self.out.write_all(&self.buf)?;
            self.buf.clear();
        }
        self.line_start = self.buf.len();
        Ok(())
    }

    pub(crate) fn finish(mut self) -> io::Result<()> {
        self.out.write_all(&self.buf)?;
        self.buf.clear();
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wrap(text: &str) -> (Vec<String>, usize) {
        wrap_cell(text, WRAP_LIMIT)
    }

    fn table(headers: &[&str], rows: &[&[&str]]) -> String {
        let headers: Vec<String> = headers.iter().map(|s| s.to_string()).collect();
        let rows: Vec<Vec<String>> = rows
            .iter()
            .map(|r| r.iter().map(|s| s.to_string()).collect())
            .collect();
        let mut out = Vec::new();
        render(&mut out, &headers, &rows).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn short_cell_is_one_line_of_its_own_width() {
        assert_eq!(wrap("READY"), (vec!["READY".to_string()], 5));
        assert_eq!(wrap(""), (vec![String::new()], 0));
    }

    #[test]
    fn date_of_36_columns_wraps_but_keeps_a_30_wide_cell() {
        let (lines, width) = wrap("2025-08-13 21:05:15.035376 +0000 UTC");
        assert_eq!(lines, ["2025-08-13 21:05:15.035376", "+0000 UTC"]);
        assert_eq!(width, 30);
    }

    #[test]
    fn word_wider_than_30_sets_the_wrap_width() {
        let long = "a-very-long-token-without-any-spaces-that-exceeds-thirty-columns";
        let (lines, width) = wrap(&format!("auth later {long} answer {long} ai.openai.com"));
        assert_eq!(lines, ["auth later", long, "answer", long, "ai.openai.com"]);
        assert_eq!(width, long.len());

        // With a 64-column wrap width, short words share a line with the long one.
        let (lines, _) = wrap(&format!("in x docs {long} did"));
        assert_eq!(lines, ["in x docs", long, "did"]);
    }

    #[test]
    fn single_long_word_is_never_broken() {
        let url = "https://bedrock-runtime.us-east-1.amazonaws.com/completions";
        assert_eq!(wrap(url), (vec![url.to_string()], url.len()));
    }

    #[test]
    fn double_spaces_are_kept() {
        let (lines, width) = wrap("aaaaaaaaaa  bbbbbbbbbb cccccccccc dddd");
        assert_eq!(lines, ["aaaaaaaaaa  bbbbbbbbbb", "cccccccccc dddd"]);
        assert_eq!(width, 30);
        assert_eq!(wrap("a  b"), (vec!["a  b".to_string()], 4));
    }

    #[test]
    fn newline_in_a_value_is_reflowed() {
        // The limit is the widest line (5), and the text is re-flowed at it.
        assert_eq!(
            wrap("ab cd\nef"),
            (vec!["ab cd".to_string(), "ef".to_string()], 5)
        );
        assert_eq!(
            wrap("ab\ncd ef"),
            (vec!["ab cd".to_string(), "ef".to_string()], 5)
        );
        // Lines shorter than the widest are joined: "ab" and "cd" share a line.
        assert_eq!(wrap("ab\ncd\nef gh").0, ["ab cd", "ef gh"]);
        // The limit is 1 here, so "a" and "b" cannot share a line.
        assert_eq!(wrap("a\nb"), (vec!["a".to_string(), "b".to_string()], 1));
    }

    #[test]
    fn results_keep_the_lines_of_a_value() {
        let wrap = |text: &str| {
            let mut cell = Cell {
                keep_lines: true,
                ..Cell::default()
            };
            cell.layout(text, WRAP_LIMIT);
            let lines: Vec<String> = cell.lines().map(|(l, _)| l.to_string()).collect();
            (lines, cell.width)
        };
        assert_eq!(wrap("ab\ncd ef"), (vec!["ab".into(), "cd ef".into()], 5));
        assert_eq!(wrap("ab\ncd\n\nef gh").0, ["ab", "cd", "", "ef gh"]);
        // Lines wider than 30 stay whole: a plan is not re-wrapped.
        let plan = "LogicalProject(EXPR$0=[1])\n+- LogicalValues(tuples=[[{ 0 }]])";
        assert_eq!(
            wrap(plan),
            (
                vec![
                    "LogicalProject(EXPR$0=[1])".to_string(),
                    "+- LogicalValues(tuples=[[{ 0 }]])".to_string()
                ],
                34
            )
        );
        let mut out = Vec::new();
        render_keeping_lines(&mut out, &["plan".to_string()], &[vec![plan.to_string()]])
            .unwrap_or_default();
        let out = String::from_utf8_lossy(&out);
        assert!(out.contains("\n  LogicalProject(EXPR$0=[1])"), "{out}");
    }

    #[test]
    fn minimal_raggedness_not_greedy() {
        // Greedy filling would give "aaa bb" / "cc" / "dddd" (cost 0 + 16);
        // "aaa" / "bb cc" costs 9 + 1.
        assert_eq!(wrap_cell("aaa bb cc dddd", 6).0, ["aaa", "bb cc", "dddd"]);
    }

    #[test]
    fn tie_breaks_toward_the_shorter_first_line() {
        // Width 3: "a" / "b c" / "dd" costs 4 + 0, and "a b" / "c" / "dd"
        // costs 0 + 4. Equal, so the shorter first line wins.
        assert_eq!(wrap_cell("a b c dd", 3).0, ["a", "b c", "dd"]);
        // The same rule at the real limit: the first two lines cost 49 + 9 or
        // 9 + 49; the layout starting with the shorter line is chosen.
        let text = "lookup refused endpoint the endpoint in the expired refused docs docs";
        assert_eq!(
            wrap(text).0,
            [
                "lookup refused endpoint",
                "the endpoint in the expired",
                "refused docs docs"
            ]
        );
    }

    #[test]
    fn cjk_counts_two_columns() {
        let (lines, width) = wrap("接続 接続 接続 接続 接続 接続 接続 接続");
        // 8 words 4 columns wide: 39 columns in all, over the limit (counted
        // per character it would be 23 and fit). Six words make a 29-wide line.
        assert_eq!(lines, ["接続 接続 接続 接続 接続 接続", "接続 接続"]);
        assert_eq!(width, 30);
        assert_eq!(wrap("뭐이"), (vec!["뭐이".to_string()], 4));

        let out = table(&["A", "B"], &[&["接続", "x"]]);
        assert_eq!(out, "   A   | B\n-------+----\n  接続 | x\n");
    }

    #[test]
    fn empty_cells_are_blank() {
        let out = table(&["Name", "Status", "Detail"], &[&["a", "", ""]]);
        assert_eq!(
            out,
            "  Name | Status | Detail\n\
             -------+--------+---------\n  \
             a    |        |\n"
        );
    }

    #[test]
    fn header_centring_puts_the_odd_space_on_the_right() {
        // "BB" in a 5-wide column: gap 3, so 1 space left and 2 right.
        let out = table(&["A", "BB", "C"], &[&["wxyz", "pqrst", "c"]]);
        assert_eq!(
            out,
            "   A   |  BB   | C\n\
             -------+-------+----\n  \
             wxyz | pqrst | c\n"
        );
    }

    #[test]
    fn date_cell_makes_a_30_wide_column_and_rows_grow() {
        let out = table(
            &["Creation Date", "Name"],
            &[&["2025-08-13 21:05:15.035376 +0000 UTC", "conn"]],
        );
        let expected = "          Creation Date          | Name\n\
             ---------------------------------+-------\n  \
             2025-08-13 21:05:15.035376     | conn\n  \
             +0000 UTC                      |\n";
        assert_eq!(out, expected);
    }

    #[test]
    fn long_header_wraps_onto_several_centred_lines() {
        let header = "a header that is longer than thirty columns";
        let out = table(&[header, "B"], &[&["x", "y"]]);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0], "   a header that is longer than  | B");
        assert_eq!(lines[1], "          thirty columns         |");
        assert_eq!(lines[2], format!("-{}+----", "-".repeat(32)));
        assert_eq!(lines[3], format!("  x{}| y", " ".repeat(30)));
    }

    #[test]
    fn rows_shorter_than_the_headers_get_empty_cells() {
        let out = table(&["A", "B"], &[&["x"]]);
        assert_eq!(out, "  A | B\n----+----\n  x |\n");
    }

    #[test]
    fn rows_longer_than_the_headers_get_columns_of_their_own() {
        let out = table(&["A"], &[&["x", "wide"], &["y"]]);
        assert_eq!(out, "  A |\n----+-------\n  x | wide\n  y |\n");
    }

    #[test]
    fn widths_do_not_depend_on_the_order_of_the_rows() {
        let date = "2025-06-16 00:46:42.1 +0000 UTC";
        let rows = [
            vec!["a b c d e f g h i j k l m n o p q r s t u v w x y z", "x"],
            vec![date, "", "three"],
            vec!["失敗 데이터", "a-very-long-token-without-any-spaces-here"],
        ];
        let forward = column_widths(&["H1", "Header two"], rows.iter());
        let backward = column_widths(&["H1", "Header two"], rows.iter().rev());
        assert_eq!(forward, backward);
        assert_eq!(forward.len(), 3);
        let mut printed = Vec::new();
        render_rows_with_widths(&mut printed, &["H1", "Header two"], rows.iter(), &forward)
            .unwrap();
        let mut whole = Vec::new();
        render_cells(&mut whole, &["H1", "Header two"], &rows).unwrap();
        assert_eq!(printed, whole);
    }

    #[test]
    fn a_cell_of_fifty_thousand_words_wraps_into_even_lines() {
        let text = vec!["abcd"; 50_000].join(" ");
        let (lines, width) = wrap(&text);
        // Six words fill 29 of 30 columns; the last line is free, so the least
        // ragged layout is all sixes and the two words left over.
        assert_eq!(width, WRAP_LIMIT);
        assert_eq!(lines.len(), 50_000 / 6 + 1);
        assert!(lines[..lines.len() - 1].iter().all(|l| l == &lines[0]));
        assert_eq!(lines[0], ["abcd"; 6].join(" "));
        assert_eq!(lines.last().map(String::as_str), Some("abcd abcd"));
    }

    #[test]
    fn a_long_cell_of_mixed_words_keeps_every_word_in_order() {
        let words = ["a", "bb", "ccc", "dddddddd", "eeeeeeeeeeeee", "接続", ""];
        let text = (0..50_000)
            .map(|i| words[(i * 7 + i / 3) % words.len()])
            .collect::<Vec<_>>()
            .join(" ");
        let (lines, width) = wrap(&text);
        assert!(width <= WRAP_LIMIT);
        assert!(lines.iter().all(|l| display_width(l) <= WRAP_LIMIT));
        assert_eq!(lines.join(" "), text);
    }

    /// A direct transcription of the reference's cell layout (n × n length
    /// table, no shortcuts), to check the fast path and prefix sums against.
    fn reference_wrap(text: &str, max: usize) -> (Vec<String>, usize) {
        let raw: Vec<&str> = text.split('\n').collect();
        let limit = raw
            .iter()
            .map(|l| display_width(l))
            .max()
            .unwrap_or(0)
            .min(max);
        let para = raw.join(" ");
        let words: Vec<&str> = para.split(' ').collect();
        let mut lim = limit as i64;
        for w in &words {
            lim = lim.max(display_width(w) as i64);
        }
        let n = words.len();
        let mut length = vec![vec![0i64; n]; n];
        for i in 0..n {
            length[i][i] = display_width(words[i]) as i64;
            for j in i + 1..n {
                length[i][j] = length[i][j - 1] + 1 + display_width(words[j]) as i64;
            }
        }
        let mut cost = vec![i64::MAX; n];
        let mut nbrk = vec![0; n];
        for i in (0..n).rev() {
            if length[i][n - 1] <= lim {
                cost[i] = 0;
                nbrk[i] = n;
            } else {
                for j in i + 1..n {
                    let d = lim - length[i][j - 1];
                    let mut c = d * d + cost[j];
                    if length[i][j - 1] > lim {
                        c += 100_000;
                    }
                    if c < cost[i] {
                        cost[i] = c;
                        nbrk[i] = j;
                    }
                }
            }
        }
        let mut lines = Vec::new();
        let mut i = 0;
        while i < n {
            lines.push(words[i..nbrk[i]].join(" "));
            i = nbrk[i];
        }
        let width = lines
            .iter()
            .map(|l| display_width(l))
            .fold(limit, usize::max);
        (lines, width)
    }

    proptest::proptest! {
        #[test]
        fn wrapping_agrees_with_the_reference_algorithm(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "a", "bb", "ccc", "connection", "ai.openai.com", "接続", "e\u{301}",
                    " ", " ", " ", "\n",
                    "a-very-long-token-without-any-spaces-that-exceeds-thirty-columns",
                ]),
                0..40,
            ),
            limit in 1usize..40,
        ) {
            let text: String = parts.concat();
            proptest::prop_assert_eq!(wrap_cell(&text, limit), reference_wrap(&text, limit));
        }

        #[test]
        fn measuring_agrees_with_laying_out(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "a", "bb", "ccc", "connection", "2025-06-16", "+0000", "UTC", "接続",
                    " ", " ", " ", "\n",
                    "a-very-long-token-without-any-spaces-that-exceeds-thirty-columns",
                ]),
                0..200,
            ),
            limit in 1usize..40,
        ) {
            let text: String = parts.concat();
            let measured = Cell::default().measure(&text, limit);
            proptest::prop_assert_eq!(measured, wrap_cell(&text, limit).1);
        }
    }
}
