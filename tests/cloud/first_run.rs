//! What a new Confluent Cloud user runs first, through the binary against the sql/v1
//! fake: no compute pool, a config file with profiles, an ALTER that races another.

use crate::support;
use crate::util;

use std::path::PathBuf;

use serde_json::{Value, json};
use support::{FakeConfig, Fault, start};
use util::{Shell, code, stderr, stdout};

const ORG: &str = "b0b21724-4586-4a07-b787-d0bb5aacbf87";

fn with_keys(mut cmd: assert_cmd::Command) -> assert_cmd::Command {
    cmd.env("FLINK_API_KEY", "FLINKKEY")
        .env("FLINK_API_SECRET", "flink-secret");
    cmd
}

#[test]
fn a_statement_runs_without_a_compute_pool_and_sends_none() {
    let (_, fake) = start(FakeConfig::default());
    let shell = Shell::new();
    let out = with_keys(shell.cmd())
        .args(["--url", &fake.url(), "--organization", ORG])
        .args(["--environment", "env-a1b2c3", "-e", "SELECT 1;"])
        .output()
        .expect("run");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let statements = fake.statements();
    assert_eq!(statements.len(), 1);
    let spec = &statements[0].body["spec"];
    assert!(
        spec.get("compute_pool_id").is_none(),
        "the default pool is the server's choice: {spec}"
    );
}

#[test]
fn an_empty_compute_pool_setting_counts_as_none() {
    let (_, fake) = start(FakeConfig::default());
    let shell = Shell::new();
    let out = with_keys(shell.cmd())
        .env("FLINKSH_COMPUTE_POOL", "")
        .args(["--url", &fake.url(), "--organization", ORG])
        .args(["--environment", "env-a1b2c3", "-e", "SELECT 1;"])
        .output()
        .expect("run");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        fake.statements()[0].body["spec"]
            .get("compute_pool_id")
            .is_none()
    );
}

fn seeded(name: &str) -> Value {
    json!({
        "api_version": "sql/v1",
        "kind": "Connection",
        "metadata": {"self": "", "resource_version": "7"},
        "name": name,
        "spec": {
            "connection_type": "OPENAI",
            "endpoint": "https://api.openai.com/v1/chat/completions",
            "auth_data": {"kind": "PlaintextProvider", "data": "<REDACTED>"}
        },
        "status": {"phase": "COMPLETED"}
    })
}

fn alter(fake: &support::FakeHandle) -> std::process::Output {
    let shell = Shell::new();
    with_keys(shell.cmd())
        .args(["--url", &fake.url(), "--organization", ORG])
        .args(["--environment", "env-a1b2c3"])
        .args(["-e", "ALTER CONNECTION ai SET ('api-key' = 'sk-new');"])
        .output()
        .expect("run")
}

#[test]
fn alter_connection_sends_the_version_it_read() {
    let (_, fake) = start(FakeConfig::default());
    fake.seed_connections(vec![seeded("ai")]);
    let out = alter(&fake);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let put = fake
        .requests()
        .into_iter()
        .find(|r| r.method == "PUT")
        .expect("a PUT");
    let body: Value = serde_json::from_str(&put.body).expect("json");
    assert_eq!(body["metadata"]["resource_version"], "7");
    assert_eq!(fake.connections()[0]["metadata"]["resource_version"], "8");
}

#[test]
fn alter_connection_racing_another_change_says_to_run_it_again() {
    let (_, fake) = start(FakeConfig::default());
    fake.seed_connections(vec![seeded("ai")]);
    fake.inject("PUT", "/connections/ai", Fault::ChangedMeanwhile);
    let out = alter(&fake);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        "Error: -e:1: ALTER CONNECTION ai: the connection was changed meanwhile; run the statement again\n"
    );
    assert!(!stderr(&out).contains("sk-new"));
}

/// A private config file in the test's directory.
fn config(shell: &Shell, text: &str, mode: u32) -> PathBuf {
    let path = shell.write("config.toml", text);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).expect("chmod");
    }
    path
}

fn profile(url: &str) -> String {
    format!(
        "default_profile = \"p\"\n\n[profiles.p]\nurl = \"{url}\"\norganization = \"{ORG}\"\n\
         environment = \"env-prof\"\nflink_api_key = \"FK\"\nflink_api_secret = \"fs-secret\"\n"
    )
}

#[test]
fn the_default_profile_chooses_the_cloud_and_fills_in_the_settings() {
    let (_, fake) = start(FakeConfig::default());
    let shell = Shell::new();
    let path = config(&shell, &profile(&fake.url()), 0o600);
    let out = shell
        .cmd()
        .arg("--config")
        .arg(&path)
        .args(["-e", "SELECT 1;"])
        .output()
        .expect("run");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stderr(&out), "", "a private file gets no warning");
    let statements = fake.statements();
    assert_eq!(statements.len(), 1, "ran on the profile's server");
    assert_eq!(statements[0].body["environment_id"], "env-prof");
}

#[test]
fn the_default_profile_in_the_default_place_applies_and_warns_when_readable() {
    let (_, fake) = start(FakeConfig::default());
    let shell = Shell::new();
    let dir = shell.dir().join("config").join("flinksh");
    std::fs::create_dir_all(&dir).expect("mkdir");
    let path = dir.join("config.toml");
    std::fs::write(&path, profile(&fake.url())).expect("write");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    }
    let out = shell.cmd().args(["-e", "SELECT 1;"]).output().expect("run");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(fake.statements().len(), 1, "ran on the profile's server");
    #[cfg(unix)]
    assert!(
        stderr(&out).contains("other users can read it: run chmod 600"),
        "{}",
        stderr(&out)
    );
    // --local still wins over the profile.
    let out = shell
        .cmd()
        .args(["--local", "-e", "SELECT 1;"])
        .output()
        .expect("run");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(
        fake.statements().len(),
        1,
        "nothing more reached the server"
    );
}

#[test]
fn a_profile_merges_with_flags() {
    let (_, fake) = start(FakeConfig::default());
    let shell = Shell::new();
    let path = config(&shell, &profile(&fake.url()), 0o600);
    let out = shell
        .cmd()
        .arg("--config")
        .arg(&path)
        .args(["--organization", "00000000-0000-4000-8000-000000000000"])
        .args(["-e", "SELECT 1;"])
        .output()
        .expect("run");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let statements = fake.statements();
    assert_eq!(
        statements[0].body["organization_id"], "00000000-0000-4000-8000-000000000000",
        "the flag wins over the profile"
    );
    assert_eq!(statements[0].body["environment_id"], "env-prof");
}

#[test]
fn a_missing_or_invalid_explicit_config_is_exit_2() {
    let shell = Shell::new();
    let missing = shell.dir().join("nope.toml");
    let out = shell
        .cmd()
        .arg("--config")
        .arg(&missing)
        .args(["-e", "SELECT 1;"])
        .output()
        .expect("run");
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("nope.toml"), "{err}");
    assert!(stdout(&out).is_empty());

    let bad = config(&shell, "default_profile = [\n", 0o600);
    let out = shell
        .cmd()
        .arg("--config")
        .arg(&bad)
        .args(["-e", "SELECT 1;"])
        .output()
        .expect("run");
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("is not valid, line 1"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn cloud_and_region_columns_come_from_the_profile_address() {
    // The profile names a Confluent host; an HTTP proxy (the fake) answers for it.
    let (_, fake) = start(FakeConfig::default());
    fake.seed_connections(vec![seeded("ai")]);
    let shell = Shell::new();
    let text = format!(
        "[profiles.p]\nurl = \"http://flink.us-west-2.aws.confluent.cloud\"\n\
         organization = \"{ORG}\"\nenvironment = \"env-prof\"\n\
         cloud_api_key = \"CK\"\ncloud_api_secret = \"cs-secret\"\n"
    );
    let path = config(&shell, &text, 0o600);
    let out = shell
        .cmd()
        .env("http_proxy", fake.url())
        .env_remove("no_proxy")
        .env_remove("NO_PROXY")
        .arg("--config")
        .arg(&path)
        .args(["--profile", "p", "-o", "csv", "-e", "SHOW CONNECTIONS;"])
        .output()
        .expect("run");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    let row = text.lines().nth(1).unwrap_or("");
    assert!(row.contains(",ai,env-prof,aws,us-west-2,OPENAI,"), "{text}");
}

/// Whether `text` holds a character that acts on a terminal: a control character other
/// than a line break, or a bidirectional override.
fn raw_controls(text: &str) -> Vec<char> {
    text.chars()
        .filter(|&c| {
            (c.is_control() && c != '\n')
                || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        })
        .collect()
}

#[test]
fn connections_from_the_server_never_print_control_characters_raw() {
    let (_, fake) = start(FakeConfig::default());
    let mut evil = seeded("evil");
    evil["spec"]["endpoint"] = json!("https://x/\u{1b}[31mRED\u{1b}]0;pwned\u{7}");
    evil["status"]["detail"] = json!("line one\nline\ttwo \u{202e}txt.exe\r\n");
    evil["spec"]["connection_type"] = json!("OPENAI\u{1b}[2J");
    fake.seed_connections(vec![evil]);
    let shell = Shell::new();
    for sql in [
        "SHOW CONNECTIONS;",
        "DESCRIBE CONNECTION evil;",
        "SET 'client.output-format' = 'tableau'; SHOW CONNECTIONS;",
    ] {
        let out = with_keys(shell.cmd())
            .args(["--url", &fake.url(), "--organization", ORG])
            .args(["--environment", "env-a1b2c3", "-e", sql])
            .output()
            .expect("run");
        assert_eq!(code(&out), 0, "{sql}: {}", stderr(&out));
        let text = stdout(&out);
        assert_eq!(raw_controls(&text), Vec::<char>::new(), "{sql}: {text:?}");
        assert!(text.contains("[31mRED"), "{sql}: the rest is shown: {text}");
    }
}

#[test]
fn server_messages_never_print_control_characters_raw() {
    let (_, fake) = start(FakeConfig::default());
    let shell = Shell::new();
    // The fake's not-found message quotes the name it was given.
    let out = with_keys(shell.cmd())
        .args(["--url", &fake.url(), "--organization", ORG])
        .args(["--environment", "env-a1b2c3"])
        .args(["-e", "DESCRIBE CONNECTION `a\u{1b}]0;pwned\u{7}\u{202e}b`;"])
        .output()
        .expect("run");
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let err = stderr(&out);
    assert_eq!(raw_controls(&err), Vec::<char>::new(), "{err:?}");
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn without_a_home_directory_cloud_and_gateway_runs_need_neither_state_nor_history() {
    let (_, fake) = start(FakeConfig::default());
    let shell = Shell::new();
    let home = shell.dir().join("nonexistent");
    let out = shell
        .homeless_cmd()
        .env("FLINK_API_KEY", "k")
        .env("FLINK_API_SECRET", "s")
        .args(["--url", &fake.url(), "--organization", ORG])
        .args(["--environment", "env-a1b2c3", "-e", "SELECT 1;"])
        .output()
        .expect("run");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(fake.statements().len(), 1);
    assert!(!home.exists(), "no home directory was made");

    let Ok(gateway) = std::env::var("FLINK_GATEWAY_URL") else {
        eprintln!("FLINK_GATEWAY_URL is not set: the gateway half of this test is skipped");
        return;
    };
    let out = shell
        .homeless_cmd()
        .args(["--gateway", &gateway, "-o", "csv", "-e", "SELECT 1 AS x;"])
        .output()
        .expect("run");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    // Streaming or not (the gateway decides), the one row is there.
    let text = stdout(&out);
    assert!(
        text.lines().next().is_some_and(|h| h.ends_with('x')) && text.ends_with("1\n"),
        "{text}"
    );
    assert!(!home.exists(), "no home directory was made");
}

#[test]
fn the_real_gateways_results_and_messages_never_print_control_characters_raw() {
    let Ok(gateway) = std::env::var("FLINK_GATEWAY_URL") else {
        eprintln!("FLINK_GATEWAY_URL is not set: skipped");
        return;
    };
    let shell = Shell::new();
    for format in ["table", "tableau"] {
        let out = shell
            .cmd()
            .args(["--gateway", &gateway, "-o", format])
            .args([
                "-e",
                "SELECT CHR(27) || ']0;pwned' || CHR(7) || U&'\\202E' AS v;",
            ])
            .output()
            .expect("run");
        assert_eq!(code(&out), 0, "{format}: {}", stderr(&out));
        let text = stdout(&out);
        assert!(text.contains("]0;pwned"), "{format}: {text}");
        assert_eq!(
            raw_controls(&text),
            Vec::<char>::new(),
            "{format}: {text:?}"
        );
    }
    let out = shell
        .cmd()
        .args(["--gateway", &gateway])
        .args(["-e", "SELECT * FROM `no\u{1b}[31msuch\u{202e}`;"])
        .output()
        .expect("run");
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("such"), "{err}");
    assert_eq!(raw_controls(&err), Vec::<char>::new(), "{err:?}");
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn without_a_selected_profile_the_missing_address_names_the_profiles() {
    let shell = Shell::new();
    let path = config(
        &shell,
        "[profiles.prod]\nurl = \"http://127.0.0.1:9\"\n\n[profiles.test]\nurl = \"http://127.0.0.1:9\"\n",
        0o600,
    );
    let out = shell
        .cmd()
        .arg("--config")
        .arg(&path)
        .args(["--organization", ORG, "-e", "SELECT 1;"])
        .output()
        .expect("run");
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        "Error: no API address: give --url URL (FLINKSH_URL), or --cloud and --region \
         (FLINKSH_CLOUD, FLINKSH_REGION), or pick a profile with --profile (prod, test) or \
         default_profile\n"
    );
}

#[test]
fn a_statement_longer_than_the_contract_allows_is_not_sent() {
    let (_, fake) = start(FakeConfig::default());
    let shell = Shell::new();
    let long = format!("SELECT '{}';", "x".repeat(131_072));
    let path = shell.write("long.sql", &long);
    let out = with_keys(shell.cmd())
        .args(["--url", &fake.url(), "--organization", ORG])
        .args(["--environment", "env-a1b2c3", "-f"])
        .arg(&path)
        .output()
        .expect("run");
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(
        stderr(&out).contains(
            "the statement is 131082 characters long; Confluent Cloud takes at most 131072: split it (nothing was sent)"
        ),
        "{}",
        stderr(&out)
    );
    assert!(fake.requests().is_empty(), "nothing was sent");
}
