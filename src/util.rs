//! Small shared helpers: ids, time stamps, base64, terminal-safe text.

use std::borrow::Cow;
use std::io::Write;

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

/// Whether `c` must not reach a terminal as it is: C0 and C1 control characters
/// (escape sequences can recolour, move the cursor or retitle the window) and the
/// bidirectional controls that make text display in an order other than its own.
pub fn is_unsafe_for_terminal(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        )
}

/// Text from data or a server made safe for a terminal: tabs and carriage returns
/// become spaces (`\r\n` counts as one line break), line breaks stay when
/// `keep_line_breaks` (the format shows multi-line text) and become spaces otherwise,
/// and every other unsafe character becomes U+FFFD. The one sanitizer every printer
/// uses; borrowed when there is nothing to change.
pub fn terminal_text(text: &str, keep_line_breaks: bool) -> Cow<'_, str> {
    sanitize(text, keep_line_breaks, false)
}

/// `terminal_text` with the tabs kept as well: a stream of a delimited format.
fn sanitize(text: &str, keep_line_breaks: bool, keep_tabs: bool) -> Cow<'_, str> {
    let kept = |c: char| (keep_line_breaks && c == '\n') || (keep_tabs && c == '\t');
    if !text.chars().any(|c| is_unsafe_for_terminal(c) && !kept(c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(match c {
            '\r' if keep_line_breaks && chars.peek() == Some(&'\n') => continue,
            c if kept(c) => c,
            '\n' | '\r' | '\t' => ' ',
            c if is_unsafe_for_terminal(c) => char::REPLACEMENT_CHARACTER,
            c => c,
        });
    }
    Cow::Owned(out)
}

/// A machine-readable format (CSV, TSV, JSON) on a terminal: what it writes goes
/// through `terminal_text` with line breaks and tabs kept, so data can never act on
/// the terminal. Text split across writes is put together first.
pub struct TerminalSafe<W: Write> {
    inner: W,
    /// The end of the last write that may continue in the next one: an unfinished
    /// UTF-8 sequence, or a `\r` that may start a `\r\n`.
    held: Vec<u8>,
}

impl<W: Write> TerminalSafe<W> {
    pub fn new(inner: W) -> Self {
        TerminalSafe {
            inner,
            held: Vec::new(),
        }
    }

    fn emit(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        let text = String::from_utf8_lossy(bytes);
        self.inner.write_all(sanitize(&text, true, true).as_bytes())
    }
}

impl<W: Write> Write for TerminalSafe<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.held.extend_from_slice(buf);
        let mut bytes = std::mem::take(&mut self.held);
        // Hold back what the next write may complete.
        let mut keep = match std::str::from_utf8(&bytes) {
            Ok(_) => bytes.len(),
            Err(e) if e.error_len().is_none() => e.valid_up_to(),
            Err(_) => bytes.len(),
        };
        if keep > 0 && bytes[keep - 1] == b'\r' {
            keep -= 1;
        }
        let held = bytes.split_off(keep);
        let result = self.emit(&bytes);
        self.held = held;
        result.map(|()| buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        let held = std::mem::take(&mut self.held);
        self.emit(&held)?;
        self.inner.flush()
    }
}

impl<W: Write> Drop for TerminalSafe<W> {
    fn drop(&mut self) {
        // Only a last `\r` can still be here; losing a write error on the way out
        // is what every buffered writer does.
        let held = std::mem::take(&mut self.held);
        let _ = self.emit(&held);
    }
}

/// `terminal_text` on one line: for messages, and cells that reflow their text.
pub fn one_line(text: &str) -> String {
    terminal_text(text, false).into_owned()
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
        assert_eq!(one_line("a\u{202e}b"), "a\u{fffd}b");
    }

    #[test]
    fn terminal_output_is_safe_however_it_is_split() {
        let data = "a,\"x\u{1b}]0;t\u{7}\u{202e}y\"\r\nb\tc\r\n日本\r";
        let bytes = data.as_bytes();
        for cut in 0..bytes.len() {
            let mut written = Vec::new();
            let mut out = TerminalSafe::new(&mut written);
            out.write_all(&bytes[..cut]).unwrap();
            out.write_all(&bytes[cut..]).unwrap();
            drop(out);
            assert_eq!(
                String::from_utf8(written).unwrap(),
                "a,\"x\u{fffd}]0;t\u{fffd}\u{fffd}y\"\nb\tc\n日本 ",
                "cut at {cut}"
            );
        }
    }

    #[test]
    fn multi_line_text_keeps_its_line_breaks_only() {
        assert_eq!(
            terminal_text("a\r\nb\nc\rd\x07\u{2066}", true),
            "a\nb\nc d\u{fffd}\u{fffd}"
        );
        assert!(matches!(
            terminal_text("plain\ntext", true),
            Cow::Borrowed(_)
        ));
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
