//! A static file server for the built site on 127.0.0.1, with the rules of a web server for
//! a static site. `/tin-tuc/` serves `tin-tuc/index.html`, and a folder without its final
//! slash redirects to it. A missing file gets `404.html` with status 404.
//!
//! It serves only regular files under its root folder, after resolving symbolic links.
//! Addresses that it did not find are recorded, so a test can assert that a page loaded
//! every resource it asked for.

use std::fs::{self, File};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::thread;

use tiny_http::{Header, Method, Request, Response, ResponseBox};

/// Worker threads, so that a page and the resources it loads are served at the same time.
const WORKERS: usize = 4;

/// A running server. Its threads run until the test process exits.
pub struct Server {
    base_url: String,
    not_found: Arc<Mutex<Vec<String>>>,
}

impl Server {
    /// Starts serving `root` on a free port of 127.0.0.1.
    pub fn start(root: &Path) -> Server {
        let root = fs::canonicalize(root).unwrap_or_else(|error| panic!("resolve {}: {error}", root.display()));
        let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").expect("bind a free port on 127.0.0.1"));
        let address = server.server_addr().to_ip().expect("an IP address");
        let not_found = Arc::new(Mutex::new(Vec::new()));

        for _ in 0..WORKERS {
            let server = Arc::clone(&server);
            let root = root.clone();
            let not_found = Arc::clone(&not_found);
            thread::spawn(move || {
                for request in server.incoming_requests() {
                    serve(&root, &not_found, request);
                }
            });
        }

        Server { base_url: format!("http://{address}"), not_found }
    }

    /// Returns `http://127.0.0.1:PORT`, without a final slash.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Returns the paths requested so far that had no file, in request order.
    pub fn not_found(&self) -> Vec<String> {
        self.not_found.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).clone()
    }
}

fn serve(root: &Path, not_found: &Mutex<Vec<String>>, request: Request) {
    if !matches!(request.method(), Method::Get | Method::Head) {
        let _ = request.respond(Response::empty(405));
        return;
    }

    let path = request.url().split(['?', '#']).next().unwrap_or("/").to_owned();
    let response = match resolve(root, &path) {
        Resolved::File(file) => file_response(&file, 200),
        Resolved::Folder => {
            let location = Header::from_bytes("Location", format!("{path}/")).expect("valid header");
            Some(Response::empty(301).with_header(location).boxed())
        }
        Resolved::Missing => None,
    };
    let response = response.unwrap_or_else(|| {
        not_found.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).push(path.clone());
        file_response(&root.join("404.html"), 404).unwrap_or_else(|| Response::empty(404).boxed())
    });
    // The browser may close the connection before it reads the whole response.
    let _ = request.respond(response);
}

enum Resolved {
    File(PathBuf),
    /// A folder requested without its final slash.
    Folder,
    Missing,
}

/// Maps a request path to a file under `root`, refusing anything that leaves it.
fn resolve(root: &Path, path: &str) -> Resolved {
    let Some(decoded) = percent_decode(path) else { return Resolved::Missing };
    let relative = Path::new(decoded.trim_start_matches('/'));
    if decoded.contains('\\') || relative.components().any(|component| !matches!(component, Component::Normal(_))) {
        return Resolved::Missing;
    }

    let mut candidate = root.join(relative);
    if candidate.is_dir() {
        if !decoded.ends_with('/') {
            return Resolved::Folder;
        }
        candidate.push("index.html");
    }
    match fs::canonicalize(&candidate) {
        Ok(real) if real.starts_with(root) && real.is_file() => Resolved::File(real),
        _ => Resolved::Missing,
    }
}

fn file_response(path: &Path, status: u16) -> Option<ResponseBox> {
    let file = File::open(path).ok()?;
    let content_type = Header::from_bytes("Content-Type", content_type(path)).expect("valid header");
    Some(Response::from_file(file).with_status_code(status).with_header(content_type).boxed())
}

/// Returns the media type of the file types a built site contains.
fn content_type(path: &Path) -> &'static str {
    let extension = path.extension().and_then(|extension| extension.to_str()).unwrap_or("");
    match extension.to_ascii_lowercase().as_str() {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

/// Decodes `%XX` escapes into bytes and returns the result when it is UTF-8.
fn percent_decode(path: &str) -> Option<String> {
    let bytes = path.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%' {
            let hex = std::str::from_utf8(bytes.get(index + 1..index + 3)?).ok()?;
            decoded.push(u8::from_str_radix(hex, 16).ok()?);
            index += 3;
        } else {
            decoded.push(bytes[index]);
            index += 1;
        }
    }
    String::from_utf8(decoded).ok()
}
