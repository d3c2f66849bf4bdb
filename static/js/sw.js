// CAR-T Journey: the service worker (issue 31). Hand-written, no library; served as /sw.js
// (journeys/views/offline.py) so that it looks after every page of the site.
//
// What it does, and nothing else:
// 1. Pages. The server marks each page a phone may keep (the X-Offline-Cache header,
//    journeys/middleware.py): "content" for published pages, "journey" for a patient's own
//    (the log, the checklist, the wallet card, or any page shown with a journey). A marked
//    page is saved each time it is opened with a connection, in the cache of its kind.
//    Without a connection, or when the network takes more than a few seconds, the saved
//    copy is shown, marked with the time it was saved (offline.js writes the line "Offline
//    — showing what this phone saved at ..."). A page never saved shows the "No connection"
//    page in the same language.
// 2. Files under /static/ (the style sheet, the scripts, the icons): served from the phone
//    and fetched again in the background, so the next page has the newest.
// 3. The content version (the X-Content-Version header): when a page comes with another
//    version than a saved page was built from, the saved pages are fetched again.
// 4. Messages from the pages (static/js/offline.js): "keep" these pages and files (the
//    urgent page, the wallet card and the "No connection" page in the reader's language,
//    and the page itself on the first visit).
//
// Forms (POST) never pass through here: what a person sends offline waits in offline.js.
// "Forget me" deletes the journey's cache from the page itself (offline.js), so it works
// even where this worker is gone. Nothing here talks to any other server.

"use strict";

var CONTENT = "cart-content-v1"; // published pages
var JOURNEY = "cart-journey-v1"; // a patient's own pages: deleted by "forget me"
var FILES = "cart-files-v1"; // /static/ files
var OURS = [CONTENT, JOURNEY, FILES];
var NETWORK_WAIT = 5000; // ms a page waits for the network before the saved copy is shown
var JOURNEY_FRESH = 10 * 60 * 1000; // ms: a kept journey page older than this is fetched again
var MOST_FILES = 60; // files kept; the oldest go first (file names change with each release)
var KEEP_HEADER = "X-Offline-Cache";
var VERSION_HEADER = "X-Content-Version";
var SAVED_HEADER = "X-Saved-At";
var LANGUAGE_PREFIX = /^\/([a-z]{2})\//; // "/es/…": the "No connection" page in that language
var HANDWRITING = /\/my-journey\/log\/handwriting\/-?[0-9]+\.png$/;

// The newest content version this worker has seen (a restarted worker starts again at null:
// saved pages carry their own version, so nothing is missed).
var newestVersion = null;

self.addEventListener("install", function () {
  // Nothing to fetch yet: the first page sends what to keep, in its own language.
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  // Caches of an older worker (another name) go; the worker takes the open pages at once.
  event.waitUntil(
    caches
      .keys()
      .then(function (names) {
        return Promise.all(
          names
            .filter(function (name) {
              return name.indexOf("cart-") === 0 && OURS.indexOf(name) === -1;
            })
            .map(function (name) {
              return caches.delete(name);
            })
        );
      })
      .then(function () {
        return self.clients.claim();
      })
  );
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return; // forms go to the server as always
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(page(event));
  } else if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(file(event));
  } else if (HANDWRITING.test(url.pathname)) {
    event.respondWith(handwriting(event));
  }
  // Anything else (htmx's requests, downloads, the manifest) goes to the network untouched.
});

self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type === "keep") {
    // A page that loaded while this worker was starting is not looked after yet: take it.
    event.waitUntil(
      self.clients.claim().then(function () {
        return keep(data.pages || [], data.now || [], data.files || []);
      })
    );
  }
});

// 1. Pages ---------------------------------------------------------------------------------

function page(event) {
  var request = event.request;
  var network = fetch(request);
  // Saved in the background, whether the page shows this answer or the saved copy.
  event.waitUntil(
    network.then(
      function (response) {
        return store(response.clone());
      },
      function () {}
    )
  );
  return new Promise(function (resolve) {
    var done = false;
    function answer(response) {
      if (!done && response) {
        done = true;
        resolve(response);
      }
    }
    // A slow network: the saved copy, if there is one; otherwise keep waiting.
    var timer = setTimeout(function () {
      savedCopy(request.url).then(function (copy) {
        if (copy) answer(marked(copy));
      });
    }, NETWORK_WAIT);
    network.then(
      function (response) {
        clearTimeout(timer);
        answer(response);
      },
      function () {
        clearTimeout(timer);
        savedCopy(request.url).then(function (copy) {
          answer(copy ? marked(copy) : noConnection(request.url));
        });
      }
    );
  });
}

// Save a page the server marked as one to keep, in the cache of its kind (and only there).
// Returns a promise; never fails.
function store(response) {
  var kind = response.headers.get(KEEP_HEADER);
  if (response.status !== 200 || (kind !== "content" && kind !== "journey")) {
    return Promise.resolve();
  }
  var url = response.url;
  return response
    .text()
    .then(function (body) {
      var headers = new Headers(response.headers);
      headers.set(SAVED_HEADER, new Date().toISOString());
      // Kept by address alone: the headers a page varies on are the same on this phone.
      headers.delete("Vary");
      var copy = new Response(body, { status: 200, headers: headers });
      var mine = kind === "journey" ? JOURNEY : CONTENT;
      var other = kind === "journey" ? CONTENT : JOURNEY;
      return Promise.all([
        caches.open(mine).then(function (cache) {
          return cache.put(url, copy);
        }),
        caches.open(other).then(function (cache) {
          return cache.delete(url);
        }),
      ]);
    })
    .then(function () {
      return contentVersion(response.headers.get(VERSION_HEADER));
    })
    .catch(function () {});
}

// The saved copy of a page: the address as it is, or without its query (a step of a stage
// never opened shows the stage as saved).
function savedCopy(url) {
  var bare = url.split("?")[0];
  return lookUp(url).then(function (hit) {
    return hit || (bare !== url ? lookUp(bare) : undefined);
  });
}

function lookUp(url) {
  return caches.open(JOURNEY).then(function (journey) {
    return journey.match(url).then(function (hit) {
      if (hit) return hit;
      return caches.open(CONTENT).then(function (content) {
        return content.match(url);
      });
    });
  });
}

// The saved copy with the time it was saved on its <html> element, for offline.js's line.
function marked(response) {
  var saved = (response.headers.get(SAVED_HEADER) || "").replace(/[^0-9TZ:.-]/g, "");
  return response.text().then(function (body) {
    body = body.replace(/<html\b/i, '<html data-offline-saved="' + saved + '"');
    return new Response(body, { status: 200, headers: response.headers });
  });
}

// A page never saved: the "No connection" page in the language of the address asked for,
// or, if even that was never saved, the browser's own error.
function noConnection(url) {
  var language = LANGUAGE_PREFIX.exec(new URL(url).pathname);
  var offline = self.location.origin + (language ? "/" + language[1] : "") + "/offline/";
  return lookUp(offline).then(function (hit) {
    return hit || Response.error();
  });
}

// 2. Files ---------------------------------------------------------------------------------

function file(event) {
  return caches.open(FILES).then(function (cache) {
    return cache.match(event.request, { ignoreVary: true }).then(function (hit) {
      var fresh = fetch(event.request).then(function (response) {
        if (response.status !== 200) return response;
        return cache
          .put(event.request, response.clone())
          .then(function () {
            return trim(cache);
          })
          .then(function () {
            return response;
          });
      });
      if (!hit) return fresh;
      event.waitUntil(fresh.catch(function () {}));
      return hit;
    });
  });
}

function trim(cache) {
  return cache.keys().then(function (requests) {
    var extra = requests.slice(0, Math.max(0, requests.length - MOST_FILES));
    return Promise.all(
      extra.map(function (request) {
        return cache.delete(request);
      })
    );
  });
}

// The day's handwriting picture on the log page: from the network, and the journey's cache
// when there is none (it belongs to the journey: "forget me" deletes it with the pages).
function handwriting(event) {
  var url = event.request.url;
  return fetch(event.request).then(
    function (response) {
      if (response.status === 200) {
        var copy = response.clone();
        event.waitUntil(
          caches.open(JOURNEY).then(function (cache) {
            return cache.put(url, copy);
          })
        );
      }
      return response;
    },
    function () {
      return caches.open(JOURNEY).then(function (cache) {
        return cache.match(url).then(function (hit) {
          return hit || Response.error();
        });
      });
    }
  );
}

// 3. The content version -------------------------------------------------------------------

// A page came with content version `version`: fetch again, one at a time, every saved page
// built from another one. A page no longer there, or no longer to be kept, is dropped.
function contentVersion(version) {
  if (!version || version === newestVersion) return Promise.resolve();
  newestVersion = version;
  return [CONTENT, JOURNEY].reduce(function (chain, name) {
    return chain.then(function () {
      return caches.open(name).then(function (cache) {
        return cache.keys().then(function (requests) {
          return requests.reduce(function (step, request) {
            return step.then(function () {
              return cache.match(request).then(function (hit) {
                if (!hit || !hit.headers.get(KEEP_HEADER)) return; // a picture, not a page
                if (hit.headers.get(VERSION_HEADER) === version) return;
                return fetchAndStore(request.url).then(function (kept) {
                  if (kept === false) return cache.delete(request);
                });
              });
            });
          }, Promise.resolve());
        });
      });
    });
  }, Promise.resolve());
}

// Fetch a page (not through the HTTP cache) and save it. Resolves to true when saved,
// false when the server no longer has it to keep, undefined without a connection.
function fetchAndStore(url) {
  return fetch(url, { credentials: "same-origin", cache: "no-cache" }).then(
    function (response) {
      if (response.status !== 200 || !response.headers.get(KEEP_HEADER)) {
        return response.status >= 500 ? undefined : false;
      }
      // Moved (the reader chose the other language): the old address goes.
      var moved = response.url !== url ? lookUpDelete(url) : Promise.resolve();
      return moved
        .then(function () {
          return store(response);
        })
        .then(function () {
          return true;
        });
    },
    function () {
      return undefined;
    }
  );
}

function lookUpDelete(url) {
  return Promise.all(
    [CONTENT, JOURNEY].map(function (name) {
      return caches.open(name).then(function (cache) {
        return cache.delete(url);
      });
    })
  );
}

// 4. What the pages ask to keep ------------------------------------------------------------

// `pages`: save each when it is not saved yet (a journey page also when its copy is more
// than ten minutes old: the wallet card shows the dates). `now`: fetch and save at once (a
// step the reader just opened). `files`: the page's own style sheet, scripts and icons.
// Only addresses with no query but a step's are fetched: words typed in a search never are.
function keep(pages, now, files) {
  var origin = self.location.origin;
  function ours(address) {
    try {
      var url = new URL(address, origin);
    } catch (error) {
      return null;
    }
    if (url.origin !== origin) return null;
    var names = Array.from(url.searchParams.keys());
    if (names.some(function (name) { return name !== "step"; })) return null;
    url.hash = "";
    return url.href;
  }
  var chain = Promise.resolve();
  pages.concat(now).forEach(function (address, index) {
    var url = ours(address);
    if (!url) return;
    var always = index >= pages.length;
    chain = chain.then(function () {
      return lookUp(url).then(function (hit) {
        if (!always && hit && !stale(hit)) return;
        return fetchAndStore(url);
      });
    });
  });
  return chain.then(function () {
    return caches.open(FILES).then(function (cache) {
      return Promise.all(
        files.map(function (address) {
          var url = new URL(address, origin);
          if (url.origin !== origin || url.pathname.indexOf("/static/") !== 0) return null;
          return cache.match(url.href, { ignoreVary: true }).then(function (hit) {
            if (hit) return;
            return fetch(url.href).then(
              function (response) {
                if (response.status === 200) return cache.put(url.href, response);
              },
              function () {}
            );
          });
        })
      ).then(function () {
        return trim(cache);
      });
    });
  });
}

function stale(response) {
  if (response.headers.get(KEEP_HEADER) !== "journey") return false;
  var saved = Date.parse(response.headers.get(SAVED_HEADER) || "");
  return !(saved > Date.now() - JOURNEY_FRESH);
}
