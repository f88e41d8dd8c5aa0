//! `flinksh serve`: starts an HTTP server on loopback that answers Confluent's sql/v1
//! API (connections, statements, results) from the local backend.

mod connections;
mod failure;
mod guard;
mod listen;
mod paging;
mod statements;
mod store;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::cli::ServeArgs;
use crate::error::{Error, Result};

pub use failure::ApiError;

const DEFAULT_LISTEN: &str = "127.0.0.1:8080";
const API_KEY_VAR: &str = "FLINKSH_SERVE_API_KEY";
const API_SECRET_VAR: &str = "FLINKSH_SERVE_API_SECRET";

/// What every handler shares.
pub(crate) struct Shared {
    pub state_dir: PathBuf,
    pub bound: SocketAddr,
    pub statements: store::Statements,
    /// The token part of the one accepted `Authorization: Basic …` value; `None`
    /// accepts anything.
    basic_token: Option<String>,
    /// Any `Host` is served (`--allow-remote`); otherwise only this machine's names.
    any_host: bool,
    verbose: bool,
}

pub(crate) type App = Arc<Shared>;

/// Runs the server until Ctrl-C (or SIGTERM); returns the process exit code.
pub fn run(args: &ServeArgs, state_dir: &Path) -> u8 {
    match run_inner(args, state_dir) {
        Ok(()) => 0,
        Err(e) => {
            crate::session::report(&e);
            e.exit_code()
        }
    }
}

fn run_inner(args: &ServeArgs, state_dir: &Path) -> Result<()> {
    let basic_token = credentials(args.allow_remote)?;
    // Opening once up front turns an unusable state directory into a clear error
    // before anything listens.
    crate::backend::local::open(state_dir, "default", Arc::new(AtomicBool::new(false)))?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::config(format!("cannot start the server runtime: {e}")))?;
    let result = rt.block_on(serve(args, state_dir, basic_token));
    // Statements still running on blocking threads were told to stop; do not wait
    // long for them.
    rt.shutdown_timeout(Duration::from_secs(2));
    result
}

/// The accepted credentials from the environment, as the Basic token they make.
/// Serving beyond this machine without them would let anyone on the network in.
fn credentials(allow_remote: bool) -> Result<Option<String>> {
    let get = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    match (get(API_KEY_VAR), get(API_SECRET_VAR)) {
        (Some(key), Some(secret)) => Ok(Some(crate::util::base64(
            format!("{key}:{secret}").as_bytes(),
        ))),
        (None, None) if allow_remote => Err(Error::config(format!(
            "--allow-remote needs credentials: set {API_KEY_VAR} and {API_SECRET_VAR} so only their holders are served"
        ))),
        (None, None) => {
            crate::status!(
                "flinksh: warning: {API_KEY_VAR} and {API_SECRET_VAR} are not set, so any credentials are accepted"
            );
            Ok(None)
        }
        _ => Err(Error::config(format!(
            "set both {API_KEY_VAR} and {API_SECRET_VAR} (or neither, to accept any credentials)"
        ))),
    }
}

async fn serve(args: &ServeArgs, state_dir: &Path, basic_token: Option<String>) -> Result<()> {
    let listen = args.listen.as_deref().unwrap_or(DEFAULT_LISTEN);
    let addrs: Vec<SocketAddr> = tokio::net::lookup_host(listen)
        .await
        .map_err(|e| {
            Error::usage(format!(
                "invalid --listen address '{listen}': {e}; give HOST:PORT, e.g. {DEFAULT_LISTEN}"
            ))
        })?
        .collect();
    if addrs.is_empty() {
        return Err(Error::usage(format!(
            "--listen '{listen}' names no address; give HOST:PORT, e.g. {DEFAULT_LISTEN}"
        )));
    }
    let remote = addrs.iter().any(|a| !a.ip().is_loopback());
    if remote && !(args.allow_remote && args.listen.is_some()) {
        return Err(Error::usage(format!(
            "--listen '{listen}' is not a loopback address; the API has no TLS, so serve listens on loopback only unless you add --allow-remote"
        )));
    }
    let listener = tokio::net::TcpListener::bind(&addrs[..])
        .await
        .map_err(|e| Error::config(format!("cannot listen on {listen}: {e}")))?;
    let bound = listener
        .local_addr()
        .map_err(|e| Error::config(format!("cannot listen on {listen}: {e}")))?;
    if remote {
        crate::status!(
            "flinksh: warning: listening on {bound} beyond this machine; the API has no TLS, so credentials, secrets and data cross the network in clear text"
        );
    }
    let shared = Arc::new(Shared {
        state_dir: state_dir.to_path_buf(),
        bound,
        statements: store::Statements::default(),
        basic_token,
        any_host: args.allow_remote,
        verbose: args.verbose,
    });
    let app = router(Arc::clone(&shared));
    crate::status!(
        "Serving the local backend as sql/v1 at http://{bound} (organization any, environment = state's environments); Ctrl-C stops."
    );
    listen::serve(listener, app, shutdown_signal()).await;
    shared.statements.stop_all();
    Ok(())
}

async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

fn router(shared: App) -> Router {
    const ENV: &str = "/sql/v1/organizations/{org}/environments/{env}";
    Router::new()
        .route(
            &format!("{ENV}/connections"),
            get(connections::list).post(connections::create),
        )
        .route(
            &format!("{ENV}/connections/{{name}}"),
            get(connections::get)
                .put(connections::update)
                .delete(connections::delete),
        )
        .route(
            &format!("{ENV}/statements"),
            get(statements::list).post(statements::create),
        )
        .route(
            &format!("{ENV}/statements/{{name}}"),
            get(statements::get)
                .patch(statements::patch)
                .put(statements::update)
                .delete(statements::delete),
        )
        .route(
            &format!("{ENV}/statements/{{name}}/results"),
            get(statements::results),
        )
        .fallback(failure::no_route)
        .method_not_allowed_fallback(failure::no_method)
        // The last layer added runs first: the request id, then the head checks, the
        // credentials, and only then is a body read.
        .layer(middleware::from_fn(guard::body))
        .layer(middleware::from_fn_with_state(
            Arc::clone(&shared),
            authenticate,
        ))
        .layer(middleware::from_fn_with_state(
            Arc::clone(&shared),
            guard::head,
        ))
        .layer(middleware::from_fn(guard::failure_bodies))
        .layer(middleware::from_fn_with_state(
            Arc::clone(&shared),
            request_id,
        ))
        .with_state(shared)
}

tokio::task_local! {
    /// The id of the request being answered, so a `Failure` body repeats it.
    pub(crate) static REQUEST_ID: String;
}

/// Gives every response an `X-Request-Id`; with `--verbose`, logs one line per request
/// (method, path, status, time: never headers, query strings or bodies).
async fn request_id(State(app): State<App>, request: Request, next: Next) -> Response {
    let id = crate::util::new_id();
    let started = Instant::now();
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    let mut response = REQUEST_ID.scope(id.clone(), next.run(request)).await;
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert("x-request-id", value);
    }
    if app.verbose {
        crate::status!(
            "flinksh: {} {method} {path} ({} ms, request id {id})",
            response.status().as_u16(),
            started.elapsed().as_millis()
        );
    }
    response
}

/// HTTP Basic against the configured credentials, when there are any.
async fn authenticate(State(app): State<App>, request: Request, next: Next) -> Response {
    if let Some(expected) = &app.basic_token {
        let given = request
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split_once(' '))
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("basic"))
            .map(|(_, token)| token.trim());
        if !given.is_some_and(|g| same(g.as_bytes(), expected.as_bytes())) {
            return ApiError::unauthenticated().into_response();
        }
    }
    next.run(request).await
}

/// Compares without stopping at the first difference, so timing does not tell how
/// much of a guessed secret was right.
fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Runs `f` on a blocking thread (SQLite connections are not `Sync`).
pub(crate) async fn blocking<T, F>(f: F) -> std::result::Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce() -> std::result::Result<T, ApiError> + Send + 'static,
{
    tokio::task::spawn_blocking(f)
        .await
        .unwrap_or_else(|e| Err(ApiError::internal(format!("the request failed: {e}"))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comparison_needs_every_byte() {
        assert!(same(b"abc", b"abc"));
        assert!(!same(b"abc", b"abd"));
        assert!(!same(b"abc", b"ab"));
    }
}
