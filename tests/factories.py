"""Small builders: tests make the few rows they need instead of loading all content."""

import datetime
import itertools

from journeys.models import (
    CareCenter,
    ChecklistItem,
    GlossaryTerm,
    Guidance,
    Product,
    ProductStageNote,
    Question,
    Source,
    Stage,
    Status,
    Step,
    WarningSign,
)

_counter = itertools.count(1)


def source(**kw):
    n = next(_counter)
    defaults = {"slug": f"src-{n}", "title": f"Source {n}", "url": f"https://example.org/{n}"}
    return Source.objects.create(**(defaults | kw))


def _cited(obj, sources):
    obj.sources.set(sources or [source()])
    return obj


def product(sources=None, **kw):
    n = next(_counter)
    defaults = {
        "slug": f"product-{n}",
        "brand_name": f"Brand{n}",
        "generic_name": f"generic{n}",
        "manufacturer": "Maker",
        "target_antigen": "CD19",
        "costimulatory_domain": "4-1BB",
        "first_approval": datetime.date(2020, 1, 1),
        "summary": "A product.",
        "boxed_warning": "A warning.",
        "status": Status.PUBLISHED,
    }
    return _cited(Product.objects.create(**(defaults | kw)), sources)


def stage(sources=None, **kw):
    n = next(_counter)
    defaults = {
        "slug": f"stage-{n}",
        "order": n,
        "name": f"Stage {n}",
        "summary": "What this stage is.",
        "what_happens": "Things happen.",
        "duration_min_days": 1,
        "duration_max_days": 3,
        "status": Status.PUBLISHED,
    }
    return _cited(Stage.objects.create(**(defaults | kw)), sources)


def step(stage, sources=None, **kw):
    n = next(_counter)
    defaults = {"key": f"step-{n}", "order": n, "title": f"Step {n}", "body": "Do this."}
    return _cited(
        Step.objects.create(stage=stage, **(defaults | {"status": Status.PUBLISHED} | kw)), sources
    )


def guidance(stage, sources=None, **kw):
    n = next(_counter)
    defaults = {
        "key": f"g-{n}",
        "order": n,
        "kind": "do",
        "text": "Drink water.",
        "status": Status.PUBLISHED,
    }
    return _cited(Guidance.objects.create(stage=stage, **(defaults | kw)), sources)


def checklist_item(stage, sources=None, **kw):
    n = next(_counter)
    defaults = {
        "key": f"c-{n}",
        "order": n,
        "who": "caregiver",
        "text": "Pack a bag.",
        "status": Status.PUBLISHED,
    }
    return _cited(ChecklistItem.objects.create(stage=stage, **(defaults | kw)), sources)


def product_stage_note(stage, product, sources=None, **kw):
    defaults = {"text": "A note for this product."}
    return _cited(
        ProductStageNote.objects.create(
            stage=stage, product=product, **(defaults | {"status": Status.PUBLISHED} | kw)
        ),
        sources,
    )


def question(stage, sources=None, **kw):
    n = next(_counter)
    defaults = {"key": f"q-{n}", "order": n, "text": "What next?", "status": Status.PUBLISHED}
    return _cited(Question.objects.create(stage=stage, **(defaults | kw)), sources)


def warning_sign(sources=None, **kw):
    n = next(_counter)
    defaults = {
        "slug": f"sign-{n}",
        "order": n,
        "category": "crs",
        "name": f"Sign {n}",
        "symptoms": "- fever",
        "action": "call_care_team",
        "status": Status.PUBLISHED,
    }
    return _cited(WarningSign.objects.create(**(defaults | kw)), sources)


def glossary_term(sources=None, **kw):
    n = next(_counter)
    defaults = {
        "slug": f"term-{n}",
        "term": f"Term{n}",
        "definition": "Means a thing.",
        "status": Status.PUBLISHED,
    }
    return _cited(GlossaryTerm.objects.create(**(defaults | kw)), sources)


def care_center(**kw):
    defaults = {"name": "Test Center", "phone_day": "555-0100", "phone_after_hours": "555-0199"}
    center = CareCenter(**(defaults | kw))
    center.save()
    return center
