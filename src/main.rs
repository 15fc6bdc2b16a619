use std::process::ExitCode;

fn main() -> ExitCode {
    ips::write::fail_writes_past_the_file_size_limit();
    let cli = ips::cli::Cli::parse_colored();
    let terminal = ips::output::terminal::setup(cli.color);
    match ips::commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) if error.is_broken_pipe() => ExitCode::SUCCESS,
        Err(error) => {
            // Nothing more can be said if stderr itself is gone.
            let stderr = &mut std::io::stderr().lock();
            let _ = ips::output::error::render(&error, terminal, stderr);
            ExitCode::from(error.exit_code())
        }
    }
}
