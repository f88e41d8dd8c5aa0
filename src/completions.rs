//! Shell completion scripts and the manual page, generated from the flag definitions.

use std::io::Write;

use clap::CommandFactory;

use crate::cli::Args;
use crate::error::Result;

/// Writes the completion script for `shell` to standard output.
pub fn write_completions(shell: clap_complete::Shell) -> Result<()> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Args::command(), "flinksh", &mut script);
    write_stdout(&script)
}

/// Writes the man page, flinksh(1), to standard output as roff.
pub fn write_man_page() -> Result<()> {
    let mut page = Vec::new();
    clap_mangen::Man::new(Args::command()).render(&mut page)?;
    write_stdout(&page)
}

// Rendered into memory first: the generators panic on a failed write, and a closed
// pipe (`flinksh man | head`) is not worth a panic.
fn write_stdout(bytes: &[u8]) -> Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)?;
    out.flush()?;
    Ok(())
}
