"""The reads that build patient pages. Views call one of these and render.

Every function takes `preview` explicitly: False for patients (published rows only),
True while a staff member previews drafts and waiting edits (StaffPreviewMiddleware).
Functions marked `@kept` return objects each process keeps until the content changes
(journeys/caching/content.py): read them, never change them.
"""

from dataclasses import dataclass, field
from types import SimpleNamespace

from django.db.models import (
    BigIntegerField,
    CharField,
    DateField,
    IntegerField,
    JSONField,
    PositiveSmallIntegerField,
    Prefetch,
    Q,
    TextField,
    prefetch_related_objects,
)
from django.utils.translation import gettext_lazy as _

from journeys.caching.statements import Statement, instance
from journeys.content import source_kinds
from journeys.content.glossary import GlossaryLinker, in_alphabetical_order
from journeys.content.models.base import Audience, Source
from journeys.content.models.care_center import CareCenter
from journeys.content.models.content import (
    ChecklistItem,
    CheckQuestion,
    GlossaryTerm,
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
from journeys.content.models.schedule import ProductSchedule
from journeys.content.translations import (
    READ_IN,
    WORDS,
    from_text,
    in_language,
    kept,
    localize,
    translate_read,
    translation_columns,
    with_translations,
    words_in,
)
from journeys.content.union import typed


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
    signs = signs_for_product(WarningSign.objects.published(preview=preview), product)
    return WarningSigns(list(with_translations(signs, preview=preview)))


@kept
def stage_list(*, preview, fields=None):
    """The stages in journey order; `fields` limits the columns read."""
    if fields or preview:
        stages = Stage.objects.published(preview=preview)
        return list(with_translations(stages.only(*fields) if fields else stages, preview=preview))
    return _STAGES.objects(*in_language(Stage))


@Statement
def _STAGES(language, kind):
    """The query of stage_list (content/union.py: built once per language)."""
    return with_translations(Stage.objects.published(), language=language)


@kept
def first_stage(*, preview):
    stages = Stage.objects.published(preview=preview).order_by("order")
    return with_translations(stages, preview=preview).first()


@kept
def care_center(*, preview=False):
    """The center's names and numbers (CareCenter.load), kept like content."""
    # the center's words in the reader's language come in the same query (translations)
    if preview:
        return with_translations(CareCenter.objects.filter(pk=1), preview=True).first()
    return next(iter(_CARE_CENTER.objects(*in_language(CareCenter))), None) or CareCenter.load()


@Statement
def _CARE_CENTER(language, kind):
    return with_translations(CareCenter.objects.filter(pk=1), language=language)


def product(*, slug, preview):
    """A published product by slug, or None (from the one list of products)."""
    return next((p for p in products(preview=preview) if p.slug == slug), None)


def products_menu(*, preview):
    """Every product, for the "change product" menu on each page."""
    return products(preview=preview)


@kept
def products(*, preview):
    """Every product with all its fields and its schedules (journeys/content/schedules.py): the
    menu, the chosen product's numbers and windows, lists."""
    if preview:
        schedules = ProductSchedule.objects.published(preview=True).order_by("order", "pk")
        products = Product.objects.published(preview=True).prefetch_related(
            Prefetch("schedules", queryset=schedules)
        )
        return list(with_translations(products, preview=True))
    language, kind = in_language(Product)
    # Built for this call: put in the reader's language where they are, not copied again
    # by @kept (each product holds only its schedules, which have no words to translate).
    products = translate_read(_PRODUCTS.objects(language, kind), language)
    by_product = {}
    for row in _SCHEDULES.objects():
        by_product.setdefault(row.product_id, []).append(row)
    for item in products:  # where a prefetch puts them, for schedules.rows_for
        item._prefetched_objects_cache = {"schedules": by_product.get(item.pk, [])}
    return products


@Statement
def _SCHEDULES():
    """Every published schedule in order, for `products` (a handful of rows)."""
    return ProductSchedule.objects.published().order_by("order", "pk")


@Statement
def _PRODUCTS(language, kind):
    return with_translations(Product.objects.published(), language=language)


@kept
def all_sources(*, preview=False):
    """Every source the content cites, for the about page."""
    return list(Source.objects.all())


def sources_by_kind(*, preview=False):
    """The about page's list: (kind name, its sources), in the order of KIND_NAMES.

    A source of no kept kind (a staff edit to a blog, say) is listed last, under its
    own heading, so it shows rather than hides; tests/test_source_kinds.py keeps the
    shipped seeds free of them."""
    groups = {kind: [] for kind in [*source_kinds.KIND_NAMES, None]}
    for source in all_sources(preview=preview):
        groups[source_kinds.source_kind(source.url)].append(source)
    names = {**source_kinds.KIND_NAMES, None: _("Other pages, not yet checked")}
    return [(kind or "other", names[kind], rows) for kind, rows in groups.items() if rows]


@kept
def glossary_linker(*, preview):
    """Links glossary terms in prose (kept per content version; cheap to build: glossary.py).

    The pronunciation goes on each link for "Listen" (static/js/listen.js), in the reader's
    language only."""
    if preview:  # rows, each with its waiting edit (and its translation's) applied
        terms = GlossaryTerm.objects.published(preview=True).only(*_FORMS, "status", "pending")
        return GlossaryLinker(localize(list(terms), preview=True))
    # Every term's forms, and no row built for them: the linker needs the words only.
    language, kind = in_language(GlossaryTerm)
    rows = _GLOSSARY_FORMS.rows(language, kind)
    if kind is not None:
        rows = words_in(GlossaryTerm, _FORMS, rows, own=("pronunciation",))
    else:
        rows = (dict(zip(_FORMS, row, strict=True)) for row in rows)
    return GlossaryLinker(SimpleNamespace(**row) for row in rows)


_FORMS = ("slug", "term", "abbreviation", "also_matches", "pronunciation")


@Statement
def _GLOSSARY_FORMS(language, kind):
    terms = GlossaryTerm.objects.published()
    if kind is None:
        return terms.values_list(*_FORMS)
    return with_translations(terms, language=language).values_list(*_FORMS, WORDS)


def glossary_terms(*, preview):
    """Every published term in the reader's alphabetical order (sorted after translation:
    "Médula ósea" goes under M, not where "Bone marrow" stands)."""
    return in_alphabetical_order(_glossary_terms(preview=preview))


@kept
def _glossary_terms(*, preview):
    return list(with_translations(GlossaryTerm.objects.published(preview=preview), preview=preview))


@kept
def glossary_term(*, slug, preview):
    terms = GlossaryTerm.objects.published(preview=preview).filter(slug=slug)
    return with_translations(terms, preview=preview).first()


@kept
def resource(*, slug, preview):
    resources = Resource.objects.published(preview=preview).filter(slug=slug)
    resources = with_translations(resources, preview=preview)
    return resources.prefetch_related("stages", "products").first()


def _further_reading(preview):
    return Prefetch(
        "resources",
        queryset=with_translations(
            Resource.objects.published(preview=preview).only("slug", "title", "publisher"),
            preview=preview,
        ),
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
    `visible_questions`, `visible_checkquestions` (rows for everyone plus the product's
    own), `visible_notes` (the product's note), `visible_warning_signs` (general plus the
    product's own) and
    `visible_resources`. One query per kind: what a staff preview reads (each row with its
    waiting edit applied); patients read one stage through `stage_page`.
    """
    notes = ProductStageNote.objects.published(preview=preview).filter(product=product)
    return Stage.objects.published(preview=preview).prefetch_related(
        *(
            _stage_children(m, product, preview, role)
            for m in (Step, Guidance, ChecklistItem, Question, CheckQuestion)
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
def stage_page(*, slug, product, preview, role="", stages=None):
    """One stage with everything its page shows (see stage_pages), or None.

    `stages`: the stage list (`stage_list`) when the caller has read it already.

    For patients the stage comes from the kept stage list and everything inside it from
    one query (`_stage_contents`), whatever the amount of content; in another language
    each row's translation comes in that query too, and is put on the row there.
    """
    if preview:
        return stage_pages(product=product, preview=True, role=role).filter(slug=slug).first()
    stages = stage_list(preview=False) if stages is None else stages
    listed = next((s for s in stages if s.slug == slug), None)
    if listed is None:
        return None
    page = shallow_copy(listed)  # the listed one is shared: put the contents on a copy
    for attr, rows in _stage_contents(page, product, role).items():
        setattr(page, attr, rows)
    for note in page.visible_notes:
        note.product = product
    return page


#: What a stage page shows of each kind of row, as (attribute, model, columns); the
#: query below reads them in one UNION ALL, three text columns wide (a, b, c).
_STAGE_KINDS = (
    ("visible_steps", Step, ("title", "body", "key")),
    ("visible_guidances", Guidance, ("kind", "text", None)),
    ("visible_checklistitems", ChecklistItem, ("who", "text", None)),
    ("visible_questions", Question, (None, "text", None)),
    ("visible_checkquestions", CheckQuestion, ("step_key", "text", None)),
    ("visible_notes", ProductStageNote, (None, "text", None)),
    ("visible_warning_signs", WarningSign, ("slug", "name", "action")),
    ("visible_resources", Resource, ("slug", "title", "publisher")),
)


def _stage_contents(stage, product, role):
    """Every published row a stage page shows, for `product` and `role`, in one query.

    Returns {attribute: [instances]} (see _STAGE_KINDS), each list in its model's order.
    The instances hold only the columns read; any other field is deferred, so a template
    that used one would show in the query budget test, never show a wrong value.
    """
    caregiver = role == Audience.CAREGIVER  # anything else reads as the patient (for_role)
    # In another language each row's translation comes in the same query (three columns).
    language, kinds = in_language(Stage)
    if kinds is not None:
        kinds = tuple(in_language(model, language)[1] for _attr, model, _t in _STAGE_KINDS)
    product_id = getattr(product, "pk", None)
    rows = _STAGE_UNION.rows(caregiver, language, kinds, stage=stage.pk, product=product_id)
    found = {attr: [] for attr, _model, _texts in _STAGE_KINDS}
    shapes = _STAGE_ROW_SHAPES
    translated_at = 2 + len(_COMMON) + 3  # each row: kind, pk, common, a, b, c, [translation]
    for row in rows:
        model, attr, names, positions, has_stage = shapes[row[0]]
        values = [stage.pk if at is None else row[at] for at in positions]
        obj = instance(model, values, names)
        if kinds is not None:
            obj.__dict__.update(from_text(*row[translated_at:]))
        if has_stage:
            obj.stage = stage
        found[attr].append(obj)
    for attr, model, _texts in _STAGE_KINDS:
        found[attr].sort(key=_sort_key(model))
        # Put in the reader's language here, not copied again by stage_page's @kept.
        translate_read(found[attr], language)
    return found


@Statement
def _STAGE_UNION(caregiver, language, kinds, *, stage, product):
    """The query of _stage_contents: one SELECT per kind, the columns by name and a
    kind's missing ones as typed constants (content/union.py); in another language than
    the base one, each row's published translation too (`kinds`: the content type ids
    those subqueries hold)."""
    role = Audience.CAREGIVER if caregiver else Audience.PATIENT
    parts = []
    for index, (_attr, model, texts) in enumerate(_STAGE_KINDS):
        columns = {f.attname for f in model._meta.concrete_fields}
        select = [typed(index, IntegerField()), "pk"]
        for name, output in _COMMON.items():
            select.append(name if name in columns else typed(None, output))
        select += [name or typed("", CharField()) for name in texts]
        if kinds is not None:
            select += translation_columns(model, language, as_text=True).values()
        parts.append(_stage_rows(model, stage, product, role).order_by().values_list(*select))
    first, *rest = parts
    return first.union(*rest, all=True).order_by()


#: The columns every kind of row may have, with their types for the kinds that lack one.
_COMMON = {
    "order": PositiveSmallIntegerField(),
    "product_id": BigIntegerField(),
    "audience": CharField(),
    "last_reviewed": DateField(),
    "rendered": JSONField(),
    # A check question's answers ride along in the same query (null for the other kinds).
    **{name: CharField() for name in ("answer_1", "answer_2", "answer_3")},
    **{name: TextField() for name in ("explain_1", "explain_2", "explain_3")},
    "correct": PositiveSmallIntegerField(),
}


def _stage_rows(model, stage, product, role):
    """The published rows of `model` that the stage page shows (the same filters as
    stage_pages uses for a preview)."""
    rows = model.objects.published()
    if model is WarningSign:
        return signs_for_product(rows.filter(stages=stage), product)
    if model is Resource:
        return rows.filter(stages=stage)
    if model is ProductStageNote:
        return rows.filter(stage=stage, product=product)
    return rows.filter(stage=stage).for_product(product).for_role(role)


def _stage_row_shapes():
    """For each kind of `_STAGE_UNION` row: (model, attribute, the columns it holds in
    the model's field order, where each is in the row (None: the stage's id, which the
    row does not repeat), whether it has a stage)."""
    at = {"id": 1} | {name: 2 + i for i, name in enumerate(_COMMON)}
    shapes = []
    for attr, model, texts in _STAGE_KINDS:
        where = at | {name: 2 + len(_COMMON) + i for i, name in enumerate(texts) if name}
        columns = [f.attname for f in model._meta.concrete_fields]
        has_stage = "stage_id" in columns
        if has_stage:
            where["stage_id"] = None
        names = [name for name in columns if name in where]
        shapes.append((model, attr, names, [where[n] for n in names], has_stage))
    return tuple(shapes)


#: Worked out once, when the module loads (the models' fields are a constant of the code).
_STAGE_ROW_SHAPES = _stage_row_shapes()


def _sort_key(model):
    names = [model._meta.get_field(name.lstrip("-")).attname for name in model._meta.ordering]
    return lambda obj: (*(getattr(obj, name) for name in names), obj.pk)


@kept
def product_page(*, product, preview):
    """One product (a row of `products`, which the caller has read) with
    `visible_indications` and `visible_resources`."""
    listed = product
    page = shallow_copy(listed)  # the listed one is shared: prefetch onto a copy
    # The copy is localized again by @kept (idempotent for the product's own words), so
    # that the indications put on it below are read in the reader's language too.
    page.__dict__.pop(READ_IN, None)
    # Keep the schedules the list read (journeys/content/schedules.py): no query of their own.
    kept = getattr(listed, "_prefetched_objects_cache", {})
    page._prefetched_objects_cache = {k: v for k, v in kept.items() if k == "schedules"}
    indications = with_translations(Indication.objects.published(preview=preview), preview=preview)
    prefetch_related_objects(
        [page],
        Prefetch("indications", queryset=indications, to_attr="visible_indications"),
        _further_reading(preview),
    )
    return page


def shallow_copy(obj):
    """A copy of a model instance sharing its field values (copy.copy is 10x slower)."""
    clone = type(obj).__new__(type(obj))
    clone.__dict__ = obj.__dict__.copy()
    return clone
