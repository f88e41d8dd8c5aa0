//! Where the cloud backend finds its settings and API keys: environment, config file
//! profiles, prompts, and the one-line errors when something is missing.

use crate::support;

use std::io;
use std::path::PathBuf;

use flinksh::ErrorKind;
use flinksh::backend::cloud::credentials::{self, Prompter};
use support::client::{Open, settings};
use support::{FakeConfig, start};

fn config_file(dir: &tempfile::TempDir, text: &str, mode: u32) -> PathBuf {
    let path = dir.path().join("config.toml");
    std::fs::write(&path, text).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
    }
    let _ = mode;
    path
}

fn open_err(open: Open) -> flinksh::Error {
    match open.open() {
        Ok(_) => panic!("expected an error"),
        Err(e) => e,
    }
}

#[test]
fn missing_organization_and_environment_name_flag_and_variable() {
    let mut open = Open::new("http://127.0.0.1:9");
    open.settings.organization = None;
    let err = open_err(open);
    assert_eq!(err.kind, ErrorKind::Config);
    assert_eq!(
        err.to_string(),
        "missing organization ID: pass --organization or set FLINKSH_ORGANIZATION"
    );
    let mut open = Open::new("http://127.0.0.1:9");
    open.settings.environment = None;
    assert_eq!(
        open_err(open).to_string(),
        "missing environment ID: pass --environment or set FLINKSH_ENVIRONMENT"
    );
}

#[test]
fn missing_credentials_name_the_variables() {
    let err = open_err(Open::new("http://127.0.0.1:9").env(&[]));
    assert_eq!(err.kind, ErrorKind::Config);
    let line = err.to_string();
    for var in [
        "FLINK_API_KEY",
        "FLINK_API_SECRET",
        "CLOUD_API_KEY",
        "CLOUD_API_SECRET",
    ] {
        assert!(line.contains(var), "{line}");
    }
    let err = open_err(Open::new("http://127.0.0.1:9").env(&[("CLOUD_API_KEY", "K")]));
    assert!(err.to_string().contains("set CLOUD_API_SECRET"), "{err}");
    let err = open_err(Open::new("http://127.0.0.1:9").env(&[("FLINK_API_SECRET", "s")]));
    assert!(err.to_string().contains("FLINK_API_KEY is not"), "{err}");
}

#[test]
fn a_profile_supplies_settings_and_keys_and_the_environment_wins() {
    let (_, fake) = start(FakeConfig {
        accept: vec![
            ("FILEKEY".into(), "file-secret".into()),
            ("ENVKEY".into(), "env-secret".into()),
        ],
        ..FakeConfig::default()
    });
    let dir = tempfile::tempdir().unwrap();
    let path = config_file(
        &dir,
        &format!(
            r#"
default_profile = "dev"
[profiles.dev]
url = "{}"
organization = "org-from-file"
environment = "env-from-file"
compute_pool = "pool-from-file"
cloud_api_key = "FILEKEY"
cloud_api_secret = "file-secret"
[profiles.other]
organization = "other"
"#,
            fake.url()
        ),
        0o600,
    );
    let mut open = Open::new("").env(&[]);
    open.settings.url = String::new();
    open.settings.organization = None;
    open.settings.environment = None;
    open.settings.compute_pool = None;
    open.config_file = Some(path.clone());
    let mut opened = open.open().unwrap();
    opened.conns.list().unwrap();
    let req = &fake.requests()[0];
    assert!(
        req.path
            .starts_with("/sql/v1/organizations/org-from-file/environments/env-from-file/"),
        "{}",
        req.path
    );
    assert_eq!(req.authorization, support::basic("FILEKEY", "file-secret"));
    assert!(
        opened.stderr.text().is_empty(),
        "no warning for a 0600 file"
    );

    // Flags and environment win over the file.
    fake.clear_requests();
    let mut open = Open::new(&fake.url()).env(&[
        ("CLOUD_API_KEY", "ENVKEY"),
        ("CLOUD_API_SECRET", "env-secret"),
    ]);
    open.settings.organization = Some("org-flag".into());
    open.config_file = Some(path);
    let mut opened = open.open().unwrap();
    opened.conns.list().unwrap();
    let req = &fake.requests()[0];
    assert!(
        req.path.contains("/organizations/org-flag/"),
        "{}",
        req.path
    );
    assert_eq!(req.authorization, support::basic("ENVKEY", "env-secret"));
}

#[test]
fn an_unknown_profile_lists_the_known_ones() {
    let dir = tempfile::tempdir().unwrap();
    let path = config_file(&dir, "[profiles.a]\n[profiles.b]\n", 0o600);
    let mut open = Open::new("http://127.0.0.1:9");
    open.config_file = Some(path);
    open.profile = Some("prod".into());
    let err = open_err(open);
    assert_eq!(err.kind, ErrorKind::Config);
    assert!(
        err.to_string().contains("profile \"prod\" not found"),
        "{err}"
    );
    assert!(err.to_string().contains("it has a, b"), "{err}");
}

#[test]
fn an_invalid_config_file_is_a_one_line_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = config_file(&dir, "[profiles.a]\nurl = \n", 0o600);
    let mut open = Open::new("http://127.0.0.1:9");
    open.config_file = Some(path);
    let err = open_err(open);
    assert_eq!(err.kind, ErrorKind::Config);
    assert!(err.to_string().contains("is not valid"), "{err}");
    assert!(!err.to_string().contains('\n'));
}

#[test]
fn a_wrongly_typed_secret_is_named_by_line_and_key_never_echoed() {
    let dir = tempfile::tempdir().unwrap();
    let path = config_file(
        &dir,
        "[profiles.default]\nflink_api_key = \"K\"\nflink_api_secret = 98765432\n",
        0o600,
    );
    let mut open = Open::new("http://127.0.0.1:9");
    open.config_file = Some(path.clone());
    let err = open_err(open);
    assert_eq!(err.kind, ErrorKind::Config);
    assert_eq!(
        err.to_string(),
        format!(
            "config file {}, line 3: the value of flink_api_secret must be a quoted string",
            path.display()
        )
    );
}

#[test]
fn an_unquoted_secret_is_not_echoed() {
    let dir = tempfile::tempdir().unwrap();
    let path = config_file(
        &dir,
        "[profiles.default]\nflink_api_secret = Zq9unquoted\n",
        0o600,
    );
    let mut open = Open::new("http://127.0.0.1:9");
    open.config_file = Some(path);
    let line = open_err(open).to_string();
    assert!(line.contains("line 2"), "{line}");
    assert!(!line.contains("Zq9unquoted"), "{line}");
    assert!(!line.contains('\n'), "{line}");
}

#[cfg(unix)]
#[test]
fn a_readable_file_with_secrets_gets_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let path = config_file(
        &dir,
        "[profiles.default]\nflink_api_key = \"K\"\nflink_api_secret = \"S3cr3t!\"\n",
        0o644,
    );
    let mut open = Open::new("http://127.0.0.1:9").env(&[]);
    open.config_file = Some(path);
    let opened = open.open().unwrap();
    let text = opened.stderr.text();
    assert!(text.contains("chmod 600"), "{text}");
    assert!(!text.contains("S3cr3t!"));
}

struct Scripted(Vec<(String, bool)>, Vec<&'static str>);

impl Prompter for Scripted {
    fn ask(&mut self, prompt: &str, secret: bool) -> io::Result<String> {
        self.0.push((prompt.to_string(), secret));
        Ok(self.1.remove(0).to_string())
    }
}

#[test]
fn a_missing_secret_is_asked_for_without_echo() {
    let mut prompter = Scripted(Vec::new(), vec!["typed-secret"]);
    let env = |name: &str| (name == "FLINK_API_KEY").then(|| "FK".to_string());
    let dir = tempfile::tempdir().unwrap();
    let mut s = settings("http://127.0.0.1:9");
    s.config_file = Some(config_file(&dir, "", 0o600));
    let resolved = credentials::resolve(&s, &env, Some(&mut prompter));
    let resolved = resolved.unwrap();
    assert_eq!(resolved.flink.key, "FK");
    assert_eq!(resolved.flink.secret, "typed-secret");
    assert_eq!(resolved.cloud.key, "FK", "one pair serves both");
    assert_eq!(prompter.0.len(), 1);
    assert!(prompter.0[0].1, "asked as a secret");
    assert!(prompter.0[0].0.contains("FK"));
    // Debug output never shows it.
    assert!(!format!("{resolved:?}").contains("typed-secret"));
}
