//! The interactive prompt. (Skeleton: the helper that owns this module fills it in.)

use crate::cli::Config;
use crate::error::Result;
use crate::session::Session;

/// Reads statements at a prompt until QUIT, EXIT or Ctrl-D.
pub fn run(_session: &mut Session<'_>, _config: &Config) -> Result<()> {
    todo!("repl::run")
}
