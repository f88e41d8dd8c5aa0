//! The statements endpoints: create (runs on the local engine in the background, or
//! validates only for a dry run), list with its filters, get, stop (PATCH, PUT),
//! delete (stops a running one), and the result pages.

use std::collections::BTreeMap;

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::connections::{json_body, text_at};
use super::failure::ApiError;
use super::paging::{self, Params};
use super::store::{self, Entry, NewEntry, Phase};
use super::{App, blocking};
use crate::connections::spec::valid_name;

type Reply = Result<Response, ApiError>;

/// The contract's limit on `spec.statement` (its JSON Schema `maxLength`: characters).
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
    // Traits from RUNNING on (a statement with a result runs only once its schema is
    // known), so a client may read results as soon as it sees RUNNING. Confluent sends
    // none for a FAILED statement. Every row is an insert: no upsert columns.
    if !matches!(p.phase, Phase::Pending | Phase::Failed) {
        let mut traits = json!({
            "sql_kind": store::sql_kind(&entry.sql),
            "is_bounded": true,
            "is_append_only": true,
        });
        if let Some(columns) = p.columns.as_ref().filter(|c| !c.is_empty()) {
            traits["schema"] = json!({"columns": columns});
        }
        status["traits"] = traits;
    }
    if p.phase.finished() {
        status["end_time"] = json!(p.updated_at);
    }
    let mut spec = json!({
        "statement": entry.sql,
        "properties": entry.properties,
        "stopped": p.stopped,
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
            "labels": p.labels,
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
    // Bytes first: no text is longer in characters than in bytes.
    if sql.len() > MAX_STATEMENT_LEN && sql.chars().count() > MAX_STATEMENT_LEN {
        return Err(ApiError::invalid(format!(
            "'spec.statement' is longer than {MAX_STATEMENT_LEN} characters"
        )));
    }
    let properties = properties(&body)?;
    let compute_pool = text_at(&body, &["spec", "compute_pool_id"])?.map(str::to_string);
    let labels = labels(body.get("metadata").and_then(|m| m.get("labels")))?;
    if body.get("spec").and_then(|s| s.get("stopped")) == Some(&Value::Bool(true)) {
        return Err(ApiError::invalid(
            "spec.stopped is true: a statement cannot be created stopped",
        ));
    }
    let dry_run = properties
        .get("sql.dry-run")
        .is_some_and(|v| v.eq_ignore_ascii_case("true"));
    let new = NewEntry {
        name: name.to_string(),
        organization: org.clone(),
        environment: env.clone(),
        sql: sql.to_string(),
        properties,
        compute_pool,
        labels,
    };
    let collection = collection_url(&paging::origin(&headers, app.bound), &org, &env);
    if dry_run {
        // Validated at once and never kept: the answer is final, and the name stays free.
        let entry = std::sync::Arc::new(new.into_entry(0));
        let state_dir = app.state_dir.clone();
        let checked = std::sync::Arc::clone(&entry);
        blocking(move || {
            store::dry_run(&checked, &state_dir);
            Ok(())
        })
        .await?;
        return Ok(Json(statement_json(&entry, &collection)).into_response());
    }
    let entry = app
        .statements
        .insert(new)
        .ok_or_else(|| {
            ApiError::conflict(format!(
                "statement \"{name}\" already exists in environment \"{env}\"; choose another name or delete it first"
            ))
        })?;
    let reply = statement_json(&entry, &collection);
    let location = format!("{collection}/{}", paging::segment(&entry.name));
    let state_dir = app.state_dir.clone();
    tokio::task::spawn_blocking(move || store::run(&entry, state_dir));
    let mut response = (StatusCode::CREATED, Json(reply)).into_response();
    if let Ok(value) = HeaderValue::from_str(&location) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    Ok(response)
}

/// `metadata.labels`: an object of strings.
fn labels(value: Option<&Value>) -> Result<BTreeMap<String, String>, ApiError> {
    string_map(value, "metadata.labels")
}

/// `spec.properties`: an object of strings.
fn properties(body: &serde_json::Map<String, Value>) -> Result<BTreeMap<String, String>, ApiError> {
    string_map(
        body.get("spec").and_then(|s| s.get("properties")),
        "spec.properties",
    )
}

/// The field `what` of a request, an object of strings (absent or null: empty).
fn string_map(value: Option<&Value>, what: &str) -> Result<BTreeMap<String, String>, ApiError> {
    let mut out = BTreeMap::new();
    match value {
        None | Some(Value::Null) => {}
        Some(Value::Object(map)) => {
            for (k, v) in map {
                let Value::String(v) = v else {
                    return Err(ApiError::invalid(format!(
                        "{what}: the value of '{k}' must be a string"
                    )));
                };
                out.insert(k.clone(), v.clone());
            }
        }
        Some(_) => {
            return Err(ApiError::invalid(format!(
                "{what} must be an object of strings"
            )));
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
    let filter = Filter::from_params(&params)?;
    let mut page = app
        .statements
        .list(&env, filter.by_time, after.as_deref(), size + 1, |e| {
            filter.keeps(e)
        });
    let more = page.len() > size;
    page.truncate(size);
    let collection = collection_url(&paging::origin(&headers, app.bound), &org, &env);
    let next = match page.last() {
        Some(last) if more => {
            let position = if filter.by_time {
                last.seq.to_string()
            } else {
                last.name.clone()
            };
            let mut query: Vec<(&str, String)> = filter.echo.clone();
            query.push(("page_size", size.to_string()));
            query.push(("page_token", paging::token(&position)));
            let pairs: Vec<(&str, &str)> = query.iter().map(|(k, v)| (*k, v.as_str())).collect();
            paging::with_query(&collection, &pairs)
        }
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

/// The list filters: `label_selector` (comma-separated `key=value`, `key!=value`,
/// `key`, `!key`), `spec.compute_pool_id` (exact), `statement_name_search_query`
/// (part of the name), and `time_ordered` (creation order instead of by name).
struct Filter {
    labels: Vec<LabelTerm>,
    compute_pool: Option<String>,
    name_contains: Option<String>,
    by_time: bool,
    /// The filter parameters as given, for the next page's link.
    echo: Vec<(&'static str, String)>,
}

enum LabelTerm {
    Equals(String, String),
    NotEquals(String, String),
    Exists(String),
    Absent(String),
}

impl Filter {
    fn from_params(params: &Params) -> Result<Filter, ApiError> {
        let mut filter = Filter {
            labels: Vec::new(),
            compute_pool: None,
            name_contains: None,
            by_time: false,
            echo: Vec::new(),
        };
        for (key, value) in params {
            match key.as_str() {
                "page_size" | "page_token" => {}
                "label_selector" => {
                    for term in value.split(',').map(str::trim).filter(|t| !t.is_empty()) {
                        filter.labels.push(label_term(term)?);
                    }
                    filter.echo.push(("label_selector", value.clone()));
                }
                "spec.compute_pool_id" => {
                    filter.compute_pool = Some(value.clone());
                    filter.echo.push(("spec.compute_pool_id", value.clone()));
                }
                "statement_name_search_query" => {
                    filter.name_contains = Some(value.clone());
                    filter
                        .echo
                        .push(("statement_name_search_query", value.clone()));
                }
                "time_ordered" => {
                    filter.by_time = match value.to_ascii_lowercase().as_str() {
                        "true" => true,
                        "false" => false,
                        _ => {
                            return Err(ApiError::bad_request(
                                "time_ordered must be true or false",
                            ));
                        }
                    };
                    filter.echo.push(("time_ordered", value.clone()));
                }
                other => {
                    return Err(ApiError::bad_request(format!(
                        "the query parameter '{}' is not supported; statements can be filtered by label_selector, spec.compute_pool_id and statement_name_search_query",
                        other.chars().take(100).collect::<String>()
                    )));
                }
            }
        }
        Ok(filter)
    }

    fn keeps(&self, entry: &Entry) -> bool {
        if self
            .compute_pool
            .as_ref()
            .is_some_and(|pool| entry.compute_pool.as_ref() != Some(pool))
        {
            return false;
        }
        if self
            .name_contains
            .as_ref()
            .is_some_and(|part| !entry.name.contains(part.as_str()))
        {
            return false;
        }
        if self.labels.is_empty() {
            return true;
        }
        let labels = entry.progress().labels.clone();
        self.labels.iter().all(|term| match term {
            LabelTerm::Equals(k, v) => labels.get(k) == Some(v),
            LabelTerm::NotEquals(k, v) => labels.get(k) != Some(v),
            LabelTerm::Exists(k) => labels.contains_key(k),
            LabelTerm::Absent(k) => !labels.contains_key(k),
        })
    }
}

fn label_term(term: &str) -> Result<LabelTerm, ApiError> {
    let word = |w: &str| {
        let w = w.trim();
        (!w.is_empty()
            && w.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '/')))
        .then(|| w.to_string())
    };
    let parsed = if let Some((k, v)) = term.split_once("!=") {
        word(k)
            .zip(word(v))
            .map(|(k, v)| LabelTerm::NotEquals(k, v))
    } else if let Some((k, v)) = term.split_once("==").or_else(|| term.split_once('=')) {
        word(k).zip(word(v)).map(|(k, v)| LabelTerm::Equals(k, v))
    } else if let Some(k) = term.strip_prefix('!') {
        word(k).map(LabelTerm::Absent)
    } else {
        word(term).map(LabelTerm::Exists)
    };
    parsed.ok_or_else(|| {
        ApiError::bad_request(format!(
            "label_selector: '{}' is not a selector flinksh serve supports; use key=value, key!=value, key or !key, separated by commas",
            term.chars().take(100).collect::<String>()
        ))
    })
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

/// A change a PATCH or PUT asks for.
#[derive(Default)]
struct Change {
    stopped: Option<bool>,
    labels: Option<BTreeMap<String, String>>,
}

/// `PATCH statements/{name}`: a JSON Patch (RFC 6902) of `/spec/stopped` (how
/// Confluent's clients stop a statement) and `/metadata/labels`.
pub async fn patch(
    State(app): State<App>,
    Path((org, env, name)): Path<(String, String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Reply {
    let ops = match serde_json::from_slice::<Value>(&body) {
        Ok(Value::Array(ops)) => ops,
        Ok(_) => {
            return Err(ApiError::bad_request(
                "the request body must be a JSON Patch: an array of operations",
            ));
        }
        Err(e) => {
            return Err(ApiError::bad_request(format!(
                "the request body is not valid JSON: {e}"
            )));
        }
    };
    let entry = app
        .statements
        .get(&env, &name)
        .ok_or_else(|| not_found(&name, &env))?;
    let mut change = Change::default();
    let mut labels = entry.progress().labels.clone();
    let mut labels_touched = false;
    for op in &ops {
        let kind = op.get("op").and_then(Value::as_str).unwrap_or("");
        let path = op.get("path").and_then(Value::as_str).unwrap_or("");
        let value = op.get("value");
        let label_key = path.strip_prefix("/metadata/labels/").map(|k| {
            // RFC 6901 escapes: `~1` is `/`, `~0` is `~`.
            k.replace("~1", "/").replace("~0", "~")
        });
        match (kind, path, label_key) {
            ("replace" | "add", "/spec/stopped", _) => match value {
                Some(Value::Bool(b)) => change.stopped = Some(*b),
                _ => {
                    return Err(ApiError::invalid(
                        "the value for /spec/stopped must be true or false",
                    ));
                }
            },
            ("replace" | "add", "/metadata/labels", _) => {
                labels = self::labels(value.filter(|v| !v.is_null()).or(Some(&json!({}))))?;
                labels_touched = true;
            }
            ("replace" | "add", _, Some(key)) => match value {
                Some(Value::String(v)) => {
                    labels.insert(key, v.clone());
                    labels_touched = true;
                }
                _ => {
                    return Err(ApiError::invalid(format!(
                        "the value for {path} must be a string"
                    )));
                }
            },
            ("remove", _, Some(key)) => {
                labels.remove(&key);
                labels_touched = true;
            }
            _ => {
                return Err(ApiError::invalid(format!(
                    "the JSON Patch operation '{} {}' is not supported; flinksh serve patches /spec/stopped and /metadata/labels",
                    kind.chars().take(20).collect::<String>(),
                    path.chars().take(100).collect::<String>()
                )));
            }
        }
    }
    if labels_touched {
        change.labels = Some(labels);
    }
    apply(&entry, change)?;
    let collection = collection_url(&paging::origin(&headers, app.bound), &org, &env);
    Ok(Json(statement_json(&entry, &collection)).into_response())
}

/// `PUT statements/{name}`: the statement as the client wants it; `spec.stopped` and
/// `metadata.labels` may change, the statement text may not.
pub async fn update(
    State(app): State<App>,
    Path((org, env, name)): Path<(String, String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Reply {
    let body = json_body(&body)?;
    let entry = app
        .statements
        .get(&env, &name)
        .ok_or_else(|| not_found(&name, &env))?;
    if let Some(given) = text_at(&body, &["name"])?
        && given != entry.name
    {
        return Err(ApiError::invalid(format!(
            "the body names statement \"{given}\", the path \"{name}\"; a statement cannot be renamed"
        )));
    }
    if let Some(sql) = text_at(&body, &["spec", "statement"])?
        && sql != entry.sql
    {
        return Err(ApiError::invalid(
            "spec.statement cannot change; create a new statement instead",
        ));
    }
    let stopped = match body.get("spec").and_then(|s| s.get("stopped")) {
        None | Some(Value::Null) => None,
        Some(Value::Bool(b)) => Some(*b),
        Some(_) => return Err(ApiError::invalid("spec.stopped must be true or false")),
    };
    let labels = match body.get("metadata").and_then(|m| m.get("labels")) {
        None => None,
        given => Some(labels(given)?),
    };
    apply(&entry, Change { stopped, labels })?;
    let collection = collection_url(&paging::origin(&headers, app.bound), &org, &env);
    Ok(Json(statement_json(&entry, &collection)).into_response())
}

fn apply(entry: &Entry, change: Change) -> Result<(), ApiError> {
    if change.stopped == Some(false) && entry.progress().stopped {
        return Err(ApiError::invalid(format!(
            "statement \"{}\" was stopped and cannot be resumed; create a new statement instead",
            entry.name
        )));
    }
    if let Some(labels) = change.labels {
        entry.progress().labels = labels;
    }
    if change.stopped == Some(true) {
        store::stop(entry);
    }
    Ok(())
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
