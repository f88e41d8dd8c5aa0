//! Keeps the history file: loads it once, appends one entry per accepted statement.
//!
//! The file is rustyline's `#V2` format (one entry a line, `\n` and `\` escaped), so a
//! multi-line statement is one entry. rustyline's own `FileHistory::append` rewrites
//! the file under a lock and only when asked; here each entry goes out in a single
//! `O_APPEND` write the moment it is accepted, so a killed shell loses nothing and two
//! shells on one file interleave without clobbering each other.

use std::fs::OpenOptions;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// rustyline's marker for the escaped, multi-line-aware format.
const HEADER: &str = "#V2";

/// What was read from a history file, and the one warning to show if it was not clean.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Loaded {
    /// Oldest first.
    pub entries: Vec<String>,
    pub warning: Option<String>,
}

/// The history file of one shell.
#[derive(Debug)]
pub struct HistoryFile {
    path: PathBuf,
    /// Whether a write already failed: the user hears about it once, not per statement.
    write_failed: bool,
}

impl HistoryFile {
    pub fn new(path: impl Into<PathBuf>) -> Self {
        HistoryFile {
            path: path.into(),
            write_failed: false,
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Reads every entry. A missing file is an empty history; an unreadable or
    /// partly corrupt one yields what could be read plus one warning.
    pub fn load(&self) -> Loaded {
        match std::fs::read(&self.path) {
            Ok(bytes) => {
                let (entries, bad) = parse(&bytes);
                let warning = (bad > 0).then(|| {
                    format!(
                        "Warning: {bad} unreadable {} in history file {} skipped",
                        if bad == 1 { "entry" } else { "entries" },
                        self.path.display()
                    )
                });
                Loaded { entries, warning }
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => Loaded::default(),
            Err(e) => Loaded {
                entries: Vec::new(),
                warning: Some(format!(
                    "Warning: cannot read history file {}: {}; earlier history is not available",
                    self.path.display(),
                    reason(&e)
                )),
            },
        }
    }

    /// Appends one entry. Returns a warning the first time writing fails; later
    /// failures stay quiet so the prompt is not buried in repeats.
    pub fn append(&mut self, entry: &str) -> Option<String> {
        match self.try_append(entry) {
            Ok(()) => None,
            Err(e) if !self.write_failed => {
                self.write_failed = true;
                Some(format!(
                    "Warning: cannot write history file {}: {}; statements are not saved to it",
                    self.path.display(),
                    reason(&e)
                ))
            }
            Err(_) => None,
        }
    }

    fn try_append(&self, entry: &str) -> io::Result<()> {
        if let Some(parent) = self.path.parent()
            && !parent.as_os_str().is_empty()
            && !parent.exists()
        {
            create_private_dir(parent)?;
        }
        let mut file = open_append(&self.path)?;
        let mut record = String::with_capacity(entry.len() + HEADER.len() + 2);
        // Two shells creating the file at once may both write the header; the loader
        // skips a header line wherever it appears.
        if file.metadata()?.len() == 0 {
            record.push_str(HEADER);
            record.push('\n');
        }
        escape_into(entry, &mut record);
        record.push('\n');
        // One write of the whole record: with O_APPEND it lands after whatever the
        // other shell wrote, never inside it.
        file.write_all(record.as_bytes())
    }
}

#[cfg(unix)]
fn open_append(path: &Path) -> io::Result<std::fs::File> {
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    let file = OpenOptions::new()
        .append(true)
        .create(true)
        .mode(0o600)
        .open(path)?;
    // A file made by an older tool (or by hand) may be readable by others; the
    // history can hold statements nobody else should read.
    // Only a regular file: `--history-file /dev/null` must not touch the device.
    let meta = file.metadata()?;
    if meta.is_file() && meta.permissions().mode() & 0o077 != 0 {
        let _ = file.set_permissions(std::fs::Permissions::from_mode(0o600));
    }
    Ok(file)
}

#[cfg(not(unix))]
fn open_append(path: &Path) -> io::Result<std::fs::File> {
    OpenOptions::new().append(true).create(true).open(path)
}

#[cfg(unix)]
fn create_private_dir(dir: &Path) -> io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
}

#[cfg(not(unix))]
fn create_private_dir(dir: &Path) -> io::Result<()> {
    std::fs::create_dir_all(dir)
}

fn reason(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        io::ErrorKind::IsADirectory => "it is a directory".to_string(),
        _ => e.to_string(),
    }
}

/// Escapes an entry onto one line the way rustyline writes `#V2` files.
pub fn escape_into(entry: &str, out: &mut String) {
    for c in entry.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
}

/// Undoes `escape_into`; None for an escape rustyline never writes.
pub fn unescape(line: &str) -> Option<String> {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some('\\') => out.push('\\'),
                _ => return None,
            }
        } else {
            out.push(c);
        }
    }
    Some(out)
}

/// Entries in file order, and how many lines could not be read.
fn parse(bytes: &[u8]) -> (Vec<String>, usize) {
    let mut entries = Vec::new();
    let mut bad = 0;
    for raw in bytes.split(|b| *b == b'\n') {
        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        if raw.is_empty() {
            continue;
        }
        let Ok(line) = std::str::from_utf8(raw) else {
            bad += 1;
            continue;
        };
        if line == HEADER {
            continue;
        }
        match unescape(line) {
            Some(entry) => entries.push(entry),
            None => bad += 1,
        }
    }
    (entries, bad)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multi_line_entries_round_trip_through_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let mut file = HistoryFile::new(dir.path().join("sub/history"));
        assert_eq!(file.append("SELECT\n  'a\\b'\nFROM t;"), None);
        assert_eq!(file.append("SELECT 2;"), None);
        let loaded = file.load();
        assert_eq!(
            loaded.entries,
            vec!["SELECT\n  'a\\b'\nFROM t;", "SELECT 2;"]
        );
        assert_eq!(loaded.warning, None);
        let text = std::fs::read_to_string(file.path()).unwrap();
        assert_eq!(text, "#V2\nSELECT\\n  'a\\\\b'\\nFROM t;\nSELECT 2;\n");
    }

    #[cfg(unix)]
    #[test]
    fn a_new_file_is_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let mut file = HistoryFile::new(dir.path().join("history"));
        file.append("SELECT 1;");
        let mode = std::fs::metadata(file.path()).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    #[cfg(unix)]
    #[test]
    fn an_existing_file_readable_by_others_is_made_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("history");
        std::fs::write(&path, "#V2\nSELECT 1;\n").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        HistoryFile::new(&path).append("SELECT 2;");
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        assert_eq!(
            HistoryFile::new(&path).load().entries,
            vec!["SELECT 1;", "SELECT 2;"]
        );
    }

    #[test]
    fn rustyline_reads_what_we_write() {
        use rustyline::history::{FileHistory, History};
        let dir = tempfile::tempdir().unwrap();
        let mut file = HistoryFile::new(dir.path().join("history"));
        file.append("SELECT\n1;");
        file.append("a \\ b");
        let mut theirs = FileHistory::new();
        theirs.load(file.path()).unwrap();
        let entries: Vec<&String> = theirs.iter().collect();
        assert_eq!(entries, vec!["SELECT\n1;", "a \\ b"]);
    }

    #[test]
    fn corrupt_lines_are_skipped_with_one_warning() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("history");
        std::fs::write(
            &path,
            b"#V2\nSELECT 1;\n\xff\xfe\nbad \\q escape\n#V2\nSELECT 2;\n",
        )
        .unwrap();
        let loaded = HistoryFile::new(&path).load();
        assert_eq!(loaded.entries, vec!["SELECT 1;", "SELECT 2;"]);
        let warning = loaded.warning.unwrap();
        assert!(warning.contains("2 unreadable entries"), "{warning}");
    }

    #[test]
    fn a_missing_file_is_an_empty_history() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            HistoryFile::new(dir.path().join("none")).load(),
            Loaded::default()
        );
    }

    #[test]
    fn an_unreadable_file_warns_and_a_failed_write_warns_once() {
        let dir = tempfile::tempdir().unwrap();
        // A directory where the file should be: unreadable and unwritable.
        let mut file = HistoryFile::new(dir.path());
        assert!(
            file.load()
                .warning
                .unwrap()
                .contains("cannot read history file")
        );
        assert!(file.append("SELECT 1;").is_some());
        assert!(file.append("SELECT 2;").is_none());
    }
}
