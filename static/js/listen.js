// CAR-T Journey: "Listen" reads a part of the page aloud with the browser's own speech
// synthesis (no sound files, no other server). Each control (templates/journeys/_listen.html)
// reads the nearest [data-listen-region] around it, in the page's language.
//
// - The controls are sent hidden. Where the browser can speak they are shown; where it cannot
//   they are removed, so no page ever has a dead button (and app.js, which focuses the first
//   button of swapped-in content, never picks a hidden one). Without JavaScript they stay hidden.
// - Only what the reader can see is read: anything hidden (the hidden attribute,
//   aria-hidden="true", display: none, visibility: hidden), text only for screen readers
//   (.visually-hidden), an open glossary definition, navigation, buttons and form fields are
//   left out. So the voice says the words on the screen, in their order.
// - A glossary word is read as written, or as its pronunciation where the word list gives one
//   (the link's data-say).
// - The text is cut into sentences, one utterance each, all queued at once (Chrome stops a long
//   utterance after about 15 seconds; iOS speaks only what was queued during the tap).
// - One reading at a time; htmx swapping the region out (a step change) or leaving the page
//   stops it.
(function () {
  "use strict";

  var synth = window.speechSynthesis;
  var supported = "speechSynthesis" in window && !!synth &&
    typeof window.SpeechSynthesisUtterance === "function";

  // Where a language has several voices, the ones nearest to the families this site serves.
  var PREFERRED = { en: ["en-us"], es: ["es-us", "es-mx", "es-419", "es-es"] };
  var FALLBACK_TAG = { en: "en-US", es: "es-US" };
  var MAX_CHARS = 200;
  var SKIP = "nav, button, input, select, textarea, script, style, template, svg, " +
    "progress, .visually-hidden, .term-def, .listen, [data-listen-skip]";
  // Separators that a voice would read out as words ("middle dot"): a pause instead.
  var SEPARATORS = /\s*[·•|→←]\s*/g;

  // What is being read now: {controls, play, stop, run}; run changes on every start and stop,
  // so the end events of a cancelled reading change nothing.
  var current = null;
  var run = 0;

  function tagOf(lang) {
    return (lang || "").replace(/_/g, "-").toLowerCase();
  }

  function baseOf(lang) {
    return tagOf(lang).split("-")[0];
  }

  function pageLanguage() {
    return document.documentElement.getAttribute("lang") || "en";
  }

  function voiceFor(lang) {
    var voices = [];
    try { voices = synth.getVoices() || []; } catch (e) { voices = []; }
    var wanted = tagOf(lang);
    var base = baseOf(lang);
    var preferred = PREFERRED[base] || [];
    var offline = navigator.onLine === false;
    var best = null;
    var bestScore = -1;
    Array.prototype.forEach.call(voices, function (voice) {
      var tag = tagOf(voice.lang);
      if (tag !== base && tag.indexOf(base + "-") !== 0) return;
      var score = 1;
      if (tag === wanted) score += 100;
      var rank = preferred.indexOf(tag);
      if (rank !== -1) score += 50 - rank * 10;
      // A voice from the network says nothing in a hotel room with no signal.
      if (offline && voice.localService) score += 200;
      if (voice["default"]) score += 1;
      if (score > bestScore) { best = voice; bestScore = score; }
    });
    return best;
  }

  // A pronunciation as the word list writes it ("SY-toe-kine") for a voice: in lower case, or
  // some voices spell out a syllable in capitals letter by letter; syllables as words.
  function spoken(pronunciation) {
    return pronunciation.toLowerCase().replace(/-/g, " ");
  }

  function hiddenElement(el) {
    if (el.hidden || el.getAttribute("aria-hidden") === "true") return true;
    if (el.matches(SKIP)) return true;
    var style = window.getComputedStyle(el);
    return style.display === "none" || style.visibility === "hidden" ||
      style.visibility === "collapse";
  }

  function isBlock(el) {
    var display = window.getComputedStyle(el).display;
    return display.indexOf("inline") !== 0 && display !== "contents";
  }

  // The region's visible words as pieces of one language each: [{text, lang}], a new piece at
  // each block (a heading, a paragraph, a list item) and wherever the language changes.
  function pieces(region) {
    var out = [];
    var open = null;
    function cut() { open = null; }
    function add(text, lang) {
      if (!open || open.lang !== lang) {
        open = { text: "", lang: lang };
        out.push(open);
      }
      open.text += text;
    }
    function walk(node, lang) {
      if (node.nodeType === 3) {
        add(node.nodeValue, lang);
        return;
      }
      if (node.nodeType !== 1) return;
      if (hiddenElement(node)) return;
      if (node.tagName === "BR") { add(" ", lang); return; }
      var own = node.getAttribute("lang");
      var inner = own || lang;
      var say = node.getAttribute("data-say");
      var block = isBlock(node);
      if (block) cut();
      if (say) {
        add(spoken(say), inner);
      } else {
        for (var child = node.firstChild; child; child = child.nextSibling) walk(child, inner);
      }
      if (block) cut();
    }
    var start = region.closest("[lang]");
    walk(region, (start && start.getAttribute("lang")) || pageLanguage());
    return out.map(function (piece) {
      return { text: piece.text.replace(SEPARATORS, ", ").replace(/\s+/g, " ").trim(), lang: piece.lang };
    }).filter(function (piece) { return /[0-9A-Za-zÀ-ÿ]/.test(piece.text); });
  }

  // A piece in sentences, and a sentence longer than MAX_CHARS at a comma or a space.
  function sentences(text) {
    var out = [];
    var re = /[.!?…]+["'”’)\]]*\s+/g;
    var from = 0;
    var match;
    while ((match = re.exec(text)) !== null) {
      out.push(text.slice(from, match.index + match[0].length).trim());
      from = match.index + match[0].length;
    }
    if (from < text.length) out.push(text.slice(from).trim());
    var short = [];
    out.forEach(function (sentence) {
      while (sentence.length > MAX_CHARS) {
        var head = sentence.slice(0, MAX_CHARS);
        var at = Math.max(head.lastIndexOf(", "), head.lastIndexOf("; "));
        if (at < MAX_CHARS / 3) at = head.lastIndexOf(" ");
        if (at < 1) at = MAX_CHARS - 1;
        short.push(sentence.slice(0, at + 1).trim());
        sentence = sentence.slice(at + 1).trim();
      }
      if (sentence) short.push(sentence);
    });
    return short;
  }

  // The words a reading says, in order: [{text, lang}] (for the tests, and for anyone curious:
  // window.listenText(element)).
  function script(region) {
    var lines = [];
    pieces(region).forEach(function (piece) {
      sentences(piece.text).forEach(function (text) { lines.push({ text: text, lang: piece.lang }); });
    });
    return lines;
  }

  function setState(controls, state) {
    var play = controls.querySelector("[data-listen-play]");
    var stop = controls.querySelector("[data-listen-stop]");
    play.setAttribute("data-state", state);
    play.querySelectorAll("[data-when]").forEach(function (label) {
      label.hidden = label.getAttribute("data-when") !== state;
    });
    controls.classList.toggle("is-reading", state !== "idle");
    if (stop) {
      if (state === "idle" && document.activeElement === stop) play.focus();
      stop.hidden = state === "idle";
    }
  }

  function finish() {
    run += 1;
    var was = current;
    current = null;
    if (was) setState(was.controls, "idle");
  }

  function stop() {
    if (!current) return;
    finish();
    synth.cancel();
  }

  function start(controls) {
    var region = controls.closest("[data-listen-region]");
    if (!region) return;
    var lines = script(region);
    if (current) finish();
    // A reading left paused (or cut short) would hold the queue: clear it first.
    if (synth.speaking || synth.pending || synth.paused) synth.cancel();
    if (synth.paused) synth.resume();
    if (!lines.length) return;
    current = { controls: controls };
    var mine = ++run;
    var left = lines.length;
    function done() {
      left -= 1;
      if (mine === run && left <= 0) finish();
    }
    setState(controls, "playing");
    lines.forEach(function (line) {
      var utterance = new window.SpeechSynthesisUtterance(line.text);
      var voice = voiceFor(line.lang);
      if (voice) utterance.voice = voice;
      utterance.lang = voice ? voice.lang.replace(/_/g, "-") : (FALLBACK_TAG[baseOf(line.lang)] || line.lang);
      utterance.onend = done;
      utterance.onerror = done;
      synth.speak(utterance);
    });
  }

  function toggle(controls) {
    if (!current || current.controls !== controls) {
      start(controls);
    } else if (controls.querySelector("[data-listen-play]").getAttribute("data-state") === "paused") {
      synth.resume();
      setState(controls, "playing");
    } else {
      synth.pause();
      setState(controls, "paused");
    }
  }

  function prepare(root) {
    if (!root || !root.querySelectorAll) return;
    var found = Array.prototype.slice.call(root.querySelectorAll("[data-listen]"));
    if (root.matches && root.matches("[data-listen]")) found.push(root);
    found.forEach(function (controls) {
      if (!supported) {
        controls.remove();
      } else if (!controls.hasAttribute("data-listen-ready")) {
        controls.setAttribute("data-listen-ready", "");
        setState(controls, "idle");
        controls.hidden = false;
      }
    });
  }

  prepare(document);
  document.addEventListener("DOMContentLoaded", function () { prepare(document); });
  document.addEventListener("htmx:load", function (event) { prepare(event.detail && event.detail.elt); });
  if (!supported) return;

  window.listenText = function (element) {
    return script(element).map(function (line) { return line.text; }).join(" ");
  };

  document.addEventListener("click", function (event) {
    var button = event.target && event.target.closest && event.target.closest("[data-listen] button");
    if (!button) return;
    var controls = button.closest("[data-listen]");
    if (button.hasAttribute("data-listen-stop")) {
      if (current && current.controls === controls) stop();
    } else {
      toggle(controls);
    }
  });

  // A step change swaps the step panel out: its reading stops with it.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail && event.detail.target;
    if (current && target && target.contains(current.controls)) stop();
  });
  document.addEventListener("htmx:afterSwap", function () {
    if (current && !current.controls.isConnected) stop();
  });
  window.addEventListener("popstate", stop);
  // Chrome goes on speaking after the page is left.
  window.addEventListener("pagehide", stop);
})();
