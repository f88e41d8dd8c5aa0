//! A fake of Confluent's sql/v1 API on 127.0.0.1 for tests and benchmarks: in-memory
//! connections and statements, configurable list paging, scripted statement phases
//! and results, and injected failures (429 with Retry-After, any status, a socket
//! closed before or after the request was handled, malformed JSON).
//!
//! ```ignore
//! let (addr, fake) = support::start(support::FakeConfig::default());
//! fake.seed_connections(items);
//! fake.inject("GET", "/connections", support::Fault::Status(503));
//! ```
#![allow(dead_code)]

use std::collections::{BTreeMap, VecDeque};
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use axum::Router;
use axum::body::Bytes;
use axum::extract::connect_info::Connected;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::serve::{IncomingStream, Listener};
use serde_json::{Value, json};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};

/// How the fake starts.
#[derive(Clone, Debug, Default)]
pub struct FakeConfig {
    /// Accepted `(key, secret)` pairs; empty accepts any credentials.
    pub accept: Vec<(String, String)>,
    /// Sizes of successive connection-list pages, cycled (each capped by the
    /// request's `page_size`); empty serves `page_size` items per page.
    pub page_sizes: Vec<usize>,
}

/// A failure served instead of (or after) the normal answer of one request.
#[derive(Clone, Debug)]
pub enum Fault {
    /// 429 with `Retry-After: secs`.
    TooManyRequests { retry_after_secs: u64 },
    /// This status with a `Failure` body.
    Status(u16),
    /// Close the socket without handling the request.
    Reset,
    /// Handle the request (e.g. create the statement), then close the socket instead
    /// of answering.
    ResetAfterHandling,
    /// 200 with a body that is not JSON.
    MalformedJson,
    /// Someone else updates the connection the request names just before the request
    /// is handled (its `resource_version` moves on).
    ChangedMeanwhile,
}

/// One request as the fake received it.
#[derive(Clone, Debug)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    pub query: String,
    pub body: String,
    pub authorization: String,
}

/// How a statement whose text contains a key behaves.
#[derive(Clone, Debug)]
pub struct StatementScript {
    /// Phases reported by the creation response and each later GET; the last repeats.
    pub phases: Vec<String>,
    pub detail: String,
    /// `sql.v1.ResultSchema.columns`; empty means no result set.
    pub columns: Vec<Value>,
    pub is_bounded: bool,
    /// `{"op": N, "row": [...]}` items.
    pub rows: Vec<Value>,
    /// Rows per result page.
    pub page_size: usize,
}

impl StatementScript {
    pub fn phases(phases: &[&str]) -> Self {
        StatementScript {
            phases: phases.iter().map(|s| s.to_string()).collect(),
            detail: String::new(),
            columns: Vec::new(),
            is_bounded: true,
            rows: Vec::new(),
            page_size: 2,
        }
    }
}

impl Default for StatementScript {
    fn default() -> Self {
        StatementScript::phases(&["PENDING", "COMPLETED"])
    }
}

#[derive(Clone, Debug)]
pub struct FakeStatement {
    pub name: String,
    pub body: Value,
    pub script: StatementScript,
    pub step: usize,
    pub deleted: bool,
}

#[derive(Default)]
struct Inner {
    config: FakeConfig,
    connections: Vec<Value>,
    statements: BTreeMap<String, FakeStatement>,
    scripts: Vec<(String, StatementScript)>,
    faults: VecDeque<(String, String, Fault)>,
    requests: Vec<Recorded>,
    repeat_token: bool,
    list_pages_served: usize,
}

/// Controls a running fake. Dropping it stops the server.
pub struct FakeHandle {
    pub addr: SocketAddr,
    state: Arc<Mutex<Inner>>,
    creations: Arc<AtomicUsize>,
    request_ids: Arc<AtomicUsize>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Drop for FakeHandle {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

impl FakeHandle {
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
    /// Replaces the stored connections (items as the list endpoint returns them).
    pub fn seed_connections(&self, items: Vec<Value>) {
        self.state.lock().unwrap().connections = items;
    }
    pub fn connections(&self) -> Vec<Value> {
        self.state.lock().unwrap().connections.clone()
    }
    pub fn set_page_sizes(&self, sizes: Vec<usize>) {
        self.state.lock().unwrap().config.page_sizes = sizes;
    }
    /// Every list page links to the same page token.
    pub fn repeat_page_token(&self, on: bool) {
        self.state.lock().unwrap().repeat_token = on;
    }
    /// The next request whose method is `method` and whose path ends with
    /// `path_suffix` gets `fault`. Faults queue up in order.
    pub fn inject(&self, method: &str, path_suffix: &str, fault: Fault) {
        self.state.lock().unwrap().faults.push_back((
            method.to_string(),
            path_suffix.to_string(),
            fault,
        ));
    }
    /// Statements whose text contains `key` follow `script`.
    pub fn script(&self, key: &str, script: StatementScript) {
        self.state
            .lock()
            .unwrap()
            .scripts
            .push((key.to_string(), script));
    }
    /// How many statements the fake created (a POST whose name was taken does not count).
    pub fn statement_creations(&self) -> usize {
        self.creations.load(Ordering::SeqCst)
    }
    pub fn statements(&self) -> Vec<FakeStatement> {
        self.state
            .lock()
            .unwrap()
            .statements
            .values()
            .cloned()
            .collect()
    }
    pub fn requests(&self) -> Vec<Recorded> {
        self.state.lock().unwrap().requests.clone()
    }
    pub fn clear_requests(&self) {
        self.state.lock().unwrap().requests.clear();
    }
    pub fn list_pages_served(&self) -> usize {
        self.state.lock().unwrap().list_pages_served
    }
}

/// Starts the fake on 127.0.0.1 on a free port, on its own thread.
pub fn start(config: FakeConfig) -> (SocketAddr, FakeHandle) {
    let state = Arc::new(Mutex::new(Inner {
        config,
        ..Inner::default()
    }));
    let creations = Arc::new(AtomicUsize::new(0));
    let request_ids = Arc::new(AtomicUsize::new(0));
    let app_state = AppState {
        inner: Arc::clone(&state),
        creations: Arc::clone(&creations),
        request_ids: Arc::clone(&request_ids),
    };
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let (addr_tx, addr_rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async move {
            let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
            addr_tx.send(listener.local_addr().unwrap()).unwrap();
            let app = Router::new().fallback(handle).with_state(app_state);
            let server = axum::serve(
                Killable(listener),
                app.into_make_service_with_connect_info::<Kill>(),
            );
            tokio::select! {
                _ = server => {}
                _ = rx => {}
            }
        });
        rt.shutdown_background();
    });
    let addr = addr_rx.recv().unwrap();
    let handle = FakeHandle {
        addr,
        state,
        creations,
        request_ids,
        shutdown: Some(tx),
    };
    (addr, handle)
}

#[derive(Clone)]
struct AppState {
    inner: Arc<Mutex<Inner>>,
    creations: Arc<AtomicUsize>,
    request_ids: Arc<AtomicUsize>,
}

/// A TCP listener whose connections a handler can break: once the connection's kill
/// switch is set, writing fails, so the client never gets the response.
struct Killable(TcpListener);

struct KillableIo {
    inner: TcpStream,
    kill: Arc<AtomicBool>,
}

#[derive(Clone)]
struct Kill(Arc<AtomicBool>);

impl Listener for Killable {
    type Io = KillableIo;
    type Addr = SocketAddr;
    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        loop {
            if let Ok((s, a)) = self.0.accept().await {
                let _ = s.set_nodelay(true);
                return (
                    KillableIo {
                        inner: s,
                        kill: Arc::new(AtomicBool::new(false)),
                    },
                    a,
                );
            }
        }
    }
    fn local_addr(&self) -> io::Result<Self::Addr> {
        self.0.local_addr()
    }
}

impl Connected<IncomingStream<'_, Killable>> for Kill {
    fn connect_info(stream: IncomingStream<'_, Killable>) -> Self {
        Kill(Arc::clone(&stream.io().kill))
    }
}

fn reset() -> io::Error {
    io::Error::new(io::ErrorKind::ConnectionReset, "fake reset")
}

impl AsyncRead for KillableIo {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl AsyncWrite for KillableIo {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        if self.kill.load(Ordering::SeqCst) {
            return Poll::Ready(Err(reset()));
        }
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }
    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if self.kill.load(Ordering::SeqCst) {
            return Poll::Ready(Err(reset()));
        }
        Pin::new(&mut self.inner).poll_flush(cx)
    }
    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

fn failure(status: u16, title: &str, detail: &str) -> (StatusCode, Value) {
    (
        StatusCode::from_u16(status).unwrap(),
        json!({"errors": [{"status": status.to_string(), "title": title, "detail": detail}]}),
    )
}

async fn handle(
    State(app): State<AppState>,
    ConnectInfo(kill): ConnectInfo<Kill>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let request_id = format!("req-{}", app.request_ids.fetch_add(1, Ordering::SeqCst) + 1);
    let path = uri.path().to_string();
    let query = uri.query().unwrap_or("").to_string();
    let authorization = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let body_text = String::from_utf8_lossy(&body).into_owned();
    let fault = {
        let mut inner = app.inner.lock().unwrap();
        inner.requests.push(Recorded {
            method: method.to_string(),
            path: path.clone(),
            query: query.clone(),
            body: body_text.clone(),
            authorization: authorization.clone(),
        });
        let pos = inner
            .faults
            .iter()
            .position(|(m, p, _)| m.eq_ignore_ascii_case(method.as_str()) && path.ends_with(p));
        pos.and_then(|i| inner.faults.remove(i)).map(|(_, _, f)| f)
    };
    let mut kill_after = false;
    match fault {
        Some(Fault::TooManyRequests { retry_after_secs }) => {
            let mut r = (StatusCode::TOO_MANY_REQUESTS, "").into_response();
            r.headers_mut().insert(
                "retry-after",
                HeaderValue::from_str(&retry_after_secs.to_string()).unwrap(),
            );
            return with_id(r, &request_id);
        }
        Some(Fault::Status(s)) => {
            let (code, body) = failure(s, "Injected Failure", "the fake was told to fail");
            return with_id((code, axum::Json(body)).into_response(), &request_id);
        }
        Some(Fault::Reset) => {
            kill.0.store(true, Ordering::SeqCst);
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
        Some(Fault::MalformedJson) => {
            let r = (
                StatusCode::OK,
                [("content-type", "application/json")],
                "{\"data\": [oops",
            )
                .into_response();
            return with_id(r, &request_id);
        }
        Some(Fault::ResetAfterHandling) => kill_after = true,
        Some(Fault::ChangedMeanwhile) => {
            let name = path.rsplit('/').next().unwrap_or("");
            let mut inner = app.inner.lock().unwrap();
            if let Some(i) = find(&inner.connections, name) {
                let meta = &mut inner.connections[i]["metadata"];
                let version: u64 = meta["resource_version"]
                    .as_str()
                    .and_then(|s| s.parse().ok())
                    .unwrap_or(0);
                meta["resource_version"] = json!((version + 1).to_string());
            }
        }
        None => {}
    }

    let accept = app.inner.lock().unwrap().config.accept.clone();
    if !accept.is_empty() && !accept.iter().any(|(k, s)| basic(k, s) == authorization) {
        let (code, body) = failure(
            401,
            "Authentication Required",
            "Valid authentication credentials must be provided",
        );
        return with_id((code, axum::Json(body)).into_response(), &request_id);
    }

    let host = headers
        .get("host")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let (status, body) = route(&app, &method, &path, &query, &host, &body);
    if kill_after {
        kill.0.store(true, Ordering::SeqCst);
    }
    let r = match body {
        Some(b) => (status, axum::Json(b)).into_response(),
        None => status.into_response(),
    };
    with_id(r, &request_id)
}

fn with_id(mut r: Response, id: &str) -> Response {
    r.headers_mut()
        .insert("x-request-id", HeaderValue::from_str(id).unwrap());
    r
}

/// `Basic base64(key:secret)`, as a client sends it.
pub fn basic(key: &str, secret: &str) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let raw = format!("{key}:{secret}");
    let mut out = String::from("Basic ");
    for chunk in raw.as_bytes().chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(T[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn query_param(query: &str, key: &str) -> Option<String> {
    query.split('&').find_map(|kv| {
        let (k, v) = kv.split_once('=')?;
        (k == key).then(|| v.to_string())
    })
}

type Answer = (StatusCode, Option<Value>);

fn route(
    app: &AppState,
    method: &Method,
    path: &str,
    query: &str,
    host: &str,
    body: &[u8],
) -> Answer {
    let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
    // sql/v1/organizations/{org}/environments/{env}/{collection}[/{name}[/results]]
    if parts.len() < 7
        || parts[0] != "sql"
        || parts[1] != "v1"
        || parts[2] != "organizations"
        || parts[4] != "environments"
    {
        let (s, b) = failure(404, "Not Found", "no such endpoint");
        return (s, Some(b));
    }
    let base = format!("http://{host}/{}", parts[..7].join("/"));
    let mut inner = app.inner.lock().unwrap();
    match (parts[6], &parts[7..], method.as_str()) {
        ("connections", [], "GET") => list_connections(&mut inner, query, &base),
        ("connections", [], "POST") => create_connection(&mut inner, body, &base),
        ("connections", [name], "GET") => match find(&inner.connections, name) {
            Some(i) => (StatusCode::OK, Some(inner.connections[i].clone())),
            None => not_found("connection", name),
        },
        ("connections", [name], "PUT") => update_connection(&mut inner, name, body),
        ("connections", [name], "DELETE") => match find(&inner.connections, name) {
            Some(i) => {
                inner.connections.remove(i);
                (StatusCode::OK, None)
            }
            None => not_found("connection", name),
        },
        ("statements", [], "POST") => {
            let answer = create_statement(&mut inner, body);
            if answer.0 == StatusCode::CREATED {
                app.creations.fetch_add(1, Ordering::SeqCst);
            }
            answer
        }
        ("statements", [name], "GET") => match inner.statements.get_mut(*name) {
            Some(s) if !s.deleted => {
                s.step = (s.step + 1).min(s.script.phases.len().saturating_sub(1));
                (StatusCode::OK, Some(statement_json(s)))
            }
            _ => not_found("statement", name),
        },
        ("statements", [name], "DELETE") => match inner.statements.get_mut(*name) {
            Some(s) if !s.deleted => {
                s.deleted = true;
                (StatusCode::ACCEPTED, None)
            }
            _ => not_found("statement", name),
        },
        ("statements", [name, "results"], "GET") => match inner.statements.get(*name) {
            Some(s) if !s.deleted => results_page(s, query, &format!("{base}/{name}/results")),
            _ => not_found("statement", name),
        },
        _ => {
            let (s, b) = failure(405, "Method Not Allowed", "the fake does not serve this");
            (s, Some(b))
        }
    }
}

fn not_found(what: &str, name: &str) -> Answer {
    let (s, b) = failure(404, "Not Found", &format!("{what} '{name}' was not found"));
    (s, Some(b))
}

fn find(items: &[Value], name: &str) -> Option<usize> {
    items.iter().position(|c| c["name"] == name)
}

fn list_connections(inner: &mut Inner, query: &str, base: &str) -> Answer {
    let asked: usize = query_param(query, "page_size")
        .and_then(|v| v.parse().ok())
        .unwrap_or(10)
        .clamp(1, 100);
    let offset: usize = match query_param(query, "page_token") {
        None => 0,
        Some(t) => match t.strip_prefix("off").and_then(|n| n.parse().ok()) {
            Some(n) => n,
            None if t == "loop" => 0,
            None => {
                let (s, b) = failure(400, "Bad Request", "invalid page_token");
                return (s, Some(b));
            }
        },
    };
    let page_index = inner.list_pages_served;
    inner.list_pages_served += 1;
    let size = if inner.config.page_sizes.is_empty() {
        asked
    } else {
        inner.config.page_sizes[page_index % inner.config.page_sizes.len()].min(asked)
    };
    let total = inner.connections.len();
    let start = offset.min(total);
    let end = (start + size).min(total);
    let next = if inner.repeat_token {
        format!("{base}?page_size={asked}&page_token=loop")
    } else if end < total {
        format!("{base}?page_size={asked}&page_token=off{end}")
    } else {
        String::new()
    };
    (
        StatusCode::OK,
        Some(json!({
            "api_version": "sql/v1",
            "kind": "ConnectionList",
            "metadata": {"self": base, "next": next},
            "data": inner.connections[start..end],
        })),
    )
}

fn create_connection(inner: &mut Inner, body: &[u8], base: &str) -> Answer {
    let Ok(v) = serde_json::from_slice::<Value>(body) else {
        let (s, b) = failure(400, "Bad Request", "body is not JSON");
        return (s, Some(b));
    };
    let name = v["name"].as_str().unwrap_or("").to_string();
    let spec = &v["spec"];
    if name.is_empty()
        || !spec["connection_type"].is_string()
        || !spec["endpoint"].is_string()
        || spec["auth_data"]["kind"] != "PlaintextProvider"
        || !spec["auth_data"]["data"].is_string()
    {
        let (s, b) = failure(
            400,
            "Bad Request",
            "name and spec with connection_type, endpoint and auth_data are required",
        );
        return (s, Some(b));
    }
    if find(&inner.connections, &name).is_some() {
        let (s, b) = failure(
            409,
            "Conflict",
            &format!("connection '{name}' already exists"),
        );
        return (s, Some(b));
    }
    let stored = json!({
        "api_version": "sql/v1",
        "kind": "Connection",
        "metadata": {
            "self": format!("{base}/{name}"),
            "created_at": "2026-01-02T03:04:05Z",
            "resource_version": "1",
            "uid": format!("uid-{name}"),
        },
        "name": name,
        "spec": {
            "connection_type": spec["connection_type"],
            "endpoint": spec["endpoint"],
            "auth_data": {"kind": "PlaintextProvider", "data": "<REDACTED>"},
        },
        "status": {"phase": "READY"},
    });
    inner.connections.push(stored.clone());
    (StatusCode::CREATED, Some(stored))
}

fn update_connection(inner: &mut Inner, name: &str, body: &[u8]) -> Answer {
    let Some(i) = find(&inner.connections, name) else {
        return not_found("connection", name);
    };
    let Ok(v) = serde_json::from_slice::<Value>(body) else {
        let (s, b) = failure(400, "Bad Request", "body is not JSON");
        return (s, Some(b));
    };
    let current = &mut inner.connections[i];
    // The contract's PUT body requires metadata.resource_version; a stale one means
    // someone else changed the connection since it was read.
    if !v["metadata"]["resource_version"].is_string() || !v["name"].is_string() {
        let (s, b) = failure(
            400,
            "Bad Request",
            "name and metadata.resource_version are required",
        );
        return (s, Some(b));
    }
    if v["metadata"]["resource_version"] != current["metadata"]["resource_version"] {
        let (s, b) = failure(409, "Conflict", "resource_version does not match");
        return (s, Some(b));
    }
    if v["spec"]["auth_data"]["kind"] != "PlaintextProvider" {
        let (s, b) = failure(400, "Bad Request", "auth_data is required");
        return (s, Some(b));
    }
    let version: u64 = current["metadata"]["resource_version"]
        .as_str()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    current["metadata"]["resource_version"] = json!((version + 1).to_string());
    current["metadata"]["updated_at"] = json!("2026-01-03T00:00:00Z");
    (StatusCode::OK, None)
}

fn create_statement(inner: &mut Inner, body: &[u8]) -> Answer {
    let Ok(v) = serde_json::from_slice::<Value>(body) else {
        let (s, b) = failure(400, "Bad Request", "body is not JSON");
        return (s, Some(b));
    };
    let name = v["name"].as_str().unwrap_or("").to_string();
    let sql = v["spec"]["statement"].as_str().unwrap_or("").to_string();
    if name.is_empty() || sql.is_empty() {
        let (s, b) = failure(400, "Bad Request", "name and spec.statement are required");
        return (s, Some(b));
    }
    if let Some(problem) = statement_schema_problem(&v) {
        let (s, b) = failure(400, "Bad Request", &problem);
        return (s, Some(b));
    }
    if inner.statements.contains_key(&name) {
        let (s, b) = failure(
            409,
            "Conflict",
            &format!("statement '{name}' already exists"),
        );
        return (s, Some(b));
    }
    let script = inner
        .scripts
        .iter()
        .find(|(k, _)| sql.contains(k.as_str()))
        .map(|(_, s)| s.clone())
        .unwrap_or_default();
    let stmt = FakeStatement {
        name: name.clone(),
        body: v,
        script,
        step: 0,
        deleted: false,
    };
    let answer = statement_json(&stmt);
    inner.statements.insert(name, stmt);
    (StatusCode::CREATED, Some(answer))
}

/// What the contract's `sql.v1.Statement` request schema forbids in a POST body:
/// the name's pattern and length, an optional `compute_pool_id` that, when sent, is a
/// pool id (not null, not empty), string-valued properties, read-only fields.
fn statement_schema_problem(v: &Value) -> Option<String> {
    let name = v["name"].as_str().unwrap_or("");
    let label = |l: &str| {
        let b = l.as_bytes();
        !b.is_empty()
            && b.iter()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
            && b[0] != b'-'
            && b[b.len() - 1] != b'-'
    };
    if name.len() > 100 || !name.split('.').all(label) {
        return Some(format!(
            "name '{name}' does not match the statement name pattern"
        ));
    }
    let spec = &v["spec"];
    if spec["statement"].as_str().unwrap_or("").chars().count() > 131_072 {
        return Some("spec.statement is longer than 131072 characters".to_string());
    }
    if let Some(pool) = spec.get("compute_pool_id") {
        match pool.as_str() {
            Some(p) if !p.is_empty() && p.len() <= 255 => {}
            _ => {
                return Some(format!(
                    "spec.compute_pool_id {pool} is not a compute pool id"
                ));
            }
        }
    }
    if let Some(props) = spec.get("properties")
        && !props
            .as_object()
            .is_some_and(|m| m.values().all(Value::is_string))
    {
        return Some("spec.properties must map strings to strings".to_string());
    }
    for read_only in ["status", "result", "api_version", "kind"] {
        if v.get(read_only).is_some() {
            return Some(format!("{read_only} is read-only"));
        }
    }
    if spec.get("execution_mode").is_some() {
        return Some("spec.execution_mode is read-only".to_string());
    }
    None
}

fn statement_json(s: &FakeStatement) -> Value {
    let phase = s.script.phases.get(s.step).cloned().unwrap_or_default();
    let mut traits = json!({"sql_kind": "SELECT", "is_bounded": s.script.is_bounded});
    if !s.script.columns.is_empty() {
        traits["schema"] = json!({"columns": s.script.columns});
    }
    json!({
        "api_version": "sql/v1",
        "kind": "Statement",
        "name": s.name,
        "organization_id": s.body["organization_id"],
        "environment_id": s.body["environment_id"],
        "metadata": {"self": "", "created_at": "2026-01-02T03:04:05Z"},
        "spec": s.body["spec"],
        "status": {"phase": phase, "detail": s.script.detail, "traits": traits},
    })
}

fn results_page(s: &FakeStatement, query: &str, base: &str) -> Answer {
    let offset: usize = query_param(query, "page_token")
        .and_then(|t| t.parse().ok())
        .unwrap_or(0);
    let rows = &s.script.rows;
    let start = offset.min(rows.len());
    let end = (start + s.script.page_size.max(1)).min(rows.len());
    let next = if end < rows.len() || !s.script.is_bounded {
        format!("{base}?page_token={end}")
    } else {
        String::new()
    };
    (
        StatusCode::OK,
        Some(json!({
            "api_version": "sql/v1",
            "kind": "StatementResult",
            "metadata": {"self": base, "next": next},
            "results": {"data": rows[start..end]},
        })),
    )
}
pub mod client;
