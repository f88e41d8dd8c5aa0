//! Runs the prompt loop: reads lines until a statement is complete, records it in
//! history, runs it, and keeps completion's names fresh.

mod complete;
mod helper;
mod highlight;
pub mod history;
mod words;

use std::io::IsTerminal;
use std::sync::atomic::Ordering;

use rustyline::config::{Behavior, ColorMode, CompletionType};
use rustyline::error::ReadlineError;
use rustyline::history::MemHistory;
use rustyline::{Config as EditorConfig, Editor};

use crate::error::{Error, ErrorKind, Result};
use crate::session::OnError;
use crate::session::{self, Flow, Session};
use crate::sql;

use helper::ShellHelper;
use history::HistoryFile;

/// Entries kept in memory for Up and Ctrl-R; the file keeps everything.
const HISTORY_IN_MEMORY: usize = 10_000;

/// What the prompt loop needs from the command line.
#[derive(Debug, Clone)]
pub struct ReplOptions {
    /// No banner.
    pub quiet: bool,
    /// Highlight the line being edited.
    pub color: bool,
    /// Where accepted statements are kept (secrets masked); `None` keeps none.
    pub history_file: Option<std::path::PathBuf>,
    pub on_error: OnError,
}

/// Reads statements at a prompt until QUIT, EXIT or Ctrl-D.
pub fn run(session: &mut Session<'_>, config: &ReplOptions) -> Result<()> {
    if !config.quiet {
        crate::status!(
            "flinksh {} ({} backend). Type HELP for help.",
            env!("CARGO_PKG_VERSION"),
            session.backend_name()
        );
    }
    let mut editor = new_editor(config.color)?;
    let mut file = config.history_file.as_ref().map(HistoryFile::new);
    if let Some(file) = &file {
        let loaded = file.load();
        if let Some(warning) = loaded.warning {
            crate::status!("{warning}");
        }
        for entry in loaded.entries {
            // Only a full in-memory history refuses, and it then drops the oldest.
            let _ = editor.add_history_entry(entry);
        }
    }
    // A remote backend answers over the network: its connection names are fetched
    // after the first statement, not before the first prompt, so start-up stays instant.
    let mut may_list = session.backend_name() == "local";
    // Connection names are listed once; after that completion offers what the session
    // last listed (SHOW CONNECTIONS, CREATE and DROP keep it current): with 10,000
    // connections on Confluent Cloud a listing is 100 pages.
    let mut listed = false;

    let mut pending = String::new();
    loop {
        if may_list {
            refresh_names(&mut editor, session, !listed);
            listed = true;
            may_list = false;
        }
        let prompt = if pending.is_empty() {
            main_prompt(session)
        } else {
            continuation_prompt(&main_prompt(session))
        };
        let columns = editor.dimensions().map(|(columns, _)| usize::from(columns));
        if let Some(helper) = editor.helper_mut() {
            helper.set_pending(&pending);
            helper.set_screen(&prompt, columns);
        }
        let line = match editor.readline(&prompt) {
            Ok(line) => line,
            Err(ReadlineError::Interrupted) => {
                // Ctrl-C drops what was typed so far, like psql.
                pending.clear();
                continue;
            }
            Err(ReadlineError::Eof) => {
                if !pending.trim().is_empty() {
                    // Kept in the history, so the next session can finish it.
                    record(&mut editor, file.as_mut(), pending.trim_end());
                    // A leading space keeps an entry out of the history.
                    let kept = if file.is_some() && !pending.starts_with(' ') {
                        "; it is in the history"
                    } else {
                        ""
                    };
                    crate::status!(
                        "The unfinished statement was not run (it did not end with ';'){kept}."
                    );
                }
                return Ok(());
            }
            Err(e) => {
                return Err(Error::config(format!("cannot read from the terminal: {e}")));
            }
        };
        if pending.is_empty() {
            if line.trim().is_empty() {
                continue;
            }
            pending = line;
        } else {
            pending.push('\n');
            pending.push_str(&line);
        }
        match readiness(&pending) {
            Readiness::Incomplete => continue,
            Readiness::Empty => {
                pending.clear();
                continue;
            }
            Readiness::Ready => {}
        }
        let entry = std::mem::take(&mut pending);
        let entry = entry.trim_end();
        record(&mut editor, file.as_mut(), entry);

        let interrupt = session.interrupt_flag();
        interrupt.store(false, Ordering::SeqCst);
        let outcome = session.run_text(entry, "", config.on_error);
        interrupt.store(false, Ordering::SeqCst);
        may_list = true;
        match outcome {
            Ok(Flow::Quit) => return Ok(()),
            Ok(Flow::Continue) => {}
            Err(e) if e.is_stopped() => crate::status!("{}", e.message),
            Err(e) if e.kind == ErrorKind::Interrupted && e.message == "interrupted" => {
                crate::status!("Statement cancelled.")
            }
            // Nobody reads the output any more: leave quietly (exit 141).
            Err(e) if e.kind == ErrorKind::OutputClosed => return Err(e),
            Err(e) => session::report(&e),
        }
        // SIGTERM or SIGHUP stopped the statement: the shell ends now.
        if crate::signals::terminating() {
            return Ok(());
        }
    }
}

fn new_editor(color: bool) -> Result<Editor<ShellHelper, MemHistory>> {
    let builder = EditorConfig::builder()
        .auto_add_history(false)
        .history_ignore_space(true)
        .completion_type(CompletionType::List)
        .behavior(editor_behavior())
        .color_mode(if color {
            ColorMode::Enabled
        } else {
            ColorMode::Disabled
        });
    let builder = builder
        .max_history_size(HISTORY_IN_MEMORY)
        .and_then(|b| b.history_ignore_dups(true))
        .map_err(terminal_error)?;
    let editor_config = builder.build();
    let history = MemHistory::with_config(&editor_config);
    let mut editor = Editor::with_history(editor_config, history).map_err(terminal_error)?;
    editor.set_helper(Some(ShellHelper::new(color)));
    Ok(editor)
}

/// With stdout redirected (`flinksh > out.txt`) the editor talks to the terminal
/// itself, so the file gets results and no prompts or cursor movement. Piped input
/// (`-i FILE` fed from a pipe) is still read from stdin.
fn editor_behavior() -> Behavior {
    if std::io::stdin().is_terminal() && !std::io::stdout().is_terminal() {
        Behavior::PreferTerm
    } else {
        Behavior::Stdio
    }
}

fn terminal_error(e: ReadlineError) -> Error {
    Error::config(format!("cannot set up the terminal: {e}"))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Readiness {
    /// Only whitespace and comments: nothing to run or remember.
    Empty,
    /// A statement is still open: show the continuation prompt.
    Incomplete,
    Ready,
}

/// Whether the text typed so far should run: it ends with `;` outside quotes and
/// comments, or in a bare QUIT, EXIT or HELP, which need none.
pub fn readiness(text: &str) -> Readiness {
    match sql::split(text) {
        // An open quote or comment.
        Err(_) => Readiness::Incomplete,
        Ok(split) if split.statements.is_empty() => Readiness::Empty,
        Ok(_) if sql::split::is_complete(text) => Readiness::Ready,
        Ok(_) => Readiness::Incomplete,
    }
}

/// Adds an accepted entry to Up/Ctrl-R and to the file, secrets masked. Entries
/// typed with a leading space, and repeats of the one before, are left out (the
/// in-memory history is configured to refuse both, and the file follows it).
fn record(
    editor: &mut Editor<ShellHelper, MemHistory>,
    file: Option<&mut HistoryFile>,
    entry: &str,
) {
    let masked = sql::redact_secrets(entry);
    let added = editor.add_history_entry(masked.as_ref()).unwrap_or(false);
    if added
        && let Some(file) = file
        && let Some(warning) = file.append(&masked)
    {
        crate::status!("{warning}");
    }
}

/// Re-reads the names completion offers: tables from the backend, connections listed
/// when `list_connections`, else as the session last knew them. Completion is a
/// convenience: a backend that cannot list them now keeps the old ones.
fn refresh_names(
    editor: &mut Editor<ShellHelper, MemHistory>,
    session: &mut Session<'_>,
    list_connections: bool,
) {
    let connections = if list_connections {
        session.connection_names().ok()
    } else {
        session.known_connection_names().map(<[String]>::to_vec)
    };
    let tables = session.table_names().ok();
    if let Some(helper) = editor.helper_mut() {
        if let Some(connections) = connections {
            helper.names.connections = connections;
        }
        if let Some(tables) = tables {
            helper.names.tables = tables;
        }
    }
}

/// `local> `, or `local:catalog.database> ` once USE has set them.
pub fn main_prompt(session: &Session<'_>) -> String {
    let place = match (session.current_catalog(), session.current_database()) {
        (Some(c), Some(d)) => format!(":{c}.{d}"),
        (Some(c), None) => format!(":{c}"),
        (None, Some(d)) => format!(":{d}"),
        (None, None) => String::new(),
    };
    format!("{}{place}> ", session.backend_name())
}

/// As wide as the main prompt, so continued lines line up with the first.
pub fn continuation_prompt(main: &str) -> String {
    let width = unicode_width::UnicodeWidthStr::width(main);
    format!("{:>width$}", "-> ", width = width.max(3))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_continuation_prompt_lines_up_with_the_main_one() {
        assert_eq!(continuation_prompt("local> "), "    -> ");
        assert_eq!(continuation_prompt("> "), "-> ");
    }

    #[test]
    fn input_runs_once_a_statement_ends() {
        assert_eq!(readiness("SELECT 1"), Readiness::Incomplete);
        assert_eq!(readiness("SELECT 1\nFROM t\n;"), Readiness::Ready);
        assert_eq!(readiness("SELECT 1; SELECT 2;"), Readiness::Ready);
        assert_eq!(readiness("SELECT ';"), Readiness::Incomplete);
        assert_eq!(readiness("SELECT 1; -- done"), Readiness::Ready);
        assert_eq!(readiness("quit"), Readiness::Ready);
        assert_eq!(readiness("Help"), Readiness::Ready);
        assert_eq!(readiness("-- just a comment"), Readiness::Empty);
        assert_eq!(readiness("/* open"), Readiness::Incomplete);
    }
}
