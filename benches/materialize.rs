//! The live table's materialiser under load: 1,000,000 changes on 1,000 keys (the
//! changelog of a `GROUP BY key` count: `+I` for a key's first row, then a `-U`/`+U`
//! pair per update), no terminal. Time per change and peak memory (VmHWM).
//!
//! `cargo bench --bench materialize` — four runs:
//! - the materialiser alone, 100,000 and 1,000,000 changes (the peak must not grow with
//!   the number of changes);
//! - the same 1,000,000 changes with the cap (`client.max-rows`) at 100, so the oldest
//!   rows are dropped all the time;
//! - the live sink as the session builds it for `client.result-mode` = `table` without a
//!   terminal: materialised, then the final table printed into `io::sink()`.
//!
//! Exits 1 if a run's peak passes 30 MB.

use std::io;
use std::time::Instant;

use flinksh::cli::OutputFormat;
use flinksh::render::results::materialize::Materializer;
use flinksh::render::results::{LiveOptions, SinkOptions, live_sink};
use flinksh::result::{Boundedness, ChangeKind, Column, Value};

const KEYS: usize = 1_000;
const LIMIT_KB: u64 = 30 * 1024;

fn status_kb(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// Resets VmHWM to the current RSS, so each run's peak is its own.
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// The changelog, made one change at a time: exactly `changes` of them.
fn changelog(changes: usize, mut apply: impl FnMut(ChangeKind, Vec<Value>)) {
    let mut counts = vec![0i64; KEYS];
    let row = |key: usize, count: i64| {
        vec![
            Value::Text(format!("item-{key:04}")),
            Value::Int(count),
            Value::Decimal(format!("{}.{:02}", count * 3, key % 100)),
        ]
    };
    let mut made = 0;
    let mut i = 0;
    while made < changes {
        let key = i % KEYS;
        i += 1;
        let count = counts[key];
        if count == 0 {
            apply(ChangeKind::Insert, row(key, 1));
            made += 1;
        } else {
            apply(ChangeKind::UpdateBefore, row(key, count));
            made += 1;
            if made == changes {
                break;
            }
            apply(ChangeKind::UpdateAfter, row(key, count + 1));
            made += 1;
        }
        counts[key] = count + 1;
    }
}

struct Run {
    label: &'static str,
    changes: usize,
    seconds: f64,
    rows: usize,
    peak_kb: u64,
    before_kb: u64,
}

impl Run {
    fn print(&self) -> bool {
        let over = self.peak_kb > LIMIT_KB;
        println!(
            "{:<34} {:>9} changes  {:>6.3} s  {:>6.0} ns/change  {:>5} rows held  RSS before {:>5.1} MB  peak {:>5.1} MB{}",
            self.label,
            self.changes,
            self.seconds,
            self.seconds * 1e9 / self.changes as f64,
            self.rows,
            self.before_kb as f64 / 1024.0,
            self.peak_kb as f64 / 1024.0,
            if over { "  OVER 30 MB" } else { "" },
        );
        !over
    }
}

fn materializer(label: &'static str, changes: usize, cap: usize) -> Run {
    reset_peak();
    let before_kb = status_kb("VmRSS:");
    let start = Instant::now();
    let mut m = Materializer::new(cap);
    changelog(changes, |kind, values| m.apply(kind, values));
    let seconds = start.elapsed().as_secs_f64();
    assert_eq!(m.changes(), changes as u64);
    Run {
        label,
        changes,
        seconds,
        rows: m.len(),
        peak_kb: status_kb("VmHWM:"),
        before_kb,
    }
}

fn live_without_terminal(changes: usize) -> io::Result<Run> {
    reset_peak();
    let before_kb = status_kb("VmRSS:");
    let start = Instant::now();
    let mut sink = live_sink(
        Box::new(io::sink()),
        LiveOptions {
            format: OutputFormat::Table,
            sink: SinkOptions::default(),
            append_first: false,
            screen: None,
        },
    );
    sink.begin(
        &[
            Column::new("item", "STRING"),
            Column::new("n", "BIGINT"),
            Column::new("total", "DECIMAL(10, 2)"),
        ],
        Boundedness::Unbounded,
    )?;
    let mut failed = None;
    changelog(changes, |kind, values| {
        if failed.is_none()
            && let Err(e) = sink.row(kind, values)
        {
            failed = Some(e);
        }
    });
    if let Some(e) = failed {
        return Err(e);
    }
    let received = sink.end()?;
    let seconds = start.elapsed().as_secs_f64();
    assert_eq!(received, changes as u64);
    Ok(Run {
        label: "live sink, no terminal (+ table)",
        changes,
        seconds,
        rows: KEYS,
        peak_kb: status_kb("VmHWM:"),
        before_kb,
    })
}

/// Making the changes alone (their strings included), to tell the materialiser's share.
fn baseline(changes: usize) -> Run {
    reset_peak();
    let before_kb = status_kb("VmRSS:");
    let start = Instant::now();
    let mut made = 0u64;
    changelog(changes, |_, values| {
        made += values.len() as u64;
        drop(std::hint::black_box(values));
    });
    let seconds = start.elapsed().as_secs_f64();
    Run {
        label: "making the changes only (baseline)",
        changes,
        seconds,
        rows: 0,
        peak_kb: status_kb("VmHWM:"),
        before_kb,
    }
}

fn main() {
    let mut ok = true;
    ok &= baseline(1_000_000).print();
    ok &= materializer("materialiser", 100_000, 10_000).print();
    ok &= materializer("materialiser", 1_000_000, 10_000).print();
    ok &= materializer("materialiser, cap 100 (drops)", 1_000_000, 100).print();
    match live_without_terminal(1_000_000) {
        Ok(run) => ok &= run.print(),
        Err(e) => {
            eprintln!("live sink: {e}");
            ok = false;
        }
    }
    if !ok {
        std::process::exit(1);
    }
}
