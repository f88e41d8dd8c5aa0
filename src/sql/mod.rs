//! From text to commands: `split` finds statements, `parse` classifies each one.

pub mod dialect;
mod lex;
pub mod like;
pub mod parse;
pub mod redact;
pub mod split;

pub use parse::parse;
pub use redact::redact_secrets;
pub use split::{Split, SplitError, Statement, is_complete, split};

/// A possibly qualified object name: `[catalog.][database.]name`, back-quotes removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QualifiedName {
    pub catalog: Option<String>,
    pub database: Option<String>,
    pub name: String,
}

/// What one statement asks for. The shell's own statements are parsed; everything
/// else is `Remote` and goes to the statement backend exactly as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    ShowConnections {
        like: Option<String>,
    },
    CreateConnection {
        if_not_exists: bool,
        name: QualifiedName,
        comment: Option<String>,
        /// `WITH ('key' = 'value', …)` in order, keys as written (lower-cased).
        options: Vec<(String, String)>,
    },
    DescribeConnection {
        name: QualifiedName,
    },
    AlterConnection {
        if_exists: bool,
        name: QualifiedName,
        options: Vec<(String, String)>,
    },
    DropConnection {
        if_exists: bool,
        name: QualifiedName,
    },
    /// `SET` alone lists the properties.
    Set {
        key: Option<String>,
        value: Option<String>,
    },
    /// `RESET` alone resets every property.
    Reset {
        key: Option<String>,
    },
    UseCatalog {
        catalog: String,
    },
    /// `USE [catalog.]database`
    Use {
        catalog: Option<String>,
        database: String,
    },
    Help,
    Quit,
    /// Any other statement; `kind` is its first keyword(s) upper-cased, e.g. `SELECT`,
    /// `CREATE TABLE`, `EXECUTE STATEMENT SET`, for messages and result handling.
    Remote {
        kind: String,
    },
}
