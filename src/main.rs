use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    ips::write::fail_writes_past_the_file_size_limit();
    let cli = ips::cli::Cli::parse();
    match ips::commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) if error.is_broken_pipe() => ExitCode::SUCCESS,
        Err(error) => {
            let stderr = std::io::stderr();
            let color = ips::output::diagnostics::use_color(&stderr);
            // Nothing more can be said if stderr itself is gone.
            let _ = ips::output::error::render(&error, color, &mut stderr.lock());
            ExitCode::from(error.exit_code())
        }
    }
}
