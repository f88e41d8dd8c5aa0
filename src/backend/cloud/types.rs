//! The statements API model (`sql.v1.Statement`, `sql.v1.StatementResult`) and the
//! `Failure` error body, as far as the shell reads or writes them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use crate::types::{ColumnDetails, DataType, RowField};

/// The body we POST to create a statement.
#[derive(Debug, Clone, Serialize)]
pub struct NewStatement<'a> {
    pub name: &'a str,
    pub organization_id: &'a str,
    pub environment_id: &'a str,
    pub spec: NewStatementSpec<'a>,
}

#[derive(Debug, Clone, Serialize)]
pub struct NewStatementSpec<'a> {
    pub statement: &'a str,
    pub properties: &'a BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compute_pool_id: Option<&'a str>,
}

/// `sql.v1.Statement` as the server returns it; everything is optional so a sparse
/// answer never fails to parse.
#[derive(Debug, Clone, Deserialize, Default)]
pub struct Statement {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub spec: StatementSpec,
    #[serde(default)]
    pub status: StatementStatus,
}

#[derive(Debug, Clone, Deserialize, Default)]
pub struct StatementSpec {
    #[serde(default)]
    pub statement: String,
}

#[derive(Debug, Clone, Deserialize, Default)]
pub struct StatementStatus {
    #[serde(default)]
    pub phase: String,
    #[serde(default)]
    pub detail: String,
    #[serde(default)]
    pub traits: Option<StatementTraits>,
}

#[derive(Debug, Clone, Deserialize, Default)]
pub struct StatementTraits {
    #[serde(default)]
    pub sql_kind: String,
    #[serde(default)]
    pub is_bounded: Option<bool>,
    #[serde(default)]
    pub schema: Option<ResultSchema>,
}

#[derive(Debug, Clone, Deserialize, Default)]
pub struct ResultSchema {
    #[serde(default)]
    pub columns: Vec<ColumnDetails>,
}

/// One page of `GET …/statements/{name}/results`.
#[derive(Debug, Clone, Deserialize, Default)]
pub struct StatementResult {
    #[serde(default)]
    pub metadata: ResultMeta,
    #[serde(default)]
    pub results: ResultData,
}

#[derive(Debug, Clone, Deserialize, Default)]
pub struct ResultMeta {
    #[serde(default)]
    pub next: String,
}

#[derive(Debug, Clone, Deserialize, Default)]
pub struct ResultData {
    #[serde(default)]
    pub data: Vec<ResultRow>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ResultRow {
    #[serde(default)]
    pub op: i64,
    #[serde(default)]
    pub row: Vec<serde_json::Value>,
}

/// `Failure`: the error body of every endpoint.
#[derive(Debug, Clone, Deserialize, Default)]
pub struct Failure {
    #[serde(default)]
    pub errors: Vec<ApiError>,
}

#[derive(Debug, Clone, Deserialize, Default)]
pub struct ApiError {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub detail: String,
}
