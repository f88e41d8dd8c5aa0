//! Start-up to a usable prompt: spawns the shell in a pty, times until its prompt
//! appears, and prints the median of many runs. Goal: under 20 ms.
//!
//! `cargo bench --bench startup` (release build). `FLINKSH_BENCH_RUNS` sets the number
//! of runs (default 30). The history file holds 5,000 entries so loading it counts.

use std::io::{Read, Write};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use rexpect::process::PtyProcess;

const PROMPT: &[u8] = b"local> ";

fn main() {
    let runs: usize = std::env::var("FLINKSH_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(30);
    let dir = tempfile::tempdir().expect("temporary directory");
    let history = dir.path().join("history");
    let mut text = String::from("#V2\n");
    for i in 0..5_000 {
        text.push_str(&format!("SELECT {i} AS n,\\n  'row {i}' AS label;\n"));
    }
    std::fs::write(&history, text).expect("history file");

    // The first run creates the local state; it is not timed.
    time_to_prompt(dir.path(), &history);
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| time_to_prompt(dir.path(), &history))
        .collect();
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "startup to prompt over {runs} runs: median {:.1} ms, min {:.1} ms, p90 {:.1} ms, max {:.1} ms (goal < 20 ms)",
        ms(times[runs / 2]),
        ms(times[0]),
        ms(times[(runs * 9 / 10).min(runs - 1)]),
        ms(times[runs - 1]),
    );
}

/// Spawns the shell and reads its pty directly (no polling) until the prompt shows.
fn time_to_prompt(dir: &Path, history: &Path) -> Duration {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_flinksh"));
    cmd.arg("--state-dir")
        .arg(dir.join("state"))
        .arg("--history-file")
        .arg(history)
        .arg("--local")
        .env("TERM", "xterm")
        .env("NO_COLOR", "1");
    let started = Instant::now();
    let process = PtyProcess::new(cmd).expect("spawn flinksh in a pty");
    let mut pty = process.get_file_handle().expect("pty handle");
    let mut seen = Vec::new();
    let mut buf = [0u8; 4096];
    while !seen.windows(PROMPT.len()).any(|w| w == PROMPT) {
        let n = pty.read(&mut buf).expect("read from the pty");
        assert!(n > 0, "flinksh exited before its prompt: {seen:?}");
        seen.extend_from_slice(&buf[..n]);
    }
    let elapsed = started.elapsed();
    // Ctrl-D on the empty line ends it; drain until the pty closes.
    pty.write_all(b"\x04").expect("write to the pty");
    while matches!(pty.read(&mut buf), Ok(n) if n > 0) {}
    process.wait().expect("flinksh exits");
    elapsed
}
