"""/print/: build the packet a family takes home, then print it as one page.

A GET form: every choice is in the URL. The language is the page's own (/print/ or
/es/print/): a form that asks for the other one is sent there, choices kept.
"""

import datetime
import urllib.parse

from django.conf import settings
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from journeys.caching.content import content
from journeys.caching.pages import cached_page
from journeys.content import selectors
from journeys.content.numbers import effective_numbers
from journeys.content.packet import (
    LOG_DAYS,
    PAPERS,
    PARTS,
    PacketError,
    TermsLinked,
    packet_choice,
    packet_contents,
    packet_estimate,
    sign_lines,
)
from journeys.content.schedules import first_infusion_day
from journeys.content.search.index import searchable_rows
from journeys.content.translations import reader_language
from journeys.journey import session as keys
from journeys.journey.services import journey_open
from journeys.journey.session import device_of
from journeys.views.common import page_context, problem, products_for, visitor_product


def _packet_query(request):
    """What of the query string the packet reads (the page cache's key): the form's choices,
    each one value from a short list (anything else is refused with a 400)."""
    query = request.GET
    parts = [("part", part) for part in sorted(set(query.getlist("part")))]
    names = ("paper", "lang", "product", "ahead")
    return parts + [(name, query[name]) for name in names if name in query]


@never_cache  # the cover may carry this device's dates (a device with a journey is not cached)
@require_safe
@cached_page(query=_packet_query)
def packet(request):
    # the packet never shows drafts: a staff preview's own list holds them
    products = selectors.products(preview=False) if request.staff_preview else products_for(request)
    language = reader_language()
    try:
        choice = packet_choice(
            request.GET,
            language=language,
            languages=[code for code, _name in settings.LANGUAGES],
            product_slugs={p.slug for p in products},
        )
    except PacketError as error:
        return problem(request, error.message, status=400)
    if choice.language != language:
        with translation.override(choice.language):
            target = reverse("journeys:packet")
        return redirect(f"{target}?{urllib.parse.urlencode(list(request.GET.lists()), doseq=True)}")

    journey = journey_open(device_of(request))
    if choice.product_slug:
        product = next(p for p in products if p.slug == choice.product_slug)
    elif journey is not None and journey.product_id:
        product = next((p for p in products if p.pk == journey.product_id), None)
    else:
        product = visitor_product(request)
    dated = journey if journey is not None and journey.infusion_date else None
    if dated is not None and dated.product_id not in (None, getattr(product, "pk", None)):
        dated = None  # a packet for another product than this device's journey: no dates
    day_today = (timezone.localdate() - dated.infusion_date).days if dated else None

    context = page_context(request, product=product)
    role = request.session.get(keys.ROLE, "")
    context.update(
        choice=choice,
        parts=[(key, name, key in choice.parts) for key, name in PARTS.items()],
        papers=PAPERS.items(),
        languages=settings.LANGUAGES,
        all_products=products,
        journey=dated,
        day_today=day_today,
        center=request.care_center,
        log_days=[
            # Shown in the product's own numbering (Aucatzyl: its first infusion is day 1).
            (
                n + first_infusion_day(product),
                dated.infusion_date + datetime.timedelta(days=n) if dated else None,
            )
            for n in range(min(LOG_DAYS, request.care_center.log_last_day) + 1)
        ],
        checks=range(request.care_center.temperature_checks_per_day),
        numbers=effective_numbers(center=request.care_center, product=product, products=products),
        print_page=True,
        paper_css=f"css/paper-{choice.paper}.css",
    )
    context["part_names"] = [name for key, name, on in context["parts"] if on]

    def make():
        """The packet document, and for the estimate the share of the stages it prints and
        the warning signs' printed lines."""
        contents = packet_contents(
            rows=searchable_rows(product=product, html=True), day_today=day_today, role=role
        )
        stages = contents["ahead"] if choice.ahead_only else contents["stages"]
        doc = {
            **context,
            "print_stages": stages,
            "checklist_stages": [s for s in contents["stages"] if s.caregiver_items],
            "question_stages": [s for s in stages if s.questions],
            "emergency_signs": contents["emergency_signs"],
            "care_team_signs": contents["care_team_signs"],
            # The terms the parts above link as they render ({% prose %}).
            "used_terms": TermsLinked(contents["terms"], context["glossary_seen"]),
        }
        html = render_to_string("journeys/packet.html#packet-doc", doc, request)
        signs = [*contents["emergency_signs"], *contents["care_team_signs"]]
        return html, len(stages) / max(len(contents["stages"]), 1), sign_lines(signs)

    # The document shows the content (kept per content version), the reader's language,
    # the product and role and the parts: kept on those. With a journey's dates on its
    # cover it is built for this request: nothing of a journey is kept in a process.
    # "estimate-2": the kept value holds the signs' lines too (a value kept before has not).
    key = ("packet", "estimate-2", reader_language(), getattr(product, "pk", None), role)
    key += (choice.parts,)
    key += (choice.ahead_only,)
    kept = not (request.staff_preview or dated or day_today is not None)
    html, share, signs_lines = content(key, make) if kept else make()
    context.update(
        packet_html=mark_safe(html),  # noqa: S308 - rendered by the template above
        estimate=packet_estimate(choice, stage_share=share, signs_lines=signs_lines),
    )
    return render(request, "journeys/packet.html", context)
