//! Hostile output folders and interrupted builds. An `--output` that is the site, `content/`,
//! a parent of them or a symbolic link to them is rejected with nothing deleted. A failed build
//! and a build killed with SIGKILL leave the previous output byte-identical, and a later
//! build still works. Two builds of the same site are byte-identical.

#![cfg(unix)]

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

use common::*;

const OUTPUT_HINT: &str = "  → chọn thư mục kết quả khác bằng --output, ví dụ `--output public`";

const COVERS_SITE: &str = "thư mục kết quả trùng hoặc chứa thư mục trang; bản dựng sẽ xóa mất nội dung";

/// Pages generated for the killed builds, so that a build lasts long enough to be killed in
/// each of its stages: 8.5 s for a debug build on the two-core development machine.
const GENERATED_PAGES: usize = 1200;

/// Runs `trangtin build --output <output>` from `current_dir` and checks that it is refused
/// with `reason` for `refused` (printed canonical), with the site and sandbox unchanged.
fn assert_refused(sandbox: &Sandbox, current_dir: &Path, output: &str, refused: &Path, reason: &str) {
    let site_before = snapshot(&sandbox.site());
    let entries_before = sandbox.top_entries();

    let output =
        trangtin().current_dir(current_dir).args(["build", "--output", output]).output().expect("trangtin starts");

    let stderr = String::from_utf8(output.stderr).expect("stderr is UTF-8");
    assert_eq!(output.status.code(), Some(1), "exit code; stderr:\n{stderr}");
    let printed = refused.canonicalize().expect("refused folder exists");
    let lines: Vec<&str> = stderr.lines().filter(|line| !line.starts_with("Không dựng được trang:")).collect();
    assert_eq!(lines, [format!("lỗi: {}: {reason}", printed.display()).as_str(), OUTPUT_HINT]);
    assert_eq!(snapshot(&sandbox.site()), site_before, "site unchanged");
    assert_eq!(sandbox.top_entries(), entries_before, "nothing created beside the site");
}

#[test]
fn output_dot_in_site_refused() {
    let sandbox = Sandbox::with_site("hostile-base");

    assert_refused(&sandbox, &sandbox.site(), ".", &sandbox.site(), COVERS_SITE);
}

#[test]
fn output_content_via_dotdot_refused() {
    let sandbox = Sandbox::with_site("hostile-base");
    let content = sandbox.site().join("content");

    assert_refused(
        &sandbox,
        &sandbox.site(),
        "content/../content/",
        &content,
        "thư mục kết quả trùng hoặc chứa content/; bản dựng sẽ xóa mất nội dung",
    );
}

#[test]
fn output_folder_of_other_files_refused() {
    let sandbox = Sandbox::with_site("hostile-base");
    let documents = sandbox.path().join("tai-lieu");
    fs::create_dir_all(documents.join("2024")).expect("create a folder of documents");
    fs::write(documents.join("2024/bao-cao.docx"), "báo cáo").expect("write a document");
    let before = snapshot(&documents);

    assert_refused(
        &sandbox,
        &sandbox.site(),
        "../tai-lieu",
        &documents,
        "thư mục kết quả đã có tệp không do trangtin tạo (thiếu tệp đánh dấu .trangtin); bản dựng sẽ xóa mất các tệp đó",
    );
    assert_eq!(snapshot(&documents), before, "the documents are kept");
}

#[test]
fn output_existing_file_refused() {
    let sandbox = Sandbox::with_site("hostile-base");
    let config = sandbox.site().join("site.yaml");
    let before = fs::read(&config).expect("read site.yaml");

    assert_refused(
        &sandbox,
        &sandbox.site(),
        "site.yaml",
        &config,
        "đường dẫn kết quả là một tệp đã có, không phải thư mục",
    );
    assert_eq!(fs::read(&config).expect("read site.yaml"), before, "site.yaml is kept");
}

#[test]
fn output_folder_of_earlier_build_replaced() {
    let sandbox = Sandbox::with_site("hostile-base");
    let elsewhere = sandbox.path().join("ban-dung");

    for _ in 0..2 {
        let output = trangtin()
            .current_dir(sandbox.site())
            .args(["build", "--output", "../ban-dung"])
            .output()
            .expect("trangtin starts");
        assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    }
    assert!(elsewhere.join("index.html").is_file(), "the second build replaced the first");
    assert!(elsewhere.join(".trangtin").is_file(), "the output carries its marker");
}

#[test]
fn output_parent_refused() {
    let sandbox = Sandbox::with_site("hostile-base");

    assert_refused(&sandbox, &sandbox.site(), "..", sandbox.path(), COVERS_SITE);
}

#[test]
fn output_symlink_to_site_refused() {
    let sandbox = Sandbox::with_site("hostile-base");
    std::os::unix::fs::symlink(sandbox.site(), sandbox.path().join("lien-ket")).expect("symlink to the site");

    assert_refused(&sandbox, &sandbox.site(), "../lien-ket", &sandbox.site(), COVERS_SITE);
}

#[test]
fn output_inside_data_refused() {
    let sandbox = Sandbox::with_site("hostile-base");
    sandbox.write("data/co-quan.yaml", "dia_chi: Số 1 đường Trần Hưng Đạo\n");

    assert_refused(
        &sandbox,
        &sandbox.site(),
        "data",
        &sandbox.site().join("data"),
        "thư mục kết quả nằm trong data/, nơi trangtin đọc nội dung",
    );
}

#[test]
fn failed_build_keeps_previous_output() {
    let sandbox = Sandbox::with_site("hostile-base");
    sandbox.build(&[]).assert_no_panic().assert_code(0);
    let before = snapshot(&sandbox.output());
    let entries_before = sandbox.top_entries();
    sandbox.write("content/tin-tuc/hong.md", "---\ntitle: Hỏng\ndate: 31/02/2022\n---\n");

    sandbox.build(&[]).assert_no_panic().assert_code(1);

    assert_eq!(snapshot(&sandbox.output()), before, "previous output byte-identical");
    assert_eq!(sandbox.top_entries(), entries_before, "no staging folder left");
}

/// Entries beside the output that a build leaves while it works: the staging folder and the
/// previous output moved aside.
fn leftovers(sandbox: &Sandbox) -> BTreeSet<String> {
    sandbox.top_entries().into_iter().filter(|name| name.starts_with('.')).collect()
}

fn generate_pages(sandbox: &Sandbox, count: usize) {
    for index in 0..count {
        let day = 1 + index % 28;
        let month = 1 + index % 12;
        sandbox.write(
            &format!("content/tin-tuc/bai-{index:04}.md"),
            format!("---\ntitle: Bài số {index}\ndate: {day:02}/{month:02}/2022\ntags: [chủ đề {}]\n---\n\nNội dung bài {index}.\n", index % 40),
        );
    }
}

/// Starts a build of `sandbox` and kills it with SIGKILL once `ready` returns true or `limit`
/// has passed. Returns false when the build finished before it could be killed.
fn kill_build_when(sandbox: &Sandbox, limit: Duration, ready: impl Fn() -> bool) -> bool {
    let mut child = Command::new(env!("CARGO_BIN_EXE_trangtin"))
        .args(["--root", path_str(&sandbox.site()), "build", "--output", path_str(&sandbox.output())])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("trangtin starts");
    let started = Instant::now();
    while started.elapsed() < limit && !ready() {
        if child.try_wait().expect("poll the build").is_some() {
            return false;
        }
        sleep(Duration::from_millis(2));
    }
    child.kill().expect("SIGKILL the build");
    let status = child.wait().expect("reap the build");
    !status.success()
}

#[test]
fn killed_build_keeps_previous_output() {
    let sandbox = Sandbox::with_site("hostile-base");
    sandbox.build(&[]).assert_no_panic().assert_code(0);
    let before = snapshot(&sandbox.output());
    generate_pages(&sandbox, GENERATED_PAGES);

    for milliseconds in [10, 50, 200] {
        let killed = kill_build_when(&sandbox, Duration::from_millis(milliseconds), || false);

        assert!(killed, "the build was still running after {milliseconds} ms");
        assert_eq!(snapshot(&sandbox.output()), before, "output byte-identical after a kill at {milliseconds} ms");
    }

    // Kill while the staging folder is being filled, the moment with the most written.
    let staging_has_files = || {
        leftovers(&sandbox)
            .iter()
            .any(|name| fs::read_dir(sandbox.path().join(name)).is_ok_and(|mut entries| entries.next().is_some()))
    };
    let killed = kill_build_when(&sandbox, Duration::from_secs(60), staging_has_files);
    assert!(killed, "the build was still running while it wrote");
    assert_eq!(snapshot(&sandbox.output()), before, "output byte-identical after a kill while writing");

    sandbox.build(&[]).assert_no_panic().assert_code(0);
    assert!(file_of(&sandbox.output(), "/tin-tuc/bai-0000/").is_file(), "a later build works");
    assert!(file_of(&sandbox.output(), &format!("/tin-tuc/bai-{:04}/", GENERATED_PAGES - 1)).is_file());
    assert_eq!(leftovers(&sandbox), BTreeSet::new(), "the later build removes what the kills left");
}

#[test]
fn killed_build_staging_removed_later() {
    let sandbox = Sandbox::with_site("hostile-base");
    generate_pages(&sandbox, 300);
    let staging_has_files = || {
        leftovers(&sandbox)
            .iter()
            .any(|name| fs::read_dir(sandbox.path().join(name)).is_ok_and(|mut entries| entries.next().is_some()))
    };
    assert!(
        kill_build_when(&sandbox, Duration::from_secs(60), staging_has_files),
        "the build was killed while it wrote"
    );

    sandbox.build(&[]).assert_no_panic().assert_code(0);

    assert_eq!(leftovers(&sandbox), BTreeSet::new(), "the next build removes what killed builds left");
}

#[test]
fn running_build_staging_kept() {
    let sandbox = Sandbox::with_site("hostile-base");
    generate_pages(&sandbox, 300);
    let mut running = Command::new(env!("CARGO_BIN_EXE_trangtin"))
        .args(["--root", path_str(&sandbox.site()), "build", "--output", path_str(&sandbox.output())])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("trangtin starts");
    let started = Instant::now();
    let staging_has_files = || {
        leftovers(&sandbox)
            .iter()
            .any(|name| fs::read_dir(sandbox.path().join(name)).is_ok_and(|mut entries| entries.next().is_some()))
    };
    while !staging_has_files() {
        assert!(started.elapsed() < Duration::from_secs(60), "the first build writes within a minute");
        assert!(running.try_wait().expect("poll the build").is_none(), "the first build is still running");
        sleep(Duration::from_millis(2));
    }
    // Stopped, the first build still holds the lock on its staging folder.
    let signal = |name: &str| {
        let status = Command::new("kill").args([name, &running.id().to_string()]).status().expect("kill runs");
        assert!(status.success(), "kill {name}");
    };
    signal("-STOP");

    let second = sandbox.build(&[]);
    signal("-CONT");
    let first = running.wait().expect("wait for the first build");

    second.assert_no_panic().assert_code(0);
    assert!(first.success(), "the first build finishes with its staging folder intact: {first}");
    assert_eq!(leftovers(&sandbox), BTreeSet::new(), "both builds clean up after themselves");
    for index in 0..300 {
        let page = format!("/tin-tuc/bai-{index:04}/");
        assert!(file_of(&sandbox.output(), &page).is_file(), "{page} in the output");
    }
}

#[test]
fn two_builds_identical() {
    let sandbox = Sandbox::with_site("hostile-base");
    generate_pages(&sandbox, 60);
    sandbox.write(
        "content/van-ban/chi-dao-dieu-hanh/qd-1.md",
        "---\ntitle: Quyết định 1\nso_ky_hieu: 1/QĐ-UBND\nngay_ban_hanh: 15/03/2022\ntep:\n  - tep/qd-1.pdf\n---\n",
    );
    sandbox.write("content/van-ban/chi-dao-dieu-hanh/tep/qd-1.pdf", "%PDF-1.4 quyết định");
    let second = sandbox.path().join("out-2");

    sandbox.build(&[]).assert_no_panic().assert_code(0);
    run(&["--root", path_str(&sandbox.site()), "build", "--output", path_str(&second)])
        .assert_no_panic()
        .assert_code(0);

    let first = snapshot(&sandbox.output());
    let again = snapshot(&second);
    assert_eq!(first.keys().collect::<Vec<_>>(), again.keys().collect::<Vec<_>>(), "same files");
    for (path, bytes) in &first {
        assert!(again[path] == *bytes, "{path} differs between the two builds");
    }
}
