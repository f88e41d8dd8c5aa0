//! Window assignment of Flink's window TVFs (TUMBLE, HOP, CUMULATE) over a bounded
//! table, as Flink's `TimeWindow.getWindowStartWithOffset` computes it.

use chrono::NaiveDateTime;

use super::temporal::{from_millis, millis_of};

fn window_start_millis(ts: i64, offset: i64, size: i64) -> i64 {
    let remainder = ts.wrapping_sub(offset) % size;
    if remainder < 0 {
        ts.wrapping_sub(remainder + size)
    } else {
        ts.wrapping_sub(remainder)
    }
}

fn at_millis(ms: i64) -> NaiveDateTime {
    from_millis(ms).unwrap_or_default()
}

/// The start of the TUMBLE window of `size_millis` (shifted by `offset_millis`) that
/// holds `ts`.
pub fn tumble_start(ts: NaiveDateTime, size_millis: i64, offset_millis: i64) -> NaiveDateTime {
    if size_millis <= 0 {
        return ts;
    }
    at_millis(window_start_millis(
        millis_of(ts),
        offset_millis,
        size_millis,
    ))
}

/// The starts of the HOP windows (`size_ms` long, every `slide_ms`) that hold `ts`,
/// earliest first.
pub fn hop_starts(ts: NaiveDateTime, slide_ms: i64, size_ms: i64) -> Vec<NaiveDateTime> {
    if slide_ms <= 0 || size_ms <= 0 {
        return Vec::new();
    }
    let t = millis_of(ts);
    let last = window_start_millis(t, 0, slide_ms);
    let mut starts = Vec::new();
    let mut start = last;
    while start > t.saturating_sub(size_ms) {
        starts.push(at_millis(start));
        start = start.saturating_sub(slide_ms);
    }
    starts.reverse();
    starts
}

/// The CUMULATE windows (growing by `step_ms` up to `max_ms`) that hold `ts`, as
/// (start, end), shortest first.
pub fn cumulate_windows(
    ts: NaiveDateTime,
    step_ms: i64,
    max_ms: i64,
) -> Vec<(NaiveDateTime, NaiveDateTime)> {
    if step_ms <= 0 || max_ms <= 0 {
        return Vec::new();
    }
    let t = millis_of(ts);
    let start = window_start_millis(t, 0, max_ms);
    let last_end = start.saturating_add(max_ms);
    let mut end = window_start_millis(t, 0, step_ms).saturating_add(step_ms);
    let mut windows = Vec::new();
    while end <= last_end {
        windows.push((at_millis(start), at_millis(end)));
        if end == i64::MAX {
            break;
        }
        end = end.saturating_add(step_ms);
    }
    windows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_are_assigned_as_flink_does() {
        let ts =
            |s: &str| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap_or_default();
        let min = 60_000;
        assert_eq!(
            tumble_start(ts("2024-01-01 10:07:30"), 5 * min, 0),
            ts("2024-01-01 10:05:00")
        );
        assert_eq!(
            tumble_start(ts("2024-01-01 10:07:30"), 5 * min, min),
            ts("2024-01-01 10:06:00")
        );
        assert_eq!(
            tumble_start(ts("1969-12-31 23:58:00"), 5 * min, 0),
            ts("1969-12-31 23:55:00")
        );
        assert_eq!(
            hop_starts(ts("2024-01-01 10:07:30"), 5 * min, 10 * min),
            vec![ts("2024-01-01 10:00:00"), ts("2024-01-01 10:05:00")]
        );
        assert_eq!(
            cumulate_windows(ts("2024-01-01 10:07:30"), 5 * min, 15 * min),
            vec![
                (ts("2024-01-01 10:00:00"), ts("2024-01-01 10:10:00")),
                (ts("2024-01-01 10:00:00"), ts("2024-01-01 10:15:00")),
            ]
        );
    }
}
