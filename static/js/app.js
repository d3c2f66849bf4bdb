// CAR-T Journey: small progressive enhancements on top of htmx. Every feature
// here has a plain-link fallback; nothing breaks without this file.
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
        target.scrollIntoView({ block: "start" });
      }
    }
  });

  // Print buttons need JavaScript; without it the page tells people to use the browser's menu.
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
    document.querySelectorAll(".no-js-hint").forEach(function (hint) { hint.hidden = true; });
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

// The language switch follows htmx moves: after a step or stage is swapped in and its
// URL pushed, "English / Español" must still lead to the page now shown, not the first.
(function () {
  "use strict";
  var PREFIX = /^\/([a-z]{2})(?=\/)/;
  function follow() {
    var path = window.location.pathname.replace(PREFIX, "");
    var rest = path + window.location.search;
    document.querySelectorAll(".language-switch a[hreflang]").forEach(function (link) {
      var code = link.getAttribute("hreflang");
      var prefix = link.getAttribute("data-prefix") || "";
      link.setAttribute("href", prefix + rest);
      link.setAttribute("hreflang", code);
    });
  }
  document.addEventListener("htmx:pushedIntoHistory", follow);
  document.addEventListener("htmx:historyRestore", follow);
  window.addEventListener("popstate", follow);
})();
