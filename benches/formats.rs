//! Result printers under load: time and peak memory (VmHWM) per format.
//!
//! `cargo bench --bench formats` — 1,000,000 rows through csv and jsonl (and 100,000 to
//! show the peak does not grow with the row count), 100,000 rows through table and tableau
//! in blocks of client.max-rows (10,000). Rows are made on the fly and printed into
//! `io::sink()`, so what is measured is the printer. Exits 1 if a streaming format's peak
//! passes 30 MB.

use std::io;
use std::time::Instant;

use flinksh::cli::OutputFormat;
use flinksh::render::results::{SinkOptions, sink};
use flinksh::result::{Boundedness, ChangeKind, Column, Value};

const LIMIT_KB: u64 = 30 * 1024;

fn columns() -> Vec<Column> {
    vec![
        Column::new("id", "BIGINT"),
        Column::new("name", "STRING"),
        Column::new("price", "DECIMAL(10, 2)"),
        Column::new("ratio", "DOUBLE"),
        Column::new("active", "BOOLEAN"),
        Column::new("tags", "ARRAY<STRING>"),
        Column::new("address", "ROW<`city` STRING, `zip` INT>"),
        Column::new("note", "STRING"),
    ]
}

fn row(i: u64) -> Vec<Value> {
    let n = i as i64;
    vec![
        Value::Int(n),
        Value::Text(format!("customer-{i}")),
        Value::Decimal(format!("{}.{:02}", i % 10_000, i % 100)),
        Value::Float(i as f64 / 7.0),
        Value::Bool(i.is_multiple_of(2)),
        Value::Array(vec![Value::Text("a".into()), Value::Text("東京".into())]),
        Value::Row(vec![
            Value::Text("Zürich".into()),
            Value::Int(8000 + n % 100),
        ]),
        if i.is_multiple_of(10) {
            Value::Null
        } else {
            Value::Text("a note, with \"quotes\"\nand a newline".into())
        },
    ]
}

fn status_kb(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// Resets VmHWM to the current RSS (Linux: write 5 to clear_refs), so each run's peak is
/// its own.
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn run(format: OutputFormat, rows: u64) -> bool {
    reset_peak();
    let before = status_kb("VmRSS:");
    let start = Instant::now();
    let mut s = sink(format, Box::new(io::sink()), SinkOptions::default());
    let cols = columns();
    let result = (|| {
        s.begin(&cols, Boundedness::Bounded)?;
        for i in 0..rows {
            s.row(ChangeKind::Insert, row(i))?;
        }
        s.end()
    })();
    let elapsed = start.elapsed();
    drop(s);
    let count = match result {
        Ok(n) => n,
        Err(e) => {
            eprintln!("{}: {e}", format.name());
            return false;
        }
    };
    let peak = status_kb("VmHWM:");
    let streaming = !matches!(format, OutputFormat::Table | OutputFormat::Tableau);
    let over = streaming && peak > LIMIT_KB;
    println!(
        "{:<8} {:>9} rows  {:>7.2} s  {:>9.0} rows/s  RSS before {:>6.1} MB  peak {:>6.1} MB{}",
        format.name(),
        count,
        elapsed.as_secs_f64(),
        count as f64 / elapsed.as_secs_f64(),
        before as f64 / 1024.0,
        peak as f64 / 1024.0,
        if over { "  OVER 30 MB" } else { "" },
    );
    !over
}

fn main() {
    // `cargo bench` passes `--bench`; ignore it.
    let mut ok = true;
    for (format, rows) in [
        (OutputFormat::Csv, 100_000),
        (OutputFormat::Csv, 1_000_000),
        (OutputFormat::Jsonl, 100_000),
        (OutputFormat::Jsonl, 1_000_000),
        (OutputFormat::Tsv, 1_000_000),
        (OutputFormat::Json, 1_000_000),
        (OutputFormat::Table, 100_000),
        (OutputFormat::Tableau, 100_000),
    ] {
        ok &= run(format, rows);
    }
    if !ok {
        std::process::exit(1);
    }
}
