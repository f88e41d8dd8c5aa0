//! The Connection resource as the sql/v1 API defines it (`sql.v1.Connection`).
//!
//! Every backend speaks in these types, so the local store, the cloud client and
//! `serve` produce exactly what the renderer and the golden files expect.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Connection {
    #[serde(default = "api_version")]
    pub api_version: String,
    #[serde(default = "kind")]
    pub kind: String,
    #[serde(default)]
    pub metadata: ObjectMeta,
    pub name: String,
    pub spec: ConnectionSpec,
    #[serde(default)]
    pub status: ConnectionStatus,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ObjectMeta {
    #[serde(default)]
    pub created_at: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub updated_at: String,
    #[serde(default, rename = "self")]
    pub self_url: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub uid: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub resource_version: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub resource_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ConnectionSpec {
    pub connection_type: String,
    pub endpoint: String,
    #[serde(default)]
    pub auth_data: AuthData,
}

/// `sql.v1.PlaintextProvider`: `data` is a JSON object serialised into a string,
/// e.g. `{"API_KEY":"…"}`. Servers return it as `<REDACTED>`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct AuthData {
    #[serde(default = "plaintext_provider")]
    pub kind: String,
    #[serde(default)]
    pub data: String,
}

// Never print secrets, not even in debug output.
impl std::fmt::Debug for AuthData {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuthData")
            .field("kind", &self.kind)
            .field("data", &REDACTED)
            .finish()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ConnectionStatus {
    #[serde(default)]
    pub phase: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub detail: String,
}

/// `sql.v1.ConnectionList`.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct ConnectionList {
    #[serde(default = "api_version")]
    pub api_version: String,
    #[serde(default = "list_kind")]
    pub kind: String,
    #[serde(default)]
    pub metadata: ListMeta,
    #[serde(default)]
    pub data: Vec<Connection>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct ListMeta {
    #[serde(default, rename = "self", skip_serializing_if = "String::is_empty")]
    pub self_url: String,
    #[serde(default)]
    pub next: String,
}

pub const REDACTED: &str = "<REDACTED>";

fn api_version() -> String {
    "sql/v1".to_string()
}
fn kind() -> String {
    "Connection".to_string()
}
fn list_kind() -> String {
    "ConnectionList".to_string()
}
fn plaintext_provider() -> String {
    "PlaintextProvider".to_string()
}

/// The shell's own settings shown in the Environment, Cloud and Region columns.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Default)]
pub struct Placement {
    pub environment: String,
    pub cloud: String,
    pub region: String,
}
