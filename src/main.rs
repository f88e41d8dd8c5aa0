use std::process::ExitCode;

use flinksh::cli::Invocation;

fn main() -> ExitCode {
    #[cfg(target_os = "linux")]
    if probe::STDOUT_CLOSED.load(std::sync::atomic::Ordering::SeqCst) {
        flinksh::app::stdout_was_closed();
    }
    match flinksh::cli::invocation_from_env() {
        Ok(Invocation::Shell(config)) => ExitCode::from(flinksh::app::run(*config)),
        Ok(Invocation::Serve { args, state_dir }) => {
            ExitCode::from(flinksh::serve::run(&args, &state_dir))
        }
        Ok(Invocation::Completions(shell)) => {
            finish(flinksh::completions::write_completions(shell))
        }
        Ok(Invocation::Man(dir)) => finish(flinksh::completions::write_man_pages(dir.as_deref())),
        Err(e) => {
            flinksh::session::report(&e);
            ExitCode::from(e.exit_code())
        }
    }
}

fn finish(result: flinksh::Result<()>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            flinksh::session::report(&e);
            ExitCode::from(e.exit_code())
        }
    }
}

/// Whether the process started with standard output closed (`flinksh … >&-`). The
/// Rust runtime puts /dev/null on a closed descriptor 0–2 before `main`, so output
/// would vanish without an error; a constructor runs earlier and sees the truth.
#[cfg(target_os = "linux")]
mod probe {
    use std::sync::atomic::{AtomicBool, Ordering};

    pub static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);

    extern "C" fn check() {
        // SAFETY: F_GETFD only reads the descriptor's flags; -1 means it is not open.
        if unsafe { libc::fcntl(libc::STDOUT_FILENO, libc::F_GETFD) } == -1 {
            STDOUT_CLOSED.store(true, Ordering::SeqCst);
        }
    }

    #[used]
    #[unsafe(link_section = ".init_array")]
    static CHECK: extern "C" fn() = check;
}
