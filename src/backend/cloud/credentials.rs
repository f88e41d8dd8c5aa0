//! Finds the API keys: environment variables first, then the key pairs of the config
//! file's profile (already read by the command-line layer), then (on a terminal) a
//! prompt; and checks the settings the backend cannot do without.

use std::path::Path;

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

/// One key and secret as a config file's profile gives them; either may be missing.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct KeyPair {
    pub key: Option<String>,
    pub secret: Option<String>,
}

impl std::fmt::Debug for KeyPair {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyPair")
            .field("key", &self.key)
            .field(
                "secret",
                &self
                    .secret
                    .as_ref()
                    .map(|_| crate::connections::model::REDACTED),
            )
            .finish()
    }
}

/// The key pairs of the selected profile, and where they came from (for messages).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProfileKeys {
    /// For statements.
    pub flink: KeyPair,
    /// For connections.
    pub cloud: KeyPair,
    /// E.g. `profile "prod" in /home/u/.config/flinksh/config.toml`; empty without one.
    pub source: String,
}

/// Checks the settings and resolves the credentials. `env` looks up environment
/// variables; `prompter` is given only when the shell may ask at a terminal.
pub fn resolve<'p>(
    settings: &CloudSettings,
    env: &dyn Fn(&str) -> Option<String>,
    prompter: Option<&mut (dyn Prompter + 'p)>,
) -> Result<Resolved> {
    let env = |name: &str| env(name).filter(|v| !v.is_empty());
    let config_path = settings.config_file.as_deref();
    let profile = &settings.profile_keys;
    let url = settings.url.clone();
    let organization = settings.organization.clone().ok_or_else(|| {
        Error::config("missing organization ID: pass --organization or set FLINKSH_ORGANIZATION")
    })?;
    let environment = settings.environment.clone().ok_or_else(|| {
        Error::config("missing environment ID: pass --environment or set FLINKSH_ENVIRONMENT")
    })?;
    let compute_pool = settings.compute_pool.clone().filter(|p| !p.is_empty());

    let mut prompter = prompter;
    let flink = pair(
        Purpose::Statements,
        &env,
        &profile.flink,
        &profile.source,
        prompter.as_deref_mut(),
    )?;
    let cloud = pair(
        Purpose::Connections,
        &env,
        &profile.cloud,
        &profile.source,
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
                    return Err(no_credentials(config_path));
                }
                let secret = ask(p, &format!("API secret for key {key}: "), true)?;
                let c = Credential {
                    key,
                    secret,
                    source: "the prompt".to_string(),
                };
                (c.clone(), c)
            }
            None => return Err(no_credentials(config_path)),
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
    file: &KeyPair,
    profile_source: &str,
    prompter: Option<&mut (dyn Prompter + 'p)>,
) -> Result<Option<Credential>> {
    let (key_var, secret_var) = purpose.vars();
    let (env_key, env_secret) = (env(key_var), env(secret_var));
    let (file_key, file_secret) = (
        file.key.clone().filter(|s| !s.is_empty()),
        file.secret.clone(),
    );
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
