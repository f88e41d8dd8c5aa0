//! Test harness: a temp dir per test and the built `flinksh`, with every path and
//! setting that could leak in from the developer's machine overridden.

#![allow(dead_code)]

#[cfg(unix)]
pub mod process;
pub mod real_gateway;

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use tempfile::TempDir;

pub struct Shell {
    dir: TempDir,
}

impl Shell {
    pub fn new() -> Shell {
        Shell {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    pub fn state_dir(&self) -> PathBuf {
        self.dir.path().join("state")
    }

    /// Writes a file into the test's directory and returns its path.
    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, contents).expect("write test file");
        path
    }

    /// `flinksh` on the local backend in this test's state dir, no history.
    pub fn cmd(&self) -> Command {
        Command::from(self.std_cmd())
    }

    /// `cmd` as a standard library command, for spawning and piping by hand.
    pub fn std_cmd(&self) -> std::process::Command {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_flinksh"));
        for var in [
            "FLINKSH_STATE_DIR",
            "FLINKSH_URL",
            "FLINKSH_CLOUD",
            "FLINKSH_REGION",
            "FLINKSH_ORGANIZATION",
            "FLINKSH_ENVIRONMENT",
            "FLINKSH_COMPUTE_POOL",
            "FLINKSH_PROFILE",
            "FLINKSH_CONFIG",
            "FLINKSH_HISTORY",
            "FLINK_API_KEY",
            "FLINK_API_SECRET",
            "CLOUD_API_KEY",
            "CLOUD_API_SECRET",
            // Alone, it would start a real Flink SQL Gateway.
            "FLINK_HOME",
        ] {
            cmd.env_remove(var);
        }
        cmd.env("HOME", self.dir.path())
            .env("XDG_CONFIG_HOME", self.dir.path().join("config"))
            .env("XDG_DATA_HOME", self.dir.path().join("data"))
            .arg("--state-dir")
            .arg(self.state_dir())
            .arg("--no-history");
        cmd
    }

    /// `flinksh` with HOME pointing at a directory that does not exist
    /// (`<dir>/nonexistent`), no XDG directories, and nothing else set.
    pub fn homeless_cmd(&self) -> std::process::Command {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_flinksh"));
        for (key, _) in std::env::vars_os() {
            let key = key.to_string_lossy().into_owned();
            if key.starts_with("FLINKSH_")
                || key.starts_with("XDG_")
                || key.ends_with("_API_KEY")
                || key.ends_with("_API_SECRET")
            {
                cmd.env_remove(key);
            }
        }
        cmd.env("HOME", self.dir.path().join("nonexistent"));
        cmd
    }

    /// Runs `flinksh -e SQL` and returns its output.
    pub fn sql(&self, sql: &str) -> Output {
        self.cmd().arg("-e").arg(sql).output().expect("run flinksh")
    }
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The process's exit code; a signal death fails the test.
pub fn code(output: &Output) -> i32 {
    output.status.code().expect("exited by a signal")
}

/// The value of `var`, which a test needs from the machine (a real gateway, a Flink
/// distribution); `None`, with a note saying the test is skipped and `how` to get it,
/// when unset or empty.
pub fn required_env(var: &str, how: &str) -> Option<String> {
    match std::env::var(var) {
        Ok(value) if !value.is_empty() => Some(value),
        _ => {
            eprintln!("skipped: {var} is not set ({how})");
            None
        }
    }
}
