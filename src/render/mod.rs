//! Printers. They write to any `impl Write` and never look at the terminal.
//! (Skeleton: the helper that owns this module fills it in.)
