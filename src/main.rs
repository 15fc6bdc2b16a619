use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = ips::cli::Cli::parse();
    match ips::commands::run(cli) {
        Ok(code) => code,
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(ips::commands::EXIT_COULD_NOT_RUN)
        }
    }
}

/// `ips ... | head` closes the pipe early; that is not a failure.
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error
        .chain()
        .filter_map(|cause| cause.downcast_ref::<std::io::Error>())
        .any(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
}
