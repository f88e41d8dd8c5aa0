//! flinksh: a fast, native Flink SQL shell.

pub mod app;
pub mod backend;
pub mod cli;
pub mod completions;
pub mod config;
pub mod connections;
pub mod error;
pub mod flink_home;
pub mod render;
pub mod repl;
pub mod result;
pub mod serve;
pub mod session;
pub mod signals;
pub mod sql;
pub mod terminal;
pub mod types;
pub mod util;

pub use error::{Error, ErrorKind, Result};

/// `eprintln!` for status lines and errors, except that a closed or broken standard
/// error (`flinksh … 2>&1 | head -1`) is ignored instead of panicking.
#[macro_export]
macro_rules! status {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}
