//! Placeholder until the self-check lands.
use std::process::ExitCode;
pub fn run(_global: &crate::cli::GlobalArgs, _args: &impl std::fmt::Debug) -> anyhow::Result<ExitCode> {
    anyhow::bail!("chưa có")
}
