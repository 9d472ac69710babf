//! Writing the built site: files go into a staging folder beside the output folder, which is
//! swapped in only when every file was written, so a failed or killed build leaves the
//! previous output as it was.
//!
//! The output folder may not be the site root, `content/` or anything above them, and
//! nothing is ever written outside the staging folder.
//!
//! A build killed before it could clean up leaves its staging folder behind. Each staging
//! folder therefore has a lock file beside it, locked for as long as its build runs, and the
//! operating system releases the lock when the process ends. A new build removes the folders
//! whose lock file it can lock, and nothing else.

use std::fs::{self, File};
use std::io;
use std::path::{Component, Path, PathBuf};

use fs4::FileExt;
use tempfile::NamedTempFile;
use tracing::{info, warn};

/// Suffix of the lock file beside a staging folder.
const LOCK_SUFFIX: &str = ".khoa";

/// Suffix of the previous output's folder name while the new output is moved in.
const PREVIOUS_SUFFIX: &str = ".cu";

/// Attempts at a staging folder before giving up, each with a new random name. An attempt
/// fails when another build takes the new lock file for a stale one before it is locked, or
/// when a folder of the new name exists.
const STAGING_ATTEMPTS: usize = 8;

/// A staging folder that becomes the output folder on [`Staging::commit`], and is removed
/// when dropped uncommitted.
pub struct Staging {
    dir: PathBuf,
    output: PathBuf,
    /// The locked lock file, which is deleted and unlocked when the staging is dropped.
    lock: NamedTempFile,
    committed: bool,
}

/// Why an output folder is not acceptable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutputRefused {
    /// It is the site root, `content/`, or contains one of them.
    Covers(&'static str),
    /// It lies inside `content/`, `data/` or a theme folder, which the build reads.
    Inside(&'static str),
    /// It is an existing file, not a folder.
    NotAFolder,
    /// It is a folder with files that no build of trangtin wrote, which replacing it would delete.
    Foreign,
}

impl OutputRefused {
    pub fn message(&self) -> String {
        match self {
            OutputRefused::Covers(what) => {
                format!("thư mục kết quả trùng hoặc chứa {what}; bản dựng sẽ xóa mất nội dung")
            }
            OutputRefused::Inside(what) => format!("thư mục kết quả nằm trong {what}, nơi trangtin đọc nội dung"),
            OutputRefused::NotAFolder => "đường dẫn kết quả là một tệp đã có, không phải thư mục".to_owned(),
            OutputRefused::Foreign => format!(
                "thư mục kết quả đã có tệp không do trangtin tạo (thiếu tệp đánh dấu {OUTPUT_MARKER}); bản dựng sẽ xóa mất các tệp đó"
            ),
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

/// Name of the marker file every build writes at the top of its output. A later build may
/// replace a folder that contains it.
pub const OUTPUT_MARKER: &str = ".trangtin";

/// Contents of [`OUTPUT_MARKER`].
pub const OUTPUT_MARKER_TEXT: &str =
    "Thư mục này do trangtin dựng; mỗi lần dựng thay toàn bộ nội dung của nó. Đừng lưu tệp khác vào đây.\n";

/// Refuses an output folder that would overwrite or sit inside the site's sources, an
/// existing file, and a folder with files that trangtin did not write. The site's own
/// `public/` is accepted without the marker, which builds before the marker did not write.
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
    match fs::symlink_metadata(output) {
        Ok(metadata) if !metadata.is_dir() => Err(OutputRefused::NotAFolder),
        Ok(_) if output == root.join("public") || output.join(OUTPUT_MARKER).is_file() => Ok(()),
        Ok(_) => {
            let empty = fs::read_dir(output).is_ok_and(|mut entries| entries.next().is_none());
            if empty { Ok(()) } else { Err(OutputRefused::Foreign) }
        }
        Err(_) => Ok(()),
    }
}

/// Returns the start of the names of the staging folders and lock files for `output`:
/// `.public.dang-dung-` for `public/`.
fn staging_prefix(output: &Path) -> String {
    let name =
        output.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_else(|| "public".to_owned());
    format!(".{name}.dang-dung-")
}

/// Returns the path of `lock` without its suffix, plus `suffix`: the staging folder for an
/// empty `suffix`, the previous output for [`PREVIOUS_SUFFIX`].
fn beside_lock(lock: &Path, suffix: &str) -> PathBuf {
    let name = lock.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
    let stem = name.strip_suffix(LOCK_SUFFIX).unwrap_or(&name);
    lock.with_file_name(format!("{stem}{suffix}"))
}

impl Staging {
    /// Creates a staging folder next to `output` (same file system, so the swap is a rename),
    /// after removing those that killed builds left there.
    pub fn new(output: &Path) -> io::Result<Staging> {
        let parent = output.parent().unwrap_or(Path::new("."));
        fs::create_dir_all(parent)?;
        let prefix = staging_prefix(output);
        remove_stale(parent, &prefix, output);

        for _ in 0..STAGING_ATTEMPTS {
            let lock = tempfile::Builder::new().prefix(&prefix).suffix(LOCK_SUFFIX).tempfile_in(parent)?;
            match FileExt::try_lock(lock.as_file()) {
                Ok(()) => {}
                Err(fs4::TryLockError::WouldBlock) => continue,
                Err(fs4::TryLockError::Error(error)) => return Err(error),
            }
            // Another build may have taken the new file for a stale one and deleted it before
            // it was locked. A deleted lock file protects nothing, so try another name.
            if !lock.path().is_file() {
                continue;
            }
            let dir = beside_lock(lock.path(), "");
            match fs::create_dir(&dir) {
                Ok(()) => {
                    fs::write(dir.join(OUTPUT_MARKER), OUTPUT_MARKER_TEXT)?;
                    return Ok(Staging { dir, output: output.to_path_buf(), lock, committed: false });
                }
                Err(error) if error.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(error) => return Err(error),
            }
        }
        Err(io::Error::other(format!("không tạo được thư mục tạm sau {STAGING_ATTEMPTS} lần thử")))
    }

    /// The staging folder.
    pub fn path(&self) -> &Path {
        &self.dir
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
        let mut target = self.dir.clone();
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
    pub fn commit(mut self) -> io::Result<PathBuf> {
        let output = self.output.clone();
        fs::set_permissions(&self.dir, fs::metadata(self.dir.parent().unwrap_or(Path::new(".")))?.permissions())?;

        if output.exists() {
            // The previous output is named after the lock file, so that a build killed from
            // here on leaves nothing that the next build cannot clean up.
            let old = beside_lock(self.lock.path(), PREVIOUS_SUFFIX);
            fs::rename(&output, &old)?;
            if let Err(error) = fs::rename(&self.dir, &output) {
                let _ = fs::rename(&old, &output);
                return Err(error);
            }
            self.committed = true;
            fs::remove_dir_all(&old)?;
        } else {
            fs::rename(&self.dir, &output)?;
            self.committed = true;
        }
        Ok(output)
    }
}

impl Drop for Staging {
    /// Removes the staging folder unless it was committed. The lock file is deleted and
    /// unlocked afterwards, when `lock` is dropped.
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

/// Tells whether `path` is a folder itself, not a symbolic link to one.
fn is_real_dir(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|metadata| metadata.is_dir())
}

/// Removes, in `parent`, the staging folders of killed builds for `output`, with their lock
/// files. Only lock files named `<prefix><letters and digits>.khoa` count, and only when this
/// process can lock them, which means that the build that made them has ended. When such a
/// build died while swapping the folders and `output` is missing, its previous output is
/// moved back instead of being removed. Failures are logged and do not stop the build.
fn remove_stale(parent: &Path, prefix: &str, output: &Path) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(random) = name.to_str().and_then(|name| name.strip_prefix(prefix)?.strip_suffix(LOCK_SUFFIX)) else {
            continue;
        };
        let lock_path = entry.path();
        let is_own_name = !random.is_empty() && random.chars().all(|c| c.is_ascii_alphanumeric());
        if !is_own_name || !fs::symlink_metadata(&lock_path).is_ok_and(|metadata| metadata.is_file()) {
            continue;
        }
        let Ok(lock) = File::open(&lock_path) else {
            continue;
        };
        if FileExt::try_lock(&lock).is_err() {
            // Its build is still running.
            continue;
        }

        let staging = beside_lock(&lock_path, "");
        if is_real_dir(&staging) {
            match fs::remove_dir_all(&staging) {
                Ok(()) => info!(path = %staging.display(), "đã xóa thư mục tạm của một lần dựng bị ngắt"),
                Err(error) => {
                    warn!(path = %staging.display(), %error, "không xóa được thư mục tạm của một lần dựng bị ngắt");
                    continue;
                }
            }
        }
        let previous = beside_lock(&lock_path, PREVIOUS_SUFFIX);
        if is_real_dir(&previous) {
            let restored = !output.exists() && fs::rename(&previous, output).is_ok();
            if restored {
                info!(path = %output.display(), "đã trả lại thư mục kết quả cũ của một lần dựng bị ngắt");
            } else if let Err(error) = fs::remove_dir_all(&previous) {
                warn!(path = %previous.display(), %error, "không xóa được thư mục kết quả cũ của một lần dựng bị ngắt");
                continue;
            }
        }
        if let Err(error) = fs::remove_file(&lock_path) {
            warn!(path = %lock_path.display(), %error, "không xóa được tệp khóa của một lần dựng bị ngắt");
        }
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
        assert_eq!(check_output_folder(root, Path::new("/nonexistent-trangtin-output")), Ok(()));
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

    /// Leaves what a build killed while swapping folders leaves beside `output`: its staging
    /// folder, its previous output and its lock file, unlocked.
    fn leave_killed_build(output: &Path, random: &str) {
        let parent = output.parent().unwrap();
        let stem = format!("{}{random}", staging_prefix(output));
        fs::create_dir_all(parent.join(&stem).join("tin-tuc")).unwrap();
        fs::write(parent.join(&stem).join("tin-tuc/index.html"), "dở dang").unwrap();
        fs::create_dir_all(parent.join(format!("{stem}{PREVIOUS_SUFFIX}"))).unwrap();
        fs::write(parent.join(format!("{stem}{PREVIOUS_SUFFIX}/index.html")), "cũ").unwrap();
        fs::write(parent.join(format!("{stem}{LOCK_SUFFIX}")), "").unwrap();
    }

    fn entries(folder: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(folder)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn killed_build_leftovers_removed() {
        let base = tempfile::tempdir().unwrap();
        let output = base.path().join("public");
        fs::create_dir_all(&output).unwrap();
        leave_killed_build(&output, "Ab12cd");

        let staging = Staging::new(&output).unwrap();
        assert_eq!(entries(base.path()).len(), 3, "public, the new staging folder and its lock file");
        staging.write("/index.html", b"new").unwrap();
        staging.commit().unwrap();

        assert_eq!(entries(base.path()), ["public"]);
        assert_eq!(fs::read_to_string(output.join("index.html")).unwrap(), "new");
    }

    #[test]
    fn previous_output_restored_when_missing() {
        let base = tempfile::tempdir().unwrap();
        let output = base.path().join("public");
        leave_killed_build(&output, "Ab12cd");

        let staging = Staging::new(&output).unwrap();

        assert_eq!(fs::read_to_string(output.join("index.html")).unwrap(), "cũ", "the previous output is back");
        drop(staging);
        assert_eq!(entries(base.path()), ["public"]);
    }

    #[test]
    fn running_build_staging_kept() {
        let base = tempfile::tempdir().unwrap();
        let output = base.path().join("public");
        let running = Staging::new(&output).unwrap();
        running.write("/index.html", b"running").unwrap();

        let second = Staging::new(&output).unwrap();

        assert!(running.path().join("index.html").is_file(), "the running build keeps its files");
        assert_ne!(running.path(), second.path());
        drop(second);
        drop(running);
        assert_eq!(entries(base.path()), Vec::<String>::new());
    }

    #[test]
    fn foreign_entries_kept() {
        let base = tempfile::tempdir().unwrap();
        let output = base.path().join("public");
        let elsewhere = base.path().join("khac");
        fs::create_dir_all(&elsewhere).unwrap();
        fs::write(elsewhere.join("giu.txt"), "giữ").unwrap();
        // A staging folder of an older trangtin, which has no lock file.
        fs::create_dir_all(base.path().join(".public.dang-dung-Old123")).unwrap();
        // A lock file whose name has more than letters and digits after the prefix.
        fs::write(base.path().join(".public.dang-dung-a.b.khoa"), "").unwrap();
        fs::create_dir_all(base.path().join(".public.dang-dung-a.b")).unwrap();
        // A symbolic link in the place of a staging folder.
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(&elsewhere, base.path().join(".public.dang-dung-Link12")).unwrap();
            fs::write(base.path().join(".public.dang-dung-Link12.khoa"), "").unwrap();
        }
        let before = entries(base.path());

        drop(Staging::new(&output).unwrap());

        let mut expected = before;
        #[cfg(unix)]
        expected.retain(|name| name != ".public.dang-dung-Link12.khoa");
        assert_eq!(entries(base.path()), expected, "only the lock file of the link is removed");
        assert_eq!(fs::read_to_string(elsewhere.join("giu.txt")).unwrap(), "giữ");
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

    #[test]
    fn foreign_folder_and_file_refused() {
        let base = tempfile::tempdir().unwrap();
        let root = base.path().join("site");
        fs::create_dir_all(root.join("content")).unwrap();
        let documents = base.path().join("tai-lieu");
        fs::create_dir_all(&documents).unwrap();
        fs::write(documents.join("bao-cao.docx"), "x").unwrap();
        fs::write(base.path().join("ghi-chu.txt"), "x").unwrap();

        assert_eq!(check_output_folder(&root, &documents), Err(OutputRefused::Foreign));
        assert_eq!(check_output_folder(&root, &base.path().join("ghi-chu.txt")), Err(OutputRefused::NotAFolder));
    }

    #[test]
    fn marked_empty_and_own_public_accepted() {
        let base = tempfile::tempdir().unwrap();
        let root = base.path().join("site");
        fs::create_dir_all(root.join("public")).unwrap();
        fs::write(root.join("public/index.html"), "cũ").unwrap();
        let marked = base.path().join("da-dung");
        fs::create_dir_all(&marked).unwrap();
        fs::write(marked.join("index.html"), "cũ").unwrap();
        fs::write(marked.join(OUTPUT_MARKER), OUTPUT_MARKER_TEXT).unwrap();
        let empty = base.path().join("trong");
        fs::create_dir_all(&empty).unwrap();

        assert_eq!(check_output_folder(&root, &root.join("public")), Ok(()));
        assert_eq!(check_output_folder(&root, &marked), Ok(()));
        assert_eq!(check_output_folder(&root, &empty), Ok(()));
    }
}
