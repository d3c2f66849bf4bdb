"""The reads that build patient pages. Views call one of these and render.

Every function takes `preview` explicitly: False for patients (published rows only),
True while a staff member previews drafts and waiting edits (StaffPreviewMiddleware).
Functions marked `@kept` return objects each process keeps until the content changes
(journeys/memo.py): read them, never change them.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, prefetch_related_objects

from .glossary import GlossaryLinker
from .memo import kept
from .models import (
    CareCenter,
    ChecklistItem,
    GlossaryTerm,
    Guidance,
    Indication,
    Product,
    ProductStageNote,
    Question,
    Resource,
    Source,
    Stage,
    Step,
    WarningSign,
)


def signs_for_product(signs, product):
    """The warning signs that matter for `product`: general ones plus its own, in SQL.

    A sign limited to no product is for everyone; "not sure yet" (None) gets those only.
    """
    if product is None:
        return signs.filter(products__isnull=True)
    return signs.filter(Q(products__isnull=True) | Q(products=product)).distinct()


@dataclass
class WarningSigns:
    """Warning signs for one product, split by whom to call."""

    all: list
    emergency: list = field(init=False)
    care_team: list = field(init=False)

    def __post_init__(self):
        self.emergency = [s for s in self.all if s.action == WarningSign.Action.CALL_EMERGENCY]
        self.care_team = [s for s in self.all if s.action == WarningSign.Action.CALL_CARE_TEAM]


@kept
def warning_signs(*, product, preview):
    """The warning signs for `product` (None = "not sure yet"), split by whom to call."""
    signs = WarningSign.objects.published(preview=preview)
    return WarningSigns(list(signs_for_product(signs, product)))


@kept
def stage_list(*, preview, fields=None):
    """The stages in journey order; `fields` limits the columns read."""
    stages = Stage.objects.published(preview=preview)
    return list(stages.only(*fields) if fields else stages)


@kept
def first_stage(*, preview):
    return Stage.objects.published(preview=preview).order_by("order").first()


@kept
def care_center(*, preview=False):
    """The center's names and numbers (CareCenter.load)."""
    return CareCenter.load()


def product(*, slug, preview):
    """A published product by slug, or None (from the one list of products)."""
    return next((p for p in products(preview=preview) if p.slug == slug), None)


def products_menu(*, preview):
    """Every product, for the "change product" menu on each page."""
    return products(preview=preview)


@kept
def products(*, preview):
    """Every product with all its fields: the menu, the chosen product's numbers, lists."""
    return list(Product.objects.published(preview=preview))


@kept
def all_sources(*, preview=False):
    """Every source the content cites, for the about page."""
    return list(Source.objects.all())


@kept
def glossary_linker(*, preview):
    """Links glossary terms in prose (its pattern is compiled once per content version)."""
    fields = ("slug", "term", "abbreviation", "also_matches", "status", "pending")
    return GlossaryLinker(GlossaryTerm.objects.published(preview=preview).only(*fields))


@kept
def glossary_terms(*, preview):
    return list(GlossaryTerm.objects.published(preview=preview))


@kept
def glossary_term(*, slug, preview):
    terms = GlossaryTerm.objects.published(preview=preview)
    return terms.filter(slug=slug).first()


@kept
def resource(*, slug, preview):
    resources = Resource.objects.published(preview=preview)
    return resources.prefetch_related("stages", "products").filter(slug=slug).first()


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
        queryset=model.objects.published(preview=preview).for_product(product).for_role(role),
        to_attr=f"visible_{name}s",
    )


def stage_pages(*, product, preview, role=""):
    """Stages with everything a stage page shows, for `product` and the reader's `role`.

    Each stage gets `visible_steps`, `visible_guidances`, `visible_checklistitems`,
    `visible_questions` (rows for everyone plus the product's own), `visible_notes` (the
    product's note), `visible_warning_signs` (general plus the product's own) and
    `visible_resources`.
    """
    notes = ProductStageNote.objects.published(preview=preview).filter(product=product)
    return Stage.objects.published(preview=preview).prefetch_related(
        *(
            _stage_children(m, product, preview, role)
            for m in (Step, Guidance, ChecklistItem, Question)
        ),
        Prefetch("product_notes", notes, to_attr="visible_notes"),
        Prefetch(
            "warning_signs",
            queryset=signs_for_product(WarningSign.objects.published(preview=preview), product),
            to_attr="visible_warning_signs",
        ),
        _further_reading(preview),
    )


@kept
def stage_page(*, slug, product, preview, role=""):
    """One stage with everything its page shows (see stage_pages), or None."""
    return stage_pages(product=product, preview=preview, role=role).filter(slug=slug).first()


@kept
def product_page(*, slug, preview):
    """One product with `visible_indications` and `visible_resources`, or None."""
    listed = product(slug=slug, preview=preview)
    if listed is None:
        return None
    page = _shallow_copy(listed)  # the listed one is shared: prefetch onto a copy
    page._prefetched_objects_cache = {}
    indications = Indication.objects.published(preview=preview)
    prefetch_related_objects(
        [page],
        Prefetch("indications", queryset=indications, to_attr="visible_indications"),
        _further_reading(preview),
    )
    return page


def caregiver_stages(*, product, preview, checked_ids=frozenset()):
    """Stages that have caregiver items for `product`, each item marked `checked` or not.

    Returns (stages, total items, items left). The stages and items are copies: the kept
    ones are shared with other requests.
    """
    stages = []
    total = left = 0
    for kept_stage in _caregiver_stages(product=product, preview=preview):
        stage = _shallow_copy(kept_stage)
        stage.caregiver_items = []
        for kept_item in kept_stage.caregiver_items:
            item = _shallow_copy(kept_item)
            item.checked = item.pk in checked_ids
            stage.caregiver_items.append(item)
            total += 1
            left += not item.checked
        stages.append(stage)
    return stages, total, left


def _shallow_copy(obj):
    """A copy of a model instance sharing its field values (copy.copy is 10x slower)."""
    clone = type(obj).__new__(type(obj))
    clone.__dict__ = obj.__dict__.copy()
    return clone


@kept
def _caregiver_stages(*, product, preview):
    items = (
        ChecklistItem.objects.published(preview=preview)
        .for_product(product)
        .filter(who=ChecklistItem.Who.CAREGIVER)
    )
    stages = Stage.objects.published(preview=preview).prefetch_related(
        Prefetch("checklistitems", queryset=items, to_attr="caregiver_items")
    )
    return [s for s in stages if s.caregiver_items]


def caregiver_item(*, pk, preview):
    """One caregiver checklist item with its stage, or None."""
    return (
        ChecklistItem.objects.published(preview=preview)
        .select_related("stage")
        .filter(pk=pk, who=ChecklistItem.Who.CAREGIVER)
        .first()
    )
