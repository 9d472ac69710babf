/*
 * trangtin default theme: the search page (/tim-kiem/).
 *
 * The build writes a sharded index (src/render/search.rs describes the files):
 *   chi-muc.json          {version, documents, shards: first token of each shard}
 *   chi-muc/tu/N.json     {token: posting list} for the tokens of shard N
 *   chi-muc/trang/I.json  {t title, u address, d yyyy-mm-dd, k document number, x text}
 * A query downloads the manifest, the shards of its words and the files of the results
 * shown, never the whole index.
 *
 * Query and index are folded by the same rules, so "chuyen doi so" finds "chuyển đổi số":
 * NFC, lower case, "đ" to "d", combining marks U+0300 to U+036F dropped, NFC. Tokens are
 * runs of letters and digits, so "2652/QĐ-UBND" is the words 2652, qd and ubnd. Every word
 * of the query must occur in a page. Pages rank by where the words occur (document number,
 * title, summary, then text), each word weighted by how rare it is. Two query words that
 * are adjacent in the query and in the page add a bonus, which is larger in the title.
 * Equal scores go to the newer page.
 *
 * The query lives in the URL (`?q=`), so a search can be linked, and the form still submits
 * to this page without the script, where a <noscript> note points to other ways in.
 */
(function () {
  "use strict";

  /** Results shown at first and added by each "Hiện thêm" press. */
  const PAGE_SIZE = 10;
  /** Wait after the last keystroke before searching as the reader types. */
  const TYPING_DELAY_MS = 300;
  /** Minimum query length searched while typing. A submitted query may be shorter. */
  const MIN_TYPED_LENGTH = 2;
  /** Characters of page text around the first match shown under each result. */
  const SNIPPET_LENGTH = 220;
  /**
   * Time allowed for one index file, from the request to the last byte. The build aims at
   * 16 kB per shard and keeps at most 4000 characters of text per document file, so this
   * allows a link as slow as about 0.5 kB/s. Without it, a server that accepts the request
   * and never responds would keep "Đang tìm…" on screen.
   */
  const FETCH_TIMEOUT_MS = 30000;

  /** Bits of a posting's weight, as the build writes them. */
  const TERM_FREQUENCY_MASK = 15;
  const IN_TITLE = 16;
  const IN_SUMMARY = 32;
  const IN_NUMBER = 64;

  const SCORE_NUMBER = 12;
  const SCORE_TITLE = 10;
  const SCORE_SUMMARY = 4;
  /** Occurrences in the text counted per word, so one long page does not outrank all. */
  const MAX_TEXT_HITS = 5;
  /** Two adjacent query words found adjacent in the page, and extra when in the title. */
  const SCORE_PHRASE = 6;
  const SCORE_TITLE_PHRASE = 8;

  /** Characters of the posting-list number encoding, by value (5 bits and a "more" bit). */
  const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
  const DIGIT_VALUES = new Map(Array.from(ALPHABET, (character, value) => [character, value]));

  const TOKEN = /[\p{Alphabetic}\p{N}]+/gu;
  /** Words of the original text, combining marks included, for highlighting. */
  const WORD = /[\p{Alphabetic}\p{N}\p{M}]+/gu;

  /** Folds text for matching: NFC, lower case, "đ" to "d", diacritics dropped. */
  function fold(text) {
    return text
      .normalize("NFC")
      .toLowerCase()
      .replace(/đ/g, "d")
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .normalize("NFC");
  }

  /** Splits `text` into folded tokens, in order, repeats included. */
  function tokens(text) {
    return fold(text).match(TOKEN) || [];
  }

  /** Compares by code point, the order of the Rust build's sorted token table. */
  function compareCodePoints(a, b) {
    let i = 0;
    let j = 0;
    while (i < a.length && j < b.length) {
      const x = a.codePointAt(i);
      const y = b.codePointAt(j);
      if (x !== y) {
        return x < y ? -1 : 1;
      }
      i += x > 0xffff ? 2 : 1;
      j += y > 0xffff ? 2 : 1;
    }
    return (a.length - i) - (b.length - j);
  }

  /** Decodes a posting-list string into its numbers. */
  function decodeNumbers(text) {
    const numbers = [];
    let value = 0;
    let shift = 0;
    for (const character of text) {
      const digit = DIGIT_VALUES.get(character);
      if (digit === undefined) {
        throw new Error("invalid posting list");
      }
      value += (digit & 31) * 2 ** shift;
      if (digit & 32) {
        shift += 5;
      } else {
        numbers.push(value);
        value = 0;
        shift = 0;
      }
    }
    return numbers;
  }

  /** Decodes a word's posting list into a Map from document id to weight. */
  function decodeWeighted(text) {
    const numbers = decodeNumbers(text);
    const postings = new Map();
    let id = 0;
    for (let i = 0; i + 1 < numbers.length; i += 2) {
      id = i === 0 ? numbers[0] : id + numbers[i];
      postings.set(id, numbers[i + 1]);
    }
    return postings;
  }

  /** Decodes a phrase's posting list into a Map from document id to "in the title". */
  function decodePhrase(text) {
    const postings = new Map();
    let id = 0;
    decodeNumbers(text).forEach((number, index) => {
      const gap = Math.floor(number / 2);
      id = index === 0 ? gap : id + gap;
      postings.set(id, number % 2 === 1);
    });
    return postings;
  }

  function parseQuery(text) {
    const sequence = tokens(text);
    const words = Array.from(new Set(sequence));
    const phrases = new Set();
    for (let i = 0; i + 1 < sequence.length; i += 1) {
      phrases.add(sequence[i] + " " + sequence[i + 1]);
    }
    return { words, phrases: Array.from(phrases) };
  }

  /** Index files, fetched once each and shared by later searches. */
  function createIndex(manifestUrl) {
    const folder = manifestUrl.replace(/\.json$/, "");
    let manifest = null;
    const files = new Map();

    /**
     * Fetches and parses one JSON file. Rejects on an HTTP error status, invalid JSON, or
     * when the whole file has not arrived within FETCH_TIMEOUT_MS.
     */
    function fetchWithTimeout(url) {
      // In browsers without AbortController the promise still rejects in time, but the
      // request stays open.
      const controller = typeof AbortController === "function" ? new AbortController() : null;
      let timer = 0;
      const timeout = new Promise((resolve, reject) => {
        timer = window.setTimeout(() => {
          if (controller) {
            controller.abort();
          }
          reject(new Error("timed out after " + FETCH_TIMEOUT_MS / 1000 + " s waiting for " + url));
        }, FETCH_TIMEOUT_MS);
      });
      const options = { credentials: "same-origin" };
      if (controller) {
        options.signal = controller.signal;
      }
      const request = fetch(url, options).then((response) => {
        if (!response.ok) {
          throw new Error("HTTP " + response.status + " " + url);
        }
        return response.json();
      });
      return Promise.race([request, timeout]).finally(() => window.clearTimeout(timer));
    }

    function fetchJson(url) {
      if (!files.has(url)) {
        const request = fetchWithTimeout(url);
        // A failed file is fetched again by a later search.
        request.catch(() => files.delete(url));
        files.set(url, request);
      }
      return files.get(url);
    }

    async function loadManifest() {
      if (!manifest) {
        manifest = fetchJson(manifestUrl).then((data) => {
          if (!data || !Array.isArray(data.shards) || typeof data.documents !== "number") {
            throw new Error("invalid search manifest");
          }
          return data;
        });
        manifest.catch(() => {
          manifest = null;
        });
      }
      return manifest;
    }

    /** Returns the number of the last shard whose first token is not after `token`. */
    function shardOf(data, token) {
      let low = 0;
      let high = data.shards.length - 1;
      while (low < high) {
        const middle = Math.ceil((low + high) / 2);
        if (compareCodePoints(data.shards[middle], token) <= 0) {
          low = middle;
        } else {
          high = middle - 1;
        }
      }
      return low;
    }

    /** Fetches the posting-list strings of `keys` (words or phrases), undefined when missing. */
    async function postings(keys) {
      const data = await loadManifest();
      const suffix = ".json?v=" + encodeURIComponent(data.version);
      const shards = await Promise.all(keys.map((key) => fetchJson(folder + "/tu/" + shardOf(data, key) + suffix)));
      return keys.map((key, index) => (Object.prototype.hasOwnProperty.call(shards[index], key) ? shards[index][key] : undefined));
    }

    async function documentAt(id) {
      const data = await loadManifest();
      return fetchJson(folder + "/trang/" + id + ".json?v=" + encodeURIComponent(data.version));
    }

    return { loadManifest, postings, documentAt };
  }

  /**
   * Returns the matching document ids, best first. A field (document number, title,
   * summary) adds its points times the share of query words it contains, squared, so a title
   * with one of two query words counts a quarter of a title with both.
   */
  async function searchIndex(index, query) {
    const data = await index.loadManifest();
    const all = await index.postings(query.words.concat(query.phrases));
    const wordLists = all.slice(0, query.words.length);
    if (wordLists.some((list) => list === undefined)) {
      return [];
    }

    // NOTE: words match on folded tokens only, so "chuyên" and "chuyển" rank alike, and the
    // last word typed must be complete: no prefix matching.
    const rarity = (count) => Math.log(1 + data.documents / Math.max(count, 1));
    const lists = wordLists.map(decodeWeighted).sort((a, b) => a.size - b.size);
    const fields = [
      { bit: IN_NUMBER, points: SCORE_NUMBER },
      { bit: IN_TITLE, points: SCORE_TITLE },
      { bit: IN_SUMMARY, points: SCORE_SUMMARY },
    ];
    // Per document: text score, then per field the summed rarity and the words it contains.
    let matches = new Map();
    lists.forEach((list, position) => {
      const wordRarity = rarity(list.size);
      const next = new Map();
      const candidates = position === 0 ? list.keys() : matches.keys();
      for (const id of candidates) {
        const weight = list.get(id);
        if (weight === undefined) {
          continue;
        }
        const match = matches.get(id) || { text: 0, fields: fields.map(() => ({ rarity: 0, words: 0 })) };
        match.text += wordRarity * Math.min(weight & TERM_FREQUENCY_MASK, MAX_TEXT_HITS);
        fields.forEach((field, number) => {
          if (weight & field.bit) {
            match.fields[number].rarity += wordRarity;
            match.fields[number].words += 1;
          }
        });
        next.set(id, match);
      }
      matches = next;
    });

    const scores = new Map();
    matches.forEach((match, id) => {
      let score = match.text;
      fields.forEach((field, number) => {
        const share = match.fields[number].words / lists.length;
        score += field.points * match.fields[number].rarity * share * share;
      });
      scores.set(id, score);
    });
    all.slice(query.words.length).forEach((list) => {
      if (list === undefined) {
        return;
      }
      const phrase = decodePhrase(list);
      const phraseRarity = rarity(phrase.size);
      phrase.forEach((inTitle, id) => {
        if (scores.has(id)) {
          const points = SCORE_PHRASE + (inTitle ? SCORE_TITLE_PHRASE : 0);
          scores.set(id, scores.get(id) + phraseRarity * points);
        }
      });
    });

    return Array.from(scores.entries())
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .map((entry) => entry[0]);
  }

  /**
   * Returns the words of `text` whose tokens include a query word, in text order, as
   * {start, end, found} with `found` the query words matched.
   */
  function matchRanges(text, words) {
    const wanted = new Set(words);
    const ranges = [];
    for (const match of text.matchAll(WORD)) {
      const found = tokens(match[0]).filter((token) => wanted.has(token));
      if (found.length > 0) {
        ranges.push({ start: match.index, end: match.index + match[0].length, found });
      }
    }
    return ranges;
  }

  /** Appends `text` to `parent`, with the query words wrapped in <mark>. */
  function appendHighlighted(parent, text, words) {
    let position = 0;
    matchRanges(text, words).forEach(({ start, end }) => {
      if (start > position) {
        parent.appendChild(document.createTextNode(text.slice(position, start)));
      }
      const mark = document.createElement("mark");
      mark.textContent = text.slice(start, end);
      parent.appendChild(mark);
      position = end;
    });
    if (position < text.length) {
      parent.appendChild(document.createTextNode(text.slice(position)));
    }
  }

  /** Returns where the stretch of text containing the most different query words starts. */
  function bestMatchStart(ranges) {
    const reach = Math.floor((SNIPPET_LENGTH * 2) / 3);
    let best = 0;
    let bestCount = 0;
    for (let i = 0; i < ranges.length; i += 1) {
      const seen = new Set();
      for (let j = i; j < ranges.length && ranges[j].end <= ranges[i].start + reach; j += 1) {
        ranges[j].found.forEach((word) => seen.add(word));
      }
      if (seen.size > bestCount) {
        best = ranges[i].start;
        bestCount = seen.size;
      }
    }
    return best;
  }

  /** Cuts about SNIPPET_LENGTH characters of text around the best match, at word edges. */
  function snippet(text, words) {
    if (text.length <= SNIPPET_LENGTH) {
      return text;
    }
    const first = bestMatchStart(matchRanges(text, words));
    let start = Math.max(0, first - Math.floor(SNIPPET_LENGTH / 3));
    let end = Math.min(text.length, start + SNIPPET_LENGTH);
    start = Math.max(0, end - SNIPPET_LENGTH);

    if (start > 0) {
      const space = text.indexOf(" ", start);
      start = space !== -1 && space < first ? space + 1 : start;
    }
    if (end < text.length) {
      const space = text.lastIndexOf(" ", end);
      end = space > start ? space : end;
    }
    return (start > 0 ? "… " : "") + text.slice(start, end) + (end < text.length ? " …" : "");
  }

  /** Turns yyyy-mm-dd into dd/mm/yyyy, the form Vietnamese readers expect. */
  function vietnameseDate(iso) {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
    return match ? match[3] + "/" + match[2] + "/" + match[1] : iso;
  }

  function renderResult(entry, words) {
    const item = document.createElement("li");
    item.className = "item";

    const heading = document.createElement("h2");
    heading.className = "item-title";
    const link = document.createElement("a");
    link.href = typeof entry.u === "string" ? entry.u : "/";
    appendHighlighted(link, typeof entry.t === "string" ? entry.t : link.href, words);
    heading.appendChild(link);
    item.appendChild(heading);

    const date = typeof entry.d === "string" ? entry.d : "";
    const number = typeof entry.k === "string" ? entry.k : "";
    if (date || number) {
      const meta = document.createElement("p");
      meta.className = "item-meta";
      if (date) {
        const time = document.createElement("time");
        time.dateTime = date;
        time.textContent = vietnameseDate(date);
        meta.appendChild(time);
      }
      if (number) {
        if (date) {
          meta.appendChild(document.createTextNode(" · "));
        }
        const symbol = document.createElement("span");
        symbol.className = "so-ky-hieu";
        appendHighlighted(symbol, number, words);
        meta.appendChild(symbol);
      }
      item.appendChild(meta);
    }

    const text = typeof entry.x === "string" ? entry.x : "";
    if (text.length > 0) {
      const summary = document.createElement("p");
      summary.className = "summary";
      appendHighlighted(summary, snippet(text, words), words);
      item.appendChild(summary);
    }
    return item;
  }

  function init() {
    const input = document.querySelector('.search-form input[type="search"]');
    const form = input ? input.form : null;
    const status = document.querySelector(".search-status");
    const list = document.querySelector(".search-results");
    if (!input || !form || !status || !list) {
      return;
    }

    const more = document.createElement("button");
    more.type = "button";
    more.className = "search-more";
    more.hidden = true;
    list.insertAdjacentElement("afterend", more);

    const index = createIndex(input.dataset.index || "/tim-kiem/chi-muc.json");
    let results = [];
    let shownCount = 0;
    let words = [];
    let typingTimer = 0;
    /** Number of the latest search; an older search that finishes late shows nothing. */
    let latest = 0;

    /** Shows the reader that the index could not be loaded, and logs the error for developers. */
    const loadFailed = (error) => {
      console.error("trangtin search:", error);
      status.textContent = "Không tải được chỉ mục tìm kiếm. Hãy tải lại trang, hoặc tìm bài qua Sơ đồ trang.";
    };

    /** Renders the next PAGE_SIZE results; returns the position of the first one added. */
    async function showMore(ticket) {
      const firstNew = shownCount;
      const ids = results.slice(shownCount, shownCount + PAGE_SIZE);
      const entries = await Promise.all(ids.map((id) => index.documentAt(id)));
      if (ticket !== latest) {
        return firstNew;
      }
      entries.forEach((entry) => list.appendChild(renderResult(entry, words)));
      shownCount += entries.length;

      const left = results.length - shownCount;
      more.hidden = left === 0;
      more.textContent = "Hiện thêm " + Math.min(left, PAGE_SIZE) + " kết quả (còn " + left + ")";
      return firstNew;
    }

    /** Removes the listed results and the "Hiện thêm" button, and leaves the status. */
    function clearList() {
      results = [];
      shownCount = 0;
      list.textContent = "";
      more.hidden = true;
    }

    function clearResults() {
      clearList();
      status.textContent = "";
    }

    /**
     * Runs a search for the box's current text. `trigger` is "typed", "submitted" or
     * "restored" (back or forward). A typed query shorter than MIN_TYPED_LENGTH shows
     * nothing, and an empty query gets a message only when submitted.
     */
    async function run(trigger) {
      const text = input.value;
      const query = parseQuery(text);
      const ticket = ++latest;
      if (query.words.length === 0) {
        clearResults();
        if (trigger === "submitted" && text.trim().length === 0) {
          status.textContent = "Hãy nhập từ khóa để tìm.";
        } else if (trigger !== "typed" || text.trim().length >= MIN_TYPED_LENGTH) {
          status.textContent = "Không tìm thấy kết quả nào cho “" + text.trim() + "”. Hãy nhập chữ hoặc số.";
        }
        return;
      }
      if (trigger === "typed" && text.trim().length < MIN_TYPED_LENGTH) {
        // A search still running for the earlier text shows nothing when it ends, because
        // `latest` has moved on, so its "Đang tìm…" must be cleared here.
        clearResults();
        return;
      }

      status.textContent = "Đang tìm…";
      let found;
      try {
        found = await searchIndex(index, query);
      } catch (error) {
        if (ticket === latest) {
          clearResults();
          loadFailed(error);
        }
        return;
      }
      if (ticket !== latest) {
        return;
      }

      // The status stays "Đang tìm…" while the files of the first results load.
      clearList();
      results = found;
      words = query.words;
      const display = "“" + text.trim() + "”";
      if (results.length === 0) {
        status.textContent =
          "Không tìm thấy kết quả nào cho " + display + ". Hãy thử từ khóa khác, ít từ hơn hoặc gõ không dấu.";
        return;
      }
      try {
        await showMore(ticket);
      } catch (error) {
        if (ticket === latest) {
          loadFailed(error);
        }
        return;
      }
      if (ticket === latest) {
        status.textContent = "Tìm thấy " + results.length + " kết quả cho " + display + ".";
      }
    }

    /** Puts the query in the address bar, so the search can be linked and bookmarked. */
    function writeQuery(method) {
      const text = input.value.trim();
      const url = new URL(window.location.href);
      if (text === "") {
        url.searchParams.delete("q");
      } else {
        url.searchParams.set("q", text);
      }
      if (url.href === window.location.href) {
        return;
      }
      try {
        window.history[method]({ q: text }, "", url.href);
      } catch (error) {
        // Some browsers reject history changes on file: pages; the search still works.
      }
    }

    form.addEventListener("submit", (event) => {
      event.preventDefault();
      window.clearTimeout(typingTimer);
      writeQuery("pushState");
      run("submitted");
    });

    input.addEventListener("input", () => {
      window.clearTimeout(typingTimer);
      typingTimer = window.setTimeout(() => {
        writeQuery("replaceState");
        run("typed");
      }, TYPING_DELAY_MS);
    });

    more.addEventListener("click", async () => {
      if (more.disabled) {
        return;
      }
      more.disabled = true;
      let firstNew;
      try {
        firstNew = await showMore(latest);
      } catch (error) {
        loadFailed(error);
        return;
      } finally {
        more.disabled = false;
      }
      // Focus moves to the first added result, so keyboard users continue from there.
      const item = list.children[firstNew];
      const link = item ? item.querySelector("a") : null;
      if (link) {
        link.focus();
      }
    });

    // Back and forward between submitted searches.
    window.addEventListener("popstate", () => {
      input.value = new URLSearchParams(window.location.search).get("q") || "";
      run("restored");
    });

    const initial = new URLSearchParams(window.location.search).get("q");
    if (initial) {
      input.value = initial;
      run("submitted");
    } else {
      // Fetch the small manifest early, so the first search waits only for its shards.
      input.addEventListener("focus", () => index.loadManifest().catch(() => {}), { once: true });
    }
  }

  // The folding rules, for tests that compare them with the build's.
  window.trangtinSearch = Object.freeze({ fold, tokens });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
