//! The `plenary` command line. Thin: parse arguments, call the library,
//! report errors with their chain and a non-zero exit.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    match cli::run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            if cli::output::is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            // Through `note`: a closed stderr must not turn the failure
            // into a panic (exit 101).
            cli::output::note(&format!("error: {err}"));
            for cause in err.chain().skip(1) {
                cli::output::note(&format!("  caused by: {cause}"));
            }
            ExitCode::FAILURE
        }
    }
}
