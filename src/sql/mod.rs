//! From text to commands: `split` finds statements, `parse` classifies each one and
//! parses the shell's own, `flink` parses Flink SQL into syntax trees.

pub mod dialect;
pub mod flink;
pub(crate) mod lex;
pub mod like;
pub mod parse;
pub mod redact;
mod rewrite;
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

/// The `'key' = 'value'` options of CREATE/ALTER CONNECTION, in order. They hold
/// secrets in clear, so Debug shows the keys only; read them as a slice of pairs.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct ConnectionOptions(pub Vec<(String, String)>);

impl std::ops::Deref for ConnectionOptions {
    type Target = [(String, String)];

    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl From<Vec<(String, String)>> for ConnectionOptions {
    fn from(options: Vec<(String, String)>) -> Self {
        ConnectionOptions(options)
    }
}

impl std::fmt::Debug for ConnectionOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(self.0.iter().map(|(k, _)| k))
            .finish()
    }
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
        options: ConnectionOptions,
    },
    DescribeConnection {
        name: QualifiedName,
    },
    AlterConnection {
        if_exists: bool,
        name: QualifiedName,
        options: ConnectionOptions,
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
    /// Any other statement, left for the backend as typed.
    Remote,
}
