//! Wires a resolved `Config` to its backends and runs the inputs, then the prompt.

use std::io::{BufWriter, IsTerminal, Read, Write};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::backend::{self, ConnectionsApi, StatementBackend};
use crate::cli::{BackendChoice, Config, Input};
use crate::error::{Error, ErrorKind, Result};
use crate::flink_home;
use crate::repl;
use crate::session::{self, Flow, Session, SessionOptions};
use crate::terminal;

/// Set when the process started without a standard output (`>&-`).
static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);

/// Records that standard output was closed when the process started: the first
/// result then ends the run as a closed pipe would (exit 141).
pub fn stdout_was_closed() {
    STDOUT_CLOSED.store(true, Ordering::SeqCst);
}

/// Standard output that was closed from the start: every write fails.
struct ClosedOutput;

impl Write for ClosedOutput {
    fn write(&mut self, _buf: &[u8]) -> std::io::Result<usize> {
        Err(std::io::ErrorKind::BrokenPipe.into())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Runs everything the config asks for and returns the process exit code.
pub fn run(config: Config) -> u8 {
    let code = match run_inner(&config) {
        Ok(()) => 0,
        Err(e) => {
            if e.kind == ErrorKind::OutputClosed && STDOUT_CLOSED.load(Ordering::SeqCst) {
                crate::status!(
                    "Error: standard output is closed, so the results had nowhere to go: redirect it to a file or /dev/null"
                );
            }
            session::report(&e);
            if config.verbose
                && let Some(detail) = &e.detail
            {
                crate::status!("  {}", crate::util::one_line(detail));
            }
            e.exit_code()
        }
    };
    crate::signals::exit_code(code)
}

fn run_inner(config: &Config) -> Result<()> {
    let interrupt = Arc::new(AtomicBool::new(false));
    // From the start: SIGTERM or SIGHUP before a statement runs ends the process at once.
    crate::signals::install(&interrupt);
    // Declared before the session so that it is dropped after it: the session is
    // closed on the gateway first, then the gateway is stopped.
    let started_gateway = match &config.backend {
        BackendChoice::FlinkHome(home) => Some(flink_home::start(
            home,
            &config.state_dir,
            config.verbose,
            !config.quiet && session::stderr_is_terminal(),
        )?),
        _ => None,
    };
    let (connections, statements) = open_backends(
        config,
        started_gateway.as_ref().map(|g| g.url()),
        &interrupt,
    )?;
    // Only now: until the backends are open, Ctrl-C (say, at a prompt for a missing
    // secret) should simply end the process.
    crate::signals::handle_ctrl_c(config.interactive);
    let mut placement = config.placement.clone();
    if placement.environment.is_empty()
        && let Some(environment) = connections.environment_id()
    {
        placement.environment = environment.to_string();
    }
    let options = SessionOptions {
        placement,
        output: config.output,
        quiet: config.quiet,
        show_summary: session::stderr_is_terminal(),
        stdout_is_terminal: std::io::stdout().is_terminal(),
    };
    let out: Box<dyn Write> = if STDOUT_CLOSED.load(Ordering::SeqCst) {
        Box::new(ClosedOutput)
    } else {
        Box::new(BufWriter::new(std::io::stdout()))
    };
    let mut session = Session::new(connections, statements, options, out, interrupt);

    // With --on-error continue a failed input does not stop the next one, but the
    // exit code still says something failed.
    let mut failure: Option<Error> = None;
    for input in &config.inputs {
        let (text, source) = read_input(input)?;
        match session.run_text(&text, &source, config.on_error) {
            Ok(Flow::Continue) => {}
            Ok(Flow::Quit) => return failure.map_or(Ok(()), Err),
            Err(e) if e.already_reported => {
                failure.get_or_insert(e);
            }
            Err(e) => return Err(e),
        }
    }
    if config.interactive {
        if let Some(path) = &config.init_file {
            let (text, source) = read_input(&Input::File(path.clone()))?;
            match session.run_text(&text, &source, config.on_error) {
                Ok(Flow::Quit) => return Ok(()),
                Ok(Flow::Continue) => {}
                Err(e) => session::report(&e),
            }
            // SIGTERM or SIGHUP stopped a statement of the init file: no prompt.
            if crate::signals::terminating() {
                return Ok(());
            }
        }
        let options = repl::ReplOptions {
            quiet: config.quiet,
            color: config.color,
            history_file: config.history_file.clone(),
            on_error: config.on_error,
        };
        return repl::run(&mut session, &options);
    }
    failure.map_or(Ok(()), Err)
}

fn open_backends(
    config: &Config,
    started_gateway: Option<&str>,
    interrupt: &Arc<AtomicBool>,
) -> Result<(Box<dyn ConnectionsApi>, Box<dyn StatementBackend>)> {
    match &config.backend {
        BackendChoice::Local => backend::local::open(
            &config.state_dir,
            &config.placement.environment,
            Arc::clone(interrupt),
        ),
        BackendChoice::Cloud(settings) => open_cloud(backend::cloud::CloudOptions {
            settings: (**settings).clone(),
            verbose: config.verbose,
            interactive: config.interactive,
            interrupt: Arc::clone(interrupt),
            results_timeout: None,
        }),
        BackendChoice::Gateway { url } => backend::gateway::open(
            url,
            terminal::stderr_log(),
            config.verbose,
            Arc::clone(interrupt),
        ),
        BackendChoice::FlinkHome(_) => match started_gateway {
            Some(url) => backend::gateway::open(
                url,
                terminal::stderr_log(),
                config.verbose,
                Arc::clone(interrupt),
            ),
            None => Err(Error::config("the Flink SQL Gateway was not started")),
        },
    }
}

/// The cloud backend with this process's environment, stderr, spinner, and prompts
/// when someone at a terminal can answer them.
fn open_cloud(
    options: backend::cloud::CloudOptions,
) -> Result<(Box<dyn ConnectionsApi>, Box<dyn StatementBackend>)> {
    let prompter: Option<Box<dyn backend::cloud::Prompter>> = (options.interactive
        && std::io::stdin().is_terminal())
    .then(|| Box::new(terminal::TerminalPrompter) as Box<dyn backend::cloud::Prompter>);
    let ctx = backend::cloud::OpenContext {
        env: Box::new(|name| std::env::var(name).ok()),
        stderr: Box::new(std::io::stderr()),
        prompter,
        retry: backend::cloud::RetryPolicy::default(),
        poll: backend::cloud::PollPolicy::default(),
        progress: Some(Box::new(terminal::Spinner::new(
            std::io::stderr().is_terminal(),
        ))),
    };
    backend::cloud::open_in(options, ctx)
}

/// Reads one input whole. Returns its text and the name errors use for it.
fn read_input(input: &Input) -> Result<(String, String)> {
    match input {
        Input::Execute(sql) => Ok((sql.clone(), "-e".to_string())),
        Input::Stdin => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .read_to_end(&mut bytes)
                .map_err(|e| Error::config(format!("cannot read standard input: {e}")))?;
            Ok((utf8(bytes, "standard input")?, "<stdin>".to_string()))
        }
        Input::File(path) => {
            let bytes = std::fs::read(path).map_err(|e| {
                Error::config(format!("cannot read {}: {}", path.display(), io_reason(&e)))
            })?;
            Ok((utf8(bytes, &path.display().to_string())?, display(path)))
        }
    }
}

/// The text of an input: UTF-8 without NUL bytes (a NUL is never SQL, and a lexer
/// would report it as some other token somewhere else).
fn utf8(bytes: Vec<u8>, what: &str) -> Result<String> {
    let text = String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let text = String::from_utf8_lossy(&e.as_bytes()[..offset]);
        let line = text.matches('\n').count() + 1;
        Error::config(format!(
            "{what} is not valid UTF-8 (line {line}, byte offset {offset}): save it as UTF-8 and run again"
        ))
    })?;
    if let Some(at) = text.find('\0') {
        let before = &text[..at];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        return Err(Error::config(format!(
            "{what} holds a NUL byte at line {line}, column {column}: remove it and run again (nothing in it was run)"
        )));
    }
    Ok(text)
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}

fn display(path: &Path) -> String {
    path.display().to_string()
}
