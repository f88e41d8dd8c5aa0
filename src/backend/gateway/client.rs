//! Talks HTTP to a Flink SQL Gateway's REST endpoint: timeouts, a short retry for
//! requests that never reached the gateway, `--verbose` request lines, and the
//! gateway's Java stack traces turned into one readable line.

use std::time::Duration;

use reqwest::{Method, StatusCode, Url};
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::backend::http::{self, ClientOptions};
use crate::backend::{LogSink, log_line};
use crate::error::chain;
use crate::error::{Error, ErrorKind, Result};

const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);
/// Attempts in total for a request whose connection failed or that got 502/503/504.
const ATTEMPTS: u32 = 3;
const RETRY_DELAY: Duration = Duration::from_millis(300);

/// A response that was not retried away.
pub struct Reply {
    pub status: StatusCode,
    pub body: Vec<u8>,
}

fn http_client(base: &Url) -> Result<reqwest::Client> {
    http::client(
        base,
        &ClientOptions {
            connect_timeout: CONNECT_TIMEOUT,
            request_timeout: REQUEST_TIMEOUT,
            https_redirect_refusal: None,
        },
    )
}

/// `{"errors": ["...", "..."]}`, the body of every REST failure.
#[derive(Debug, Deserialize, Default)]
struct Failure {
    #[serde(default)]
    errors: Vec<String>,
}

pub struct Client {
    rt: tokio::runtime::Runtime,
    http: reqwest::Client,
    /// The gateway address with the API version as its last path segment.
    base: Url,
    /// Where notices go, and `--verbose` lines when `verbose`.
    stderr: LogSink,
    verbose: bool,
}

impl Client {
    pub fn new(address: &str, stderr: LogSink, verbose: bool) -> Result<Client> {
        let base = api_base(address)?;
        let http = http_client(&base)?;
        let rt = http::runtime()?;
        Ok(Client {
            rt,
            http,
            base,
            stderr,
            verbose,
        })
    }

    pub fn block_on<F: Future>(&self, f: F) -> F::Output {
        self.rt.block_on(f)
    }

    /// The gateway address as the user gave it, for messages.
    pub fn address(&self) -> &Url {
        &self.base
    }

    /// The API base with these path segments appended (each one percent-encoded).
    pub fn url(&self, segments: &[&str]) -> Url {
        let mut url = self.base.clone();
        if let Ok(mut path) = url.path_segments_mut() {
            path.pop_if_empty().extend(segments);
        }
        url
    }

    /// Sends `POST url` every `every` from a thread of its own until the returned
    /// sender is dropped; `url` says where (it may change, e.g. to a new session).
    /// Failures are ignored: the next statement finds out what is wrong.
    pub fn every(
        &self,
        every: Duration,
        url: std::sync::Arc<std::sync::Mutex<Option<Url>>>,
    ) -> std::sync::mpsc::Sender<()> {
        let (stop, stopped) = std::sync::mpsc::channel::<()>();
        let base = self.base.clone();
        let log = self.verbose.then(|| std::sync::Arc::clone(&self.stderr));
        let spawned = std::thread::Builder::new()
            .name("gateway-heartbeat".into())
            .spawn(move || {
                // A client and runtime of its own: the main client's pooled connections
                // are driven by the main runtime, which sleeps while the prompt waits.
                let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                else {
                    return;
                };
                let Ok(http) = http_client(&base) else {
                    return;
                };
                while let Err(std::sync::mpsc::RecvTimeoutError::Timeout) =
                    stopped.recv_timeout(every)
                {
                    let target = url.lock().ok().and_then(|u| u.clone());
                    let Some(target) = target else { continue };
                    // The request is built inside the runtime: its timeout needs one.
                    let sent = rt.block_on(async {
                        http.post(target.clone())
                            .timeout(CONNECT_TIMEOUT)
                            .send()
                            .await
                    });
                    if let Some(log) = &log {
                        let status =
                            sent.map_or_else(|e| e.to_string(), |r| r.status().to_string());
                        log_line(log, &format!("heartbeat {target}: {status}"));
                    }
                }
            });
        if spawned.is_err() {
            self.log("cannot start the session heartbeat");
        }
        stop
    }

    /// Writes one `--verbose` line.
    pub fn log(&self, line: &str) {
        if self.verbose {
            log_line(&self.stderr, line);
        }
    }

    /// Tells the user something they should know, `--verbose` or not.
    pub fn notice(&self, line: &str) {
        log_line(&self.stderr, line);
    }

    /// Sends one request. A request that never reached the gateway (connection
    /// refused), or a GET or DELETE that got 502/503/504 from a proxy, is tried again,
    /// at most `attempts` times in all; `timeout` caps each attempt.
    pub async fn send(
        &self,
        method: Method,
        url: Url,
        body: Option<&serde_json::Value>,
        attempts: u32,
        timeout: Option<Duration>,
    ) -> Result<Reply> {
        let attempts = attempts.clamp(1, ATTEMPTS);
        let request = || {
            let mut req = self
                .http
                .request(method.clone(), url.clone())
                .header(reqwest::header::ACCEPT, "application/json");
            if let Some(b) = body {
                req = req.json(b);
            }
            if let Some(t) = timeout {
                req = req.timeout(t);
            }
            req
        };
        let retry_in =
            |attempt: u32, outcome: &std::result::Result<http::Response, reqwest::Error>| {
                let retryable = match outcome {
                    // A proxy's 504 may come after the gateway ran the request: only
                    // requests that change nothing are sent again.
                    Ok(r) => matches!(r.status.as_u16(), 502..=504) && method != Method::POST,
                    // Only a failed connect is certain not to have reached the gateway;
                    // anything else may have run the request already.
                    Err(e) => e.is_connect(),
                };
                (retryable && attempt < attempts).then(|| RETRY_DELAY * attempt)
            };
        let log = |line: &str| self.log(line);
        match http::send_with_retries(request, &method, &url, &log, retry_in)
            .await
            .outcome
        {
            Ok(http::Response { status, body, .. }) => Ok(Reply { status, body }),
            Err(e) => Err(Error::connection(format!(
                "cannot reach the SQL Gateway at {}: {}; check --gateway (FLINKSH_GATEWAY) and that the gateway is running",
                self.base,
                chain(&e)
            ))),
        }
    }

    pub fn parse<T: DeserializeOwned>(&self, reply: &Reply, context: &str) -> Result<T> {
        serde_json::from_slice(&reply.body).map_err(|e| {
            Error::connection(format!(
                "{context}: the SQL Gateway sent a malformed response ({e}) (HTTP {}); is {} a Flink SQL Gateway?",
                reply.status.as_u16(),
                self.base
            ))
        })
    }

    /// The one-line error for a response that is not a success, of `kind` unless the
    /// status says the gateway itself is the problem.
    pub fn failure(&self, reply: &Reply, context: &str, kind: ErrorKind) -> Error {
        let status = reply.status.as_u16();
        let errors = serde_json::from_slice::<Failure>(&reply.body)
            .map(|f| f.errors)
            .unwrap_or_default();
        // Exception text from the server is printed: keep its control characters off
        // the terminal.
        let reason = root_cause(&errors).map_or_else(
            || {
                reply
                    .status
                    .canonical_reason()
                    .unwrap_or("unexpected response")
                    .to_string()
            },
            |r| crate::util::one_line(&r),
        );
        // Statement errors come without a context: the session names the statement.
        let at = |text: String| {
            if context.is_empty() {
                text
            } else {
                format!("{context}: {text}")
            }
        };
        let (kind, message) = match status {
            404 if errors.is_empty() => (
                ErrorKind::Connection,
                at(format!(
                    "{} has no SQL Gateway REST API v2 here (HTTP 404); give the gateway's address, e.g. http://localhost:8083",
                    self.base
                )),
            ),
            502..=504 => (
                ErrorKind::Connection,
                at(format!(
                    "the SQL Gateway is unavailable: {reason} (HTTP {status})"
                )),
            ),
            _ => (kind, at(reason)),
        };
        let mut err = Error::new(kind, message);
        let trail = causes(&errors);
        if trail.len() > 1 {
            err = err.with_detail(crate::util::one_line(&trail.join(" <- ")));
        }
        err
    }
}

/// The API base: the address as given when it already names a version (`…/v3`),
/// otherwise the address with `/v2` appended.
fn api_base(address: &str) -> Result<Url> {
    let bad = |why: String| {
        Error::config(format!(
            "invalid SQL Gateway address {address:?}: {why}; give a URL like http://localhost:8083"
        ))
    };
    let mut url = Url::parse(address.trim()).map_err(|e| bad(e.to_string()))?;
    if !matches!(url.scheme(), "http" | "https") || url.cannot_be_a_base() {
        return Err(bad("it must be an http:// or https:// URL".into()));
    }
    url.set_query(None);
    url.set_fragment(None);
    let last = url
        .path_segments()
        .and_then(|mut s| s.rfind(|p| !p.is_empty()).map(str::to_string))
        .unwrap_or_default();
    let version = last.strip_prefix('v').and_then(|n| n.parse::<u32>().ok());
    match version {
        Some(1) => Err(bad(
            "flinksh needs the REST API v2 or later (Flink 1.17+); drop the /v1".into(),
        )),
        Some(_) => Ok(url),
        None => {
            if let Ok(mut path) = url.path_segments_mut() {
                path.pop_if_empty().push("v2");
            }
            Ok(url)
        }
    }
}

/// The messages of the exceptions in the gateway's stack traces, outermost first:
/// every `Caused by:` line, with the Java class name taken off.
fn causes(errors: &[String]) -> Vec<String> {
    errors
        .iter()
        .flat_map(|e| e.lines())
        .filter_map(|l| l.trim().strip_prefix("Caused by:"))
        .map(|l| strip_class(l.trim()).to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

/// The readable reason in a gateway failure. The innermost `Caused by:` is the
/// root cause; when the exception wrapping it says the same with more context
/// (Flink's `SQL validation failed. From line 1, column 15 …: Object 'x' not
/// found` around Calcite's `Object 'x' not found`) the wrapper is taken instead.
/// Without a `Caused by:` it is the first exception's message, or the first line
/// of the first error that is not Flink's generic "Internal server error.".
pub fn root_cause(errors: &[String]) -> Option<String> {
    let chain = causes(errors);
    if let Some(mut best) = chain.last().cloned() {
        for outer in chain.iter().rev().skip(1) {
            if outer.len() > best.len() && outer.ends_with(best.as_str()) {
                best.clone_from(outer);
            } else {
                break;
            }
        }
        return Some(best);
    }
    let lines = errors
        .iter()
        .flat_map(|e| e.lines())
        .map(str::trim)
        .filter(|l| {
            !l.is_empty()
                && !l.starts_with("at ")
                && !l.starts_with("...")
                && !l.starts_with("<Exception on server side")
                && !l.starts_with("End of exception on server side")
        });
    let mut first = None;
    for line in lines {
        if line.eq_ignore_ascii_case("Internal server error.") {
            first.get_or_insert(line);
            continue;
        }
        return Some(strip_class(line).to_string());
    }
    first.map(str::to_string)
}

/// `org.apache.flink.table.api.ValidationException: msg` → `msg`; a line without a
/// message after the class stays as it is.
fn strip_class(line: &str) -> &str {
    if let Some((class, rest)) = line.split_once(": ") {
        let looks_like_class = !class.contains(' ')
            && class.contains('.')
            && class
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '.' | '$' | '_'));
        if looks_like_class && !rest.trim().is_empty() {
            return rest.trim();
        }
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &[&str]) -> Vec<String> {
        s.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn root_cause_prefers_the_wrapper_that_says_more() {
        let trace = "<Exception on server side:\norg.apache.flink.runtime.rest.handler.RestHandlerException: Failed to fetchResults.\n\tat org.apache.flink.table.gateway.rest.handler.statement.FetchResultsHandler.handleRequest(FetchResultsHandler.java:91)\nCaused by: org.apache.flink.table.gateway.service.utils.SqlExecutionException: Failed to execute the operation 1b4e.\n\tat x.y(Z.java:1)\nCaused by: org.apache.flink.table.api.ValidationException: SQL validation failed. From line 1, column 15 to line 1, column 17: Object 'foo' not found\n\t... 12 more\nCaused by: org.apache.calcite.runtime.CalciteContextException: From line 1, column 15 to line 1, column 17: Object 'foo' not found\nCaused by: org.apache.calcite.sql.validate.SqlValidatorException: Object 'foo' not found\n\t... 30 more\n\nEnd of exception on server side>";
        assert_eq!(
            root_cause(&v(&["Internal server error.", trace])).as_deref(),
            Some(
                "SQL validation failed. From line 1, column 15 to line 1, column 17: Object 'foo' not found"
            )
        );
    }

    #[test]
    fn root_cause_is_the_innermost_cause_when_wrappers_differ() {
        let trace = "org.apache.flink.table.gateway.api.utils.SqlGatewayException: Failed to fetchResults.\nCaused by: org.apache.flink.table.api.TableException: Failed to execute sql\nCaused by: java.net.ConnectException: Connection refused: localhost/127.0.0.1:6123\n";
        assert_eq!(
            root_cause(&v(&[trace])).as_deref(),
            Some("Connection refused: localhost/127.0.0.1:6123")
        );
    }

    #[test]
    fn root_cause_without_causes_is_the_first_message() {
        assert_eq!(
            root_cause(&v(&[
                "Internal server error.",
                "<Exception on server side:\norg.apache.flink.table.gateway.api.utils.SqlGatewayException: Session 'abc' does not exist.\n\tat a.b(C.java:1)\n\nEnd of exception on server side>"
            ]))
            .as_deref(),
            Some("Session 'abc' does not exist.")
        );
        assert_eq!(
            root_cause(&v(&["Internal server error."])).as_deref(),
            Some("Internal server error.")
        );
        assert_eq!(
            root_cause(&v(&["Caused by: java.lang.NullPointerException"])).as_deref(),
            Some("java.lang.NullPointerException")
        );
        assert_eq!(root_cause(&[]), None);
    }

    #[test]
    fn the_api_version_is_appended_unless_given() {
        assert_eq!(
            api_base("http://localhost:8083").unwrap().as_str(),
            "http://localhost:8083/v2"
        );
        assert_eq!(
            api_base("http://gw:8083/flink/").unwrap().as_str(),
            "http://gw:8083/flink/v2"
        );
        assert_eq!(api_base("https://gw/v3").unwrap().as_str(), "https://gw/v3");
        assert!(api_base("http://gw/v1").is_err());
        assert!(api_base("gw:8083").is_err());
    }
}
