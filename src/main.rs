//! The `dpalint` binary: parse the command line, run, map to an exit code.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = dpalint::cli::Cli::parse();
    let cwd = match std::env::current_dir() {
        Ok(d) => d,
        Err(e) => {
            #[allow(clippy::print_stderr)] // the one place main reports before any writer exists
            {
                eprintln!("dpalint: error: cannot determine the current directory: {e}");
            }
            return ExitCode::from(dpalint::cli::EXIT_ERROR);
        }
    };
    // stderr is not held locked for the whole run (it is unbuffered, so the lock
    // would buy nothing): a worker thread writing to it must not deadlock.
    let code = dpalint::cli::run(
        cli,
        &cwd,
        &mut std::io::stdout().lock(),
        &mut std::io::stderr(),
    );
    ExitCode::from(code)
}
