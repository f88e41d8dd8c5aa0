//! Printers. They write to any `impl Write` and never look at the terminal.
//! (Skeleton: the helper that owns this module fills it in.)

pub mod list_table;
pub mod results;
pub mod value;
