from django.conf import settings
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from journeys.caching.pages import personal
from journeys.caching.version import known_version
from journeys.content.selectors import care_center
from journeys.journey import session as keys


class CareCenterMiddleware:
    """Sets `request.care_center`: the one CareCenter row, kept until the content changes.

    Lazy, like `request.user`: a request that never shows the center never reads it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.care_center = SimpleLazyObject(care_center)
        return self.get_response(request)


class StaffPreviewMiddleware:
    """Sets `request.staff_preview`: True while staff preview drafts and waiting edits.

    `?preview=1` turns preview on for this staff member's session and `?preview=0` turns
    it off. Patients can never switch it on: the flag is only honoured for staff. Views
    pass the flag on explicitly (`.published(preview=request.staff_preview)`).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        is_staff = bool(user and user.is_authenticated and user.is_staff)
        if is_staff and request.GET.get("preview") in {"0", "1"}:
            request.session[keys.PREVIEW] = request.GET["preview"] == "1"
        preview = is_staff and request.session.get(keys.PREVIEW, False)
        if preview and request.path.startswith("/admin/"):
            preview = False
        request.staff_preview = preview
        response = self.get_response(request)
        if preview:
            add_never_cache_headers(response)
        return response


class RequestSizeLimitMiddleware:
    """Answer 413 to a body larger than settings.MAX_REQUEST_BYTES, by its Content-Length,
    before anything reads it (a 300 MB upload was once read in full to be refused)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BYTES:
            context = {
                "title": _("That is too much to send"),
                "message": _("The form or file was larger than this site accepts (%(kb)d KB).")
                % {"kb": settings.MAX_REQUEST_BYTES // 1000},
            }
            return render(request, "journeys/problem.html", context, status=413)
        return self.get_response(request)


class RejectNulBytesMiddleware:
    """Answer 400 to any request carrying a NUL character in its path, query or form.

    No page of this site takes one, and PostgreSQL refuses to store or compare text
    containing it: rejecting it here means no view can turn it into a 500.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._has_nul(request):
            context = {
                "title": _("We could not read that request"),
                "message": _("The address or form contained a character this site does not use."),
            }
            return render(request, "journeys/problem.html", context, status=400)
        return self.get_response(request)

    @staticmethod
    def _has_nul(request):
        if "\x00" in request.path:
            return True
        sources = [request.GET] + ([request.POST] if request.method == "POST" else [])
        for data in sources:
            for key, values in data.lists():
                if "\x00" in key or any("\x00" in value for value in values):
                    return True
        return False


class SecurityHeadersMiddleware:
    """Headers Django has no setting for (Permissions-Policy), and a page for 405s.

    Django answers a wrong method with an empty 405; people get a page in the site's look.
    It runs outermost: nosniff is set here too, for a response that SecurityMiddleware
    never saw (its own request phase refused a bad Host).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 405 and not response.content and request.method != "HEAD":
            allow = response.headers.get("Allow", "")
            response = render(request, "405.html", status=405)
            response.headers["Allow"] = allow
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        if settings.SECURE_CONTENT_TYPE_NOSNIFF:
            response.headers.setdefault("X-Content-Type-Options", "nosniff")
        return response


def csrf_failure(request, reason=""):
    """A refused form in the site's look (CSRF_FAILURE_VIEW)."""
    return render(request, "403_csrf.html", status=403)


#: The query parameter the language switch adds: the reader *chose* this language.
CHOSEN_LANGUAGE = "language"


class FirstVisitLanguageMiddleware:
    """Which language a plain link opens in. A first visit follows the browser
    (Accept-Language); from then on, the language the reader chose is remembered in a
    cookie (no name, no account), and a plain link to an English page (a bookmark, a
    share link, a printed address, /journey/infusion/) opens in that language.

    Only a choice changes the cookie: the language switch adds `?language=xx`, which is
    stored and taken off again by a redirect. Reading a page in another language (a
    /es/ link sent by someone) does not, so a phone that chose Spanish keeps Spanish.

    Runs after LocaleMiddleware, which has set the language from the URL.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.utils.translation import get_language, get_language_from_request

        codes = dict(settings.LANGUAGES)
        language = get_language()
        remembered = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if remembered not in codes:
            remembered = None
        plain_read = (
            request.method in {"GET", "HEAD"}
            and not request.path.startswith(("/admin/", "/static/"))
            # HtmxMiddleware runs later: read its header (a swap is never redirected)
            and request.headers.get("HX-Request") != "true"
        )
        chosen = request.GET.get(CHOSEN_LANGUAGE) if plain_read else None
        if chosen is not None:
            return self._choose(request, chosen if chosen in codes else language)
        if plain_read and language == settings.LANGUAGE_CODE:
            wanted = remembered or get_language_from_request(request)
            if wanted != language and wanted in codes:
                response = self._redirect(request.get_full_path(), wanted)
                if response is not None:
                    if remembered is None:
                        self._remember(response, wanted)
                    return response
        response = self.get_response(request)
        if remembered is None and not request.path.startswith("/admin/"):
            self._remember(response, language)
        return response

    def _choose(self, request, chosen):
        """Store the reader's choice and show the same page, without the marker, in it."""
        from django.http import HttpResponseRedirect

        rest = request.GET.copy()
        rest.pop(CHOSEN_LANGUAGE, None)
        path = request.path + (f"?{rest.urlencode()}" if rest else "")
        response = self._redirect(path, chosen) or HttpResponseRedirect(path)
        self._remember(response, chosen)
        return response

    @staticmethod
    def _redirect(path, language):
        from django.http import HttpResponseRedirect
        from django.urls import translate_url

        target = translate_url(path, language)
        if target == path:
            return None
        response = HttpResponseRedirect(target)
        response.headers["Vary"] = "Accept-Language, Cookie"
        return response

    @staticmethod
    def _remember(response, language):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
        )


#: Pages the service worker (static/js/sw.js) may keep on the phone, by URL name: published
#: content, and (second set) a journey's own pages, which it keeps apart so that "forget me"
#: drops them. Anything else (admin, search words, share links, print-outs, forms' answers)
#: is never kept.
OFFLINE_CONTENT_PAGES = frozenset(
    {
        "start",
        "journey",
        "stage_detail",
        "product_list",
        "product_detail",
        "urgent",
        "glossary",
        "glossary_detail",
        "about",
        "resource_detail",
        "offline",
    }
)
OFFLINE_JOURNEY_PAGES = frozenset({"my_journey", "wallet_card", "checklists", "log"})
#: The only query a kept page may carry (a stage's step); any other makes it unkept.
OFFLINE_QUERY = frozenset({"step"})


class OfflineHeadersMiddleware:
    """What the service worker needs to know about a page, in two response headers.

    `X-Offline-Cache`: `content` for published content the phone may keep, `journey` for a
    page that shows something of the visitor's own (a journey, progress, a message; kept in a
    cache of its own that "forget me" deletes), no header for anything never to be kept.
    `X-Content-Version`: the content version the page was built from; when a page comes
    with a newer one, the worker refreshes the pages it saved. Sent only when the request
    has read the version already, so the header never costs a query.

    Sits inside RequestScope, where the version is read.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        version = known_version()
        if version is not None:
            response.headers["X-Content-Version"] = str(version)
        match = request.resolver_match
        name = match.url_name if match and match.namespace == "journeys" else None
        if (
            request.method not in ("GET", "HEAD")
            or response.status_code != 200
            or request.headers.get("HX-Request") == "true"
            or getattr(request, "staff_preview", False)  # drafts never stay on a phone
            or name not in OFFLINE_CONTENT_PAGES | OFFLINE_JOURNEY_PAGES
            or not set(request.GET).issubset(OFFLINE_QUERY)
            or not response.get("Content-Type", "").startswith("text/html")
        ):
            return response
        own = name in OFFLINE_JOURNEY_PAGES or personal(request)
        response.headers["X-Offline-Cache"] = "journey" if own else "content"
        return response
