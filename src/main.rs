use std::process::ExitCode;

use flinksh::cli::Invocation;

fn main() -> ExitCode {
    match flinksh::cli::invocation_from_env() {
        Ok(Invocation::Shell(config)) => ExitCode::from(flinksh::app::run(*config)),
        Ok(Invocation::Serve { args, state_dir }) => {
            ExitCode::from(flinksh::serve::run(&args, &state_dir))
        }
        Err(e) => {
            flinksh::session::report(&e);
            ExitCode::from(e.exit_code())
        }
    }
}
