"""Patient and caregiver pages.

Each page is one function-based view. Under htmx the same URL answers with only
the part that changes (a template partial); a history-restore request (back
button, reload from htmx's cache miss) always gets the whole page.
"""

import re

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.decorators.vary import vary_on_headers

from journeys.caching.pages import cached_page, step_query
from journeys.content import selectors
from journeys.content.numbers import effective_numbers
from journeys.content.schedules import first_infusion_day, timed_stage, timed_stages
from journeys.content.timeline_picture import build_picture
from journeys.journey import session as keys
from journeys.journey.progress import check_answers_record, progress_mark_read, progress_of
from journeys.journey.services import journey_open, product_choose
from journeys.journey.session import device_of
from journeys.models import ChecklistItem, Guidance, Product
from journeys.ratelimits import limit_writes
from journeys.views.common import (
    back_to,
    page_context,
    problem,
    products_for,
    visitor_product,
    wants_fragment,
)
from journeys.whats_next import whats_next_for

STEP_RE = re.compile(r"[0-9]{1,3}")  # ASCII digits only: "²".isdigit() is True
ANSWER_RE = re.compile(r"[1-3]")


@require_http_methods(["GET", "HEAD", "POST"])
@limit_writes
@cached_page
def start(request):
    if request.method == "POST":
        slug = request.POST.get("product", "")
        role = request.POST.get("role", "")
        if role and role not in keys.ROLES:
            return problem(request, _("Please choose patient or caregiver."))
        try:
            product_choose(device=device_of(request), slug=slug, role=role)
        except Product.DoesNotExist:
            return problem(request, _("We do not know that product. Please pick from the list."))
        first = selectors.first_stage(preview=request.staff_preview)
        return redirect(first.get_absolute_url() if first else reverse("journeys:journey"))
    product = visitor_product(request)
    stages = selectors.stage_list(preview=request.staff_preview)
    context = page_context(request, items=stages, product=product)
    if request.session.get(keys.JOURNEY):  # only a device with a journey reads it
        journey = journey_open(device_of(request))
        if journey is not None:
            context["whats_next"] = whats_next_for(
                request, journey, product=journey.product or product
            )
    return render(request, "journeys/start.html", context)


@require_POST
@limit_writes
def choose_product(request):
    """The "change product" form on every journey page; returns to where it was sent from."""
    try:
        product = product_choose(device=device_of(request), slug=request.POST.get("product", ""))
    except Product.DoesNotExist:
        return problem(request, _("We do not know that product. Please pick from the list."))
    if product:
        messages.success(request, _("Showing the journey for %(name)s.") % {"name": product})
    else:
        messages.success(request, _("Showing the general journey for every product."))
    return HttpResponseRedirect(back_to(request, request.POST.get("next", "")))


@require_safe
@cached_page
def journey_overview(request):
    product = visitor_product(request)
    today = None
    if request.session.get(keys.JOURNEY):  # only a device with a journey reads it
        journey = journey_open(device_of(request))
        if journey is not None and journey.product:
            product = journey.product
        if journey is not None and journey.infusion_date:
            today = (timezone.localdate() - journey.infusion_date).days
    stages = selectors.stage_list(preview=request.staff_preview)
    context = page_context(request, items=stages, product=product)
    stages = timed_stages(
        stages, product=product, center=request.care_center, products=context["products"]
    )
    progress = progress_of(request.session)
    slugs = {s.slug for s in stages}
    context.update(
        stages=stages,
        progress=progress,
        progress_key=(frozenset(progress.read), frozenset(progress.checked)),
        read_count=len(progress.read & slugs),
        checked_count=len(progress.checked & slugs),
        picture=build_picture(
            stages=stages,
            numbers=context["numbers"],
            follow_up_days=request.care_center.follow_up_days or (),
            today=today,
            numbering=first_infusion_day(product),
        ),
    )
    return render(request, "journeys/journey.html", context)


@require_safe
@vary_on_headers("HX-Request", "HX-Target", "HX-History-Restore-Request")
def stage_detail(request, slug):
    """A stage, step by step. Reaching its last step marks it read on this device before
    the page cache is asked, so a page another device cached still counts as read here.
    The stage is read once for both (`stage_page` takes it), with no cache or with one."""
    stages = selectors.stage_list(preview=request.staff_preview)
    stage = selectors.stage_page(
        slug=slug,
        product=visitor_product(request),
        preview=request.staff_preview,
        role=request.session.get(keys.ROLE, ""),
        stages=stages,
    )
    _mark_read_at_last_step(request, stage)
    return stage_page(request, slug, stage=stage, stages=stages)


def _mark_read_at_last_step(request, stage):
    if not request.session.session_key:
        return  # reading alone never makes a session: only a device that has one keeps it
    raw_step = request.GET.get("step", "1")
    if stage is None or not STEP_RE.fullmatch(raw_step):
        return  # the page answers 404
    if int(raw_step) == max(len(stage.visible_steps), 1):
        progress_mark_read(session=request.session, stage_slug=stage.slug)


@cached_page(query=step_query)
def stage_page(request, slug, *, stage, stages):
    """`stage`: selectors.stage_page for this request's product, role and preview, from
    `stages` (selectors.stage_list, read once for both)."""
    product = visitor_product(request)
    if stage is None:
        raise Http404(_("There is no such stage."))
    steps = stage.visible_steps
    raw_step = request.GET.get("step", "1")
    if not STEP_RE.fullmatch(raw_step) or not 1 <= int(raw_step) <= max(len(steps), 1):
        raise Http404(_("There is no such step in this stage."))
    number = int(raw_step)
    position = next(i for i, s in enumerate(stages) if s.pk == stage.pk)
    guidance = stage.visible_guidances
    items = [stage, *steps, *guidance, *stage.visible_checklistitems]
    items += [*stage.visible_questions, *stage.visible_notes]
    context = page_context(request, items=items, product=product)
    context.update(
        stage=stage,
        timing=timed_stage(
            stage, product=product, center=request.care_center, products=context["products"]
        ),
        steps=steps,
        step=steps[number - 1] if steps else None,
        step_number=number,
        step_count=len(steps),
        previous_stage=stages[position - 1] if position > 0 else None,
        next_stage=stages[position + 1] if position + 1 < len(stages) else None,
        stage_number=position + 1,
        stage_count=len(stages),
        dos=[g for g in guidance if g.kind == Guidance.Kind.DO],
        donts=[g for g in guidance if g.kind == Guidance.Kind.DONT],
        caregiver_items=[
            c for c in stage.visible_checklistitems if c.who == ChecklistItem.Who.CAREGIVER
        ],
        patient_items=[
            c for c in stage.visible_checklistitems if c.who == ChecklistItem.Who.PATIENT
        ],
        warning_signs=stage.visible_warning_signs,
    )
    context["checks"] = _check_views(stage, steps, progress_of(request.session))
    context["check_answered"] = any(c["chosen"] for c in context["checks"])
    template = "journeys/stage_detail.html"
    if wants_fragment(request):
        template += "#step-panel" if request.htmx.target == "step-panel" else "#stage-main"
    return render(request, template, context)


def _check_views(stage, steps, progress):
    """Each check question of the stage with this device's answer, if any, and the step
    (its number on this page) that explains it."""
    numbers = {step.key: (i, step) for i, step in enumerate(steps, start=1)}
    views = []
    for question in stage.visible_checkquestions:
        chosen = progress.answer(question)
        number, step = numbers.get(question.step_key, (None, None))
        # The form's names and ids as text here: a number written by the template goes
        # through number formatting, eight times a question.
        name = f"q-{question.pk}"
        answers = [
            {
                "n": n,
                "id": f"q{question.pk}-{n}",
                "value": str(n),
                "field": f"answer_{n}",
                "explain": f"explain_{n}",
                "chosen": n == chosen,
            }
            for n in question.ANSWERS
        ]
        views.append(
            {
                "question": question,
                "id": f"check-{question.pk}",
                "name": name,
                "answers": answers,
                "chosen": next((a for a in answers if a["chosen"]), None),
                "right": None if chosen is None else chosen == question.correct,
                "step_number": number,
                "step": step,
            }
        )
    # Once any question is answered, the ones left say so (a set half done looks done).
    some = any(view["chosen"] for view in views)
    for view in views:
        view["missing"] = some and view["chosen"] is None
    return views


@require_POST
@limit_writes
def stage_check(request, slug):
    """The stage's "check your understanding" form: keeps the answers on this device,
    counts first answers for staff (no one's answers are stored), shows why."""
    product = visitor_product(request)
    role = request.session.get(keys.ROLE, "")
    stage = selectors.stage_page(
        slug=slug, product=product, preview=request.staff_preview, role=role
    )
    if stage is None:
        raise Http404(_("There is no such stage."))
    questions = stage.visible_checkquestions
    answers = {}
    for question in questions:
        raw = request.POST.get(f"q-{question.pk}", "")
        if raw and not ANSWER_RE.fullmatch(raw):
            return problem(request, _("Please choose one of the answers."))
        if raw:
            answers[question] = int(raw)
    url = stage.get_absolute_url()
    if not answers:
        message = _("Please choose an answer to at least one question.")
        if not wants_fragment(request):
            return problem(
                request, message, back=(url + "#check-section", _("Back to the questions"))
            )
        # htmx swaps the section back with the message in it (app.js swaps a 422).
        context = page_context(request, product=product)
        checks = _check_views(stage, stage.visible_steps, progress_of(request.session))
        context.update(stage=stage, checks=checks, check_problem=message)
        return render(request, "journeys/stage_detail.html#check-section", context, status=422)
    check_answers_record(session=request.session, stage=stage, questions=questions, answers=answers)
    if not wants_fragment(request):
        return redirect(url + "#check-results")
    steps = stage.visible_steps
    context = page_context(request, product=product)
    checks = _check_views(stage, steps, progress_of(request.session))
    context.update(stage=stage, checks=checks, check_answered=True)
    return render(request, "journeys/stage_detail.html#check-section", context)


@require_safe
@cached_page
def product_list(request):
    products = products_for(request)
    context = page_context(request, items=products, product=visitor_product(request))
    context["product_list"] = products
    return render(request, "journeys/product_list.html", context)


@require_safe
@cached_page
def product_detail(request, slug):
    listed = next((p for p in products_for(request) if p.slug == slug), None)
    if listed is None:
        raise Http404(_("We do not know that product."))
    item = selectors.product_page(product=listed, preview=request.staff_preview)
    context = page_context(
        request, items=[item, *item.visible_indications], product=visitor_product(request)
    )
    context.update(
        item=item, item_numbers=effective_numbers(center=request.care_center, product=item)
    )
    return render(request, "journeys/product_detail.html", context)


@require_safe
@cached_page
def urgent(request):
    product = visitor_product(request)
    signs = selectors.warning_signs(product=product, preview=request.staff_preview)
    context = page_context(request, items=signs.all, product=product)
    context.update(emergency_signs=signs.emergency, care_team_signs=signs.care_team)
    return render(request, "journeys/urgent.html", context)


@require_safe
@cached_page
def glossary_list(request):
    terms = selectors.glossary_terms(preview=request.staff_preview)
    context = page_context(request, items=terms, product=visitor_product(request))
    context["terms"] = terms
    return render(request, "journeys/glossary_list.html", context)


@require_safe
@vary_on_headers("HX-Request", "HX-History-Restore-Request")
@cached_page
def glossary_detail(request, slug):
    term = selectors.glossary_term(slug=slug, preview=request.staff_preview)
    if term is None:
        raise Http404(_("That word is not in the glossary."))
    context = page_context(request, items=[term], product=visitor_product(request))
    context["term"] = term
    context["glossary_seen"].add(term.slug)
    template = "journeys/glossary_detail.html"
    if wants_fragment(request):
        template += "#definition"
    return render(request, template, context)


@require_safe
@cached_page
def about(request):
    preview = request.staff_preview
    stages = selectors.stage_list(
        preview=preview, fields=("name", "slug", "last_reviewed", "review_every")
    )
    products = products_for(request)
    context = page_context(request, product=visitor_product(request))
    context.update(
        cookie_days=settings.SESSION_COOKIE_AGE // 86400,
        language_cookie_days=settings.LANGUAGE_COOKIE_AGE // 86400,
        idle_days=settings.JOURNEY_IDLE_DAYS,
        source_groups=selectors.sources_by_kind(),
        reviewed_stages=stages,
        reviewed_products=products,
    )
    return render(request, "journeys/about.html", context)


@require_safe
@cached_page
def resource_detail(request, slug):
    resource = selectors.resource(slug=slug, preview=request.staff_preview)
    if resource is None:
        raise Http404(_("That page of further reading does not exist."))
    context = page_context(request, items=[resource], product=visitor_product(request))
    context["resource"] = resource
    return render(request, "journeys/resource_detail.html", context)


CHANGES_PER_PAGE = 30


@require_safe
def changes(request):
    """What a medical reviewer published, and when, with the reviewer's one-line reason.

    Newest first, 30 to a page. Only items that are published now are listed, with the
    words they were published with (never a draft or a waiting edit). The reason is staff
    text: shown as written and marked with its language; the page around it is translated.
    """
    from django.core.paginator import Paginator

    from journeys.models import PublishedChange, still_published

    entries = still_published(PublishedChange.objects.select_related("content_type"))
    paginator = Paginator(entries.order_by("-published_at", "-pk"), CHANGES_PER_PAGE)
    raw = request.GET.get("page", "1")
    number = int(raw) if raw.isascii() and raw.isdigit() else 0
    if not 1 <= number <= paginator.num_pages:
        return problem(request, _("There is no such page of changes."), status=404)
    context = page_context(request, product=visitor_product(request))
    context.update(page=paginator.page(number))
    return render(request, "journeys/changes.html", context)
