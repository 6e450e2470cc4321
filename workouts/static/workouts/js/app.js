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

  // Toasts, the one notification region (#toasts): Django messages rendered by the server, on
  // the page or out of band in an htmx response. Each hides itself after a while (a quote after
  // longer) unless hovered or focused; its button, or Escape for the newest quote, dismisses it.
  var SHOW_MS = 7000, QUOTE_MS = 10000;

  function dismiss(toast) {
    if (!toast.parentNode) return;
    toast.classList.add("toast-leaving");
    setTimeout(function () { toast.remove(); }, 200);
  }

  // `root` may be a toast itself: htmx fires htmx:load on each toast an out-of-band swap adds.
  function armToasts(root) {
    var toasts = Array.prototype.slice.call(root.querySelectorAll(".toast:not([data-armed])"));
    if (root.matches && root.matches(".toast:not([data-armed])")) toasts.push(root);
    toasts.forEach(function (toast) {
      if (toast.closest("template")) return;
      toast.setAttribute("data-armed", "1");
      var delay = toast.classList.contains("toast-quote") ? QUOTE_MS : SHOW_MS;
      var timer = null;
      function start() { stop(); timer = setTimeout(function () { dismiss(toast); }, delay); }
      function stop() { if (timer) clearTimeout(timer); timer = null; }
      toast.addEventListener("mouseenter", stop);
      toast.addEventListener("mouseleave", start);
      toast.addEventListener("focusin", stop);
      toast.addEventListener("focusout", start);
      start();
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-dismiss=toast]");
    if (button) button.closest(".toast").remove();
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var quotes = document.querySelectorAll("#toasts .toast-quote");
    if (quotes.length) dismiss(quotes[quotes.length - 1]);
  });

  // A notice only the browser can give (the server was never reached): the same markup as a
  // server message, cloned from #toast-template.
  function showToast(text, level) {
    var box = document.getElementById("toasts");
    var template = document.getElementById("toast-template");
    if (!box || !template || !text) return null;
    var toast = template.content.firstElementChild.cloneNode(true);
    toast.classList.add("toast-" + (level || "info"));
    toast.querySelector("p").textContent = text;
    box.appendChild(toast);
    armToasts(box);
    return toast;
  }
  window.Montage = window.Montage || {};
  window.Montage.showToast = showToast;
  window.Montage.armToasts = armToasts;

  function init(root) {
    detectTimeZone(root);
    armToasts(root);
  }

  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:load", function (event) { init(event.detail.elt); });
})();

// A request that never reached the server (no signal in the gym) or failed there: htmx swaps
// nothing, so what was typed stays in the form; say so, and how to retry.
(function () {
  "use strict";
  function warn(text) {
    if (window.Montage && window.Montage.showToast) window.Montage.showToast(text, "error");
  }
  document.addEventListener("htmx:sendError", function (event) {
    // A set form on the logging page: offline.js keeps the set on this device instead.
    var elt = event.detail.elt;
    if (elt && elt.matches && elt.matches("#entries form.set-form[id^='set-form-']") && window.Montage.offlineQueue) return;
    warn("Not saved: no connection. Your entry is still in the form; try again when you have signal.");
  });
  document.addEventListener("htmx:responseError", function (event) {
    var status = event.detail.xhr ? event.detail.xhr.status : 0;
    if (status >= 500) warn("Not saved: the server had a problem. Your entry is still in the form; try again.");
  });
})();
