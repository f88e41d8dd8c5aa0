//! HTTP for the backends that speak it (Confluent Cloud, the SQL Gateway): the client,
//! the runtime that drives it, one request–response exchange with its `--verbose`
//! lines, and the retry loop around it. Each backend passes its own rule for which
//! outcomes may be sent again and when, since only it knows what a repeated request
//! would do.

use std::time::{Duration, Instant};

use reqwest::{Method, RequestBuilder, StatusCode, Url};

use crate::error::{Error, Result, chain};

pub struct ClientOptions {
    pub connect_timeout: Duration,
    pub request_timeout: Duration,
    /// For an `http://` address: refuse a redirect to `https://` with this message
    /// (the platform's root certificates are not loaded to verify it).
    pub https_redirect_refusal: Option<&'static str>,
}

/// The HTTP client for requests to `base`.
pub fn client(base: &Url, options: &ClientOptions) -> Result<reqwest::Client> {
    // reqwest is built without a default crypto provider; an error here only means
    // one was installed already.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let mut builder = reqwest::Client::builder()
        .connect_timeout(options.connect_timeout)
        .timeout(options.request_timeout)
        .user_agent(concat!("flinksh/", env!("CARGO_PKG_VERSION")));
    if base.scheme() == "http" {
        // A plain-HTTP address (a local or test server) needs no TLS: loading the
        // platform's root certificates costs milliseconds at every start.
        builder = builder.tls_certs_only(Vec::new());
        if let Some(refusal) = options.https_redirect_refusal {
            builder = builder.redirect(reqwest::redirect::Policy::custom(move |attempt| {
                if attempt.url().scheme() != "http" {
                    attempt.error(refusal)
                } else if attempt.previous().len() >= 10 {
                    attempt.error("too many redirects")
                } else {
                    attempt.follow()
                }
            }));
        }
    }
    builder
        .build()
        .map_err(|e| Error::config(format!("cannot build the HTTP client: {}", chain(&e))))
}

/// A runtime on the calling thread, to drive the client's requests.
pub fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::config(format!("cannot start the I/O runtime: {e}")))
}

/// A response, read whole.
pub struct Response {
    pub status: StatusCode,
    /// `X-Request-Id`, or empty.
    pub request_id: String,
    /// `Retry-After`, when the server sent one it can read.
    pub retry_after: Option<Duration>,
    pub body: Vec<u8>,
}

/// Sends `request` (a `method` to `url`) once and reads the response whole, writing
/// the `--verbose` lines (`> …`, then `< …` or `! …`) through `log`.
pub async fn exchange(
    request: RequestBuilder,
    method: &Method,
    url: &Url,
    log: &dyn Fn(&str),
) -> std::result::Result<Response, reqwest::Error> {
    log(&format!("> {method} {url}"));
    let started = Instant::now();
    let outcome = match request.send().await {
        Ok(resp) => {
            let status = resp.status();
            let header = |name| {
                resp.headers()
                    .get(name)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_string)
            };
            let request_id = header("x-request-id").unwrap_or_default();
            let retry_after = header(reqwest::header::RETRY_AFTER.as_str())
                .as_deref()
                .and_then(parse_retry_after);
            // Takes over the buffer when it is not shared, instead of copying it.
            resp.bytes().await.map(|bytes| Response {
                status,
                request_id,
                retry_after,
                body: Vec::from(bytes),
            })
        }
        Err(e) => Err(e),
    };
    let ms = started.elapsed().as_millis();
    match &outcome {
        Ok(r) => log(&format!(
            "< {} {method} {url} ({ms} ms{})",
            r.status.as_u16(),
            if r.request_id.is_empty() {
                String::new()
            } else {
                format!(", request id {}", r.request_id)
            }
        )),
        Err(e) => log(&format!("! {method} {url}: {} ({ms} ms)", chain(e))),
    }
    outcome
}

/// What came of one request after its retries.
pub struct Sent {
    /// The last attempt's outcome.
    pub outcome: std::result::Result<Response, reqwest::Error>,
    /// Attempts made, the last included.
    pub attempts: u32,
    /// Whether an earlier attempt got no HTTP response at all (reset, timeout, …) and
    /// was sent again: only then may the server have acted on it without saying so.
    pub unanswered_before: bool,
}

/// Sends the request `request` builds (a `method` to `url`) and sends it again for as
/// long as `retry_in` — the backend's rule, given the attempt number (from 1) and its
/// outcome — answers with a delay to wait first.
pub async fn send_with_retries(
    request: impl Fn() -> RequestBuilder,
    method: &Method,
    url: &Url,
    log: &dyn Fn(&str),
    mut retry_in: impl FnMut(u32, &std::result::Result<Response, reqwest::Error>) -> Option<Duration>,
) -> Sent {
    let mut attempt = 1u32;
    let mut unanswered_before = false;
    loop {
        let outcome = exchange(request(), method, url, log).await;
        let Some(delay) = retry_in(attempt, &outcome) else {
            return Sent {
                outcome,
                attempts: attempt,
                unanswered_before,
            };
        };
        unanswered_before |= outcome.is_err();
        tokio::time::sleep(delay).await;
        attempt += 1;
    }
}

/// `Retry-After`: delay-seconds or an HTTP date.
fn parse_retry_after(v: &str) -> Option<Duration> {
    let v = v.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = chrono::DateTime::parse_from_rfc2822(v).ok()?;
    let delta = when.with_timezone(&chrono::Utc) - chrono::Utc::now();
    Some(delta.to_std().unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_reads_seconds() {
        assert_eq!(parse_retry_after("2"), Some(Duration::from_secs(2)));
        assert_eq!(parse_retry_after("soon"), None);
    }
}
