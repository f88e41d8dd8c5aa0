//! A fake of Apache Flink's SQL Gateway REST API v2 on 127.0.0.1: sessions,
//! statements answered from scripted result pages (tokens and `nextResultUri` as
//! the gateway sets them), failures with Java stack traces, cancel and close.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use tokio::net::TcpListener;

/// How the gateway answers a statement.
#[derive(Clone, Debug)]
pub enum Script {
    /// These result pages in order (`resultType` NOT_READY, PAYLOAD or EOS; the fake
    /// adds `nextResultUri`). After the last page it serves the last one again.
    Pages(Vec<Value>),
    /// The operation fails: its status is ERROR and fetching results answers 500
    /// with these `errors`.
    Fail(Vec<String>),
    /// The statement succeeds ("OK"), and then the gateway forgets the session, as it
    /// does when a session expires.
    ForgetSession,
}

/// One request as the fake received it.
#[derive(Clone, Debug)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    pub body: Value,
}

#[derive(Default)]
struct Inner {
    runtime_mode: Option<String>,
    /// More properties `GET /v2/sessions/{s}` reports.
    session_properties: BTreeMap<String, String>,
    scripts: Vec<(String, Script)>,
    sessions_opened: Vec<String>,
    sessions_closed: Vec<String>,
    /// operation handle → (statement, page cursor, status)
    operations: BTreeMap<String, (String, usize, String)>,
    cancelled: Vec<String>,
    closed_ops: Vec<String>,
    requests: Vec<Recorded>,
    counter: usize,
    /// (method, path fragment, how many more): answered 503 as a proxy would.
    unavailable: Vec<(String, String, usize)>,
}

#[derive(Clone)]
pub struct Gateway {
    pub addr: SocketAddr,
    inner: Arc<Mutex<Inner>>,
}

impl Gateway {
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
    /// Statements containing `needle` get `script`; others succeed with "OK".
    pub fn script(&self, needle: &str, script: Script) {
        self.inner
            .lock()
            .unwrap()
            .scripts
            .push((needle.to_string(), script));
    }
    /// What `GET /v2/sessions/{s}` reports as `execution.runtime-mode`.
    pub fn set_session_property(&self, key: &str, value: &str) {
        self.inner
            .lock()
            .unwrap()
            .session_properties
            .insert(key.to_string(), value.to_string());
    }
    /// The next `times` `method` requests whose path contains `fragment` get 503
    /// Service Unavailable, as from a proxy in front of the gateway.
    pub fn unavailable(&self, method: &str, fragment: &str, times: usize) {
        self.inner.lock().unwrap().unavailable.push((
            method.to_string(),
            fragment.to_string(),
            times,
        ));
    }
    pub fn set_runtime_mode(&self, mode: &str) {
        self.inner.lock().unwrap().runtime_mode = Some(mode.to_string());
    }
    pub fn sessions_opened(&self) -> Vec<String> {
        self.inner.lock().unwrap().sessions_opened.clone()
    }
    pub fn sessions_closed(&self) -> Vec<String> {
        self.inner.lock().unwrap().sessions_closed.clone()
    }
    pub fn cancelled(&self) -> Vec<String> {
        self.inner.lock().unwrap().cancelled.clone()
    }
    pub fn closed_operations(&self) -> Vec<String> {
        self.inner.lock().unwrap().closed_ops.clone()
    }
    pub fn requests(&self) -> Vec<Recorded> {
        self.inner.lock().unwrap().requests.clone()
    }
    /// The bodies of `POST …/statements`, in order.
    pub fn statements(&self) -> Vec<Value> {
        self.requests()
            .into_iter()
            .filter(|r| r.method == "POST" && r.path.ends_with("/statements"))
            .map(|r| r.body)
            .collect()
    }
}

pub fn start() -> Gateway {
    let inner = Arc::new(Mutex::new(Inner::default()));
    let state = Arc::clone(&inner);
    let (addr_tx, addr_rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async move {
            let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
            addr_tx.send(listener.local_addr().unwrap()).unwrap();
            let app = Router::new().fallback(handle).with_state(state);
            let _ = axum::serve(listener, app).await;
        });
    });
    Gateway {
        addr: addr_rx.recv().unwrap(),
        inner,
    }
}

fn ok(body: Value) -> Response {
    (StatusCode::OK, axum::Json(body)).into_response()
}

fn error(status: StatusCode, errors: Vec<String>) -> Response {
    (status, axum::Json(json!({ "errors": errors }))).into_response()
}

fn not_found() -> Response {
    error(StatusCode::NOT_FOUND, vec!["Not found: /unknown".into()])
}

async fn handle(
    State(inner): State<Arc<Mutex<Inner>>>,
    method: Method,
    uri: Uri,
    body: Bytes,
) -> Response {
    let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let path = uri.path().to_string();
    let mut g = inner.lock().unwrap();
    g.requests.push(Recorded {
        method: method.to_string(),
        path: path.clone(),
        body: body.clone(),
    });
    if let Some(left) = g
        .unavailable
        .iter_mut()
        .find(|(m, fragment, left)| {
            *m == method.as_str() && path.contains(fragment.as_str()) && *left > 0
        })
        .map(|(.., left)| left)
    {
        *left -= 1;
        return (StatusCode::SERVICE_UNAVAILABLE, "upstream unavailable").into_response();
    }
    let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
    let known = |g: &Inner, s: &str| {
        g.sessions_opened.iter().any(|x| x == s) && !g.sessions_closed.iter().any(|x| x == s)
    };
    match (method.as_str(), parts.as_slice()) {
        ("POST", ["v2", "sessions"]) => {
            g.counter += 1;
            let handle = format!("session-{}", g.counter);
            g.sessions_opened.push(handle.clone());
            ok(json!({ "sessionHandle": handle }))
        }
        ("GET", ["v2", "sessions", s]) if known(&g, s) => {
            let mut props = json!({"rest.port": "8083"});
            if let Some(m) = &g.runtime_mode {
                props["execution.runtime-mode"] = json!(m);
            }
            for (k, v) in &g.session_properties {
                props[k] = json!(v);
            }
            ok(json!({ "properties": props }))
        }
        ("DELETE", ["v2", "sessions", s]) if known(&g, s) => {
            g.sessions_closed.push(s.to_string());
            ok(json!({"status": "CLOSED"}))
        }
        ("POST", ["v2", "sessions", s, "heartbeat"]) if known(&g, s) => ok(json!({})),
        // As the real gateway answers a statement for a session it does not have.
        ("POST", ["v2", "sessions", s, "statements"]) if !known(&g, s) => error(
            StatusCode::INTERNAL_SERVER_ERROR,
            vec![
                "Internal server error.".into(),
                format!(
                    "<Exception on server side:\norg.apache.flink.table.gateway.api.utils.SqlGatewayException: Failed to execute statement.\n\tat a.b(C.java:1)\nCaused by: org.apache.flink.table.gateway.api.utils.SqlGatewayException: Session '{s}' does not exist.\n\tat a.b(C.java:2)\n\nEnd of exception on server side>"
                ),
            ],
        ),
        ("POST", ["v2", "sessions", s, "statements"]) if known(&g, s) => {
            let statement = body["statement"].as_str().unwrap_or("").to_string();
            g.counter += 1;
            let op = format!("op-{}", g.counter);
            g.operations
                .insert(op.clone(), (statement, 0, "RUNNING".into()));
            ok(json!({ "operationHandle": op }))
        }
        ("GET", ["v2", "sessions", s, "operations", op, "status"]) if known(&g, s) => {
            match g.operations.get(*op) {
                Some((_, _, status)) => ok(json!({ "status": status })),
                None => not_found(),
            }
        }
        ("POST", ["v2", "sessions", s, "operations", op, "cancel"]) if known(&g, s) => {
            g.cancelled.push(op.to_string());
            // As the real gateway: a FINISHED operation (a query once its job is
            // submitted) cannot be cancelled, only closed.
            match g.operations.get_mut(*op) {
                Some(o) if o.2 == "FINISHED" => error(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    vec![format!(
                        "Failed to convert the Operation Status from FINISHED to CANCELED for {op}."
                    )],
                ),
                Some(o) => {
                    o.2 = "CANCELED".into();
                    ok(json!({"status": "CANCELED"}))
                }
                None => not_found(),
            }
        }
        ("DELETE", ["v2", "sessions", s, "operations", op, "close"]) if known(&g, s) => {
            g.closed_ops.push(op.to_string());
            ok(json!({"status": "CLOSED"}))
        }
        ("GET", ["v2", "sessions", s, "operations", op, "result", token]) if known(&g, s) => {
            assert_eq!(
                uri.query(),
                Some("rowFormat=JSON"),
                "results are fetched as JSON"
            );
            let token: usize = token.parse().unwrap();
            let Some((statement, cursor, _)) = g.operations.get(*op).cloned() else {
                return not_found();
            };
            let script = g
                .scripts
                .iter()
                .find(|(needle, _)| statement.contains(needle.as_str()))
                .map(|(_, s)| s.clone())
                .unwrap_or_else(|| Script::Pages(ok_pages()));
            match script {
                Script::ForgetSession => {
                    g.sessions_closed.push(s.to_string());
                    let mut page = ok_pages()[0].clone();
                    page["nextResultUri"] = Value::Null;
                    ok(page)
                }
                Script::Fail(errors) => {
                    g.operations.get_mut(*op).unwrap().2 = "ERROR".into();
                    error(StatusCode::INTERNAL_SERVER_ERROR, errors)
                }
                Script::Pages(pages) => {
                    let mut page = pages[cursor.min(pages.len() - 1)].clone();
                    g.operations.get_mut(*op).unwrap().1 = cursor + 1;
                    let next = match page["resultType"].as_str() {
                        Some("NOT_READY") => Some(token),
                        Some("EOS") => None,
                        _ => Some(token + 1),
                    };
                    // The real gateway's operation is FINISHED once it has results
                    // (for a query: once its job is submitted), not when they end.
                    if page["resultType"] != "NOT_READY" {
                        g.operations.get_mut(*op).unwrap().2 = "FINISHED".into();
                    }
                    if let Some(n) = next {
                        page["nextResultUri"] = json!(format!(
                            "/v2/sessions/{s}/operations/{op}/result/{n}?rowFormat=JSON"
                        ));
                    }
                    ok(page)
                }
            }
        }
        _ => error(
            StatusCode::NOT_FOUND,
            vec![format!("Session or path not found: {method} {path}")],
        ),
    }
}

/// What DDL, SET and USE answer: one "OK" row, then the end.
pub fn ok_pages() -> Vec<Value> {
    vec![
        json!({
            "resultType": "PAYLOAD", "isQueryResult": false, "resultKind": "SUCCESS",
            "results": {"columns": [{"name": "result", "logicalType": {"type": "VARCHAR", "nullable": true, "length": 2}, "comment": null}],
                        "rowFormat": "JSON", "data": [{"kind": "INSERT", "fields": ["OK"]}]}
        }),
        eos(),
    ]
}

pub fn not_ready() -> Value {
    json!({"resultType": "NOT_READY"})
}

pub fn eos() -> Value {
    json!({"resultType": "EOS", "isQueryResult": true, "resultKind": "SUCCESS_WITH_CONTENT",
           "results": {"columns": [], "rowFormat": "JSON", "data": []}})
}

/// A query result page with these columns (`[name, logicalType]`) and rows
/// (`[kind, fields]`).
pub fn payload(columns: &[(&str, Value)], rows: &[(&str, Value)]) -> Value {
    json!({
        "resultType": "PAYLOAD", "isQueryResult": true, "jobID": "fd53b7d1ba5b7a1ec21e4d5b5a3d62e4",
        "resultKind": "SUCCESS_WITH_CONTENT",
        "results": {
            "columns": columns.iter().map(|(n, t)| json!({"name": n, "logicalType": t, "comment": null})).collect::<Vec<_>>(),
            "rowFormat": "JSON",
            "data": rows.iter().map(|(k, f)| json!({"kind": k, "fields": f})).collect::<Vec<_>>(),
        }
    })
}
