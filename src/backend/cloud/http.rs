//! Sends requests to the sql/v1 API: HTTP Basic auth, timeouts, bounded retries with
//! backoff and jitter, redacted `--verbose` logging, and one-line error messages.

use std::io::Write;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use reqwest::{Method, StatusCode, Url};
use serde::de::DeserializeOwned;

use crate::backend::http::{ClientOptions, Response, send_with_retries};
use crate::error::{Error, ErrorKind, Result, chain};

use super::credentials::{Credential, Purpose};
use super::types::Failure;
use crate::backend::LogSink;
use crate::util::random_u64;

/// How often and how long a request is retried after 429, 502/503/504 or a broken
/// connection.
#[derive(Debug, Clone)]
pub struct RetryPolicy {
    /// Attempts in total, the first included.
    pub max_attempts: u32,
    pub base_delay: Duration,
    pub max_delay: Duration,
    /// No retry starts later than this after the first attempt.
    pub budget: Duration,
    pub connect_timeout: Duration,
    pub request_timeout: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 5,
            base_delay: Duration::from_millis(250),
            max_delay: Duration::from_secs(8),
            budget: Duration::from_secs(60),
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
        }
    }
}

/// A response that was not retried away.
pub struct Reply {
    pub status: StatusCode,
    pub request_id: String,
    pub body: Vec<u8>,
    /// True when an earlier attempt of this request may have reached the server.
    pub retried: bool,
    /// True when an earlier attempt got no HTTP response at all (reset, timeout, …):
    /// only then may the server have acted on it without saying so.
    pub unanswered_before: bool,
}

/// Shorter secrets are not searched for in messages (see `Http::redact`).
const MIN_REDACTED_CHARS: usize = 4;

pub struct Http {
    rt: tokio::runtime::Runtime,
    client: reqwest::Client,
    base: Url,
    flink: Credential,
    cloud: Credential,
    log: Option<LogSink>,
    secrets: Mutex<Vec<String>>,
    retry: RetryPolicy,
}

impl Http {
    pub fn new(
        base: &str,
        flink: Credential,
        cloud: Credential,
        log: Option<LogSink>,
        retry: RetryPolicy,
    ) -> Result<Http> {
        let base = Url::parse(base).map_err(|e| {
            Error::config(format!(
                "invalid API address {base:?}: {e}; give a URL like https://flink.us-west-2.aws.confluent.cloud"
            ))
        })?;
        if !matches!(base.scheme(), "http" | "https") || base.cannot_be_a_base() {
            return Err(Error::config(format!(
                "invalid API address {base}: it must be an http:// or https:// URL"
            )));
        }
        let client = crate::backend::http::client(
            &base,
            &ClientOptions {
                connect_timeout: retry.connect_timeout,
                request_timeout: retry.request_timeout,
                https_redirect_refusal: Some(
                    "the http:// API address redirected to https://; give the https:// address with --url",
                ),
            },
        )?;
        let rt = crate::backend::http::runtime()?;
        let mut secrets = Vec::new();
        for c in [&flink, &cloud] {
            secrets.push(c.secret.clone());
            secrets.push(basic_value(c));
        }
        Ok(Http {
            rt,
            client,
            base,
            flink,
            cloud,
            log,
            secrets: Mutex::new(secrets),
            retry,
        })
    }

    pub fn block_on<F: Future>(&self, f: F) -> F::Output {
        self.rt.block_on(f)
    }

    pub fn credential(&self, purpose: Purpose) -> &Credential {
        match purpose {
            Purpose::Statements => &self.flink,
            Purpose::Connections => &self.cloud,
        }
    }

    /// The base URL with these path segments appended (each one percent-encoded).
    pub fn url(&self, segments: &[&str]) -> Url {
        let mut url = self.base.clone();
        if let Ok(mut path) = url.path_segments_mut() {
            path.pop_if_empty().extend(segments);
        }
        url
    }

    /// `…/sql/v1/organizations/{organization}/environments/{environment}/{tail…}`,
    /// every segment percent-encoded.
    pub fn environment_url(&self, organization: &str, environment: &str, tail: &[&str]) -> Url {
        let mut url = self.url(&[
            "sql",
            "v1",
            "organizations",
            organization,
            "environments",
            environment,
        ]);
        if let Ok(mut path) = url.path_segments_mut() {
            path.extend(tail);
        }
        url
    }

    /// Values that must never appear in a log line or an error message.
    pub fn add_secrets<'a>(&self, values: impl IntoIterator<Item = &'a String>) {
        if let Ok(mut secrets) = self.secrets.lock() {
            secrets.extend(values.into_iter().filter(|v| !v.is_empty()).cloned());
        }
    }

    pub fn redact(&self, text: &str) -> String {
        let mut out = text.to_string();
        if let Ok(secrets) = self.secrets.lock() {
            // Replacing a one- or two-letter "secret" everywhere would garble every
            // message ("doe<REDACTED> not exi<REDACTED>t") and hide nothing worth hiding.
            for s in secrets
                .iter()
                .filter(|s| s.chars().count() >= MIN_REDACTED_CHARS)
            {
                if out.contains(s.as_str()) {
                    out = out.replace(s.as_str(), crate::connections::model::REDACTED);
                }
            }
        }
        out
    }

    pub fn verbose(&self) -> bool {
        self.log.is_some()
    }

    /// Writes one `--verbose` line (redacted).
    pub fn log(&self, line: &str) {
        if let Some(log) = &self.log
            && let Ok(mut w) = log.lock()
        {
            let _ = writeln!(w, "flinksh: {}", self.redact(line));
            let _ = w.flush();
        }
    }

    /// Sends one request, retrying 429, 502/503/504 and broken connections within
    /// the policy. Any other response, success or not, is returned to the caller.
    pub async fn send(
        &self,
        method: Method,
        url: Url,
        purpose: Purpose,
        body: Option<&serde_json::Value>,
    ) -> Result<Reply> {
        self.send_with(method, url, purpose, body, self.retry.max_attempts)
            .await
    }

    /// `send` with at most `max_attempts` attempts (1: no retry), for clean-up calls
    /// that must not keep the user waiting.
    pub async fn send_with(
        &self,
        method: Method,
        url: Url,
        purpose: Purpose,
        body: Option<&serde_json::Value>,
        max_attempts: u32,
    ) -> Result<Reply> {
        let max_attempts = max_attempts.clamp(1, self.retry.max_attempts.max(1));
        let cred = self.credential(purpose);
        let started = Instant::now();
        let request = || {
            let req = self
                .client
                .request(method.clone(), url.clone())
                .basic_auth(&cred.key, Some(&cred.secret))
                .header(reqwest::header::ACCEPT, "application/json");
            match body {
                Some(b) => req.json(b),
                None => req,
            }
        };
        // 429 and a proxy's 502/503/504 say the request was not acted on; a broken
        // connection may have been, which `Reply::unanswered_before` reports.
        let retry_in = |attempt: u32, outcome: &std::result::Result<Response, reqwest::Error>| {
            let (retryable, delay) = match outcome {
                Ok(r) => (
                    matches!(r.status.as_u16(), 429 | 502 | 503 | 504),
                    match r.retry_after {
                        Some(d) if r.status == StatusCode::TOO_MANY_REQUESTS => d,
                        _ => self.backoff(attempt),
                    },
                ),
                Err(e) => (
                    e.is_connect()
                        || e.is_request()
                        || e.is_timeout()
                        || e.is_body()
                        || e.is_decode(),
                    self.backoff(attempt),
                ),
            };
            if !retryable || !self.may_retry(attempt, max_attempts, started, delay) {
                return None;
            }
            let status = match outcome {
                Ok(r) => format!("HTTP {} from {method} {url}: ", r.status.as_u16()),
                Err(_) => String::new(),
            };
            self.log(&format!(
                "{status}retrying in {} ms (attempt {} of {})",
                delay.as_millis(),
                attempt + 1,
                max_attempts
            ));
            Some(delay)
        };
        let log = |line: &str| self.log(line);
        let sent = send_with_retries(request, &method, &url, &log, retry_in).await;
        match sent.outcome {
            Ok(Response {
                status,
                request_id,
                body,
                ..
            }) => Ok(Reply {
                status,
                request_id,
                body,
                retried: sent.attempts > 1,
                unanswered_before: sent.unanswered_before,
            }),
            Err(e) => {
                let host = url.host_str().unwrap_or("the server");
                let tries = if sent.attempts > 1 {
                    format!(" after {} attempts", sent.attempts)
                } else {
                    String::new()
                };
                Err(Error::connection(self.redact(&format!(
                    "cannot reach {host}{tries}: {}; check the address (--url) and your network",
                    chain(&e)
                ))))
            }
        }
    }

    fn may_retry(&self, attempt: u32, max: u32, started: Instant, delay: Duration) -> bool {
        attempt < max && started.elapsed().saturating_add(delay) <= self.retry.budget
    }

    /// Exponential backoff with jitter: a random delay between half and all of
    /// `base * 2^(attempt-1)`, capped.
    fn backoff(&self, attempt: u32) -> Duration {
        let exp = self
            .retry
            .base_delay
            .saturating_mul(1u32 << (attempt.saturating_sub(1)).min(16));
        let cap = exp.min(self.retry.max_delay);
        let half = cap / 2;
        half + Duration::from_nanos(random_u64() % (half.as_nanos() as u64 + 1))
    }

    /// Parses a successful response body.
    pub fn parse<T: DeserializeOwned>(&self, reply: &Reply, context: &str) -> Result<T> {
        serde_json::from_slice(&reply.body).map_err(|e| {
            Error::connection(self.redact(&format!(
                "{context}: the server sent a malformed response ({e}) (HTTP {}{})",
                reply.status.as_u16(),
                request_id_suffix(&reply.request_id)
            )))
        })
    }

    /// The one-line error for a response that is not a success.
    pub fn failure(&self, reply: &Reply, context: &str, purpose: Purpose) -> Error {
        let status = reply.status.as_u16();
        let api = serde_json::from_slice::<Failure>(&reply.body)
            .ok()
            .and_then(|f| f.errors.into_iter().next())
            .map(|e| match (e.title.trim(), e.detail.trim()) {
                ("", "") => String::new(),
                (t, "") => t.to_string(),
                ("", d) => d.to_string(),
                (t, d) => format!("{t}: {d}"),
            })
            // Server text reaches the terminal: no escape sequences, one line.
            .map(|s| crate::util::one_line(&s))
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| {
                reply
                    .status
                    .canonical_reason()
                    .unwrap_or("unexpected response")
                    .to_string()
            });
        let tail = format!("(HTTP {status}{})", request_id_suffix(&reply.request_id));
        let cred = self.credential(purpose);
        let (kind, message) = match status {
            401 => {
                let (k, s) = purpose.vars();
                (
                    ErrorKind::Connection,
                    format!(
                        "{context}: the server refused the {} {} (from {}): {api}; check the key, or set {k} and {s} {tail}",
                        purpose.label(),
                        cred.key,
                        cred.source
                    ),
                )
            }
            403 => (
                ErrorKind::Connection,
                format!(
                    "{context}: the {} {} may not do this: {api} {tail}",
                    purpose.label(),
                    cred.key
                ),
            ),
            404 => (ErrorKind::NotFound, format!("{context}: {api} {tail}")),
            409 => (ErrorKind::AlreadyExists, format!("{context}: {api} {tail}")),
            429 => (
                ErrorKind::Connection,
                format!(
                    "{context}: the server is rate limiting requests: {api}; try again later {tail}"
                ),
            ),
            500..=599 => (
                ErrorKind::Connection,
                format!("{context}: server error: {api} {tail}"),
            ),
            _ => (ErrorKind::Statement, format!("{context}: {api} {tail}")),
        };
        Error::new(kind, self.redact(&message))
    }
}

fn request_id_suffix(id: &str) -> String {
    if id.is_empty() {
        String::new()
    } else {
        format!(", request id {}", crate::util::one_line(id))
    }
}

/// The value of the Authorization header for a credential, to keep it out of logs.
fn basic_value(c: &Credential) -> String {
    crate::util::base64(format!("{}:{}", c.key, c.secret).as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_value_is_base64_of_key_colon_secret() {
        let c = Credential {
            key: "Aladdin".into(),
            secret: "open sesame".into(),
            source: String::new(),
        };
        assert_eq!(basic_value(&c), "QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
    }
}
