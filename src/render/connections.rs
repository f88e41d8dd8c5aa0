//! What SHOW CONNECTIONS and DESCRIBE CONNECTION print.

use std::io::{self, Write};

use chrono::{DateTime, Timelike, Utc};

use crate::connections::model::REDACTED;
use crate::connections::{Connection, Placement};

use super::{kv, list_table};

pub const HEADERS: [&str; 10] = [
    "Creation Date",
    "Name",
    "Environment",
    "Cloud",
    "Region",
    "Type",
    "Endpoint",
    "Data",
    "Status",
    "Status Detail",
];

/// An RFC 3339 timestamp as the list shows it: in UTC, as
/// `YYYY-MM-DD HH:MM:SS[.fraction] +0000 UTC` with trailing zeros of the fraction
/// removed. A value that is not RFC 3339 is shown as given.
pub fn creation_date(created_at: &str) -> String {
    let Ok(parsed) = DateTime::parse_from_rfc3339(created_at) else {
        return created_at.to_string();
    };
    let utc = parsed.with_timezone(&Utc);
    let nanos = utc.nanosecond();
    // chrono encodes a leap second as nanoseconds past one second; the reference
    // rejects such timestamps, so they are shown as given too.
    if nanos >= 1_000_000_000 {
        return created_at.to_string();
    }
    let mut out = utc.format("%Y-%m-%d %H:%M:%S").to_string();
    if nanos > 0 {
        let fraction = format!("{nanos:09}");
        out.push('.');
        out.push_str(fraction.trim_end_matches('0'));
    }
    out.push_str(" +0000 UTC");
    out
}

/// The printed cells of each connection, sorted by those cells left to right.
pub fn rows(items: &[Connection], placement: &Placement) -> Vec<Vec<String>> {
    let mut rows: Vec<Vec<String>> = items
        .iter()
        .map(|item| {
            fields(item, placement)
                .into_iter()
                .map(|(_, value)| value)
                .collect()
        })
        .collect();
    rows.sort_unstable();
    rows
}

/// The list table of `items`, or `None found.` when there are none.
pub fn print_list<W: Write + ?Sized>(
    out: &mut W,
    items: &[Connection],
    placement: &Placement,
) -> io::Result<()> {
    if items.is_empty() {
        out.write_all(b"None found.\n")?;
        return out.flush();
    }
    let headers: Vec<String> = HEADERS.iter().map(|h| h.to_string()).collect();
    list_table::render(out, &headers, &rows(items, placement))
}

/// The key/value view of one connection; an empty status detail is left out.
pub fn print_describe<W: Write + ?Sized>(
    out: &mut W,
    item: &Connection,
    placement: &Placement,
) -> io::Result<()> {
    let pairs: Vec<(String, String)> = fields(item, placement)
        .into_iter()
        .filter(|(key, value)| !(*key == "Status Detail" && value.is_empty()))
        .map(|(key, value)| (key.to_string(), value))
        .collect();
    kv::render(out, &pairs)
}

/// Each column's header and printed value, in column order.
fn fields(item: &Connection, placement: &Placement) -> [(&'static str, String); 10] {
    // Servers send the secret back as `<REDACTED>`; anything else non-empty is
    // masked too, so a store that returns the real secret cannot leak it here.
    let data = if item.spec.auth_data.data.is_empty() {
        String::new()
    } else {
        REDACTED.to_string()
    };
    let values = [
        creation_date(&item.metadata.created_at),
        item.name.clone(),
        placement.environment.clone(),
        placement.cloud.clone(),
        placement.region.clone(),
        item.spec.connection_type.clone(),
        item.spec.endpoint.clone(),
        data,
        item.status.phase.clone(),
        item.status.detail.clone(),
    ];
    let mut i = 0;
    values.map(|value| {
        let pair = (HEADERS[i], value);
        i += 1;
        pair
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::connections::model::{AuthData, ConnectionSpec, ConnectionStatus, ObjectMeta};

    #[test]
    fn creation_date_in_utc() {
        assert_eq!(
            creation_date("2025-08-13T21:05:15.035376Z"),
            "2025-08-13 21:05:15.035376 +0000 UTC"
        );
        assert_eq!(
            creation_date("2025-04-11T16:32:02Z"),
            "2025-04-11 16:32:02 +0000 UTC"
        );
    }

    #[test]
    fn creation_date_converts_offsets_to_utc() {
        assert_eq!(
            creation_date("2025-12-31T22:00:00-04:05"),
            "2026-01-01 02:05:00 +0000 UTC"
        );
        assert_eq!(
            creation_date("2025-01-01T01:30:00.5+02:00"),
            "2024-12-31 23:30:00.5 +0000 UTC"
        );
    }

    #[test]
    fn creation_date_fraction() {
        assert_eq!(
            creation_date("2025-04-07T13:56:42.123456789Z"),
            "2025-04-07 13:56:42.123456789 +0000 UTC"
        );
        assert_eq!(
            creation_date("2025-06-16T00:46:42.100000Z"),
            "2025-06-16 00:46:42.1 +0000 UTC"
        );
        assert_eq!(
            creation_date("2025-12-21T19:47:59.000001Z"),
            "2025-12-21 19:47:59.000001 +0000 UTC"
        );
        assert_eq!(
            creation_date("2025-06-16T00:46:42.000Z"),
            "2025-06-16 00:46:42 +0000 UTC"
        );
    }

    #[test]
    fn unparseable_creation_date_is_shown_as_given() {
        assert_eq!(creation_date("yesterday"), "yesterday");
        assert_eq!(creation_date(""), "");
        assert_eq!(
            creation_date("2025-13-01T00:00:00Z"),
            "2025-13-01T00:00:00Z"
        );
    }

    fn connection(detail: &str) -> Connection {
        Connection {
            metadata: ObjectMeta {
                created_at: "2025-08-13T21:05:15.035376Z".into(),
                ..Default::default()
            },
            name: "my-connection".into(),
            spec: ConnectionSpec {
                connection_type: "OPENAI".into(),
                endpoint: "https://api.openai.com/v1/chat/completions".into(),
                auth_data: AuthData {
                    kind: "PlaintextProvider".into(),
                    data: "<REDACTED>".into(),
                },
            },
            status: ConnectionStatus {
                phase: "READY".into(),
                detail: detail.into(),
            },
            ..Default::default()
        }
    }

    fn placement() -> Placement {
        Placement {
            environment: "env-a1b2c3".into(),
            cloud: "aws".into(),
            region: "us-west-2".into(),
        }
    }

    fn describe(item: &Connection) -> String {
        let mut out = Vec::new();
        print_describe(&mut out, item, &placement()).unwrap();
        String::from_utf8(out).unwrap()
    }

    /// The example in format/list-table.md, "The describe view".
    #[test]
    fn describe_view_matches_the_format_page() {
        let expected = "\
+---------------+--------------------------------------------+
| Creation Date | 2025-08-13 21:05:15.035376                 |
|               | +0000 UTC                                  |
| Name          | my-connection                              |
| Environment   | env-a1b2c3                                 |
| Cloud         | aws                                        |
| Region        | us-west-2                                  |
| Type          | OPENAI                                     |
| Endpoint      | https://api.openai.com/v1/chat/completions |
| Data          | <REDACTED>                                 |
| Status        | READY                                      |
+---------------+--------------------------------------------+
";
        assert_eq!(describe(&connection("")), expected);
    }

    #[test]
    fn describe_view_shows_a_status_detail() {
        let out = describe(&connection("quota exceeded"));
        assert!(
            out.contains("| Status Detail | quota exceeded                             |\n"),
            "{out}"
        );
    }

    #[test]
    fn a_secret_is_never_printed() {
        let mut item = connection("");
        item.spec.auth_data.data = r#"{"API_KEY":"sk-secret"}"#.into();
        let out = describe(&item);
        assert!(!out.contains("sk-secret"), "{out}");
        assert!(out.contains("| Data          | <REDACTED>"), "{out}");
        let rows = rows(&[item], &placement());
        assert_eq!(rows[0][7], "<REDACTED>");
    }

    #[test]
    fn no_connections_prints_none_found() {
        let mut out = Vec::new();
        print_list(&mut out, &[], &placement()).unwrap();
        assert_eq!(out, b"None found.\n");
    }

    #[test]
    fn rows_sort_by_printed_cells() {
        let mut late = connection("");
        late.metadata.created_at = "2025-08-14T00:00:00Z".into();
        late.name = "a".into();
        let mut early = connection("");
        early.metadata.created_at = "2025-08-13T00:00:00Z".into();
        early.name = "z".into();
        let rows = rows(&[late, early], &placement());
        assert_eq!(rows[0][1], "z");
        assert_eq!(rows[1][1], "a");
        assert_eq!(rows[0].len(), HEADERS.len());
    }
}
