//! The `flinksh` binary run as users run it, on the local backend or against the
//! sql/v1 fake, as one test binary: flags and exit codes, CONNECTION statements, a
//! first run, completion scripts and the manual.

mod support;
#[path = "util/mod.rs"]
mod util;

#[path = "shell/completions.rs"]
mod completions;
#[path = "shell/connections.rs"]
mod connections;
#[path = "shell/first_run.rs"]
mod first_run;
#[path = "shell/usage.rs"]
mod usage;
