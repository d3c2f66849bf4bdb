"""What each section of a seed file holds, and the canonical form of one row.

`snapshot` is shared by the loader (to tell staff edits from seed changes) and the
export (to write a row back).
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings

from journeys.content.models.base import Governed, Source
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
    Stage,
    Step,
    WarningSign,
)
from journeys.content.models.schedule import ProductSchedule
from journeys.content.models.translation import TRANSLATED_FIELDS

GOVERNANCE_FIELDS = ["status", "last_reviewed", "review_every", "audience", "language"]
INHERITED_KEYS = [*GOVERNANCE_FIELDS, "sources"]
BOOKKEEPING_FIELDS = {
    "id",
    "seed_data",
    "updated_at",
    "published_at",
    "pending",
    "pending_status",
    "review_reason",
    "rendered",
}


@dataclass(eq=False)
class Spec:
    """How one model appears in the seed files."""

    model: type
    key: tuple  # natural key: YAML names; "<parent>" means the parent row
    parent_fk: str | None = None
    positional_order: bool = False  # `order` comes from the position in the list
    fks: dict = field(default_factory=dict)  # YAML name -> model the slug refers to
    m2ms: dict = field(default_factory=dict)  # YAML name -> model the slugs refer to
    children: dict = field(default_factory=dict)  # YAML name -> Spec

    @property
    def governed(self):
        return issubclass(self.model, Governed)

    @property
    def label(self):
        return self.model._meta.verbose_name

    def scalar_fields(self):
        skip = BOOKKEEPING_FIELDS | set(self.fks) | {self.parent_fk}
        if self.positional_order:
            skip.add("order")
        skip |= set(GOVERNANCE_FIELDS)  # inherited keys for content; CareCenter keeps its own
        return [
            f for f in self.model._meta.concrete_fields if f.name not in skip and not f.is_relation
        ]

    def allowed_keys(self):
        names = {f.name for f in self.scalar_fields()} | set(self.fks) | set(self.m2ms)
        names |= set(self.children)
        if self.governed:
            names |= set(INHERITED_KEYS)
        if self.model in TRANSLATED_FIELDS:
            names |= {code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE}
        return names

    def required_keys(self):
        required = set()
        for f in self.scalar_fields():
            if not (f.blank or f.null or f.has_default()):
                required.add(f.name)
        return required

    def list_refs(self):
        """YAML name -> model, for the names that hold lists of slugs: M2Ms, then `sources`."""
        return {**self.m2ms, **({"sources": Source} if self.governed else {})}


def _stage_child(model):
    return Spec(
        model,
        key=("<parent>", "key"),
        parent_fk="stage",
        positional_order=True,
        fks={"product": Product},
    )


SOURCE = Spec(Source, key=("slug",))
CARE_CENTER = Spec(CareCenter, key=())
PRODUCT = Spec(
    Product,
    key=("slug",),
    children={
        "indications": Spec(
            Indication, key=("<parent>", "key"), parent_fk="product", positional_order=True
        )
    },
)
SCHEDULE = Spec(ProductSchedule, key=("product", "key"), fks={"product": Product})
STAGE = Spec(
    Stage,
    key=("slug",),
    children={
        "steps": _stage_child(Step),
        "guidance": _stage_child(Guidance),
        "checklist": _stage_child(ChecklistItem),
        "questions": _stage_child(Question),
        "checks": _stage_child(CheckQuestion),
        "product_notes": Spec(
            ProductStageNote,
            key=("<parent>", "product"),
            parent_fk="stage",
            fks={"product": Product},
        ),
    },
)
WARNING_SIGN = Spec(WarningSign, key=("slug",), m2ms={"stages": Stage, "products": Product})
GLOSSARY = Spec(GlossaryTerm, key=("slug",))

#: Top-level sections, in the order they are written (references first).
SECTIONS = {
    "sources": SOURCE,
    "care_center": CARE_CENTER,
    "products": PRODUCT,
    "schedules": SCHEDULE,
    "stages": STAGE,
    "warning_signs": WARNING_SIGN,
    "glossary": GLOSSARY,
}
SLUG_MODELS = {Source: "slug", Product: "slug", Stage: "slug"}


def _plain(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, str):
        return value.replace("\r\n", "\n").strip()
    return value


def snapshot(spec, obj, refs):
    """The row as seed data: scalar fields plus referenced slugs (`refs`)."""
    data = {f.name: _plain(getattr(obj, f.name)) for f in spec.scalar_fields()}
    if spec.governed:
        data.update({name: _plain(getattr(obj, name)) for name in GOVERNANCE_FIELDS})
    if spec.positional_order:
        data["order"] = obj.order
    for name, value in refs.items():
        data[name] = sorted(value) if isinstance(value, list | tuple | set) else value
    return data


def db_refs(spec, obj):
    refs = {name: getattr(getattr(obj, name), "slug", None) for name in spec.fks}
    for name in spec.m2ms:
        refs[name] = [o.slug for o in getattr(obj, name).all()]
    if spec.governed:
        refs["sources"] = [s.slug for s in obj.sources.all()]
    return refs


def empty_refs(spec):
    refs = {name: None for name in spec.fks}
    refs.update({name: [] for name in spec.m2ms})
    if spec.governed:
        refs["sources"] = []
    return refs


def blank_snapshot(spec):
    """A new, unsaved row as seed data: every field at its default."""
    return snapshot(spec, spec.model(), empty_refs(spec))
