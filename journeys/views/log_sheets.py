"""The daily log on paper and for the care team: the filled print-out, the blank sheet, the
CSV. Every reading is in the print-out and the CSV, also one the infusion date moved outside
the log's days (log/renumber.py): it keeps its own date there."""

import csv
import datetime

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from journeys.content import selectors
from journeys.journey.services import journey_open
from journeys.journey.session import device_of
from journeys.log import selectors as log_selectors
from journeys.log.models import Unit
from journeys.views.common import problem
from journeys.views.log import log_bounds_for, log_signs_for
from journeys.views.my_journey import journey_context


@never_cache
@require_safe
def log_print(request):
    journey = journey_open(device_of(request))
    context = journey_context(request, journey, with_timeline=False)
    center = request.care_center
    context.update(center=center, print_page=True)
    if journey is not None and journey.infusion_date is not None:
        signs = log_signs_for(request, context["product"])
        today = timezone.localdate()
        first, numbering = log_selectors.log_bounds(context["product"])
        context["print_days"] = log_selectors.log_days(
            journey=journey,
            center=center,
            signs=signs,
            today=today,
            include_removed=False,
            first_offset=first,
            numbering=numbering,
            outside=True,
        )
    return render(request, "journeys/log_print.html", context)


@never_cache
@require_safe
def log_blank(request):
    journey = journey_open(device_of(request))
    context = journey_context(request, journey, with_timeline=False)
    center = request.care_center
    start = journey.infusion_date if journey is not None else None
    _first, numbering = log_selectors.log_bounds(context["product"])
    choices = sorted({min(14, center.log_last_day), center.log_last_day})
    raw = request.GET.get("through", "")
    through = int(raw) if raw.isascii() and raw.isdigit() and int(raw) in choices else choices[-1]
    signs = selectors.warning_signs(product=context["product"], preview=request.staff_preview)
    context.update(
        center=center,
        print_page=True,
        emergency_signs=signs.emergency,
        care_team_signs=signs.care_team,
        through=through,
        through_choices=choices,
        blank_days=[
            (n + numbering, start + datetime.timedelta(days=n) if start else None)
            for n in range(through + 1)
        ],
        checks=range(center.temperature_checks_per_day),
    )
    return render(request, "journeys/log_blank.html", context)


@never_cache
@require_safe
def log_csv(request):
    journey = journey_open(device_of(request))
    if journey is None or journey.infusion_date is None:
        return problem(request, _("There is no log on this device yet."), status=404)
    center = request.care_center
    signs = log_signs_for(request, journey.product)
    first, numbering = log_bounds_for(request, journey)
    days = log_selectors.log_days(
        journey=journey,
        center=center,
        signs=signs,
        include_removed=False,
        first_offset=first,
        numbering=numbering,
        outside=True,
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    # the file's name in the reader's language (ASCII: any browser keeps it as written)
    name = _("car-t-daily-log")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    # A byte-order mark first: without it Excel reads the file as Windows-1252 and shows
    # "temperature Â°F"; every other reader skips it.
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(
        [
            _("day"),
            _("date"),
            _("time"),
            _("temperature °F"),
            _("temperature °C"),
            _("at or above fever threshold"),
            _("warning signs"),
        ]
    )
    for day in days:
        for view in day.shown_entries:
            entry = view.entry
            f_value = c_value = ""
            if entry.temperature is not None:
                if entry.unit == Unit.FAHRENHEIT:
                    f_value, c_value = entry.temperature, view.other_value
                else:
                    f_value, c_value = view.other_value, entry.temperature
            writer.writerow(
                [
                    day.number,  # the product's own numbering, as on every page
                    day.date.isoformat(),
                    timezone.localtime(entry.taken_at).strftime("%H:%M"),
                    f_value,
                    c_value,
                    _("yes") if view.fever else "",
                    "; ".join(_csv_safe(s.name) for s in view.signs),
                ]
            )
    return response


def _csv_safe(text):
    """Staff-written names cannot start a spreadsheet formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
