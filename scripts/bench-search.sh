#!/usr/bin/env bash
# Compares trangtin's search index with Pagefind on a generated corpus: index size and file
# count, index build time, and per query the bytes downloaded and the time to results in
# headless Chromium. Prints the build and index figures, then one JSON line per candidate
# and query. BENCHMARKS.md records a run.
#
# Usage: scripts/bench-search.sh MAKE_CORPUS_PY [PAGES]
#   MAKE_CORPUS_PY  the corpus generator (make_corpus.py: PAGES news items and PAGES/10
#                   documents of Vietnamese text, seed 42, byte-identical on every run)
#   PAGES           news items, 10000 by default
# Environment: WORK (scratch folder, default /tmp/trangtin-bench-search), OUTPUT (built
# site, default /dev/shm/trangtin-bench-search), PORT (default 8765), RUNS (cold runs per
# query, default 5), CHROMIUM (default /usr/bin/chromium), PAGEFIND_VERSION (default
# 1.6.0). Needs cargo, python3, node and npm, and Chromium (apt-get install chromium).
# Downloads pagefind and puppeteer-core from npm into WORK, never into the repository.

set -euo pipefail

corpus_script=${1:?usage: scripts/bench-search.sh MAKE_CORPUS_PY [PAGES]}
pages=${2:-10000}
repo=$(cd "$(dirname "$0")/.." && pwd)
work=${WORK:-/tmp/trangtin-bench-search}
output=${OUTPUT:-/dev/shm/trangtin-bench-search}
port=${PORT:-8765}
runs=${RUNS:-5}
pagefind_version=${PAGEFIND_VERSION:-1.6.0}
export CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
queries=("chuyen doi so" "2652" "ngân sách" "chuyển đổi số" "1023/CT-HĐND" "xyzzy qwerty")

mkdir -p "$work"
corpus="$work/corpus-$pages"

echo "# machine"
echo "nproc: $(nproc)"
free -h | sed -n 1,2p
uptime

if [ ! -d "$corpus/content" ]; then
    python3 "$corpus_script" "$pages" "$corpus" --format plain
fi
cp "$repo/site.yaml" "$corpus/site.yaml"

cargo build --release --manifest-path "$repo/Cargo.toml"
trangtin="$repo/target/release/trangtin"

echo "# trangtin build (own index included)"
/usr/bin/time -f "build: wall %e s, user %U s, system %S s" \
    "$trangtin" build --root "$corpus" --output "$output" --verbose 2>&1 \
    | sed "s/\x1b\[[0-9;]*m//g" | grep -E "chỉ mục tìm kiếm|^build:"

echo "# own index size"
python3 - "$output" <<'EOF'
import gzip, os, sys
root = os.path.join(sys.argv[1], "tim-kiem")
paths = [os.path.join(root, "chi-muc.json")]
for folder, _, names in os.walk(os.path.join(root, "chi-muc")):
    paths += [os.path.join(folder, name) for name in names]
raw = sum(os.path.getsize(path) for path in paths)
packed = sum(len(gzip.compress(open(path, "rb").read(), 6)) for path in paths)
print(f"own index: {len(paths)} files, {raw} bytes, {packed} bytes gzipped per file")
EOF

if [ ! -x "$work/node_modules/.bin/pagefind" ] || [ ! -d "$work/node_modules/puppeteer-core" ]; then
    (cd "$work" && npm init -y >/dev/null && npm install --no-save "pagefind@$pagefind_version" puppeteer-core >/dev/null)
fi

echo "# pagefind $pagefind_version over the same content pages"
/usr/bin/time -f "pagefind: wall %e s, user %U s, system %S s, max RSS %M KB" \
    "$work/node_modules/.bin/pagefind" --site "$output" \
    --glob "{tin-tuc,van-ban/chi-dao-dieu-hanh,van-ban/quy-pham-phap-luat}/*/index.html" \
    --root-selector main --quiet
python3 - "$output" <<'EOF'
import os, sys
paths = [os.path.join(folder, name) for folder, _, names in os.walk(os.path.join(sys.argv[1], "pagefind")) for name in names]
print(f"pagefind bundle: {len(paths)} files, {sum(os.path.getsize(path) for path in paths)} bytes (its index files are stored gzipped)")
EOF

echo "# queries, $runs cold runs each"
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$output" >"$work/http.log" 2>&1 &
server=$!
trap 'kill "$server"' EXIT
sleep 1
cp "$repo/scripts/bench-search.mjs" "$work/bench-search.mjs"
node "$work/bench-search.mjs" "http://127.0.0.1:$port" "$output" "$runs" "${queries[@]}"
