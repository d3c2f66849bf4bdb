// CAR-T Journey: offline (issue 31). Three jobs, on top of the service worker (/sw.js):
//
// 1. Register the worker, and tell it what to keep: the urgent page, the wallet card and
//    the "No connection" page in this page's language, this page's files, this page on the
//    first visit, and a step opened through htmx.
// 2. A page the worker answered from its saved copy says so at the top: "Offline — showing
//    what this phone saved at 14:05."
// 3. The outbox. A checklist tick, a log entry or a handwriting sample sent with no
//    connection is kept on this phone (IndexedDB), shown at once with "Not sent yet", and
//    sent when the phone is back online: once, whatever happens, because each carries what
//    makes a second sending change nothing (the log entry's idempotency key; a tick is a
//    state; the same picture twice is one). If the server refuses it (another phone saved
//    the day's handwriting meanwhile, the journey was erased), the item says why and
//    waits for the person: nothing is overwritten.
//
// "Forget me" and "Remove this journey from this phone" answer with a page holding
// [data-offline-forget]: the journey's saved pages and the outbox are deleted here (the
// server also sends Clear-Site-Data, which does the same where the browser knows it).
//
// Without service workers or IndexedDB none of this runs, and the site works as before
// (a form sent offline says "Not saved", app.js). The words come from this script's tag
// (templates/journeys/_offline_script.html), in the page's language.
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script || !("serviceWorker" in navigator) || !window.indexedDB || !window.caches) return;

  var DB_NAME = "cart-outbox";
  var STORE = "waiting";
  var JOURNEY_CACHES = "cart-journey"; // every cache of a patient's own pages (sw.js)
  var RETRY_EVERY = 30000; // ms between tries while something waits and the phone seems online

  function msg(name) {
    return script.getAttribute("data-msg-" + name) || "";
  }

  // --- The outbox's storage: one IndexedDB store, one record per thing to send -----------
  // A record: {id, kind: "entry" | "tick" | "handwriting", url, target, fields: [[name,
  // value]], file, fileField, fileName, saved (ISO time), and per kind: day, time, text,
  // calls (entry); item, checked (tick); problem: {text, conflict} once the server refused}.

  var opened = null;
  function db() {
    if (!opened) {
      opened = new Promise(function (resolve, reject) {
        var request = indexedDB.open(DB_NAME, 1);
        request.onupgradeneeded = function () {
          request.result.createObjectStore(STORE, { keyPath: "id" });
        };
        request.onsuccess = function () {
          var connection = request.result;
          // Another tab deleting the outbox ("forget me") must not wait for this one.
          connection.onversionchange = function () {
            connection.close();
            opened = null;
          };
          resolve(connection);
        };
        request.onerror = function () {
          opened = null;
          reject(request.error);
        };
      });
    }
    return opened;
  }

  function run(mode, work) {
    return db().then(function (connection) {
      return new Promise(function (resolve, reject) {
        var tx = connection.transaction(STORE, mode);
        var result = work(tx.objectStore(STORE));
        tx.oncomplete = function () {
          resolve(result && "result" in result ? result.result : undefined);
        };
        tx.onerror = tx.onabort = function () {
          reject(tx.error);
        };
      });
    });
  }

  function all() {
    return run("readonly", function (store) {
      return store.getAll();
    }).then(function (items) {
      return (items || []).sort(function (a, b) {
        return a.saved < b.saved ? -1 : a.saved > b.saved ? 1 : 0;
      });
    });
  }
  function put(item) {
    return run("readwrite", function (store) {
      store.put(item);
    });
  }
  function remove(id) {
    return run("readwrite", function (store) {
      store.delete(id);
    });
  }

  // --- 1. The worker ----------------------------------------------------------------------

  function register() {
    var pages = (script.getAttribute("data-keep") || "").split(" ").filter(Boolean);
    if (!navigator.serviceWorker.controller) pages.push(location.href); // the first visit
    var files = [];
    document
      .querySelectorAll("link[rel=stylesheet], link[rel=icon], link[rel=apple-touch-icon], script[src]")
      .forEach(function (node) {
        files.push(node.href || node.src);
      });
    navigator.serviceWorker.register(script.getAttribute("data-worker"), { scope: "/" }).catch(function () {});
    return navigator.serviceWorker.ready.then(function (registration) {
      if (registration.active) {
        registration.active.postMessage({ type: "keep", pages: pages, files: files });
      }
    });
  }

  // A step or stage swapped in by htmx has its own address: the worker saves that page too,
  // so the last step read opens offline.
  document.addEventListener("htmx:pushedIntoHistory", function () {
    var worker = navigator.serviceWorker.controller;
    if (worker) worker.postMessage({ type: "keep", now: [location.href] });
  });

  // --- "Forget me" ------------------------------------------------------------------------

  function forget() {
    var pages = caches.keys().then(function (names) {
      return Promise.all(
        names
          .filter(function (name) {
            return name.indexOf(JOURNEY_CACHES) === 0;
          })
          .map(function (name) {
            return caches.delete(name);
          })
      );
    });
    var outbox = (opened || Promise.resolve(null)).then(
      function (connection) {
        if (connection) connection.close();
        opened = null;
        return new Promise(function (resolve) {
          var request = indexedDB.deleteDatabase(DB_NAME);
          request.onsuccess = request.onerror = request.onblocked = function () {
            resolve();
          };
        });
      },
      function () {}
    );
    try {
      localStorage.clear();
      sessionStorage.clear();
    } catch (error) {
      // storage turned off: nothing kept there
    }
    return Promise.all([pages, outbox]);
  }

  // --- 2. "Offline — showing what this phone saved at …" -----------------------------------

  function two(n) {
    return (n < 10 ? "0" : "") + n;
  }

  function savedLine() {
    var saved = document.documentElement.getAttribute("data-offline-saved");
    var main = document.getElementById("main");
    if (!saved || !main) return;
    var when = new Date(saved);
    if (isNaN(when.getTime())) return;
    var language = document.documentElement.lang || undefined;
    // Times as the log writes them (14:05), in both languages.
    var time = two(when.getHours()) + ":" + two(when.getMinutes());
    var text = msg("saved-at").replace("__TIME__", time);
    if (when.toDateString() !== new Date().toDateString()) {
      var date = when.toLocaleDateString(language, { month: "long", day: "numeric" });
      text = msg("saved-on").replace("__DATE__", date).replace("__TIME__", time);
    }
    // A message shown once when the page was saved ("Your dates are saved") is old news now.
    document.querySelectorAll("body > .messages").forEach(function (node) {
      node.remove();
    });
    var line = document.createElement("p");
    line.className = "offline-note";
    line.setAttribute("role", "status");
    line.textContent = text;
    main.insertBefore(line, main.firstChild);
  }

  // --- 3. The outbox ----------------------------------------------------------------------

  function newKey() {
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.from(bytes, function (b) {
      return (b < 16 ? "0" : "") + b.toString(16);
    }).join("");
  }

  function outboxForm(elt) {
    var form = elt && elt.closest && elt.closest("form[data-outbox]");
    return form && form.isConnected ? form : null;
  }

  function labelText(input) {
    var label = input.labels && input.labels[0];
    return label ? label.textContent.trim() : "";
  }

  // What a form would send, kept as a record. Returns null for what cannot wait (a
  // handwriting form with nothing drawn: the server would only say "write it first").
  function recordOf(form) {
    var kind = form.getAttribute("data-outbox");
    var data = new FormData(form);
    var item = {
      kind: kind,
      url: form.getAttribute("hx-post") || form.getAttribute("action"),
      target: (form.getAttribute("hx-target") || "").replace(/^#/, ""),
      fields: [],
      file: null,
      saved: new Date().toISOString(),
      problem: null,
    };
    data.forEach(function (value, name) {
      if (name === "csrfmiddlewaretoken") return; // the page's token when it is sent
      if (typeof value === "string") {
        item.fields.push([name, value]);
      } else if (value.size) {
        item.file = value;
        item.fileField = name;
        item.fileName = value.name || "handwriting.png";
      }
    });
    if (kind === "entry") {
      var key = data.get("key");
      if (!key) {
        key = newKey();
        item.fields.push(["key", key]);
      }
      item.id = "entry:" + key;
      item.day = data.get("day");
      item.time = data.get("time") || "";
      var parts = [];
      var temperature = (data.get("temperature") || "").trim();
      var unit = form.querySelector("input[name$=unit]:checked");
      if (temperature) parts.push(temperature + (unit ? " " + labelText(unit) : ""));
      form.querySelectorAll("input[data-call]:checked").forEach(function (box) {
        parts.push(labelText(box));
      });
      item.text = parts.join(" · ");
      item.calls = [];
      form.querySelectorAll("input[data-call]:checked").forEach(function (box) {
        var call = box.getAttribute("data-call");
        if (item.calls.indexOf(call) === -1) item.calls.push(call);
      });
    } else if (kind === "tick") {
      item.item = data.get("item");
      item.checked = data.get("checked");
      item.id = "tick:" + item.item;
    } else if (kind === "handwriting") {
      if (!item.file) return null;
      item.day = data.get("day");
      item.id = "handwriting:" + item.day;
      // Which of the day's images this page showed: a newer one from another phone is kept.
      item.fields.push(["seen", form.getAttribute("data-seen") || ""]);
    } else {
      return null;
    }
    return item;
  }

  // Keep what `form` would have sent. True when kept (the caller says nothing more).
  function keepForm(form) {
    var item = recordOf(form);
    if (!item) return false;
    if (item.kind === "tick") {
      // The state the server has: what the page shows, unless a tick waits already (then
      // the opposite). Ticking back to it leaves nothing to send.
      var li = document.getElementById("item-" + item.item);
      var shown = li && li.classList.contains("done") ? "1" : "0";
      item.was = li && li.hasAttribute("data-outbox-id") ? (shown === "1" ? "0" : "1") : shown;
      if (item.checked === item.was) {
        remove(item.id).then(function () {
          showTick(item, false);
          status();
        });
        return true;
      }
    }
    put(item).then(
      function () {
        afterKept(form, item);
        status();
        later();
      },
      function () {
        // The phone refused to store it: say "Not saved", as without this file.
        var note = document.createElement("p");
        note.className = "send-problem";
        note.setAttribute("role", "alert");
        note.textContent = document.body.getAttribute("data-msg-offline") || "";
        form.insertBefore(note, form.firstChild);
      }
    );
    return true;
  }

  // The form after its record is kept: the item shows as "Not sent yet"; the add form is
  // ready for the next entry (a new key, as the server would give it).
  function afterKept(form, item) {
    if (item.kind === "entry") {
      var key = form.querySelector("input[name=key]");
      if (key) key.value = newKey();
      var temperature = form.querySelector("input[name$=temperature]");
      if (temperature) temperature.value = "";
      form.querySelectorAll("input[data-call]:checked").forEach(function (box) {
        box.checked = false;
        box.dispatchEvent(new Event("change", { bubbles: true }));
      });
      var time = form.querySelector("input[type=time]");
      var now = new Date();
      if (time) time.value = two(now.getHours()) + ":" + two(now.getMinutes());
    }
    var node = show(item);
    var focus = node && (node.querySelector("[tabindex]") || node.querySelector("button"));
    if (focus) focus.focus();
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function notSent() {
    return el("span", "not-sent", msg("not-sent"));
  }

  // Show one record on this page, where its item belongs (nothing when it is not here).
  // Returns the node that shows it.
  function show(item) {
    var old = document.querySelector('[data-outbox-id="' + CSS.escape(item.id) + '"]');
    if (old && item.kind !== "tick") old.remove();
    var node = null;
    if (item.kind === "entry") node = showEntry(item);
    else if (item.kind === "tick") node = showTick(item, true);
    else if (item.kind === "handwriting") node = showHandwriting(item);
    if (node) {
      node.setAttribute("data-outbox-id", item.id);
      showProblem(node, item);
    }
    return node;
  }

  function showEntry(item) {
    var section = document.getElementById("day-" + item.day);
    if (!section) return null;
    var list = section.querySelector("ol.log-entries");
    if (!list) {
      list = el("ol", "log-entries");
      var empty = section.querySelector(".empty");
      if (empty) empty.hidden = true;
      var heading = section.querySelector("h2");
      if (empty) empty.after(list);
      else if (heading) heading.after(list);
      else section.prepend(list);
    }
    var li = el("li", "log-entry pending");
    var line = el("p", "entry-line");
    line.tabIndex = -1;
    line.append(el("strong", "", item.time));
    if (item.text) line.append(" · " + item.text);
    line.append(" ", notSent());
    li.append(line);
    // A ticked sign's instruction stays on the screen, as it does for a saved entry.
    var box = document.querySelector("[data-sign-now]");
    if (box && item.calls && item.calls.length) {
      var calls = el("div", "log-calls");
      item.calls.forEach(function (call) {
        var source = box.querySelector('[data-call-for="' + CSS.escape(call) + '"]');
        if (!source) return;
        var copy = source.cloneNode(true);
        copy.hidden = false;
        copy.removeAttribute("data-call-for");
        calls.append(copy);
      });
      li.append(calls);
    }
    list.append(li);
    return li;
  }

  function showTick(item, waiting) {
    var li = document.getElementById("item-" + item.item);
    if (!li) return null;
    var checked = waiting ? item.checked === "1" : item.was === "1";
    li.classList.toggle("done", checked);
    var button = li.querySelector("button.tick");
    if (button) button.setAttribute("aria-pressed", checked ? "true" : "false");
    var box = li.querySelector(".box");
    if (box) box.textContent = checked ? "☑" : "☐";
    var state = li.querySelector("button.tick > .visually-hidden");
    if (state) state.textContent = msg(checked ? "done" : "not-done");
    var next = li.querySelector("input[name=checked]");
    if (next) next.value = checked ? "0" : "1";
    var label = li.querySelector(".not-sent");
    // After the item's words (an inline block: the line through a done item leaves it clear).
    var words = li.querySelector("button.tick > .text") || button;
    if (waiting && !label && words) words.append(" ", notSent());
    if (!waiting && label) label.remove();
    li.querySelectorAll(".outbox-problem").forEach(function (node) {
      node.remove();
    });
    if (!waiting) li.removeAttribute("data-outbox-id");
    return li;
  }

  function showHandwriting(item) {
    var box = document.getElementById("handwriting-" + item.day);
    var form = box && box.querySelector("form[data-handwriting]");
    if (!form) return null;
    var figure = el("figure", "pending-handwriting");
    var img = el("img");
    img.alt = msg("handwriting");
    img.width = 300;
    img.height = 100;
    var reader = new FileReader(); // a data: address (the CSP allows data:, not blob:)
    reader.onload = function () {
      img.src = reader.result;
    };
    reader.readAsDataURL(item.file);
    figure.append(img);
    var caption = el("figcaption");
    caption.tabIndex = -1;
    caption.append(notSent());
    figure.append(caption);
    box.insertBefore(figure, form);
    return figure;
  }

  // Why the server refused it, and what the person can do: remove it, or (another phone saved
  // the day's handwriting meanwhile) send theirs anyway.
  function showProblem(node, item) {
    if (!item.problem) return;
    var box = el("div", "outbox-problem");
    var text = el("p", "send-problem", msg("refused").replace("__REASON__", item.problem.text));
    text.setAttribute("role", "alert");
    box.append(text);
    var actions = el("p");
    if (item.problem.conflict) {
      var again = el("button", "button secondary", msg("send-anyway"));
      again.type = "button";
      again.addEventListener("click", function () {
        item.problem = null;
        item.fields = item.fields.filter(function (field) {
          return field[0] !== "seen";
        });
        put(item).then(function () {
          show(item);
          send();
        });
      });
      actions.append(again, " ");
    }
    var drop = el("button", "button secondary", msg("discard"));
    drop.type = "button";
    drop.addEventListener("click", function () {
      remove(item.id).then(function () {
        unshow(item);
        status();
      });
    });
    actions.append(drop);
    box.append(actions);
    node.append(box);
  }

  function unshow(item) {
    if (item.kind === "tick") {
      showTick(item, false);
      return;
    }
    var node = document.querySelector('[data-outbox-id="' + CSS.escape(item.id) + '"]');
    if (node) node.remove();
  }

  // The line at the top of every page while something waits: "2 changes are not sent yet."
  function status() {
    return all().then(function (items) {
      var line = document.querySelector(".outbox-status");
      var main = document.getElementById("main");
      if (!items.length) {
        if (line) line.remove();
        return;
      }
      if (!line && main) {
        line = el("p", "outbox-status");
        line.setAttribute("role", "status");
        var saved = main.querySelector(".offline-note");
        main.insertBefore(line, saved ? saved.nextSibling : main.firstChild);
      }
      if (line) {
        line.textContent =
          items.length === 1 ? msg("waiting-one") : msg("waiting-many").replace("__COUNT__", items.length);
      }
    });
  }

  // --- Sending ----------------------------------------------------------------------------

  function token() {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["x-csrftoken"] || "";
    } catch (error) {
      return "";
    }
  }

  // A page saved long ago may carry an old CSRF token: ask the server for this page again
  // and take the token from it (and give it to htmx too).
  function freshToken() {
    return fetch(location.pathname, { credentials: "same-origin" })
      .then(function (response) {
        return response.text();
      })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var headers = doc.body && doc.body.getAttribute("hx-headers");
        if (headers) document.body.setAttribute("hx-headers", headers);
      });
  }

  function reason(html) {
    var doc = new DOMParser().parseFromString(html || "", "text/html");
    var found = doc.querySelectorAll(".field-error, .errorlist, .problem, .form-problem");
    var parts = [];
    found.forEach(function (node) {
      var text = node.textContent.trim();
      if (text && parts.indexOf(text) === -1) parts.push(text);
    });
    return parts.join(" ");
  }

  // Send one record. Resolves true to go on with the next, false to stop for now (no
  // connection, the server busy or limiting).
  function sendOne(item, retried) {
    var body = new FormData();
    item.fields.forEach(function (field) {
      body.append(field[0], field[1]);
    });
    if (item.file) body.append(item.fileField, item.file, item.fileName);
    var headers = { "X-CSRFToken": token(), "HX-Request": "true" };
    if (item.target) headers["HX-Target"] = item.target;
    return fetch(item.url, { method: "POST", body: body, credentials: "same-origin", headers: headers }).then(
      function (response) {
        if (response.status === 403 && !retried) {
          return freshToken().then(function () {
            return sendOne(item, true);
          });
        }
        if (response.status === 429 || response.status >= 500) return false;
        return response.text().then(function (html) {
          if (response.ok) {
            return remove(item.id).then(function () {
              arrived(item, html);
              return true;
            });
          }
          item.problem = {
            text: reason(html) || String(response.status),
            conflict: response.headers.get("X-Conflict") === "handwriting",
          };
          return put(item).then(function () {
            show(item);
            return true;
          });
        });
      },
      function () {
        return false;
      }
    );
  }

  // The server has it: its answer (the day's section, the ticked item) takes the place of
  // what showed it here, unless the person is typing there right now; then the item only
  // loses its "Not sent yet".
  function arrived(item, html) {
    var target = item.target && document.getElementById(item.target);
    var active = document.activeElement;
    var busy = target && active && target.contains(active) && active.matches("input, textarea, select");
    if (target && window.htmx && html && !busy) {
      htmx.swap(target, html, { swapStyle: "outerHTML" });
      return;
    }
    var node = document.querySelector('[data-outbox-id="' + CSS.escape(item.id) + '"]');
    if (!node) return;
    node.removeAttribute("data-outbox-id");
    node.querySelectorAll(".not-sent").forEach(function (label) {
      label.remove();
    });
  }

  var sending = false;
  function send() {
    if (sending || navigator.onLine === false) return Promise.resolve();
    sending = true;
    function work() {
      return all().then(function (items) {
        return items.reduce(function (chain, item) {
          return chain.then(function (goOn) {
            if (!goOn || item.problem) return goOn;
            return sendOne(item);
          });
        }, Promise.resolve(true));
      });
    }
    // One tab sends at a time: two open tabs never send the same record twice at once.
    var done = navigator.locks ? navigator.locks.request("cart-outbox", work) : work();
    return done
      .catch(function () {})
      .then(function () {
        sending = false;
        return showAll();
      })
      .then(all)
      .then(function (items) {
        // Still waiting (the network failed again): try again in a while.
        if (items.some(function (item) { return !item.problem; })) later();
      });
  }

  var timer = null;
  function later() {
    if (timer) return;
    timer = setTimeout(function () {
      timer = null;
      send();
    }, RETRY_EVERY);
  }

  // Every waiting record shown where it belongs (after a swap, on a page loaded again).
  function showAll() {
    return all().then(function (items) {
      items.forEach(function (item) {
        var here = document.querySelector('[data-outbox-id="' + CSS.escape(item.id) + '"]');
        if (!here || item.problem) show(item);
      });
      return status();
    });
  }

  // app.js asks before it says "Not saved": a form of the outbox is kept instead, and a link
  // htmx could not fetch (a step, a stage) is opened as a page, which the worker answers from
  // what the phone saved (or with the "No connection" page).
  window.cartOutbox = {
    keeps: function (elt) {
      var form = outboxForm(elt);
      if (form) return keepForm(form);
      var link = elt && elt.closest && elt.closest("a[href][hx-get]");
      if (link && navigator.serviceWorker.controller) {
        location.assign(link.href);
        return true;
      }
      return false;
    },
  };

  // With no connection at all, the request is not even tried.
  document.addEventListener("htmx:beforeRequest", function (event) {
    if (navigator.onLine !== false) return;
    var form = outboxForm(event.detail.elt);
    if (form && recordOf(form)) {
      event.preventDefault();
      keepForm(form);
    }
  });
  // The back button after an htmx step asks the server for the page (htmx keeps no copies
  // here); offline, the page is loaded again instead, and the worker answers from its copy.
  document.addEventListener("htmx:historyCacheMiss", function (event) {
    if (navigator.onLine === false && navigator.serviceWorker.controller) {
      event.preventDefault();
      location.reload();
    }
  });
  // Anything that reached the server is a sign the connection is back.
  document.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail.successful) send();
  });
  window.addEventListener("online", function () {
    send();
  });

  function start() {
    savedLine();
    if (document.querySelector("[data-offline-forget]")) {
      // Nothing of the journey is left to show or send; the published pages are kept again.
      forget().then(register).catch(function () {});
      return;
    }
    showAll()
      .then(send)
      .catch(function () {});
    register().catch(function () {});
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
