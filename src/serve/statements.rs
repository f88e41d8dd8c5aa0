//! The statements endpoints: create (runs on the local engine in the background),
//! list, get, delete (stops a running one), and the result pages.

use std::collections::BTreeMap;

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::App;
use super::connections::{json_body, text_at};
use super::failure::ApiError;
use super::paging::{self, Params};
use super::store::{self, Entry, NewEntry, Phase};
use crate::connections::spec::valid_name;

type Reply = Result<Response, ApiError>;

/// The contract's limit on `spec.statement`.
const MAX_STATEMENT_LEN: usize = 131_072;
/// Rows per result page.
const RESULT_PAGE_ROWS: usize = 1_000;

fn collection_url(origin: &str, org: &str, env: &str) -> String {
    format!(
        "{origin}/sql/v1/organizations/{}/environments/{}/statements",
        paging::segment(org),
        paging::segment(env)
    )
}

/// `sql.v1.Statement` for an entry.
fn statement_json(entry: &Entry, collection: &str) -> Value {
    let p = entry.progress();
    let mut status = json!({
        "phase": p.phase.name(),
        "detail": p.detail,
    });
    // Traits appear once the schema is known: a client that sees RUNNING with traits
    // may start reading results.
    if let Some(columns) = &p.columns {
        status["traits"] = json!({
            "sql_kind": store::sql_kind(&entry.sql),
            "is_bounded": true,
            "is_append_only": true,
            "schema": {"columns": columns},
        });
    }
    if p.phase.finished() {
        status["end_time"] = json!(p.updated_at);
    }
    let mut spec = json!({
        "statement": entry.sql,
        "properties": entry.properties,
        "stopped": false,
    });
    if let Some(pool) = &entry.compute_pool {
        spec["compute_pool_id"] = json!(pool);
    }
    json!({
        "api_version": "sql/v1",
        "kind": "Statement",
        "metadata": {
            "self": format!("{collection}/{}", paging::segment(&entry.name)),
            "created_at": entry.created_at,
            "updated_at": p.updated_at,
            "uid": entry.uid,
            "resource_version": "1",
        },
        "name": entry.name,
        "organization_id": entry.organization,
        "environment_id": entry.environment,
        "spec": spec,
        "status": status,
    })
}

fn not_found(name: &str, env: &str) -> ApiError {
    ApiError::not_found(format!(
        "statement \"{name}\" does not exist in environment \"{env}\""
    ))
}

pub async fn create(
    State(app): State<App>,
    Path((org, env)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Reply {
    let body = json_body(&body)?;
    let name = text_at(&body, &["name"])?.ok_or_else(|| ApiError::invalid("'name' is required"))?;
    if !valid_name(name) {
        return Err(ApiError::invalid(format!(
            "invalid statement name '{}': use lower-case letters, digits, '-' and '.', starting and ending with a letter or digit, at most 100 characters",
            name.chars().take(120).collect::<String>()
        )));
    }
    let sql = text_at(&body, &["spec", "statement"])?.unwrap_or("");
    if sql.trim().is_empty() {
        return Err(ApiError::invalid("'spec.statement' is required"));
    }
    if sql.len() > MAX_STATEMENT_LEN {
        return Err(ApiError::invalid(format!(
            "'spec.statement' is longer than {MAX_STATEMENT_LEN} bytes"
        )));
    }
    let properties = properties(&body)?;
    let compute_pool = text_at(&body, &["spec", "compute_pool_id"])?.map(str::to_string);
    let entry = app
        .statements
        .insert(NewEntry {
            name: name.to_string(),
            organization: org.clone(),
            environment: env.clone(),
            sql: sql.to_string(),
            properties,
            compute_pool,
        })
        .ok_or_else(|| {
            ApiError::conflict(format!(
                "statement \"{name}\" already exists in environment \"{env}\"; choose another name or delete it first"
            ))
        })?;
    let collection = collection_url(&paging::origin(&headers, app.bound), &org, &env);
    let reply = statement_json(&entry, &collection);
    let state_dir = app.state_dir.clone();
    tokio::task::spawn_blocking(move || store::run(&entry, state_dir));
    Ok((StatusCode::CREATED, Json(reply)).into_response())
}

/// `spec.properties`: an object of strings.
fn properties(body: &serde_json::Map<String, Value>) -> Result<BTreeMap<String, String>, ApiError> {
    let value = body.get("spec").and_then(|s| s.get("properties"));
    let mut out = BTreeMap::new();
    match value {
        None | Some(Value::Null) => {}
        Some(Value::Object(map)) => {
            for (k, v) in map {
                let Value::String(v) = v else {
                    return Err(ApiError::invalid(format!(
                        "spec.properties: the value of '{k}' must be a string"
                    )));
                };
                out.insert(k.clone(), v.clone());
            }
        }
        Some(_) => {
            return Err(ApiError::invalid(
                "spec.properties must be an object of strings",
            ));
        }
    }
    Ok(out)
}

pub async fn list(
    State(app): State<App>,
    Path((org, env)): Path<(String, String)>,
    query: Result<Query<Params>, QueryRejection>,
    headers: HeaderMap,
) -> Reply {
    let params = paging::params(query)?;
    let size = paging::page_size(&params)?;
    let after = paging::position(&params)?;
    let mut page = app.statements.list(&env, after.as_deref(), size + 1);
    let more = page.len() > size;
    page.truncate(size);
    let collection = collection_url(&paging::origin(&headers, app.bound), &org, &env);
    let next = match page.last() {
        Some(last) if more => paging::with_query(
            &collection,
            &[
                ("page_size", &size.to_string()),
                ("page_token", &paging::token(&last.name)),
            ],
        ),
        _ => String::new(),
    };
    let data: Vec<Value> = page
        .iter()
        .map(|e| statement_json(e, &collection))
        .collect();
    Ok(Json(json!({
        "api_version": "sql/v1",
        "kind": "StatementList",
        "metadata": {"self": collection, "next": next},
        "data": data,
    }))
    .into_response())
}

pub async fn get(
    State(app): State<App>,
    Path((org, env, name)): Path<(String, String, String)>,
    headers: HeaderMap,
) -> Reply {
    let entry = app
        .statements
        .get(&env, &name)
        .ok_or_else(|| not_found(&name, &env))?;
    let collection = collection_url(&paging::origin(&headers, app.bound), &org, &env);
    Ok(Json(statement_json(&entry, &collection)).into_response())
}

pub async fn delete(
    State(app): State<App>,
    Path((_org, env, name)): Path<(String, String, String)>,
) -> Reply {
    app.statements
        .remove(&env, &name)
        .ok_or_else(|| not_found(&name, &env))?;
    Ok(StatusCode::ACCEPTED.into_response())
}

/// One page of rows from the position in `page_token`. While the statement runs, a
/// page always links to the next one (possibly empty for now); once it completed,
/// the last page has no `next`. A failed statement answers with its error.
pub async fn results(
    State(app): State<App>,
    Path((org, env, name)): Path<(String, String, String)>,
    query: Result<Query<Params>, QueryRejection>,
    headers: HeaderMap,
) -> Reply {
    let params = paging::params(query)?;
    let start = match paging::position(&params)? {
        None => 0,
        Some(p) => p.parse::<usize>().map_err(|_| {
            ApiError::bad_request("page_token is not one this server handed out for results")
        })?,
    };
    let entry = app
        .statements
        .get(&env, &name)
        .ok_or_else(|| not_found(&name, &env))?;
    let origin = paging::origin(&headers, app.bound);
    let self_url = format!(
        "{}/{}/results",
        collection_url(&origin, &org, &env),
        paging::segment(&name)
    );
    let (rows, next_start, more) = {
        let p = entry.progress();
        if matches!(p.phase, Phase::Failed | Phase::Stopped) {
            return Err(ApiError::invalid(format!(
                "statement \"{name}\" {}: {}",
                if p.phase == Phase::Failed {
                    "failed"
                } else {
                    "was stopped"
                },
                p.detail
            )));
        }
        let start = start.min(p.rows.len());
        let end = (start + RESULT_PAGE_ROWS).min(p.rows.len());
        let rows: Vec<Value> = p.rows[start..end].to_vec();
        let more = end < p.rows.len() || !p.phase.finished();
        (rows, end, more)
    };
    let next = if more {
        paging::with_query(
            &self_url,
            &[("page_token", &paging::token(&next_start.to_string()))],
        )
    } else {
        String::new()
    };
    Ok(Json(json!({
        "api_version": "sql/v1",
        "kind": "StatementResult",
        "metadata": {"self": self_url, "next": next, "created_at": entry.created_at},
        "results": {"data": rows},
    }))
    .into_response())
}
