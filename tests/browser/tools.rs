//! Paths of the programs and packages that the browser tests use, and what a test does when
//! one is missing. Outside CI it prints a line starting with "bỏ qua:" to stderr and passes.
//! In CI, where the environment variable `CI` is set and not empty, it fails.

use std::env;
use std::path::{Path, PathBuf};

/// Debian's Chromium (package `chromium`).
pub const CHROMIUM: &str = "/usr/bin/chromium";

/// Debian's chromedriver (package `chromium-driver`), of the same version as Chromium.
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// axe-core's browser bundle, installed by `npm ci` from `package.json`.
pub const AXE_SCRIPT: &str = "node_modules/axe-core/axe.min.js";

/// The Nu HTML Checker, installed by `npm ci` from `package.json` (package `vnu-jar`).
pub const VNU_JAR: &str = "node_modules/vnu-jar/build/dist/vnu.jar";

/// Returns true when the environment variable `CI` is set to a non-empty value.
pub fn in_ci() -> bool {
    env::var_os("CI").is_some_and(|value| !value.is_empty())
}

/// Returns true when the test can go on. When it cannot, outside CI it prints
/// `bỏ qua: <reason>` and returns false; in CI it panics with the reason.
fn available(present: bool, reason: &str) -> bool {
    if present {
        return true;
    }
    if in_ci() {
        panic!("{reason}; biến CI được đặt nên kiểm thử này không được bỏ qua");
    }
    eprintln!("bỏ qua: {reason}");
    false
}

/// Checks that Chromium and chromedriver are installed.
pub fn chromium_available() -> bool {
    let present = Path::new(CHROMIUM).is_file() && Path::new(CHROMEDRIVER).is_file();
    available(present, "không có Chromium (cài chromium và chromium-driver)")
}

/// Checks that `java` is on the `PATH`, and returns its path.
pub fn java() -> Option<PathBuf> {
    let found = find_on_path("java");
    available(found.is_some(), "không có Java (cài default-jre-headless)").then(|| found.expect("checked above"))
}

/// Checks that the npm package file `relative` (such as [`VNU_JAR`]) is installed, and
/// returns its absolute path.
pub fn npm_file(relative: &str) -> Option<PathBuf> {
    let path = repo_root().join(relative);
    let reason = format!("không có {relative} (chạy npm ci ở thư mục gốc của kho)");
    available(path.is_file(), &reason).then_some(path)
}

/// Returns the repository root, which contains `package.json`, `node_modules/` and the agency's site.
pub fn repo_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn find_on_path(program: &str) -> Option<PathBuf> {
    let path = env::var_os("PATH")?;
    env::split_paths(&path).map(|folder| folder.join(program)).find(|candidate| candidate.is_file())
}
