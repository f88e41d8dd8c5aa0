//! What SHOW CONNECTIONS and DESCRIBE CONNECTION print.

use std::fmt::Write as _;
use std::io::{self, Write};

use chrono::{DateTime, Datelike, Timelike, Utc};

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
    let mut shown = String::with_capacity(40);
    if push_plain_utc(&mut shown, created_at).is_some() {
        return shown;
    }
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
    let mut out = String::with_capacity(40);
    // Written field by field: a strftime pattern is re-parsed on every call, which
    // shows in a list of thousands. Years outside 0..=9999 (reachable only through an
    // offset) keep chrono's notation.
    if (0..=9999).contains(&utc.year()) {
        let _ = write!(
            out,
            "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
            utc.year(),
            utc.month(),
            utc.day(),
            utc.hour(),
            utc.minute(),
            utc.second()
        );
    } else {
        out = utc.format("%Y-%m-%d %H:%M:%S").to_string();
    }
    if nanos > 0 {
        let fraction = format!("{nanos:09}");
        out.push('.');
        out.push_str(fraction.trim_end_matches('0'));
    }
    out.push_str(" +0000 UTC");
    out
}

/// Appends `creation_date` for the form servers send,
/// `YYYY-MM-DDTHH:MM:SS[.fraction]Z` (already UTC, so the digits are copied), to
/// `out`; `None`, with nothing appended, for anything else, which the general path
/// parses. Saves parsing and formatting each date of a long list.
fn push_plain_utc(out: &mut String, created_at: &str) -> Option<()> {
    let b = created_at.as_bytes();
    if b.len() < 20 || b[b.len() - 1] != b'Z' {
        return None;
    }
    let digits = |range: std::ops::Range<usize>| -> Option<u32> {
        b[range].iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    let separators = [(4, b'-'), (7, b'-'), (10, b'T'), (13, b':'), (16, b':')];
    if separators.iter().any(|&(i, c)| b[i] != c) {
        return None;
    }
    let (year, month, day) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    let (hour, minute, second) = (digits(11..13)?, digits(14..16)?, digits(17..19)?);
    chrono::NaiveDate::from_ymd_opt(year as i32, month, day)?;
    if hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let fraction = match &b[19..b.len() - 1] {
        [] => &[][..],
        [b'.', f @ ..] if (1..=9).contains(&f.len()) && f.iter().all(u8::is_ascii_digit) => f,
        _ => return None,
    };
    out.push_str(&created_at[..10]);
    out.push(' ');
    out.push_str(&created_at[11..19]);
    let kept = fraction
        .iter()
        .rposition(|&c| c != b'0')
        .map_or(0, |p| p + 1);
    if kept > 0 {
        out.push('.');
        out.push_str(&created_at[20..20 + kept]);
    }
    out.push_str(" +0000 UTC");
    Some(())
}

/// The printed cells of each connection, sorted by those cells left to right.
pub fn rows(items: &[Connection], placement: &Placement) -> Vec<Vec<String>> {
    let dates = creation_dates(items);
    let cells = all_cells(items, &dates, placement);
    sorted(&cells)
        .into_iter()
        .map(|row| row.map(str::to_string).to_vec())
        .collect()
}

/// The creation dates of a list's items, end to end in one string: one allocation
/// instead of one per item.
struct Dates {
    text: String,
    /// Where item i's date ends in `text` (it starts where item i-1's ends).
    ends: Vec<usize>,
}

impl Dates {
    fn get(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.text[start..self.ends[i]]
    }
}

fn creation_dates(items: &[Connection]) -> Dates {
    // The usual date is at most 39 bytes.
    let mut text = String::with_capacity(items.len() * 40);
    let mut ends = Vec::with_capacity(items.len());
    for item in items {
        let created_at = &item.metadata.created_at;
        if push_plain_utc(&mut text, created_at).is_none() {
            text.push_str(&creation_date(created_at));
        }
        ends.push(text.len());
    }
    Dates { text, ends }
}

/// The cells of each connection, borrowed from it (`dates[i]` is item i's creation
/// date).
fn all_cells<'a>(
    items: &'a [Connection],
    dates: &'a Dates,
    placement: &'a Placement,
) -> Vec<[&'a str; 10]> {
    items
        .iter()
        .enumerate()
        .map(|(i, item)| cells(item, dates.get(i), placement))
        .collect()
}

/// The rows sorted by their cells left to right (arrays of `&str` order exactly as
/// rows of `String`s). References are sorted, not the rows: moving 8 bytes per swap
/// instead of 160 shows in a list of thousands.
fn sorted<'r, 'a>(rows: &'r [[&'a str; 10]]) -> Vec<&'r [&'a str; 10]> {
    let mut sorted: Vec<&[&str; 10]> = rows.iter().collect();
    sorted.sort_unstable();
    sorted
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
    let dates = creation_dates(items);
    // (date, item number) pairs are sorted and each row is made as it is needed: no
    // table of rows (160 bytes each, fresh pages) is built for a long list. The date
    // is the first cell, so most comparisons end there, without going to the items.
    let mut order: Vec<(&str, usize)> = (0..items.len()).map(|i| (dates.get(i), i)).collect();
    let row = |(date, i)| cells(&items[i], date, placement);
    // Widths do not depend on the order: measured in the items' own order, which
    // goes through their memory front to back.
    let widths = list_table::column_widths(&HEADERS, order.iter().map(|&key| row(key)));
    order.sort_unstable_by(|&a, &b| a.0.cmp(b.0).then_with(|| row(a).cmp(&row(b))));
    list_table::render_rows_with_widths(out, &HEADERS, order.iter().map(|&key| row(key)), &widths)
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
    let date = creation_date(&item.metadata.created_at);
    let values = cells(item, &date, placement);
    let mut i = 0;
    values.map(|value| {
        let pair = (HEADERS[i], value.to_string());
        i += 1;
        pair
    })
}

/// The printed cells of `item` in column order; `date` is its creation date.
fn cells<'a>(item: &'a Connection, date: &'a str, placement: &'a Placement) -> [&'a str; 10] {
    // Servers send the secret back as `<REDACTED>`; anything else non-empty is
    // masked too, so a store that returns the real secret cannot leak it here.
    let data = if item.spec.auth_data.data.is_empty() {
        ""
    } else {
        REDACTED
    };
    [
        date,
        &item.name,
        &placement.environment,
        &placement.cloud,
        &placement.region,
        &item.spec.connection_type,
        &item.spec.endpoint,
        data,
        &item.status.phase,
        &item.status.detail,
    ]
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
    fn utc_dates_read_directly_agree_with_the_general_path() {
        for date in [
            "2025-06-16T00:46:42.100000Z",
            "2025-06-16T00:46:42Z",
            "2025-06-16T00:46:42.000Z",
            "2024-02-29T23:59:59.999999999Z",
            "0000-01-01T00:00:00.5Z",
            "2025-12-21T19:47:59.000001Z",
        ] {
            let general = DateTime::parse_from_rfc3339(date)
                .unwrap()
                .with_timezone(&Utc);
            let mut expected = general.format("%Y-%m-%d %H:%M:%S").to_string();
            let fraction = format!("{:09}", general.nanosecond());
            let fraction = fraction.trim_end_matches('0');
            if !fraction.is_empty() {
                expected = format!("{expected}.{fraction}");
            }
            assert_eq!(
                creation_date(date),
                format!("{expected} +0000 UTC"),
                "{date}"
            );
        }
        // Not the plain UTC form: left to the general path, which decides.
        for date in [
            "2025-02-29T00:00:00Z",
            "2025-06-16T24:00:00Z",
            "2025-06-16T00:00:60Z",
            "2025-06-16T00:00:00.Z",
            "2025-06-16T00:00:00.1234567890Z",
            "2025-06-16t00:00:00Z",
            "2025-06-16T00:00:00z",
        ] {
            let mut shown = String::new();
            assert_eq!(push_plain_utc(&mut shown, date), None, "{date}");
            assert_eq!(shown, "", "{date}");
        }
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
