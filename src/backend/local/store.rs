//! The state file: creating it privately, opening connections with durable settings,
//! and keeping its schema at the current version.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use crate::error::{Error, Result};

pub const FILE_NAME: &str = "flinksh.db";

/// Bumped whenever the schema below changes; older files are migrated on open.
const SCHEMA_VERSION: i64 = 2;

/// Long enough for another shell's write to finish, short enough to not look hung.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

const SCHEMA_V1: &str = "
CREATE TABLE IF NOT EXISTS flinksh_connections (
    environment TEXT NOT NULL,
    name TEXT NOT NULL,
    connection_type TEXT NOT NULL,
    endpoint TEXT NOT NULL,
    secrets TEXT NOT NULL,
    comment TEXT,
    uid TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (environment, name)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS flinksh_tables (
    name TEXT NOT NULL PRIMARY KEY COLLATE NOCASE,
    comment TEXT,
    options TEXT NOT NULL DEFAULT '[]',
    partitioned_by TEXT NOT NULL DEFAULT '[]',
    primary_key TEXT NOT NULL DEFAULT '[]',
    watermark_column TEXT,
    watermark_expr TEXT
);
CREATE TABLE IF NOT EXISTS flinksh_columns (
    table_name TEXT NOT NULL COLLATE NOCASE,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    flink_type TEXT NOT NULL,
    nullable INTEGER NOT NULL,
    comment TEXT,
    PRIMARY KEY (table_name, position)
);
";

/// The state file, and whether it is to be opened read-only.
pub struct StateFile {
    pub path: PathBuf,
    /// The file exists and is not writable (for us, or by its mode: `chmod a-w`):
    /// reads work, writes are refused with "the state file is read-only".
    pub read_only: bool,
}

/// Creates the state directory (0700) and the database file (0600) if missing, so no
/// secret is ever written to a file others can read.
pub fn prepare_file(state_dir: &Path) -> Result<StateFile> {
    let path = state_dir.join(FILE_NAME);
    let fail = |what: &str, e: std::io::Error| {
        Error::config(format!(
            "cannot {what} {}: {e}; check the state directory (--state-dir)",
            path.display()
        ))
    };
    if !state_dir.is_dir() {
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder
            .create(state_dir)
            .map_err(|e| fail("create the directory of", e))?;
    }
    let existing = std::fs::metadata(&path).ok();
    let read_only = match &existing {
        Some(meta) if meta.permissions().readonly() => true,
        Some(_) => matches!(
            std::fs::OpenOptions::new().append(true).open(&path),
            Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied
        ),
        None => {
            let mut options = std::fs::OpenOptions::new();
            options.create(true).append(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            options.open(&path).map_err(|e| fail("create", e))?;
            false
        }
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // A file created by something else (or an older version) is tightened too,
        // and one made read-only stays read-only.
        let mode = std::fs::metadata(&path)
            .map_err(|e| fail("read", e))?
            .permissions()
            .mode();
        if mode & 0o077 != 0 {
            let private = if read_only { 0o400 } else { 0o600 };
            // Someone else's read-only file cannot be changed; reading it is still fine.
            let tightened =
                std::fs::set_permissions(&path, std::fs::Permissions::from_mode(private));
            if let Err(e) = tightened
                && !read_only
            {
                return Err(fail("restrict the permissions of", e));
            }
        }
    }
    Ok(StateFile { path, read_only })
}

/// Opens one connection with the durability settings every connection needs;
/// read-only when the file is.
pub fn connect(file: &StateFile) -> Result<Connection> {
    let path = file.path.as_path();
    let open_err = |e: rusqlite::Error| {
        Error::config(format!(
            "cannot open the local state file {}: {}",
            path.display(),
            crate::util::one_line(&e.to_string())
        ))
    };
    let access = if file.read_only {
        OpenFlags::SQLITE_OPEN_READ_ONLY
    } else {
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE
    };
    let conn = Connection::open_with_flags(path, access | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .map_err(open_err)?;
    conn.busy_timeout(BUSY_TIMEOUT).map_err(open_err)?;
    // WAL lets a reader stream while another shell writes; FULL syncs the WAL on every
    // commit so an acknowledged write survives power loss.
    // A read-only file keeps the mode it was written in.
    let pragma = if file.read_only {
        "PRAGMA journal_mode"
    } else {
        "PRAGMA journal_mode=WAL"
    };
    let mode: String = conn.query_row(pragma, [], |r| r.get(0)).map_err(open_err)?;
    if !mode.eq_ignore_ascii_case("wal") && !file.read_only {
        return Err(Error::config(format!(
            "the local state file {} cannot use write-ahead logging (journal mode {mode}); \
             put the state directory on a local file system",
            path.display()
        )));
    }
    // secure_delete zeroes what a row update or delete frees, so a rotated or dropped
    // secret does not linger in the file's free space.
    conn.execute_batch("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA secure_delete=ON;")
        .map_err(open_err)?;
    if !file.read_only {
        // The log and its index stay between runs instead of being created and deleted
        // by every process, which cost a short script as much as its statement. A
        // journal size limit of 0 empties the log whenever it is reset and when the
        // last connection closes, as deleting it did: no old page stays behind.
        conn.execute_batch("PRAGMA journal_size_limit=0;")
            .map_err(open_err)?;
        let mut persist = 1;
        conn.file_control(
            rusqlite::DEFAULT_NAME,
            rusqlite::FileControl::PersistWal(&mut persist),
        )
        .map_err(open_err)?;
    }
    Ok(conn)
}

/// Moves every committed change from the write-ahead log into the file and empties
/// the log, so the log's older copies of a page (with a rotated or dropped secret)
/// are gone. Best effort: while another shell reads an older snapshot the log cannot
/// be emptied, and rather than wait for that reader this gives up at once; the next
/// call (or the last connection's close) does it.
pub fn forget_old_versions(conn: &Connection) {
    if conn.busy_timeout(Duration::ZERO).is_ok() {
        let _ = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
    }
    let _ = conn.busy_timeout(BUSY_TIMEOUT);
}

/// Creates or upgrades the schema; a no-op read of `user_version` on every later start.
pub fn ensure_schema(conn: &mut Connection, path: &Path) -> Result<()> {
    let err = |e: rusqlite::Error| {
        Error::config(format!(
            "cannot set up the local state file {}: {}",
            path.display(),
            crate::util::one_line(&e.to_string())
        ))
    };
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(err)?;
    if version == SCHEMA_VERSION {
        return Ok(());
    }
    if version > SCHEMA_VERSION {
        return Err(Error::config(format!(
            "the local state file {} was written by a newer flinksh (schema {version}); \
             upgrade flinksh or use another --state-dir",
            path.display()
        )));
    }
    let tx = conn
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        .map_err(err)?;
    // Another shell may have migrated while we waited for the write lock.
    let version: i64 = tx
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(err)?;
    if version < 1 {
        tx.execute_batch(SCHEMA_V1).map_err(err)?;
    }
    if version < 2 {
        super::catalog::migrate_to_v2(&tx).map_err(err)?;
    }
    tx.execute_batch(&format!("PRAGMA user_version = {SCHEMA_VERSION}"))
        .map_err(err)?;
    tx.commit().map_err(err)
}

/// Why a write to a read-only state file failed, and what to do.
pub const READ_ONLY: &str = "the state file is read-only, so nothing was changed: make flinksh.db in the state directory writable (chmod u+w) or use another --state-dir";

/// A failed SQLite call while running a statement.
pub fn statement_error(e: rusqlite::Error) -> Error {
    if let rusqlite::Error::SqliteFailure(f, _) = &e
        && f.code == rusqlite::ErrorCode::OperationInterrupted
    {
        return Error::interrupted();
    }
    if let rusqlite::Error::SqliteFailure(f, _) = &e
        && matches!(
            f.code,
            rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
        )
    {
        return Error::statement(
            "the local state file is busy: another flinksh is writing to it; try again",
        );
    }
    if let rusqlite::Error::SqliteFailure(f, _) = &e
        && f.code == rusqlite::ErrorCode::ReadOnly
    {
        return Error::statement(READ_ONLY);
    }
    if let rusqlite::Error::MultipleStatement = e {
        return Error::statement(
            "the local backend runs one statement at a time; end each with ';'",
        );
    }
    // SQLite's own words (tables named as the user names them); rusqlite would append
    // the whole statement and an offset.
    let readable = super::catalog::readable_names;
    if let rusqlite::Error::SqlInputError { msg, .. } = &e {
        return Error::statement(crate::util::one_line(&readable(msg)));
    }
    Error::statement(crate::util::one_line(&readable(&e.to_string())))
}
