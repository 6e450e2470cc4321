// /data/: a progress bar while an upload is read and while an import is written. The form
// submits as a normal page (it works without this file); while the browser waits for the
// answer, this polls the server's progress for the form's token and draws it.
(function () {
  "use strict";

  function poll(form, box) {
    var bar = box.querySelector("progress");
    var label = box.querySelector(".progress-label");
    var url = form.getAttribute("data-progress-url");
    function tick() {
      fetch(url, { credentials: "same-origin", cache: "no-store" })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (state) {
          if (state && state.percent > 0) {
            bar.value = state.percent;
            label.textContent = state.label + "… " + state.percent + "%";
          }
        })
        .catch(function () { /* the page is leaving; nothing to do */ })
        .then(function () { setTimeout(tick, 400); });
    }
    setTimeout(tick, 300);
  }

  document.addEventListener("submit", function (event) {
    var form = event.target.closest("form.progress-form");
    if (!form || event.defaultPrevented) return;
    var box = form.querySelector(".import-progress");
    if (!box) return;
    box.hidden = false;
    var button = form.querySelector("button[type=submit]");
    if (button) setTimeout(function () { button.disabled = true; }, 0);
    poll(form, box);
  });

  // Back from the next page (bfcache): the form is usable again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form.progress-form").forEach(function (form) {
      var box = form.querySelector(".import-progress");
      if (box) box.hidden = true;
      var button = form.querySelector("button[type=submit]");
      if (button) button.disabled = false;
    });
  });
})();
