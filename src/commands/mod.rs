//! One module per subcommand; each exposes `run`, returning the process exit code.

pub mod build;
pub mod check;
pub mod criteria;
pub mod init;
pub mod new;
pub mod serve;

use tracing_subscriber::EnvFilter;

use crate::cli::GlobalArgs;

/// Sets up developer logs on stderr. `TRANGTIN_LOG` (e.g. `debug`, `trangtin=trace`) wins over
/// `--verbose` (info) and `--quiet` (errors only); by default only warnings are shown.
pub fn init_logging(global: &GlobalArgs) {
    let default = if global.verbose {
        "info"
    } else if global.quiet {
        "error"
    } else {
        "warn"
    };
    let filter = EnvFilter::try_from_env("TRANGTIN_LOG").unwrap_or_else(|_| EnvFilter::new(default));
    let _ = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).without_time().try_init();
}
