"""Staff pages outside the model admins, served by the admin site (journeys/admin_site.py)."""

from django.contrib import admin
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from journeys.content.governance.readability import TARGET_GRADE
from journeys.content.governance.reports import content_report


@require_safe
def review_dashboard(request):
    """What is overdue, due within 30 days, waiting for a reviewer, or hard to read."""
    context = {
        **admin.site.each_context(request),
        "title": _("Content review"),
        "report": content_report(),
        "target_grade": TARGET_GRADE,
    }
    return TemplateResponse(request, "admin/review_dashboard.html", context)
