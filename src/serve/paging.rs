//! Collection paging as the contract has it: `page_size` (default 10, at most 100),
//! an opaque `page_token`, and `metadata.next` as a full URL carrying the next token.

use axum::extract::Query;
use axum::extract::rejection::QueryRejection;
use axum::http::HeaderMap;

use super::failure::ApiError;

pub const DEFAULT_PAGE_SIZE: usize = 10;
pub const MAX_PAGE_SIZE: usize = 100;

/// The query string of a request, as pairs in order.
pub type Params = Vec<(String, String)>;

pub fn params(query: Result<Query<Params>, QueryRejection>) -> Result<Params, ApiError> {
    query
        .map(|Query(q)| q)
        .map_err(|e| ApiError::bad_request(format!("invalid query string: {}", e.body_text())))
}

pub fn param<'a>(params: &'a Params, name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// `page_size`, checked against the contract's bounds.
pub fn page_size(params: &Params) -> Result<usize, ApiError> {
    match param(params, "page_size") {
        None => Ok(DEFAULT_PAGE_SIZE),
        Some(text) => match text.trim().parse::<usize>() {
            Ok(n) if (1..=MAX_PAGE_SIZE).contains(&n) => Ok(n),
            _ => Err(ApiError::new(
                axum::http::StatusCode::BAD_REQUEST,
                "invalid_page_size",
                "Invalid Page Size",
                format!("page_size must be a whole number from 1 to {MAX_PAGE_SIZE}"),
            )),
        },
    }
}

/// The position a `page_token` stands for (what `token` encoded), if any.
pub fn position(params: &Params) -> Result<Option<String>, ApiError> {
    let Some(token) = param(params, "page_token") else {
        return Ok(None);
    };
    decode(token).map(Some).ok_or_else(|| {
        ApiError::new(
            axum::http::StatusCode::BAD_REQUEST,
            "invalid_page_token",
            "Invalid Page Token",
            "page_token is not one this server handed out; start again without it",
        )
    })
}

/// An opaque token for a position (a name, or a row offset): hex, so it needs no
/// escaping in a URL.
pub fn token(position: &str) -> String {
    let mut out = String::with_capacity(2 + position.len() * 2);
    out.push_str("p_");
    for b in position.bytes() {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

fn decode(token: &str) -> Option<String> {
    let hex = token.strip_prefix("p_")?;
    if hex.len() % 2 != 0 {
        return None;
    }
    let bytes: Option<Vec<u8>> = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok())
        .collect();
    String::from_utf8(bytes?).ok()
}

/// `http://host` as the client addressed this server (its `Host` header), or the
/// bound address.
pub fn origin(headers: &HeaderMap, bound: std::net::SocketAddr) -> String {
    let host = headers
        .get(axum::http::header::HOST)
        .and_then(|v| v.to_str().ok())
        .filter(|h| {
            !h.is_empty()
                && h.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
        });
    match host {
        Some(h) => format!("http://{h}"),
        None => format!("http://{bound}"),
    }
}

/// `url` with these query parameters, each percent-encoded.
pub fn with_query(url: &str, pairs: &[(&str, &str)]) -> String {
    let query: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect();
    if query.is_empty() {
        url.to_string()
    } else {
        format!("{url}?{}", query.join("&"))
    }
}

fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The path segment as the client should see it in a URL.
pub fn segment(s: &str) -> String {
    encode(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_round_trip_and_strangers_are_refused() {
        for p in ["", "my-conn", "12345", "ü"] {
            assert_eq!(decode(&token(p)).as_deref(), Some(p));
        }
        assert_eq!(decode("abc"), None);
        assert_eq!(decode("p_zz"), None);
        assert_eq!(decode("p_a"), None);
    }

    #[test]
    fn sizes_follow_the_contract() {
        let q = |v: &str| vec![("page_size".to_string(), v.to_string())];
        assert_eq!(page_size(&Vec::new()).unwrap(), 10);
        assert_eq!(page_size(&q("100")).unwrap(), 100);
        assert!(page_size(&q("101")).is_err());
        assert!(page_size(&q("0")).is_err());
        assert!(page_size(&q("x")).is_err());
    }

    #[test]
    fn next_links_encode_their_values() {
        assert_eq!(
            with_query(
                "http://h/x",
                &[("page_size", "2"), ("spec.connection_type", "A B")]
            ),
            "http://h/x?page_size=2&spec.connection_type=A%20B"
        );
    }
}
