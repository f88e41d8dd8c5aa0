//! The cloud backend against the fake sql/v1 server, as one test binary (one link
//! instead of five): settings and keys, connections, statements, and the whole
//! command line.

mod support;
#[path = "util/mod.rs"]
mod util;

#[path = "cloud/cli.rs"]
mod cli;
#[path = "cloud/config.rs"]
mod config;
#[path = "cloud/connections.rs"]
mod connections;
#[path = "cloud/first_run.rs"]
mod first_run;
#[path = "cloud/statements.rs"]
mod statements;
