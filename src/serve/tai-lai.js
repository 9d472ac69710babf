// Live reload for `trangtin serve`: reloads the page after a rebuild and shows build errors
// over the page until the next good build. Served only by the preview server.
(function () {
  "use strict";
  var overlayId = "trangtin-loi-dung";

  function showError(text) {
    var box = document.getElementById(overlayId);
    if (!box) {
      box = document.createElement("section");
      box.id = overlayId;
      box.setAttribute("role", "alert");
      box.setAttribute("aria-label", "Lỗi khi dựng trang");
      box.style.cssText =
        "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;" +
        "margin:0;padding:1rem 1.25rem;background:#fff4f4;color:#5c0000;border-top:4px solid #b00020;" +
        "font:14px/1.5 monospace;white-space:pre-wrap;box-shadow:0 -2px 12px rgba(0,0,0,.3)";
      document.body.appendChild(box);
    }
    box.textContent = "Không dựng được trang; trang đang xem là bản dựng tốt gần nhất.\n\n" + text;
  }

  if (!("EventSource" in window)) {
    return;
  }
  var source = new EventSource("/__trangtin/su-kien");
  source.addEventListener("reload", function () {
    window.location.reload();
  });
  source.addEventListener("loi", function (event) {
    showError(event.data);
  });
})();
