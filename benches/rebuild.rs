//! Rebuild benchmark: the work `trangtin serve` does after a one-page edit.
//!
//! Usage: `cargo bench --bench rebuild -- SITE [EDITS] [PAUSE_MS]`. SITE is a site folder, such as the
//! benchmark corpus with a `site.yaml`. The benchmark builds it into a temporary folder under
//! `TMPDIR`; point that at a RAM disk (`/dev/shm`) to leave the disk out of the figures. It then
//! edits one news item EDITS times (10 by default), the body and the title in turn, and each
//! edit changes only its own part. It rebuilds after each edit and prints every rebuild's time,
//! then the median and the slowest of each kind of edit. It waits PAUSE_MS (0 by default)
//! before each edit. The edited file is restored
//! at the end. Only the rebuild is timed, from the call with the changed path to the last file
//! written: the watcher's debounce and the browser's reload are not part of it.

use std::path::{Path, PathBuf};
use std::time::Duration;

use trangtin::build::BuildOptions;
use trangtin::incremental::Session;

fn main() {
    // Phase timings of each rebuild are logged at debug level: `RUST_LOG=trangtin=debug`.
    tracing_subscriber::fmt().with_env_filter(tracing_subscriber::EnvFilter::from_default_env()).init();
    let arguments: Vec<String> = std::env::args().skip(1).filter(|argument| argument != "--bench").collect();
    let Some(site) = arguments.first().map(PathBuf::from) else {
        eprintln!("cách dùng: cargo bench --bench rebuild -- THƯ_MỤC_TRANG [SỐ_LẦN_SỬA] [NGHỈ_MS]");
        std::process::exit(2);
    };
    let edits: usize = arguments.get(1).and_then(|count| count.parse().ok()).unwrap_or(10);
    // A pause before each edit, as between a writer's saves: caches cool down in between.
    let pause = Duration::from_millis(arguments.get(2).and_then(|millis| millis.parse().ok()).unwrap_or(0));

    let output = tempfile::Builder::new().prefix("trangtin-rebuild-").tempdir().expect("temporary output folder");
    let options = BuildOptions { output: Some(output.path().join("public")), ..BuildOptions::default() };
    let (mut session, first) = match Session::start(&site, options) {
        Ok(started) => started,
        Err(diagnostics) => {
            report(&diagnostics);
        }
    };
    println!("full build: {} pages in {} ms", first.rendered, first.elapsed.as_millis());

    let page = news_item(&site);
    let original = std::fs::read_to_string(&page).expect("read the news item");
    let mut times: [Vec<Duration>; 2] = [Vec::new(), Vec::new()];
    // The text carries the latest title edit and the latest body edit, so that each edit
    // changes only its own part.
    let (mut title_edit, mut body_edit) = (0, 0);
    for edit in 1..=edits {
        // Odd edits change the body, even ones the title, which the site map also shows.
        let kind = edit % 2;
        if kind == 1 {
            body_edit = edit;
        } else {
            title_edit = edit;
        }
        let mut edited = original.clone();
        if body_edit > 0 {
            edited = edited.replacen(
                "\n---\n\n",
                &format!("\n---\n\nĐoạn sửa lần {body_edit} để đo thời gian dựng lại.\n\n"),
                1,
            );
        }
        if title_edit > 0 {
            edited = edited.replacen("\ntitle: \"", &format!("\ntitle: \"Sửa lần {title_edit}: "), 1);
        }
        assert_ne!(edited, original, "the news item has a body and a quoted title");
        std::thread::sleep(pause);
        std::fs::write(&page, edited).expect("write the news item");
        let rebuilt = match session.rebuild(std::slice::from_ref(&page), false) {
            Ok(rebuilt) => rebuilt,
            Err(diagnostics) => {
                std::fs::write(&page, &original).expect("restore the news item");
                report(&diagnostics);
            }
        };
        assert!(rebuilt.in_place, "an edit of the body or title is rebuilt in place");
        println!(
            "edit {edit} ({}): {:.1} ms, {} pages rendered, {} files changed",
            KINDS[kind],
            millis(rebuilt.elapsed),
            rebuilt.rendered,
            rebuilt.changed_files
        );
        times[kind].push(rebuilt.elapsed);
    }
    std::fs::write(&page, &original).expect("restore the news item");

    for (kind, times) in times.iter_mut().enumerate() {
        times.sort();
        if let (Some(median), Some(slowest)) = (times.get(times.len() / 2), times.last()) {
            println!(
                "rebuild after a {} edit: median {:.1} ms, slowest {:.1} ms",
                KINDS[kind],
                millis(*median),
                millis(*slowest)
            );
        }
    }
}

/// The kinds of edit, by the remainder of the edit number divided by two.
const KINDS: [&str; 2] = ["title", "body"];

fn report(diagnostics: &trangtin::diag::Diagnostics) -> ! {
    for diagnostic in diagnostics.iter() {
        eprintln!("{diagnostic}");
    }
    std::process::exit(1);
}

fn millis(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

/// Returns the absolute path of the news item in the middle of `content/tin-tuc/`, by file name.
fn news_item(site: &Path) -> PathBuf {
    let folder = site.join("content/tin-tuc");
    let mut items: Vec<PathBuf> = std::fs::read_dir(&folder)
        .expect("content/tin-tuc/ in the site")
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|extension| extension == "md") && !path.ends_with("_index.md"))
        .collect();
    items.sort();
    let item = items.get(items.len() / 2).expect("a news item");
    std::path::absolute(item).expect("absolute path")
}
