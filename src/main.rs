use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = flinksh::cli::Args::parse();
    match args.resolve(std::io::stdin().is_terminal()) {
        Ok(_config) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("flinksh: {e}");
            ExitCode::from(e.exit_code() as u8)
        }
    }
}
