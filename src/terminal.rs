//! The terminal side of what backends report: they never print, the shell hands them
//! these. A spinner for a running statement, prompts for missing secrets, and stderr
//! for warnings and `--verbose` lines.

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::backend::cloud::Prompter;
use crate::backend::{LogSink, Progress};

/// Warnings and `--verbose` lines, on stderr.
pub fn stderr_log() -> LogSink {
    Arc::new(Mutex::new(Box::new(std::io::stderr())))
}

/// The phase and elapsed time on one stderr line, on a terminal only.
pub struct Spinner {
    enabled: bool,
    shown: bool,
    frame: usize,
}

impl Spinner {
    /// Shows nothing unless `enabled` (stderr is a terminal, someone is watching).
    pub fn new(enabled: bool) -> Self {
        Spinner {
            enabled,
            shown: false,
            frame: 0,
        }
    }
}

impl Progress for Spinner {
    fn enabled(&self) -> bool {
        self.enabled
    }

    fn tick(&mut self, phase: &str, elapsed: Duration) {
        if !self.enabled {
            return;
        }
        const FRAMES: [char; 10] = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
        self.frame = (self.frame + 1) % FRAMES.len();
        // The phase comes from the server: keep its escapes off the terminal.
        let label = if phase.is_empty() {
            "waiting for results".to_string()
        } else {
            crate::util::one_line(phase)
        };
        let mut err = std::io::stderr().lock();
        let _ = write!(
            err,
            "\r\x1b[2K{} {label} {:.1}s",
            FRAMES[self.frame],
            elapsed.as_secs_f64()
        );
        let _ = err.flush();
        self.shown = true;
    }

    fn clear(&mut self) {
        if self.shown {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[2K");
            let _ = err.flush();
            self.shown = false;
        }
    }
}

/// Prompts on the controlling terminal (rpassword for secrets).
pub struct TerminalPrompter;

impl Prompter for TerminalPrompter {
    fn ask(&mut self, prompt: &str, secret: bool) -> std::io::Result<String> {
        if secret {
            rpassword::prompt_password(prompt)
        } else {
            let mut err = std::io::stderr();
            err.write_all(prompt.as_bytes())?;
            err.flush()?;
            let mut line = String::new();
            std::io::stdin().read_line(&mut line)?;
            Ok(line.trim().to_string())
        }
    }
}
