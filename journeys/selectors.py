"""The reads that build patient pages. Views call one of these and render.

Every function takes `preview` explicitly: False for patients (published rows only),
True while a staff member previews drafts and waiting edits (StaffPreviewMiddleware).
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from .models import (
    ChecklistItem,
    Guidance,
    Indication,
    Product,
    ProductStageNote,
    Question,
    Resource,
    Stage,
    Step,
    WarningSign,
)


def signs_for_product(signs, product):
    """The warning signs that matter for `product`: general ones plus its own.

    `signs` must have `products` prefetched; "not sure yet" (None) gets the general ones.
    """
    return [
        sign
        for sign in signs
        if not sign.products.all() or (product is not None and product in sign.products.all())
    ]


@dataclass
class WarningSigns:
    """Warning signs for one product, split by whom to call."""

    all: list
    emergency: list = field(init=False)
    care_team: list = field(init=False)

    def __post_init__(self):
        self.emergency = [s for s in self.all if s.action == WarningSign.Action.CALL_EMERGENCY]
        self.care_team = [s for s in self.all if s.action == WarningSign.Action.CALL_CARE_TEAM]


def warning_signs(*, product, preview, with_sources=False):
    """The warning signs for `product` (None = "not sure yet"), split by whom to call."""
    related = ("sources", "products") if with_sources else ("products",)
    signs = WarningSign.objects.published(preview=preview).prefetch_related(*related)
    return WarningSigns(signs_for_product(signs, product))


def stage_list(*, preview, fields=None):
    """The stages in journey order; `fields` limits the columns read."""
    stages = Stage.objects.published(preview=preview)
    return list(stages.only(*fields) if fields else stages.prefetch_related("sources"))


def first_stage(*, preview):
    return Stage.objects.published(preview=preview).order_by("order").first()


def _further_reading(preview):
    return Prefetch(
        "resources",
        queryset=Resource.objects.published(preview=preview).only("slug", "title", "publisher"),
        to_attr="visible_resources",
    )


def _stage_children(model, product, preview, role):
    name = model._meta.model_name
    return Prefetch(
        f"{name}s",
        queryset=model.objects.published(preview=preview)
        .for_product(product)
        .for_role(role)
        .prefetch_related("sources"),
        to_attr=f"visible_{name}s",
    )


def stage_pages(*, product, preview, role=""):
    """Stages with everything a stage page shows, for `product` and the reader's `role`.

    Each stage gets `visible_steps`, `visible_guidances`, `visible_checklistitems`,
    `visible_questions` (rows for everyone plus the product's own), `visible_notes` (the
    product's note), `all_warning_signs` and `visible_resources`.
    """
    notes = ProductStageNote.objects.published(preview=preview).filter(product=product)
    return Stage.objects.published(preview=preview).prefetch_related(
        "sources",
        *(
            _stage_children(m, product, preview, role)
            for m in (Step, Guidance, ChecklistItem, Question)
        ),
        Prefetch("product_notes", notes.prefetch_related("sources"), to_attr="visible_notes"),
        Prefetch(
            "warning_signs",
            queryset=WarningSign.objects.published(preview=preview).prefetch_related("products"),
            to_attr="all_warning_signs",
        ),
        _further_reading(preview),
    )


def product_pages(*, preview):
    """Products with `visible_indications` and `visible_resources`."""
    indications = Indication.objects.published(preview=preview).prefetch_related("sources")
    return Product.objects.published(preview=preview).prefetch_related(
        "sources",
        Prefetch("indications", queryset=indications, to_attr="visible_indications"),
        _further_reading(preview),
    )


def caregiver_stages(*, product, preview, checked_ids=frozenset()):
    """Stages that have caregiver items for `product`, each item marked `checked` or not.

    Returns (stages, total items, items left).
    """
    items = (
        ChecklistItem.objects.published(preview=preview)
        .for_product(product)
        .filter(who=ChecklistItem.Who.CAREGIVER)
    )
    stages = list(
        Stage.objects.published(preview=preview).prefetch_related(
            Prefetch("checklistitems", queryset=items, to_attr="caregiver_items")
        )
    )
    total = left = 0
    for stage in stages:
        for item in stage.caregiver_items:
            item.checked = item.pk in checked_ids
            total += 1
            left += not item.checked
    return [s for s in stages if s.caregiver_items], total, left


def caregiver_item(*, pk, preview):
    """One caregiver checklist item with its stage, or None."""
    return (
        ChecklistItem.objects.published(preview=preview)
        .select_related("stage")
        .filter(pk=pk, who=ChecklistItem.Who.CAREGIVER)
        .first()
    )
