#!/usr/bin/env python3
"""Build-speed benchmark: trangtin against Hugo on the same generated Vietnamese corpus.

For each corpus size the script writes the corpus twice with the shared generator (as
trangtin content and as a Hugo site), then runs the two full builds alternately, several
times, with output on a RAM disk (/dev/shm), and reports the median wall time, CPU time
(user + system) and peak memory (maximum resident set size) from /usr/bin/time -v. It also
measures trangtin's rebuild after a one-page edit under `trangtin serve`, from the
"Đã dựng lại" lines the server prints, and the time from the save to the `reload` event
that open pages receive and to the edited page fetched again over HTTP.

Usage: scripts/bench_build.py [--sizes 1000,10000,50000] [--runs 3] [--skip-hugo]
[--serve-only] [--binary PATH]

It installs Hugo (Debian package `hugo`) and GNU time when they are missing, and builds
trangtin in release mode, into CARGO_TARGET_DIR when that is set, unless --binary names a
trangtin binary to time instead. Nothing it generates is written inside the repository.
"""

import argparse
import os
import queue
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GENERATOR = REPO.parent / "shared" / "bench" / "make_corpus.py"
WORK = Path("/dev/shm/trangtin-bench")


def run(command, **kwargs):
    return subprocess.run(command, check=True, **kwargs)


def ensure_tools(skip_hugo, binary=None):
    missing = []
    if not Path("/usr/bin/time").exists():
        missing.append("time")
    if not skip_hugo and shutil.which("hugo") is None:
        missing.append("hugo")
    if missing:
        run(["apt-get", "update", "-qq"])
        run(["apt-get", "install", "-y", "-qq", *missing], stdout=subprocess.DEVNULL)
    if binary is not None:
        return Path(binary).resolve()
    run(["cargo", "build", "--release", "--quiet"], cwd=REPO)
    return REPO / os.environ.get("CARGO_TARGET_DIR", "target") / "release" / "trangtin"


def timed(command, cwd):
    """Runs `command` under /usr/bin/time -v; returns (wall s, cpu s, peak MiB)."""
    result = subprocess.run(
        ["/usr/bin/time", "-v", *command], cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{result.stderr[-3000:]}")
    fields = {}
    for line in result.stderr.splitlines():
        key, _, value = line.strip().partition(": ")
        fields[key] = value
    wall_parts = [float(part) for part in fields["Elapsed (wall clock) time (h:mm:ss or m:ss)"].split(":")]
    wall = sum(part * 60 ** index for index, part in enumerate(reversed(wall_parts)))
    cpu = float(fields["User time (seconds)"]) + float(fields["System time (seconds)"])
    peak = int(fields["Maximum resident set size (kbytes)"]) / 1024
    return wall, cpu, peak


def make_corpus(size, form):
    target = WORK / f"{form}-{size}"
    if not target.exists():
        run([sys.executable, str(GENERATOR), str(size), str(target), "--format", form], stdout=subprocess.DEVNULL)
        if form == "plain":
            shutil.copy(REPO / "site.yaml", target / "site.yaml")
    return target


def count_html(folder):
    return sum(1 for path in Path(folder).rglob("*.html"))


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ReloadEvents:
    """Reads the server's event stream (/__trangtin/su-kien) in a thread and records the
    time each `reload` event arrives, as open pages receive it."""

    def __init__(self, port):
        self.times = queue.Queue()
        self.connection = socket.create_connection(("127.0.0.1", port))
        self.connection.sendall(b"GET /__trangtin/su-kien HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.connection.makefile("rb"):
            if line.strip() == b"event: reload":
                self.times.put(time.perf_counter())

    def next_after(self, moment, timeout=30):
        """Returns the first reload time after `moment`, or None after `timeout` seconds."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            try:
                arrived = self.times.get(timeout=max(0.0, deadline - time.perf_counter()))
            except queue.Empty:
                return None
            if arrived > moment:
                return arrived
        return None


def page_text(port, url):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{url}", timeout=30) as response:
        return response.read().decode("utf-8")


def rebuild_times(binary, site, edits=6):
    """Starts `trangtin serve` and edits one news item `edits` times, alternating a title
    edit and a body edit. Returns the rebuild times in ms that the server reports, and for
    each edit the ms from the save to the `reload` event and to the new page received."""
    output = WORK / "serve-output"
    shutil.rmtree(output, ignore_errors=True)
    log = open(WORK / "serve.log", "w+")
    port = free_port()
    server = subprocess.Popen(
        [str(binary), "serve", "--root", str(site), "--output", str(output), "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    to_reload, to_page = [], []
    try:
        deadline = time.time() + 600
        while "Xem trang tại" not in Path(log.name).read_text() and time.time() < deadline:
            time.sleep(0.2)
        events = ReloadEvents(port)
        items = sorted((site / "content" / "tin-tuc").glob("*.md"))
        page = items[len(items) // 2]
        url = f"/tin-tuc/{page.stem}/"
        original = page.read_text()
        for index in range(edits):
            marker = f"Lần sửa {index} để đo thời gian"
            if index % 2 == 0:
                edited = original.replace('\ntitle: "', f'\ntitle: "{marker} ', 1)
            else:
                edited = original.replace("\n---\n\n", f"\n---\n\n{marker}.\n\n", 1)
            saved = time.perf_counter()
            page.write_text(edited)
            reloaded = events.next_after(saved)
            if reloaded is None:
                sys.exit(f"no reload event within 30 s of edit {index}; see {log.name}")
            if marker not in page_text(port, url):
                sys.exit(f"{url} does not show edit {index} after the reload event")
            received = time.perf_counter()
            to_reload.append((reloaded - saved) * 1000)
            to_page.append((received - saved) * 1000)
            time.sleep(1)
        page.write_text(original)
        time.sleep(1)
    finally:
        server.terminate()
        server.wait()
    text = Path(log.name).read_text()
    rebuilds = [int(ms) for ms in re.findall(r"Đã dựng lại \d+ trang \(\d+ tệp thay đổi\) trong (\d+) ms", text)]
    return rebuilds, to_reload, to_page


def print_serve_figures(binary, sizes):
    print("| news items | rebuild reported by serve (ms) | save to reload event (ms) | save to new page received (ms) |")
    print("| --- | --- | --- | --- |")
    for size in sizes:
        rebuild, to_reload, to_page = rebuild_times(binary, make_corpus(size, "plain"))
        figures = [(statistics.median(values), max(values)) for values in (rebuild, to_reload, to_page)]
        print(f"| {size} | " + " | ".join(f"median {median:.0f} (max {slowest:.0f})" for median, slowest in figures) + " |")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--serve-only", action="store_true", help="only the serve figures")
    parser.add_argument("--sizes", default="1000,10000,50000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-hugo", action="store_true")
    parser.add_argument("--binary", help="time this trangtin binary instead of building one")
    args = parser.parse_args()

    binary = ensure_tools(args.skip_hugo or args.serve_only, args.binary)
    WORK.mkdir(parents=True, exist_ok=True)
    if args.serve_only:
        print_serve_figures(binary, [int(size) for size in args.sizes.split(",")])
        return
    print(f"machine: {os.cpu_count()} cores; trangtin {binary}; hugo {shutil.which('hugo')}")
    rows = []
    extras = []
    for size in [int(size) for size in args.sizes.split(",")]:
        plain = make_corpus(size, "plain")
        hugo_site = None if args.skip_hugo else make_corpus(size, "hugo")
        results = {"trangtin": [], "hugo": []}
        for _ in range(args.runs):
            # The site's own public/, where `trangtin check` reads the built pages.
            out = plain / "public"
            shutil.rmtree(out, ignore_errors=True)
            results["trangtin"].append(timed([str(binary), "build", "--quiet"], plain))
            pages_trangtin = count_html(out)
            if hugo_site is not None:
                out_hugo = WORK / "out-hugo"
                shutil.rmtree(out_hugo, ignore_errors=True)
                results["hugo"].append(timed(["hugo", "--quiet", "--destination", str(out_hugo)], hugo_site))
                pages_hugo = count_html(out_hugo)
        medians = {}
        for tool, samples in results.items():
            if samples:
                medians[tool] = tuple(statistics.median(sample[index] for sample in samples) for index in range(3))
        check = timed([str(binary), "check", "--quiet", "--format", "json", "--output", str(WORK / "check.json")], plain)
        index_bytes = sum(path.stat().st_size for path in (plain / "public" / "tim-kiem").rglob("*.json"))
        rebuild, to_reload, to_page = rebuild_times(binary, plain)
        rows.append((size, medians, pages_trangtin, pages_hugo if hugo_site else None, rebuild))
        extras.append((size, check, index_bytes, to_reload, to_page))

    print()
    print("| news items | tool | HTML pages | wall (s) | CPU (s) | peak memory (MiB) | trangtin/Hugo wall | trangtin/Hugo memory | rebuild after one edit (ms) |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for size, medians, pages_trangtin, pages_hugo, rebuild in rows:
        ours = medians["trangtin"]
        theirs = medians.get("hugo")
        ratio_wall = f"{ours[0] / theirs[0]:.2f}" if theirs else "–"
        ratio_memory = f"{ours[2] / theirs[2]:.2f}" if theirs else "–"
        rebuild_text = f"median {statistics.median(rebuild):.0f} (max {max(rebuild)})" if rebuild else "–"
        print(f"| {size} | trangtin | {pages_trangtin} | {ours[0]:.2f} | {ours[1]:.2f} | {ours[2]:.0f} | {ratio_wall} | {ratio_memory} | {rebuild_text} |")
        if theirs:
            print(f"| {size} | Hugo | {pages_hugo} | {theirs[0]:.2f} | {theirs[1]:.2f} | {theirs[2]:.0f} | | | |")
    print()
    print("| news items | `trangtin check` wall (s) | CPU (s) | peak memory (MiB) | search index, all files (bytes) | save to reload event (ms) | save to new page received (ms) |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for size, check, index_bytes, to_reload, to_page in extras:
        reload_text = f"median {statistics.median(to_reload):.0f} (max {max(to_reload):.0f})"
        page_time = f"median {statistics.median(to_page):.0f} (max {max(to_page):.0f})"
        print(f"| {size} | {check[0]:.2f} | {check[1]:.2f} | {check[2]:.0f} | {index_bytes:,} | {reload_text} | {page_time} |")


if __name__ == "__main__":
    main()
