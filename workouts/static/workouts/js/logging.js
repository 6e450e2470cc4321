// The logging page: focus after a save, fill a row from last time or the target, rest timer.
(function () {
  "use strict";

  // The fields "fill from last time" fills: the measures table's list, from the form's json_script.
  function fillFields(form) {
    var data = form.querySelector(".set-fields > script[type='application/json']");
    return data ? JSON.parse(data.textContent) : [];
  }

  // Move focus only if the user has not put it somewhere else meanwhile: after a swap it is on
  // <body> (the focused form was replaced) or still inside the element we are updating.
  function focusIsFree(within) {
    var active = document.activeElement;
    return !active || active === document.body || (within && within.contains(active));
  }

  function firstInput(form) {
    return form && form.querySelector(".set-fields input:not([type=hidden])");
  }

  // After a set is saved the form is replaced: focus its first field (or the first error).
  document.addEventListener("htmx:afterSettle", function (event) {
    var config = event.detail.requestConfig;
    var source = config && config.elt;
    if (!source || !source.classList || !source.classList.contains("set-form")) return;
    var form = document.getElementById(source.id);
    if (!form || !focusIsFree(form)) return;
    var target = form.querySelector(".field-invalid input") || firstInput(form);
    if (target) target.focus();
  });

  // A new exercise card arrives at the end of the list. The search is cleared on the swap
  // itself (by settling, the next search may already be typed); the card is brought into view
  // and focused once settled, when htmx has wired up its form (a submit before then would be a
  // plain page post).
  document.addEventListener("htmx:afterSwap", function (event) {
    if (!event.detail.elt || event.detail.elt.id !== "entries") return;
    var results = document.getElementById("exercise-search-results");
    var q = document.getElementById("exercise-q");
    if (q) q.value = "";
    if (results) results.textContent = "";
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    var elt = event.detail.elt;
    if (!elt || elt.id !== "entries") return;
    var entry = elt.lastElementChild;
    if (!entry || !focusIsFree(entry)) return;
    if (entry.scrollIntoView) entry.scrollIntoView({ block: "start" });
    var input = firstInput(entry.querySelector(".set-form"));
    if (input) input.focus({ preventScroll: true });
  });

  // Editing and deleting a set replace the element that had focus; put focus back somewhere
  // sensible instead of letting it fall to <body>: the form's first field when an edit opens,
  // the set's Edit link once the edit is saved or cancelled, a neighbouring set (or the new-set
  // form) after a delete.
  var pending = null;

  function setIdOf(element) {
    var row = element.closest && element.closest(".set-row");
    return row ? row.id : null;
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail.elt;
    if (!elt || !elt.closest) return;
    var rowId = setIdOf(elt);
    if (!rowId) return;  // another request (a totals refresh): leave any pending focus alone
    var row = document.getElementById(rowId);
    if (row.classList.contains("set-row-editing")) {
      pending = { kind: "edited", rowId: rowId, elt: elt };
    } else if (elt.matches("a[href$='/edit/']")) {
      pending = { kind: "opened", rowId: rowId, elt: elt };
    } else if (elt.matches("form")) {
      var list = row.parentElement;
      pending = { kind: "deleted", listId: list && list.id, elt: elt,
                  index: Array.prototype.indexOf.call(list ? list.children : [], row),
                  entry: row.closest(".entry") && row.closest(".entry").id };
    }
  });

  function editLink(row) {
    return row && row.querySelector(".set-actions a");
  }

  document.addEventListener("htmx:afterSettle", function (event) {
    var want = pending;
    var config = event.detail.requestConfig;
    if (!want || !config || config.elt !== want.elt) return;  // settled by another request
    pending = null;
    if (!focusIsFree(null)) return;
    var target = null;
    if (want.kind === "opened" || want.kind === "edited") {
      var row = document.getElementById(want.rowId);
      if (!row) return;
      target = row.classList.contains("set-row-editing")
        ? row.querySelector(".field-invalid input") || row.querySelector("input:not([type=hidden])")
        : editLink(row);
    } else if (want.kind === "deleted") {
      var list = document.getElementById(want.listId);
      var rows = list ? list.children : [];
      var neighbour = rows[Math.min(want.index, rows.length - 1)];
      target = editLink(neighbour);
      if (!target && want.entry) {
        var entry = document.getElementById(want.entry);
        target = entry && firstInput(entry.querySelector(".set-form"));
      }
    }
    if (target) target.focus();
  });

  // Escape cancels an edit (the Cancel link, so it works the same as a click).
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !event.target.closest) return;
    var row = event.target.closest(".set-row-editing");
    if (!row) return;
    var cancel = row.querySelector(".set-buttons a");
    if (!cancel) return;
    event.preventDefault();
    cancel.click();
  });

  // "Fill from last time" / "Fill from target": the button names the json_script block that
  // holds the rows (one per set, in the user's units).
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-fill]");
    if (!button) return;
    var form = document.getElementById(button.getAttribute("data-fill-for"));
    if (!form) return;
    var rows;
    var data = document.getElementById(button.getAttribute("data-fill"));
    if (!data) return;
    try { rows = JSON.parse(data.textContent); } catch (e) { return; }
    if (!rows || !rows.length) return;
    var index = parseInt(form.getAttribute("data-next-index") || "0", 10);
    var row = rows[Math.min(index, rows.length - 1)];
    fillFields(form).forEach(function (name) {
      var input = form.querySelector("input[name$='-" + name + "']");
      if (input && row[name] !== undefined && row[name] !== "") input.value = row[name];
    });
    var first = firstInput(form);
    if (first) first.focus();
  });

  // Rest timer: starts on "set-logged" with the prescribed rest, else the user's default.
  var timer = { end: 0, total: 0, handle: null };

  function el(selector) { return document.querySelector(selector); }

  function fmt(seconds) {
    seconds = Math.max(0, Math.ceil(seconds));
    var m = Math.floor(seconds / 60), s = seconds % 60;
    return m + ":" + (s < 10 ? "0" : "") + s;
  }

  function beep() {
    try {
      var Ctx = window.AudioContext || window.webkitAudioContext;
      if (!Ctx) return;
      var ctx = new Ctx();
      var osc = ctx.createOscillator();
      var gain = ctx.createGain();
      osc.frequency.value = 880;
      gain.gain.value = 0.15;
      osc.connect(gain);
      gain.connect(ctx.destination);
      osc.start();
      osc.stop(ctx.currentTime + 0.35);
    } catch (e) { /* sound is a nicety */ }
  }

  function tick() {
    var box = el("#rest-timer");
    if (!box) return;
    var left = (timer.end - Date.now()) / 1000;
    el("[data-rest-clock]").textContent = fmt(left);
    var bar = el("[data-rest-bar]");
    if (bar) bar.style.width = Math.max(0, Math.min(100, (left / timer.total) * 100)) + "%";
    if (left <= 0) {
      stop();
      beep();
      if (navigator.vibrate) navigator.vibrate([200, 100, 200]);
      box.hidden = false;
      box.classList.add("rest-done");
      el("[data-rest-clock]").textContent = "Go!";
      setTimeout(function () { box.hidden = true; box.classList.remove("rest-done"); }, 4000);
    }
  }

  function start(seconds) {
    var box = el("#rest-timer");
    if (!box || !seconds) return;
    stop();
    timer.total = seconds;
    timer.end = Date.now() + seconds * 1000;
    box.classList.remove("rest-done");
    box.hidden = false;
    tick();
    timer.handle = setInterval(tick, 250);
  }

  function stop() {
    if (timer.handle) clearInterval(timer.handle);
    timer.handle = null;
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.body.addEventListener("set-logged", function (event) {
      start(parseInt(event.detail.rest, 10) || 0);
    });
    // A set kept on this device while offline (offline.js): rest all the same.
    document.body.addEventListener("set-queued", function (event) {
      start(parseInt(event.detail.rest, 10) || 0);
    });
  });

  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-rest-skip]")) {
      stop();
      el("#rest-timer").hidden = true;
    }
    var add = event.target.closest("[data-rest-add]");
    if (add && timer.handle) {
      var extra = parseInt(add.getAttribute("data-rest-add"), 10) * 1000;
      timer.end += extra;
      timer.total += extra / 1000;
      tick();
    }
  });
})();
