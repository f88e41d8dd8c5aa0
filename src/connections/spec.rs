//! Connection types and their options: what CREATE/ALTER CONNECTION may say, checked
//! once here for every backend before anything is stored or sent.
//!
//! (Skeleton: the helper that owns this file fills it in.)

use std::collections::BTreeMap;

use crate::error::Result;

/// A CREATE CONNECTION that passed validation.
#[derive(Clone, PartialEq, Eq)]
pub struct NewConnection {
    /// The unqualified name, checked against the API's name pattern.
    pub name: String,
    /// Upper-case, one of the API's connection types.
    pub connection_type: String,
    pub endpoint: String,
    /// `auth_data.data` keys (`API_KEY`, `USERNAME`, …) to their values.
    pub secrets: Secrets,
    pub comment: Option<String>,
}

/// Secret values keyed by their `auth_data.data` key. Debug never shows values.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Secrets(pub BTreeMap<String, String>);

impl std::fmt::Debug for Secrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_set().entries(self.0.keys()).finish()
    }
}

impl std::fmt::Debug for NewConnection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewConnection")
            .field("name", &self.name)
            .field("connection_type", &self.connection_type)
            .field("endpoint", &self.endpoint)
            .field("secrets", &self.secrets)
            .field("comment", &self.comment)
            .finish()
    }
}

impl Secrets {
    /// The `auth_data.data` string: a JSON object serialised into a string.
    pub fn to_auth_json(&self) -> String {
        serde_json::to_string(&self.0).unwrap_or_default()
    }
}

/// Checks the options of `CREATE CONNECTION name WITH (…)`.
pub fn validate_create(
    _name: &str,
    _options: &[(String, String)],
    _comment: Option<&str>,
) -> Result<NewConnection> {
    todo!("connections::spec::validate_create")
}

/// Checks the options of `ALTER CONNECTION name SET (…)` for a connection of
/// `connection_type`: only secret options of that type may change.
pub fn validate_alter(_connection_type: &str, _options: &[(String, String)]) -> Result<Secrets> {
    todo!("connections::spec::validate_alter")
}

/// True for option keys whose values are secrets of some connection type
/// (`api-key`, `password`, …); history masks these.
pub fn is_secret_option(_key: &str) -> bool {
    todo!("connections::spec::is_secret_option")
}
