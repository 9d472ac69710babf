//! `trangtin new KIND "Tiêu đề"`: write a content file of that kind and print its path.

use std::fs::OpenOptions;
use std::io::Write;
use std::process::ExitCode;

use anyhow::Context;

use crate::cli::{GlobalArgs, NewArgs};
use crate::date::today_in_vietnam;
use crate::scaffold::new_content;
use crate::slug::slugify;

pub fn run(global: &GlobalArgs, args: &NewArgs) -> anyhow::Result<ExitCode> {
    if !global.root.join("site.yaml").is_file() {
        anyhow::bail!(
            "không tìm thấy site.yaml trong {}; chạy lệnh trong thư mục trang hoặc chỉ ra bằng --root",
            global.root.display()
        );
    }
    let slug = slugify(&args.title);
    if slug.is_empty() {
        anyhow::bail!("tiêu đề `{}` không có chữ hoặc số nào để đặt tên tệp", args.title);
    }

    let folder = global.root.join("content").join(args.kind.section());
    std::fs::create_dir_all(&folder).with_context(|| format!("không tạo được thư mục {}", folder.display()))?;
    let path = folder.join(format!("{slug}.md"));
    let text = new_content(args.kind, &args.title, today_in_vietnam());

    // create_new refuses to replace a file that already exists, even one created meanwhile.
    let mut file = match OpenOptions::new().write(true).create_new(true).open(&path) {
        Ok(file) => file,
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
            eprintln!("lỗi: {} đã có; trangtin không ghi đè. Đặt tiêu đề khác hoặc sửa tệp đó.", path.display());
            return Ok(ExitCode::from(1));
        }
        Err(error) => return Err(error).with_context(|| format!("không tạo được {}", path.display())),
    };
    file.write_all(text.as_bytes()).with_context(|| format!("không ghi được {}", path.display()))?;
    println!("{}", path.display());
    Ok(ExitCode::SUCCESS)
}
