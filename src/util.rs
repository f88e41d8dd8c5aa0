//! Small shared helpers: ids, time stamps, base64, terminal-safe server text.

/// Non-cryptographic randomness (retry jitter, statement names, ids) from the
/// standard library's randomly seeded hasher; a counter keeps calls in the same
/// nanosecond apart.
pub fn random_u64() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    if let Ok(d) = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
        h.write_u128(d.as_nanos());
    }
    h.finish()
}

/// A random UUID-shaped id (version 4, variant 1) for requests, errors, statements
/// and connections.
pub fn new_id() -> String {
    let bits = (u128::from(random_u64()) << 64) | u128::from(random_u64());
    let bits = (bits & !(0xF << 76) & !(0x3 << 62)) | (0x4 << 76) | (0x2 << 62);
    let hex = format!("{bits:032x}");
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// Now in UTC, RFC 3339 with microseconds, as the sql/v1 API writes timestamps.
pub fn now() -> String {
    chrono::Utc::now()
        .format("%Y-%m-%dT%H:%M:%S%.6fZ")
        .to_string()
}

/// Standard base64 with padding (HTTP Basic credentials).
pub fn base64(bytes: &[u8]) -> String {
    const TABLE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(TABLE[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Decodes standard base64 (padding optional, no line breaks); `None` if it is not.
pub fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let text = text.trim_end_matches('=');
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut bits = 0;
    for c in text.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    // Leftover bits must be padding zeros, and a lone sixth of a byte is not base64.
    (bits < 6 && acc == 0).then_some(out)
}

/// Server-supplied text made safe to print on one terminal line: line breaks and
/// tabs become spaces, other control characters (escape sequences that could
/// recolour, move the cursor or retitle the terminal) become U+FFFD.
pub fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\n' | '\r' | '\t' => ' ',
            c if c.is_control() => char::REPLACEMENT_CHARACTER,
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_neutralises_escapes_and_line_breaks() {
        assert_eq!(
            one_line("bad\x1b[31m red\r\nnext\tline\u{9b}2J"),
            "bad\u{fffd}[31m red  next line\u{fffd}2J"
        );
        assert_eq!(one_line("接続 ok"), "接続 ok");
    }

    #[test]
    fn base64_pads_like_the_standard() {
        assert_eq!(
            base64(b"Aladdin:open sesame"),
            "QWxhZGRpbjpvcGVuIHNlc2FtZQ=="
        );
        assert_eq!(base64(b"k:s"), "azpz");
        assert_eq!(base64(b"ab"), "YWI=");
        for bytes in [&b""[..], b"a", b"ab", b"abc", b"\x00\xff\x10"] {
            assert_eq!(base64_decode(&base64(bytes)).as_deref(), Some(bytes));
        }
        assert_eq!(base64_decode("AQI="), Some(vec![1, 2]));
        assert_eq!(base64_decode("A"), None);
        assert_eq!(base64_decode("a*b"), None);
        assert_eq!(base64(b""), "");
    }

    #[test]
    fn ids_are_version_4_uuids_and_differ() {
        let id = new_id();
        assert_eq!(id.len(), 36);
        assert_eq!(id.as_bytes()[14], b'4');
        assert!(
            matches!(id.as_bytes()[19], b'8' | b'9' | b'a' | b'b'),
            "{id}"
        );
        assert_ne!(id, new_id());
    }

    #[test]
    fn timestamps_are_rfc_3339_utc_with_microseconds() {
        let t = now();
        assert!(chrono::DateTime::parse_from_rfc3339(&t).is_ok(), "{t}");
        assert_eq!(t.len(), "2026-01-01T00:00:00.000000Z".len());
        assert!(t.ends_with('Z'));
    }
}
