//! flinksh: a fast, native Flink SQL shell.

pub mod app;
pub mod backend;
pub mod cli;
pub mod connections;
pub mod error;
pub mod render;
pub mod repl;
pub mod result;
pub mod serve;
pub mod session;
pub mod sql;
pub mod types;
pub mod util;

pub use error::{Error, ErrorKind, Result};
