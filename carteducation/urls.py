from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.http import HttpResponse
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path
from django.views.decorators.http import require_safe

from journeys.views.offline import service_worker


@require_safe
def healthz(request):
    """For load balancers, and the trivial baseline of the benchmarks in bench/."""
    return HttpResponse("ok", content_type="text/plain")


ROBOTS = """User-agent: *
Disallow: /admin/
Disallow: /j/
Disallow: /my-journey/
Disallow: /checklists/
Disallow: /es/j/
Disallow: /es/my-journey/
Disallow: /es/checklists/
"""


@require_safe
def robots_txt(request):
    """Share links and personal pages stay out of search engines."""
    return HttpResponse(ROBOTS, content_type="text/plain")


@require_safe
def favicon(request):
    """Browsers ask for /favicon.ico on every site, admin pages included."""
    return redirect(static("img/favicon.svg"), permanent=True)


urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("favicon.ico", favicon, name="favicon"),
    # The service worker controls the pages under the folder it is served from: the root.
    path("sw.js", service_worker, name="service_worker"),
    path("admin/", admin.site.urls),
]
# English at the root (every link that ever existed keeps working), Spanish under /es/.
urlpatterns += i18n_patterns(path("", include("journeys.urls")), prefix_default_language=False)
