/*
 * trangtin default theme: the search page (/tim-kiem/).
 *
 * The build writes the index as a JSON array with one object per page:
 * `t` title, `u` site path, `d` date (dd/mm/yyyy, optional), `k` document number
 * (optional) and `x` summary and body text (cut to a few thousand characters).
 * Query and index are folded the same way, so "chuyen doi so" finds "chuyển đổi số":
 * NFC, lower case, every diacritic dropped, "đ" to "d".
 *
 * Every word of the query must occur in a page for it to match. Pages rank by where the
 * words occur (title, then document number, then text), with a bonus for the whole query
 * as a phrase and for words typed with the exact diacritics. The query lives in the URL
 * (`?q=`), so a search can be linked, and the form still submits to this page without
 * the script, where a <noscript> note points to other ways in.
 */
(function () {
  "use strict";

  /** Results shown at first and added by each "Hiện thêm" press. */
  const PAGE_SIZE = 20;
  /** Wait after the last keystroke before searching as the reader types. */
  const TYPING_DELAY_MS = 300;
  /** Minimum query length searched while typing. A submitted query may be shorter. */
  const MIN_TYPED_LENGTH = 2;
  /** Characters of page text around the first match shown under each result. */
  const SNIPPET_LENGTH = 220;

  const SCORE_TITLE = 10;
  const SCORE_NUMBER = 8;
  const SCORE_TEXT = 1;
  /** Occurrences in the text counted per word, so one long page does not outrank all. */
  const MAX_TEXT_HITS = 5;
  const SCORE_TITLE_PHRASE = 20;
  const SCORE_TEXT_PHRASE = 5;
  const SCORE_EXACT_DIACRITICS = 2;

  /** Punctuation stripped from both ends of each query word. */
  const EDGE_PUNCTUATION = /^[.,;:!?"'()[\]{}«»“”‘’…–—-]+|[.,;:!?"'()[\]{}«»“”‘’…–—-]+$/g;

  /** Folds text for matching: NFC, lower case, diacritics dropped, "đ" to "d". */
  function fold(text) {
    return text
      .normalize("NFC")
      .toLowerCase()
      .replace(/đ/g, "d")
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "");
  }

  /**
   * Folds text and records, for each folded character, the index of the character of
   * `text` it came from, so a match in folded text can be highlighted in the original.
   */
  function foldWithMap(text) {
    let folded = "";
    const map = [];
    let index = 0;
    for (const character of text) {
      const piece = fold(character);
      folded += piece;
      for (let i = 0; i < piece.length; i += 1) {
        map.push(index);
      }
      index += character.length;
    }
    map.push(index);
    return { folded, map };
  }

  function parseQuery(query) {
    const raw = query.normalize("NFC").toLowerCase().trim();
    const words = raw
      .split(/\s+/)
      .map((word) => word.replace(EDGE_PUNCTUATION, ""))
      .filter((word) => word.length > 0);
    return {
      words,
      folded: words.map(fold),
      phrase: fold(words.join(" ")),
    };
  }

  function countOccurrences(haystack, needle, limit) {
    let count = 0;
    let from = haystack.indexOf(needle);
    while (from !== -1 && count < limit) {
      count += 1;
      from = haystack.indexOf(needle, from + needle.length);
    }
    return count;
  }

  /** Turns dd/mm/yyyy into yyyymmdd for sorting, or "" for no date, which sorts last. */
  function sortableDate(date) {
    const match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(date || "");
    if (!match) {
      return "";
    }
    return match[3] + match[2].padStart(2, "0") + match[1].padStart(2, "0");
  }

  /** Adds folded copies of the fields to each index entry, once, after loading. */
  function prepareEntries(entries) {
    return entries
      .filter((entry) => entry && typeof entry.t === "string" && typeof entry.u === "string")
      .map((entry, position) => {
        const text = typeof entry.x === "string" ? entry.x : "";
        const number = typeof entry.k === "string" ? entry.k : "";
        return {
          title: entry.t,
          url: entry.u,
          date: typeof entry.d === "string" ? entry.d : "",
          number,
          text,
          position,
          sortDate: sortableDate(entry.d),
          foldedTitle: fold(entry.t),
          foldedNumber: fold(number),
          foldedText: fold(text),
          lowerAll: (entry.t + " " + number + " " + text).normalize("NFC").toLowerCase(),
        };
      });
  }

  /** Returns the matching entries, best first. Ties go to the newer page, then to URL order. */
  function search(entries, query) {
    const matches = [];
    entries.forEach((entry) => {
      let score = 0;
      for (let i = 0; i < query.folded.length; i += 1) {
        const word = query.folded[i];
        const inTitle = entry.foldedTitle.includes(word);
        const inNumber = entry.foldedNumber.includes(word);
        const textHits = countOccurrences(entry.foldedText, word, MAX_TEXT_HITS);
        if (!inTitle && !inNumber && textHits === 0) {
          return;
        }
        score += (inTitle ? SCORE_TITLE : 0) + (inNumber ? SCORE_NUMBER : 0) + textHits * SCORE_TEXT;
        if (entry.lowerAll.includes(query.words[i])) {
          score += SCORE_EXACT_DIACRITICS;
        }
      }
      if (query.folded.length > 1) {
        if (entry.foldedTitle.includes(query.phrase)) {
          score += SCORE_TITLE_PHRASE;
        } else if (entry.foldedText.includes(query.phrase)) {
          score += SCORE_TEXT_PHRASE;
        }
      }
      matches.push({ entry, score });
    });

    matches.sort(
      (a, b) =>
        b.score - a.score ||
        b.entry.sortDate.localeCompare(a.entry.sortDate) ||
        a.entry.position - b.entry.position
    );
    return matches.map((match) => match.entry);
  }

  /** Returns [start, end) ranges of `text` where any folded query word occurs, merged. */
  function matchRanges(text, words) {
    const { folded, map } = foldWithMap(text);
    const ranges = [];
    words.forEach((word) => {
      let from = folded.indexOf(word);
      while (from !== -1) {
        ranges.push([map[from], map[from + word.length]]);
        from = folded.indexOf(word, from + word.length);
      }
    });
    ranges.sort((a, b) => a[0] - b[0]);

    const merged = [];
    ranges.forEach((range) => {
      const last = merged[merged.length - 1];
      if (last && range[0] <= last[1]) {
        last[1] = Math.max(last[1], range[1]);
      } else {
        merged.push(range.slice());
      }
    });
    return merged;
  }

  /** Appends `text` to `parent`, with the query words wrapped in <mark>. */
  function appendHighlighted(parent, text, words) {
    let position = 0;
    matchRanges(text, words).forEach(([start, end]) => {
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

  /** Cuts about SNIPPET_LENGTH characters of text around the first match, at word edges. */
  function snippet(text, words) {
    if (text.length <= SNIPPET_LENGTH) {
      return text;
    }
    const ranges = matchRanges(text, words);
    const first = ranges.length > 0 ? ranges[0][0] : 0;
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

  function renderResult(entry, words) {
    const item = document.createElement("li");
    item.className = "item";

    const heading = document.createElement("h2");
    heading.className = "item-title";
    const link = document.createElement("a");
    link.href = entry.url;
    appendHighlighted(link, entry.title, words);
    heading.appendChild(link);
    item.appendChild(heading);

    const details = [entry.date, entry.number].filter((value) => value.length > 0);
    if (details.length > 0) {
      const meta = document.createElement("p");
      meta.className = "item-meta";
      appendHighlighted(meta, details.join(" · "), words);
      item.appendChild(meta);
    }

    if (entry.text.length > 0) {
      const summary = document.createElement("p");
      summary.className = "summary";
      appendHighlighted(summary, snippet(entry.text, words), words);
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

    let entries = null;
    let loading = null;
    let results = [];
    let shownCount = 0;
    let words = [];
    let typingTimer = 0;

    /** Loads the index once; later calls share the same request. */
    function loadIndex() {
      if (!loading) {
        const url = input.dataset.index || "/tim-kiem/chi-muc.json";
        loading = fetch(url, { credentials: "same-origin" })
          .then((response) => {
            if (!response.ok) {
              throw new Error("HTTP " + response.status);
            }
            return response.json();
          })
          .then((data) => {
            entries = prepareEntries(Array.isArray(data) ? data : []);
            return entries;
          })
          .catch((error) => {
            loading = null; // a later search tries again
            throw error;
          });
      }
      return loading;
    }

    function showMore() {
      const firstNew = shownCount;
      results.slice(shownCount, shownCount + PAGE_SIZE).forEach((entry) => {
        list.appendChild(renderResult(entry, words));
      });
      shownCount = Math.min(results.length, shownCount + PAGE_SIZE);

      const left = results.length - shownCount;
      more.hidden = left === 0;
      more.textContent = "Hiện thêm " + Math.min(left, PAGE_SIZE) + " kết quả (còn " + left + ")";
      return firstNew;
    }

    function showResults(query) {
      list.textContent = "";
      shownCount = 0;
      const display = "“" + query.trim() + "”";
      if (results.length === 0) {
        more.hidden = true;
        status.textContent =
          "Không tìm thấy kết quả nào cho " + display + ". Hãy thử từ khóa khác, ít từ hơn hoặc gõ không dấu.";
        return;
      }
      status.textContent = "Tìm thấy " + results.length + " kết quả cho " + display + ".";
      showMore();
    }

    function clearResults() {
      results = [];
      list.textContent = "";
      more.hidden = true;
      status.textContent = "";
    }

    /**
     * Runs a search for the box's current text. `trigger` is "typed", "submitted" or
     * "restored" (back or forward); only a submitted empty query gets a message.
     */
    async function run(trigger) {
      const text = input.value;
      const query = parseQuery(text);
      if (query.words.length === 0) {
        clearResults();
        if (trigger === "submitted") {
          status.textContent = "Hãy nhập từ khóa để tìm.";
        }
        return;
      }
      if (trigger === "typed" && text.trim().length < MIN_TYPED_LENGTH) {
        return;
      }

      if (!entries) {
        status.textContent = "Đang tải chỉ mục tìm kiếm…";
      }
      try {
        await loadIndex();
      } catch (error) {
        clearResults();
        status.textContent =
          "Không tải được chỉ mục tìm kiếm. Hãy tải lại trang, hoặc tìm bài qua Sơ đồ trang.";
        return;
      }
      if (input.value !== text) {
        return; // the reader typed on while the index loaded; that search runs instead
      }

      words = query.folded;
      results = search(entries, query);
      showResults(text);
    }

    function writeQuery(method) {
      const url = new URL(window.location.href);
      const text = input.value.trim();
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
        // Some browsers refuse history changes on file: pages; the search still works.
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

    more.addEventListener("click", () => {
      const firstNew = showMore();
      // Focus moves to the first added result, so keyboard users continue from there.
      const link = list.children[firstNew] ? list.children[firstNew].querySelector("a") : null;
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
      // Fetch the index early, so the first search does not wait for it.
      input.addEventListener("focus", () => loadIndex().catch(() => {}), { once: true });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
