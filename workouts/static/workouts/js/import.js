// /data/: a progress bar while an upload is read and while an import is written.
// Without this file the forms are plain posts. With it, the form is posted with fetch so the
// page stays alive to poll the server's progress for the form's token and draw it; the server
// answers {"location": ...} when done, or the page to show (a refusal) which replaces this one.
(function () {
  "use strict";

  function poller(form, box) {
    var bar = box.querySelector("progress");
    var label = box.querySelector(".progress-label");
    var url = form.getAttribute("data-progress-url");
    var stopped = false;
    function tick() {
      if (stopped) return;
      fetch(url, { credentials: "same-origin", cache: "no-store" })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (state) {
          if (!stopped && state && state.percent > 0) {
            bar.value = state.percent;
            label.textContent = state.label + "… " + state.percent + "%";
          }
        })
        .catch(function () { /* try again on the next tick */ })
        .then(function () { if (!stopped) setTimeout(tick, 400); });
    }
    setTimeout(tick, 200);
    return function () { stopped = true; };
  }

  function showPage(html) {
    document.open();
    document.write(html);
    document.close();
  }

  document.addEventListener("submit", function (event) {
    var form = event.target.closest("form.progress-form");
    if (!form || event.defaultPrevented || !window.fetch || !window.FormData) return;
    var box = form.querySelector(".import-progress");
    if (!box) return;
    event.preventDefault();
    var button = form.querySelector("button[type=submit]");
    if (button) button.disabled = true;
    box.hidden = false;
    var stop = poller(form, box);
    fetch(form.action, {
      method: "POST", body: new FormData(form), credentials: "same-origin",
      headers: { "X-Montage-Progress": "1" }
    }).then(function (response) {
      var json = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
      return (json ? response.json() : response.text()).then(function (body) {
        stop();
        if (json && body.location) {
          box.querySelector("progress").value = 100;
          window.location.assign(body.location);
        } else {
          showPage(body);
        }
      });
    }).catch(function () {
      stop();
      box.querySelector(".progress-label").textContent =
        "The connection was lost. Nothing is half-saved: reload this page to see where it stands.";
      if (button) button.disabled = false;
    });
  });
})();
