//! Shell completion scripts and the manual page, generated from the flag definitions.

use std::io::Write;
use std::path::Path;

use clap::CommandFactory;

use crate::cli::Args;
use crate::error::{Error, Result};

/// Writes the completion script for `shell` to standard output.
pub fn write_completions(shell: clap_complete::Shell) -> Result<()> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Args::command(), "flinksh", &mut script);
    write_stdout(&script)
}

/// Writes the man page, flinksh(1), to standard output as roff; or, given a
/// directory, writes it there as `flinksh.1` with a page per subcommand, which
/// flinksh(1) refers to.
pub fn write_man_pages(dir: Option<&Path>) -> Result<()> {
    let Some(dir) = dir else {
        let mut page = Vec::new();
        clap_mangen::Man::new(Args::command()).render(&mut page)?;
        return write_stdout(&page);
    };
    std::fs::create_dir_all(dir)
        .and_then(|()| clap_mangen::generate_to(Args::command(), dir))
        .map_err(|e| {
            Error::config(format!(
                "cannot write the man pages into {}: {e}; give a directory you can write to",
                dir.display()
            ))
        })
}

// Rendered into memory first: the generators panic on a failed write, and a closed
// pipe (`flinksh man | head`) is not worth a panic.
fn write_stdout(bytes: &[u8]) -> Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)?;
    out.flush()?;
    Ok(())
}
