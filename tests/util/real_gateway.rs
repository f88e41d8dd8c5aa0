//! The REAL Apache Flink SQL Gateway at `$FLINK_GATEWAY_URL` (CI starts it, see
//! `.ci/run` and `../shared/flink-gateway`): its URL or a skip note, `flinksh` against
//! it, names no other run uses, and its jobs. The cluster has four task slots, so a
//! test that starts a streaming job must end it, even when it fails half-way.

use std::time::Duration;

use super::{Shell, required_env};

/// The gateway's URL; `None`, with a note that the test is skipped, when unset.
pub fn url() -> Option<String> {
    required_env("FLINK_GATEWAY_URL", "see ../shared/flink-gateway/README.md")
}

/// A name no other test run uses, for tables whose jobs a test looks up.
pub fn unique(prefix: &str) -> String {
    format!(
        "{prefix}_{}_{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0)
    )
}

/// `flinksh --gateway URL`, isolated from the machine's configuration.
pub fn flinksh(shell: &Shell, url: &str) -> assert_cmd::Command {
    let mut cmd = shell.cmd();
    cmd.args(["--gateway", url])
        .timeout(Duration::from_secs(120));
    cmd
}

/// One line of `SHOW JOBS`.
pub struct Job {
    pub id: String,
    pub name: String,
    pub status: String,
}

/// The jobs whose name mentions `table`, as `SHOW JOBS` lists them.
pub fn jobs(shell: &Shell, url: &str, table: &str) -> Vec<Job> {
    let out = flinksh(shell, url)
        .args(["-q", "-o", "csv", "-e", "SHOW JOBS"])
        .output()
        .expect("run flinksh");
    assert!(out.status.success(), "{out:?}");
    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    reader
        .records()
        .filter_map(|r| r.ok())
        .filter_map(|r| {
            Some(Job {
                id: r.get(0)?.to_string(),
                name: r.get(1)?.to_string(),
                status: r.get(2)?.to_string(),
            })
        })
        .filter(|job| job.name.contains(table))
        .collect()
}

/// The statuses of the jobs whose name mentions `table`.
pub fn job_statuses(shell: &Shell, url: &str, table: &str) -> Vec<String> {
    jobs(shell, url, table)
        .into_iter()
        .map(|job| job.status)
        .collect()
}

/// Waits until no job of `table` runs; returns the statuses seen last.
pub fn wait_for_jobs_to_end(shell: &Shell, url: &str, table: &str) -> Vec<String> {
    let mut statuses = Vec::new();
    for _ in 0..20 {
        statuses = job_statuses(shell, url, table);
        if !statuses.is_empty() && statuses.iter().all(|s| s != "RUNNING") {
            break;
        }
        std::thread::sleep(Duration::from_millis(500));
    }
    statuses
}

/// Stops, when dropped, every job still running whose name mentions `table`: a test
/// that failed half-way must not leave a streaming job holding a task slot.
pub struct StopJobsOn {
    pub url: String,
    pub table: String,
}

impl Drop for StopJobsOn {
    fn drop(&mut self) {
        let shell = Shell::new();
        // Not `jobs`: a failed SHOW JOBS must not panic while a test is unwinding.
        let Ok(out) = shell
            .cmd()
            .args(["--gateway", &self.url, "-q", "-o", "csv", "-e", "SHOW JOBS"])
            .output()
        else {
            return;
        };
        let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
        for record in reader.records().flatten() {
            let (Some(id), Some(name), Some(status)) =
                (record.get(0), record.get(1), record.get(2))
            else {
                continue;
            };
            if name.contains(&self.table) && status == "RUNNING" {
                let _ = shell
                    .cmd()
                    .args([
                        "--gateway",
                        &self.url,
                        "-q",
                        "-e",
                        &format!("STOP JOB '{id}'"),
                    ])
                    .output();
            }
        }
    }
}
