//! The rustyline helper: highlighting, completion and history hints for the line
//! being edited, aware of the lines of the statement already entered.

use std::borrow::Cow;

use nu_ansi_term::{Color, Style};
use rustyline::completion::{Completer, Pair};
use rustyline::highlight::{CmdKind, Highlighter};
use rustyline::hint::{Hint, Hinter};
use rustyline::history::SearchDirection;
use rustyline::validate::Validator;
use rustyline::{Context, Helper};

use super::complete::{self, Names};
use super::highlight;
use crate::render::width::{cut_to_width, display_width};
use crate::util::one_line;

pub struct ShellHelper {
    color: bool,
    /// Earlier lines of the statement being typed (empty at the main prompt); they
    /// give context to the line under the cursor.
    pending: String,
    pub names: Names,
    /// The prompt's width and the terminal's, for cutting hints to the line.
    prompt_width: usize,
    columns: usize,
}

impl ShellHelper {
    pub fn new(color: bool) -> Self {
        ShellHelper {
            color,
            pending: String::new(),
            names: Names::default(),
            prompt_width: 0,
            columns: 80,
        }
    }

    pub fn set_pending(&mut self, pending: &str) {
        self.pending.clear();
        self.pending.push_str(pending);
    }

    /// The prompt about to be shown and the terminal's width (None: not a terminal).
    pub fn set_screen(&mut self, prompt: &str, columns: Option<usize>) {
        self.prompt_width = display_width(prompt);
        if let Some(columns) = columns.filter(|c| *c > 0) {
            self.columns = columns;
        }
    }

    /// The statement so far with `line` appended, and where `line` starts in it.
    fn with_pending<'a>(&self, line: &'a str) -> (Cow<'a, str>, usize) {
        if self.pending.is_empty() {
            (Cow::Borrowed(line), 0)
        } else {
            let offset = self.pending.len() + 1;
            (Cow::Owned(format!("{}\n{line}", self.pending)), offset)
        }
    }
}

impl Helper for ShellHelper {}

/// Completeness is decided by the prompt loop line by line, so each line of a
/// statement gets its own continuation prompt; Enter always hands the line over.
impl Validator for ShellHelper {}

impl Highlighter for ShellHelper {
    fn highlight<'l>(&self, line: &'l str, _pos: usize) -> Cow<'l, str> {
        if !self.color || line.is_empty() {
            return Cow::Borrowed(line);
        }
        let (text, offset) = self.with_pending(line);
        Cow::Owned(highlight::paint_from(&text, offset))
    }

    fn highlight_hint<'h>(&self, hint: &'h str) -> Cow<'h, str> {
        if !self.color {
            return Cow::Borrowed(hint);
        }
        Cow::Owned(Style::new().dimmed().paint(hint).to_string())
    }

    fn highlight_prompt<'b, 's: 'b, 'p: 'b>(
        &'s self,
        prompt: &'p str,
        _default: bool,
    ) -> Cow<'b, str> {
        if !self.color {
            return Cow::Borrowed(prompt);
        }
        Cow::Owned(Color::Green.bold().paint(prompt).to_string())
    }

    fn highlight_char(&self, _line: &str, _pos: usize, kind: CmdKind) -> bool {
        // Any edit can open or close a quote and recolour the rest of the line.
        self.color && kind != CmdKind::MoveCursor
    }
}

impl Completer for ShellHelper {
    type Candidate = Pair;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        _ctx: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<Pair>)> {
        let Some(head) = line.get(..pos) else {
            return Ok((pos, Vec::new()));
        };
        let (before, offset) = self.with_pending(head);
        let (start, found) = complete::complete(&before, &self.names);
        // A word never spans lines, so it starts within the current one.
        let start = start.saturating_sub(offset).min(pos);
        let pairs = found
            .into_iter()
            .map(|s| Pair {
                display: s.display,
                replacement: s.replacement,
            })
            .collect();
        Ok((start, pairs))
    }
}

/// The rest of an earlier entry that starts like the current line. Only its first
/// line is shown; accepting it (Right arrow) takes the whole entry.
pub struct HistoryHint {
    display: String,
    completion: String,
}

impl Hint for HistoryHint {
    fn display(&self) -> &str {
        &self.display
    }
    fn completion(&self) -> Option<&str> {
        Some(&self.completion)
    }
}

impl Hinter for ShellHelper {
    type Hint = HistoryHint;

    fn hint(&self, line: &str, pos: usize, ctx: &Context<'_>) -> Option<HistoryHint> {
        if line.trim().is_empty() || pos < line.len() {
            return None;
        }
        let history = ctx.history();
        let start = if ctx.history_index() == history.len() {
            ctx.history_index().saturating_sub(1)
        } else {
            ctx.history_index()
        };
        let found = history
            .starts_with(line, start, SearchDirection::Reverse)
            .ok()
            .flatten()?;
        let rest = found.entry.get(pos..)?;
        if rest.is_empty() {
            return None;
        }
        // One line, in the columns left after the cursor (the last one stays free so
        // the terminal does not wrap): every keystroke redraws the hint, and a huge
        // entry must cost no more than a short one.
        let used = (self.prompt_width + display_width(line)) % self.columns;
        let room = self.columns.saturating_sub(used + 1);
        if room < 2 {
            return None;
        }
        let first = rest.split('\n').next().unwrap_or("");
        let head = first
            .char_indices()
            .nth(room * 2)
            .map_or(first, |(at, _)| &first[..at]);
        let mut display = one_line(head);
        if head.len() < rest.len() {
            display.push_str(" …");
        }
        Some(HistoryHint {
            display: cut_to_width(&display, room).into_owned(),
            completion: rest.to_string(),
        })
    }
}
