#!/usr/bin/env python3
"""Build-speed benchmark: trangtin against Hugo on the same generated Vietnamese corpus.

For each corpus size the script writes the corpus twice with the shared generator (as
trangtin content and as a Hugo site), then runs the two full builds alternately, several
times, with output on a RAM disk (/dev/shm), and reports the median wall time, CPU time
(user + system) and peak memory (maximum resident set size) from /usr/bin/time -v. It also
measures trangtin's rebuild after a one-page edit under `trangtin serve`, from the
"Đã dựng lại" lines the server prints.

Usage: scripts/bench_build.py [--sizes 1000,10000,50000] [--runs 3] [--skip-hugo]

It installs Hugo (Debian package `hugo`) and GNU time when they are missing, and builds
trangtin in release mode. Nothing it generates is written inside the repository.
"""

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GENERATOR = REPO.parent / "shared" / "bench" / "make_corpus.py"
WORK = Path("/dev/shm/trangtin-bench")


def run(command, **kwargs):
    return subprocess.run(command, check=True, **kwargs)


def ensure_tools(skip_hugo):
    missing = []
    if not Path("/usr/bin/time").exists():
        missing.append("time")
    if not skip_hugo and shutil.which("hugo") is None:
        missing.append("hugo")
    if missing:
        run(["apt-get", "update", "-qq"])
        run(["apt-get", "install", "-y", "-qq", *missing], stdout=subprocess.DEVNULL)
    run(["cargo", "build", "--release", "--quiet"], cwd=REPO)
    return REPO / "target" / "release" / "trangtin"


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


def rebuild_times(binary, site, edits=5):
    """Starts `trangtin serve`, edits one news item `edits` times, returns the rebuild times
    in ms that the server reports."""
    output = WORK / "serve-output"
    shutil.rmtree(output, ignore_errors=True)
    log = open(WORK / "serve.log", "w+")
    server = subprocess.Popen(
        [str(binary), "serve", "--root", str(site), "--output", str(output), "--port", str(free_port())],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.time() + 600
        while "Xem trang tại" not in Path(log.name).read_text() and time.time() < deadline:
            time.sleep(0.2)
        page = sorted((site / "content" / "tin-tuc").glob("*.md"))[len(list((site / "content" / "tin-tuc").glob("*.md"))) // 2]
        original = page.read_text()
        for index in range(edits):
            page.write_text(original.replace("\ntitle: \"", f"\ntitle: \"(sửa {index}) ", 1))
            time.sleep(2.5)
        page.write_text(original)
        time.sleep(2.5)
    finally:
        server.terminate()
        server.wait()
    text = Path(log.name).read_text()
    return [int(ms) for ms in re.findall(r"Đã dựng lại \d+ trang \(\d+ tệp thay đổi\) trong (\d+) ms", text)]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000,50000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-hugo", action="store_true")
    args = parser.parse_args()

    binary = ensure_tools(args.skip_hugo)
    WORK.mkdir(parents=True, exist_ok=True)
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
        rebuild = rebuild_times(binary, plain)
        rows.append((size, medians, pages_trangtin, pages_hugo if hugo_site else None, rebuild))
        extras.append((size, check, index_bytes))

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
    print("| news items | `trangtin check` wall (s) | CPU (s) | peak memory (MiB) | search index, all files (bytes) |")
    print("| --- | --- | --- | --- | --- |")
    for size, check, index_bytes in extras:
        print(f"| {size} | {check[0]:.2f} | {check[1]:.2f} | {check[2]:.0f} | {index_bytes:,} |")


if __name__ == "__main__":
    main()
