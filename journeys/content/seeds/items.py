"""Pass 1, one item: check a YAML mapping against its model and make it an `Item`."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import models

from journeys.content.seeds import translations as seed_translations
from journeys.content.seeds.spec import (
    BOOKKEEPING_FIELDS,
    CARE_CENTER,
    INHERITED_KEYS,
    Spec,
    snapshot,
)
from journeys.content.seeds.yaml_lines import LineDict


@dataclass
class Item:
    """One validated row-to-be."""

    spec: Spec
    path: str
    line: int
    instance: models.Model
    refs: dict
    key: tuple
    parent: "Item | None" = None
    children: list = field(default_factory=list)
    raw: LineDict | None = field(default=None, repr=False)
    translations: dict = field(default_factory=dict)  # language -> TranslationSeed

    @property
    def data(self):
        return snapshot(self.spec, self.instance, self.refs)

    def describe(self):
        label = f"{self.spec.label} {'/'.join(str(k) for k in self.key) or '(the center)'}"
        return f"{label} ({self.path}:{self.line})"


@dataclass(frozen=True)
class Place:
    """Where an item stands: its file, its section (`stages.steps`), its list position."""

    path: str
    where: str
    position: int = 0  # 1-based position in its list; 0 for the care center
    list_line: int = 0  # the line of the list's key
    parent: Item | None = None

    def child(self, name, position, list_line, parent):
        return Place(self.path, f"{self.where}.{name}", position, list_line, parent)


def _explain(constraint):
    name = constraint.name.split("_", 2)[-1]
    if "_le_" in name:
        low, high = name.split("_le_")
        return f"'{low}' must not be greater than '{high}'"
    return f"constraint {constraint.name} is not met"


def _values(spec, raw, inherited):
    """Field values: governance from the file defaults or the parent, then the item's own."""
    values = {}
    if spec.governed:
        for name in INHERITED_KEYS:
            if name in raw:
                values[name] = raw[name]
            elif name in inherited:
                values[name] = inherited[name]
    for f in spec.scalar_fields():
        if f.name in raw:
            values[f.name] = raw[f.name]
    return values


def _clean_value(model_field, value):
    if value is None and not model_field.null:
        value = "" if isinstance(model_field, models.CharField | models.TextField) else value
    if isinstance(value, str):
        value = value.strip()
    return value


def _natural_key(spec, instance, refs, parent):
    key = tuple(
        parent.key if part == "<parent>" else refs.get(part) or getattr(instance, part, None)
        for part in spec.key
    )
    if parent is not None:
        key = (*parent.key, *key[1:])
    return key


def _unvalidated(spec):
    """Fields that full_clean leaves alone: relations are checked against slugs instead."""
    return [f.name for f in spec.model._meta.fields if f.is_relation] + list(BOOKKEEPING_FIELDS)


class ItemReader:
    """Reads items into `self.items`; the reader supplies `error`, `items`, `seen_keys`."""

    def read_item(self, spec, raw, *, place, inherited):
        """Check one mapping and its children; an item with no error joins `self.items`."""
        if not isinstance(raw, LineDict):
            self.error(
                place.path,
                place.list_line,
                f"{place.where} item {place.position} must be a mapping",
            )
            return None
        errors_before = len(self.errors)
        self._check_keys(spec, raw, place)
        values = _values(spec, raw, inherited)
        instance = self._instance(spec, raw, values, place)
        refs = self._refs(spec, raw, values, place.path)
        key = _natural_key(spec, instance, refs, place.parent)
        self._validate(spec, raw, instance, place)
        self._check_unique(spec, raw, key, place.path)
        translations = (
            seed_translations.read(self, spec, raw, instance, refs, place.path)
            if seed_translations.translatable(spec)
            else {}
        )
        ok = len(self.errors) == errors_before

        item = Item(spec, place.path, raw.line, instance, refs, key, place.parent, raw=raw)
        item.translations = translations
        self._read_children(item, values, place)
        if ok:
            self.items[spec].append(item)
        return item

    def _check_keys(self, spec, raw, place):
        allowed = spec.allowed_keys()
        for key in raw:
            if key not in allowed:
                shown = ", ".join(sorted(allowed))
                self.error(place.path, raw.line_of(key), f"unknown key '{key}' (allowed: {shown})")
        for key in sorted(spec.required_keys() - set(raw)):
            self.error(place.path, raw.line, f"{place.where} item is missing '{key}'")

    def _instance(self, spec, raw, values, place):
        instance = spec.model()
        for name, value in values.items():
            if name == "sources":
                continue
            model_field = spec.model._meta.get_field(name)
            try:
                setattr(instance, name, model_field.to_python(_clean_value(model_field, value)))
            except ValidationError as exc:
                self.error(place.path, raw.line_of(name), f"'{name}': {' '.join(exc.messages)}")
        if spec.positional_order:
            instance.order = place.position
        return instance

    def _refs(self, spec, raw, values, path):
        """The slugs the item refers to; a value of the wrong shape is an error and left out."""
        refs = {}
        for name in spec.fks:
            slug = raw.get(name)
            if slug is not None and not isinstance(slug, str):
                self.error(path, raw.line_of(name), f"'{name}' must be a slug")
                slug = None
            refs[name] = slug
        for name in spec.list_refs():
            slugs = values.get(name) if name == "sources" else raw.get(name, [])
            slugs = [] if slugs is None else slugs
            if not isinstance(slugs, list) or not all(isinstance(s, str) for s in slugs):
                self.error(path, raw.line_of(name), f"'{name}' must be a list of slugs")
                slugs = []
            refs[name] = slugs
        return refs

    def _validate(self, spec, raw, instance, place):
        exclude = _unvalidated(spec)
        try:
            instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                self.error(place.path, raw.line_of(name), f"'{name}': {' '.join(messages)}")
        if spec is CARE_CENTER:
            return
        for constraint in spec.model._meta.constraints:
            if isinstance(constraint, models.CheckConstraint):
                try:
                    constraint.validate(spec.model, instance, exclude=set(exclude))
                except ValidationError:
                    self.error(place.path, raw.line, f"{place.where}: {_explain(constraint)}")

    def _check_unique(self, spec, raw, key, path):
        seen_at = self.seen_keys.get((spec.model, key))
        if seen_at:
            shown_key = "/".join(str(k) for k in key) or "care_center"
            self.error(path, raw.line, f"duplicate {spec.label} '{shown_key}' (first at {seen_at})")
        else:
            self.seen_keys[(spec.model, key)] = f"{path}:{raw.line}"

    def _read_children(self, item, values, place):
        """Children inherit the governance the item ended up with."""
        raw = item.raw
        inherited = {k: values[k] for k in INHERITED_KEYS if k in values}
        for name, child_spec in item.spec.children.items():
            children = raw.get(name) or []
            if not isinstance(children, list):
                self.error(place.path, raw.line_of(name), f"'{name}' must be a list")
                continue
            for position, child_raw in enumerate(children, start=1):
                child_place = place.child(name, position, raw.line_of(name), item)
                child = self.read_item(
                    child_spec, child_raw, place=child_place, inherited=inherited
                )
                if child is not None:
                    item.children.append(child)
