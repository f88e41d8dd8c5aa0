//! Time to render a 100,000-row × 10-column list table into `io::sink()`,
//! and to wrap one 1,000,000-character cell.
//! Run with `cargo bench --bench render`; see benches/README.md.

use std::hint::black_box;
use std::io;
use std::time::{Duration, Instant};

use flinksh::render::connections::HEADERS;
use flinksh::render::list_table;

const ROWS: usize = 100_000;
const RUNS: usize = 7;
const BIG_CELL: usize = 1_000_000;

/// A small deterministic generator, so every run renders the same table.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.next() % items.len()]
    }
}

/// Cells like SHOW CONNECTIONS prints: a creation date that wraps onto two
/// lines in every row, short ids, long unbroken endpoints, and a status detail
/// that is usually empty and sometimes a sentence with wide characters.
fn table() -> (Vec<String>, Vec<Vec<String>>) {
    let mut rng = Lcg(42);
    let types = ["OPENAI", "AZUREOPENAI", "BEDROCK", "VERTEXAI", "PINECONE"];
    let endpoints = [
        "https://api.openai.com/v1/chat/completions",
        "https://my-resource.openai.azure.com/deployments",
        "https://bedrock-runtime.us-east-1.amazonaws.com/completions",
        "https://x.io",
    ];
    let phases = ["READY", "ACTIVE", "UNREACHABLE", ""];
    let details = [
        "",
        "",
        "",
        "expired",
        "lookup refused at ai.openai.com, see docs and retry later",
        "接続 expired connection lookup refused the endpoint 뭐이",
    ];
    let rows = (0..ROWS)
        .map(|i| {
            let date = format!(
                "2025-{:02}-{:02} {:02}:{:02}:{:02}.{:06} +0000 UTC",
                1 + i % 12,
                1 + i % 28,
                i % 24,
                i % 60,
                (i / 60) % 60,
                rng.next() % 1_000_000
            );
            vec![
                date,
                format!("connection-{i}-{:x}", rng.next()),
                "env-a1b2c3".to_string(),
                "aws".to_string(),
                "us-west-2".to_string(),
                rng.pick(&types).to_string(),
                rng.pick(&endpoints).to_string(),
                "<REDACTED>".to_string(),
                rng.pick(&phases).to_string(),
                rng.pick(&details).to_string(),
            ]
        })
        .collect();
    (HEADERS.iter().map(|h| h.to_string()).collect(), rows)
}

fn main() -> io::Result<()> {
    let (headers, rows) = table();
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            list_table::render(&mut io::sink(), black_box(&headers), black_box(&rows))?;
            Ok(start.elapsed())
        })
        .collect::<io::Result<_>>()?;
    times.sort();
    let median = times[RUNS / 2];
    println!(
        "list table, {ROWS} rows x {} columns: median {:.1} ms over {RUNS} runs (min {:.1} ms, max {:.1} ms)",
        headers.len(),
        median.as_secs_f64() * 1e3,
        times[0].as_secs_f64() * 1e3,
        times[RUNS - 1].as_secs_f64() * 1e3,
    );

    // One cell of 1,000,000 characters of short words: the line breaker's
    // worst case, quadratic in words before its inner loop was pruned.
    let words = ["flink", "sql", "a", "streaming", "of", "shell", "row"];
    let mut cell = String::new();
    let mut i = 0;
    while cell.len() < BIG_CELL {
        cell.push_str(words[i % words.len()]);
        cell.push(' ');
        i += 1;
    }
    cell.truncate(BIG_CELL);
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            black_box(list_table::wrap_cell(
                black_box(&cell),
                list_table::WRAP_LIMIT,
            ));
            start.elapsed()
        })
        .collect();
    times.sort();
    println!(
        "one cell of {BIG_CELL} characters: median {:.1} ms over {RUNS} runs (min {:.1} ms, max {:.1} ms)",
        times[RUNS / 2].as_secs_f64() * 1e3,
        times[0].as_secs_f64() * 1e3,
        times[RUNS - 1].as_secs_f64() * 1e3,
    );
    Ok(())
}
