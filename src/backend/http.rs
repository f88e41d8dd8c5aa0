//! HTTP for the backends that speak it (Confluent Cloud, the SQL Gateway): the client,
//! the runtime that drives it, and one request–response exchange with its `--verbose`
//! lines. Each backend keeps its own rule for which failures may be sent again, since
//! only it knows what a repeated request would do.

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
