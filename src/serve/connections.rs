//! The connections endpoints over the local store of the environment in the path:
//! list (paged, filtered by type), create, get, update secrets, delete.

use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use super::failure::ApiError;
use super::paging::{self, Params};
use super::{App, blocking};
use crate::backend::ConnectionsApi;
use crate::connections::Connection;
use crate::connections::model::{ConnectionList, ListMeta, REDACTED};
use crate::connections::spec;

type Reply = Result<Response, ApiError>;

/// Runs `f` on the connections store of `environment`, on a blocking thread.
async fn with_store<T, F>(app: &App, environment: String, f: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&mut dyn ConnectionsApi) -> crate::Result<T> + Send + 'static,
{
    let state_dir = app.state_dir.clone();
    blocking(move || {
        let (mut store, _) = crate::backend::local::open(
            &state_dir,
            &environment,
            Arc::new(AtomicBool::new(false)),
        )?;
        Ok(f(store.as_mut())?)
    })
    .await
}

fn collection_url(origin: &str, org: &str, env: &str) -> String {
    format!(
        "{origin}/sql/v1/organizations/{}/environments/{}/connections",
        paging::segment(org),
        paging::segment(env)
    )
}

/// The connection with its `metadata.self` pointing back at this server.
fn located(mut c: Connection, collection: &str) -> Connection {
    c.metadata.self_url = format!("{collection}/{}", paging::segment(&c.name));
    c
}

/// Parses a request body that must be a JSON object.
pub(super) fn json_body(body: &Bytes) -> Result<serde_json::Map<String, Value>, ApiError> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(ApiError::bad_request(
            "the request body must be a JSON object",
        )),
        Err(e) => Err(ApiError::bad_request(format!(
            "the request body is not valid JSON: {e}"
        ))),
    }
}

/// A string field at `path` (`["spec", "endpoint"]`); `None` when absent or null.
pub(super) fn text_at<'a>(
    body: &'a serde_json::Map<String, Value>,
    path: &[&str],
) -> Result<Option<&'a str>, ApiError> {
    let mut current: Option<&Value> = body.get(path[0]);
    for key in &path[1..] {
        current = match current {
            Some(Value::Object(map)) => map.get(*key),
            Some(Value::Null) | None => None,
            Some(_) => {
                return Err(ApiError::bad_request(format!(
                    "'{}' must be an object",
                    path[..path.len() - 1].join(".")
                )));
            }
        };
    }
    match current {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.as_str())),
        Some(_) => Err(ApiError::bad_request(format!(
            "'{}' must be a string",
            path.join(".")
        ))),
    }
}

fn required<'a>(
    body: &'a serde_json::Map<String, Value>,
    path: &[&str],
) -> Result<&'a str, ApiError> {
    text_at(body, path)?
        .ok_or_else(|| ApiError::invalid(format!("'{}' is required", path.join("."))))
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
    let filter = paging::param(&params, "spec.connection_type").map(str::to_string);
    let all = with_store(&app, env.clone(), |s| s.list()).await?;
    let collection = collection_url(&paging::origin(&headers, app.bound), &org, &env);
    let mut page: Vec<Connection> = all
        .into_iter()
        .filter(|c| {
            filter
                .as_deref()
                .is_none_or(|t| c.spec.connection_type == t)
        })
        .filter(|c| after.as_deref().is_none_or(|a| c.name.as_str() > a))
        .take(size + 1)
        .collect();
    let more = page.len() > size;
    page.truncate(size);
    let next = match page.last() {
        Some(last) if more => {
            let size_text = size.to_string();
            let token = paging::token(&last.name);
            let mut pairs = vec![
                ("page_size", size_text.as_str()),
                ("page_token", token.as_str()),
            ];
            if let Some(t) = &filter {
                pairs.push(("spec.connection_type", t.as_str()));
            }
            paging::with_query(&collection, &pairs)
        }
        _ => String::new(),
    };
    let list = ConnectionList {
        api_version: "sql/v1".to_string(),
        kind: "ConnectionList".to_string(),
        metadata: ListMeta {
            self_url: collection.clone(),
            next,
        },
        data: page.into_iter().map(|c| located(c, &collection)).collect(),
    };
    Ok(Json(list).into_response())
}

pub async fn create(
    State(app): State<App>,
    Path((org, env)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Reply {
    let body = json_body(&body)?;
    let name = required(&body, &["name"])?;
    let connection_type = required(&body, &["spec", "connection_type"])?;
    let endpoint = required(&body, &["spec", "endpoint"])?;
    check_provider(&body)?;
    let auth = text_at(&body, &["spec", "auth_data", "data"])?.unwrap_or("{}");
    let new = spec::validate_spec(name, connection_type, endpoint, auth)?;
    let created = with_store(&app, env.clone(), move |s| s.create(&new)).await?;
    let collection = collection_url(&paging::origin(&headers, app.bound), &org, &env);
    Ok((StatusCode::CREATED, Json(located(created, &collection))).into_response())
}

/// `auth_data.kind`, when given, must be the one provider the contract has.
fn check_provider(body: &serde_json::Map<String, Value>) -> Result<(), ApiError> {
    match text_at(body, &["spec", "auth_data", "kind"])? {
        None | Some("PlaintextProvider") => Ok(()),
        Some(other) => Err(ApiError::invalid(format!(
            "spec.auth_data.kind '{other}' is not supported; use PlaintextProvider"
        ))),
    }
}

pub async fn get(
    State(app): State<App>,
    Path((org, env, name)): Path<(String, String, String)>,
    headers: HeaderMap,
) -> Reply {
    let found = with_store(&app, env.clone(), move |s| s.get(&name)).await?;
    let collection = collection_url(&paging::origin(&headers, app.bound), &org, &env);
    Ok(Json(located(found, &collection)).into_response())
}

/// Replaces the secrets; the type and endpoint are immutable. A body whose
/// `auth_data.data` is absent or `<REDACTED>` (as GET returned it) changes nothing.
pub async fn update(
    State(app): State<App>,
    Path((org, env, name)): Path<(String, String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Reply {
    let body = json_body(&body)?;
    if let Some(given) = text_at(&body, &["name"])?
        && given != name
    {
        return Err(ApiError::invalid(format!(
            "the body names connection '{given}' but the path names '{name}'; a connection cannot be renamed"
        )));
    }
    check_provider(&body)?;
    // The contract's PUT names the version it read; a stale one means someone changed
    // the connection in between, and applying this body would undo their change.
    let Some(version) = text_at(&body, &["metadata", "resource_version"])?.map(str::to_string)
    else {
        return Err(ApiError::invalid(
            "metadata.resource_version is required: send the one a GET of the connection returned",
        ));
    };
    let connection_type = text_at(&body, &["spec", "connection_type"])?.map(str::to_string);
    let endpoint = text_at(&body, &["spec", "endpoint"])?.map(str::to_string);
    let auth = text_at(&body, &["spec", "auth_data", "data"])?
        .filter(|d| *d != REDACTED)
        .map(str::to_string);
    let updated = with_store(&app, env.clone(), move |s| {
        let current = s.get(&name)?;
        if current.metadata.resource_version != version {
            return Err(crate::Error::already_exists(format!(
                "connection '{name}' was changed since resource_version {version} was read (it is at {}); read it again",
                current.metadata.resource_version
            )));
        }
        let changed = |given: &Option<String>, now: &str| given.as_deref().is_some_and(|g| g != now);
        if changed(&connection_type, &current.spec.connection_type)
            || changed(&endpoint, &current.spec.endpoint)
        {
            return Err(crate::Error::statement(
                "spec.connection_type and spec.endpoint cannot change; delete the connection and create it again",
            ));
        }
        let Some(auth) = auth else {
            return Ok(current);
        };
        let options = spec::options_from_auth_data(&auth)?;
        let secrets = spec::validate_alter(&current.spec.connection_type, &options)?;
        s.update_secrets(&name, &secrets)
    })
    .await?;
    let collection = collection_url(&paging::origin(&headers, app.bound), &org, &env);
    Ok(Json(located(updated, &collection)).into_response())
}

pub async fn delete(
    State(app): State<App>,
    Path((_org, env, name)): Path<(String, String, String)>,
) -> Reply {
    with_store(&app, env, move |s| s.delete(&name)).await?;
    Ok(StatusCode::OK.into_response())
}
