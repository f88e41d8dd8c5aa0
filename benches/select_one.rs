//! `flinksh -e "SELECT 1;"` on the local backend against `sqlite3 :memory: "select 1;"`,
//! whole processes run alternately, median of many runs. Goal: at most 1.5× sqlite3.
//!
//! Run: `cargo bench --bench select_one` (needs `sqlite3` on PATH: `apt-get install sqlite3`).

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const RUNS: usize = 200;

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

/// One run of `cmd`, timed; `None` if it could not start or failed.
fn time_run(mut cmd: Command) -> Option<Duration> {
    cmd.stdout(Stdio::null())
        .stderr(Stdio::null())
        .stdin(Stdio::null());
    let start = Instant::now();
    let status = cmd.status().ok()?;
    let elapsed = start.elapsed();
    status.success().then_some(elapsed)
}

fn main() {
    let dir = match tempfile::tempdir() {
        Ok(dir) => dir,
        Err(e) => {
            eprintln!("cannot make a temp dir: {e}");
            return;
        }
    };
    let state = dir.path().join("state");
    let flinksh = env!("CARGO_BIN_EXE_flinksh");
    let run_flinksh = || {
        let mut cmd = Command::new(flinksh);
        cmd.arg("--state-dir")
            .arg(&state)
            .args(["--no-history", "-q", "-e", "SELECT 1;"]);
        cmd
    };
    // Warm the state dir so the first run's file creation is not measured.
    let _ = run_flinksh().output();
    let run_sqlite = || {
        let mut cmd = Command::new("sqlite3");
        cmd.args([":memory:", "select 1;"]);
        cmd
    };
    let have_sqlite = time_run(run_sqlite()).is_some();
    // Alternating the two programs exposes both to the same load on the machine, so
    // the ratio holds even while something else runs.
    let mut ours = Vec::with_capacity(RUNS);
    let mut theirs = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let Some(elapsed) = time_run(run_flinksh()) else {
            eprintln!("flinksh failed");
            return;
        };
        ours.push(elapsed);
        if have_sqlite && let Some(elapsed) = time_run(run_sqlite()) {
            theirs.push(elapsed);
        }
    }
    let ours = median(ours);
    println!("flinksh -e \"SELECT 1;\"       median {ours:?} over {RUNS} runs");
    if theirs.is_empty() {
        println!("sqlite3 not found: apt-get install sqlite3 to compare");
        return;
    }
    let theirs = median(theirs);
    println!("sqlite3 :memory: \"select 1;\" median {theirs:?} over {RUNS} runs");
    println!(
        "ratio {:.2}x (goal: at most 1.5x)",
        ours.as_secs_f64() / theirs.as_secs_f64()
    );
}
