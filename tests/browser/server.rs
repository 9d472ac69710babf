//! A static file server for the built site on 127.0.0.1, with the rules of a web server for
//! a static site. `/tin-tuc/` serves `tin-tuc/index.html`, and a folder without its final
//! slash redirects to it. A missing file gets `404.html` with status 404.
//!
//! It serves only regular files under its root folder, after resolving symbolic links.
//! Addresses that it did not find are recorded, so a test can assert that a page loaded
//! every resource it asked for.
//!
//! Each connection is a task of its own on one Tokio runtime, served by hyper's HTTP/1.1
//! implementation with keep-alive. tiny_http 0.12 is not used here because its thread pool
//! can leave a new connection queued until one of the open keep-alive connections closes.
//! Chromium opens several connections at once for the search page's index files, and on a
//! busy machine one of its requests went unread for over 90 s.

use std::convert::Infallible;
use std::fs;
use std::net::{Ipv4Addr, TcpListener as StdTcpListener};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::header::{CONTENT_TYPE, HeaderValue, LOCATION};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;

/// Pause after a failed `accept`, so that an error that repeats (too many open files) does
/// not keep the server thread busy.
const ACCEPT_RETRY_DELAY: Duration = Duration::from_millis(100);

/// A running server. Its thread runs until the test process exits.
pub struct Server {
    base_url: String,
    not_found: Arc<Mutex<Vec<String>>>,
}

impl Server {
    /// Starts serving `root` on a free port of 127.0.0.1.
    pub fn start(root: &Path) -> Server {
        let root = fs::canonicalize(root).unwrap_or_else(|error| panic!("resolve {}: {error}", root.display()));
        let listener = StdTcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("bind a free port on 127.0.0.1");
        let address = listener.local_addr().expect("the address of the bound port");
        listener.set_nonblocking(true).expect("make the listening socket non-blocking for Tokio");
        let not_found = Arc::new(Mutex::new(Vec::new()));

        let files = Arc::new(Files { root, not_found: Arc::clone(&not_found) });
        thread::Builder::new()
            .name("site-server".to_owned())
            .spawn(move || serve_forever(listener, files))
            .expect("start the site server thread");

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

/// Accepts connections on `listener` and serves each one in a task of its own.
fn serve_forever(listener: StdTcpListener, files: Arc<Files>) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("start a Tokio runtime for the site server");
    runtime.block_on(async move {
        let listener = TcpListener::from_std(listener).expect("register the listening socket with Tokio");
        loop {
            let stream = match listener.accept().await {
                Ok((stream, _)) => stream,
                Err(error) => {
                    eprintln!("the test site server failed to accept a connection, retrying: {error}");
                    tokio::time::sleep(ACCEPT_RETRY_DELAY).await;
                    continue;
                }
            };
            let files = Arc::clone(&files);
            tokio::spawn(async move {
                let service = service_fn(move |request| {
                    let response = files.respond(&request);
                    async move { Ok::<_, Infallible>(response) }
                });
                // The browser may close a connection at any point, even in the middle of a
                // response, and that ends only this connection's task.
                let _ = http1::Builder::new().serve_connection(TokioIo::new(stream), service).await;
            });
        }
    });
}

/// The files of the built site and the record of the paths that had none.
struct Files {
    root: PathBuf,
    not_found: Arc<Mutex<Vec<String>>>,
}

impl Files {
    /// Builds the response to one request. The files are read with blocking calls, which is
    /// fine for a local folder of small files but would stall the other connections on a slow
    /// disk.
    fn respond(&self, request: &Request<Incoming>) -> Response<Full<Bytes>> {
        if !matches!(*request.method(), Method::GET | Method::HEAD) {
            return empty_response(StatusCode::METHOD_NOT_ALLOWED);
        }

        // The URI's path excludes the query, and browsers do not send the fragment.
        let path = request.uri().path();
        match resolve(&self.root, path) {
            Resolved::File(file) => match file_response(&file, StatusCode::OK) {
                Some(response) => response,
                None => self.missing(path),
            },
            Resolved::Folder => {
                let mut response = empty_response(StatusCode::MOVED_PERMANENTLY);
                match HeaderValue::from_str(&format!("{path}/")) {
                    Ok(location) => {
                        response.headers_mut().insert(LOCATION, location);
                        response
                    }
                    Err(_) => self.missing(path),
                }
            }
            Resolved::Missing => self.missing(path),
        }
    }

    /// Records `path` as not found and returns the site's 404 page.
    fn missing(&self, path: &str) -> Response<Full<Bytes>> {
        self.not_found.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).push(path.to_owned());
        file_response(&self.root.join("404.html"), StatusCode::NOT_FOUND)
            .unwrap_or_else(|| empty_response(StatusCode::NOT_FOUND))
    }
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

/// Returns the file at `path` with `status` and its media type, or `None` when it cannot be
/// read. hyper sets `Content-Length` from the body, and leaves the body out for `HEAD`.
fn file_response(path: &Path, status: StatusCode) -> Option<Response<Full<Bytes>>> {
    let contents = fs::read(path).ok()?;
    let mut response = Response::new(Full::new(Bytes::from(contents)));
    *response.status_mut() = status;
    response.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static(content_type(path)));
    Some(response)
}

fn empty_response(status: StatusCode) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::new()));
    *response.status_mut() = status;
    response
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
