// CAR-T Journey: small progressive enhancements on top of htmx. Every feature
// here has a plain-link fallback; nothing breaks without this file.
// With this file running, the "without JavaScript" hints are hidden by the stylesheet
// (html.js .no-js-hint), so hints in content htmx swaps in later stay hidden too.
document.documentElement.classList.add("js");

(function () {
  "use strict";

  // After htmx swaps content in, move focus to its heading (or its button) so
  // keyboard and screen-reader users land on the new content, and keep the tab
  // title right.
  var swappedId = null;
  document.addEventListener("htmx:beforeSwap", function (event) {
    swappedId = event.detail.target && event.detail.target.id;
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    var elt = event.detail.elt;
    if (elt && elt.classList && elt.classList.contains("term")) {
      var def = elt.nextElementSibling;
      if (def && def.classList.contains("term-def")) {
        elt.setAttribute("aria-expanded", "true");
        elt.setAttribute("aria-controls", def.id);
        def.focus();
      }
      return;
    }
    var root = swappedId && document.getElementById(swappedId);
    swappedId = null;
    if (!root) return;
    if (root.dataset.title) document.title = root.dataset.title;
    var target = root.querySelector("[data-focus]") || root.querySelector("button");
    if (target) {
      target.focus();
      if (target.hasAttribute("data-focus") && target.scrollIntoView) {
        target.scrollIntoView({ block: "start", behavior: "instant" });
      }
    }
  });

  // Print buttons need JavaScript; without it the page tells people to use the browser's menu.
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  });

  // A second click on a glossary link closes its definition instead of fetching it again.
  document.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail.elt;
    if (!elt.classList || !elt.classList.contains("term")) return;
    var next = elt.nextElementSibling;
    if (next && next.classList.contains("term-def")) {
      event.preventDefault();
      next.remove();
      elt.setAttribute("aria-expanded", "false");
      elt.focus();
    }
  });

  // Escape closes an open definition and returns focus to its word.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var def = document.activeElement && document.activeElement.closest(".term-def");
    if (!def) return;
    var link = def.previousElementSibling;
    def.remove();
    if (link) {
      link.setAttribute("aria-expanded", "false");
      link.focus();
    }
  });
})();

// Share link: a Copy button, and the system share sheet where the browser has one.
// Without JavaScript both stay hidden and the page says to copy the link by hand.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-copy]").forEach(function (button) {
      var field = document.getElementById(button.dataset.copy);
      var status = button.parentElement.querySelector(".copy-status");
      if (!field) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        var done = function () { if (status) status.textContent = button.dataset.copied; };
        if (navigator.clipboard && navigator.clipboard.writeText) {
          navigator.clipboard.writeText(field.value).then(done, function () {
            field.select();
            if (status) status.textContent = button.dataset.selectHint || "";
          });
        } else {
          field.select();
          document.execCommand("copy");
          done();
        }
      });
    });
    document.querySelectorAll("[data-share]").forEach(function (button) {
      var field = document.getElementById(button.dataset.share);
      if (!field || !navigator.share) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.share({ title: button.dataset.shareTitle, url: field.value }).catch(function () {});
      });
    });
  });
})();

// The menu folds away on phones; where the screen is wide, open it (the CSS hides its
// "Menu" button there), for browsers without ::details-content.
(function () {
  "use strict";
  var wide = window.matchMedia && window.matchMedia("(min-width: 48rem)");
  if (!wide) return;
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("details.menu").forEach(function (menu) {
      if (wide.matches) menu.open = true;
    });
  });
})();

// Daily log: a form sent back with a problem (422) is swapped in like any answer, so the
// person sees the message beside the field; htmx leaves 4xx answers out by default.
document.addEventListener("htmx:beforeSwap", function (event) {
  if (event.detail.xhr && event.detail.xhr.status === 422) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});

// Daily log: the handwriting pad. With JavaScript the patient writes on a canvas with a
// finger, a pen or a mouse (pointer events cover all three); Save puts the drawing, as a
// PNG, in the form's file field and sends the form. Without JavaScript the pad stays
// hidden, and the file field and the printed sheet remain.
(function () {
  "use strict";

  function setUp(root) {
    root.querySelectorAll("form[data-handwriting]").forEach(function (form) {
      if (form.dataset.ready) return;
      form.dataset.ready = "1";
      var pad = form.querySelector("[data-pad]");
      var canvas = form.querySelector("[data-canvas]");
      var input = form.querySelector("input[type=file]");
      if (!pad || !canvas || !canvas.getContext || !input || !window.DataTransfer) return;
      var ctx = canvas.getContext("2d");
      var drawing = false;
      var last = null;
      function blank() {
        ctx.fillStyle = "#fff";
        ctx.fillRect(0, 0, canvas.width, canvas.height);
        ctx.strokeStyle = "#000";
        ctx.lineWidth = 5;
        ctx.lineCap = "round";
        ctx.lineJoin = "round";
        form.dataset.drawn = "";
      }
      function point(event) {
        var rect = canvas.getBoundingClientRect();
        return {
          x: (event.clientX - rect.left) * (canvas.width / rect.width),
          y: (event.clientY - rect.top) * (canvas.height / rect.height)
        };
      }
      blank();
      pad.hidden = false;
      canvas.addEventListener("pointerdown", function (event) {
        event.preventDefault();
        drawing = true;
        last = point(event);
        if (canvas.setPointerCapture) canvas.setPointerCapture(event.pointerId);
        ctx.beginPath();
        ctx.arc(last.x, last.y, ctx.lineWidth / 2, 0, 2 * Math.PI);
        ctx.fillStyle = "#000";
        ctx.fill();
        form.dataset.drawn = "1";
      });
      canvas.addEventListener("pointermove", function (event) {
        if (!drawing) return;
        event.preventDefault();
        var next = point(event);
        ctx.beginPath();
        ctx.moveTo(last.x, last.y);
        ctx.lineTo(next.x, next.y);
        ctx.stroke();
        last = next;
      });
      ["pointerup", "pointercancel", "pointerleave"].forEach(function (name) {
        canvas.addEventListener(name, function () { drawing = false; });
      });
      form.querySelector("[data-clear]").addEventListener("click", blank);
      form.querySelector("[data-save]").addEventListener("click", function () {
        canvas.toBlob(function (blob) {
          var files = new DataTransfer();
          if (form.dataset.drawn && blob) {
            files.items.add(new File([blob], "handwriting.png", { type: "image/png" }));
          }
          input.files = files.files;
          if (form.requestSubmit) form.requestSubmit(); else form.submit();
        }, "image/png");
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () { setUp(document); });
  document.addEventListener("htmx:load", function (event) { setUp(event.detail.elt); });
})();

// The language switch follows htmx moves: after a step or stage is swapped in and its
// URL pushed, "English / Español" must still lead to the page now shown, not the first.
(function () {
  "use strict";
  var PREFIX = /^\/([a-z]{2})(?=\/)/;
  function follow() {
    var path = window.location.pathname.replace(PREFIX, "");
    var rest = path + window.location.search;
    document.querySelectorAll("a.language-switch[hreflang]").forEach(function (link) {
      var prefix = link.getAttribute("data-prefix") || "";
      var choice = link.getAttribute("data-choice");
      var mark = choice ? (rest.indexOf("?") === -1 ? "?" : "&") + "language=" + choice : "";
      link.setAttribute("href", prefix + rest + mark);
    });
  }
  document.addEventListener("htmx:pushedIntoHistory", follow);
  document.addEventListener("htmx:historyRestore", follow);
  window.addEventListener("popstate", follow);
})();

// Nothing fails without a word. When htmx cannot finish a request (no connection, a time-out,
// an error answer it does not swap), say so inside the form the person used, keep what they
// typed (nothing is swapped away) and move focus to the message. The texts come from the page
// (<body data-msg-offline ...>), so they are in the reader's language; a problem page's own
// message (a turned-off link, a cap) is shown when the server sent one.
(function () {
  "use strict";
  function holder(elt) {
    if (!elt || !elt.closest) return null;
    return elt.closest("form") || elt.closest("[hx-post],[hx-get]") || elt;
  }
  function clear(box) {
    var old = box && box.querySelector(":scope > .send-problem");
    if (old) old.remove();
  }
  function say(elt, text) {
    var box = holder(elt);
    if (!box) return;
    clear(box);
    var note = document.createElement("p");
    note.className = "send-problem";
    note.setAttribute("role", "alert");
    note.tabIndex = -1;
    note.textContent = text;
    box.insertBefore(note, box.firstChild);
    note.focus();
  }
  function message(name) {
    return (document.body && document.body.getAttribute("data-msg-" + name)) || "";
  }
  function serverMessage(xhr) {
    try {
      var doc = new DOMParser().parseFromString(xhr.responseText || "", "text/html");
      var problem = doc.querySelector(".problem, .send-problem, [role=alert]");
      return problem ? problem.textContent.trim() : "";
    } catch (e) {
      return "";
    }
  }
  document.addEventListener("htmx:beforeRequest", function (event) {
    clear(holder(event.detail.elt));
  });
  // A tick, a log entry or a handwriting sample is kept on the phone and sent later
  // instead (offline.js shows it as "Not sent yet"), where the browser can.
  function kept(elt) {
    return !!(window.cartOutbox && window.cartOutbox.keeps(elt));
  }
  document.addEventListener("htmx:sendError", function (event) {
    if (kept(event.detail.elt)) return;
    say(event.detail.elt, message(navigator.onLine === false ? "offline" : "failed"));
  });
  document.addEventListener("htmx:timeout", function (event) {
    if (kept(event.detail.elt)) return;
    say(event.detail.elt, message("timeout"));
  });
  document.addEventListener("htmx:responseError", function (event) {
    var xhr = event.detail.xhr;
    var text = serverMessage(xhr);
    say(event.detail.elt, (text ? text + " " : "") + message("kept"));
  });
})();

// Daily log: a ticked warning sign shows whom to call at once, on the phone, before the entry
// is sent and whether or not it ever reaches the server (the page already holds the numbers).
(function () {
  "use strict";
  function update(form) {
    var box = form.querySelector("[data-sign-now]");
    if (!box) return;
    var kinds = {};
    form.querySelectorAll("input[data-call]").forEach(function (input) {
      if (input.checked) kinds[input.getAttribute("data-call")] = true;
    });
    var any = false;
    box.querySelectorAll("[data-call-for]").forEach(function (line) {
      var on = !!kinds[line.getAttribute("data-call-for")];
      line.hidden = !on;
      any = any || on;
    });
    box.hidden = !any;
    box.setAttribute("role", "alert");
  }
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input || !input.matches || !input.matches("input[data-call]")) return;
    update(input.closest("form"));
  });
})();

// The packet's language is a page of its own (/es/print/): choosing one sends the form at once,
// as every other choice updates the packet at once. Without JavaScript, "Show the packet" does.
document.addEventListener("change", function (event) {
  var select = event.target;
  if (!select || !select.matches || !select.matches("select[data-submit-on-change]")) return;
  var form = select.closest("form");
  if (form) form.requestSubmit ? form.requestSubmit() : form.submit();
});
