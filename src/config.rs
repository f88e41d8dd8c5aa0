//! The config file, read once per run: the profile selected (`--profile`, else
//! `default_profile`, else one named `default`) and merged into the cloud settings,
//! flags winning setting by setting.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::backend::cloud::{CloudSettings, KeyPair, ProfileKeys};
use crate::error::{Error, Result};

/// `<config dir>/flinksh/config.toml`.
#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    default_profile: Option<String>,
    #[serde(default)]
    profiles: BTreeMap<String, Profile>,
}

#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Profile {
    url: Option<String>,
    organization: Option<String>,
    environment: Option<String>,
    compute_pool: Option<String>,
    flink_api_key: Option<String>,
    flink_api_secret: Option<String>,
    cloud_api_key: Option<String>,
    cloud_api_secret: Option<String>,
}

impl Profile {
    fn has_secret(&self) -> bool {
        self.flink_api_secret.is_some() || self.cloud_api_secret.is_some()
    }
}

/// The default config file location.
pub fn default_config_path() -> Option<PathBuf> {
    dirs::config_dir().map(|d| d.join("flinksh").join("config.toml"))
}

/// What one reading of the config file found.
#[derive(Debug, Default)]
pub struct Loaded {
    /// The file consulted (the explicit one, else the default place), if any.
    path: Option<PathBuf>,
    /// The `--profile` asked for, if any.
    wanted: Option<String>,
    /// The selected profile, if the file selects one.
    profile: Option<Selected>,
    /// Every profile the file has, for a message when none was selected.
    pub profile_names: Vec<String>,
    /// One-line warnings to show if the profile is used (a file others can read).
    warnings: Vec<String>,
}

#[derive(Debug)]
struct Selected {
    url: Option<String>,
    organization: Option<String>,
    environment: Option<String>,
    compute_pool: Option<String>,
    keys: ProfileKeys,
}

/// The cloud settings given as flags or environment variables, before the profile
/// fills in what they leave out.
#[derive(Debug, Default, Clone)]
pub struct CloudFlags {
    pub url: Option<String>,
    pub organization: Option<String>,
    pub environment: Option<String>,
    pub compute_pool: Option<String>,
}

/// Reads the config file (`explicit`, else the default place) and selects the profile
/// (`wanted`, else `default_profile`, else one named `default`). An explicit file that
/// cannot be read, any file that does not parse, and a profile that is not there are
/// errors; a missing default file is not.
pub fn load(explicit: Option<&Path>, wanted: Option<&str>) -> Result<Loaded> {
    let (path, is_explicit) = match explicit {
        Some(p) => (p.to_path_buf(), true),
        None => match default_config_path() {
            Some(p) => (p, false),
            None => {
                return Ok(Loaded {
                    wanted: wanted.map(str::to_string),
                    ..Loaded::default()
                });
            }
        },
    };
    let mut loaded = Loaded {
        path: Some(path.clone()),
        wanted: wanted.map(str::to_string),
        ..Loaded::default()
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !is_explicit => {
            if let Some(name) = wanted {
                return Err(Error::config(format!(
                    "profile \"{name}\" not found: there is no config file at {}",
                    path.display()
                )));
            }
            return Ok(loaded);
        }
        Err(e) => {
            return Err(Error::config(format!(
                "cannot read config file {}: {e}",
                path.display()
            )));
        }
    };
    let mut file: ConfigFile =
        toml::from_str(&text).map_err(|e| Error::config(config_error(&path, &text, &e)))?;
    loaded.profile_names = file.profiles.keys().cloned().collect();
    let name = match wanted.map(str::to_string).or(file.default_profile.clone()) {
        Some(n) => n,
        None if file.profiles.contains_key("default") => "default".to_string(),
        None => return Ok(loaded),
    };
    if file.profiles.values().any(Profile::has_secret) {
        loaded.warnings.extend(readable_warning(&path));
    }
    let Some(p) = file.profiles.remove(&name) else {
        let known = if file.profiles.is_empty() {
            "it has none".to_string()
        } else {
            format!("it has {}", loaded.profile_names.join(", "))
        };
        return Err(Error::config(format!(
            "profile \"{name}\" not found in {}: {known}",
            path.display()
        )));
    };
    loaded.profile = Some(Selected {
        url: p.url.filter(|u| !u.is_empty()),
        organization: p.organization,
        environment: p.environment,
        compute_pool: p.compute_pool,
        keys: ProfileKeys {
            flink: KeyPair {
                key: p.flink_api_key,
                secret: p.flink_api_secret,
            },
            cloud: KeyPair {
                key: p.cloud_api_key,
                secret: p.cloud_api_secret,
            },
            source: format!("profile \"{name}\" in {}", path.display()),
        },
    });
    Ok(loaded)
}

impl Loaded {
    /// Whether the file selects a profile (which alone chooses the cloud backend).
    pub fn has_profile(&self) -> bool {
        self.profile.is_some()
    }

    /// The selected profile's address, if it has one.
    pub fn profile_url(&self) -> Option<&str> {
        self.profile.as_ref().and_then(|p| p.url.as_deref())
    }

    /// The cloud settings: each flag wins, the profile fills in the rest.
    pub fn cloud_settings(self, flags: CloudFlags) -> Result<CloudSettings> {
        if self.wanted.is_some() && self.path.is_none() {
            return Err(Error::config(
                "--profile needs a config file: pass --config PATH or set FLINKSH_CONFIG",
            ));
        }
        let (url, organization, environment, compute_pool, keys) = match self.profile {
            Some(p) => (p.url, p.organization, p.environment, p.compute_pool, p.keys),
            None => (None, None, None, None, ProfileKeys::default()),
        };
        let url = flags.url.or(url).ok_or_else(|| {
            Error::config(
                "no API address: give --url URL (FLINKSH_URL), or --cloud and --region (FLINKSH_CLOUD, FLINKSH_REGION)",
            )
        })?;
        Ok(CloudSettings {
            url: url.trim_end_matches('/').to_string(),
            organization: flags.organization.or(organization),
            environment: flags.environment.or(environment),
            compute_pool: flags.compute_pool.or(compute_pool),
            profile_keys: keys,
            config_file: self.path,
            warnings: self.warnings,
        })
    }
}

/// One line about a config file that did not load. Type errors from serde quote the
/// value (`invalid type: integer \`98765432\``), and the value may be a secret: those
/// name the line and key instead.
fn config_error(path: &Path, text: &str, e: &toml::de::Error) -> String {
    let start = e.span().map(|s| s.start.min(text.len()));
    let line = start.map(|at| {
        text.as_bytes()[..at]
            .iter()
            .filter(|b| **b == b'\n')
            .count()
            + 1
    });
    let at_line = line.map(|n| format!(", line {n}")).unwrap_or_default();
    let message = e.message();
    let about_a_value = [
        "invalid type",
        "invalid value",
        "invalid length",
        "unknown variant",
    ]
    .iter()
    .any(|p| message.starts_with(p));
    if about_a_value {
        // serde's "expected …" describes the type, never the value.
        let expected = match message.rsplit_once(", expected ").map(|(_, e)| e.trim()) {
            Some("a string") | None => "a quoted string",
            Some(other) => other,
        };
        let key = start.and_then(|at| key_before(text, at));
        return match key {
            Some(key) => format!(
                "config file {}{at_line}: the value of {key} must be {expected}",
                path.display()
            ),
            None => format!(
                "config file {}{at_line}: a value must be {expected}",
                path.display()
            ),
        };
    }
    let message: Vec<&str> = message
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    format!(
        "config file {} is not valid{at_line}: {}",
        path.display(),
        message.join("; ")
    )
}

/// The key of the `key = value` line that byte `at` of `text` falls in, if `at` is in
/// its value.
fn key_before(text: &str, at: usize) -> Option<String> {
    let line_start = text.get(..at)?.rfind('\n').map_or(0, |i| i + 1);
    let before = text.get(line_start..at)?;
    let (key, _) = before.split_once('=')?;
    let key = key.trim().trim_matches(|c| c == '"' || c == '\'');
    (!key.is_empty()).then(|| key.to_string())
}

#[cfg(unix)]
fn readable_warning(path: &Path) -> Option<String> {
    use std::os::unix::fs::PermissionsExt;
    let meta = std::fs::metadata(path).ok()?;
    (meta.permissions().mode() & 0o077 != 0).then(|| {
        format!(
            "warning: {} holds API secrets and other users can read it: run chmod 600 {}",
            path.display(),
            path.display()
        )
    })
}

#[cfg(not(unix))]
fn readable_warning(_path: &Path) -> Option<String> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, text).unwrap();
        (dir, path)
    }

    const PROFILE: &str = "[profiles.default]\nurl = \"https://p\"\norganization = \"org-p\"\nenvironment = \"env-p\"\ncompute_pool = \"pool-p\"\nflink_api_key = \"FK\"\nflink_api_secret = \"S3cr3t-flink\"\n";

    #[test]
    fn flags_win_setting_by_setting_and_the_profile_fills_in() {
        let (_dir, path) = file(PROFILE);
        let settings = load(Some(&path), None)
            .unwrap()
            .cloud_settings(CloudFlags {
                environment: Some("env-flag".into()),
                ..CloudFlags::default()
            })
            .unwrap();
        assert_eq!(settings.url, "https://p");
        assert_eq!(settings.organization.as_deref(), Some("org-p"));
        assert_eq!(settings.environment.as_deref(), Some("env-flag"));
        assert_eq!(settings.compute_pool.as_deref(), Some("pool-p"));
        assert_eq!(settings.profile_keys.flink.key.as_deref(), Some("FK"));
        assert!(settings.profile_keys.source.contains("profile \"default\""));
    }

    #[test]
    fn secrets_never_show_in_debug_output() {
        let (_dir, path) = file(PROFILE);
        let loaded = load(Some(&path), None).unwrap();
        assert!(!format!("{loaded:?}").contains("S3cr3t"));
        let settings = loaded.cloud_settings(CloudFlags::default()).unwrap();
        let debug = format!("{settings:?}");
        assert!(!debug.contains("S3cr3t"), "{debug}");
        assert!(debug.contains("FK"), "{debug}");
    }

    #[test]
    fn a_profile_asked_for_without_a_config_file_is_an_error() {
        let loaded = Loaded {
            wanted: Some("prod".into()),
            ..Loaded::default()
        };
        let e = loaded.cloud_settings(CloudFlags::default()).unwrap_err();
        assert!(e.message.contains("--profile needs a config file"), "{e}");
    }
}
