"""The daily check log: one section a day, entries added, corrected, removed (with undo).

Every POST works as a plain form (POST/redirect/GET) and under htmx (the day's section is
re-rendered as a GET would render it). Bad input gets the form back with a 422 and nothing
stored. The log records; it repeats a sign's own instruction when an entry is at or above
the center's fever threshold or names a sign, and says nothing else about the numbers.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.decorators.vary import vary_on_headers

from journeys.content import selectors
from journeys.journey.services import journey_link_turned_off, journey_open
from journeys.journey.session import device_of
from journeys.log import selectors as log_selectors
from journeys.log.forms import (
    EntryForm,
    HandwritingForm,
    handwriting_day_check,
    new_key,
    parse_day,
)
from journeys.log.models import LogDay, LogEntry, Unit
from journeys.log.services import (
    UNCHECKED,
    DatesMoved,
    HandwritingConflict,
    LogFull,
    log_entries_expire,
    log_entry_add,
    log_entry_correct,
    log_entry_remove,
    log_entry_restore,
    log_handwriting_save,
)
from journeys.models import Journey
from journeys.ratelimits import limit_writes
from journeys.views.common import problem, wants_fragment
from journeys.views.my_journey import journey_context, journey_product, link_turned_off_page


def log_bounds_for(request, journey):
    """(first offset, numbering) of this journey's log (log.selectors.log_bounds)."""
    return log_selectors.log_bounds(journey_product(request, journey))


ENTRY_RE = re.compile(r"[0-9]{1,12}", re.ASCII)
SEEN_RE = re.compile(r"[0-9]{1,12}", re.ASCII)
#: The unit this device picked last (a temperature unit is not identifying).
UNIT_KEY = "log_unit"


def log_signs_for(request, product):
    return selectors.warning_signs(product=product, preview=request.staff_preview).all


def _unit(request):
    unit = request.session.get(UNIT_KEY)
    return unit if unit in Unit.values else Unit.FAHRENHEIT


def _blank_form(request, journey, day, signs):
    form = EntryForm(
        journey=journey, day=day, signs=signs, initial={"unit": _unit(request), "key": new_key()}
    )
    if form.is_today:
        # Only today's form offers the time now: a past day's asks when that reading was
        # taken, so today's reading is never stored under an old day by default.
        form.initial["time"] = timezone.localtime(form.now).strftime("%H:%M")
    return form


def _log_context(
    request, journey, *, open_day=None, forms=None, edit=None, errors=None, focus=None
):
    """The whole log page's context; `forms` maps a day to its bound form (after an error)."""
    context = journey_context(request, journey, with_timeline=False)
    center = request.care_center
    context.update(center=center, unit=_unit(request), log_url=reverse("journeys:log"), focus=focus)
    if journey is None or journey.infusion_date is None:
        return context
    signs = log_signs_for(request, context["product"])
    today_date = timezone.localdate()
    first, numbering = log_selectors.log_bounds(context["product"])
    today = log_selectors.log_today(journey=journey, today=today_date, first_offset=first)
    days = log_selectors.log_days(
        journey=journey,
        center=center,
        signs=signs,
        today=today_date,
        first_offset=first,
        numbering=numbering,
        outside=True,
    )
    # Readings the infusion date moved outside the log's days: said, and printed, not shown.
    # The first handwriting sample stays the one to compare with, even outside the log.
    every, by_day = days, {d.day: d for d in days}
    outside = [d for d in days if d.outside and (d.shown_entries or d.handwriting_at)]
    days = [d for d in days if not d.outside]
    ended = today is not None and today > center.log_last_day
    shown_last = center.log_last_day if today is None else min(today, center.log_last_day)
    if today is None:
        days_shown = []
    else:
        days_shown = [d for d in days if d.day <= shown_last]
    if open_day is None and not ended:
        open_day = shown_last if today is not None else None
    forms = forms or {}
    for day in days_shown:
        day.is_open = day.day == open_day
        # An ended log takes no new entry and no handwriting: its days open to be read
        # and corrected only (a refused form still comes back as it was typed).
        adding = day.is_open and not ended
        day.form = forms.get(day.day) or (
            _blank_form(request, journey, day.day, signs) if adding else None
        )
        day.handwriting = ("pad" if day.is_today else "upload") if adding else None
        day.errors = (errors or {}).get(day.day)
        if edit is not None and any(view.entry.pk == edit.get("pk") for view in day.entries):
            for view in day.entries:
                if view.entry.pk == edit.get("pk"):
                    view.form = edit.get("form") or _edit_form(request, journey, view, signs)
    context.update(
        days=days_shown,
        today=today,
        signs=signs,
        log_started=today is not None,
        log_ended=ended,
        log_today_date=today_date,
        log_last_date=journey.infusion_date + datetime.timedelta(days=center.log_last_day),
        log_starts_on=journey.infusion_date + datetime.timedelta(days=first),
        log_first_number=first + numbering,
        log_last_number=center.log_last_day + numbering,
        log_own_numbering=first != 0 or numbering != 0,
        compare=_comparison(every, by_day, open_day),
        day_open=next((day for day in days_shown if day.is_open), None),
        outside_readings=sum(len(d.shown_entries) for d in outside),
        outside_samples=sum(1 for d in outside if d.handwriting_at),
        handwriting_form=HandwritingForm(),
    )
    return context


def _comparison(days, by_day, day_n):
    """The first sample (the baseline, from before the chemotherapy when the log starts
    then), yesterday and this day, where each has its handwriting (in that order)."""
    if day_n is None:
        return []
    first = next((d.day for d in days if d.handwriting_at), None)
    picks = []
    for n in dict.fromkeys(n for n in (first, day_n - 1, day_n) if n is not None):
        day = by_day.get(n)
        if day is not None and day.handwriting_at:
            picks.append(day)
    return picks


def _edit_form(request, journey, view, signs):
    entry = view.entry
    return EntryForm(
        journey=journey,
        day=entry.day,
        signs=signs,
        prefix=f"e{entry.pk}",
        initial={
            "time": timezone.localtime(entry.taken_at).strftime("%H:%M"),
            "temperature": str(entry.temperature) if entry.temperature is not None else "",
            "unit": entry.unit,
            "signs": [str(s.pk) for s in view.signs],
        },
    )


def _render_day(request, journey, day_n, *, status=200, focus=None, **kwargs):
    """The page, or under htmx only the day's section, rendered as a GET would."""
    context = _log_context(request, journey, open_day=day_n, focus=focus, **kwargs)
    template = "journeys/log.html"
    if wants_fragment(request):
        day = next((d for d in context.get("days", []) if d.day == day_n), None)
        if day is not None:
            context["day"] = day
            template += "#log-day"
    return render(request, template, context, status=status)


def _moved_page(request, journey, day_n, form):
    """A reading sent from a page opened before the infusion date was changed: the whole
    log again (every day has a new number), the typed reading open under the day whose date
    the page showed. Under htmx it takes the place of the old page's <main>."""
    context = _log_context(request, journey, open_day=day_n, forms={day_n: form})
    response = render(request, "journeys/log.html", context, status=422)
    if wants_fragment(request):
        response["HX-Retarget"] = response["HX-Reselect"] = "#main"
        response["HX-Reswap"] = "outerHTML"
    return response


def _writable_journey(request):
    """(journey, None) or (None, a refusal): no journey, no dates, or a link turned off."""
    journey = journey_open(device_of(request))
    if journey is None and journey_link_turned_off(device_of(request)):
        return None, link_turned_off_page(request, reverse("journeys:log"))
    if journey is None or journey.infusion_date is None:
        return None, problem(
            request,
            _("Enter the infusion date on the My dates page first. The log starts on that day."),
            status=400,
        )
    return journey, None


def _day_or_problem(request, raw, journey):
    first, _numbering = log_bounds_for(request, journey)
    try:
        day = parse_day(raw, last_day=request.care_center.log_last_day, first_day=first)
    except ValidationError as error:
        return None, problem(request, " ".join(error.messages))
    if journey.infusion_date + datetime.timedelta(days=day) > timezone.localdate():
        # The page never offers a day that has not come (not even at 11:50 pm).
        return None, problem(request, _("That day has not come yet. Nothing was saved."))
    return day, None


def _after_write(request, journey, day_n, anchor, *, focus=None):
    if wants_fragment(request):
        revision = Journey.objects.filter(pk=journey.pk).values_list("log_revision", flat=True)
        journey.log_revision = revision.first()  # moved by the write
        if journey.log_revision is None:  # erased ("forget me") on another device meanwhile
            return problem(request, _("This journey was erased, and its log with it."), status=410)
        response = _render_day(request, journey, day_n, focus=focus)
        return response
    return redirect(reverse("journeys:log") + f"?day={day_n}#{anchor}")


@never_cache
@vary_on_headers("HX-Request", "HX-History-Restore-Request")
@require_http_methods(["GET", "HEAD", "POST"])
@limit_writes
def log(request):
    if request.method == "POST":
        return _log_add(request)
    journey = journey_open(device_of(request))
    open_day = edit = None
    if journey is not None and journey.infusion_date is not None:
        last = request.care_center.log_last_day
        raw_day = request.GET.get("day")
        if raw_day is not None:
            try:
                open_day = parse_day(
                    raw_day, last_day=last, first_day=log_bounds_for(request, journey)[0]
                )
            except ValidationError:
                return problem(request, _("That day is not in the log."), status=404)
        raw_edit = request.GET.get("edit")
        if raw_edit is not None:
            entry = None
            if ENTRY_RE.fullmatch(raw_edit):
                entry = LogEntry.objects.filter(journey=journey, pk=int(raw_edit)).first()
            if entry is None:
                return problem(request, _("That entry is not in this log."), status=404)
            open_day, edit = entry.day, {"pk": entry.pk}
    if open_day is not None and wants_fragment(request):
        return _render_day(request, journey, open_day, edit=edit)
    context = _log_context(request, journey, open_day=open_day, edit=edit)
    return render(request, "journeys/log.html", context)


def _log_add(request):
    journey, refusal = _writable_journey(request)
    if refusal:
        return refusal
    day_n, refusal = _day_or_problem(request, request.POST.get("day"), journey)
    if refusal:
        return refusal
    signs = log_signs_for(request, journey.product)
    form = EntryForm(
        request.POST,
        journey=journey,
        day=day_n,
        signs=signs,
        adding=True,
        last_day=request.care_center.log_last_day,
        numbering=log_bounds_for(request, journey)[1],
    )
    if not form.is_valid():
        moved = form.moved_day(first_day=log_bounds_for(request, journey)[0])
        if moved is not None:
            return _moved_page(request, journey, moved, form.on_day(moved))
        return _render_day(request, journey, day_n, status=422, forms={day_n: form})
    data = form.cleaned_data
    request.session[UNIT_KEY] = data["unit"]
    try:
        entry, _created = log_entry_add(
            journey=journey,
            day=day_n,
            taken_at=data["taken_at"],
            temperature=data.get("temperature_value"),
            unit=data["unit"],
            signs=data["sign_rows"],
            key=data["key"] or new_key(),
        )
    except (LogFull, DatesMoved) as full:
        # The form comes back as typed, with the reason; nothing is stored.
        form.add_error(None, full)
        return _render_day(request, journey, day_n, status=422, forms={day_n: form})
    return _after_write(request, journey, day_n, f"entry-{entry.pk}", focus=entry.pk)


@require_POST
@limit_writes
def log_entry(request, pk):
    """Correct (action=save), remove (action=remove) or bring back (action=undo) an entry."""
    journey, refusal = _writable_journey(request)
    if refusal:
        return refusal
    entry = LogEntry.objects.filter(journey=journey, pk=pk).first()
    if entry is None:
        return problem(request, _("That entry is not in this log."), status=404)
    action = request.POST.get("action")
    if action == "remove":
        log_entry_remove(entry=entry)
    elif action == "undo":
        log_entry_restore(entry=entry)
    elif action == "save":
        signs = log_signs_for(request, journey.product)
        form = EntryForm(
            request.POST, journey=journey, day=entry.day, signs=signs, prefix=f"e{entry.pk}"
        )
        if not form.is_valid():
            return _render_day(
                request, journey, entry.day, status=422, edit={"pk": entry.pk, "form": form}
            )
        data = form.cleaned_data
        log_entry_correct(
            entry=entry,
            taken_at=data["taken_at"],
            temperature=data.get("temperature_value"),
            unit=data["unit"],
            signs=data["sign_rows"],
        )
    else:
        return problem(request, _("Choose Save, Remove or Undo."))
    log_entries_expire(journey=journey)
    return _after_write(request, journey, entry.day, f"entry-{entry.pk}", focus=entry.pk)


@require_POST
@limit_writes
def log_handwriting(request):
    journey, refusal = _writable_journey(request)
    if refusal:
        return refusal
    day_n, refusal = _day_or_problem(request, request.POST.get("day"), journey)
    if refusal:
        return refusal
    upload = request.FILES.get("image")
    data = b""
    if upload is not None:
        data = upload.read(200 * 1024 + 1)
    # A save made offline says which image of the day it saw (`seen`, static/js/offline.js);
    # a plain form does not, and replaces the day's image as before.
    seen = request.POST.get("seen")
    if seen is not None and not (seen == "" or SEEN_RE.fullmatch(seen)):
        return problem(request, _("This form is out of date. Please send it again."))
    expected = UNCHECKED if seen is None else (int(seen) if seen else None)
    try:
        handwriting_day_check(
            journey=journey,
            day=day_n,
            last_day=request.care_center.log_last_day,
            numbering=log_bounds_for(request, journey)[1],
            opened=request.POST.get("opened"),
            shown=request.POST.get("date"),
        )
        log_handwriting_save(journey=journey, day=day_n, data=data, expected=expected)
    except HandwritingConflict as conflict:
        response = problem(request, " ".join(conflict.messages), status=409)
        response["X-Conflict"] = "handwriting"
        return response
    except ValidationError as error:
        return _render_day(request, journey, day_n, status=422, errors={day_n: error.messages})
    # Focus (and the scroll) stay at the pad: the "saved" line beside it, never the first
    # button of the day (once "Remove the 08:00 entry", one Enter from deleting it).
    return _after_write(request, journey, day_n, f"handwriting-{day_n}", focus="handwriting")


@require_safe
def log_handwriting_image(request, day):
    journey = journey_open(device_of(request))
    row = None
    if journey is not None:
        row = LogDay.objects.filter(journey=journey, day=day).only("handwriting").first()
    if row is None:
        return problem(request, _("There is no handwriting for that day."), status=404)
    response = HttpResponse(bytes(row.handwriting), content_type="image/png")
    response["Cache-Control"] = "private, no-store"
    return response
