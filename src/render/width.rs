//! Display width of text on a terminal, as the list table measures it.

use unicode_width::UnicodeWidthStr;

const ESC: u8 = 0x1b;

/// Columns `s` occupies: East Asian wide and fullwidth characters count 2,
/// combining marks 0, and ANSI colour sequences (`ESC [ … m` / `ESC [ … K`) 0.
pub fn display_width(s: &str) -> usize {
    let bytes = s.as_bytes();
    // Nearly every cell is printable ASCII; skip the Unicode tables for those.
    if bytes.iter().all(|&b| (0x20..0x7f).contains(&b)) {
        return bytes.len();
    }
    if !bytes.contains(&ESC) {
        return s.width();
    }
    let mut total = 0;
    let mut rest = s;
    while let Some(pos) = rest.as_bytes().iter().position(|&b| b == ESC) {
        total += rest[..pos].width();
        let tail = &rest[pos..];
        match ansi_sequence_len(tail.as_bytes()) {
            Some(len) => rest = &tail[len..],
            None => {
                total += tail[..1].width();
                rest = &tail[1..];
            }
        }
    }
    total + rest.width()
}

/// Length of the colour sequence at the start of `b`, if there is one.
///
/// Mirrors the pattern the reference renderer strips,
/// `\x1b\[(?:[0-9]{1,3}(?:;[0-9]{1,3})*)?[m|K]`, so widths agree with it.
fn ansi_sequence_len(b: &[u8]) -> Option<usize> {
    if b.len() < 3 || b[0] != ESC || b[1] != b'[' {
        return None;
    }
    let mut i = 2;
    let mut first_group = true;
    loop {
        let digits = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        if digits > 3 || (digits == 0 && !first_group) {
            return None;
        }
        i += digits;
        match b.get(i) {
            Some(b';') if digits > 0 => {
                i += 1;
                first_group = false;
            }
            Some(b'm' | b'K' | b'|') => return Some(i + 1),
            _ => return None,
        }
    }
}

/// `text` cut to at most `limit` columns, ending in `…` when something was cut.
/// Stops reading at the cut, so a huge text costs no more than a short one.
pub fn cut_to_width(text: &str, limit: usize) -> std::borrow::Cow<'_, str> {
    use unicode_width::UnicodeWidthChar;
    let mut used = 0;
    for (at, c) in text.char_indices() {
        let w = c.width().unwrap_or(0);
        if used + w > limit {
            // Back off to leave a column for the ellipsis.
            let mut kept = String::new();
            let mut kept_width = 0;
            for c in text[..at].chars() {
                let w = c.width().unwrap_or(0);
                if kept_width + w + 1 > limit {
                    break;
                }
                kept_width += w;
                kept.push(c);
            }
            if limit > 0 {
                kept.push('…');
            }
            return std::borrow::Cow::Owned(kept);
        }
        used += w;
    }
    std::borrow::Cow::Borrowed(text)
}

#[cfg(test)]
mod tests {
    use super::{cut_to_width, display_width};

    #[test]
    fn cutting_stops_at_the_width() {
        assert_eq!(cut_to_width("abc", 3), "abc");
        assert_eq!(cut_to_width("abcdef", 4), "abc…");
        assert_eq!(cut_to_width("日本語", 4), "日…");
        assert_eq!(cut_to_width("abc", 0), "");
        let huge = "x".repeat(1 << 20);
        assert_eq!(cut_to_width(&huge, 10).len(), 9 + '…'.len_utf8());
    }

    #[test]
    fn ascii_counts_bytes() {
        assert_eq!(display_width("hello world"), 11);
        assert_eq!(display_width(""), 0);
    }

    #[test]
    fn wide_characters_count_two() {
        assert_eq!(display_width("接続"), 4);
        assert_eq!(display_width("ｆｕｌｌ"), 8);
        assert_eq!(display_width("a뭐b"), 4);
    }

    #[test]
    fn combining_marks_count_zero() {
        assert_eq!(display_width("e\u{301}"), 1);
    }

    #[test]
    fn colour_sequences_count_zero() {
        assert_eq!(display_width("\x1b[31mred\x1b[0m"), 3);
        assert_eq!(display_width("\x1b[1;32mok\x1b[K"), 2);
        assert_eq!(display_width("\x1b[m接\x1b[0m"), 2);
    }

    #[test]
    fn malformed_sequence_is_not_stripped() {
        // Four digits in a group is not a colour sequence: "[1234m" stays visible.
        assert_eq!(display_width("\x1b[1234m"), 6 + display_width("\x1b"));
    }
}
