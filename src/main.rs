use std::process::ExitCode;

use flinksh::cli::Invocation;

fn main() -> ExitCode {
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
