//! The embedded local backend: connections and tables in one SQLite file in the state
//! directory, durable across crashes and shared safely by several shells.

mod catalog;
mod connections;
mod datagen;
mod ddl;
mod engine;
mod flink;
pub mod ftype;
pub mod func;
mod query;
pub mod relation;
mod store;
pub mod translate;
mod types;
pub mod udf;
pub mod value;

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use super::{ConnectionsApi, StatementBackend, StatementContext};

pub use connections::LocalConnections;
pub use engine::LocalStatements;
pub use flink::{CATALOG, DATABASE};
pub use store::FILE_NAME;

/// Opens (creating if needed) `<state_dir>/flinksh.db` and returns the connections
/// store for `environment` and the statement engine, each on its own SQLite connection
/// to the same file (the store's opened when first needed). Setting `interrupt` stops a running statement (Ctrl-C), even one
/// that is busy computing and has no row to hand over yet.
pub fn open(
    state_dir: &Path,
    environment: &str,
    interrupt: Arc<AtomicBool>,
) -> crate::Result<(Box<dyn ConnectionsApi>, Box<dyn StatementBackend>)> {
    let (conns, statements) = open_parts(state_dir, environment, interrupt)?;
    Ok((Box::new(conns), Box::new(statements)))
}

/// The statement engine `flinksh serve` runs an environment's statements on. In
/// Confluent Cloud an environment is a catalog and a Kafka cluster a database: when
/// `ctx` names the environment as its catalog, that catalog (with `default_database`)
/// and the context's database are created on first use.
pub fn open_environment(
    state_dir: &Path,
    environment: &str,
    ctx: &StatementContext,
    interrupt: Arc<AtomicBool>,
) -> crate::Result<Box<dyn StatementBackend>> {
    let (_, statements) = open_parts(state_dir, environment, interrupt)?;
    if ctx.catalog.as_deref() == Some(environment) {
        catalog::ensure_environment(&statements.db, environment, ctx.database.as_deref())?;
    }
    Ok(Box::new(statements))
}

fn open_parts(
    state_dir: &Path,
    environment: &str,
    interrupt: Arc<AtomicBool>,
) -> crate::Result<(LocalConnections, LocalStatements)> {
    let file = store::prepare_file(state_dir)?;
    let mut statements_db = store::connect(&file)?;
    store::ensure_schema(&mut statements_db, &file.path)?;
    // SQLite calls this every few thousand VM steps; `true` aborts the statement
    // with SQLITE_INTERRUPT, which `statement_error` reports as an interruption.
    statements_db
        .progress_handler(10_000, Some(move || interrupt.load(Ordering::Relaxed)))
        .map_err(store::statement_error)?;
    Ok((
        LocalConnections::new(file, environment),
        LocalStatements::new(statements_db)?,
    ))
}

/// Copies the state file of `state_dir` into `into_dir` (created, private): a
/// consistent snapshot even while others write, where a statement can be tried
/// without touching the real state.
pub fn copy_state(state_dir: &Path, into_dir: &Path) -> crate::Result<()> {
    let path = store::prepare_file(state_dir)?;
    let db = store::connect(&path)?;
    let mut builder = std::fs::DirBuilder::new();
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder
        .create(into_dir)
        .map_err(|e| crate::Error::config(format!("cannot create {}: {e}", into_dir.display())))?;
    let target = into_dir.join(FILE_NAME);
    let target = target.to_str().ok_or_else(|| {
        crate::Error::config(format!(
            "the state directory {} is not a UTF-8 path",
            state_dir.display()
        ))
    })?;
    db.execute("VACUUM INTO ?1", [target])
        .map_err(store::statement_error)?;
    Ok(())
}
