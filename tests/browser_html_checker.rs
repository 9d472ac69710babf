//! The Nu HTML Checker (vnu.jar from the npm package `vnu-jar`) over every HTML page of the
//! repository's own site. It needs Java, not Chromium.

mod browser;

use std::process::Command;

use browser::site::built_output;
use browser::tools::{self, VNU_JAR};

#[test]
fn html_checker_finds_no_errors() {
    let Some(java) = tools::java() else { return };
    let Some(jar) = tools::npm_file(VNU_JAR) else { return };
    let output = built_output();

    let result = Command::new(&java)
        .arg("-jar")
        .arg(&jar)
        .args(["--errors-only", "--skip-non-html"])
        .arg(output)
        .output()
        .unwrap_or_else(|error| panic!("start {}: {error}", java.display()));

    // vnu names each file by its file: URL; the site path is enough to find the page.
    let prefix = format!("\"file:{}", output.display());
    let messages = String::from_utf8_lossy(&result.stderr).replace(&prefix, "\"");
    assert!(
        result.status.success() && messages.trim().is_empty(),
        "the Nu HTML Checker exited with {} and reported:\n{messages}{}",
        result.status,
        String::from_utf8_lossy(&result.stdout)
    );
}
