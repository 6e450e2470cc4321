// Montage site-wide behaviour. No inline scripts anywhere: everything lives in static files.
(function () {
  "use strict";

  // Fill a hidden time-zone field (sign-up) from the browser's own zone.
  function detectTimeZone(root) {
    var zone;
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
    if (!zone) return;
    root.querySelectorAll("input[name=time_zone][type=hidden]").forEach(function (input) {
      if (!input.value) input.value = zone;
    });
  }

  // Toasts: dismiss on click, fade out on their own.
  function armToasts(root) {
    root.querySelectorAll(".toast:not([data-armed])").forEach(function (toast) {
      toast.setAttribute("data-armed", "1");
      var timer = setTimeout(function () { toast.remove(); }, 7000);
      toast.addEventListener("mouseenter", function () { clearTimeout(timer); });
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-dismiss=toast]");
    if (button) button.closest(".toast").remove();
  });

  // Toasts announced by the server through HX-Trigger: {"toast": {"text": "...", "level": "..."}}

  function showToast(text, level, extraClass) {
    var box = document.getElementById("toasts");
    if (!box || !text) return null;
    var toast = document.createElement("div");
    toast.className = "toast toast-" + (level || "info") + (extraClass ? " " + extraClass : "");
    var p = document.createElement("p");
    p.textContent = text;
    var close = document.createElement("button");
    close.type = "button";
    close.className = "toast-close";
    close.setAttribute("data-dismiss", "toast");
    close.setAttribute("aria-label", "Dismiss");
    close.textContent = "×";
    toast.appendChild(p);
    toast.appendChild(close);
    box.appendChild(toast);
    armToasts(box);
    return toast;
  }
  window.Montage = window.Montage || {};
  window.Montage.showToast = showToast;

  function init(root) {
    detectTimeZone(root);
    armToasts(root);
  }

  document.addEventListener("DOMContentLoaded", function () {
    init(document);
    document.body.addEventListener("toast", function (event) {
      showToast(event.detail.text, event.detail.level);
    });
  });
  document.addEventListener("htmx:load", function (event) { init(event.detail.elt); });
})();

// A request that never reached the server (no signal in the gym) or failed there: htmx swaps
// nothing, so what was typed stays in the form; say so, and how to retry.
(function () {
  "use strict";
  function warn(text) {
    if (window.Montage && window.Montage.showToast) window.Montage.showToast(text, "error");
  }
  document.addEventListener("htmx:sendError", function () {
    warn("Not saved: no connection. Your entry is still in the form; try again when you have signal.");
  });
  document.addEventListener("htmx:responseError", function (event) {
    var status = event.detail.xhr ? event.detail.xhr.status : 0;
    if (status >= 500) warn("Not saved: the server had a problem. Your entry is still in the form; try again.");
  });
})();
