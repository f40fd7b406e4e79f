//! The `bulwark` command: the desktop app when run without a subcommand, and the same checks,
//! reports and exports for scripts and CI.

mod cli;

use clap::Parser;
use std::process::ExitCode;

#[global_allocator]
static ALLOCATOR: bulwark::allocator::MiMalloc = bulwark::allocator::MiMalloc;

fn main() -> ExitCode {
    #[cfg(feature = "gui")]
    bulwark::app::startup::process_started();
    let args = cli::Args::parse();
    match cli::run(args) {
        Ok(code) => code,
        // A closed pipe (`bulwark check … | head`) is the reader's choice, not an error.
        Err(e)
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) =>
        {
            ExitCode::SUCCESS
        }
        Err(e) => {
            cli::term::errln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}
