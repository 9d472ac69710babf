//! Writing the built site: files go into a staging folder beside the output folder, which is
//! swapped in only when every file was written, so a failed or killed build leaves the
//! previous output as it was.
//!
//! The output folder may not be the site root, `content/` or anything above them, and
//! nothing is ever written outside the staging folder.

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use tempfile::TempDir;

/// A staging folder that becomes the output folder on [`Staging::commit`], and is removed
/// when dropped uncommitted.
pub struct Staging {
    dir: TempDir,
    output: PathBuf,
}

/// Why an output folder is not acceptable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutputRefused {
    /// It is the site root, `content/`, or contains one of them.
    Covers(&'static str),
    /// It lies inside `content/`, `data/` or a theme folder, which the build reads.
    Inside(&'static str),
}

impl OutputRefused {
    pub fn message(&self) -> String {
        match self {
            OutputRefused::Covers(what) => {
                format!("thư mục kết quả trùng hoặc chứa {what}; bản dựng sẽ xóa mất nội dung")
            }
            OutputRefused::Inside(what) => format!("thư mục kết quả nằm trong {what}, nơi trangtin đọc nội dung"),
        }
    }
}

/// Lexically normalised absolute form of `path`, resolving `.` and `..` without touching
/// the file system, then resolving symbolic links of the part that exists.
pub fn absolute(path: &Path) -> io::Result<PathBuf> {
    let joined = if path.is_absolute() { path.to_path_buf() } else { std::env::current_dir()?.join(path) };
    let mut normal = PathBuf::new();
    for component in joined.components() {
        match component {
            Component::ParentDir => {
                normal.pop();
            }
            Component::CurDir => {}
            other => normal.push(other),
        }
    }
    // Resolve symbolic links in the longest existing prefix.
    let mut existing = normal.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match existing.file_name() {
            Some(name) => rest.push(name.to_os_string()),
            None => break,
        }
        existing.pop();
    }
    let mut resolved = existing.canonicalize().unwrap_or(existing);
    for name in rest.into_iter().rev() {
        resolved.push(name);
    }
    Ok(resolved)
}

/// Refuses an output folder that would overwrite or sit inside the site's sources.
pub fn check_output_folder(root: &Path, output: &Path) -> Result<(), OutputRefused> {
    let guarded: [(&str, PathBuf); 2] = [("thư mục trang", root.to_path_buf()), ("content/", root.join("content"))];
    for (what, path) in &guarded {
        if path.starts_with(output) {
            return Err(OutputRefused::Covers(if *what == "content/" { "content/" } else { "thư mục trang" }));
        }
    }
    for (what, inside) in [("content/", "content"), ("data/", "data"), ("themes/", "themes"), ("static/", "static")] {
        if output.starts_with(root.join(inside)) {
            return Err(OutputRefused::Inside(what));
        }
    }
    Ok(())
}

impl Staging {
    /// Creates a staging folder next to `output` (same file system, so the swap is a rename).
    pub fn new(output: &Path) -> io::Result<Staging> {
        let parent = output.parent().unwrap_or(Path::new("."));
        fs::create_dir_all(parent)?;
        let name =
            output.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_else(|| "public".to_owned());
        let dir = tempfile::Builder::new().prefix(&format!(".{name}.dang-dung-")).tempdir_in(parent)?;
        Ok(Staging { dir, output: output.to_path_buf() })
    }

    /// The staging folder.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes `contents` at the site path `url_path` (`/tin-tuc/index.html`).
    pub fn write(&self, url_path: &str, contents: &[u8]) -> io::Result<()> {
        let target = self.target(url_path)?;
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(target, contents)
    }

    /// Copies the file at `source` to the site path `url_path`.
    pub fn copy(&self, url_path: &str, source: &Path) -> io::Result<()> {
        let target = self.target(url_path)?;
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::copy(source, target).map(|_| ())
    }

    /// The path inside the staging folder for a site path; refuses any path that would leave it.
    fn target(&self, url_path: &str) -> io::Result<PathBuf> {
        let mut target = self.dir.path().to_path_buf();
        for part in url_path.split('/') {
            match part {
                "" | "." => {}
                ".." => {
                    return Err(io::Error::new(
                        io::ErrorKind::InvalidInput,
                        format!("đường dẫn ra ngoài thư mục kết quả: {url_path}"),
                    ));
                }
                part if part.contains('\\') || part.contains('\0') => {
                    return Err(io::Error::new(
                        io::ErrorKind::InvalidInput,
                        format!("tên tệp không hợp lệ: {url_path}"),
                    ));
                }
                part => target.push(part),
            }
        }
        Ok(target)
    }

    /// Replaces the output folder with the staging folder. The previous output is moved aside
    /// first and removed after the new one is in place.
    pub fn commit(self) -> io::Result<PathBuf> {
        let staged = self.dir.keep();
        let output = self.output;
        fs::set_permissions(&staged, fs::metadata(staged.parent().unwrap_or(Path::new(".")))?.permissions())?;

        if output.exists() {
            let parent = output.parent().unwrap_or(Path::new("."));
            let old = tempfile::Builder::new().prefix(".public.cu-").tempdir_in(parent)?.keep();
            fs::remove_dir(&old)?;
            fs::rename(&output, &old)?;
            if let Err(error) = fs::rename(&staged, &output) {
                let _ = fs::rename(&old, &output);
                let _ = fs::remove_dir_all(&staged);
                return Err(error);
            }
            fs::remove_dir_all(&old)?;
        } else {
            fs::rename(&staged, &output)?;
        }
        Ok(output)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_root_content_and_parents() {
        let root = Path::new("/srv/site");
        assert_eq!(check_output_folder(root, Path::new("/srv/site")), Err(OutputRefused::Covers("thư mục trang")));
        assert_eq!(check_output_folder(root, Path::new("/srv")), Err(OutputRefused::Covers("thư mục trang")));
        assert_eq!(check_output_folder(root, Path::new("/srv/site/content")), Err(OutputRefused::Covers("content/")));
        assert_eq!(check_output_folder(root, Path::new("/srv/site/content/x")), Err(OutputRefused::Inside("content/")));
        assert_eq!(check_output_folder(root, Path::new("/srv/site/public")), Ok(()));
        assert_eq!(check_output_folder(root, Path::new("/tmp/out")), Ok(()));
    }

    #[test]
    fn staged_files_replace_output_on_commit() {
        let base = tempfile::tempdir().unwrap();
        let output = base.path().join("public");
        fs::create_dir_all(&output).unwrap();
        fs::write(output.join("old.html"), "old").unwrap();

        let staging = Staging::new(&output).unwrap();
        staging.write("/tin-tuc/index.html", b"new").unwrap();
        assert!(staging.write("/../escape.html", b"x").is_err());
        staging.commit().unwrap();

        assert_eq!(fs::read_to_string(output.join("tin-tuc/index.html")).unwrap(), "new");
        assert!(!output.join("old.html").exists());
        let leftovers = fs::read_dir(base.path()).unwrap().count();
        assert_eq!(leftovers, 1, "only public/ remains");
    }

    #[test]
    fn dropped_staging_leaves_output_untouched() {
        let base = tempfile::tempdir().unwrap();
        let output = base.path().join("public");
        fs::create_dir_all(&output).unwrap();
        fs::write(output.join("index.html"), "old").unwrap();
        {
            let staging = Staging::new(&output).unwrap();
            staging.write("/index.html", b"half").unwrap();
        }
        assert_eq!(fs::read_to_string(output.join("index.html")).unwrap(), "old");
        assert_eq!(fs::read_dir(base.path()).unwrap().count(), 1);
    }
}
