//! Shows a running statement's phase and elapsed time on one stderr line.

use std::io::Write;
use std::time::Duration;

/// The phase and elapsed time on one stderr line, on a terminal only.
pub struct Spinner {
    pub enabled: bool,
    shown: bool,
    frame: usize,
}

impl Spinner {
    pub fn new(enabled: bool) -> Self {
        Spinner {
            enabled,
            shown: false,
            frame: 0,
        }
    }

    pub fn tick(&mut self, phase: &str, elapsed: Duration) {
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

    pub fn clear(&mut self) {
        if self.shown {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[2K");
            let _ = err.flush();
            self.shown = false;
        }
    }
}
