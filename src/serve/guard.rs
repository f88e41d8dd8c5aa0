//! What a request must be before the API looks at it: addressed to this server by a
//! name a web page cannot borrow (DNS rebinding), carrying a body only of a type a
//! browser will not send cross-site without a CORS preflight, and arriving whole, in
//! time and within size.

use std::time::Duration;

use axum::body::{Body, Bytes, HttpBody};
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::App;
use super::failure::ApiError;

/// The largest request body read; the contract's largest, a statement of 128 KiB, fits
/// several times over even with every character escaped.
pub const MAX_BODY: usize = 1 << 20;
/// The longest request target (path and query) served.
pub const MAX_URI: usize = 8 * 1024;
/// How long a client may take to send a request body once its headers arrived.
pub const BODY_READ_TIMEOUT: Duration = Duration::from_secs(10);

/// What can be checked from the request line and headers alone: the target's length
/// and, on loopback, the `Host`. Runs before credentials are checked.
pub async fn head(State(app): State<App>, request: Request, next: Next) -> Response {
    match check_head(&app, &request) {
        Ok(()) => next.run(request).await,
        Err(e) => e.into_response(),
    }
}

/// The body's type, size and arrival in time. Runs after credentials are checked, so a
/// client without them cannot make the server read (and wait for) a body.
pub async fn body(request: Request, next: Next) -> Response {
    match check_body(request).await {
        Ok(request) => next.run(request).await,
        Err(e) => e.into_response(),
    }
}

fn check_head(app: &App, request: &Request) -> Result<(), ApiError> {
    if request.uri().to_string().len() > MAX_URI {
        return Err(ApiError::new(
            StatusCode::URI_TOO_LONG,
            "uri_too_long",
            "URI Too Long",
            format!(
                "the request target is longer than {MAX_URI} bytes; use shorter names and fewer query parameters"
            ),
        ));
    }
    if !app.any_host {
        check_host(app, request)?;
    }
    Ok(())
}

async fn check_body(request: Request) -> Result<Request, ApiError> {
    let media = request
        .headers()
        .get(header::CONTENT_TYPE)
        .map(|v| media_type(v.to_str().unwrap_or("?")));
    let takes_body = matches!(
        *request.method(),
        Method::POST | Method::PUT | Method::PATCH
    );
    if let Some(media) = &media
        && (takes_body || announces_body(&request))
    {
        check_media(request.method(), media)?;
    }
    let (parts, body) = request.into_parts();
    let bytes = read_body(body).await?;
    if media.is_none() && !bytes.is_empty() {
        return Err(unsupported(&parts.method, "no Content-Type"));
    }
    Ok(Request::from_parts(parts, Body::from(bytes)))
}

/// Turns any error answered without a `Failure` body (an extractor's plain-text
/// rejection, say) into one with the same status, so every error a client sees has the
/// contract's shape.
pub async fn failure_bodies(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| media_type(v) == "application/json");
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return response;
    }
    let text = match axum::body::to_bytes(response.into_body(), 64 * 1024).await {
        Ok(bytes) => String::from_utf8_lossy(&bytes).trim().to_string(),
        Err(_) => String::new(),
    };
    let detail = if text.is_empty() {
        status
            .canonical_reason()
            .unwrap_or("the request failed")
            .to_string()
    } else {
        text
    };
    let code = if status.is_server_error() {
        "internal_error"
    } else {
        "invalid_request"
    };
    let title = status.canonical_reason().unwrap_or("Request Failed");
    ApiError::new(status, code, title, detail).into_response()
}

/// While serve listens on loopback only, a request must name this machine: a page on
/// `evil.example` that re-points its name at 127.0.0.1 still sends `Host: evil.example`.
fn check_host(app: &App, request: &Request) -> Result<(), ApiError> {
    let refuse = |what: &str| {
        Err(ApiError::bad_request(format!(
            "{what}; flinksh serve on loopback answers only requests addressed to localhost or {} (start it with --allow-remote and credentials to serve other names)",
            app.bound.ip()
        )))
    };
    let Some(value) = request.headers().get(header::HOST) else {
        return refuse("the request has no Host header");
    };
    let Ok(host) = value.to_str() else {
        return refuse("the Host header is not text");
    };
    let name = host_name(host).to_ascii_lowercase();
    let name = name.strip_suffix('.').unwrap_or(&name);
    let bound = app.bound.ip().to_string();
    let known = name == "localhost"
        || name == bound
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    if known {
        Ok(())
    } else {
        refuse(&format!(
            "the Host header names '{}', not this machine",
            host.chars().take(100).collect::<String>()
        ))
    }
}

/// The name part of a `Host` value: `[::1]:8080` → `::1`, `localhost:8080` → `localhost`.
fn host_name(host: &str) -> &str {
    let host = host.trim();
    if let Some(rest) = host.strip_prefix('[') {
        return rest.split(']').next().unwrap_or("");
    }
    match host.rsplit_once(':') {
        Some((name, port)) if port.chars().all(|c| c.is_ascii_digit()) => name,
        _ => host,
    }
}

/// `application/json; charset=utf-8` → `application/json`.
fn media_type(value: &str) -> String {
    value
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

fn announces_body(request: &Request) -> bool {
    let headers = request.headers();
    headers.contains_key(header::TRANSFER_ENCODING)
        || headers
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.trim() != "0")
}

fn check_media(method: &Method, media: &str) -> Result<(), ApiError> {
    let ok = media == "application/json"
        || (*method == Method::PATCH && media == "application/json-patch+json");
    if ok {
        Ok(())
    } else {
        Err(unsupported(method, &format!("Content-Type '{media}'")))
    }
}

fn unsupported(method: &Method, what: &str) -> ApiError {
    let wanted = if *method == Method::PATCH {
        "application/json-patch+json (or application/json)"
    } else {
        "application/json"
    };
    ApiError::new(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
        "Unsupported Media Type",
        format!("the request body has {what}; send it as {wanted}"),
    )
}

/// The whole body, refused when too large or too slow.
async fn read_body(body: Body) -> Result<Bytes, ApiError> {
    let too_large = || {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            "Payload Too Large",
            format!("the request body is larger than {MAX_BODY} bytes"),
        )
    };
    if body.size_hint().lower() > MAX_BODY as u64 {
        return Err(too_large());
    }
    let collect = async {
        let mut body = std::pin::pin!(body);
        let mut out = Vec::new();
        while let Some(frame) = std::future::poll_fn(|cx| body.as_mut().poll_frame(cx)).await {
            let frame = frame.map_err(|e| {
                ApiError::bad_request(format!("the request body could not be read: {e}"))
            })?;
            if let Ok(data) = frame.into_data() {
                if out.len() + data.len() > MAX_BODY {
                    return Err(too_large());
                }
                out.extend_from_slice(&data);
            }
        }
        Ok(Bytes::from(out))
    };
    tokio::time::timeout(BODY_READ_TIMEOUT, collect)
        .await
        .unwrap_or_else(|_| {
            Err(ApiError::new(
                StatusCode::REQUEST_TIMEOUT,
                "request_timeout",
                "Request Timeout",
                format!(
                    "the request body did not arrive within {} seconds; send it whole",
                    BODY_READ_TIMEOUT.as_secs()
                ),
            ))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_names_lose_their_port() {
        assert_eq!(host_name("localhost:8080"), "localhost");
        assert_eq!(host_name("[::1]:8080"), "::1");
        assert_eq!(host_name("127.0.0.1"), "127.0.0.1");
        assert_eq!(host_name("evil.example:80"), "evil.example");
    }

    #[test]
    fn media_types_lose_their_parameters() {
        assert_eq!(
            media_type("Application/JSON; charset=utf-8"),
            "application/json"
        );
        assert!(check_media(&Method::POST, "application/json").is_ok());
        assert!(check_media(&Method::POST, "text/plain").is_err());
        assert!(check_media(&Method::POST, "application/json-patch+json").is_err());
        assert!(check_media(&Method::PATCH, "application/json-patch+json").is_ok());
        assert!(check_media(&Method::PUT, "application/x-www-form-urlencoded").is_err());
    }
}
