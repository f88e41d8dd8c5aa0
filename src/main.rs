use std::process::ExitCode;

fn main() -> ExitCode {
    match flinksh::cli::config_from_env() {
        Ok(config) => ExitCode::from(flinksh::app::run(config)),
        Err(e) => {
            flinksh::session::report(&e);
            ExitCode::from(e.exit_code())
        }
    }
}
