//! Printers. They write to any `impl Write` and never look at the terminal.

pub mod connections;
pub mod flink;
pub mod kv;
pub mod list_table;
pub mod results;
pub mod value;
pub mod width;
