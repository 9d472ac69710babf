//! The preview server behind `trangtin serve`: serves the output folder on loopback, watches
//! the sources, rebuilds on change and tells open pages to reload.
//!
//! Only files inside the output folder are ever served: a request path is decoded, checked
//! segment by segment (no `..`, backslash or NUL) and the resolved file must lie inside the
//! canonical output folder. HTML responses get a small script that listens on
//! `/__trangtin/su-kien` (server-sent events) for `reload` and `loi` (build error) events;
//! the built files themselves never contain it. [`server`] responds to the requests.

mod server;

use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};

use percent_encoding::percent_decode_str;
use tokio::sync::mpsc::{self, UnboundedReceiver, UnboundedSender};

pub use server::start;

/// Site path of the event stream.
pub const EVENTS_URL: &str = "/__trangtin/su-kien";
/// Site path of the reload script.
pub const SCRIPT_URL: &str = "/__trangtin/tai-lai.js";

/// A message sent to open pages over the event stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// The output changed: reload.
    Reload,
    /// The last rebuild failed; the text lists the errors.
    Error(String),
}

impl Notice {
    fn to_event(&self) -> String {
        match self {
            Notice::Reload => "event: reload\ndata: 1\n\n".to_owned(),
            Notice::Error(text) => {
                let data: String = text.lines().map(|line| format!("data: {line}\n")).collect();
                format!("event: loi\n{data}\n")
            }
        }
    }
}

/// State shared by the request handlers and the rebuild loop.
pub struct Hub {
    output: PathBuf,
    /// One sender per open event stream; a stream that ended has dropped its receiver.
    clients: Mutex<Vec<UnboundedSender<String>>>,
    /// The error of the last build, shown to pages that connect while it stands.
    error: Mutex<Option<String>>,
}

impl Hub {
    pub fn new(output: PathBuf) -> Arc<Hub> {
        Arc::new(Hub { output, clients: Mutex::new(Vec::new()), error: Mutex::new(None) })
    }

    /// Sends `notice` to every open page and remembers an error for pages opened later.
    pub fn announce(&self, notice: Notice) {
        {
            let mut error = self.error.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            *error = match &notice {
                Notice::Error(text) => Some(text.clone()),
                Notice::Reload => None,
            };
        }
        let event = notice.to_event();
        let mut clients = self.clients.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        clients.retain(|client| client.send(event.clone()).is_ok());
    }

    /// Number of pages listening for events.
    pub fn client_count(&self) -> usize {
        self.clients.lock().map(|clients| clients.len()).unwrap_or(0)
    }

    /// Registers a new event stream and returns the receiver of its events, the standing
    /// error first if there is one.
    fn subscribe(&self) -> UnboundedReceiver<String> {
        let (sender, receiver) = mpsc::unbounded_channel();
        let current = self.error.lock().ok().and_then(|error| error.clone());
        if let Some(text) = current {
            let _ = sender.send(Notice::Error(text).to_event());
        }
        if let Ok(mut clients) = self.clients.lock() {
            clients.push(sender);
        }
        receiver
    }
}

/// Why a request path was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathRefused {
    /// Malformed or hostile: `..`, backslash, NUL, invalid UTF-8.
    BadRequest,
}

/// The file-system path inside `output` for a request path, or why it is refused. The result
/// is not checked for existence.
pub fn resolve_request(output: &Path, request_path: &str) -> Result<PathBuf, PathRefused> {
    let path = request_path.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_decode_str(path).decode_utf8().map_err(|_| PathRefused::BadRequest)?;
    if decoded.contains('\0') || decoded.contains('\\') || !decoded.starts_with('/') {
        return Err(PathRefused::BadRequest);
    }
    let mut resolved = output.to_path_buf();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => return Err(PathRefused::BadRequest),
            segment => {
                let segment = crate::text::nfc(segment);
                let component = Path::new(&segment);
                if component.components().count() != 1
                    || !matches!(component.components().next(), Some(Component::Normal(_)))
                {
                    return Err(PathRefused::BadRequest);
                }
                resolved.push(segment);
            }
        }
    }
    Ok(resolved)
}

/// Returns the `Content-Type` of the file at `path`, from its extension, with the UTF-8
/// charset for text.
fn content_type(path: &Path) -> String {
    let guess = mime_guess::from_path(path).first_or_octet_stream();
    match guess.type_() {
        mime_guess::mime::TEXT => format!("{guess}; charset=utf-8"),
        _ if guess.subtype() == "javascript" || guess.subtype() == "json" || guess.subtype() == "xml" => {
            format!("{guess}; charset=utf-8")
        }
        _ => guess.to_string(),
    }
}

/// Inserts the reload script before `</body>`.
fn with_reload_script(html: Vec<u8>) -> Vec<u8> {
    let tag = format!("<script src=\"{SCRIPT_URL}\"></script>");
    let text = String::from_utf8_lossy(&html);
    match text.rfind("</body>") {
        Some(index) => format!("{}{tag}{}", &text[..index], &text[index..]).into_bytes(),
        None => format!("{text}{tag}").into_bytes(),
    }
}

/// Editor and system files whose changes never need a rebuild.
pub fn is_ignored_change(path: &Path) -> bool {
    let name = path.file_name().map(|name| name.to_string_lossy()).unwrap_or_default();
    crate::content::load::is_editor_temporary(&name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_paths_stay_inside_output() {
        let output = Path::new("/srv/public");
        assert_eq!(resolve_request(output, "/tin-tuc/"), Ok(PathBuf::from("/srv/public/tin-tuc")));
        assert_eq!(resolve_request(output, "/t%E1%BB%87p%20a.pdf?x=1"), Ok(PathBuf::from("/srv/public/tệp a.pdf")));
        for hostile in [
            "/../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/a/%2E%2E/%2E%2E/x",
            "/a\\..\\x",
            "/a%5C..%5Cx",
            "/a%00b",
            "//etc/passwd/..",
            "/%ff",
        ] {
            assert_eq!(resolve_request(output, hostile), Err(PathRefused::BadRequest), "{hostile}");
        }
        assert_eq!(resolve_request(output, "//etc/passwd"), Ok(PathBuf::from("/srv/public/etc/passwd")));
    }

    #[test]
    fn nfd_request_resolves_to_nfc_name() {
        let nfd = "/te%CC%A3%CC%82p.pdf"; // "tệp" with combining marks
        let resolved = resolve_request(Path::new("/p"), nfd).unwrap();
        assert_eq!(resolved, PathBuf::from("/p/tệp.pdf"));
    }

    #[test]
    fn events_are_formatted_for_event_source() {
        assert_eq!(Notice::Reload.to_event(), "event: reload\ndata: 1\n\n");
        assert_eq!(Notice::Error("a\nb".to_owned()).to_event(), "event: loi\ndata: a\ndata: b\n\n");
    }

    #[test]
    fn reload_script_goes_before_body_end() {
        let html = with_reload_script(b"<html><body><p>x</p></body></html>".to_vec());
        assert_eq!(
            String::from_utf8(html).unwrap(),
            format!("<html><body><p>x</p><script src=\"{SCRIPT_URL}\"></script></body></html>")
        );
    }

    #[test]
    fn late_subscribers_see_the_standing_error() {
        let hub = Hub::new(PathBuf::from("/p"));
        hub.announce(Notice::Error("lỗi: a.md:3".to_owned()));
        let mut receiver = hub.subscribe();
        assert_eq!(receiver.try_recv().unwrap(), "event: loi\ndata: lỗi: a.md:3\n\n");
        hub.announce(Notice::Reload);
        assert_eq!(receiver.try_recv().unwrap(), "event: reload\ndata: 1\n\n");
        assert_eq!(hub.client_count(), 1);
    }
}
