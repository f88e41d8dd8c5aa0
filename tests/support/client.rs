//! Opens the real cloud backend against a fake, with a fixed environment, a captured
//! stderr and fast retry and poll timings.

use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use flinksh::Result;
use flinksh::backend::cloud::{
    self, CloudOptions, CloudSettings, OpenContext, PollPolicy, RetryPolicy,
};
use flinksh::backend::{ConnectionsApi, Outcome, StatementBackend, StatementContext};
use flinksh::config::CloudFlags;
use flinksh::result::{Boundedness, ChangeKind, Column, RowSink, Value};

/// Captured stderr of the backend.
#[derive(Clone, Default)]
pub struct Captured(pub Arc<Mutex<Vec<u8>>>);

impl Captured {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

pub fn settings(url: &str) -> CloudSettings {
    CloudSettings {
        url: url.to_string(),
        organization: Some("11111111-2222-3333-4444-555555555555".into()),
        environment: Some("env-x7k2p1".into()),
        compute_pool: Some("lfcp-123".into()),
        profile_keys: Default::default(),
        config_file: None,
        warnings: Vec::new(),
    }
}

pub struct Opened {
    pub conns: Box<dyn ConnectionsApi>,
    pub stmts: Box<dyn StatementBackend>,
    pub stderr: Captured,
    pub interrupt: Arc<AtomicBool>,
}

impl Opened {
    /// Runs `sql` with an empty statement context, rows into `sink`.
    pub fn run(&mut self, sql: &str, sink: &mut Collect) -> Result<Outcome> {
        self.stmts.execute(sql, &StatementContext::default(), sink)
    }
}

pub struct Open {
    /// The settings given as flags (an empty `url` is none); the config file's
    /// profile fills in the rest, as the command line does.
    pub settings: CloudSettings,
    /// `--config`; without it an empty file keeps the developer's own one out.
    pub config_file: Option<PathBuf>,
    /// `--profile`.
    pub profile: Option<String>,
    pub env: Vec<(String, String)>,
    pub verbose: bool,
    pub results_timeout: Option<Duration>,
}

impl Open {
    /// Both key pairs set, no config file.
    pub fn new(url: &str) -> Self {
        Open {
            settings: settings(url),
            config_file: None,
            profile: None,
            env: vec![
                ("FLINK_API_KEY".into(), "FLINKKEY".into()),
                ("FLINK_API_SECRET".into(), "flink-secret-123".into()),
                ("CLOUD_API_KEY".into(), "CLOUDKEY".into()),
                ("CLOUD_API_SECRET".into(), "cloud-secret-456".into()),
            ],
            verbose: false,
            results_timeout: None,
        }
    }

    pub fn env(mut self, env: &[(&str, &str)]) -> Self {
        self.env = env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        self
    }

    pub fn verbose(mut self) -> Self {
        self.verbose = true;
        self
    }

    pub fn open(self) -> Result<Opened> {
        let stderr = Captured::default();
        let interrupt = Arc::new(AtomicBool::new(false));
        let env = self.env;
        let ctx = OpenContext {
            env: Box::new(move |name| env.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())),
            stderr: Box::new(stderr.clone()),
            prompter: None,
            retry: RetryPolicy {
                max_attempts: 4,
                base_delay: Duration::from_millis(10),
                max_delay: Duration::from_millis(50),
                budget: Duration::from_secs(10),
                connect_timeout: Duration::from_secs(5),
                request_timeout: Duration::from_secs(10),
            },
            poll: PollPolicy {
                first: Duration::from_millis(5),
                factor: 1.5,
                max: Duration::from_millis(40),
            },
            progress: None,
        };
        let config_file = self.config_file.unwrap_or_else(|| {
            let empty = std::env::temp_dir().join("flinksh-test-empty-config.toml");
            std::fs::write(&empty, "").unwrap();
            empty
        });
        let flags = self.settings;
        let settings = flinksh::config::load(Some(&config_file), self.profile.as_deref())?
            .cloud_settings(CloudFlags {
                url: Some(flags.url).filter(|u| !u.is_empty()),
                organization: flags.organization,
                environment: flags.environment,
                compute_pool: flags.compute_pool,
            })?;
        let (conns, stmts) = cloud::open_in(
            CloudOptions {
                settings,
                verbose: self.verbose,
                interactive: false,
                interrupt: Arc::clone(&interrupt),
                results_timeout: self.results_timeout,
            },
            ctx,
        )?;
        Ok(Opened {
            conns,
            stmts,
            stderr,
            interrupt,
        })
    }
}

/// Collects what a statement produced; can raise the interrupt flag after N rows.
#[derive(Default)]
pub struct Collect {
    pub columns: Vec<Column>,
    pub bounded: Option<Boundedness>,
    pub rows: Vec<(ChangeKind, Vec<Value>)>,
    pub ended: bool,
    pub interrupt_after: Option<(usize, Arc<AtomicBool>)>,
}

impl RowSink for Collect {
    fn begin(&mut self, columns: &[Column], bounded: Boundedness) -> std::io::Result<()> {
        self.columns = columns.to_vec();
        self.bounded = Some(bounded);
        Ok(())
    }
    fn row(&mut self, kind: ChangeKind, values: Vec<Value>) -> std::io::Result<()> {
        self.rows.push((kind, values));
        if let Some((n, flag)) = &self.interrupt_after
            && self.rows.len() >= *n
        {
            flag.store(true, std::sync::atomic::Ordering::SeqCst);
        }
        Ok(())
    }
    fn end(&mut self) -> std::io::Result<u64> {
        self.ended = true;
        Ok(self.rows.len() as u64)
    }
}
