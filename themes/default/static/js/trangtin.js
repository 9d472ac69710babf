/*
 * trangtin default theme: reader features.
 *
 * Progressive enhancement: every page works without this script, and the script only adds
 * to what the HTML already offers. It removes `no-js` from <html> (the stylesheet hides
 * the toolbar and the print button while that class is there), then wires up:
 *
 * - font size: A+ / A− / A set --font-scale on <html>, stored in localStorage;
 * - high contrast: toggles html.tuong-phan-cao and aria-pressed, stored in localStorage;
 * - "Đọc bài": reads the article aloud with the Web Speech API in vi-VN;
 * - "In": window.print();
 * - a "Danh mục" button that folds the main menu on narrow screens;
 * - the document registry filter, whose state is kept in the page URL's query;
 * - a horizontal scroll container around every table in <main>, focusable while it overflows.
 *
 * The toolbar follows the ARIA toolbar pattern: one Tab stop, arrow keys, Home and End.
 * The script is loaded with `defer`, so the stored preferences are applied as soon as the
 * file runs, before the DOM work.
 */
(function () {
  "use strict";

  const root = document.documentElement;

  // ---------- Stored preferences ----------

  const FONT_SCALE_KEY = "trangtin.coChu";
  const CONTRAST_KEY = "trangtin.tuongPhan";
  const CONTRAST_CLASS = "tuong-phan-cao";

  /** Font scales that A+ and A− step through. 1 is the reader's own browser setting. */
  const FONT_SCALES = [0.875, 1, 1.125, 1.25, 1.375, 1.5];
  const DEFAULT_FONT_SCALE = 1;

  /** Reads localStorage, which can throw, for example when the reader blocks site storage. */
  function readStored(key) {
    try {
      return window.localStorage.getItem(key);
    } catch (error) {
      return null;
    }
  }

  function writeStored(key, value) {
    try {
      if (value === null) {
        window.localStorage.removeItem(key);
      } else {
        window.localStorage.setItem(key, value);
      }
    } catch (error) {
      // The choice then lasts for this page only.
    }
  }

  /** Returns the stored font scale, or the default when none is stored or it is not a known step. */
  function storedFontScale() {
    const scale = Number.parseFloat(readStored(FONT_SCALE_KEY));
    return FONT_SCALES.includes(scale) ? scale : DEFAULT_FONT_SCALE;
  }

  function applyFontScale(scale) {
    if (scale === DEFAULT_FONT_SCALE) {
      root.style.removeProperty("--font-scale");
    } else {
      root.style.setProperty("--font-scale", String(scale));
    }
  }

  function storedContrast() {
    return readStored(CONTRAST_KEY) === "1";
  }

  function applyContrast(enabled) {
    root.classList.toggle(CONTRAST_CLASS, enabled);
    document.querySelectorAll('[data-action="contrast"]').forEach((button) => {
      button.setAttribute("aria-pressed", enabled ? "true" : "false");
    });
  }

  // Applied as soon as the file runs, before the DOM work.
  // NOTE: a deferred script may run after the first paint, so a page can flash once with
  // the default size and colours before these apply.
  root.classList.remove("no-js");
  applyFontScale(storedFontScale());
  root.classList.toggle(CONTRAST_CLASS, storedContrast());

  // ---------- Status messages ----------

  /**
   * Writes a message into the toolbar's live region. The region is emptied first and
   * filled on the next frame, so a screen reader also announces a message that repeats.
   */
  function announce(message) {
    const status = document.querySelector(".toolbar-status");
    if (!status) {
      return;
    }
    status.textContent = "";
    window.requestAnimationFrame(() => {
      status.textContent = message;
    });
  }

  function formatPercent(scale) {
    return String(Math.round(scale * 1000) / 10).replace(".", ",") + "%";
  }

  // ---------- Font size ----------

  function changeFontScale(direction) {
    const current = storedFontScale();
    let next = DEFAULT_FONT_SCALE;
    if (direction !== 0) {
      const index = FONT_SCALES.indexOf(current) + direction;
      next = FONT_SCALES[Math.min(Math.max(index, 0), FONT_SCALES.length - 1)];
    }

    applyFontScale(next);
    writeStored(FONT_SCALE_KEY, next === DEFAULT_FONT_SCALE ? null : String(next));
    refreshScrollContainers();

    if (direction > 0 && next === current) {
      announce("Cỡ chữ đã lớn nhất (" + formatPercent(next) + ").");
    } else if (direction < 0 && next === current) {
      announce("Cỡ chữ đã nhỏ nhất (" + formatPercent(next) + ").");
    } else if (direction === 0) {
      announce("Cỡ chữ mặc định (" + formatPercent(next) + ").");
    } else {
      announce("Cỡ chữ " + formatPercent(next) + ".");
    }
  }

  // ---------- High contrast ----------

  function toggleContrast() {
    const enabled = !root.classList.contains(CONTRAST_CLASS);
    applyContrast(enabled);
    writeStored(CONTRAST_KEY, enabled ? "1" : null);
  }

  // Another tab changed a preference: follow it, so all open pages agree.
  window.addEventListener("storage", (event) => {
    if (event.key === FONT_SCALE_KEY) {
      applyFontScale(storedFontScale());
    } else if (event.key === CONTRAST_KEY) {
      applyContrast(storedContrast());
    }
  });

  // ---------- Read aloud ----------

  /** Maximum characters handed to one utterance, because some engines stop long utterances partway. */
  const MAX_CHUNK_LENGTH = 180;
  /** How long to wait for the browser's voice list, which some browsers load asynchronously. */
  const VOICE_WAIT_MS = 1500;
  /** How long the first chunk may take to start before the engine counts as not working. */
  const START_TIMEOUT_MS = 6000;

  const LABEL_READ = "Đọc bài";
  const LABEL_PAUSE = "Tạm dừng";
  const LABEL_RESUME = "Đọc tiếp";
  const LABEL_STOP = "Dừng đọc";

  const MESSAGE_NO_API =
    "Trình duyệt này không hỗ trợ đọc bài thành tiếng. Hãy dùng bản mới của Chrome, Edge, Safari hoặc Firefox.";
  const MESSAGE_NO_VOICE =
    "Trình duyệt này không có giọng đọc tiếng Việt, nên bài được đọc bằng giọng mặc định và có thể phát âm sai. " +
    "Hãy cài giọng đọc tiếng Việt cho hệ điều hành hoặc dùng trình duyệt khác.";
  const MESSAGE_NO_TEXT = "Trang này không có nội dung để đọc.";
  const MESSAGE_FAILED =
    "Không phát được giọng đọc. Hãy kiểm tra loa và giọng đọc của hệ điều hành, rồi thử lại.";
  const MESSAGE_FAILED_NO_VOICE =
    "Trình duyệt này không có giọng đọc tiếng Việt và không đọc được bài bằng giọng mặc định. " +
    "Hãy cài giọng đọc tiếng Việt cho hệ điều hành hoặc dùng trình duyệt khác.";

  const speech = {
    /** "idle", "starting" (waiting for voices), "speaking" or "paused". */
    state: "idle",
    chunks: [],
    index: 0,
    voice: null,
    /** Incremented on every stop and pause, so events of cancelled utterances are ignored. */
    session: 0,
    startTimer: 0,
    /**
     * The utterance being spoken, kept referenced as a precaution: an utterance that is
     * garbage-collected while speaking could never fire its end event.
     */
    utterance: null,
  };

  function speechSupported() {
    return "speechSynthesis" in window && typeof window.SpeechSynthesisUtterance === "function";
  }

  function isVietnameseVoice(voice) {
    const lang = String(voice.lang || "").toLowerCase().replace("_", "-");
    return lang === "vi" || lang.startsWith("vi-");
  }

  /** Prefers a vi-VN voice installed on the device, then any vi-VN voice, then any vi voice. */
  function pickVietnameseVoice(voices) {
    const vietnamese = voices.filter(isVietnameseVoice);
    const exact = vietnamese.filter((voice) => voice.lang.replace("_", "-").toLowerCase() === "vi-vn");
    return (
      exact.find((voice) => voice.localService) || exact[0] || vietnamese[0] || null
    );
  }

  /** Resolves to the voice list once the browser has it, or to what it has after VOICE_WAIT_MS. */
  function loadVoices() {
    const synth = window.speechSynthesis;
    const voices = synth.getVoices();
    if (voices.length > 0) {
      return Promise.resolve(voices);
    }
    return new Promise((resolve) => {
      let timer = 0;
      const finish = () => {
        window.clearTimeout(timer);
        synth.removeEventListener("voiceschanged", finish);
        resolve(synth.getVoices());
      };
      timer = window.setTimeout(finish, VOICE_WAIT_MS);
      synth.addEventListener("voiceschanged", finish);
    });
  }

  /** Parts of the reading area that are controls or navigation, not text to read. */
  const NOT_READ_SELECTOR =
    ".article-tools, .registry-filter, .pagination, nav, form, button, script, style, template, [aria-hidden='true']";

  /**
   * Returns the rendered text to read: the article, or all of <main> on other pages.
   * innerText already leaves out what is not displayed, such as .print-source.
   */
  function textToRead() {
    const area = document.querySelector("main article") || document.querySelector("main");
    if (!area) {
      return "";
    }
    return Array.from(area.children)
      .filter((child) => !child.matches(NOT_READ_SELECTOR))
      .map((child) => child.innerText)
      .join("\n");
  }

  /** Splits a paragraph after sentence punctuation that is followed by white space. */
  function splitSentences(paragraph) {
    const sentences = [];
    const boundary = /[.!?…;:]+["”’)\]]*\s+/g;
    let start = 0;
    let match;
    while ((match = boundary.exec(paragraph)) !== null) {
      const end = match.index + match[0].length;
      sentences.push(paragraph.slice(start, end).trim());
      start = end;
    }
    sentences.push(paragraph.slice(start).trim());
    return sentences.filter((sentence) => sentence.length > 0);
  }

  /** Cuts a sentence longer than MAX_CHUNK_LENGTH at a comma or dash, else at a space. */
  function splitLongSentence(sentence) {
    const pieces = [];
    let rest = sentence;
    while (rest.length > MAX_CHUNK_LENGTH) {
      const head = rest.slice(0, MAX_CHUNK_LENGTH);
      let cut = Math.max(head.lastIndexOf(", "), head.lastIndexOf(" – "), head.lastIndexOf(" - "));
      if (cut < MAX_CHUNK_LENGTH / 2) {
        cut = head.lastIndexOf(" ");
      }
      if (cut <= 0) {
        cut = MAX_CHUNK_LENGTH - 1;
      }
      pieces.push(rest.slice(0, cut + 1).trim());
      rest = rest.slice(cut + 1).trim();
    }
    if (rest.length > 0) {
      pieces.push(rest);
    }
    return pieces;
  }

  /**
   * Splits text into chunks of at most MAX_CHUNK_LENGTH characters. Short sentences of one
   * paragraph are joined up to that length. Paragraphs and headings are never joined, so
   * the engine pauses between them.
   */
  function splitIntoChunks(text) {
    const chunks = [];
    text.split(/\n+/).forEach((line) => {
      const paragraph = line.replace(/\s+/g, " ").trim();
      if (paragraph.length === 0) {
        return;
      }
      let current = "";
      splitSentences(paragraph).forEach((sentence) => {
        splitLongSentence(sentence).forEach((piece) => {
          if (current.length > 0 && current.length + 1 + piece.length > MAX_CHUNK_LENGTH) {
            chunks.push(current);
            current = piece;
          } else {
            current = current.length > 0 ? current + " " + piece : piece;
          }
        });
      });
      if (current.length > 0) {
        chunks.push(current);
      }
    });
    return chunks;
  }

  function readButtons() {
    return document.querySelectorAll('[data-action="read-aloud"]');
  }

  function stopButtons() {
    return document.querySelectorAll('[data-action="read-stop"]');
  }

  /** Shows the labels and the stop button that match speech.state. */
  function renderSpeechControls() {
    let label = LABEL_READ;
    if (speech.state === "speaking") {
      label = LABEL_PAUSE;
    } else if (speech.state === "paused") {
      label = LABEL_RESUME;
    }
    readButtons().forEach((button) => {
      button.textContent = label;
      button.setAttribute("aria-busy", speech.state === "starting" ? "true" : "false");
    });

    const active = speech.state !== "idle";
    stopButtons().forEach((button) => {
      // A stop button that is about to disappear hands focus to its read button.
      if (!active && document.activeElement === button) {
        const read = button.parentElement.querySelector('[data-action="read-aloud"]');
        if (read) {
          read.focus();
        }
      }
      button.hidden = !active;
    });
    refreshToolbarTabStops();
  }

  /** Adds a "Dừng đọc" button after each "Đọc bài" button, hidden until reading starts. */
  function addStopButtons() {
    readButtons().forEach((read) => {
      const stop = document.createElement("button");
      stop.type = "button";
      stop.dataset.action = "read-stop";
      stop.textContent = LABEL_STOP;
      stop.hidden = true;
      read.insertAdjacentElement("afterend", stop);
    });
  }

  /** Names the missing Vietnamese voice as the likely cause when there is none. */
  function failureMessage() {
    return speech.voice ? MESSAGE_FAILED : MESSAGE_FAILED_NO_VOICE;
  }

  function speakCurrentChunk() {
    const session = speech.session;
    const utterance = new window.SpeechSynthesisUtterance(speech.chunks[speech.index]);
    utterance.lang = "vi-VN";
    if (speech.voice) {
      utterance.voice = speech.voice;
    }

    utterance.addEventListener("start", () => {
      window.clearTimeout(speech.startTimer);
    });
    utterance.addEventListener("end", () => {
      if (session !== speech.session) {
        return;
      }
      speech.index += 1;
      if (speech.index < speech.chunks.length) {
        speakCurrentChunk();
      } else {
        finishSpeech("Đã đọc xong.");
      }
    });
    utterance.addEventListener("error", (event) => {
      // Cancelling fires "interrupted" or "canceled" on the utterance that was playing.
      if (session !== speech.session || event.error === "interrupted" || event.error === "canceled") {
        return;
      }
      finishSpeech(failureMessage());
    });

    speech.utterance = utterance;
    window.speechSynthesis.speak(utterance);
  }

  /** Ends the reading session, whether it finished, was stopped or failed. */
  function finishSpeech(message) {
    speech.session += 1;
    window.clearTimeout(speech.startTimer);
    if (speechSupported()) {
      window.speechSynthesis.cancel();
    }
    speech.state = "idle";
    speech.chunks = [];
    speech.index = 0;
    speech.utterance = null;
    renderSpeechControls();
    if (message) {
      announce(message);
    }
  }

  async function startSpeech() {
    if (!speechSupported()) {
      announce(MESSAGE_NO_API);
      return;
    }

    const chunks = splitIntoChunks(textToRead());
    if (chunks.length === 0) {
      announce(MESSAGE_NO_TEXT);
      return;
    }

    speech.state = "starting";
    renderSpeechControls();
    const voices = await loadVoices();
    if (speech.state !== "starting") {
      return; // stopped while waiting for the voice list
    }

    speech.voice = pickVietnameseVoice(voices);
    // Without a Vietnamese voice the utterance still goes out with lang vi-VN, because the
    // engine's default voice may handle it, and the status message names what to install.
    announce(speech.voice ? "Đang đọc bài." : MESSAGE_NO_VOICE);

    speech.chunks = chunks;
    speech.index = 0;
    speech.state = "speaking";
    renderSpeechControls();

    // Clears whatever an earlier session or another script left in the engine's queue.
    window.speechSynthesis.cancel();
    speakCurrentChunk();

    // On a system without a working speech engine, speak() may neither start nor fail.
    const session = speech.session;
    speech.startTimer = window.setTimeout(() => {
      if (session === speech.session && !window.speechSynthesis.speaking) {
        finishSpeech(failureMessage());
      }
    }, START_TIMEOUT_MS);
  }

  /*
   * Pause cancels the engine and remembers the chunk, and resume speaks that chunk again
   * from its start. This needs only speak() and cancel(), because speechSynthesis.pause()
   * and resume() are widely reported to behave differently across engines and platforms
   * (not verified here).
   */
  function pauseSpeech() {
    speech.session += 1;
    window.clearTimeout(speech.startTimer);
    window.speechSynthesis.cancel();
    speech.state = "paused";
    renderSpeechControls();
    announce("Đã tạm dừng.");
  }

  function resumeSpeech() {
    speech.state = "speaking";
    renderSpeechControls();
    announce("Đang đọc tiếp.");
    speakCurrentChunk();
  }

  function pressReadAloud() {
    if (speech.state === "idle") {
      startSpeech();
    } else if (speech.state === "speaking") {
      pauseSpeech();
    } else if (speech.state === "paused") {
      resumeSpeech();
    }
  }

  function stopSpeech() {
    if (speech.state !== "idle") {
      finishSpeech("Đã dừng đọc.");
    }
  }

  // ---------- Toolbar keyboard navigation ----------

  /**
   * Keeps one Tab stop in each toolbar: the last button focused there, or the first
   * visible one. Hidden buttons never hold it.
   */
  function refreshToolbarTabStops() {
    document.querySelectorAll('[role="toolbar"]').forEach((toolbar) => {
      const buttons = visibleToolbarButtons(toolbar);
      let current = buttons.find((button) => button.getAttribute("tabindex") === "0");
      if (!current) {
        current = buttons[0];
      }
      toolbar.querySelectorAll("button").forEach((button) => {
        button.setAttribute("tabindex", button === current ? "0" : "-1");
      });
    });
  }

  function visibleToolbarButtons(toolbar) {
    return Array.from(toolbar.querySelectorAll("button")).filter(
      (button) => !button.hidden && !button.disabled
    );
  }

  function onToolbarKeydown(event) {
    const toolbar = event.currentTarget;
    const buttons = visibleToolbarButtons(toolbar);
    const index = buttons.indexOf(document.activeElement);
    if (index === -1) {
      return;
    }

    let next = -1;
    if (event.key === "ArrowRight" || event.key === "ArrowDown") {
      next = (index + 1) % buttons.length;
    } else if (event.key === "ArrowLeft" || event.key === "ArrowUp") {
      next = (index - 1 + buttons.length) % buttons.length;
    } else if (event.key === "Home") {
      next = 0;
    } else if (event.key === "End") {
      next = buttons.length - 1;
    } else if (event.key === "Escape" && speech.state !== "idle") {
      stopSpeech();
      event.preventDefault();
      return;
    }
    if (next === -1) {
      return;
    }

    event.preventDefault();
    buttons[next].focus();
  }

  function onToolbarFocusin(event) {
    const toolbar = event.currentTarget;
    if (event.target.tagName !== "BUTTON") {
      return;
    }
    toolbar.querySelectorAll("button").forEach((button) => {
      button.setAttribute("tabindex", button === event.target ? "0" : "-1");
    });
  }

  function initToolbars() {
    document.querySelectorAll('[role="toolbar"]').forEach((toolbar) => {
      toolbar.addEventListener("keydown", onToolbarKeydown);
      toolbar.addEventListener("focusin", onToolbarFocusin);
    });
    refreshToolbarTabStops();
  }

  // ---------- Main menu on narrow screens ----------

  /**
   * Adds a "Danh mục" disclosure button before the main menu's list. The stylesheet shows
   * the button and obeys aria-expanded only on narrow screens.
   */
  function initMenuToggle() {
    const nav = document.querySelector(".main-nav");
    const list = nav ? nav.querySelector("ul") : null;
    if (!list) {
      return;
    }
    if (!list.id) {
      list.id = "danh-muc-chinh";
    }

    const toggle = document.createElement("button");
    toggle.type = "button";
    toggle.className = "nav-toggle";
    toggle.textContent = "Danh mục";
    toggle.setAttribute("aria-expanded", "false");
    toggle.setAttribute("aria-controls", list.id);
    toggle.addEventListener("click", () => {
      const expanded = toggle.getAttribute("aria-expanded") === "true";
      toggle.setAttribute("aria-expanded", expanded ? "false" : "true");
    });
    nav.insertBefore(toggle, list);
  }

  // ---------- Buttons ----------

  const ACTIONS = {
    "font-increase": () => changeFontScale(1),
    "font-decrease": () => changeFontScale(-1),
    "font-reset": () => changeFontScale(0),
    contrast: toggleContrast,
    "read-aloud": pressReadAloud,
    "read-stop": stopSpeech,
    print: () => window.print(),
  };

  function onActionClick(event) {
    const button = event.target.closest("button[data-action]");
    if (!button) {
      return;
    }
    const action = ACTIONS[button.dataset.action];
    if (action) {
      action();
    }
  }

  // ---------- Document registry ----------

  /**
   * Wires one registry filter form to the table.registry after it. Each select's name
   * (`hinh_thuc`) matches a data attribute of the rows (`data-hinh-thuc`), whose value may
   * list several values separated by "|". The selected values live in the URL query, so
   * a filtered view can be linked.
   */
  function initRegistry(form) {
    const scope = form.parentElement;
    const table = scope.querySelector("table.registry");
    if (!table) {
      return;
    }
    const count = scope.querySelector(".registry-count");
    const rows = Array.from(table.tBodies).flatMap((body) => Array.from(body.rows));
    const selects = Array.from(form.querySelectorAll("select[name]"));

    const reset = document.createElement("button");
    reset.type = "button";
    reset.className = "registry-reset";
    reset.textContent = "Bỏ lọc";
    form.appendChild(reset);

    const params = new URLSearchParams(window.location.search);
    selects.forEach((select) => {
      const requested = params.get(select.name);
      if (requested !== null && Array.from(select.options).some((option) => option.value === requested)) {
        select.value = requested;
      }
    });

    function rowValues(row, select) {
      const attribute = "data-" + select.name.replace(/_/g, "-");
      return (row.getAttribute(attribute) || "").split("|").map((value) => value.trim());
    }

    function applyFilter() {
      const active = selects.filter((select) => select.value !== "");
      let shownCount = 0;
      rows.forEach((row) => {
        const matches = active.every((select) => rowValues(row, select).includes(select.value));
        row.hidden = !matches;
        if (matches) {
          shownCount += 1;
        }
      });

      if (count) {
        let message = "Hiển thị " + shownCount + " / " + rows.length + " văn bản";
        if (shownCount === 0) {
          message += ". Không có văn bản nào khớp bộ lọc đã chọn.";
        }
        count.textContent = message;
      }
      reset.hidden = active.length === 0;
      refreshScrollContainers();
    }

    function writeQuery() {
      const url = new URL(window.location.href);
      selects.forEach((select) => {
        if (select.value === "") {
          url.searchParams.delete(select.name);
        } else {
          url.searchParams.set(select.name, select.value);
        }
      });
      try {
        window.history.replaceState(window.history.state, "", url.href);
      } catch (error) {
        // replaceState can throw a SecurityError, for example on file: pages, and the
        // filter works without it.
      }
    }

    form.addEventListener("change", () => {
      applyFilter();
      writeQuery();
    });
    form.addEventListener("submit", (event) => event.preventDefault());
    reset.addEventListener("click", () => {
      selects.forEach((select) => {
        select.value = "";
      });
      applyFilter();
      writeQuery();
      // The reset button hides itself, so focus moves to the first filter.
      if (selects.length > 0) {
        selects[0].focus();
      }
    });

    form.hidden = false;
    applyFilter();
  }

  // ---------- Table scroll containers ----------

  const scrollContainers = [];

  /**
   * Wraps each table in <main> that has no .table-scroll container yet in one, named after
   * the table's caption like the containers that the templates write.
   */
  function wrapTables() {
    document.querySelectorAll("main table").forEach((table) => {
      if (table.parentElement.classList.contains("table-scroll")) {
        scrollContainers.push(table.parentElement);
        return;
      }
      const caption = table.querySelector("caption");
      const container = document.createElement("div");
      container.className = "table-scroll";
      container.setAttribute("role", "region");
      container.setAttribute("aria-label", caption ? caption.textContent.trim() : "Bảng dữ liệu");
      table.parentElement.insertBefore(container, table);
      container.appendChild(table);
      scrollContainers.push(container);
    });

    refreshScrollContainers();
    if ("ResizeObserver" in window) {
      const observer = new ResizeObserver(refreshScrollContainers);
      scrollContainers.forEach((container) => observer.observe(container));
    } else {
      window.addEventListener("resize", refreshScrollContainers);
    }
  }

  /**
   * Puts a container in the Tab order only while its table overflows, so keyboard users
   * can scroll it and a table that fits adds no Tab stop.
   */
  function refreshScrollContainers() {
    scrollContainers.forEach((container) => {
      if (container.scrollWidth > container.clientWidth + 1) {
        container.setAttribute("tabindex", "0");
      } else {
        container.removeAttribute("tabindex");
      }
    });
  }

  // ---------- Start ----------

  function init() {
    applyContrast(storedContrast());
    addStopButtons();
    initToolbars();
    initMenuToggle();
    document.addEventListener("click", onActionClick);

    document.querySelectorAll("form.registry-filter").forEach(initRegistry);
    wrapTables();

    if (speechSupported()) {
      // Requesting the voice list now lets browsers that load it asynchronously have it
      // ready by the first press.
      window.speechSynthesis.getVoices();
      // Leaving the page ends the reading, and a page restored from the back-forward cache
      // starts idle.
      window.addEventListener("pagehide", () => finishSpeech(""));
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
