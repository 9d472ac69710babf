//! The HTTP side of the preview server: hyper's HTTP/1.1 server, with keep-alive, on a
//! Tokio runtime of one thread. Each connection is a task of its own, so an open event
//! stream or a keep-alive connection never delays another request. The server used
//! before, tiny_http 0.12, could leave a new connection queued until one of the open
//! keep-alive connections closed.
//!
//! Files are read with blocking calls on the runtime's thread. That suits a local output
//! folder, but a slow disk would stall the other connections during a read.

use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::net::TcpListener as StdTcpListener;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use hyper::body::{Body, Bytes, Frame, Incoming, SizeHint};
use hyper::header::{CACHE_CONTROL, CONTENT_TYPE, HeaderValue, LOCATION};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::sync::mpsc::UnboundedReceiver;
use tokio::time::{Instant, Sleep};
use tracing::{debug, warn};

use super::{EVENTS_URL, Hub, PathRefused, SCRIPT_URL, content_type, resolve_request, with_reload_script};

const RELOAD_SCRIPT: &str = include_str!("tai-lai.js");

/// Time without events after which the event stream sends a comment. Writing it shows
/// whether the page is still there: when it is gone, the stream ends and the hub drops it.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// Pause after a failed `accept`, so that an error that repeats (too many open files) does
/// not keep the server's thread busy.
const ACCEPT_RETRY_DELAY: Duration = Duration::from_millis(100);

/// Starts serving the connections of `listener` on a thread of its own, until the process
/// ends. Returns an error when the runtime or the thread cannot be created.
pub fn start(listener: StdTcpListener, hub: Arc<Hub>) -> io::Result<()> {
    listener.set_nonblocking(true)?;
    let runtime = tokio::runtime::Builder::new_current_thread().enable_io().enable_time().build()?;
    std::thread::Builder::new()
        .name("trangtin-http".to_owned())
        .spawn(move || runtime.block_on(accept_connections(listener, hub)))?;
    Ok(())
}

/// Accepts connections on `listener` and serves each one in a task of its own.
async fn accept_connections(listener: StdTcpListener, hub: Arc<Hub>) {
    let listener = match TcpListener::from_std(listener) {
        Ok(listener) => listener,
        Err(error) => {
            warn!(%error, "không nhận được kết nối HTTP nào: không đăng ký được cổng với Tokio");
            return;
        }
    };
    loop {
        let (stream, peer) = match listener.accept().await {
            Ok(accepted) => accepted,
            Err(error) => {
                warn!(%error, "không nhận được một kết nối HTTP, sẽ thử lại");
                tokio::time::sleep(ACCEPT_RETRY_DELAY).await;
                continue;
            }
        };
        let hub = Arc::clone(&hub);
        tokio::spawn(async move {
            let service = service_fn(move |request| {
                let response = respond(&hub, &request);
                async move { Ok::<_, Infallible>(response) }
            });
            // A page may close its connection at any point, even in the middle of a
            // response, and that ends only this connection's task.
            if let Err(error) = http1::Builder::new().serve_connection(TokioIo::new(stream), service).await {
                debug!(%peer, %error, "kết nối HTTP kết thúc giữa chừng");
            }
        });
    }
}

/// Builds the response to one request: the event stream, the reload script or a file of the
/// output.
fn respond(hub: &Hub, request: &Request<Incoming>) -> Response<ResponseBody> {
    // The URI's path excludes the query, and browsers do not send the fragment.
    let path = request.uri().path();
    match path {
        EVENTS_URL => {
            let mut response = Response::new(ResponseBody::Events(EventStream::new(hub.subscribe())));
            set_header(&mut response, CONTENT_TYPE, "text/event-stream; charset=utf-8");
            set_header(&mut response, CACHE_CONTROL, "no-store");
            response
        }
        SCRIPT_URL => {
            let mut response = bytes_response(StatusCode::OK, RELOAD_SCRIPT, "text/javascript; charset=utf-8");
            set_header(&mut response, CACHE_CONTROL, "no-store");
            response
        }
        _ => file_response(hub, path),
    }
}

/// Builds the response to a request for `path`: a file of the output folder, a redirect to
/// the folder's address, or the site's 404 page.
fn file_response(hub: &Hub, path: &str) -> Response<ResponseBody> {
    let resolved = match resolve_request(&hub.output, path) {
        Ok(resolved) => resolved,
        Err(PathRefused::BadRequest) => {
            return bytes_response(StatusCode::BAD_REQUEST, "Yêu cầu không hợp lệ.", "text/plain; charset=utf-8");
        }
    };

    if resolved.is_dir() && !path.ends_with('/') {
        // The path of a parsed URI contains only ASCII characters that a header value allows.
        let Ok(location) = HeaderValue::from_str(&format!("{path}/")) else {
            return bytes_response(StatusCode::BAD_REQUEST, "Yêu cầu không hợp lệ.", "text/plain; charset=utf-8");
        };
        let mut response = Response::new(ResponseBody::Bytes(Some(Bytes::new())));
        *response.status_mut() = StatusCode::MOVED_PERMANENTLY;
        response.headers_mut().insert(LOCATION, location);
        return response;
    }
    let file = if resolved.is_dir() { resolved.join("index.html") } else { resolved };

    let output = hub.output.canonicalize().unwrap_or_else(|_| hub.output.clone());
    let inside = file.canonicalize().is_ok_and(|canonical| canonical.starts_with(&output) && canonical.is_file());
    if !inside {
        return not_found(hub);
    }
    let bytes = match std::fs::read(&file) {
        Ok(bytes) => bytes,
        // The file was removed since the check, by a rebuild.
        Err(error) if error.kind() == io::ErrorKind::NotFound => return not_found(hub),
        Err(error) => {
            warn!(file = %file.display(), %error, "không đọc được tệp để trả lời yêu cầu");
            let message = format!("Không đọc được tệp {path}: {error}.");
            return bytes_response(StatusCode::INTERNAL_SERVER_ERROR, message, "text/plain; charset=utf-8");
        }
    };
    let kind = content_type(&file);
    let body = if kind.starts_with("text/html") { with_reload_script(bytes) } else { bytes };
    let mut response = bytes_response(StatusCode::OK, body, &kind);
    set_header(&mut response, CACHE_CONTROL, "no-store");
    response
}

/// Returns the site's `404.html` with the reload script, or a short text when the site has
/// none, with status 404.
fn not_found(hub: &Hub) -> Response<ResponseBody> {
    let body = std::fs::read(hub.output.join("404.html"))
        .map(with_reload_script)
        .unwrap_or_else(|_| "Không tìm thấy trang.".as_bytes().to_vec());
    bytes_response(StatusCode::NOT_FOUND, body, "text/html; charset=utf-8")
}

/// Returns a response of `status` with `body` and the `Content-Type` `kind`.
fn bytes_response(status: StatusCode, body: impl Into<Bytes>, kind: &str) -> Response<ResponseBody> {
    let mut response = Response::new(ResponseBody::Bytes(Some(body.into())));
    *response.status_mut() = status;
    set_header(&mut response, CONTENT_TYPE, kind);
    response
}

/// Sets the header `name` to `value`, which the callers build from ASCII text only.
fn set_header(response: &mut Response<ResponseBody>, name: hyper::header::HeaderName, value: &str) {
    let value = HeaderValue::from_str(value).expect("header values here are ASCII");
    response.headers_mut().insert(name, value);
}

/// The body of a response: bytes known in advance, sent with their length, or the event
/// stream, sent in chunks as events come.
enum ResponseBody {
    /// The bytes, until they are sent.
    Bytes(Option<Bytes>),
    Events(EventStream),
}

impl Body for ResponseBody {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(self: Pin<&mut Self>, context: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        match self.get_mut() {
            ResponseBody::Bytes(bytes) => Poll::Ready(bytes.take().map(|bytes| Ok(Frame::data(bytes)))),
            ResponseBody::Events(events) => {
                events.poll_event(context).map(|event| event.map(|bytes| Ok(Frame::data(bytes))))
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        matches!(self, ResponseBody::Bytes(None))
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            ResponseBody::Bytes(Some(bytes)) => SizeHint::with_exact(bytes.len() as u64),
            ResponseBody::Bytes(None) => SizeHint::with_exact(0),
            ResponseBody::Events(_) => SizeHint::default(),
        }
    }
}

/// The events of one open page, with a keep-alive comment after [`KEEP_ALIVE`] without
/// events.
struct EventStream {
    events: UnboundedReceiver<String>,
    keep_alive: Pin<Box<Sleep>>,
}

impl EventStream {
    /// Streams `events`. Must be called on the Tokio runtime, whose timer the keep-alive uses.
    fn new(events: UnboundedReceiver<String>) -> EventStream {
        EventStream { events, keep_alive: Box::pin(tokio::time::sleep(KEEP_ALIVE)) }
    }

    /// Returns the next event or keep-alive comment, or `None` when the hub is gone.
    fn poll_event(&mut self, context: &mut Context<'_>) -> Poll<Option<Bytes>> {
        let text = match self.events.poll_recv(context) {
            Poll::Ready(Some(event)) => Bytes::from(event),
            Poll::Ready(None) => return Poll::Ready(None),
            Poll::Pending => match self.keep_alive.as_mut().poll(context) {
                Poll::Ready(()) => Bytes::from_static(b":\n\n"),
                Poll::Pending => return Poll::Pending,
            },
        };
        self.keep_alive.as_mut().reset(Instant::now() + KEEP_ALIVE);
        Poll::Ready(Some(text))
    }
}
