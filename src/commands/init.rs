//! `trangtin init DIR`: a new agency site that builds at once, with every required section
//! and data file filled with sample values for the agency to replace.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;

use crate::cli::{GlobalArgs, InitArgs};
use crate::render::theme::embedded_files;
use crate::scaffold::{SKELETON, SKELETON_SECTIONS};

fn write(root: &Path, relative: &str, contents: &[u8]) -> anyhow::Result<()> {
    let path = root.join(relative);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).with_context(|| format!("không tạo được thư mục {}", parent.display()))?;
    }
    std::fs::write(&path, contents).with_context(|| format!("không ghi được {}", path.display()))
}

pub fn run(global: &GlobalArgs, args: &InitArgs) -> anyhow::Result<ExitCode> {
    let root = &args.dir;
    if root.exists() {
        let is_empty = std::fs::read_dir(root).map(|mut entries| entries.next().is_none()).unwrap_or(false);
        if !is_empty {
            eprintln!(
                "lỗi: thư mục {} đã có nội dung; trangtin init chỉ tạo trang trong thư mục chưa có hoặc đang trống.",
                root.display()
            );
            return Ok(ExitCode::from(1));
        }
    }

    for file in SKELETON {
        write(root, file.path, file.contents.as_bytes())?;
    }
    for (section, title) in SKELETON_SECTIONS {
        let index = format!("---\ntitle: {title}\n---\n\nLời giới thiệu của mục {title}.\n");
        write(root, &format!("content/{section}/_index.md"), index.as_bytes())?;
    }
    for (path, contents) in embedded_files() {
        write(root, &format!("themes/default/{path}"), contents)?;
    }

    if !global.quiet {
        println!("Đã tạo trang mới trong {}.", root.display());
        println!("Tiếp theo: sửa site.yaml và các tệp trong data/, rồi chạy");
        println!("  trangtin build --root {}", root.display());
        println!("  trangtin check --root {}", root.display());
        println!("để xem những tiêu chí còn phải bổ sung.");
    }
    Ok(ExitCode::SUCCESS)
}
