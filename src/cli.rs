//! Command-line flags, and their resolution into one `Config` the rest of the shell reads.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

pub use crate::backend::cloud::CloudSettings;
use crate::connections::Placement;
use crate::error::{Error, Result};
use crate::flink_home::{FlinkHome, FlinkTarget};
pub use crate::render::OutputFormat;
pub use crate::session::OnError;

#[derive(Debug, Parser)]
#[command(
    name = "flinksh",
    version,
    about = "A fast, native Flink SQL shell",
    after_help = "Exit codes: 0 success, 1 a statement failed, 2 usage, configuration or connection error, 130 interrupted, 141 standard output closed, 143 SIGTERM, 129 SIGHUP (a running statement is stopped first)."
)]
pub struct Args {
    /// Run SQL (repeatable); statements run in order, then the shell exits
    #[arg(short = 'e', long = "execute", value_name = "SQL")]
    pub execute: Vec<String>,

    /// Run a SQL file (repeatable; `-` reads standard input)
    #[arg(short = 'f', long = "file", value_name = "PATH")]
    pub file: Vec<PathBuf>,

    /// Run a SQL file first, then stay interactive
    #[arg(short = 'i', long = "init", value_name = "PATH")]
    pub init: Option<PathBuf>,

    /// What to do when a statement fails [default: stop in scripts, continue at the prompt]
    #[arg(long = "on-error", value_enum, value_name = "ACTION")]
    pub on_error: Option<OnError>,

    /// Where the local backend keeps its data
    #[arg(long = "state-dir", env = "FLINKSH_STATE_DIR", value_name = "DIR")]
    pub state_dir: Option<PathBuf>,

    /// Use the embedded local backend even when remote settings are present
    #[arg(long = "local")]
    pub local: bool,

    /// Base URL of a sql/v1 API (overrides --cloud/--region for the address)
    #[arg(long = "url", env = "FLINKSH_URL", value_name = "URL")]
    pub url: Option<String>,

    /// Run statements on an Apache Flink SQL Gateway (REST API v2+), e.g.
    /// http://localhost:8083; it has no CONNECTION statements
    #[arg(long = "gateway", env = "FLINKSH_GATEWAY", value_name = "URL")]
    pub gateway: Option<String>,

    /// Start the SQL Gateway of this Apache Flink distribution, run statements on it and
    /// stop it at exit; without the flag FLINK_HOME is used when no other backend is chosen
    #[arg(long = "flink-home", value_name = "DIR")]
    pub flink_home: Option<PathBuf>,

    /// Where a gateway started from --flink-home runs jobs [default: local, unless
    /// config.yaml configures a cluster]
    #[arg(long = "flink-target", value_enum, value_name = "TARGET")]
    pub flink_target: Option<FlinkTarget>,

    /// How long to wait for a gateway started from --flink-home to answer [default: 120]
    #[arg(
        long = "flink-start-timeout",
        env = "FLINKSH_FLINK_START_TIMEOUT",
        value_name = "SECONDS",
        value_parser = clap::value_parser!(u64).range(1..)
    )]
    pub flink_start_timeout: Option<u64>,

    /// Cloud provider (aws, gcp, azure)
    #[arg(long = "cloud", env = "FLINKSH_CLOUD", value_name = "CLOUD")]
    pub cloud: Option<String>,

    /// Cloud region, e.g. us-west-2
    #[arg(long = "region", env = "FLINKSH_REGION", value_name = "REGION")]
    pub region: Option<String>,

    /// Organization ID (Confluent Cloud)
    #[arg(long = "organization", env = "FLINKSH_ORGANIZATION", value_name = "ID")]
    pub organization: Option<String>,

    /// Environment ID
    #[arg(long = "environment", env = "FLINKSH_ENVIRONMENT", value_name = "ID")]
    pub environment: Option<String>,

    /// Compute pool ID (Confluent Cloud)
    #[arg(long = "compute-pool", env = "FLINKSH_COMPUTE_POOL", value_name = "ID")]
    pub compute_pool: Option<String>,

    /// Named profile from the config file
    #[arg(long = "profile", env = "FLINKSH_PROFILE", value_name = "NAME")]
    pub profile: Option<String>,

    /// Config file [default: <config dir>/flinksh/config.toml]
    #[arg(long = "config", env = "FLINKSH_CONFIG", value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// Output format
    #[arg(short = 'o', long = "output", value_enum, value_name = "FORMAT")]
    pub output: Option<OutputFormat>,

    /// History file [default: <data dir>/flinksh/history]
    #[arg(long = "history-file", env = "FLINKSH_HISTORY", value_name = "PATH")]
    pub history_file: Option<PathBuf>,

    /// Do not read or write command history
    #[arg(long = "no-history")]
    pub no_history: bool,

    /// No colour (also when NO_COLOR is set or output is not a terminal)
    #[arg(long = "no-color")]
    pub no_color: bool,

    /// No banner, no status messages, no row counts
    #[arg(short = 'q', long = "quiet")]
    pub quiet: bool,

    /// Log requests and internal details to standard error (secrets redacted)
    #[arg(short = 'v', long = "verbose")]
    pub verbose: bool,

    #[command(subcommand)]
    pub command: Option<Sub>,
}

#[derive(Debug, Subcommand)]
pub enum Sub {
    /// Serve the local backend as Confluent's sql/v1 API (connections, statements,
    /// results) for the cloud client and other sql/v1 clients to use as a sandbox
    Serve(ServeArgs),
    /// Print a completion script for a shell to standard output (see README: Installing)
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff) to standard output, e.g. `flinksh man | man -l -`,
    /// or write it and the subcommands' pages into a directory
    Man {
        /// Write flinksh.1 and flinksh-SUBCOMMAND.1 into this directory, e.g.
        /// ~/.cargo/share/man/man1 (where `man` finds it when ~/.cargo/bin is on PATH)
        #[arg(long = "dir", value_name = "DIR")]
        dir: Option<PathBuf>,
    },
}

#[derive(Debug, Clone, clap::Args)]
#[command(
    after_help = "The API speaks plain HTTP, without TLS. Credentials (HTTP Basic) come from FLINKSH_SERVE_API_KEY and FLINKSH_SERVE_API_SECRET; without them any credentials are accepted, and only on loopback (--allow-remote requires them)."
)]
pub struct ServeArgs {
    /// Address to listen on; port 0 picks a free port [default: 127.0.0.1:8080]
    #[arg(long = "listen", value_name = "ADDR")]
    pub listen: Option<String>,

    /// Where the local backend keeps its data
    #[arg(long = "state-dir", env = "FLINKSH_STATE_DIR", value_name = "DIR")]
    pub state_dir: Option<PathBuf>,

    /// Allow a --listen address that is not loopback (needs FLINKSH_SERVE_API_KEY and
    /// FLINKSH_SERVE_API_SECRET). The API has no TLS: credentials, secrets and data
    /// cross the network in clear text
    #[arg(long = "allow-remote")]
    pub allow_remote: bool,

    /// Log one line per request to standard error (never headers or bodies)
    #[arg(short = 'v', long = "verbose")]
    pub verbose: bool,
}

/// What the process was asked to do.
#[derive(Debug)]
pub enum Invocation {
    /// Run the shell.
    Shell(Box<Config>),
    /// `flinksh serve`, with the state directory resolved.
    Serve { args: ServeArgs, state_dir: PathBuf },
    /// `flinksh completions SHELL`.
    Completions(clap_complete::Shell),
    /// `flinksh man`, to standard output or into a directory.
    Man(Option<PathBuf>),
}

/// Where statements come from, in the order given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Execute(String),
    File(PathBuf),
    Stdin,
}

/// Which backend answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BackendChoice {
    Local,
    Cloud(Box<CloudSettings>),
    /// An Apache Flink SQL Gateway at this address.
    Gateway {
        url: String,
    },
    /// A SQL Gateway the shell starts from an Apache Flink distribution, then uses
    /// like `Gateway`.
    FlinkHome(FlinkHome),
}

/// Everything the shell needs to know, resolved once from flags and environment.
#[derive(Debug, Clone)]
pub struct Config {
    pub inputs: Vec<Input>,
    pub init_file: Option<PathBuf>,
    /// Run the interactive loop (after `init_file`, if any).
    pub interactive: bool,
    pub on_error: OnError,
    pub state_dir: PathBuf,
    pub placement: Placement,
    pub output: OutputFormat,
    pub color: bool,
    pub quiet: bool,
    pub verbose: bool,
    /// None when history is off.
    pub history_file: Option<PathBuf>,
    pub backend: BackendChoice,
}

/// Parses the process's arguments (exits with clap's message on bad usage) and
/// resolves them into the shell or the server.
pub fn invocation_from_env() -> Result<Invocation> {
    let matches = Args::command().get_matches();
    let mut args = Args::from_arg_matches(&matches).map_err(|e| Error::usage(e.to_string()))?;
    match args.command.take() {
        Some(Sub::Serve(serve)) => {
            if !args.execute.is_empty() || !args.file.is_empty() || args.init.is_some() {
                return Err(Error::usage(
                    "serve runs no SQL itself: drop -e, -f and -i, and point a client at the server",
                ));
            }
            let state_dir = match serve.state_dir.clone().or(args.state_dir) {
                Some(dir) => dir,
                None => default_data_dir(DataNeeds {
                    state: true,
                    history: false,
                })?,
            };
            Ok(Invocation::Serve {
                args: serve,
                state_dir,
            })
        }
        Some(Sub::Completions { shell }) => Ok(Invocation::Completions(shell)),
        Some(Sub::Man { dir }) => Ok(Invocation::Man(dir)),
        None => Ok(Invocation::Shell(Box::new(resolve_matches(
            &matches, args,
        )?))),
    }
}

fn resolve_matches(matches: &clap::ArgMatches, args: Args) -> Result<Config> {
    // clap keeps -e and -f apart; their positions restore the order the user gave.
    let mut ordered: Vec<(usize, Input)> = Vec::new();
    if let Some(indices) = matches.indices_of("execute") {
        ordered.extend(indices.zip(args.execute.iter().cloned().map(Input::Execute)));
    }
    if let Some(indices) = matches.indices_of("file") {
        ordered.extend(indices.zip(args.file.iter().map(|p| file_input(p))));
    }
    ordered.sort_by_key(|(i, _)| *i);
    let inputs = ordered.into_iter().map(|(_, input)| input).collect();
    args.resolve_with(inputs, std::io::stdin().is_terminal())
}

fn file_input(path: &std::path::Path) -> Input {
    if path.as_os_str() == "-" {
        Input::Stdin
    } else {
        Input::File(path.to_path_buf())
    }
}

impl Args {
    fn resolve_with(self, mut inputs: Vec<Input>, stdin_is_terminal: bool) -> Result<Config> {
        let interactive = if self.init.is_some() {
            true
        } else if inputs.is_empty() {
            if stdin_is_terminal {
                true
            } else {
                inputs.push(Input::Stdin);
                false
            }
        } else {
            false
        };
        if self.init.is_some() && !inputs.is_empty() {
            return Err(Error::usage(
                "-i/--init cannot be combined with -e or -f: use -i FILE alone to run a file and stay at the prompt",
            ));
        }
        let on_error = self.on_error.unwrap_or(if interactive {
            OnError::Continue
        } else {
            OnError::Stop
        });

        // The config file's profile takes part wherever a remote setting could: an
        // explicit --config is always read, so a typo in its name never goes unnoticed.
        let config_file = if self.config.is_some()
            || !(self.local || self.gateway.is_some() || self.flink_home.is_some())
        {
            crate::config::load(self.config.as_deref(), self.profile.as_deref())?
        } else {
            crate::config::Loaded::default()
        };

        // Precedence rather than clap conflicts: settings often come from the
        // environment, and `--local` must work whatever FLINKSH_URL says.
        let flink_home = |dir: PathBuf, from_env: bool| {
            BackendChoice::FlinkHome(FlinkHome {
                dir,
                from_env,
                target: self.flink_target,
                start_timeout: self.flink_start_timeout.map_or(
                    crate::flink_home::DEFAULT_START_TIMEOUT,
                    std::time::Duration::from_secs,
                ),
            })
        };
        let cloud_chosen =
            self.url.is_some() || self.organization.is_some() || config_file.has_profile();
        // FLINK_HOME is often set for other tools: it only counts when nothing else
        // picks a backend.
        let env_flink_home = std::env::var_os("FLINK_HOME")
            .filter(|dir| !dir.is_empty() && self.gateway.is_none() && !cloud_chosen);
        let backend = if self.local {
            BackendChoice::Local
        } else if let Some(dir) = self.flink_home.clone() {
            flink_home(dir, false)
        } else if let Some(url) = self.gateway {
            BackendChoice::Gateway { url }
        } else if cloud_chosen {
            let url = match (
                self.url,
                &self.cloud,
                &self.region,
                config_file.profile_url(),
            ) {
                (Some(url), ..) => url,
                (None, Some(cloud), Some(region), _) => {
                    format!("https://flink.{region}.{cloud}.confluent.cloud")
                }
                (None, _, _, Some(url)) => url.to_string(),
                _ => {
                    let names = &config_file.profile_names;
                    let pick = if !config_file.has_profile() && !names.is_empty() {
                        format!(
                            ", or pick a profile with --profile ({}) or default_profile",
                            names.join(", ")
                        )
                    } else {
                        ", or a url in the config file's profile".to_string()
                    };
                    return Err(Error::config(format!(
                        "no API address: give --url URL (FLINKSH_URL), or --cloud and --region (FLINKSH_CLOUD, FLINKSH_REGION){pick}"
                    )));
                }
            };
            BackendChoice::Cloud(Box::new(config_file.cloud_settings(
                crate::config::CloudFlags {
                    url: Some(url),
                    organization: self.organization,
                    environment: self.environment.clone(),
                    compute_pool: self.compute_pool,
                },
            )?))
        } else if let Some(dir) = env_flink_home {
            flink_home(PathBuf::from(dir), true)
        } else {
            BackendChoice::Local
        };

        // Only the local backend keeps state (and a gateway started from --flink-home
        // its log and temp files), and only the prompt keeps history.
        let keeps_history = interactive && !self.no_history;
        let needs = DataNeeds {
            state: self.state_dir.is_none()
                && matches!(backend, BackendChoice::Local | BackendChoice::FlinkHome(_)),
            history: self.history_file.is_none() && keeps_history,
        };
        let data_dir = if needs.state || needs.history {
            default_data_dir(needs)?
        } else {
            PathBuf::new()
        };
        let state_dir = self.state_dir.unwrap_or_else(|| data_dir.clone());
        let history_file = keeps_history.then(|| {
            self.history_file
                .unwrap_or_else(|| data_dir.join("history"))
        });

        let placement = match &backend {
            BackendChoice::Local => {
                let local = "local".to_string();
                Placement {
                    environment: self.environment.unwrap_or_else(|| local.clone()),
                    cloud: self.cloud.unwrap_or_else(|| local.clone()),
                    region: self.region.unwrap_or(local),
                }
            }
            // Left empty when unknown here: the environment may come from a profile
            // (the backend fills it in), cloud and region from Confluent's host name.
            BackendChoice::Cloud(settings) => {
                let (cloud, region) = cloud_and_region(&settings.url);
                Placement {
                    environment: self.environment.unwrap_or_default(),
                    cloud: self.cloud.or(cloud).unwrap_or_default(),
                    region: self.region.or(region).unwrap_or_default(),
                }
            }
            // A gateway has no environment, cloud or region of its own; nothing shows
            // them (it has no connections to list).
            BackendChoice::Gateway { .. } | BackendChoice::FlinkHome(_) => Placement {
                environment: self.environment.unwrap_or_default(),
                cloud: String::new(),
                region: String::new(),
            },
        };

        let color = !self.no_color
            && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            && std::io::stdout().is_terminal();

        Ok(Config {
            inputs,
            init_file: self.init,
            interactive,
            on_error,
            state_dir,
            placement,
            output: self.output.unwrap_or(OutputFormat::Table),
            color,
            quiet: self.quiet,
            verbose: self.verbose,
            history_file,
            backend,
        })
    }
}

/// Reads `cloud` and `region` from a Confluent address,
/// `https://flink.{region}.{cloud}.confluent.cloud`.
fn cloud_and_region(url: &str) -> (Option<String>, Option<String>) {
    let host = url
        .split("://")
        .nth(1)
        .unwrap_or(url)
        .split(['/', ':'])
        .next()
        .unwrap_or("");
    let parts: Vec<&str> = host.split('.').collect();
    match parts.as_slice() {
        ["flink", region, cloud, "confluent", "cloud"] => {
            (Some(cloud.to_string()), Some(region.to_string()))
        }
        _ => (None, None),
    }
}

/// What needs the default data directory: the local state, the history, or both.
#[derive(Clone, Copy)]
struct DataNeeds {
    state: bool,
    history: bool,
}

/// `<data dir>/flinksh`, where the local state and the history live by default. With
/// no data directory, or one inside a home directory that does not exist (creating a
/// home directory is not ours to do), the error says what would have gone where and
/// which settings put it elsewhere.
fn default_data_dir(needs: DataNeeds) -> Result<PathBuf> {
    let (what, how) = match (needs.state, needs.history) {
        (true, false) => (
            "the local state",
            "set FLINKSH_STATE_DIR (--state-dir) to a directory to keep it in",
        ),
        (false, _) => (
            "the history",
            "set FLINKSH_HISTORY (--history-file), or use --no-history",
        ),
        (true, true) => (
            "the local state and the history",
            "set FLINKSH_STATE_DIR (--state-dir) to a directory to keep the state in, and FLINKSH_HISTORY (--history-file) or --no-history",
        ),
    };
    let Some(dir) = dirs::data_dir() else {
        return Err(Error::config(format!(
            "cannot find a data directory for this user to keep {what} in: {how}"
        )));
    };
    let dir = dir.join("flinksh");
    if let Some(home) = dirs::home_dir()
        && dir.starts_with(&home)
        && !home.is_dir()
    {
        return Err(Error::config(format!(
            "the home directory {} does not exist, so {what} would have no place (in {}): {how}",
            home.display(),
            dir.display()
        )));
    }
    Ok(dir)
}

#[cfg(test)]
mod tests {
    use super::cloud_and_region;

    #[test]
    fn cloud_and_region_come_from_confluent_host_names() {
        assert_eq!(
            cloud_and_region("https://flink.us-west-2.aws.confluent.cloud"),
            (Some("aws".into()), Some("us-west-2".into()))
        );
        assert_eq!(
            cloud_and_region("https://flink.eu-central-1.aws.confluent.cloud:443/"),
            (Some("aws".into()), Some("eu-central-1".into()))
        );
        assert_eq!(cloud_and_region("http://127.0.0.1:8080"), (None, None));
    }
}
