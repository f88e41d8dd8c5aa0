//! A streaming result with updates as a live table (`client.result-mode` = `table`):
//! the changelog is materialised and the current state is redrawn in place, in the
//! normal screen, until the statement ends or is stopped; then the final state is
//! printed as an ordinary table, so it stays in the scrollback with the prompt below.
//!
//! - A frame is the table's layout (`table`, or `tableau` under `-o tableau`) of the
//!   newest rows that fit the terminal, a line saying how many rows are above them, and a
//!   status line (rows, changes received, elapsed time, the statement's phase). Every line
//!   is cut a column short of the terminal's width, so none wraps and the frame's height
//!   is known exactly.
//! - A frame is drawn in one write: back to the frame's first line, each line followed by
//!   clear-to-end-of-line, then clear-below, so nothing flickers. At most every 100 ms, and
//!   only when the state or the status line changed. The terminal's size is asked for
//!   each frame through the `Screen` the session passes, so a resized terminal gets a
//!   frame of its new size (a terminal that re-wraps old lines when narrowed may leave
//!   pieces of the previous frame above the new one).
//! - In the default mode at a terminal, a result is printed row by row as it comes, as the
//!   changelog is, while every change is an insert; the first update or delete turns it
//!   into the live view, drawn over the rows printed so far when they are all on screen.
//! - A `-U` is drawn together with its `+U`: until that comes, frames show the retracted
//!   row still, and a stop in between puts it back, so no frame and no final table is
//!   half an update.
//! - Without a terminal (`table` mode SET, output piped) nothing is drawn: the final state
//!   is printed at the end, in the output format.
//! - A bounded result is printed as ever.

use std::io::{self, Write};
use std::time::{Duration, Instant};

use crossterm::{cursor, queue, terminal};

use super::cells::{self, Cell};
use super::materialize::Materializer;
use super::{SinkOptions, table, tableau};
use crate::render::OutputFormat;
use crate::render::width::{cut_to_width, display_width};
use crate::result::{Boundedness, ChangeKind, Column, RowSink, Value};

/// The terminal's size now, in columns and rows; what the view is drawn for.
pub type Screen<'a> = Box<dyn Fn() -> (u16, u16) + 'a>;

/// Frames are drawn at most this often.
const FRAME_EVERY: Duration = Duration::from_millis(100);

pub struct LiveOptions<'a> {
    pub format: OutputFormat,
    pub sink: SinkOptions,
    /// Print rows as they come while every change is an insert (the default mode at a
    /// terminal); otherwise the view is live from the start.
    pub append_first: bool,
    /// The terminal; None when the output is not one (nothing is drawn then).
    pub screen: Option<Screen<'a>>,
}

/// The sink for `client.result-mode` = `table`.
pub fn live_sink<'a>(out: Box<dyn Write + 'a>, options: LiveOptions<'a>) -> Box<dyn RowSink + 'a> {
    Box::new(LiveSink {
        out: Some(out),
        options,
        bounded: None,
        columns: Vec::new(),
        headers: Vec::new(),
        state: Materializer::new(0),
        stage: Stage::Quiet,
        started: Instant::now(),
        last_frame: None,
        dirty: false,
        height: 0,
        status: String::new(),
        phase: "RUNNING".to_string(),
        cursor_hidden: false,
        text: String::new(),
        ended_as_table: false,
    })
}

enum Stage {
    /// Rows printed as they come, with the changelog's layout (`op` first); this many
    /// lines so far, header included.
    Appending { lines: usize, widths: Vec<usize> },
    /// Redrawn in place.
    Live,
    /// Not a terminal: nothing shown until the end.
    Quiet,
}

struct LiveSink<'a> {
    /// None once handed to the printer of a bounded result.
    out: Option<Box<dyn Write + 'a>>,
    options: LiveOptions<'a>,
    /// A bounded result goes to the ordinary printer.
    bounded: Option<Box<dyn RowSink + 'a>>,
    columns: Vec<Column>,
    headers: Vec<Cell>,
    state: Materializer,
    stage: Stage,
    started: Instant,
    last_frame: Option<Instant>,
    /// The state changed since the last frame.
    dirty: bool,
    /// Lines of the frame on screen, which the next frame is drawn over.
    height: usize,
    /// The last frame's status line.
    status: String,
    phase: String,
    cursor_hidden: bool,
    text: String,
    /// Ended as a table of the final state (not as rows printed as they came).
    ended_as_table: bool,
}

impl LiveSink<'_> {
    fn size(&self) -> Option<(usize, usize)> {
        self.options
            .screen
            .as_ref()
            .map(|s| s())
            .map(|(c, r)| (usize::from(c.max(1)), usize::from(r.max(1))))
    }

    fn screen_rows(&self, text: &str) -> usize {
        screen_rows(text, self.options.screen.as_ref())
    }

    fn go_live(&mut self, over_lines: usize) -> io::Result<()> {
        self.stage = Stage::Live;
        // The rows printed so far are replaced by the frame if they are all still on
        // screen; otherwise the frame starts below them.
        let rows = self.size().map_or(0, |(_, r)| r);
        self.height = if over_lines < rows { over_lines } else { 0 };
        self.dirty = true;
        self.draw(true)
    }

    /// Draws a frame if one is due: 100 ms after the last, and only if something shown
    /// changed.
    fn draw(&mut self, now: bool) -> io::Result<()> {
        if !matches!(self.stage, Stage::Live) {
            return Ok(());
        }
        if !now && self.last_frame.is_some_and(|t| t.elapsed() < FRAME_EVERY) {
            return Ok(());
        }
        let Some((cols, rows)) = self.size() else {
            return Ok(());
        };
        let status = self.status_line();
        if !now && !self.dirty && status == self.status {
            return Ok(());
        }
        let lines = self.frame(cols, rows, &status);
        let mut buf: Vec<u8> = Vec::with_capacity(lines.iter().map(|l| l.len() + 8).sum());
        if !self.cursor_hidden {
            queue!(buf, cursor::Hide)?;
            self.cursor_hidden = true;
        }
        self.back_to_top(&mut buf)?;
        for line in &lines {
            buf.extend_from_slice(line.as_bytes());
            queue!(buf, terminal::Clear(terminal::ClearType::UntilNewLine))?;
            buf.push(b'\n');
        }
        queue!(buf, terminal::Clear(terminal::ClearType::FromCursorDown))?;
        let out = writer(&mut self.out)?;
        out.write_all(&buf)?;
        out.flush()?;
        self.height = lines.len();
        self.status = status;
        self.dirty = false;
        self.last_frame = Some(Instant::now());
        Ok(())
    }

    /// Moves the cursor to the first line of the frame on screen.
    fn back_to_top(&self, buf: &mut Vec<u8>) -> io::Result<()> {
        buf.push(b'\r');
        if self.height > 0 {
            let up = u16::try_from(self.height).unwrap_or(u16::MAX);
            queue!(buf, cursor::MoveUp(up))?;
        }
        Ok(())
    }

    /// The rows of the state as shown: a row retracted by a `-U` whose `+U` has not
    /// come is still there (the newest), so no frame shows half an update.
    fn held(&self) -> usize {
        self.state.len() + usize::from(self.state.mid_update())
    }

    fn status_line(&self) -> String {
        let rows = self.held();
        let changes = self.state.changes();
        let mut s = format!(
            "{rows} {} · {changes} {} received · {} · {} · Ctrl-C stops",
            if rows == 1 { "row" } else { "rows" },
            if changes == 1 { "change" } else { "changes" },
            elapsed(self.started.elapsed()),
            crate::util::one_line(&self.phase),
        );
        if self.state.dropped() > 0 {
            s.push_str(&format!(
                " · truncated: the oldest {} dropped (client.max-rows {})",
                self.state.dropped(),
                self.state.cap()
            ));
        }
        s
    }

    /// The lines of a frame for a terminal of `cols` × `rows`: at most `rows - 1`, so
    /// the cursor stays on screen below the frame.
    fn frame(&self, cols: usize, rows: usize, status: &str) -> Vec<String> {
        let framed = self.options.format == OutputFormat::Tableau;
        let budget = rows.saturating_sub(1).max(1);
        // Header lines, the bottom border of a framed table, and the status line.
        let fixed = if framed { 3 + 1 } else { 2 } + 1;
        let room = budget.saturating_sub(fixed);
        let held = self.held();
        let shown = if held <= room {
            held
        } else {
            room.saturating_sub(1)
        };
        let above = held - shown;
        let pending = self.state.retracted().filter(|_| shown > 0);
        let visible: Vec<Vec<Cell>> = self
            .state
            .last(shown - usize::from(pending.is_some()))
            .chain(pending)
            .map(|r| {
                let mut cells = cells::value_cells(r);
                for c in &mut cells {
                    if c.text.contains('\n') {
                        c.text = c.text.replace('\n', " ");
                    }
                }
                cells
            })
            .collect();
        let cap = if framed {
            self.options.sink.max_column_width
        } else {
            cells::MAX_STREAM_WIDTH
        };
        let widths = self
            .headers
            .iter()
            .enumerate()
            .map(|(i, h)| {
                let widest = visible
                    .iter()
                    .map(|r| r.get(i).map_or(0, |c| cells::width(&c.text)))
                    .max()
                    .unwrap_or(0)
                    .min(cap);
                let name = cells::width(&h.text);
                if framed {
                    widest.max(name).min(cap)
                } else {
                    widest.max(name)
                }
            })
            .collect();
        let widths = fit_columns(widths, cols);
        let mut text = String::new();
        if framed {
            tableau::stream_header(&mut text, &self.headers, &widths);
        } else {
            table::stream_header(&mut text, &self.headers, &widths);
        }
        if above > 0 {
            text.push_str(&format!(
                "  … {above} more {} above\n",
                if above == 1 { "row" } else { "rows" }
            ));
        }
        for r in &visible {
            if framed {
                tableau::stream_row(&mut text, r, &widths);
            } else {
                table::stream_row(&mut text, r, &widths);
            }
        }
        if framed {
            tableau::border(&mut text, &widths);
        }
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        lines.push(status.to_string());
        // A terminal too small for the header keeps the newest lines.
        if lines.len() > budget {
            lines.drain(..lines.len() - budget);
        }
        let limit = cols.saturating_sub(1);
        for line in &mut lines {
            if display_width(line) > limit {
                *line = cut_to_width(line, limit).into_owned();
            }
        }
        lines
    }

    /// Clears the frame and prints the final state as an ordinary table.
    fn finish(&mut self) -> io::Result<()> {
        self.state.settle();
        let mut buf = Vec::new();
        if matches!(self.stage, Stage::Live) {
            self.back_to_top(&mut buf)?;
            queue!(buf, terminal::Clear(terminal::ClearType::FromCursorDown))?;
        }
        if self.cursor_hidden {
            queue!(buf, cursor::Show)?;
            self.cursor_hidden = false;
        }
        self.height = 0;
        let options = SinkOptions {
            max_rows: 0,
            ..self.options.sink
        };
        let format = self.options.format;
        let dropped = self.state.dropped();
        let cap = self.state.cap();
        let columns = std::mem::take(&mut self.columns);
        let out = writer(&mut self.out)?;
        out.write_all(&buf)?;
        let mut printer = super::sink(format, Box::new(&mut *out), options);
        printer.begin(&columns, Boundedness::Bounded)?;
        for row in self.state.rows() {
            printer.row(ChangeKind::Insert, row.to_vec())?;
        }
        printer.end()?;
        drop(printer);
        let out = writer(&mut self.out)?;
        if dropped > 0 {
            writeln!(
                out,
                "(truncated: the oldest {dropped} rows were dropped to keep within client.max-rows {cap})"
            )?;
        }
        out.flush()
    }
}

impl RowSink for LiveSink<'_> {
    fn begin(&mut self, columns: &[Column], bounded: Boundedness) -> io::Result<()> {
        if bounded == Boundedness::Bounded {
            let out = self
                .out
                .take()
                .ok_or_else(|| io::Error::other("the live view has no output"))?;
            let mut printer = super::sink(self.options.format, out, self.options.sink);
            printer.begin(columns, bounded)?;
            self.bounded = Some(printer);
            return Ok(());
        }
        self.columns = columns.to_vec();
        self.headers = columns
            .iter()
            .map(|c| Cell {
                text: cells::sanitize(&c.name).replace('\n', " "),
            })
            .collect();
        self.state = Materializer::new(self.options.sink.max_rows);
        self.started = Instant::now();
        self.stage = match (&self.options.screen, self.options.append_first) {
            (None, _) => Stage::Quiet,
            (Some(_), false) => Stage::Live,
            (Some(_), true) => {
                let widths = cells::stream_widths(columns, true);
                let mut headers = vec![Cell {
                    text: super::OP.to_string(),
                }];
                headers.extend(self.headers.iter().map(|h| Cell {
                    text: h.text.clone(),
                }));
                self.text.clear();
                table::stream_header(&mut self.text, &headers, &widths);
                let text = std::mem::take(&mut self.text);
                let out = writer(&mut self.out)?;
                out.write_all(text.as_bytes())?;
                out.flush()?;
                let lines = self.screen_rows(&text);
                self.text = text;
                Stage::Appending { lines, widths }
            }
        };
        self.dirty = true;
        self.draw(true)
    }

    fn row(&mut self, kind: ChangeKind, values: Vec<Value>) -> io::Result<()> {
        if let Some(printer) = self.bounded.as_mut() {
            return printer.row(kind, values);
        }
        if let Stage::Appending { lines, widths } = &mut self.stage {
            if kind != ChangeKind::Insert {
                let over = *lines;
                self.state.apply(kind, values);
                return self.go_live(over);
            }
            let mut cells = cells::value_cells(&values);
            cells.insert(
                0,
                Cell {
                    text: kind.short().to_string(),
                },
            );
            self.text.clear();
            table::stream_row(&mut self.text, &cells, widths);
            *lines += screen_rows(&self.text, self.options.screen.as_ref());
            self.state.apply(kind, values);
            let text = std::mem::take(&mut self.text);
            let out = writer(&mut self.out)?;
            out.write_all(text.as_bytes())?;
            out.flush()?;
            self.text = text;
            return Ok(());
        }
        self.state.apply(kind, values);
        self.dirty = true;
        // Its `+U` follows a `-U` at once: the frame waits for it rather than show the
        // row moved before it changed.
        if self.state.mid_update() {
            return Ok(());
        }
        self.draw(false)
    }

    fn end(&mut self) -> io::Result<u64> {
        if let Some(printer) = self.bounded.as_mut() {
            return printer.end();
        }
        match self.stage {
            Stage::Appending { .. } => writer(&mut self.out)?.flush()?,
            Stage::Live | Stage::Quiet => {
                self.finish()?;
                self.ended_as_table = true;
            }
        }
        // Ended: a second call prints nothing more.
        self.stage = Stage::Appending {
            lines: 0,
            widths: Vec::new(),
        };
        Ok(self.state.changes())
    }

    fn progress(&mut self, phase: &str) -> io::Result<()> {
        if !phase.is_empty() && phase != self.phase {
            self.phase = phase.to_string();
        }
        self.draw(false)
    }

    fn state_rows(&self) -> Option<usize> {
        let table = matches!(self.stage, Stage::Live | Stage::Quiet) || self.ended_as_table;
        (self.bounded.is_none() && table).then(|| self.state.len())
    }
}

impl Drop for LiveSink<'_> {
    fn drop(&mut self) {
        // A view left without `end` (an error) must not leave the cursor hidden.
        if self.cursor_hidden
            && let Some(out) = self.out.as_mut()
        {
            let _ = queue!(out, cursor::Show);
            let _ = out.flush();
        }
    }
}

/// Column widths narrowed, the widest first, until a line of the table (three columns
/// of borders and padding per column, one more at the edge, in both layouts) fits a
/// terminal `cols` wide, so every column keeps some of its text.
fn fit_columns(mut widths: Vec<usize>, cols: usize) -> Vec<usize> {
    const NARROWEST: usize = 4;
    let room = cols.saturating_sub(1);
    let overhead = 3 * widths.len() + 1;
    let mut total: usize = widths.iter().sum::<usize>() + overhead;
    while total > room {
        let Some((widest, w)) = widths.iter().copied().enumerate().max_by_key(|(_, w)| *w) else {
            break;
        };
        if w <= NARROWEST {
            break;
        }
        widths[widest] = w - 1;
        total -= 1;
    }
    widths
}

/// How many terminal rows `text` takes, its lines wrapped at the terminal's width.
fn screen_rows(text: &str, screen: Option<&Screen<'_>>) -> usize {
    let cols = screen.map_or(usize::MAX, |s| usize::from(s().0.max(1)));
    text.lines()
        .map(|l| display_width(l).div_ceil(cols).max(1))
        .sum()
}

fn writer<'s, 'a>(
    out: &'s mut Option<Box<dyn Write + 'a>>,
) -> io::Result<&'s mut (dyn Write + 'a)> {
    match out.as_mut() {
        Some(out) => Ok(out.as_mut()),
        None => Err(io::Error::other("the live view has no output")),
    }
}

/// Elapsed time in whole seconds, so an idle view is redrawn once a second.
fn elapsed(d: Duration) -> String {
    let s = d.as_secs();
    if s < 60 {
        format!("{s} s")
    } else {
        format!("{}:{:02} min", s / 60, s % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::{Cell as StdCell, RefCell};
    use std::rc::Rc;

    /// A writer the test can read after the sink is done with it.
    #[derive(Clone, Default)]
    struct Shared(Rc<RefCell<Vec<u8>>>);
    impl Write for Shared {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.borrow_mut().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    fn screen_of(bytes: &[u8], cols: u16, rows: u16) -> String {
        // The tty turns "\n" into "\r\n"; a test writer has none.
        let mut fixed = Vec::new();
        for b in bytes {
            if *b == b'\n' {
                fixed.push(b'\r');
            }
            fixed.push(*b);
        }
        let mut p = vt100::Parser::new(rows.try_into().unwrap(), cols.try_into().unwrap(), 0);
        p.process(&fixed);
        p.screen().contents()
    }

    fn columns() -> Vec<Column> {
        vec![Column::new("k", "INT"), Column::new("c", "BIGINT")]
    }

    /// The changelog of `SELECT MOD(n, 3) AS k, COUNT(*) AS c … GROUP BY MOD(n, 3)`
    /// over n = 1..=`n`.
    fn counts(sink: &mut dyn RowSink, n: i64) {
        let mut seen = [0; 3];
        for i in 1..=n {
            let k = i % 3;
            seen[k as usize] += 1;
            let c = seen[k as usize];
            if c > 1 {
                sink.row(
                    ChangeKind::UpdateBefore,
                    vec![Value::Int(k), Value::Int(c - 1)],
                )
                .unwrap();
                sink.row(ChangeKind::UpdateAfter, vec![Value::Int(k), Value::Int(c)])
                    .unwrap();
            } else {
                sink.row(ChangeKind::Insert, vec![Value::Int(k), Value::Int(c)])
                    .unwrap();
            }
        }
    }

    #[test]
    fn the_final_state_replaces_the_frames_and_no_changelog_is_left() {
        let out = Shared::default();
        let size = Rc::new(StdCell::new((40u16, 10u16)));
        let s2 = Rc::clone(&size);
        let mut sink = live_sink(
            Box::new(out.clone()),
            LiveOptions {
                format: OutputFormat::Table,
                sink: SinkOptions::default(),
                append_first: true,
                screen: Some(Box::new(move || s2.get())),
            },
        );
        sink.begin(&columns(), Boundedness::Unbounded).unwrap();
        counts(sink.as_mut(), 20);
        assert!(sink.keeps_state());
        assert_eq!(sink.end().unwrap(), 37);
        assert_eq!(sink.state_rows(), Some(3));
        let screen = screen_of(&out.0.borrow(), 40, 10);
        assert!(!screen.contains("-U") && !screen.contains("+I"), "{screen}");
        let lines: Vec<&str> = screen.lines().map(str::trim_end).collect();
        assert!(
            lines.contains(&" 0 | 6") || lines.iter().any(|l| l.contains("0 | 6")),
            "{screen}"
        );
        assert!(lines.iter().any(|l| l.contains("1 | 7")), "{screen}");
        assert!(lines.iter().any(|l| l.contains("2 | 7")), "{screen}");
    }

    fn frames(bytes: &[u8]) -> usize {
        bytes.windows(3).filter(|w| *w == b"\x1b[J").count()
    }

    #[test]
    fn frames_come_at_most_every_100_ms_and_only_when_something_changed() {
        let out = Shared::default();
        let mut sink = live_sink(
            Box::new(out.clone()),
            LiveOptions {
                format: OutputFormat::Table,
                sink: SinkOptions::default(),
                append_first: false,
                screen: Some(Box::new(|| (80, 24))),
            },
        );
        sink.begin(&columns(), Boundedness::Unbounded).unwrap();
        let started = Instant::now();
        for i in 0..20_000 {
            sink.row(ChangeKind::Insert, vec![Value::Int(i % 7), Value::Int(i)])
                .unwrap();
            sink.row(ChangeKind::Delete, vec![Value::Int(i % 7), Value::Int(i)])
                .unwrap();
        }
        let took = started.elapsed();
        let drawn = frames(&out.0.borrow());
        // The frame at the start, then one per 100 ms at most.
        let most = 1 + (took.as_millis() / 100) as usize + 1;
        assert!(drawn <= most, "{drawn} frames in {took:?}");
        // Nothing changed: asking again draws nothing, even once the 100 ms are up.
        std::thread::sleep(FRAME_EVERY);
        sink.progress("RUNNING").unwrap();
        let settled = frames(&out.0.borrow());
        std::thread::sleep(FRAME_EVERY);
        sink.progress("RUNNING").unwrap();
        if started.elapsed().as_secs() == took.as_secs() {
            assert_eq!(frames(&out.0.borrow()), settled);
        }
        // Each frame is one write: it starts at the frame's top and ends clearing below.
        let text = String::from_utf8_lossy(&out.0.borrow()).into_owned();
        assert!(!text.contains("\x1b[?1049h"), "no alternate screen");
    }

    #[test]
    fn a_frame_is_one_write() {
        #[derive(Clone, Default)]
        struct Writes(Rc<RefCell<Vec<Vec<u8>>>>);
        impl Write for Writes {
            fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
                self.0.borrow_mut().push(buf.to_vec());
                Ok(buf.len())
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let out = Writes::default();
        let mut sink = live_sink(
            Box::new(out.clone()),
            LiveOptions {
                format: OutputFormat::Tableau,
                sink: SinkOptions::default(),
                append_first: false,
                screen: Some(Box::new(|| (80, 24))),
            },
        );
        sink.begin(&columns(), Boundedness::Unbounded).unwrap();
        sink.row(ChangeKind::Insert, vec![Value::Int(1), Value::Int(2)])
            .unwrap();
        std::thread::sleep(FRAME_EVERY);
        sink.progress("RUNNING").unwrap();
        let writes = out.0.borrow();
        assert_eq!(writes.len(), 2, "two frames, two writes");
        let last = String::from_utf8_lossy(&writes[1]);
        assert!(
            last.starts_with("\r\x1b[5A"),
            "back over the 5 lines of the first frame: {last:?}"
        );
        assert!(last.contains("| 1 | 2 |"), "{last:?}");
        assert!(last.ends_with("\x1b[J"), "{last:?}");
    }

    #[test]
    fn a_view_taller_than_the_terminal_shows_the_newest_rows_and_counts_the_rest() {
        let out = Shared::default();
        let mut sink = live_sink(
            Box::new(out.clone()),
            LiveOptions {
                format: OutputFormat::Table,
                sink: SinkOptions::default(),
                append_first: false,
                screen: Some(Box::new(|| (30, 8))),
            },
        );
        sink.begin(&columns(), Boundedness::Unbounded).unwrap();
        for k in 0..50 {
            sink.row(ChangeKind::Insert, vec![Value::Int(k), Value::Int(1)])
                .unwrap();
        }
        // The frame due now (the throttle lets the first one through).
        std::thread::sleep(FRAME_EVERY);
        sink.progress("RUNNING").unwrap();
        let screen = screen_of(&out.0.borrow(), 30, 8);
        assert!(screen.contains("more rows above"), "{screen}");
        assert!(screen.contains("49 | 1"), "{screen}");
        assert!(screen.lines().all(|l| display_width(l) < 30), "{screen}");
    }
}
