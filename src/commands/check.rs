//! `trangtin check`: build the site when its output is missing or stale, score it against
//! the criteria set, and write the report.
//!
//! Exit codes: 0 when the report was written (and the score reaches `--min-score`), 1 for
//! content errors, a broken criteria set or a score below `--min-score`, 2 for bad usage.

use std::io::{self, IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context as _, bail};
use chrono::Datelike;

use crate::build::{BuildOptions, build};
use crate::check::built::BuiltSite;
use crate::check::format::{self, text::Colour};
use crate::check::freshness::{Staleness, staleness};
use crate::check::{Context, CriteriaSet, Report, ReviewPeriod, evaluate};
use crate::cli::{CheckArgs, GlobalArgs, ReportFormat};
use crate::date::today_in_vietnam;
use crate::diag::Diagnostics;
use crate::site::{LoadOptions, Site};

/// Review years outside this range are typing mistakes.
const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

pub fn run(global: &GlobalArgs, args: &CheckArgs) -> anyhow::Result<ExitCode> {
    if args.format == ReportFormat::Xlsx && args.output.is_none() {
        bail!("báo cáo dạng xlsx phải ghi vào tệp: thêm --output TỆP, ví dụ --output tu-cham-diem.xlsx");
    }
    if let Some(year) = args.year
        && !YEARS.contains(&year)
    {
        bail!("năm đánh giá {year} không hợp lệ: ghi năm có bốn chữ số, từ {} đến {}", YEARS.start(), YEARS.end());
    }
    if let Some(min) = args.min_score
        && !(min.is_finite() && min >= 0.0)
    {
        bail!("--min-score phải là số điểm không âm, đang là {min}");
    }

    let root = global.root.as_path();
    if let Some(path) = &args.output {
        reject_source_file(root, path)?;
    }
    let output = root.join("public");
    let Some((site, built)) = load_site_and_output(global, root, &output)? else {
        return Ok(ExitCode::from(1));
    };

    let set = match criteria_set(root, args.criteria.as_deref(), &site) {
        Ok(set) => set,
        Err(diagnostics) => {
            report_problems(&diagnostics, "Bộ tiêu chí có lỗi, chưa chấm điểm được")?;
            return Ok(ExitCode::from(1));
        }
    };

    let today = today_in_vietnam();
    let year = args.year.or(site.config.nam_danh_gia).unwrap_or(today.year());
    let period = ReviewPeriod::new(year, site.config.ngay_danh_gia.map(|date| date.day()), today);
    let built = built.with_context(|| format!("không đọc được thư mục kết quả {}", output.display()))?;
    tracing::info!(criteria = %set.id, year, "scoring");

    let cx = Context { site: &site, built: &built, period, params: &set.params, criteria_file: set.origin.display() };
    let report = evaluate(&set, &cx);
    // The process ends after the report: freeing the facts of every page and the site model,
    // millions of small allocations on a large site, would only delay the exit, so the
    // operating system reclaims them instead.
    std::mem::forget(built);
    std::mem::forget(site);
    write_report(&report, args)?;

    if let Some(min) = args.min_score
        && report.score < min
    {
        if !global.quiet {
            eprintln!(
                "Tổng điểm {} thấp hơn mức tối thiểu {} (--min-score).",
                crate::check::points::format_points(report.score),
                crate::check::points::format_points(min)
            );
        }
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

/// Loads the site model and reads the built output. When the output is missing or older
/// than the sources, the site is built first and the model comes from that build. Returns
/// `None` after printing the content errors; an error reading the output is returned for the
/// caller to report after its own checks.
fn load_site_and_output(
    global: &GlobalArgs,
    root: &Path,
    output: &Path,
) -> anyhow::Result<Option<(Site, io::Result<BuiltSite>)>> {
    if let Some(reason) = staleness(root, output) {
        let Some(site) = build_first(global, root, output, &reason)? else { return Ok(None) };
        return Ok(Some((site, BuiltSite::read(root, output))));
    }

    // Reading the output needs nothing from the site model, so the two run side by side and
    // the serial parts of each (walking the folders, sorting) overlap.
    let (site, built) = rayon::join(|| load(global, root), || BuiltSite::read(root, output));
    Ok(site?.map(|site| (site, built)))
}

/// Builds the site into `output`, printing why. Returns `None` after printing the content
/// errors.
fn build_first(global: &GlobalArgs, root: &Path, output: &Path, reason: &Staleness) -> anyhow::Result<Option<Site>> {
    // Standard error is locked only to write: the build logs from worker threads, and would
    // wait forever on a lock held here.
    if !global.quiet {
        writeln!(std::io::stderr(), "Dựng lại trang trước khi chấm điểm vì {}.", reason.describe(root, output))?;
    }
    match build(root, &BuildOptions::default()) {
        Ok(outcome) => {
            if !global.quiet {
                outcome.warnings.write_to(&mut std::io::stderr().lock())?;
            }
            Ok(Some(outcome.site))
        }
        Err(diagnostics) => {
            report_problems(&diagnostics, "Không dựng được trang nên chưa chấm điểm")?;
            Ok(None)
        }
    }
}

/// Loads the site model from the sources. Returns `None` after printing the content errors.
fn load(global: &GlobalArgs, root: &Path) -> anyhow::Result<Option<Site>> {
    // Standard error is locked only once loading is done, so that the logs of the output
    // reader on the other thread are not held up meanwhile.
    // The rules read no page's body as HTML.
    match Site::load(root, LoadOptions { body_html: false, ..LoadOptions::default() }) {
        Ok((site, warnings)) => {
            if !global.quiet {
                warnings.write_to(&mut std::io::stderr().lock())?;
            }
            Ok(Some(site))
        }
        Err(diagnostics) => {
            report_problems(&diagnostics, "Nội dung trang có lỗi nên chưa chấm điểm")?;
            Ok(None)
        }
    }
}

/// Resolves the criteria set named by `--criteria`, else by `bo_tieu_chi`, and applies the
/// site's overrides.
fn criteria_set(root: &Path, name: Option<&str>, site: &Site) -> Result<CriteriaSet, Diagnostics> {
    let mut set = CriteriaSet::resolve(root, name.or(site.config.bo_tieu_chi.as_deref()))?;
    let site_yaml = std::fs::read_to_string(root.join("site.yaml")).unwrap_or_default();
    set.apply_overrides(&site.config, &site_yaml)?;
    Ok(set)
}

/// Prints every diagnostic and a closing line with the counts to stderr.
fn report_problems(diagnostics: &Diagnostics, headline: &str) -> anyhow::Result<()> {
    let mut stderr = std::io::stderr().lock();
    diagnostics.write_to(&mut stderr)?;
    writeln!(stderr, "{headline}: {} lỗi, {} cảnh báo.", diagnostics.error_count(), diagnostics.warning_count())?;
    Ok(())
}

/// Rejects a report path that would overwrite a file of the site's sources: anything under
/// `content/`, `data/`, `static/`, `themes/` or `templates/`, `site.yaml`, and any existing
/// Markdown or YAML file, since reports are never written in those formats.
fn reject_source_file(root: &Path, path: &Path) -> anyhow::Result<()> {
    let absolute = |path: &Path| crate::output::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let (root, target) = (absolute(root), absolute(path));
    let in_sources =
        ["content", "data", "static", "themes", "templates"].iter().any(|folder| target.starts_with(root.join(folder)))
            || target == root.join("site.yaml");
    let is_source_format = target.is_file()
        && target.extension().is_some_and(|extension| {
            ["md", "markdown", "yaml", "yml"].iter().any(|known| extension.eq_ignore_ascii_case(known))
        });
    if in_sources || is_source_format {
        bail!(
            "không ghi báo cáo vào {}: tệp này là nguồn của trang (content/, data/, static/, themes/, templates/, site.yaml hoặc tệp .md, .yaml) và sẽ bị ghi đè. Hãy chọn tệp khác, ví dụ --output tu-cham-diem.html",
            path.display()
        );
    }
    Ok(())
}

/// Writes the report in the requested format to `--output`, or to stdout.
fn write_report(report: &Report, args: &CheckArgs) -> anyhow::Result<()> {
    let output = args.output.as_deref();
    if args.format == ReportFormat::Xlsx {
        // `run` rejects xlsx without --output before any work is done.
        let path = output.context("báo cáo dạng xlsx cần --output")?;
        return format::xlsx::write(report, path)
            .with_context(|| format!("không ghi được bảng tính {}", path.display()));
    }

    let to_terminal = output.is_none() && std::io::stdout().is_terminal();
    let text = match args.format {
        ReportFormat::Text => format::text::render(report, if to_terminal { Colour::Terminal } else { Colour::Plain }),
        ReportFormat::Json => format::json::render(report),
        ReportFormat::Html => format::html::render(report),
        ReportFormat::Xlsx => unreachable!("handled above"),
    };
    match output {
        Some(path) => std::fs::write(path, text).with_context(|| format!("không ghi được báo cáo {}", path.display())),
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(text.as_bytes())?;
            stdout.flush()?;
            Ok(())
        }
    }
}
