//! Connection types and their options: what CREATE/ALTER CONNECTION may say, checked
//! once here for every backend before anything is stored or sent.
//!
//! The per-type rules follow Confluent's documentation and the Confluent CLI's
//! `flink connection create` (see docs/connections.md for the sources).

use std::collections::BTreeMap;

use crate::error::{Error, Result};

/// A CREATE CONNECTION that passed validation.
#[derive(Clone, PartialEq, Eq)]
pub struct NewConnection {
    /// The unqualified name, checked against the API's name pattern.
    pub name: String,
    /// Upper-case, one of the API's connection types.
    pub connection_type: String,
    pub endpoint: String,
    /// `auth_data.data` keys (`API_KEY`, `USERNAME`, …) to their values.
    pub secrets: Secrets,
    pub comment: Option<String>,
}

/// Secret values keyed by their `auth_data.data` key. Debug never shows values.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Secrets(pub BTreeMap<String, String>);

impl std::fmt::Debug for Secrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_set().entries(self.0.keys()).finish()
    }
}

impl std::fmt::Debug for NewConnection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewConnection")
            .field("name", &self.name)
            .field("connection_type", &self.connection_type)
            .field("endpoint", &self.endpoint)
            .field("secrets", &self.secrets)
            .field("comment", &self.comment)
            .finish()
    }
}

impl Secrets {
    /// The `auth_data.data` string: a JSON object serialised into a string.
    pub fn to_auth_json(&self) -> String {
        serde_json::to_string(&self.0).unwrap_or_default()
    }
}

/// One connection type: the ways it can authenticate (exactly one must be given in
/// full) and the auth options it may carry besides.
struct TypeSpec {
    name: &'static str,
    methods: &'static [&'static [&'static str]],
    optional: &'static [&'static str],
    endpoint: Endpoint,
}

/// What an endpoint must look like.
#[derive(Clone, Copy)]
enum Endpoint {
    Http,
    /// Any of these scheme prefixes (case-insensitive).
    Schemes(&'static [&'static str]),
}

const API_KEY: &[&[&str]] = &[&["api-key"]];
const AWS: &[&[&str]] = &[&["aws-access-key", "aws-secret-key"]];
const BASIC: &[&[&str]] = &[&["username", "password"]];
const OAUTH: &[&str] = &[
    "oauth-token-endpoint",
    "oauth-client-id",
    "oauth-client-secret",
    "oauth-scope",
];

/// In the contract's order (x-extensible-enum of spec.connection_type).
const TYPES: &[TypeSpec] = &[
    http("AZUREML", API_KEY, &[]),
    http("AZUREOPENAI", API_KEY, &[]),
    http(
        "A2A",
        &[&["api-key"], &["username", "password"], &["token"], OAUTH],
        &[],
    ),
    http("ANTHROPIC", API_KEY, &[]),
    http("BEDROCK", AWS, &["aws-session-token"]),
    TypeSpec {
        name: "CONFLUENT_JDBC",
        methods: BASIC,
        optional: &[],
        endpoint: Endpoint::Schemes(&["jdbc:"]),
    },
    http("COSMOSDB", API_KEY, &[]),
    TypeSpec {
        name: "COUCHBASE",
        methods: BASIC,
        optional: &[],
        endpoint: Endpoint::Schemes(&["couchbase://", "couchbases://", "http://", "https://"]),
    },
    http("ELASTIC", &[&["api-key"], &["username", "password"]], &[]),
    http("FIREWORKSAI", API_KEY, &[]),
    http("GOOGLEAI", API_KEY, &[]),
    http(
        "MCP_SERVER",
        &[&["api-key"], &["username", "password"], &["token"], OAUTH],
        &["sse-endpoint", "transport-type"],
    ),
    TypeSpec {
        name: "MONGODB",
        methods: BASIC,
        optional: &[],
        endpoint: Endpoint::Schemes(&["mongodb://", "mongodb+srv://"]),
    },
    http("OPENAI", API_KEY, &[]),
    http("PINECONE", API_KEY, &[]),
    http("REST", &[&["username", "password"], &["token"], OAUTH], &[]),
    http("S3VECTORS", AWS, &["aws-session-token"]),
    http("SAGEMAKER", AWS, &["aws-session-token"]),
    http("VERTEXAI", &[&["service-key"]], &[]),
];

const fn http(
    name: &'static str,
    methods: &'static [&'static [&'static str]],
    optional: &'static [&'static str],
) -> TypeSpec {
    TypeSpec {
        name,
        methods,
        optional,
        endpoint: Endpoint::Http,
    }
}

/// Every auth option and its `auth_data.data` key (as the Confluent CLI sends them).
const AUTH_KEYS: &[(&str, &str)] = &[
    ("api-key", "API_KEY"),
    ("aws-access-key", "AWS_ACCESS_KEY_ID"),
    ("aws-secret-key", "AWS_SECRET_ACCESS_KEY"),
    ("aws-session-token", "AWS_SESSION_TOKEN"),
    ("service-key", "SERVICE_KEY"),
    ("username", "USERNAME"),
    ("password", "PASSWORD"),
    ("token", "BEARER_TOKEN"),
    ("oauth-token-endpoint", "OAUTH2_TOKEN_ENDPOINT"),
    ("oauth-client-id", "OAUTH2_CLIENT_ID"),
    ("oauth-client-secret", "OAUTH2_CLIENT_SECRET"),
    ("oauth-scope", "OAUTH2_SCOPE"),
    ("sse-endpoint", "SSE_ENDPOINT"),
    ("transport-type", "TRANSPORT_TYPE"),
];

const TRANSPORT_TYPES: &[&str] = &["SSE", "STREAMABLE_HTTP"];

/// The longest name the API accepts.
const MAX_NAME_LEN: usize = 100;

impl TypeSpec {
    fn find(connection_type: &str) -> Result<&'static TypeSpec> {
        TYPES
            .iter()
            .find(|t| t.name.eq_ignore_ascii_case(connection_type.trim()))
            .ok_or_else(|| {
                let names: Vec<&str> = TYPES.iter().map(|t| t.name).collect();
                Error::statement(format!(
                    "unknown connection type '{}': use one of {}",
                    printable(connection_type),
                    names.join(", ")
                ))
            })
    }

    fn allows(&self, key: &str) -> bool {
        self.methods.iter().any(|m| m.contains(&key)) || self.optional.contains(&key)
    }

    /// The auth options of this type, each once, in a stable order.
    fn auth_options(&self) -> Vec<&'static str> {
        AUTH_KEYS
            .iter()
            .map(|(k, _)| *k)
            .filter(|k| self.allows(k))
            .collect()
    }

    /// "api-key", or "username + password, token or …" for types with a choice.
    fn describe_methods(&self) -> String {
        let methods: Vec<String> = self
            .methods
            .iter()
            .map(|m| {
                m.iter()
                    .map(|k| format!("'{k}'"))
                    .collect::<Vec<_>>()
                    .join(" + ")
            })
            .collect();
        match methods.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
            _ => methods.join(""),
        }
    }

    /// "type, endpoint, api-key": everything CREATE CONNECTION takes for this type.
    fn describe_create(&self) -> String {
        let mut all = vec!["type", "endpoint"];
        all.extend(self.auth_options());
        all.join(", ")
    }

    fn check_endpoint(&self, endpoint: &str) -> Result<()> {
        let lower = endpoint.to_ascii_lowercase();
        let schemes: &[&str] = match self.endpoint {
            Endpoint::Http => &["http://", "https://"],
            Endpoint::Schemes(s) => s,
        };
        // No control character either: an endpoint is printed, and an escape sequence
        // in it would reach the terminal of whoever lists the connections.
        let ok = !endpoint
            .chars()
            .any(|c| c.is_whitespace() || crate::util::is_unsafe_for_terminal(c))
            && schemes.iter().any(|s| {
                lower
                    .strip_prefix(s)
                    .is_some_and(|rest| !rest.is_empty() && !rest.starts_with('/'))
            });
        if ok {
            Ok(())
        } else {
            let what = match self.endpoint {
                Endpoint::Http => "an http:// or https:// URL".to_string(),
                Endpoint::Schemes(s) => format!("a URL starting with {}", s.join(" or ")),
            };
            // The endpoint is not echoed: URLs can carry credentials (user:password@).
            Err(Error::statement(format!(
                "invalid 'endpoint' for type {}: it must be {what}, without spaces or control characters",
                self.name
            )))
        }
    }
}

/// Non-secret text for a message: one line, not endless.
fn printable(s: &str) -> String {
    let one_line = crate::util::one_line(s);
    if one_line.chars().count() > 120 {
        let cut: String = one_line.chars().take(117).collect();
        format!("{cut}...")
    } else {
        one_line
    }
}

/// The option an `auth_data.data` key stands for (`API_KEY` → `api-key`).
fn option_name(backend: &str) -> Option<&'static str> {
    AUTH_KEYS
        .iter()
        .find(|(_, k)| *k == backend)
        .map(|(o, _)| *o)
}

fn backend_key(option: &str) -> Option<&'static str> {
    AUTH_KEYS
        .iter()
        .find(|(k, _)| *k == option)
        .map(|(_, v)| *v)
}

/// The contract's pattern `[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*`,
/// at most 100 characters; connections and statements share it.
pub fn valid_name(name: &str) -> bool {
    let label_ok = |label: &str| {
        let b = label.as_bytes();
        let edge = |c: &u8| c.is_ascii_lowercase() || c.is_ascii_digit();
        !b.is_empty()
            && b.first().is_some_and(edge)
            && b.last().is_some_and(edge)
            && b.iter().all(|c| edge(c) || *c == b'-')
    };
    name.len() <= MAX_NAME_LEN && name.split('.').all(label_ok)
}

/// `AUTH_TYPE` as the Confluent CLI derives it from the credentials given.
fn auth_type(secrets: &BTreeMap<String, String>) -> Option<&'static str> {
    if secrets.contains_key("API_KEY") {
        Some("API_KEY")
    } else if secrets.contains_key("USERNAME") || secrets.contains_key("PASSWORD") {
        Some("BASIC")
    } else if secrets.contains_key("BEARER_TOKEN") {
        Some("BEARER")
    } else if secrets.keys().any(|k| k.starts_with("OAUTH2_")) {
        Some("OAUTH2")
    } else {
        None
    }
}

/// Checks the auth options both statements share: known to the type, non-empty,
/// given once, valid values. Returns them keyed by their `auth_data.data` key.
/// `takes` lists what the statement accepts, for messages.
fn collect_secrets(
    spec: &TypeSpec,
    options: &[(String, String)],
    verb: &str,
    takes: &str,
) -> Result<BTreeMap<String, String>> {
    let mut secrets = BTreeMap::new();
    for (key, value) in options {
        let key = key.as_str();
        if !spec.allows(key) {
            return Err(Error::statement(if backend_key(key).is_some() {
                format!(
                    "{verb}: option '{key}' does not apply to type {}; it takes {takes}",
                    spec.name
                )
            } else {
                format!(
                    "{verb}: unknown option '{}' for type {}; it takes {takes}",
                    printable(key),
                    spec.name
                )
            }));
        }
        if value.trim().is_empty() {
            return Err(Error::statement(format!("{verb}: option '{key}' is empty")));
        }
        // A statement recalled from history carries the mask, not the secret.
        if value.trim().eq_ignore_ascii_case(super::model::REDACTED) {
            return Err(Error::statement(format!(
                "{verb}: the value of '{key}' was masked in history; type the secret again"
            )));
        }
        let value = if key == "transport-type" {
            let upper = value.trim().to_ascii_uppercase();
            if !TRANSPORT_TYPES.contains(&upper.as_str()) {
                return Err(Error::statement(format!(
                    "{verb}: 'transport-type' must be {}",
                    TRANSPORT_TYPES.join(" or ")
                )));
            }
            upper
        } else {
            value.clone()
        };
        if let Some(backend) = backend_key(key)
            && secrets.insert(backend.to_string(), value).is_some()
        {
            return Err(Error::statement(format!(
                "{verb}: option '{key}' is given twice"
            )));
        }
    }
    check_transport(&secrets, verb)?;
    Ok(secrets)
}

/// Checks that `given` (option names) holds exactly one of the type's ways to
/// authenticate, in full. `takes` lists what the statement accepts, for messages.
fn check_one_method(spec: &TypeSpec, given: &[&str], verb: &str, takes: &str) -> Result<()> {
    let complete: Vec<&&[&str]> = spec
        .methods
        .iter()
        .filter(|m| m.iter().all(|k| given.contains(k)))
        .collect();
    let touched: Vec<&&[&str]> = spec
        .methods
        .iter()
        .filter(|m| m.iter().any(|k| given.contains(k)))
        .collect();
    if let Some(partial) = touched
        .iter()
        .find(|m| !m.iter().all(|k| given.contains(k)))
    {
        let missing: Vec<String> = partial
            .iter()
            .filter(|k| !given.contains(k))
            .map(|k| format!("'{k}'"))
            .collect();
        let have: Vec<String> = partial
            .iter()
            .filter(|k| given.contains(k))
            .map(|k| format!("'{k}'"))
            .collect();
        return Err(Error::statement(format!(
            "{verb}: missing {} (needed with {}) for type {}",
            missing.join(" and "),
            have.join(" and "),
            spec.name
        )));
    }
    match complete.len() {
        1 => Ok(()),
        0 => Err(Error::statement(format!(
            "{verb}: type {} needs {}; it takes {}",
            spec.name,
            spec.describe_methods(),
            takes
        ))),
        _ => Err(Error::statement(format!(
            "{verb}: give only one way to authenticate for type {}: {}",
            spec.name,
            spec.describe_methods()
        ))),
    }
}

/// An MCP server streaming over HTTP has no separate SSE endpoint.
fn check_transport(secrets: &BTreeMap<String, String>, verb: &str) -> Result<()> {
    if secrets.get("TRANSPORT_TYPE").map(String::as_str) == Some("STREAMABLE_HTTP")
        && secrets.contains_key("SSE_ENDPOINT")
    {
        return Err(Error::statement(format!(
            "{verb}: 'sse-endpoint' cannot be used with 'transport-type' = 'STREAMABLE_HTTP'"
        )));
    }
    Ok(())
}

/// Checks the options of `CREATE CONNECTION name WITH (…)`.
pub fn validate_create(
    name: &str,
    options: &[(String, String)],
    comment: Option<&str>,
) -> Result<NewConnection> {
    const VERB: &str = "CREATE CONNECTION";
    if !valid_name(name) {
        return Err(Error::statement(format!(
            "{VERB}: invalid connection name '{}': use lower-case letters, digits, '-' and '.', \
             starting and ending with a letter or digit, at most {MAX_NAME_LEN} characters",
            printable(name)
        )));
    }
    let get = |wanted: &str| {
        options
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(wanted))
            .map(|(_, v)| v.as_str())
    };
    let Some(connection_type) = get("type") else {
        let names: Vec<&str> = TYPES.iter().map(|t| t.name).collect();
        return Err(Error::statement(format!(
            "{VERB}: missing option 'type': use one of {}",
            names.join(", ")
        )));
    };
    let spec = TypeSpec::find(connection_type)
        .map_err(|e| Error::statement(format!("{VERB}: {}", e.message)))?;
    let Some(endpoint) = get("endpoint") else {
        return Err(Error::statement(format!(
            "{VERB}: missing option 'endpoint' for type {}; it takes {}",
            spec.name,
            spec.describe_create()
        )));
    };
    let endpoint = endpoint.trim();
    spec.check_endpoint(endpoint)
        .map_err(|e| Error::statement(format!("{VERB}: {}", e.message)))?;
    let mut seen: Vec<String> = Vec::new();
    let mut auth: Vec<(String, String)> = Vec::new();
    for (key, value) in options {
        let key = key.to_ascii_lowercase();
        if seen.contains(&key) {
            return Err(Error::statement(format!(
                "{VERB}: option '{}' is given twice",
                printable(&key)
            )));
        }
        seen.push(key.clone());
        if key != "type" && key != "endpoint" {
            auth.push((key, value.clone()));
        }
    }
    let mut secrets = collect_secrets(spec, &auth, VERB, &spec.describe_create())?;
    let given: Vec<&str> = auth.iter().map(|(k, _)| k.as_str()).collect();
    check_one_method(spec, &given, VERB, &spec.describe_create())?;
    if let Some(auth_type) = auth_type(&secrets) {
        secrets.insert("AUTH_TYPE".to_string(), auth_type.to_string());
    }
    Ok(NewConnection {
        name: name.to_string(),
        connection_type: spec.name.to_string(),
        endpoint: endpoint.to_string(),
        secrets: Secrets(secrets),
        comment: comment.map(str::to_string),
    })
}

/// Checks the options of `ALTER CONNECTION name SET (…)` for a connection of
/// `connection_type`: only secret options of that type may change.
pub fn validate_alter(connection_type: &str, options: &[(String, String)]) -> Result<Secrets> {
    const VERB: &str = "ALTER CONNECTION";
    let spec = TypeSpec::find(connection_type)
        .map_err(|e| Error::statement(format!("{VERB}: {}", e.message)))?;
    if options.is_empty() {
        return Err(Error::statement(format!(
            "{VERB}: nothing to change; the secret options of type {} are {}",
            spec.name,
            spec.auth_options().join(", ")
        )));
    }
    let refused: Vec<String> = options
        .iter()
        .map(|(k, _)| k.to_ascii_lowercase())
        .filter(|k| !is_secret_option(k))
        .map(|k| format!("'{}'", printable(&k)))
        .collect();
    if !refused.is_empty() {
        return Err(Error::statement(format!(
            "{VERB}: only secret options can be altered, not {}; the secret options of type {} are {}",
            refused.join(", "),
            spec.name,
            spec.auth_options().join(", ")
        )));
    }
    let lowered: Vec<(String, String)> = options
        .iter()
        .map(|(k, v)| (k.to_ascii_lowercase(), v.clone()))
        .collect();
    let mut secrets = collect_secrets(spec, &lowered, VERB, &spec.auth_options().join(", "))?;
    if let Some(auth_type) = auth_type(&secrets) {
        secrets.insert("AUTH_TYPE".to_string(), auth_type.to_string());
    }
    Ok(Secrets(secrets))
}

/// The secrets a connection of `connection_type` holds after `ALTER CONNECTION … SET`
/// gave `changes` (from `validate_alter`) over `stored`: the changed keys replace
/// theirs, the other keys of the same way to authenticate stay, keys of another way
/// are dropped when the way changes, and options outside the ways (`aws-session-token`,
/// `transport-type`, …) stay unless given. The result must again be exactly one way in
/// full, so rotating `password` alone keeps `username`.
pub fn merge_secrets(
    connection_type: &str,
    stored: &Secrets,
    changes: &Secrets,
) -> Result<Secrets> {
    const VERB: &str = "ALTER CONNECTION";
    let spec = TypeSpec::find(connection_type)
        .map_err(|e| Error::statement(format!("{VERB}: {}", e.message)))?;
    let changed: Vec<&str> = changes.0.keys().filter_map(|k| option_name(k)).collect();
    let touched: Vec<&[&str]> = spec
        .methods
        .iter()
        .copied()
        .filter(|m| m.iter().any(|k| changed.contains(k)))
        .collect();
    let mut merged = BTreeMap::new();
    for (key, value) in &stored.0 {
        // AUTH_TYPE has no option name; it is derived again below.
        let Some(option) = option_name(key).filter(|o| spec.allows(o)) else {
            continue;
        };
        let in_a_method = spec.methods.iter().any(|m| m.contains(&option));
        if !in_a_method || touched.is_empty() || touched.iter().any(|m| m.contains(&option)) {
            merged.insert(key.clone(), value.clone());
        }
    }
    for (key, value) in &changes.0 {
        if option_name(key).is_some() {
            merged.insert(key.clone(), value.clone());
        }
    }
    let given: Vec<&str> = merged.keys().filter_map(|k| option_name(k)).collect();
    check_one_method(spec, &given, VERB, &spec.auth_options().join(", "))?;
    check_transport(&merged, VERB)?;
    if let Some(auth_type) = auth_type(&merged) {
        merged.insert("AUTH_TYPE".to_string(), auth_type.to_string());
    }
    Ok(Secrets(merged))
}

/// Refuses `changes` (from `validate_alter`) that are not one way to authenticate in
/// full: Confluent Cloud replaces all of a connection's secrets at once and never
/// returns the stored ones, so nothing can be merged on the client.
pub fn require_complete_secrets(connection_type: &str, changes: &Secrets) -> Result<()> {
    const VERB: &str = "ALTER CONNECTION";
    const WHY: &str = "Confluent Cloud replaces all of a connection's secrets at once";
    let spec = TypeSpec::find(connection_type)
        .map_err(|e| Error::statement(format!("{VERB}: {}", e.message)))?;
    let changed: Vec<&str> = changes.0.keys().filter_map(|k| option_name(k)).collect();
    let quoted = |m: &[&str]| m.iter().map(|k| format!("'{k}'")).collect::<Vec<_>>();
    if let Some(partial) = spec
        .methods
        .iter()
        .find(|m| m.iter().any(|k| changed.contains(k)) && !m.iter().all(|k| changed.contains(k)))
    {
        let keys = quoted(partial);
        let list = match keys.as_slice() {
            [a, b] => format!("both {a} and {b}"),
            _ => format!("all of {}", keys.join(", ")),
        };
        return Err(Error::statement(format!("{VERB}: give {list}: {WHY}")));
    }
    if !spec
        .methods
        .iter()
        .any(|m| m.iter().all(|k| changed.contains(k)))
    {
        return Err(Error::statement(format!(
            "{VERB}: give the credentials as well ({}): {WHY}",
            spec.describe_methods()
        )));
    }
    Ok(())
}

/// The options an `auth_data.data` JSON object stands for: each key mapped back to its
/// option name (`API_KEY` → `api-key`). `AUTH_TYPE` is left out: validation derives it
/// again from the credentials. Values never appear in the errors.
pub fn options_from_auth_data(data: &str) -> Result<Vec<(String, String)>> {
    const WHAT: &str = "auth_data.data";
    let parsed: serde_json::Value = serde_json::from_str(data).map_err(|_| {
        Error::statement(format!(
            "{WHAT} must be a JSON object serialised into a string, e.g. {{\"API_KEY\":\"…\"}}"
        ))
    })?;
    let serde_json::Value::Object(map) = parsed else {
        return Err(Error::statement(format!(
            "{WHAT} must be a JSON object of strings, e.g. {{\"API_KEY\":\"…\"}}"
        )));
    };
    let mut options = Vec::with_capacity(map.len());
    for (key, value) in map {
        if key == "AUTH_TYPE" {
            continue;
        }
        let Some((option, _)) = AUTH_KEYS.iter().find(|(_, k)| *k == key) else {
            let keys: Vec<&str> = AUTH_KEYS.iter().map(|(_, k)| *k).collect();
            return Err(Error::statement(format!(
                "{WHAT}: unknown key '{}'; the keys are {}",
                printable(&key),
                keys.join(", ")
            )));
        };
        let serde_json::Value::String(value) = value else {
            return Err(Error::statement(format!(
                "{WHAT}: the value of '{key}' must be a string"
            )));
        };
        options.push((option.to_string(), value));
    }
    Ok(options)
}

/// Checks a connection as the API receives it (name, `spec.connection_type`,
/// `spec.endpoint`, `spec.auth_data.data`) by the same rules as CREATE CONNECTION.
pub fn validate_spec(
    name: &str,
    connection_type: &str,
    endpoint: &str,
    auth_data: &str,
) -> Result<NewConnection> {
    let mut options = vec![
        ("type".to_string(), connection_type.to_string()),
        ("endpoint".to_string(), endpoint.to_string()),
    ];
    options.extend(options_from_auth_data(auth_data)?);
    validate_create(name, &options, None)
}

/// True for option keys whose values are secrets of some connection type
/// (`api-key`, `password`, …); history masks these.
///
/// Every option stored in `auth_data` counts, so the usernames, OAuth settings and
/// MCP transport settings are masked and alterable along with the credentials.
pub fn is_secret_option(key: &str) -> bool {
    let key = key.trim();
    AUTH_KEYS.iter().any(|(k, _)| k.eq_ignore_ascii_case(key))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn openai_with_api_key_is_accepted_and_mapped() {
        let c = validate_create(
            "my-openai",
            &opts(&[
                ("type", "openai"),
                ("endpoint", "https://api.openai.com/v1/chat/completions"),
                ("api-key", "sk-1"),
            ]),
            Some("hi"),
        )
        .unwrap();
        assert_eq!(c.connection_type, "OPENAI");
        assert_eq!(c.secrets.0.get("API_KEY").map(String::as_str), Some("sk-1"));
        assert_eq!(
            c.secrets.0.get("AUTH_TYPE").map(String::as_str),
            Some("API_KEY")
        );
        assert_eq!(c.comment.as_deref(), Some("hi"));
        assert!(!format!("{c:?}").contains("sk-1"));
    }

    #[test]
    fn every_contract_type_is_known() {
        // The contract lives next to the repository, not in it.
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/contracts/confluent-flink-sql-v1.openapi.yaml"
        );
        let Ok(yaml) = std::fs::read_to_string(path) else {
            eprintln!("skipped: {path} not found");
            return;
        };
        let start = yaml.find("name: spec.connection_type").unwrap();
        let list: Vec<&str> = yaml[start..]
            .lines()
            .skip_while(|l| !l.contains("x-extensible-enum"))
            .skip(1)
            .take_while(|l| l.trim_start().starts_with("- "))
            .map(|l| l.trim_start().trim_start_matches("- "))
            .collect();
        assert_eq!(list.len(), 19);
        let ours: Vec<&str> = TYPES.iter().map(|t| t.name).collect();
        assert_eq!(ours, list);
    }

    #[test]
    fn unknown_type_lists_valid_ones() {
        let e = validate_create(
            "c",
            &opts(&[("type", "nope"), ("endpoint", "https://x")]),
            None,
        )
        .unwrap_err();
        assert!(
            e.message.contains("unknown connection type 'nope'"),
            "{}",
            e.message
        );
        assert!(e.message.contains("OPENAI") && e.message.contains("S3VECTORS"));
    }

    #[test]
    fn missing_secret_names_it_and_never_leaks_values() {
        let e = validate_create(
            "c",
            &opts(&[
                ("type", "BEDROCK"),
                ("endpoint", "https://bedrock"),
                ("aws-access-key", "AKIASECRET"),
            ]),
            None,
        )
        .unwrap_err();
        assert!(e.message.contains("'aws-secret-key'"), "{}", e.message);
        assert!(!e.message.contains("AKIASECRET"));
    }

    #[test]
    fn foreign_option_is_refused_with_what_the_type_takes() {
        let e = validate_create(
            "c",
            &opts(&[
                ("type", "OPENAI"),
                ("endpoint", "https://x"),
                ("service-key", "s"),
            ]),
            None,
        )
        .unwrap_err();
        assert!(
            e.message
                .contains("'service-key' does not apply to type OPENAI"),
            "{}",
            e.message
        );
        assert!(
            e.message.contains("type, endpoint, api-key"),
            "{}",
            e.message
        );
    }

    #[test]
    fn rest_needs_exactly_one_method() {
        let base = [("type", "REST"), ("endpoint", "https://r")];
        let e = validate_create("c", &opts(&base), None).unwrap_err();
        assert!(
            e.message
                .contains("needs 'username' + 'password', 'token' or"),
            "{}",
            e.message
        );
        let mut two = base.to_vec();
        two.extend([("token", "t"), ("username", "u"), ("password", "p")]);
        let e = validate_create("c", &opts(&two), None).unwrap_err();
        assert!(e.message.contains("only one way"), "{}", e.message);
        let mut ok = base.to_vec();
        ok.push(("token", "t"));
        let c = validate_create("c", &opts(&ok), None).unwrap();
        assert_eq!(
            c.secrets.0.get("BEARER_TOKEN").map(String::as_str),
            Some("t")
        );
        assert_eq!(
            c.secrets.0.get("AUTH_TYPE").map(String::as_str),
            Some("BEARER")
        );
    }

    #[test]
    fn names_and_endpoints_are_checked() {
        let o = opts(&[
            ("type", "OPENAI"),
            ("endpoint", "https://x"),
            ("api-key", "k"),
        ]);
        for bad in ["My", "a_b", "-a", "a-", "a..b", "", &"a".repeat(101)] {
            assert!(validate_create(bad, &o, None).is_err(), "{bad}");
        }
        for good in ["a", "a-b", "a.b-c", "0x9"] {
            assert!(validate_create(good, &o, None).is_ok(), "{good}");
        }
        let e = validate_create(
            "c",
            &opts(&[
                ("type", "OPENAI"),
                ("endpoint", "ftp://x"),
                ("api-key", "k"),
            ]),
            None,
        )
        .unwrap_err();
        assert!(e.message.contains("http:// or https://"), "{}", e.message);
        assert!(
            validate_create(
                "m",
                &opts(&[
                    ("type", "MONGODB"),
                    ("endpoint", "mongodb+srv://cluster.mongodb.net/db"),
                    ("username", "u"),
                    ("password", "p")
                ]),
                None
            )
            .is_ok()
        );
    }

    #[test]
    fn alter_accepts_only_secret_options_of_the_type() {
        let e = validate_alter("OPENAI", &opts(&[("endpoint", "https://y"), ("type", "X")]))
            .unwrap_err();
        assert!(
            e.message.contains("only secret options can be altered"),
            "{}",
            e.message
        );
        assert!(e.message.contains("'endpoint', 'type'"), "{}", e.message);
        let e = validate_alter("OPENAI", &opts(&[("password", "p")])).unwrap_err();
        assert!(e.message.contains("does not apply"), "{}", e.message);
        let s = validate_alter("openai", &opts(&[("API-KEY", "new")])).unwrap();
        assert_eq!(s.0.get("API_KEY").map(String::as_str), Some("new"));
    }

    #[test]
    fn api_bodies_follow_the_statement_rules() {
        let c = validate_spec(
            "c",
            "OPENAI",
            "https://x",
            r#"{"API_KEY":"sk-9","AUTH_TYPE":"API_KEY"}"#,
        )
        .unwrap();
        assert_eq!(c.secrets.0.get("API_KEY").map(String::as_str), Some("sk-9"));
        let e = validate_spec("c", "OPENAI", "https://x", r#"{"PASSWORD":"sk-9"}"#).unwrap_err();
        assert!(
            e.message.contains("'password' does not apply"),
            "{}",
            e.message
        );
        assert!(!e.message.contains("sk-9"));
        let e = validate_spec("c", "OPENAI", "https://x", r#"{"NOPE":"sk-9"}"#).unwrap_err();
        assert!(e.message.contains("unknown key 'NOPE'"), "{}", e.message);
        let e = validate_spec("c", "OPENAI", "https://x", "sk-9").unwrap_err();
        assert!(!e.message.contains("sk-9"), "{}", e.message);
        let o = options_from_auth_data(r#"{"AWS_ACCESS_KEY_ID":"a"}"#).unwrap();
        assert_eq!(o, vec![("aws-access-key".to_string(), "a".to_string())]);
    }

    #[test]
    fn masked_values_from_history_are_refused() {
        let e = validate_create(
            "c",
            &opts(&[
                ("type", "OPENAI"),
                ("endpoint", "https://x"),
                ("api-key", " <redacted> "),
            ]),
            None,
        )
        .unwrap_err();
        assert_eq!(
            e.message,
            "CREATE CONNECTION: the value of 'api-key' was masked in history; type the secret again"
        );
        let e = validate_alter("ELASTIC", &opts(&[("password", "<REDACTED>")])).unwrap_err();
        assert_eq!(
            e.message,
            "ALTER CONNECTION: the value of 'password' was masked in history; type the secret again"
        );
        assert!(validate_alter("ELASTIC", &opts(&[("api-key", "<REDACTED>x")])).is_ok());
    }

    fn secrets(pairs: &[(&str, &str)]) -> Secrets {
        Secrets(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    #[test]
    fn merging_keeps_optional_options_and_needs_a_complete_way() {
        let stored = secrets(&[
            ("AUTH_TYPE", "BEARER"),
            ("BEARER_TOKEN", "t1"),
            ("TRANSPORT_TYPE", "SSE"),
            ("SSE_ENDPOINT", "https://s"),
        ]);
        let merged = merge_secrets(
            "MCP_SERVER",
            &stored,
            &validate_alter("MCP_SERVER", &opts(&[("token", "t2")])).unwrap(),
        )
        .unwrap();
        assert_eq!(
            merged,
            secrets(&[
                ("AUTH_TYPE", "BEARER"),
                ("BEARER_TOKEN", "t2"),
                ("TRANSPORT_TYPE", "SSE"),
                ("SSE_ENDPOINT", "https://s"),
            ])
        );
        let e = merge_secrets(
            "MCP_SERVER",
            &stored,
            &validate_alter(
                "MCP_SERVER",
                &opts(&[("transport-type", "streamable_http")]),
            )
            .unwrap(),
        )
        .unwrap_err();
        assert!(
            e.message.contains("'sse-endpoint' cannot be used"),
            "{}",
            e.message
        );
    }

    #[test]
    fn the_cloud_needs_a_complete_way_in_every_alter() {
        let e =
            require_complete_secrets("REST", &secrets(&[("OAUTH2_CLIENT_ID", "x")])).unwrap_err();
        assert!(
            e.message.starts_with(
                "ALTER CONNECTION: give all of 'oauth-token-endpoint', 'oauth-client-id'"
            ),
            "{}",
            e.message
        );
        let e = require_complete_secrets("MCP_SERVER", &secrets(&[("TRANSPORT_TYPE", "SSE")]))
            .unwrap_err();
        assert!(
            e.message.contains("give the credentials as well"),
            "{}",
            e.message
        );
        assert!(require_complete_secrets("OPENAI", &secrets(&[("API_KEY", "k")])).is_ok());
    }

    #[test]
    fn secret_options_are_recognised_in_any_case() {
        assert!(is_secret_option("api-key"));
        assert!(is_secret_option("AWS-SECRET-KEY"));
        assert!(is_secret_option("oauth-client-secret"));
        assert!(!is_secret_option("endpoint"));
        assert!(!is_secret_option("type"));
        assert!(!is_secret_option("ap-key"));
    }
}
