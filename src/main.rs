use std::process::ExitCode;

use clap::Parser;

use trangtin::cli::{Cli, Command};
use trangtin::commands;

/// A build allocates and frees millions of small strings and maps across threads, where
/// mimalloc spends less time than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    commands::init_logging(&cli.global);

    let result = match &cli.command {
        Command::Build(args) => commands::build::run(&cli.global, args),
        Command::Check(args) => commands::check::run(&cli.global, args),
        Command::Criteria(args) => commands::criteria::run(&cli.global, args),
        Command::Serve(args) => commands::serve::run(&cli.global, args),
        Command::New(args) => commands::new::run(&cli.global, args),
        Command::Init(args) => commands::init::run(&cli.global, args),
    };

    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("lỗi: {error:#}");
            ExitCode::from(2)
        }
    }
}
