//! `trangtin build`: build the site into the output folder and report what was written.

use std::io::Write;
use std::process::ExitCode;

use crate::build::{BuildOptions, build};
use crate::cli::{BuildArgs, GlobalArgs};

pub fn run(global: &GlobalArgs, args: &BuildArgs) -> anyhow::Result<ExitCode> {
    let options = BuildOptions { output: args.output.clone(), drafts: args.drafts, base_url: args.base_url.clone() };
    let result = build(&global.root, &options);
    // Locked only now: the build logs from worker threads, which would wait forever on a lock
    // held across it.
    let mut stderr = std::io::stderr().lock();
    match result {
        Ok(outcome) => {
            if !global.quiet {
                outcome.warnings.write_to(&mut stderr)?;
                let mut stdout = std::io::stdout().lock();
                writeln!(
                    stdout,
                    "Đã dựng {} trang HTML ({} tệp) vào {} trong {} ms.",
                    outcome.html_pages,
                    outcome.files,
                    outcome.output.display(),
                    outcome.elapsed.as_millis()
                )?;
                if outcome.warnings.warning_count() > 0 {
                    writeln!(stdout, "Có {} cảnh báo, xem ở trên.", outcome.warnings.warning_count())?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(diagnostics) => {
            diagnostics.write_to(&mut stderr)?;
            writeln!(
                stderr,
                "Không dựng được trang: {} lỗi, {} cảnh báo. Thư mục kết quả cũ (nếu có) được giữ nguyên.",
                diagnostics.error_count(),
                diagnostics.warning_count()
            )?;
            Ok(ExitCode::from(1))
        }
    }
}
