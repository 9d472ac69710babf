//! The repository's own site, built once per test process by the `trangtin` binary into a
//! folder under Cargo's temporary folder for integration tests (`target/tmp`), and served
//! on 127.0.0.1 for the tests of that process.
//!
//! The build and the server live in statics, which are never dropped, so the folder outlives
//! the process. Folders that earlier processes left are removed once they are an hour old.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, SystemTime};

use assert_cmd::Command;

use super::server::Server;
use super::tools::repo_root;

/// Age after which a folder left by an earlier test process is removed. A run of the
/// browser tests takes minutes.
const STALE_AFTER: Duration = Duration::from_secs(3600);

/// The built site and the server that serves it.
pub struct Site {
    /// The build output, served at `base_url`.
    pub output: PathBuf,
    pub server: Server,
}

impl Site {
    /// Returns the address of the site path `path` (`/tin-tuc/`) on the test server.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.server.base_url(), path)
    }
}

/// Returns the site of this test process, building and serving it on the first call.
pub fn site() -> &'static Site {
    static SITE: OnceLock<Site> = OnceLock::new();
    SITE.get_or_init(|| {
        let output = build_repo_site();
        let server = Server::start(&output);
        Site { output, server }
    })
}

/// Returns the build output of the repository's site, building it on the first call.
pub fn built_output() -> &'static Path {
    static OUTPUT: OnceLock<PathBuf> = OnceLock::new();
    OUTPUT.get_or_init(build_repo_site)
}

fn build_repo_site() -> PathBuf {
    let parent = Path::new(env!("CARGO_TARGET_TMPDIR")).join("trangtin-browser");
    fs::create_dir_all(&parent).unwrap_or_else(|error| panic!("create {}: {error}", parent.display()));
    remove_stale_folders(&parent);
    let prefix = format!("{}-", env!("CARGO_CRATE_NAME"));
    let folder = tempfile::Builder::new()
        .prefix(&prefix)
        .tempdir_in(&parent)
        .unwrap_or_else(|error| panic!("create a folder in {}: {error}", parent.display()))
        .keep();
    let output = folder.join("public");

    let result = Command::cargo_bin("trangtin")
        .expect("the trangtin binary is built by cargo test")
        .arg("--root")
        .arg(repo_root())
        .arg("build")
        .arg("--output")
        .arg(&output)
        .output()
        .expect("trangtin starts");
    assert!(
        result.status.success(),
        "building the repository's site failed with {}\n--- stdout:\n{}\n--- stderr:\n{}",
        result.status,
        String::from_utf8_lossy(&result.stdout),
        String::from_utf8_lossy(&result.stderr)
    );
    output
}

fn remove_stale_folders(parent: &Path) {
    let Ok(entries) = fs::read_dir(parent) else { return };
    for entry in entries.flatten() {
        let modified = entry.metadata().and_then(|metadata| metadata.modified());
        let age = modified.ok().and_then(|modified| SystemTime::now().duration_since(modified).ok());
        if age.is_some_and(|age| age > STALE_AFTER) {
            // Another test process may be removing the same folder; either way it goes.
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}
