//! End-to-end tests of the writer's loop: `trangtin serve` on loopback, driven by a plain
//! HTTP/1.1 client over a TCP socket, and `init`, `new`, `build`, `check` in a row.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::thread;
use std::time::{Duration, Instant};

use common::{Sandbox, path_str, run};

/// A running `trangtin serve`, stopped when dropped.
struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").expect("bind a free port").local_addr().expect("address").port()
}

fn start_server(sandbox: &Sandbox) -> Server {
    let port = free_port();
    let child = Command::new(assert_cmd::cargo::cargo_bin("trangtin"))
        .args(["--root", path_str(&sandbox.site()), "serve", "--port", &port.to_string(), "--output"])
        .arg(sandbox.output())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("trangtin serve starts");
    let server = Server { child, port };
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return server;
        }
        thread::sleep(Duration::from_millis(50));
    }
    panic!("trangtin serve did not open port {port}");
}

/// Sends a GET for the raw `target` and returns the status code and body.
fn get(port: u16, target: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(10))).expect("timeout");
    write!(stream, "GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").expect("send request");
    let mut response = Vec::new();
    stream.read_to_end(&mut response).expect("read response");
    let text = String::from_utf8_lossy(&response).into_owned();
    let status = text.split_whitespace().nth(1).and_then(|code| code.parse().ok()).expect("status line");
    let body = text.split_once("\r\n\r\n").map(|(_, body)| body.to_owned()).unwrap_or_default();
    (status, body)
}

/// Opens the event stream and forwards each event name (`reload`, `loi`) with its data.
fn listen(port: u16) -> Receiver<(String, String)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    write!(stream, "GET /__trangtin/su-kien HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").expect("send request");
    let (sender, receiver) = mpsc::channel();
    thread::spawn(move || {
        let reader = BufReader::new(stream);
        let mut name = String::new();
        let mut data = String::new();
        for line in reader.lines() {
            let Ok(line) = line else { return };
            if let Some(value) = line.strip_prefix("event: ") {
                name = value.to_owned();
            } else if let Some(value) = line.strip_prefix("data: ") {
                data.push_str(value);
                data.push('\n');
            } else if line.is_empty()
                && !name.is_empty()
                && sender.send((std::mem::take(&mut name), std::mem::take(&mut data))).is_err()
            {
                return;
            }
        }
    });
    // Give the server a moment to register the listener before the test edits files.
    thread::sleep(Duration::from_millis(300));
    receiver
}

/// Events that arrive within `wait`.
fn events_within(receiver: &Receiver<(String, String)>, wait: Duration) -> Vec<(String, String)> {
    let deadline = Instant::now() + wait;
    let mut events = Vec::new();
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        match receiver.recv_timeout(left) {
            Ok(event) => events.push(event),
            Err(_) => break,
        }
    }
    events
}

fn news(title: &str) -> String {
    format!("---\ntitle: {title}\ndate: 15/03/2022\nloai: tin\nnguon: tu-bien-tap\n---\n\nNội dung {title}.\n")
}

fn serve_sandbox() -> Sandbox {
    let sandbox = Sandbox::with_site("build-minimal");
    sandbox.write("content/tin-tuc/dang-sua.md", news("Bản đầu"));
    sandbox
}

const SETTLE: Duration = Duration::from_secs(3);

#[test]
fn serve_in_place_edit_reloads_once() {
    let sandbox = serve_sandbox();
    let server = start_server(&sandbox);
    assert!(get(server.port, "/tin-tuc/dang-sua/").1.contains("Bản đầu"));
    let events = listen(server.port);

    sandbox.write("content/tin-tuc/dang-sua.md", news("Bản sửa tại chỗ"));
    let received = events_within(&events, SETTLE);

    let names: Vec<&str> = received.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(names, ["reload"]);
    assert!(get(server.port, "/tin-tuc/dang-sua/").1.contains("Bản sửa tại chỗ"));
    assert!(get(server.port, "/tin-tuc/").1.contains("Bản sửa tại chỗ"), "the list shows the new title");
}

/// Returns the ids of the documents whose text has the folded `token`, read from the served search
/// index as the search page reads it: the manifest, then the last shard whose first token is
/// not after `token`.
fn search_ids(port: u16, token: &str) -> Vec<u32> {
    let (status, manifest) = get(port, "/tim-kiem/chi-muc.json");
    assert_eq!(status, 200);
    let manifest: serde_json::Value = serde_json::from_str(&manifest).expect("manifest is JSON");
    let starts: Vec<&str> =
        manifest["shards"].as_array().expect("shards").iter().filter_map(|start| start.as_str()).collect();
    let shard = starts.iter().rposition(|start| *start <= token).expect("the first shard starts empty");
    let (status, shard) = get(port, &format!("/tim-kiem/chi-muc/tu/{shard}.json"));
    assert_eq!(status, 200);
    let shard: serde_json::Value = serde_json::from_str(&shard).expect("shard is JSON");
    let Some(postings) = shard[token].as_str() else { return Vec::new() };
    // Numbers in groups of 5 bits, one character per group; ids as gaps, each followed by a weight.
    const ALPHABET: &str = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
    let mut numbers = Vec::new();
    let (mut value, mut shift) = (0u32, 0u32);
    for character in postings.chars() {
        let digit = ALPHABET.find(character).expect("a character of the alphabet") as u32;
        value |= (digit & 31) << shift;
        if digit & 32 == 0 {
            numbers.push(value);
            (value, shift) = (0, 0);
        } else {
            shift += 5;
        }
    }
    let mut id = 0;
    numbers
        .chunks(2)
        .enumerate()
        .map(|(index, pair)| {
            id = if index == 0 { pair[0] } else { id + pair[0] };
            id
        })
        .collect()
}

/// Returns the address in the search index's file of document `id`.
fn search_url(port: u16, id: u32) -> String {
    let (status, document) = get(port, &format!("/tim-kiem/chi-muc/trang/{id}.json"));
    assert_eq!(status, 200);
    let document: serde_json::Value = serde_json::from_str(&document).expect("document file is JSON");
    document["u"].as_str().expect("address").to_owned()
}

#[test]
fn serve_edit_updates_search_index() {
    let sandbox = serve_sandbox();
    let server = start_server(&sandbox);
    let urls = |token: &str| -> Vec<String> {
        search_ids(server.port, token).into_iter().map(|id| search_url(server.port, id)).collect()
    };
    assert_eq!(urls("dau"), ["/tin-tuc/dang-sua/"], "the first version is indexed");
    let events = listen(server.port);

    sandbox.write("content/tin-tuc/dang-sua.md", news("Bản thảo khuya"));
    let received = events_within(&events, SETTLE);

    let names: Vec<&str> = received.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(names, ["reload"]);
    assert_eq!(urls("khuya"), ["/tin-tuc/dang-sua/"], "a word of the new text is found");
    assert_eq!(urls("dau"), Vec::<String>::new(), "a word only the old text had is gone");
    assert!(urls("noi").contains(&"/tin-tuc/dang-sua/".to_owned()), "a word of both versions stays");
}

#[test]
fn serve_same_text_saved_again_does_not_reload() {
    let sandbox = serve_sandbox();
    let server = start_server(&sandbox);
    let events = listen(server.port);

    sandbox.write("content/tin-tuc/dang-sua.md", news("Bản đầu"));
    let received = events_within(&events, SETTLE);

    assert_eq!(received, Vec::new(), "no output file changed");
    assert!(get(server.port, "/tin-tuc/dang-sua/").1.contains("Bản đầu"));
}

#[test]
fn serve_rename_save_reloads_once() {
    let sandbox = serve_sandbox();
    let server = start_server(&sandbox);
    let events = listen(server.port);

    // The way vim and many Windows editors save: write a temporary file, then rename it.
    let folder = sandbox.site().join("content/tin-tuc");
    std::fs::write(folder.join(".dang-sua.md.swp"), news("Bản lưu bằng đổi tên")).expect("write temporary");
    std::fs::rename(folder.join(".dang-sua.md.swp"), folder.join("dang-sua.md")).expect("rename");
    let received = events_within(&events, SETTLE);

    let names: Vec<&str> = received.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(names, ["reload"]);
    assert!(get(server.port, "/tin-tuc/dang-sua/").1.contains("Bản lưu bằng đổi tên"));
}

#[test]
fn serve_burst_of_saves_reloads_once() {
    let sandbox = serve_sandbox();
    let server = start_server(&sandbox);
    let events = listen(server.port);

    for round in 1..=5 {
        sandbox.write("content/tin-tuc/dang-sua.md", news(&format!("Lần lưu {round}")));
        thread::sleep(Duration::from_millis(10));
    }
    let received = events_within(&events, SETTLE);

    let names: Vec<&str> = received.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(names, ["reload"]);
    assert!(get(server.port, "/tin-tuc/dang-sua/").1.contains("Lần lưu 5"));
}

#[test]
fn serve_broken_edit_keeps_last_page() {
    let sandbox = serve_sandbox();
    let server = start_server(&sandbox);
    let events = listen(server.port);

    sandbox.write("content/tin-tuc/dang-sua.md", "---\ntitle: Hỏng\ndate: 31/02/2022\n---\n");
    let received = events_within(&events, SETTLE);

    assert_eq!(received.len(), 1, "{received:?}");
    assert_eq!(received[0].0, "loi");
    assert!(
        received[0]
            .1
            .contains("lỗi: content/tin-tuc/dang-sua.md:3: trường `date`: `31/02/2022`: tháng 2/2022 không có ngày 31"),
        "{}",
        received[0].1
    );
    let (status, body) = get(server.port, "/tin-tuc/dang-sua/");
    assert_eq!(status, 200);
    assert!(body.contains("Bản đầu"), "the last good page stays served");

    sandbox.write("content/tin-tuc/dang-sua.md", news("Đã sửa lỗi"));
    let received = events_within(&events, SETTLE);
    let names: Vec<&str> = received.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(names, ["reload"]);
    assert!(get(server.port, "/tin-tuc/dang-sua/").1.contains("Đã sửa lỗi"));
}

#[test]
fn serve_refuses_path_escapes() {
    let sandbox = serve_sandbox();
    std::fs::write(sandbox.path().join("bi-mat.txt"), "NỘI DUNG BÍ MẬT").expect("write secret");
    let server = start_server(&sandbox);

    let attempts = [
        "/../bi-mat.txt",
        "/%2e%2e/bi-mat.txt",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/tin-tuc/..%2F..%2Fbi-mat.txt",
        "/..%5Cbi-mat.txt",
        "/%00",
        "/tin-tuc/%00/../x",
    ];
    for attempt in attempts {
        let (status, body) = get(server.port, attempt);
        assert!(status == 400 || status == 404, "{attempt}: status {status}");
        assert!(!body.contains("BÍ MẬT"), "{attempt} leaked the file");
        assert!(!body.contains("root:"), "{attempt} leaked /etc/passwd");
    }
}

#[test]
fn serve_content_types_and_redirects() {
    let sandbox = serve_sandbox();
    sandbox.write("content/van-ban/chi-dao-dieu-hanh/Quyết định 15.pdf", b"%PDF-1.4 mau");
    let server = start_server(&sandbox);

    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).expect("connect");
    write!(stream, "GET /van-ban/chi-dao-dieu-hanh/quyet-dinh-15.pdf HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .expect("send");
    let mut response = String::new();
    let _ = stream.read_to_string(&mut response);
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.to_ascii_lowercase().contains("content-type: application/pdf"), "{response}");

    let (status, _) = get(server.port, "/tin-tuc");
    assert_eq!(status, 301);
    let (status, body) = get(server.port, "/khong-co-trang-nay/");
    assert_eq!(status, 404);
    assert!(body.contains("Không tìm thấy trang"));
}

/// Open event streams and idle keep-alive connections take no thread of the server, so a
/// new request still gets its response while several of each are open.
#[test]
fn serve_answers_beside_open_connections() {
    let sandbox = serve_sandbox();
    let server = start_server(&sandbox);
    let streams: Vec<Receiver<(String, String)>> = (0..8).map(|_| listen(server.port)).collect();
    let idle: Vec<TcpStream> = (0..8)
        .map(|_| {
            let mut stream = TcpStream::connect(("127.0.0.1", server.port)).expect("connect");
            write!(stream, "GET /tin-tuc/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").expect("send request");
            stream
        })
        .collect();

    let (status, body) = get(server.port, "/tin-tuc/dang-sua/");

    assert_eq!(status, 200);
    assert!(body.contains("Bản đầu"));
    assert_eq!((streams.len(), idle.len()), (8, 8), "the other connections stayed open");
}

fn run_in(root: &Path, args: &[&str]) -> common::Run {
    let mut all = vec!["--root", path_str(root)];
    all.extend_from_slice(args);
    run(&all)
}

#[test]
fn init_then_build_then_check() {
    let sandbox = Sandbox::empty();
    let site = sandbox.path().join("co-quan-moi");

    run(&["init", path_str(&site)]).assert_code(0);
    let created = run_in(&site, &["new", "tin", "Hội nghị triển khai nhiệm vụ năm 2026"]);
    created.assert_code(0);
    let news_file = site.join("content/tin-tuc/hoi-nghi-trien-khai-nhiem-vu-nam-2026.md");
    assert!(news_file.is_file());
    run_in(&site, &["new", "tin", "Hội nghị triển khai nhiệm vụ năm 2026"]).assert_code(1);

    let output = sandbox.path().join("out");
    run_in(&site, &["build", "--drafts", "--output", path_str(&output)]).assert_code(0);
    for page in ["index.html", "gioi-thieu/co-cau-to-chuc/index.html", "lien-he/index.html", "so-do-trang/index.html"] {
        assert!(output.join(page).is_file(), "{page}");
    }

    let report = run_in(&site, &["check", "--format", "json"]);
    report.assert_code(0);
    let json: serde_json::Value = serde_json::from_str(&report.stdout).expect("JSON report");
    let criteria = json["criteria"].as_array().expect("criteria");
    assert_eq!(criteria.len(), 45);
    let findings: Vec<String> = criteria
        .iter()
        .flat_map(|criterion| criterion["findings"].as_array().cloned().unwrap_or_default())
        .map(|finding| {
            format!("{} {}", finding["file"].as_str().unwrap_or(""), finding["message"].as_str().unwrap_or(""))
        })
        .collect();
    for sample in ["data/lanh-dao.yaml", "data/co-quan.yaml", "data/ban-bien-tap.yaml"] {
        assert!(
            findings.iter().any(|finding| finding.starts_with(sample) && finding.contains("mau")),
            "{sample} is reported as sample data"
        );
    }
}

#[test]
fn serve_on_busy_port_leaves_output() {
    let sandbox = serve_sandbox();
    sandbox
        .write("content/tin-tuc/nhap.md", "---\ntitle: Bài nháp\ndate: 01/03/2022\ndraft: true\n---\n\nChưa đăng.\n");
    let output = sandbox.path().join("ket-qua");
    run(&["--root", path_str(&sandbox.site()), "build", "--output", path_str(&output)]).assert_code(0);
    let before = common::snapshot(&output);
    let busy = TcpListener::bind("127.0.0.1:0").expect("bind a port");
    let port = busy.local_addr().expect("address").port().to_string();

    let refused = run(&["--root", path_str(&sandbox.site()), "serve", "--port", &port, "--output", path_str(&output)]);

    refused.assert_code(2);
    assert!(
        refused.stderr.contains(&format!("cổng {port} đang được một chương trình khác dùng")),
        "{}",
        refused.stderr
    );
    assert!(refused.stderr.contains("Hãy chọn cổng khác, ví dụ --port"), "{}", refused.stderr);
    assert_eq!(common::snapshot(&output), before, "the build without drafts is kept");
}
