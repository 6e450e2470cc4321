// Quote-unlocked toasts. The server sends HX-Trigger {"quote-unlocked": {"quotes": [{text, speaker}]}};
// each quote gets a toast in the #toasts live region: the line, its speaker, a link to the gallery.
// Dismiss with its button or Escape; it hides itself after a while unless hovered or focused.
(function () {
  "use strict";

  var SHOW_MS = 10000;

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function dismiss(toast) {
    if (!toast.parentNode) return;
    toast.classList.add("toast-leaving");
    setTimeout(function () { toast.remove(); }, 200);
  }

  function autoHide(toast) {
    var timer = null;
    function start() { stop(); timer = setTimeout(function () { dismiss(toast); }, SHOW_MS); }
    function stop() { if (timer) clearTimeout(timer); timer = null; }
    toast.addEventListener("mouseenter", stop);
    toast.addEventListener("mouseleave", start);
    toast.addEventListener("focusin", stop);
    toast.addEventListener("focusout", start);
    start();
  }

  function galleryUrl() {
    var link = document.querySelector(".main-nav a[href$='/quotes/']");
    return link ? link.getAttribute("href") : "/quotes/";
  }

  function showQuote(quote) {
    var box = document.getElementById("toasts");
    if (!box || !quote || !quote.text) return;
    var toast = element("div", "toast toast-quote");
    toast.setAttribute("data-armed", "1"); // timing handled here, not by app.js
    var body = element("div", "toast-quote-body");
    body.appendChild(element("p", "toast-quote-label", "Quote unlocked"));
    var figure = element("figure", "toast-quote-figure");
    var line = element("blockquote", "toast-quote-text");
    line.appendChild(element("p", "", "“" + quote.text + "”"));
    figure.appendChild(line);
    figure.appendChild(element("figcaption", "toast-quote-speaker", "— " + (quote.speaker || "")));
    body.appendChild(figure);
    var link = element("a", "toast-quote-link", "See your quotes");
    link.href = galleryUrl();
    body.appendChild(link);
    var close = element("button", "toast-close", "×");
    close.type = "button";
    close.setAttribute("data-dismiss", "toast");
    close.setAttribute("aria-label", "Dismiss quote");
    close.addEventListener("click", function (event) { event.stopPropagation(); dismiss(toast); });
    toast.appendChild(body);
    toast.appendChild(close);
    box.appendChild(toast);
    autoHide(toast);
  }

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var toasts = document.querySelectorAll("#toasts .toast-quote");
    if (toasts.length) dismiss(toasts[toasts.length - 1]);
  });

  document.addEventListener("DOMContentLoaded", function () {
    document.body.addEventListener("quote-unlocked", function (event) {
      var detail = event.detail || {};
      (detail.quotes || []).forEach(showQuote);
    });
  });
})();
