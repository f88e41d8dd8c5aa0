//! Confluent Cloud's sql/v1 API as a backend: builds the connections and statements
//! clients from the shell's resolved settings and the environment's credentials.

pub mod connections;
pub mod credentials;
pub mod http;
pub mod results;
pub mod statements;
pub mod types;

use std::io::Write;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::backend::{ConnectionsApi, LogSink, NoProgress, Progress, StatementBackend};
use crate::error::Result;

pub use connections::CloudConnections;
pub use credentials::{Credential, KeyPair, ProfileKeys, Prompter, Purpose, Resolved};
pub use http::RetryPolicy;
pub use statements::{CloudStatements, PollPolicy};

/// The cloud settings as the command-line layer resolved them: flags and the config
/// file's profile already merged (flags win setting by setting). Credentials from the
/// environment and the prompt are looked up when the backend opens; never from flags.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CloudSettings {
    pub url: String,
    pub organization: Option<String>,
    pub environment: Option<String>,
    pub compute_pool: Option<String>,
    /// The selected profile's key pairs (empty without a profile).
    pub profile_keys: ProfileKeys,
    /// The config file a missing key should be added to, for the message.
    pub config_file: Option<std::path::PathBuf>,
    /// One-line warnings about the config file, shown when the backend opens.
    pub warnings: Vec<String>,
}

pub struct CloudOptions {
    pub settings: CloudSettings,
    pub verbose: bool,
    /// May prompt for a missing secret without echo (only on a terminal).
    pub interactive: bool,
    /// Set by the Ctrl-C handler; a running statement is stopped on the server and
    /// the flag is cleared.
    pub interrupt: Arc<AtomicBool>,
    /// `client.results-timeout`: how long a statement may take to start.
    pub results_timeout: Option<Duration>,
}

/// Looks up an environment variable.
pub type EnvLookup = Box<dyn Fn(&str) -> Option<String>>;

/// What `open` takes from the process; tests replace it.
pub struct OpenContext {
    pub env: EnvLookup,
    /// Receives warnings and, with `verbose`, the request log.
    pub stderr: Box<dyn Write + Send>,
    /// Asks for missing secrets; `None` means never ask.
    pub prompter: Option<Box<dyn Prompter>>,
    pub retry: RetryPolicy,
    pub poll: PollPolicy,
    /// Shows a statement's phase until its first row (only when `interactive`);
    /// `None` shows nothing.
    pub progress: Option<Box<dyn Progress>>,
}

/// Builds the cloud connections API and statement backend from the shell's options,
/// with the process environment, stderr, prompting and progress the caller supplies.
pub fn open_in(
    options: CloudOptions,
    ctx: OpenContext,
) -> Result<(Box<dyn ConnectionsApi>, Box<dyn StatementBackend>)> {
    let OpenContext {
        env,
        stderr,
        mut prompter,
        retry,
        poll,
        progress,
    } = ctx;
    let sink: LogSink = Arc::new(Mutex::new(stderr));
    if let Ok(mut w) = sink.lock() {
        for line in &options.settings.warnings {
            let _ = writeln!(w, "flinksh: {line}");
        }
    }
    let prompter: Option<&mut dyn Prompter> = if options.interactive {
        prompter.as_deref_mut().map(|p| p as &mut dyn Prompter)
    } else {
        None
    };
    let resolved = credentials::resolve(&options.settings, &*env, prompter)?;
    let log = options.verbose.then(|| Arc::clone(&sink));
    let http = Arc::new(http::Http::new(
        &resolved.url,
        resolved.flink.clone(),
        resolved.cloud.clone(),
        log,
        retry,
    )?);
    if options.verbose {
        http.log(&format!(
            "cloud backend at {}: statements use {} {} (from {}), connections use {} {} (from {})",
            resolved.url,
            Purpose::Statements.label(),
            resolved.flink.key,
            resolved.flink.source,
            Purpose::Connections.label(),
            resolved.cloud.key,
            resolved.cloud.source
        ));
    }
    let conns = CloudConnections::new(
        Arc::clone(&http),
        resolved.organization.clone(),
        resolved.environment.clone(),
    );
    let stmts = CloudStatements::new(
        http,
        resolved.organization,
        resolved.environment,
        resolved.compute_pool,
        options.interrupt,
        options.results_timeout,
        poll,
        progress
            .filter(|_| options.interactive)
            .unwrap_or_else(|| Box::new(NoProgress)),
    );
    Ok((Box::new(conns), Box::new(stmts)))
}
