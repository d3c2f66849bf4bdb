from django.contrib import admin
from django.http import HttpResponse
from django.urls import include, path
from django.views.decorators.http import require_safe

from journeys.views.staff import review_dashboard


@require_safe
def healthz(request):
    """For load balancers, and the trivial baseline of the benchmarks in bench/."""
    return HttpResponse("ok", content_type="text/plain")


ROBOTS = """User-agent: *
Disallow: /admin/
Disallow: /j/
Disallow: /my-journey/
Disallow: /checklists/
"""


@require_safe
def robots_txt(request):
    """Share links and personal pages stay out of search engines."""
    return HttpResponse(ROBOTS, content_type="text/plain")


urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("admin/review/", review_dashboard, name="review_dashboard"),
    path("admin/", admin.site.urls),
    path("", include("journeys.urls")),
]
