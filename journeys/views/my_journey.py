"""The patient's own journey: dates, checklists, calendar, wallet card, sharing, forget-me.

Nothing here asks who the patient is. A journey is made only when the patient
personalises something, and it holds a product, dates and ticked items.
"""

import hashlib
import re

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.decorators.vary import vary_on_headers

from journeys.caching.pages import cached_page
from journeys.content import checklists as checklist_selectors
from journeys.content import selectors
from journeys.content.numbers import second_day
from journeys.content.schedules import first_infusion_day, timed_stages
from journeys.content.timeline_picture import build_picture
from journeys.content.translations import localize
from journeys.journey import session as keys
from journeys.journey.calendar import timeline_to_ics
from journeys.journey.progress import progress_of
from journeys.journey.qr import qr_svg
from journeys.journey.services import (
    LinkTurnedOff,
    OwnJourneyWouldBeDropped,
    checked_item_ids,
    journey_for_token,
    journey_forget,
    journey_get_or_create,
    journey_is_owner,
    journey_join,
    journey_leave,
    journey_link_turned_off,
    journey_may_edit_dates,
    journey_open,
    journey_owned_here,
    journey_set_check,
    journey_share,
)
from journeys.journey.session import device_of
from journeys.journey.timeline import build_timeline, mark_today, undated_notes
from journeys.log.renumber import AskFirst, OutOfReach, log_dates_set
from journeys.log.selectors import log_bounds, log_entry_days, log_has_items
from journeys.ratelimits import limit_writes
from journeys.views.common import page_context, problem, visitor_product, wants_fragment
from journeys.views.dates_form import DatesForm, ask_context
from journeys.whats_next import whats_next_for

ITEM_RE = re.compile(r"[0-9]{1,12}")  # ASCII digits only: "²".isdigit() is True


def _dated_timeline(*, infusion_date, collection_date, center, product, today, language, preview):
    """The milestones for these dates, marked against today, in the active `language`.

    Built for each request: a journey's dates are never kept in a process.
    """
    timeline = build_timeline(
        infusion_date=infusion_date,
        collection_date=collection_date,
        center=center,
        product=product,
    )
    return localize(mark_today(timeline, today), language=language, preview=preview)


#: The windows of the dated plan, by their effective_numbers name (timeline._windows).
_WINDOW_NAMES = {
    "daily_monitoring_days": gettext_lazy("Daily checks by your care team"),
    "stay_near_days": gettext_lazy("Stay near your treatment center"),
    "caregiver_days": gettext_lazy("A caregiver stays with you"),
    "no_driving_days": gettext_lazy("No driving"),
}


def _not_sure_notes(numbers):
    """ "Not sure yet": the dated plan uses the shortest times; say which products need
    longer ("No driving: Aucatzyl: at least 8 weeks.")."""
    notes = getattr(numbers, "by_product", {}) or {}
    return [
        _("%(window)s, with some products: %(note)s")
        % {"window": _WINDOW_NAMES[name], "note": note}
        for name, note in notes.items()
        if name in _WINDOW_NAMES
    ]


def journey_context(request, journey, *, with_timeline=True):
    product = journey_product(request, journey)
    center = request.care_center
    context = page_context(request, product=product)
    context.update(
        journey=journey,
        is_owner=journey_is_owner(device_of(request)),
        link_turned_off=journey is None and journey_link_turned_off(device_of(request)),
        may_edit_dates=journey_may_edit_dates(device_of(request), journey),
        center=center,
    )
    if with_timeline and journey and journey.infusion_date:
        today = timezone.localdate()
        context["timeline"] = _dated_timeline(
            infusion_date=journey.infusion_date,
            collection_date=journey.collection_date,
            center=center,
            product=product,
            today=today,
            language=get_language(),
            preview=request.staff_preview,
        )
        context["timeline_notes"] = undated_notes(center=center, product=product)
        context["timeline_notes"] += _not_sure_notes(context["numbers"])
        context["timeline_today"] = today  # the day the timeline is marked against
        context["day_today"] = (today - journey.infusion_date).days
        # The day number pages show: the product's own numbering (Aucatzyl: day 1).
        context["day_number_today"] = context["day_today"] + first_infusion_day(product)
    if journey and journey.token:
        context["share_url"] = request.build_absolute_uri(
            reverse("journeys:join_shared", args=[journey.token])
        )
        # Drawn by its own URL (share_qr below), not on every view of this page: a QR
        # code takes about 6 ms to draw. `v` changes with the link, so a browser may keep it.
        context["share_qr_url"] = reverse("journeys:share_qr") + f"?v={_link_version(journey)}"
    return context


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@limit_writes
def my_journey(request):
    journey = journey_open(device_of(request))
    if request.method == "POST":
        context = journey_context(request, journey)
        form = DatesForm(request.POST, **_form_kwargs(context))
        if not form.is_valid():
            context["form"] = form
            _add_picture_and_next(request, journey, context)
            return render(request, "journeys/my_journey.html", context, status=400)
        if not journey_may_edit_dates(device_of(request), journey):
            return problem(request, _("Only the patient can change these dates."), status=403)
        try:
            journey = journey_get_or_create(device=device_of(request))
        except LinkTurnedOff:
            return link_turned_off_page(request, reverse("journeys:my_journey"))
        first_day, numbering = log_bounds(context["product"])
        try:
            shift = log_dates_set(
                device=device_of(request),
                journey=journey,
                infusion_date=form.cleaned_data["infusion_date"],
                collection_date=form.cleaned_data["collection_date"],
                first_day=first_day,
                last_day=context["center"].log_last_day,
                confirm=request.POST.get("confirm", ""),
            )
        except (AskFirst, OutOfReach) as refused:
            # Nothing saved; the form comes back as typed, with the question or the reason.
            status = 409
            if isinstance(refused, AskFirst):
                context["ask"] = ask_context(refused.shift, numbering=numbering)
            else:
                form.add_error("infusion_date", refused)
                status = 400
            context["form"] = form
            _add_picture_and_next(request, journey, context)
            return render(request, "journeys/my_journey.html", context, status=status)
        if shift.days and shift.in_log:
            messages.success(
                request,
                _(
                    "Your dates are saved. Your daily log now counts its days from the new "
                    "date; each reading kept the date it was taken. Your timeline is below."
                ),
            )
        else:
            messages.success(request, _("Your dates are saved. Your timeline is below."))
        return redirect(reverse("journeys:my_journey") + "#timeline")
    initial = {}
    if journey:
        initial = {
            "infusion_date": journey.infusion_date,
            "collection_date": journey.collection_date,
        }
    context = journey_context(request, journey)
    context["form"] = DatesForm(initial=initial, **_form_kwargs(context))
    _add_picture_and_next(request, journey, context)
    return render(request, "journeys/my_journey.html", context)


def _add_picture_and_next(request, journey, context):
    """The timeline picture (today marked) and "what's next", when the dates are set."""
    if "timeline" not in context:
        return
    progress = progress_of(request.session)
    stages = timed_stages(
        selectors.stage_list(preview=request.staff_preview),
        product=context["product"],
        center=context["center"],
        products=context["products"],
    )
    context.update(
        progress=progress,
        progress_key=frozenset(progress.read),
        picture=build_picture(
            stages=stages,
            numbers=context["numbers"],
            follow_up_days=context["center"].follow_up_days or (),
            today=context["day_today"],
            numbering=first_infusion_day(context["product"]),
        ),
        whats_next=whats_next_for(  # with what this page read already
            request,
            journey,
            product=context["product"],
            today=context["timeline_today"],
            timeline=context["timeline"],
            stages=stages,
            entry_days=_entry_days(context),
        ),
    )


def _entry_days(context):
    """The log's days holding a reading, read once (the dates form and "what's next" ask)."""
    if "log_entry_days" not in context:
        context["log_entry_days"] = log_entry_days(journey=context["journey"])
    return context["log_entry_days"]


def _form_kwargs(context):
    journey = context["journey"]
    return {
        "split_dose": context["numbers"]["split_dose"],
        "second_infusion_day": second_day(context["product"]),
        # Said before the form is sent: a new date renumbers the log, each reading stays.
        "has_log": bool(
            journey
            and journey.infusion_date
            and log_has_items(journey=journey, entry_days=_entry_days(context))
        ),
    }


@never_cache
@require_safe
def calendar_file(request):
    journey = journey_open(device_of(request))
    if journey is None or journey.infusion_date is None:
        return problem(
            request, _("Enter your infusion date first, then download the calendar."), status=404
        )
    context = journey_context(request, journey)

    def make():
        return timeline_to_ics(
            context["timeline"], journey_key=str(journey.pk), center=context["center"]
        )

    body = make()  # a journey's dates: built for this request, never kept
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    name = _("car-t-journey")  # in the reader's language (ASCII, as every browser keeps it)
    response["Content-Disposition"] = f'attachment; filename="{name}.ics"'
    return response


@never_cache
@require_safe
def wallet_card(request):
    journey = journey_open(device_of(request))
    context = journey_context(request, journey, with_timeline=False)
    signs = selectors.warning_signs(product=context["product"], preview=request.staff_preview)
    context.update(emergency_signs=signs.emergency, care_team_signs=signs.care_team)
    return render(request, "journeys/wallet_card.html", context)


def _link_version(journey):
    return hashlib.sha256(journey.token.encode()).hexdigest()[:12]


@require_safe
def share_qr(request):
    """The QR code of this device's share link, as an SVG image (owner only)."""
    journey = journey_open(device_of(request))
    if journey is None or not journey.token or not journey_is_owner(device_of(request)):
        return problem(request, _("There is no share link on this phone."), status=404)
    url = request.build_absolute_uri(reverse("journeys:join_shared", args=[journey.token]))
    svg = qr_svg(url, label=_("QR code of your share link"), standalone=True)
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=86400"
    return response


@require_POST
@limit_writes
def share(request):
    journey = journey_open(device_of(request))
    if journey is None or not journey_is_owner(device_of(request)):
        return problem(
            request, _("Only the device that made this journey can change sharing."), status=403
        )
    turn_on = request.POST.get("sharing") == "on"
    if not turn_on and request.POST.get("confirm") != "yes":
        # Turning sharing off cuts the caregiver off at once: ask first, with the way back.
        return render(request, "journeys/share_off.html", page_context(request))
    may_edit = request.POST.get("caregiver_may_edit_dates") == "on"
    journey_share(journey=journey, on=turn_on, caregiver_may_edit_dates=may_edit)
    if turn_on:
        messages.success(
            request, _("Sharing is on. Anyone with the link can see and tick the checklist.")
        )
    else:
        messages.success(request, _("Sharing is off. The old link no longer works."))
    return redirect(reverse("journeys:my_journey") + "#share")


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@limit_writes
def forget(request):
    journey = journey_open(device_of(request))
    if request.method == "POST":
        following = journey is not None and not journey_is_owner(device_of(request))
        if following or (journey is None and journey_link_turned_off(device_of(request))):
            journey_leave(device=device_of(request))
            context = page_context(request) | {"left": True}
            return _cleared(render(request, "journeys/forgotten.html", context))
        journey_forget(device=device_of(request), journey=journey)
        return _cleared(render(request, "journeys/forgotten.html", page_context(request)))
    context = journey_context(request, journey)
    return render(request, "journeys/forget.html", context)


def _cleared(response):
    """Nothing of the journey stays on this phone (issue 31): the browser empties this site's
    HTTP cache and its storage (the offline copies of pages, the entries waiting to be sent,
    the service worker). Cookies stay: a staff login is not touched, and the session was
    already emptied. The page also tells offline.js to do the same (`data-offline-forget`),
    for a browser that does not know this header."""
    response["Clear-Site-Data"] = '"cache", "storage"'
    return response


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@limit_writes
def join_shared(request, token):
    """A share link asks first ("Follow this journey on this phone?"); only a POST joins."""
    journey = journey_for_token(token)
    if journey is None:
        return problem(
            request,
            _("This shared link does not work. It may have been turned off. Ask for a new link."),
            status=404,
            title=_("This link does not work"),
        )
    owned = journey_owned_here(device_of(request))
    if request.method == "POST":
        # Who is joining: the page asks (a caregiver, most often), so "For you" shows the
        # right tasks from the first page on.
        role = request.POST.get("role", keys.ROLES[1])
        if role not in keys.ROLES:
            return problem(request, _("Please choose who you are."))
        try:
            journey_join(
                device=device_of(request),
                journey=journey,
                replace_own=request.POST.get("replace") == "yes",
            )
        except OwnJourneyWouldBeDropped:
            return problem(
                request,
                _(
                    "This phone already has its own journey. Tick the box to stop following "
                    "it on this phone, or keep it and ignore the link."
                ),
                status=409,
                title=_("This phone has its own journey"),
            )
        if owned == journey.pk:
            messages.info(request, _("This is your own journey. Nothing changed."))
            return redirect("journeys:my_journey")
        request.session[keys.ROLE] = role
        messages.success(
            request,
            _(
                "You are now following this journey. Ticks you make here are shared with "
                "the patient."
            ),
        )
        return redirect("journeys:checklists")
    context = page_context(request) | {
        "token": token,
        "own": owned == journey.pk,
        "has_own": owned is not None and owned != journey.pk,
        "following": request.session.get(keys.JOURNEY) == journey.pk and owned is None,
    }
    return render(request, "journeys/join.html", context)


def link_turned_off_page(request, page):
    """Refuse to save through a share link that was turned off, and say so.

    Under htmx the refusal must not look like a saved tick: HX-Redirect reloads the page,
    which then shows the notice.
    """
    response = problem(
        request,
        _("This link was turned off. Ask for a new one."),
        status=409,
        title=_("This link was turned off"),
    )
    if request.htmx:
        response["HX-Redirect"] = page
    return response


def journey_product(request, journey):
    return journey.product if journey and journey.product else visitor_product(request)


def _caregiver_stages(request, journey):
    """Stages with their caregiver items for this journey, each marked checked or not."""
    checked_ids = checked_item_ids(journey) if journey else set()
    return checklist_selectors.caregiver_stages(
        product=journey_product(request, journey),
        preview=request.staff_preview,
        checked_ids=checked_ids,
    )


def _ticked(stages):
    """Which items the list shows ticked: all it shows beyond the content (a kept key)."""
    return frozenset(i.pk for s in stages for i in s.caregiver_items if i.checked)


@never_cache
@vary_on_headers("HX-Request", "HX-History-Restore-Request")
@require_http_methods(["GET", "HEAD", "POST"])
@limit_writes
@cached_page
def checklists(request):
    journey = journey_open(device_of(request))
    if request.method == "POST":
        raw_item, stage_slug = request.POST.get("item", ""), request.POST.get("stage", "")
        item = None
        if ITEM_RE.fullmatch(raw_item):
            preview = request.staff_preview
            item = checklist_selectors.caregiver_item(pk=int(raw_item), preview=preview)
        if item is None:
            return problem(request, _("That checklist item does not exist."))
        if item.stage.slug != stage_slug:
            return problem(request, _("That checklist item belongs to another stage."))
        if request.POST.get("checked") not in {"0", "1"}:
            return problem(request, _("Please tick or untick the item."))
        try:
            journey = journey_get_or_create(device=device_of(request))
        except LinkTurnedOff:
            return link_turned_off_page(request, reverse("journeys:checklists"))
        journey_set_check(journey=journey, item=item, checked=request.POST["checked"] == "1")
        if not request.htmx:
            return redirect(reverse("journeys:checklists") + f"#item-{item.pk}")
    stages, total, left = _caregiver_stages(request, journey)
    context = journey_context(request, journey, with_timeline=False)
    context.update(stages=stages, total=total, left=left, ticked=_ticked(stages))
    template = "journeys/checklists.html"
    if request.method == "POST" and wants_fragment(request):
        context["item"] = next(i for s in stages for i in s.caregiver_items if i.pk == item.pk)
        context["stage"] = item.stage
        template += "#checklist-item"
        response = render(request, template, context)
        response.write(
            render(
                request, "journeys/checklists.html#checklist-count", context | {"oob": True}
            ).content
        )
        return response
    return render(request, template, context)


@never_cache
@require_safe
@cached_page
def checklist_print(request):
    journey = journey_open(device_of(request))
    stages, total, left = _caregiver_stages(request, journey)
    context = journey_context(request, journey, with_timeline=False)
    context.update(stages=stages, total=total, left=left, ticked=_ticked(stages), print_page=True)
    signs = selectors.warning_signs(product=context["product"], preview=request.staff_preview)
    context.update(emergency_signs=signs.emergency, care_team_signs=signs.care_team)
    return render(request, "journeys/checklist_print.html", context)
