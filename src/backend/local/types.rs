//! How a column's Flink type survives in SQLite's schema.

const DECL_MARK: &str = " F";

/// The SQLite declared type for a Flink column: `BLOB`, which gives the column no
/// affinity (values are kept exactly as `value` encodes them), then the Flink type
/// hex-encoded. Hex digits never spell INT, CHAR, TEXT, REAL, FLOA or DOUB, so SQLite's
/// affinity rule sees only BLOB, and the Flink type comes back from
/// `sqlite3_column_decltype` for any result column that is a plain table column.
pub fn sqlite_decl(flink_type: &str) -> String {
    let mut out = String::with_capacity(8 + flink_type.len() * 2);
    out.push_str("BLOB");
    out.push_str(DECL_MARK);
    for b in flink_type.bytes() {
        out.push_str(&format!("{b:02X}"));
    }
    out
}

/// The Flink type encoded by `sqlite_decl`, if `decl` is one of ours.
pub fn flink_type_of_decl(decl: &str) -> Option<String> {
    let (_, hex) = decl.split_once(DECL_MARK)?;
    if hex.is_empty() {
        return None;
    }
    unhex(hex)
}

/// The UTF-8 text whose bytes `hex` spells (either case); None if it spells none.
pub fn unhex(hex: &str) -> Option<String> {
    if !hex.len().is_multiple_of(2) {
        return None;
    }
    let bytes: Option<Vec<u8>> = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok())
        .collect();
    String::from_utf8(bytes?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decl_round_trips_and_gives_no_affinity() {
        for t in [
            "STRING",
            "INTERVAL DAY",
            "ROW<a INT, b STRING>",
            "TIMESTAMP(3)",
        ] {
            let decl = sqlite_decl(t);
            assert_eq!(flink_type_of_decl(&decl).as_deref(), Some(t));
            let rest = decl.trim_start_matches("BLOB");
            for word in [
                "INT", "CHAR", "CLOB", "TEXT", "BLOB", "REAL", "FLOA", "DOUB",
            ] {
                assert!(!rest.contains(word), "{decl} contains {word}");
            }
        }
        assert_eq!(flink_type_of_decl("TEXT"), None);
    }
}
