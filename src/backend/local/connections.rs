//! CONNECTION resources of one environment, kept in the state file; secrets go in and
//! never come out.

use rusqlite::{Connection as Db, OptionalExtension, params};

use super::store::{self, statement_error};
use crate::backend::ConnectionsApi;
use crate::connections::model::{ObjectMeta, REDACTED};
use crate::connections::spec::{self, NewConnection, Secrets};
use crate::connections::{AuthData, Connection, ConnectionSpec, ConnectionStatus};
use crate::error::{Error, Result};
use crate::util::{new_id, now};

/// The store's own SQLite connection is opened on first use: most runs never touch a
/// CONNECTION, and opening costs a noticeable share of a short script's time.
pub struct LocalConnections {
    file: store::StateFile,
    db: std::cell::OnceCell<Db>,
    environment: String,
}

const COLUMNS: &str = "name, connection_type, endpoint, uid, created_at, updated_at";

impl LocalConnections {
    pub fn new(file: store::StateFile, environment: &str) -> Self {
        LocalConnections {
            file,
            db: std::cell::OnceCell::new(),
            environment: environment.to_string(),
        }
    }

    fn db(&self) -> Result<&Db> {
        if let Some(db) = self.db.get() {
            return Ok(db);
        }
        let db = store::connect(&self.file)?;
        Ok(self.db.get_or_init(|| db))
    }

    fn not_found(&self, name: &str) -> Error {
        Error::not_found(format!(
            "connection \"{name}\" does not exist in environment \"{}\"; SHOW CONNECTIONS lists them",
            self.environment
        ))
    }

    fn fetch(&self, name: &str) -> Result<Option<Connection>> {
        self.db()?
            .query_row(
                &format!(
                    "SELECT {COLUMNS} FROM flinksh_connections WHERE environment = ?1 AND name = ?2"
                ),
                params![self.environment, name],
                to_model,
            )
            .optional()
            .map_err(statement_error)
    }
}

/// The API model of a stored row; the secrets column is never read here.
fn to_model(row: &rusqlite::Row<'_>) -> rusqlite::Result<Connection> {
    Ok(Connection {
        api_version: "sql/v1".to_string(),
        kind: "Connection".to_string(),
        metadata: ObjectMeta {
            created_at: row.get(4)?,
            // Every change sets a new `updated_at` (microseconds): it doubles as the
            // version a PUT through `flinksh serve` must name.
            resource_version: row.get(5)?,
            updated_at: row.get(5)?,
            self_url: String::new(),
            uid: row.get(3)?,
            ..ObjectMeta::default()
        },
        name: row.get(0)?,
        spec: ConnectionSpec {
            connection_type: row.get(1)?,
            endpoint: row.get(2)?,
            auth_data: AuthData {
                kind: "PlaintextProvider".to_string(),
                data: REDACTED.to_string(),
            },
        },
        // The local store cannot reach the endpoint, so it claims no phase.
        status: ConnectionStatus::default(),
    })
}

impl ConnectionsApi for LocalConnections {
    fn list(&mut self) -> Result<Vec<Connection>> {
        let mut stmt = self
            .db()?
            .prepare_cached(&format!(
                "SELECT {COLUMNS} FROM flinksh_connections WHERE environment = ?1 ORDER BY name"
            ))
            .map_err(statement_error)?;
        let rows = stmt
            .query_map(params![self.environment], to_model)
            .map_err(statement_error)?;
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(statement_error)
    }

    fn create(&mut self, new: &NewConnection) -> Result<Connection> {
        let at = now();
        let inserted = self
            .db()?
            .execute(
                "INSERT INTO flinksh_connections
                   (environment, name, connection_type, endpoint, secrets, comment, uid,
                    created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)
                 ON CONFLICT (environment, name) DO NOTHING",
                params![
                    self.environment,
                    new.name,
                    new.connection_type,
                    new.endpoint,
                    new.secrets.to_auth_json(),
                    new.comment,
                    new_id(),
                    at
                ],
            )
            .map_err(statement_error)?;
        if inserted == 0 {
            return Err(Error::already_exists(format!(
                "connection \"{}\" already exists in environment \"{}\"; \
                 use CREATE CONNECTION IF NOT EXISTS or DROP it first",
                new.name, self.environment
            )));
        }
        self.fetch(&new.name)?
            .ok_or_else(|| self.not_found(&new.name))
    }

    fn get(&mut self, name: &str) -> Result<Connection> {
        self.fetch(name)?.ok_or_else(|| self.not_found(name))
    }

    /// `secrets` are the changed keys only; the rest of the stored secrets stay
    /// (see `spec::merge_secrets`).
    fn update_secrets(&mut self, name: &str, secrets: &Secrets) -> Result<Connection> {
        let stored: Option<(String, String)> = self
            .db()?
            .query_row(
                "SELECT connection_type, secrets FROM flinksh_connections
                 WHERE environment = ?1 AND name = ?2",
                params![self.environment, name],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()
            .map_err(statement_error)?;
        let Some((connection_type, stored)) = stored else {
            return Err(self.not_found(name));
        };
        // A row this program wrote always parses; anything else counts as no secrets,
        // and the merge then says what is missing.
        let stored = Secrets(serde_json::from_str(&stored).unwrap_or_default());
        let merged = spec::merge_secrets(&connection_type, &stored, secrets)?;
        let changed = self
            .db()?
            .execute(
                "UPDATE flinksh_connections SET secrets = ?3, updated_at = ?4
                 WHERE environment = ?1 AND name = ?2",
                params![self.environment, name, merged.to_auth_json(), now()],
            )
            .map_err(statement_error)?;
        if changed == 0 {
            return Err(self.not_found(name));
        }
        store::forget_old_versions(self.db()?);
        self.get(name)
    }

    fn delete(&mut self, name: &str) -> Result<()> {
        let changed = self
            .db()?
            .execute(
                "DELETE FROM flinksh_connections WHERE environment = ?1 AND name = ?2",
                params![self.environment, name],
            )
            .map_err(statement_error)?;
        if changed == 0 {
            return Err(self.not_found(name));
        }
        store::forget_old_versions(self.db()?);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uids_are_uuid_shaped_and_differ() {
        let a = new_id();
        let b = new_id();
        assert_ne!(a, b);
        assert_eq!(a.len(), 36);
        assert_eq!(&a[14..15], "4");
    }

    #[test]
    fn timestamps_have_microseconds() {
        let t = now();
        assert_eq!(t.len(), "2025-08-13T21:05:15.035376Z".len(), "{t}");
        assert!(t.ends_with('Z'));
    }
}
