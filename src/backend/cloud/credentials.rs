//! Finds the API keys and the remaining cloud settings: environment variables first,
//! then the selected profile of the config file, then (on a terminal) a prompt.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::CloudSettings;
use crate::error::{Error, Result};

/// One API key and its secret, and where they came from (for error messages).
#[derive(Clone)]
pub struct Credential {
    pub key: String,
    pub secret: String,
    /// E.g. `FLINK_API_KEY/FLINK_API_SECRET` or `profile "prod" in /home/u/.config/flinksh/config.toml`.
    pub source: String,
}

impl std::fmt::Debug for Credential {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credential")
            .field("key", &self.key)
            .field("secret", &crate::connections::model::REDACTED)
            .field("source", &self.source)
            .finish()
    }
}

/// Which pair a request uses; decides the wording of a 401.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Statements,
    Connections,
}

impl Purpose {
    pub fn label(self) -> &'static str {
        match self {
            Purpose::Statements => "Flink API key",
            Purpose::Connections => "Cloud API key",
        }
    }
    pub fn vars(self) -> (&'static str, &'static str) {
        match self {
            Purpose::Statements => ("FLINK_API_KEY", "FLINK_API_SECRET"),
            Purpose::Connections => ("CLOUD_API_KEY", "CLOUD_API_SECRET"),
        }
    }
}

/// Everything the cloud backend needs, fully resolved.
#[derive(Debug, Clone)]
pub struct Resolved {
    pub url: String,
    pub organization: String,
    pub environment: String,
    pub compute_pool: Option<String>,
    /// Used for statements.
    pub flink: Credential,
    /// Used for connections.
    pub cloud: Credential,
}

/// Asks the person at the terminal; `secret` prompts must not echo.
pub trait Prompter {
    fn ask(&mut self, prompt: &str, secret: bool) -> std::io::Result<String>;
}

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

/// The address and ids of the profile a config file selects (`--profile`, else
/// `default_profile`, else a profile named `default`), read before any credential is
/// needed: they decide which backend answers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProfileSettings {
    pub url: Option<String>,
    pub organization: Option<String>,
    pub environment: Option<String>,
    pub compute_pool: Option<String>,
}

/// Reads the config file (`config_file`, else the default place) and returns the
/// selected profile's settings, or None when it selects none. An explicit file that
/// cannot be read, or any file that does not parse, is an error.
pub fn selected_profile(
    config_file: Option<&Path>,
    wanted: Option<&str>,
) -> Result<Option<ProfileSettings>> {
    let (path, explicit) = match config_file {
        Some(p) => (p.to_path_buf(), true),
        None => match default_config_path() {
            Some(p) => (p, false),
            None => return Ok(None),
        },
    };
    // Warnings wait for `resolve`, which runs only when the profile is used.
    let (profile, source) = load_profile(&path, explicit, wanted, &mut |_| {})?;
    if source.is_empty() {
        return Ok(None);
    }
    Ok(Some(ProfileSettings {
        url: profile.url.filter(|u| !u.is_empty()),
        organization: profile.organization,
        environment: profile.environment,
        compute_pool: profile.compute_pool,
    }))
}

/// The profiles a config file has, for a message when none was selected; empty when
/// the file cannot be read.
pub fn profile_names(config_file: Option<&Path>) -> Vec<String> {
    let path = match config_file {
        Some(p) => p.to_path_buf(),
        None => match default_config_path() {
            Some(p) => p,
            None => return Vec::new(),
        },
    };
    std::fs::read_to_string(path)
        .ok()
        .and_then(|text| toml::from_str::<ConfigFile>(&text).ok())
        .map(|file| file.profiles.into_keys().collect())
        .unwrap_or_default()
}

/// Resolves settings and credentials. `env` looks up environment variables;
/// `prompter` is given only when the shell may ask at a terminal; `warn` receives
/// one-line warnings (e.g. a config file others can read).
pub fn resolve<'p>(
    settings: &CloudSettings,
    env: &dyn Fn(&str) -> Option<String>,
    prompter: Option<&mut (dyn Prompter + 'p)>,
    warn: &mut dyn FnMut(String),
) -> Result<Resolved> {
    let env = |name: &str| env(name).filter(|v| !v.is_empty());
    let (config_path, explicit) = match &settings.config_file {
        Some(p) => (Some(p.clone()), true),
        None => (default_config_path(), false),
    };
    let (profile, profile_source) = match &config_path {
        Some(path) => load_profile(path, explicit, settings.profile.as_deref(), warn)?,
        None => (Profile::default(), String::new()),
    };
    if settings.profile.is_some() && config_path.is_none() {
        return Err(Error::config(
            "--profile needs a config file: pass --config PATH or set FLINKSH_CONFIG",
        ));
    }

    let url = if settings.url.is_empty() {
        profile.url.clone().ok_or_else(|| {
            Error::config(
                "no API address: give --url URL (FLINKSH_URL), or --cloud and --region (FLINKSH_CLOUD, FLINKSH_REGION)",
            )
        })?
    } else {
        settings.url.clone()
    };
    let organization = settings
        .organization
        .clone()
        .or_else(|| profile.organization.clone())
        .ok_or_else(|| {
            Error::config(
                "missing organization ID: pass --organization or set FLINKSH_ORGANIZATION",
            )
        })?;
    let environment = settings
        .environment
        .clone()
        .or_else(|| profile.environment.clone())
        .ok_or_else(|| {
            Error::config("missing environment ID: pass --environment or set FLINKSH_ENVIRONMENT")
        })?;
    let compute_pool = settings
        .compute_pool
        .clone()
        .or_else(|| profile.compute_pool.clone())
        .filter(|p| !p.is_empty());

    let mut prompter = prompter;
    let flink = pair(
        Purpose::Statements,
        &env,
        (&profile.flink_api_key, &profile.flink_api_secret),
        &profile_source,
        prompter.as_deref_mut(),
    )?;
    let cloud = pair(
        Purpose::Connections,
        &env,
        (&profile.cloud_api_key, &profile.cloud_api_secret),
        &profile_source,
        prompter.as_deref_mut(),
    )?;
    let (flink, cloud) = match (flink, cloud) {
        (Some(f), Some(c)) => (f, c),
        (Some(f), None) => (f.clone(), f),
        (None, Some(c)) => (c.clone(), c),
        (None, None) => match prompter {
            Some(p) => {
                let key = ask(p, "Flink API key: ", false)?;
                if key.is_empty() {
                    return Err(no_credentials(config_path.as_deref()));
                }
                let secret = ask(p, &format!("API secret for key {key}: "), true)?;
                let c = Credential {
                    key,
                    secret,
                    source: "the prompt".to_string(),
                };
                (c.clone(), c)
            }
            None => return Err(no_credentials(config_path.as_deref())),
        },
    };
    Ok(Resolved {
        url: url.trim_end_matches('/').to_string(),
        organization,
        environment,
        compute_pool,
        flink,
        cloud,
    })
}

fn no_credentials(config: Option<&Path>) -> Error {
    let file = config
        .map(|p| format!(" to a profile in {}", p.display()))
        .unwrap_or_else(|| " to a profile in the config file (--config)".to_string());
    Error::config(format!(
        "no API key: set FLINK_API_KEY and FLINK_API_SECRET (statements) and/or CLOUD_API_KEY and CLOUD_API_SECRET (connections), or add them{file}"
    ))
}

fn ask(p: &mut (dyn Prompter + '_), prompt: &str, secret: bool) -> Result<String> {
    p.ask(prompt, secret)
        .map(|s| s.trim().to_string())
        .map_err(|e| Error::config(format!("cannot read from the terminal: {e}")))
}

/// One key/secret pair: the environment wins; the profile fills in; a missing
/// secret for a known key is asked for when a prompter is given.
fn pair<'p>(
    purpose: Purpose,
    env: &dyn Fn(&str) -> Option<String>,
    file: (&Option<String>, &Option<String>),
    profile_source: &str,
    prompter: Option<&mut (dyn Prompter + 'p)>,
) -> Result<Option<Credential>> {
    let (key_var, secret_var) = purpose.vars();
    let (env_key, env_secret) = (env(key_var), env(secret_var));
    let (file_key, file_secret) = (file.0.clone().filter(|s| !s.is_empty()), file.1.clone());
    let (key, secret, source) = match (env_key, env_secret) {
        (Some(k), Some(s)) => (k, Some(s), format!("{key_var}/{secret_var}")),
        (Some(k), None) => {
            // The file's secret only belongs to the same key.
            let s = if file_key.as_deref() == Some(k.as_str()) {
                file_secret
            } else {
                None
            };
            (k, s, format!("{key_var}/{secret_var}"))
        }
        (None, Some(_)) => {
            return Err(Error::config(format!(
                "{secret_var} is set but {key_var} is not: set both, or neither"
            )));
        }
        (None, None) => match file_key {
            Some(k) => (k, file_secret, profile_source.to_string()),
            None if file_secret.is_some() => {
                let field = secret_var.to_ascii_lowercase();
                return Err(Error::config(format!(
                    "{profile_source} has {field} but no {}: add the key",
                    key_var.to_ascii_lowercase()
                )));
            }
            None => return Ok(None),
        },
    };
    let secret = match secret.filter(|s| !s.is_empty()) {
        Some(s) => s,
        None => match prompter {
            Some(p) => ask(
                p,
                &format!("{} secret for key {key}: ", purpose.label()),
                true,
            )?,
            None => {
                return Err(Error::config(format!(
                    "{key_var} is given but no secret: set {secret_var} (secrets are never accepted as flags)"
                )));
            }
        },
    };
    Ok(Some(Credential {
        key,
        secret,
        source,
    }))
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

/// Reads the config file and picks the profile: `--profile`, else `default_profile`,
/// else a profile named `default`, else none.
fn load_profile(
    path: &Path,
    explicit: bool,
    wanted: Option<&str>,
    warn: &mut dyn FnMut(String),
) -> Result<(Profile, String)> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !explicit => {
            if let Some(name) = wanted {
                return Err(Error::config(format!(
                    "profile \"{name}\" not found: there is no config file at {}",
                    path.display()
                )));
            }
            return Ok((Profile::default(), String::new()));
        }
        Err(e) => {
            return Err(Error::config(format!(
                "cannot read config file {}: {e}",
                path.display()
            )));
        }
    };
    let mut file: ConfigFile =
        toml::from_str(&text).map_err(|e| Error::config(config_error(path, &text, &e)))?;
    let name = match wanted.map(str::to_string).or(file.default_profile.clone()) {
        Some(n) => n,
        None if file.profiles.contains_key("default") => "default".to_string(),
        None => return Ok((Profile::default(), String::new())),
    };
    if file.profiles.values().any(Profile::has_secret) {
        warn_if_readable(path, warn);
    }
    match file.profiles.remove(&name) {
        Some(p) => Ok((p, format!("profile \"{name}\" in {}", path.display()))),
        None => {
            let known: Vec<&str> = file.profiles.keys().map(String::as_str).collect();
            let known = if known.is_empty() {
                "it has none".to_string()
            } else {
                format!("it has {}", known.join(", "))
            };
            Err(Error::config(format!(
                "profile \"{name}\" not found in {}: {known}",
                path.display()
            )))
        }
    }
}

#[cfg(unix)]
fn warn_if_readable(path: &Path, warn: &mut dyn FnMut(String)) {
    use std::os::unix::fs::PermissionsExt;
    if let Ok(meta) = std::fs::metadata(path)
        && meta.permissions().mode() & 0o077 != 0
    {
        warn(format!(
            "warning: {} holds API secrets and other users can read it: run chmod 600 {}",
            path.display(),
            path.display()
        ));
    }
}

#[cfg(not(unix))]
fn warn_if_readable(_path: &Path, _warn: &mut dyn FnMut(String)) {}
