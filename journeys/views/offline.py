"""Installable and offline (issue 31): the web app manifest, the service worker and the page
a phone shows for a page it has not saved.

The worker itself is a hand-written static file (static/js/sw.js); it is served from the
site root because a worker only controls the pages under the folder it is served from.
Neither response goes through the page cache, so what the cache does never changes them.
"""

import json

from django.contrib.staticfiles import finders
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from journeys.caching.pages import cached_page
from journeys.views.common import page_context, visitor_product

#: The site's colours (static/css/site.css: --brand, --paper).
THEME_COLOR = "#0b5c73"
BACKGROUND_COLOR = "#ffffff"
WORKER_FILE = "js/sw.js"


@require_safe
def service_worker(request):
    """`/sw.js`: the worker's script, for the whole site (scope `/`).

    `no-cache` makes the browser ask for it again each time it checks for a new worker
    (browsers do so at most once a day anyway), so a deploy reaches every phone.
    """
    path = finders.find(WORKER_FILE)
    if not path:
        raise Http404("no service worker")
    with open(path, encoding="utf-8") as handle:
        script = handle.read()
    response = HttpResponse(script, content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response


@require_safe
def manifest(request):
    """`/manifest.webmanifest` (and `/es/manifest.webmanifest`): what a phone needs to
    install the site as an app, in the page's language, starting on its start page."""
    start = reverse("journeys:start")
    data = {
        "id": start,
        "name": _("CAR-T Journey"),
        "short_name": _("CAR-T"),
        "description": _(
            "CAR-T cell therapy explained one stage at a time, in plain words, for patients "
            "and caregivers."
        ),
        "lang": get_language(),
        "dir": "ltr",
        "start_url": start,
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME_COLOR,
        "background_color": BACKGROUND_COLOR,
        "categories": ["health", "medical"],
        "icons": [
            {"src": static("img/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
            {"src": static("img/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("img/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static("img/icon-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }
    body = json.dumps(data, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/manifest+json; charset=utf-8")
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_safe
@cached_page
def offline(request):
    """What the phone shows, with no connection, for a page it never saved."""
    context = page_context(request, product=visitor_product(request))
    return render(request, "journeys/offline.html", context)
