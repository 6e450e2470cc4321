// Working with no signal (issue 13).
//
// On every page: registers the service worker (/sw.js), shows the offline banner (also on a
// page copy the worker served, with the copy's time), sends the sets queued on this device when
// the connection is back and on every page load, asks where they go when their session was
// deleted or finished on another device, and warns before a log-out drops them.
//
// On the logging page: a set saved with no connection (or while earlier ones wait) goes into
// the queue and appears at once as a pending row, which can be edited or deleted here.
//
// The queue is IndexedDB (idb, from npm): one record per set, keyed by the set's idempotency
// key and tied to the account (the user's id). It is sent, in the order the sets were saved,
// to the logging page's own set endpoint (the form fields as typed, so units are read by the
// same form as online, and the same idempotency key: a set sent twice is stored once); the
// JSON API, with the login cookie and CSRF, checks the session and makes a new one if asked.
(function () {
  "use strict";

  var body = document.body;
  var user = body.getAttribute("data-user");
  var html = document.documentElement;
  var isCopy = html.hasAttribute("data-offline-copy");
  var entriesBox = document.getElementById("entries");
  var page = entriesBox && {
    session: parseInt(entriesBox.getAttribute("data-session"), 10),
    open: entriesBox.getAttribute("data-open") === "1",
    title: entriesBox.getAttribute("data-title") || "",
  };
  var Montage = window.Montage = window.Montage || {};

  function plural(n, one, many) { return n + " " + (n === 1 ? one : many); }

  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    return Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
  }

  // ---------- the queue (IndexedDB) ----------

  var STORE = "sets";
  var dbPromise = null;

  function db() {
    if (!window.idb) return Promise.reject(new Error("IndexedDB unavailable"));
    if (!dbPromise) {
      dbPromise = window.idb.openDB("montage-offline", 1, {
        upgrade: function (database) {
          database.createObjectStore(STORE, { keyPath: "key" }).createIndex("user", "user");
        },
      });
    }
    return dbPromise;
  }

  var queue = {
    all: function () {
      if (!user) return Promise.resolve([]);
      return db().then(function (d) { return d.getAllFromIndex(STORE, "user", user); })
        .then(function (items) { return items.sort(function (a, b) { return a.seq - b.seq; }); });
    },
    put: function (item) { return db().then(function (d) { return d.put(STORE, item); }); },
    remove: function (key) { return db().then(function (d) { return d.delete(STORE, key); }); },
  };
  Montage.offlineQueue = queue;

  var lastSeq = 0;
  function nextSeq() {
    lastSeq = Math.max(Date.now() * 1000, lastSeq + 1);
    return lastSeq;
  }

  // ---------- service worker and banner ----------

  // Registered once the page has loaded, so that installing it (it fetches every static file
  // to keep) never competes with the page's own first load. Asked to update on every page load
  // (Chromium may wait far longer by itself), so a new release takes over as soon as it is
  // deployed. Offline, the check fails quietly.
  function registerWorker() {
    navigator.serviceWorker.register("/sw.js", { scope: "/", updateViaCache: "none" })
      .then(function (registration) {
        if (navigator.onLine && !isCopy) return registration.update();
      })
      .catch(function () { /* the site works without it, only not offline */ });
  }
  if ("serviceWorker" in navigator) {
    if (document.readyState === "complete") registerWorker();
    else window.addEventListener("load", registerWorker);
  }

  function showBanner() {
    var box = document.getElementById("offline-banner");
    if (!box) return;
    var offline = isCopy || !navigator.onLine;
    box.hidden = !offline;
    if (!offline) return;
    var text = isCopy
      ? "Offline: this is the copy of this page from " + html.getAttribute("data-copy-time") + "."
      : "Offline.";
    if (page) text += " Sets you save are kept on this device and sent when the connection returns.";
    box.querySelector("[data-offline-text]").textContent = text;
  }

  // A copy may be out of date (and its user too): once the server answers, load the live
  // page, which then sends the queue. Asked first, so a flaky signal never reloads into an
  // error; asked again, less and less often, until it answers.
  var probeDelay = 0;
  var probing = false;
  function reloadWhenReachable() {
    if (probing || !navigator.onLine) return;
    probing = true;
    fetch("/manifest.webmanifest", { cache: "no-store", credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error("status " + response.status);
        window.location.reload();
      })
      .catch(function () {
        probing = false;
        probeDelay = Math.min(probeDelay ? probeDelay * 2 : 1000, 30000);
        setTimeout(reloadWhenReachable, probeDelay);
      });
  }

  window.addEventListener("offline", showBanner);
  window.addEventListener("online", function () {
    if (isCopy) { reloadWhenReachable(); return; }
    showBanner();
    sync();
  });
  if (isCopy) reloadWhenReachable();

  // ---------- log-out: the queue and the page copies belong to this account ----------

  function forgetPages() {
    if (!window.caches) return Promise.resolve();
    return caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("montage-pages-") === 0;
      }).map(function (name) { return caches.delete(name); }));
    }).catch(function () {});
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-logout]")) return;
    event.preventDefault();
    queue.all().catch(function () { return []; }).then(function (items) {
      if (items.length && !window.confirm(
        plural(items.length, "set", "sets") + " logged on this device " +
        (items.length === 1 ? "has" : "have") + " not been sent yet. " +
        "Log out and discard " + (items.length === 1 ? "it" : "them") + "?")) return;
      Promise.all(items.map(function (item) { return queue.remove(item.key); }))
        .catch(function () {})
        .then(forgetPages)
        .then(function () { form.submit(); });
    });
  }, true);

  // ---------- sending the queue ----------

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) return decodeURIComponent(match[1]);
    try { return JSON.parse(body.getAttribute("hx-headers"))["X-CSRFToken"]; } catch (e) { return ""; }
  }

  function api(method, path, payload, key) {
    var headers = { Accept: "application/json", "X-CSRFToken": csrfToken() };
    if (payload) headers["Content-Type"] = "application/json";
    if (key) headers["Idempotency-Key"] = key;
    return fetch("/api/v1" + path, {
      method: method, headers: headers, credentials: "same-origin", redirect: "manual",
      body: payload ? JSON.stringify(payload) : undefined,
    });
  }

  function parse(text) { return new DOMParser().parseFromString(text, "text/html"); }

  var syncing = false;
  var again = false;  // a set was queued during a round: send it when the round ends
  var retryDelay = 0;
  var retryTimer = null;

  function retryLater() {
    retryDelay = Math.min(retryDelay ? retryDelay * 2 : 2000, 60000);
    clearTimeout(retryTimer);
    retryTimer = setTimeout(function () { retryTimer = null; sync(); }, retryDelay);
  }

  function Gone() {}

  function sync() {
    if (syncing) { again = true; return Promise.resolve(); }
    if (!user || isCopy || !navigator.onLine) return Promise.resolve();
    syncing = true;
    again = false;
    recordSets = 0;
    savedSets = 0;
    return queue.all().then(function (items) {
      var waiting = items.filter(function (item) { return item.state === "pending"; });
      var sessions = [];
      waiting.forEach(function (item) {
        if (sessions.indexOf(item.session) < 0) sessions.push(item.session);
      });
      return sessions.reduce(function (chain, session) {
        return chain.then(function () {
          return sendSession(session, waiting.filter(function (i) { return i.session === session; }));
        });
      }, Promise.resolve());
    }).then(function () {
      retryDelay = 0;
      return again;
    }, function () {
      retryLater();
      return false;
    }).then(function (more) {
      syncing = false;
      var saved = savedSets;  // also those sent before a failure stopped the round
      if (saved && page && window.htmx) window.htmx.trigger(body, "set-changed");
      if (saved && Montage.showToast) {
        Montage.showToast(plural(saved, "set", "sets") + " logged on this device saved" +
          (recordSets ? ", " + recordSets + " with a new record" : "") + ".", "success");
      }
      if (more) return sync();
    });
  }
  Montage.syncOffline = sync;

  function pending() { return queue.all().catch(function () { return []; }); }

  // One session's sets: first ask the API whether the session is still there and open.
  function sendSession(session, items) {
    return api("GET", "/sessions/" + session).then(function (response) {
      if (response.status === 404) { askWhere("deleted", session, null); return; }
      if (!response.ok) throw new Error("session check: " + response.status);
      return response.json().then(function (data) {
        if (data.finished_at && items.some(function (i) { return i.sessionOpen; })) {
          askWhere("finished", session, data);
          return;
        }
        return items.reduce(function (chain, item) {
          return chain.then(function () { return sendSet(item); });
        }, Promise.resolve()).catch(function (error) {
          if (error instanceof Gone) { askWhere("deleted", session, null); return; }
          throw error;
        });
      });
    });
  }

  function sendSet(item) {
    var form = new FormData();
    Object.keys(item.fields).forEach(function (name) {
      form.append("e" + item.entry + "-" + name, item.fields[name]);
    });
    form.append("idempotency_key", item.key);
    return fetch("/entries/" + item.entry + "/sets/", {
      method: "POST", body: form, credentials: "same-origin", redirect: "manual",
      headers: { "HX-Request": "true", "X-CSRFToken": csrfToken() },
    }).then(function (response) {
      if (response.status === 200) {
        return response.text().then(function (text) {
          return queue.remove(item.key).then(function () {
            savedSets += 1;
            delete shown[item.key];
            savedRow(item, parse(text));
            return true;
          });
        });
      }
      if (response.status === 422) {
        return response.text().then(function (text) {
          var doc = parse(text);
          var errors = Array.prototype.map.call(doc.querySelectorAll(".field-error"),
            function (p) { return p.textContent.trim(); });
          item.state = "refused";
          item.error = errors.join(" ") || "check the values.";
          item.asks = asksIn(doc);
          return queue.put(item).then(function () {
            if (page && item.session === page.session) shown[item.key] = item;
            showPending(item);
            return false;
          });
        });
      }
      if (response.status === 404) throw new Gone();
      throw new Error("set: " + response.status);  // 5xx, logged out (204/3xx), CSRF: later
    });
  }

  // An implausible value the server asks about (SetForm's questions): its tick box, which
  // confirms that value as typed. Kept with a refused set, offered again when it is edited.
  function asksIn(doc) {
    return Array.prototype.map.call(doc.querySelectorAll(".field-confirm input"), function (box) {
      return { name: box.name.replace(/^e\d+-/, ""), value: box.value,
               label: box.parentNode.textContent.trim() };
    });
  }

  function addAsks(form, asks) {
    (asks || []).forEach(function (ask) {
      var field = form.querySelector("input[name$='-" + ask.name.replace(/^confirm_/, "") + "']");
      var label = document.createElement("label");
      label.className = "field-confirm";
      var box = document.createElement("input");
      box.type = "checkbox";
      box.name = ask.name;
      box.value = ask.value;
      label.append(box, " " + ask.label);
      (field ? field.closest(".set-field") : form.querySelector(".set-fields")).appendChild(label);
    });
  }

  // Quotes are announced one by one as their sets arrive; records, shown as badges on the
  // rows, are counted into one message at the end of the round instead of a toast per set.
  var recordSets = 0;
  var savedSets = 0;

  function savedRow(item, doc) {
    var toasts = document.getElementById("toasts");
    doc.querySelectorAll("#toasts .toast").forEach(function (toast) {
      if (!toast.classList.contains("toast-quote")) {
        if (/^New record/.test(toast.textContent.trim())) recordSets += 1;
        else if (toasts) toasts.appendChild(document.importNode(toast, true));
        return;
      }
      if (toasts) toasts.appendChild(document.importNode(toast, true));
    });
    if (toasts && Montage.armToasts) Montage.armToasts(toasts);
    var row = document.getElementById("pending-" + item.key);
    var fresh = doc.querySelector("li.set-row");
    if (!row || !fresh) return;
    fresh = document.importNode(fresh, true);
    row.replaceWith(fresh);
    if (window.htmx) window.htmx.process(fresh);
  }

  // ---------- conflicts: the session was deleted or finished on another device ----------

  function askWhere(kind, session, data) {
    if (document.querySelector(".sync-conflict")) return;
    var template = document.getElementById("sync-conflict-template");
    if (!template) return;
    pending().then(function (all) {
      var items = all.filter(function (i) { return i.session === session && i.state === "pending"; });
      if (!items.length) return;
      var box = template.content.firstElementChild.cloneNode(true);
      box.setAttribute("data-session", session);
      var sets = plural(items.length, "set", "sets");
      var title = (data && data.title) || items[0].title || "this session";
      var text;
      if (kind === "deleted") {
        text = "“" + title + "” was deleted on another device. The " + sets +
          " logged here are kept on this device until you choose.";
        box.querySelector("[data-conflict=keep]").remove();
      } else {
        var when = new Date(data.finished_at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
        text = "“" + title + "” was finished on another device at " + when + ". The " + sets +
          " logged here are kept on this device until you choose.";
      }
      box.querySelector("[data-conflict-text]").textContent = text;
      box.addEventListener("click", function (event) {
        var button = event.target.closest("[data-conflict]");
        if (!button) return;
        var buttons = box.querySelectorAll("button");
        buttons.forEach(function (b) { b.disabled = true; });
        resolve(button.getAttribute("data-conflict"), session, title).then(function () {
          box.remove();
        }, function () {
          buttons.forEach(function (b) { b.disabled = false; });
          if (Montage.showToast) Montage.showToast("That needs a connection; try again when you have signal.", "error");
        });
      });
      var main = document.getElementById("main");
      main.insertBefore(box, main.firstChild);
      box.focus();
    });
  }

  function resolve(choice, session, title) {
    return pending().then(function (all) {
      var items = all.filter(function (i) { return i.session === session && i.state === "pending"; });
      if (choice === "discard") {
        return Promise.all(items.map(function (item) {
          var row = document.getElementById("pending-" + item.key);
          if (row) row.remove();
          delete shown[item.key];
          return queue.remove(item.key);
        })).then(function () {
          if (Montage.showToast) Montage.showToast(plural(items.length, "set", "sets") + " discarded.", "info");
        });
      }
      if (choice === "keep") {
        if (page && page.session === session) page.open = false;
        return Promise.all(items.map(function (item) {
          item.sessionOpen = false;
          if (shown[item.key]) shown[item.key].sessionOpen = false;
          return queue.put(item);
        })).then(sync);
      }
      return moveToNewSession(items, title).then(function (created) {
        if (page && page.session === session) {
          window.location.assign("/sessions/" + created.id + "/");
        } else {
          return sync();
        }
      });
    });
  }

  // A new session with the same exercises, made through the JSON API. The keys come from the
  // first set's, so a retry (a lost answer, a second tap) makes no second session.
  function moveToNewSession(items, title) {
    var base = items[0].key;
    var entries = {};
    function json(response) {
      if (!response.ok) throw new Error("api: " + response.status);
      return response.json();
    }
    return api("POST", "/sessions", { title: (title + " (continued)").slice(0, 120) }, base + ":session")
      .then(json)
      .then(function (created) {
        return items.reduce(function (chain, item) {
          return chain.then(function () {
            if (entries[item.entry]) return null;
            return api("POST", "/sessions/" + created.id + "/entries", { exercise_id: item.exercise },
              base + ":entry:" + item.entry).then(json).then(function (entry) {
              entries[item.entry] = entry.id;
            });
          });
        }, Promise.resolve()).then(function () {
          return Promise.all(items.map(function (item) {
            item.entry = entries[item.entry];
            item.session = created.id;
            item.sessionOpen = true;
            return queue.put(item);
          }));
        }).then(function () { return created; });
      });
  }

  // ---------- the logging page: queue a set, show and edit pending rows ----------

  var shown = {};  // key -> item, the pending sets of this page's session
  var NEW_SET_FORM = "#entries form.set-form[id^='set-form-']";

  function waitingHere() {
    return Object.keys(shown).some(function (key) { return shown[key].state === "pending"; });
  }

  function fieldsOf(form, entry) {
    var fields = {};
    var prefix = "e" + entry + "-";
    form.querySelectorAll("input[name]").forEach(function (input) {
      var name = input.name.indexOf(prefix) === 0 ? input.name.slice(prefix.length) : input.name;
      if (name === "csrfmiddlewaretoken" || name === "idempotency_key") return;
      if (input.type === "checkbox") {
        if (input.checked) fields[name] = input.value || "on";
      } else if (input.value.trim() !== "") {
        fields[name] = input.value.trim();
      }
    });
    return fields;
  }

  function summaryOf(form, fields) {
    var parts = [];
    form.querySelectorAll(".set-fields input:not([type=checkbox])").forEach(function (input) {
      if (!input.value.trim()) return;
      var label = form.querySelector("label[for='" + input.id + "']");
      parts.push((label ? label.textContent.trim() + " " : "") + input.value.trim());
    });
    if (fields.is_warmup) parts.push("warm-up");
    var text = parts.join(" · ");
    if (fields.note) text += " “" + fields.note + "”";
    return text;
  }

  function measuredEmpty(form) {
    var inputs = form.querySelectorAll(".set-fields input:not([type=checkbox])");
    return !Array.prototype.some.call(inputs, function (input) {
      return input.value.trim() !== "" && input.value.trim() !== "0";
    });
  }

  function queueForm(form, key) {
    var card = form.closest(".entry");
    if (!card) return;
    if (measuredEmpty(form)) {
      if (Montage.showToast) Montage.showToast("Enter the set's numbers first.", "error");
      return;
    }
    var entry = parseInt(card.getAttribute("data-entry"), 10);
    var fields = fieldsOf(form, entry);
    var item = {
      key: key || newKey(),
      user: user,
      seq: nextSeq(),
      session: page.session,
      sessionOpen: page.open,
      title: page.title,
      entry: entry,
      exercise: parseInt(card.getAttribute("data-exercise"), 10),
      fields: fields,
      summary: summaryOf(form, fields),
      queuedAt: new Date().toISOString(),
      state: "pending",
    };
    queue.put(item).then(function () {
      shown[item.key] = item;
      showPending(item);
      if (!isCopy && navigator.onLine) sync();
    }, function () {
      if (Montage.showToast) Montage.showToast("Not saved: this browser cannot store it offline. Try again with a connection.", "error");
    });
    // As after a save online: a blank form with a new key, focus back on its first field.
    form.querySelectorAll("input").forEach(function (input) {
      if (input.name === "idempotency_key") input.value = newKey();
      else if (input.type === "checkbox") input.checked = false;
      else if (input.type !== "hidden") input.value = "";
    });
    form.setAttribute("data-next-index", (parseInt(form.getAttribute("data-next-index") || "0", 10) + 1));
    var first = form.querySelector(".set-fields input:not([type=hidden])");
    if (first) first.focus();
    body.dispatchEvent(new CustomEvent("set-queued", { detail: { rest: card.getAttribute("data-rest") } }));
  }

  function showPending(item) {
    var list = document.getElementById("set-list-" + item.entry);
    var template = document.getElementById("pending-row-template");
    if (!list || !template) return;
    var row = document.getElementById("pending-" + item.key);
    var fresh = template.content.firstElementChild.cloneNode(true);
    fresh.id = "pending-" + item.key;
    fresh.setAttribute("data-pending", item.key);
    if (row) row.replaceWith(fresh); else list.appendChild(fresh);
    fresh.classList.toggle("is-warmup", !!item.fields.is_warmup);
    fresh.classList.toggle("set-row-refused", item.state === "refused");
    fresh.querySelector("[data-pending-values]").textContent = item.summary;
    fresh.querySelector("[data-pending-state]").textContent =
      item.state === "refused" ? "Not saved: " + item.error : "Not sent yet";
  }

  function editPending(row) {
    var item = shown[row.getAttribute("data-pending")];
    var card = document.getElementById("entry-" + item.entry);
    var source = card && card.querySelector(".set-form");
    if (!source) return;
    var form = document.createElement("form");
    form.className = "pending-edit";
    form.noValidate = true;
    [".set-fields", ".set-extras"].forEach(function (selector) {
      var part = source.querySelector(selector).cloneNode(true);
      part.querySelectorAll("script, .field-error, .field-confirm").forEach(function (n) { n.remove(); });
      part.querySelectorAll(".field-invalid, .field-asking").forEach(function (n) {
        n.classList.remove("field-invalid", "field-asking");
      });
      form.appendChild(part);
    });
    if (item.state === "refused") addAsks(form, item.asks);
    form.querySelectorAll("input").forEach(function (input) {
      var name = input.name.replace(/^e\d+-/, "");
      var id = "pending-" + item.key + "-" + name;
      var label = form.querySelector("label[for='" + input.id + "']");
      if (label) label.htmlFor = id;
      input.id = id;
      input.name = name;
      input.removeAttribute("aria-describedby");
      input.removeAttribute("aria-invalid");
      if (input.type === "checkbox") input.checked = !!item.fields[name];
      else input.value = item.fields[name] || "";
    });
    var buttons = document.createElement("div");
    buttons.className = "set-buttons";
    var save = document.createElement("button");
    save.type = "submit";
    save.className = "button";
    save.textContent = "Save on this device";
    var cancel = document.createElement("button");
    cancel.type = "button";
    cancel.className = "button button-ghost";
    cancel.textContent = "Cancel";
    cancel.setAttribute("data-pending-cancel", "");
    buttons.append(save, cancel);
    form.appendChild(buttons);
    row.classList.add("set-row-editing");
    row.replaceChildren(form);
    var first = form.querySelector(".set-fields input");
    if (first) first.focus();
  }

  function savePendingEdit(form) {
    var row = form.closest(".set-row-pending");
    var item = shown[row.getAttribute("data-pending")];
    if (measuredEmpty(form)) {
      if (Montage.showToast) Montage.showToast("Enter the set's numbers first.", "error");
      return;
    }
    item.fields = fieldsOf(form, item.entry);
    item.summary = summaryOf(form, item.fields);
    item.state = "pending";
    delete item.error;
    delete item.asks;
    queue.put(item).then(function () {
      showPending(item);
      var link = document.querySelector("#pending-" + item.key + " [data-pending-edit]");
      if (link) link.focus();
      if (!isCopy && navigator.onLine) sync();
    });
  }

  if (page) {
    // Capture: before htmx sees the submit. Queue when offline, on a copy, or while earlier
    // sets still wait (so the order stays the order they were lifted in).
    document.addEventListener("submit", function (event) {
      var form = event.target;
      if (form.matches(".pending-edit")) {
        event.preventDefault();
        savePendingEdit(form);
        return;
      }
      if (!form.matches(NEW_SET_FORM)) return;  // not an edit of a saved set: that needs the server
      if (navigator.onLine && !isCopy && !waitingHere()) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      queueForm(form, null);
    }, true);

    // Sent but no answer (the signal dropped mid-request): queue it with the key it was sent
    // with, so if it did arrive, sending it again stores nothing new.
    document.addEventListener("htmx:sendError", function (event) {
      var form = event.detail.elt;
      if (!form || !form.matches || !form.matches(NEW_SET_FORM)) return;
      var key = form.querySelector("input[name=idempotency_key]");
      queueForm(form, key ? key.value : null);
    });

    document.addEventListener("click", function (event) {
      var button = event.target.closest("[data-pending-edit], [data-pending-delete], [data-pending-cancel]");
      if (!button) return;
      var row = button.closest(".set-row-pending");
      var key = row.getAttribute("data-pending");
      if (button.hasAttribute("data-pending-edit")) {
        editPending(row);
      } else if (button.hasAttribute("data-pending-cancel")) {
        showPending(shown[key]);
        var link = document.querySelector("#pending-" + key + " [data-pending-edit]");
        if (link) link.focus();
      } else {
        queue.remove(key).then(function () {
          delete shown[key];
          row.remove();
        });
      }
    });
  }

  // ---------- start ----------

  // A copy's messages were said when it was first shown; they are not news now.
  if (isCopy) document.querySelectorAll("#toasts .toast").forEach(function (t) { t.remove(); });
  showBanner();
  pending().then(function (items) {
    items.forEach(function (item) {
      if (page && item.session === page.session && item.state !== "saved") {
        shown[item.key] = item;
        showPending(item);
      }
    });
    return sync();
  });
})();
