from django.contrib.admin.views.decorators import staff_member_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from ..readability import TARGET_GRADE
from ..reports import content_report


@staff_member_required
@require_safe
def review_dashboard(request):
    """What is overdue, due within 30 days, waiting for a reviewer, or hard to read."""
    report = content_report()
    context = {
        "title": "Content review",
        "report": report,
        "target_grade": TARGET_GRADE,
        "site_header": "CAR-T Journey staff",
        "has_permission": True,
    }
    return render(request, "admin/review_dashboard.html", context)
