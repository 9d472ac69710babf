// Measures search on a built site in headless Chromium, for trangtin's own index (the
// /tim-kiem/ page) and for a Pagefind bundle under /pagefind/ (its JavaScript API). For each
// query it records the files a reader downloads and the time until the first results are
// ready.
//
// Usage: node bench-search.mjs BASE_URL SITE_DIR RUNS QUERY...
// Needs puppeteer-core next to this file (bench-search.sh installs it) and CHROMIUM set to
// the browser binary. Prints one JSON object per line: candidate, query, results, files,
// bytes (as stored), gzip_bytes (each file gzipped at level 6, as a server compressing JSON
// would send it), and the median, minimum and maximum milliseconds over RUNS cold runs.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import puppeteer from "puppeteer-core";

const [baseUrl, siteDir, runsText, ...queries] = process.argv.slice(2);
const runs = Number(runsText);
if (!baseUrl || !siteDir || !(runs > 0) || queries.length === 0) {
  console.error("usage: node bench-search.mjs BASE_URL SITE_DIR RUNS QUERY...");
  process.exit(2);
}

/** Results whose data each candidate loads, as the search page shows at first. */
const SHOWN = 10;

const CANDIDATES = {
  own: {
    // The page script and the index files; the page's own HTML and CSS are not counted.
    counts: (url) => url.pathname.startsWith("/tim-kiem/chi-muc") || url.pathname.endsWith("/js/tim-kiem.js"),
    start: "/tim-kiem/",
    async run(page, query) {
      return page.evaluate(async (query) => {
        const input = document.querySelector('.search-form input[type="search"]');
        const status = document.querySelector(".search-status");
        const started = performance.now();
        input.value = query;
        input.form.requestSubmit();
        await new Promise((resolve) => {
          const done = () => /^(Tìm thấy|Không tìm thấy|Không tải được)/.test(status.textContent);
          if (done()) {
            resolve();
            return;
          }
          new MutationObserver((changes, observer) => {
            if (done()) {
              observer.disconnect();
              resolve();
            }
          }).observe(status, { childList: true, characterData: true, subtree: true });
        });
        const found = /Tìm thấy (\d+)/.exec(status.textContent);
        return {
          ms: performance.now() - started,
          results: found ? Number(found[1]) : 0,
          first: Array.from(document.querySelectorAll(".search-results > li a"), (link) => link.getAttribute("href")).slice(0, 3),
        };
      }, query);
    },
  },
  pagefind: {
    counts: (url) => url.pathname.startsWith("/pagefind/"),
    start: "/404.html",
    async run(page, query) {
      return page.evaluate(
        async (query, shown) => {
          const started = performance.now();
          const pagefind = await import("/pagefind/pagefind.js");
          await pagefind.init();
          const search = await pagefind.search(query);
          const data = await Promise.all(search.results.slice(0, shown).map((result) => result.data()));
          return { ms: performance.now() - started, results: search.results.length, first: data.slice(0, 3).map((item) => item.url) };
        },
        query,
        SHOWN,
      );
    },
  },
};

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const gzipCache = new Map();
function sizes(urlPath) {
  if (!gzipCache.has(urlPath)) {
    const bytes = fs.readFileSync(path.join(siteDir, decodeURIComponent(urlPath)));
    gzipCache.set(urlPath, { bytes: bytes.length, gzip: zlib.gzipSync(bytes, { level: 6 }).length });
  }
  return gzipCache.get(urlPath);
}

const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--user-data-dir=" + fs.mkdtempSync(path.join(os.tmpdir(), "bench-search-chromium-")),
  ],
});
try {
  for (const [name, candidate] of Object.entries(CANDIDATES)) {
    if (name === "pagefind" && !fs.existsSync(path.join(siteDir, "pagefind", "pagefind.js"))) {
      continue;
    }
    for (const query of queries) {
      const times = [];
      let last = null;
      for (let run = 0; run < runs; run += 1) {
        // A fresh context per run: no cached file, as for a reader's first search.
        const context = await browser.createBrowserContext();
        const page = await context.newPage();
        await page.setCacheEnabled(false);
        const fetched = new Set();
        page.on("requestfinished", (request) => {
          const url = new URL(request.url());
          if (candidate.counts(url)) {
            fetched.add(url.pathname);
          }
        });
        await page.goto(baseUrl + candidate.start, { waitUntil: "load" });
        const outcome = await candidate.run(page, query);
        times.push(outcome.ms);
        const totals = [...fetched].map(sizes);
        last = {
          candidate: name,
          query,
          results: outcome.results,
          files: fetched.size,
          bytes: totals.reduce((sum, size) => sum + size.bytes, 0),
          gzip_bytes: totals.reduce((sum, size) => sum + size.gzip, 0),
          first: outcome.first,
        };
        await context.close();
      }
      const rounded = (value) => Math.round(value);
      console.log(JSON.stringify({ ...last, ms_median: rounded(median(times)), ms_min: rounded(Math.min(...times)), ms_max: rounded(Math.max(...times)) }));
    }
  }
} finally {
  await browser.close();
}
