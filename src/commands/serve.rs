//! `trangtin serve`: build, serve the output on loopback, rebuild on change, reload pages.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::mpsc;
use std::time::Duration;

use anyhow::Context;
use notify_debouncer_full::notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, new_debouncer};

use crate::build::{BuildOptions, output_folder};
use crate::cli::{GlobalArgs, ServeArgs};
use crate::diag::Diagnostics;
use crate::incremental::{Rebuilt, Session};
use crate::serve::{Hub, Notice, is_ignored_change};

/// How long the watcher waits for a burst of file events to end before rebuilding.
const DEBOUNCE: Duration = Duration::from_millis(100);
/// Folders under the site root whose changes trigger a rebuild.
const WATCHED_FOLDERS: [&str; 5] = ["content", "data", "themes", "static", "templates"];

fn diagnostics_text(diagnostics: &Diagnostics) -> String {
    let mut text = Vec::new();
    let _ = diagnostics.write_to(&mut text);
    String::from_utf8_lossy(&text).into_owned()
}

/// Rebuilds after `changed`; on failure returns the errors as text. A file caught empty in
/// the middle of a save is retried once after a short wait, so that a save does not flash
/// an error.
fn rebuild(session: &mut Session, changed: &[PathBuf], rescan: bool) -> Result<Rebuilt, String> {
    let mut result = session.rebuild(changed, rescan);
    if let Err(diagnostics) = &result {
        if diagnostics.iter().any(|diagnostic| diagnostic.message == "tệp rỗng") {
            std::thread::sleep(DEBOUNCE);
            result = session.rebuild(changed, rescan);
        }
    }
    result.map_err(|diagnostics| diagnostics_text(&diagnostics))
}

fn report(rebuilt: &Rebuilt) -> String {
    let kind = if rebuilt.full { "dựng lại toàn bộ" } else { "dựng lại" };
    format!(
        "Đã {kind} {} trang ({} tệp thay đổi) trong {} ms.",
        rebuilt.rendered,
        rebuilt.changed_files,
        rebuilt.elapsed.as_millis()
    )
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

    // The port is taken before the first build, so that a port in use stops the command
    // before it rebuilds the output folder with drafts.
    let requested = format!("{}:{}", args.bind, args.port);
    let listener = std::net::TcpListener::bind(&requested).map_err(|error| {
        if error.kind() == std::io::ErrorKind::AddrInUse {
            let other = if args.port == u16::MAX { 8000 } else { args.port + 1 };
            anyhow::anyhow!(
                "không mở được máy chủ tại {requested}: cổng {} đang được một chương trình khác dùng. Hãy chọn cổng khác, ví dụ --port {other}",
                args.port
            )
        } else {
            anyhow::anyhow!("không mở được máy chủ tại {requested}: {error}")
        }
    })?;
    // The address actually bound, which differs from the requested one for port 0.
    let address = listener.local_addr().map_or(requested, |bound| bound.to_string());

    // Until a first build succeeds there is no session; each change then tries a full build.
    let mut session = match Session::start(&root, options.clone()) {
        Ok((session, rebuilt)) => {
            println!("{}", report(&rebuilt));
            Some(session)
        }
        Err(diagnostics) => {
            let text = diagnostics_text(&diagnostics);
            eprint!("{text}");
            eprintln!("Bản dựng đầu tiên có lỗi; sửa rồi lưu tệp, trang sẽ tự dựng lại.");
            hub.announce(Notice::Error(text));
            None
        }
    };

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
            debouncer
                .watch(&path, RecursiveMode::Recursive)
                .with_context(|| format!("không theo dõi được {}", path.display()))?;
        }
    }
    debouncer.watch(&root, RecursiveMode::NonRecursive).context("không theo dõi được site.yaml")?;
    // Printed once every folder is watched, so that a save made after it is seen.
    println!("Xem trang tại http://{address}/ (Ctrl+C để dừng).");
    if options.drafts {
        println!(
            "Lưu ý: {} đang có cả bài nháp; chạy `trangtin build` trước khi chép thư mục này lên máy chủ.",
            output.display()
        );
    }

    crate::serve::start(listener, Arc::clone(&hub)).context("không khởi động được máy chủ HTTP")?;

    let rebuild_hub = Arc::clone(&hub);
    let quiet = global.quiet;
    // Open pages show the error of a failed build until the next build reloads them.
    let mut showing_error = session.is_none();
    std::thread::spawn(move || {
        while let Ok(first) = event_receiver.recv() {
            // A burst of saves can reach us as several debounced batches; take them all
            // before rebuilding, so that the burst gives one rebuild and one reload.
            let mut batches = vec![first];
            while let Ok(more) = event_receiver.recv_timeout(DEBOUNCE) {
                batches.push(more);
            }
            let mut changed: Vec<PathBuf> = Vec::new();
            let mut rescan = false;
            for result in batches {
                match result {
                    Ok(events) => {
                        for event in events {
                            // Reads (the build's own, among others) are not changes.
                            if matches!(event.kind, EventKind::Access(_)) {
                                continue;
                            }
                            rescan |= event.need_rescan();
                            changed
                                .extend(event.paths.iter().filter(|path| is_relevant(&root, &output, path)).cloned());
                        }
                    }
                    // A watcher error may mean lost events: rebuild everything to be safe.
                    Err(_) => rescan = true,
                }
            }
            changed.sort();
            changed.dedup();
            if changed.is_empty() && !rescan {
                continue;
            }
            let result = match session.as_mut() {
                Some(session) => rebuild(session, &changed, rescan),
                None => match Session::start(&root, options.clone()) {
                    Ok((started, rebuilt)) => {
                        session = Some(started);
                        Ok(rebuilt)
                    }
                    Err(diagnostics) => Err(diagnostics_text(&diagnostics)),
                },
            };
            match result {
                Ok(rebuilt) => {
                    if !quiet {
                        println!("{}", report(&rebuilt));
                    }
                    // A save that changes no output file (the same text saved again) leaves
                    // open pages as they are.
                    if rebuilt.changed_files > 0 || showing_error {
                        rebuild_hub.announce(Notice::Reload);
                    }
                    showing_error = false;
                }
                Err(text) => {
                    eprint!("{text}");
                    rebuild_hub.announce(Notice::Error(text));
                    showing_error = true;
                }
            }
        }
    });

    // The server's thread ends with the process, dropping open connections.
    let _ = stop_receiver.recv();
    drop(debouncer);
    println!("Đã dừng máy chủ.");
    Ok(ExitCode::SUCCESS)
}
