//! The one error type every layer returns, and the exit code each kind maps to.

use std::fmt;

/// What the shell says once a statement it interrupted no longer runs.
pub const STOPPED: &str = "Statement stopped.";

/// What went wrong, as far as the exit code and the caller's recovery are concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// Bad flags or arguments (exit 2).
    Usage,
    /// Missing or invalid settings, credentials, files (exit 2).
    Config,
    /// The backend could not be reached or refused the credentials (exit 2).
    Connection,
    /// A statement failed: bad SQL, validation, a server-side failure (exit 1).
    Statement,
    /// The named object does not exist (exit 1; IF EXISTS turns it into a no-op).
    NotFound,
    /// The named object exists already (exit 1; IF NOT EXISTS turns it into a no-op).
    AlreadyExists,
    /// The user pressed Ctrl-C (exit 130).
    Interrupted,
    /// Whoever reads our output went away (`flinksh … | head`): stop quietly (exit 141,
    /// what a shell reports for a process killed by SIGPIPE; a lost write is never
    /// success).
    OutputClosed,
}

#[derive(Debug)]
pub struct Error {
    pub kind: ErrorKind,
    pub message: String,
    /// Where the failing statement starts, e.g. `deploy.sql:12`; printed before the message.
    pub location: Option<String>,
    /// Extra context shown only with `--verbose`.
    pub detail: Option<String>,
    /// Printed already (e.g. by a script run that went on after it); only the exit
    /// code is still owed.
    pub already_reported: bool,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error {
            kind,
            message: message.into(),
            location: None,
            detail: None,
            already_reported: false,
        }
    }
    pub fn usage(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Usage, message)
    }
    pub fn config(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Config, message)
    }
    pub fn connection(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Connection, message)
    }
    pub fn statement(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Statement, message)
    }
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::NotFound, message)
    }
    pub fn already_exists(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::AlreadyExists, message)
    }
    pub fn interrupted() -> Self {
        Self::new(ErrorKind::Interrupted, "interrupted")
    }
    /// Interrupted, and the backend made sure the statement no longer runs.
    pub fn stopped() -> Self {
        Self::new(ErrorKind::Interrupted, STOPPED)
    }
    /// Whether this is [`Error::stopped`].
    pub fn is_stopped(&self) -> bool {
        self.kind == ErrorKind::Interrupted && self.message == STOPPED
    }

    pub fn at(mut self, location: impl Into<String>) -> Self {
        if self.location.is_none() {
            self.location = Some(location.into());
        }
        self
    }

    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    pub fn reported(mut self) -> Self {
        self.already_reported = true;
        self
    }

    pub fn exit_code(&self) -> u8 {
        match self.kind {
            ErrorKind::Usage | ErrorKind::Config | ErrorKind::Connection => 2,
            ErrorKind::Statement | ErrorKind::NotFound | ErrorKind::AlreadyExists => 1,
            ErrorKind::Interrupted => 130,
            ErrorKind::OutputClosed => 141,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use crate::util::terminal_text;
        // A file name, a server or SQLite message may hold anything: no escape
        // sequence reaches the terminal, and the message is one line, always.
        if let Some(location) = &self.location {
            write!(f, "{}: ", terminal_text(location, false))?;
        }
        let message = terminal_text(&self.message, true);
        let mut lines = message.lines().map(str::trim).filter(|l| !l.is_empty());
        if let Some(first) = lines.next() {
            f.write_str(first)?;
        }
        for line in lines {
            write!(f, " {line}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        match e.kind() {
            std::io::ErrorKind::Interrupted => Error::interrupted(),
            std::io::ErrorKind::BrokenPipe => Error::new(ErrorKind::OutputClosed, "output closed"),
            _ => Error::config(format!("cannot write output: {e}")),
        }
    }
}

/// An error and its causes on one line.
pub fn chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let text = s.to_string();
        if !out.contains(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        source = s.source();
    }
    out
}
