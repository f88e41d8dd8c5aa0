//! The embedded local backend: connections and tables in one SQLite file in the state
//! directory, durable across crashes and shared safely by several shells.

mod catalog;
mod connections;
mod engine;
mod flink;
mod store;
mod types;

use std::path::Path;

use super::{ConnectionsApi, StatementBackend};

pub use connections::LocalConnections;
pub use engine::LocalStatements;
pub use store::FILE_NAME;

/// Opens (creating if needed) `<state_dir>/flinksh.db` and returns the connections
/// store for `environment` and the statement engine, each on its own SQLite connection
/// to the same file.
pub fn open(
    state_dir: &Path,
    environment: &str,
) -> crate::Result<(Box<dyn ConnectionsApi>, Box<dyn StatementBackend>)> {
    let path = store::prepare_file(state_dir)?;
    let mut conns_db = store::connect(&path)?;
    store::ensure_schema(&mut conns_db, &path)?;
    let statements_db = store::connect(&path)?;
    Ok((
        Box::new(LocalConnections::new(conns_db, environment)),
        Box::new(LocalStatements::new(statements_db)),
    ))
}
