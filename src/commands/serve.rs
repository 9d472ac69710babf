//! `trangtin serve`: build, serve the output on loopback, rebuild on change, reload pages.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::Context;
use notify_debouncer_full::notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, new_debouncer};

use crate::build::{BuildOptions, build, output_folder};
use crate::cli::{GlobalArgs, ServeArgs};
use crate::diag::Diagnostics;
use crate::serve::{Hub, Notice, handle, is_ignored_change};

/// How long the watcher waits for a burst of file events to end before rebuilding.
const DEBOUNCE: Duration = Duration::from_millis(100);
/// Folders under the site root whose changes trigger a rebuild.
const WATCHED_FOLDERS: [&str; 5] = ["content", "data", "themes", "static", "templates"];

fn diagnostics_text(diagnostics: &Diagnostics) -> String {
    let mut text = Vec::new();
    let _ = diagnostics.write_to(&mut text);
    String::from_utf8_lossy(&text).into_owned()
}

/// Builds once; on failure returns the errors as text. A file caught empty in the middle of
/// a save is retried once after a short wait, so that a save does not flash an error.
fn rebuild(root: &Path, options: &BuildOptions) -> Result<(usize, Duration), String> {
    let started = Instant::now();
    let mut result = build(root, options);
    if let Err(diagnostics) = &result {
        if diagnostics.iter().any(|diagnostic| diagnostic.message == "tệp rỗng") {
            std::thread::sleep(DEBOUNCE);
            result = build(root, options);
        }
    }
    match result {
        Ok(outcome) => Ok((outcome.html_pages, started.elapsed())),
        Err(diagnostics) => Err(diagnostics_text(&diagnostics)),
    }
}

/// True when a changed path matters for the build.
fn is_relevant(root: &Path, output: &Path, path: &Path) -> bool {
    if path.starts_with(output) || is_ignored_change(path) {
        return false;
    }
    let Ok(relative) = path.strip_prefix(root) else {
        return true;
    };
    match relative.components().next() {
        Some(first) => {
            let first = first.as_os_str().to_string_lossy();
            first == "site.yaml" || WATCHED_FOLDERS.contains(&first.as_ref())
        }
        None => false,
    }
}

pub fn run(global: &GlobalArgs, args: &ServeArgs) -> anyhow::Result<ExitCode> {
    let root: PathBuf = crate::output::absolute(&global.root).context("không mở được thư mục trang")?;
    let options = BuildOptions { output: args.output.clone(), drafts: args.drafts, base_url: None };
    let output = output_folder(&root, &options).context("không xác định được thư mục kết quả")?;
    let hub = Hub::new(output.clone());

    match rebuild(&root, &options) {
        Ok((pages, elapsed)) => println!("Đã dựng {pages} trang trong {} ms.", elapsed.as_millis()),
        Err(text) => {
            eprint!("{text}");
            eprintln!("Bản dựng đầu tiên có lỗi; sửa rồi lưu tệp, trang sẽ tự dựng lại.");
            hub.announce(Notice::Error(text));
        }
    }

    let address = format!("{}:{}", args.bind, args.port);
    let server = Arc::new(
        tiny_http::Server::http(&address)
            .map_err(|error| anyhow::anyhow!("không mở được máy chủ tại {address}: {error}"))?,
    );
    println!("Xem trang tại http://{address}/ (Ctrl+C để dừng).");

    let (stop_sender, stop_receiver) = mpsc::channel::<()>();
    ctrlc::set_handler(move || {
        let _ = stop_sender.send(());
    })
    .context("không cài được xử lý Ctrl+C")?;

    let (event_sender, event_receiver) = mpsc::channel::<DebounceEventResult>();
    let mut debouncer = new_debouncer(DEBOUNCE, None, event_sender).context("không theo dõi được thay đổi tệp")?;
    for folder in WATCHED_FOLDERS {
        let path = root.join(folder);
        if path.is_dir() {
            debouncer.watch(&path, RecursiveMode::Recursive).with_context(|| format!("không theo dõi được {}", path.display()))?;
        }
    }
    debouncer.watch(&root, RecursiveMode::NonRecursive).context("không theo dõi được site.yaml")?;

    let requests = Arc::clone(&server);
    let request_hub = Arc::clone(&hub);
    std::thread::spawn(move || {
        for request in requests.incoming_requests() {
            let hub = Arc::clone(&request_hub);
            std::thread::spawn(move || handle(&hub, request));
        }
    });

    let rebuild_hub = Arc::clone(&hub);
    let quiet = global.quiet;
    std::thread::spawn(move || {
        while let Ok(result) = event_receiver.recv() {
            let relevant = match result {
                // Reads (the build's own, among others) are not changes.
                Ok(events) => events.iter().any(|event| {
                    event.need_rescan()
                        || (!matches!(event.kind, EventKind::Access(_))
                            && event.paths.iter().any(|path| is_relevant(&root, &output, path)))
                }),
                // Lost events or a watcher error: rebuild everything to be safe.
                Err(_) => true,
            };
            if !relevant {
                continue;
            }
            match rebuild(&root, &options) {
                Ok((pages, elapsed)) => {
                    if !quiet {
                        println!("Đã dựng lại {pages} trang trong {} ms.", elapsed.as_millis());
                    }
                    rebuild_hub.announce(Notice::Reload);
                }
                Err(text) => {
                    eprint!("{text}");
                    rebuild_hub.announce(Notice::Error(text));
                }
            }
        }
    });

    let _ = stop_receiver.recv();
    server.unblock();
    drop(debouncer);
    println!("Đã dừng máy chủ.");
    Ok(ExitCode::SUCCESS)
}
