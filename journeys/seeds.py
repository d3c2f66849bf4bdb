"""Reading, validating and writing the YAML seed content in `seeds/`.

The loader works in two passes. The first reads every file and checks every item
against the models (types, choices, lengths, constraints, references) and collects
each problem as ``file:line: message``; nothing is written when there is one. The
second writes, in one transaction, by natural key. `seeds_export` writes the database
back in the same format, so that loading its files changes nothing.

Staff edits are protected by a record of what the loader last wrote: each row keeps
that data (`seed_data`). A field whose current value differs from it was changed by
staff since, and the loader keeps their version unless forced.
"""

import datetime
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Prefetch

from .models import (
    CareCenter,
    ChecklistItem,
    GlossaryTerm,
    Guidance,
    Indication,
    Product,
    ProductStageNote,
    Question,
    Source,
    Stage,
    Step,
    WarningSign,
)

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
}


# --------------------------------------------------------------------------- #
# YAML with line numbers
# --------------------------------------------------------------------------- #


class LineDict(dict):
    """A mapping that remembers the line of itself and of each of its keys."""

    line = 0
    key_lines: dict

    def line_of(self, key):
        return self.key_lines.get(key, self.line)


class _LineLoader(yaml.SafeLoader):
    def __init__(self, stream):
        super().__init__(stream)
        self.duplicate_keys = []


def _construct_mapping(loader, node):
    loader.flatten_mapping(node)
    mapping = LineDict()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if key in mapping:
            loader.duplicate_keys.append((line, key))
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = line
    return mapping


# Dates stay strings until the model field parses them, so a bad date becomes a
# file:line message instead of an exception from inside the YAML parser.
_LineLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


# --------------------------------------------------------------------------- #
# What each section of a seed file holds
# --------------------------------------------------------------------------- #


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
        return any(f.name == "status" for f in self.model._meta.get_fields())

    @property
    def label(self):
        return self.model._meta.verbose_name

    def scalar_fields(self):
        skip = BOOKKEEPING_FIELDS | set(self.fks) | {self.parent_fk}
        if self.positional_order:
            skip.add("order")
        if self.governed:
            skip |= set(GOVERNANCE_FIELDS)
        return [
            f for f in self.model._meta.concrete_fields if f.name not in skip and not f.is_relation
        ]

    def allowed_keys(self):
        names = {f.name for f in self.scalar_fields()} | set(self.fks) | set(self.m2ms)
        names |= set(self.children)
        if self.governed:
            names |= set(INHERITED_KEYS)
        return names

    def required_keys(self):
        required = set()
        for f in self.scalar_fields():
            if not (f.blank or f.null or f.has_default()):
                required.add(f.name)
        return required


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
STAGE = Spec(
    Stage,
    key=("slug",),
    children={
        "steps": _stage_child(Step),
        "guidance": _stage_child(Guidance),
        "checklist": _stage_child(ChecklistItem),
        "questions": _stage_child(Question),
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
    "stages": STAGE,
    "warning_signs": WARNING_SIGN,
    "glossary": GLOSSARY,
}
SLUG_MODELS = {Source: "slug", Product: "slug", Stage: "slug"}


# --------------------------------------------------------------------------- #
# Snapshots: the canonical form of one row, shared by the loader and export
# --------------------------------------------------------------------------- #


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


# --------------------------------------------------------------------------- #
# Pass 1: read and validate
# --------------------------------------------------------------------------- #


@dataclass
class SeedError:
    path: str
    line: int
    message: str

    def __str__(self):
        return f"{self.path}:{self.line}: {self.message}"


class SeedValidationError(Exception):
    def __init__(self, errors):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


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

    @property
    def data(self):
        return snapshot(self.spec, self.instance, self.refs)

    def describe(self):
        label = f"{self.spec.label} {'/'.join(str(k) for k in self.key) or '(the center)'}"
        return f"{label} ({self.path}:{self.line})"


class _Reader:
    def __init__(self, base_dir):
        self.base_dir = Path(base_dir)
        self.errors = []
        self.items = defaultdict(list)  # Spec -> [Item]
        self.seen_keys = {}  # (model, key) -> "file:line"

    def error(self, path, line, message):
        self.errors.append(SeedError(path, line, message))

    def display(self, path):
        try:
            return str(path.relative_to(self.base_dir.parent))
        except ValueError:
            return str(path)

    def read_file(self, path):
        shown = self.display(path)
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            self.error(shown, 1, f"not UTF-8 text ({exc.reason})")
            return
        loader = _LineLoader(text)
        try:
            document = loader.get_single_data()
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = mark.line + 1 if mark else 1
            message = f"YAML syntax error: {exc.problem or exc.context}"
            if exc.context and exc.context_mark and exc.problem_mark:
                message += f" ({exc.context} that starts at line {exc.context_mark.line + 1})"
            self.error(shown, line, message)
            return
        except yaml.YAMLError as exc:
            self.error(shown, 1, f"YAML error: {exc}")
            return
        finally:
            loader.dispose()
        for line, key in loader.duplicate_keys:
            self.error(shown, line, f"duplicate key '{key}'")
        if document is None:
            return
        if not isinstance(document, LineDict):
            self.error(shown, 1, "a seed file must be a mapping of sections")
            return
        defaults = document.get("defaults") or LineDict()
        if not isinstance(defaults, dict):
            self.error(shown, document.line_of("defaults"), "'defaults' must be a mapping")
            defaults = LineDict()
        for key in defaults:
            if key not in INHERITED_KEYS:
                self.error(
                    shown,
                    defaults.line_of(key),
                    f"unknown key '{key}' in defaults (allowed: {', '.join(INHERITED_KEYS)})",
                )
        for section, value in document.items():
            line = document.line_of(section)
            if section == "defaults":
                continue
            spec = SECTIONS.get(section)
            if spec is None:
                allowed = ", ".join(["defaults", *SECTIONS])
                self.error(shown, line, f"unknown section '{section}' (allowed: {allowed})")
                continue
            if spec is CARE_CENTER:
                if not isinstance(value, dict):
                    self.error(shown, line, "'care_center' must be a mapping")
                    continue
                self.read_item(spec, shown, value, defaults, section)
                continue
            if not isinstance(value, list):
                self.error(shown, line, f"'{section}' must be a list")
                continue
            for position, raw in enumerate(value, start=1):
                self.read_item(spec, shown, raw, defaults, section, position, line)

    def read_item(self, spec, path, raw, inherited, where, position=0, list_line=0, parent=None):
        if not isinstance(raw, LineDict):
            self.error(path, list_line, f"{where} item {position} must be a mapping")
            return None
        ok = True
        for key in raw:
            if key not in spec.allowed_keys():
                allowed = ", ".join(sorted(spec.allowed_keys()))
                self.error(path, raw.line_of(key), f"unknown key '{key}' (allowed: {allowed})")
                ok = False
        for key in sorted(spec.required_keys() - set(raw)):
            self.error(path, raw.line, f"{where} item is missing '{key}'")
            ok = False

        instance = spec.model()
        line_of = raw.line_of
        # Governance: file defaults, then the parent, then the item itself.
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
        for name, value in values.items():
            if name == "sources":
                continue
            model_field = spec.model._meta.get_field(name)
            if value is None and not model_field.null:
                value = (
                    "" if isinstance(model_field, models.CharField | models.TextField) else value
                )
            if isinstance(value, str):
                value = value.strip()
            try:
                setattr(instance, name, model_field.to_python(value))
            except ValidationError as exc:
                self.error(path, line_of(name), f"'{name}': {' '.join(exc.messages)}")
                ok = False
        if spec.positional_order:
            instance.order = position

        refs = {}
        for name in spec.fks:
            slug = raw.get(name)
            if slug is not None and not isinstance(slug, str):
                self.error(path, line_of(name), f"'{name}' must be a slug")
                ok = False
                slug = None
            refs[name] = slug
        for name in [*spec.m2ms, *(["sources"] if spec.governed else [])]:
            slugs = values.get(name) if name == "sources" else raw.get(name, [])
            slugs = [] if slugs is None else slugs
            if not isinstance(slugs, list) or not all(isinstance(s, str) for s in slugs):
                self.error(path, line_of(name), f"'{name}' must be a list of slugs")
                ok = False
                slugs = []
            refs[name] = slugs

        key = tuple(
            parent.key if part == "<parent>" else refs.get(part) or getattr(instance, part, None)
            for part in spec.key
        )
        if parent is not None:
            key = (*parent.key, *key[1:])

        exclude = [f.name for f in spec.model._meta.fields if f.is_relation]
        exclude += list(BOOKKEEPING_FIELDS)
        try:
            instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                self.error(path, line_of(name), f"'{name}': {' '.join(messages)}")
            ok = False
        for constraint in spec.model._meta.constraints:
            if isinstance(constraint, models.CheckConstraint) and spec is not CARE_CENTER:
                try:
                    constraint.validate(spec.model, instance, exclude=set(exclude))
                except ValidationError:
                    self.error(path, raw.line, f"{where}: {_explain(constraint)}")
                    ok = False

        seen_at = self.seen_keys.get((spec.model, key))
        if seen_at:
            shown_key = "/".join(str(k) for k in key) or "care_center"
            self.error(path, raw.line, f"duplicate {spec.label} '{shown_key}' (first at {seen_at})")
            ok = False
        else:
            self.seen_keys[(spec.model, key)] = f"{path}:{raw.line}"

        item = Item(spec, path, raw.line, instance, refs, key, parent)
        item.raw = raw
        inherited_here = {k: values[k] for k in INHERITED_KEYS if k in values}
        for child_name, child_spec in spec.children.items():
            children = raw.get(child_name) or []
            if not isinstance(children, list):
                self.error(path, line_of(child_name), f"'{child_name}' must be a list")
                continue
            for child_position, child_raw in enumerate(children, start=1):
                child = self.read_item(
                    child_spec,
                    path,
                    child_raw,
                    inherited_here,
                    f"{where}.{child_name}",
                    child_position,
                    line_of(child_name),
                    item,
                )
                if child is not None:
                    item.children.append(child)
        if ok:
            self.items[spec].append(item)
        return item

    def check_references(self):
        known = {model: set() for model in SLUG_MODELS}
        for spec, items in self.items.items():
            if spec.model in known:
                known[spec.model].update(item.key[0] for item in items)
        for model in known:
            known[model] |= set(model.objects.values_list("slug", flat=True))
        for spec, items in self.items.items():
            targets = {**spec.fks, **spec.m2ms}
            if spec.governed:
                targets["sources"] = Source
            for item in items:
                for name, model in targets.items():
                    value = item.refs.get(name)
                    slugs = value if isinstance(value, list) else [value] if value else []
                    for slug in slugs:
                        if slug not in known[model]:
                            self.error(
                                item.path,
                                item.raw.line_of(name),
                                f"'{name}': unknown {model._meta.verbose_name} '{slug}'",
                            )
                if spec.governed and not item.refs.get("sources"):
                    self.error(item.path, item.line, f"{spec.label} cites no sources")


def _explain(constraint):
    name = constraint.name.split("_", 2)[-1]
    if "_le_" in name:
        low, high = name.split("_le_")
        return f"'{low}' must not be greater than '{high}'"
    if name.endswith("non_negative"):
        return f"'{name.removesuffix('_non_negative')}' must not be negative"
    return f"constraint {constraint.name} is not met"


def read_seeds(directory):
    """Read and validate every `*.yaml` file in `directory`; raise SeedValidationError."""
    directory = Path(directory)
    reader = _Reader(directory)
    paths = sorted(directory.glob("*.yaml"))
    if not paths:
        raise SeedValidationError([SeedError(str(directory), 0, "no *.yaml seed files found")])
    for path in paths:
        reader.read_file(path)
    reader.check_references()
    if reader.errors:
        raise SeedValidationError(reader.errors)
    return reader.items


# --------------------------------------------------------------------------- #
# Pass 2: write
# --------------------------------------------------------------------------- #


@dataclass
class LoadReport:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    kept_edits: list = field(default_factory=list)  # staff edited, seed unchanged
    conflicts: list = field(default_factory=list)  # staff edited and seed changed
    overwritten: list = field(default_factory=list)  # conflicts written with --force

    @property
    def changed(self):
        return bool(self.created or self.updated or self.overwritten)

    def counts(self):
        return {
            "created": len(self.created),
            "updated": len(self.updated) + len(self.overwritten),
            "unchanged": len(self.unchanged) + len(self.kept_edits),
            "conflicts": len(self.conflicts),
        }


class _DryRunRollback(Exception):
    pass


def seeds_load(*, directory, force=False, dry_run=False):
    """Validate then write the seed files in `directory`. Returns a LoadReport."""
    items = read_seeds(directory)
    report = LoadReport()
    try:
        with transaction.atomic():
            _write(items, report, force=force)
            if dry_run:
                raise _DryRunRollback
    except _DryRunRollback:
        pass
    except IntegrityError as exc:
        # Rows the seeds do not mention can still collide with them (say, a stage that
        # staff added at an order the seeds now use). Nothing was written.
        raise SeedValidationError(
            [SeedError(str(directory), 0, f"the database refused the change: {exc}")]
        ) from None
    return report


def _compare(spec, last, current, new):
    """Which fields staff edited since the last load, and which the seed changed.

    A field the last load did not write (added by a later migration) counts as
    edited only if it no longer holds its default value.
    """
    blank = snapshot(spec, spec.model(), _empty_refs(spec))
    edited, seed_changed = set(), set()
    for key in current.keys() | new.keys():
        if key in last:
            if current.get(key) != last[key]:
                edited.add(key)
            if new.get(key) != last[key]:
                seed_changed.add(key)
        elif current.get(key) != new.get(key):
            seed_changed.add(key)
            if current.get(key) != blank.get(key):
                edited.add(key)
    return edited, seed_changed


def _empty_refs(spec):
    refs = {name: None for name in spec.fks}
    refs.update({name: [] for name in spec.m2ms})
    if spec.governed:
        refs["sources"] = []
    return refs


def _find_existing(spec, item, parents):
    manager = spec.model.objects
    if spec is CARE_CENTER:
        return manager.filter(pk=1).first()
    lookup = {}
    for part, value in zip(spec.key, item.key[-len(spec.key) :], strict=True):
        if part == "<parent>":
            lookup[spec.parent_fk] = parents[id(item.parent)]
        elif part in spec.fks:
            lookup[f"{part}__slug"] = value
        else:
            lookup[part] = value
    if spec.parent_fk:
        lookup[spec.parent_fk] = parents[id(item.parent)]
    return manager.filter(**lookup).first()


def _write(items, report, *, force):
    slugs = {model: {} for model in SLUG_MODELS}
    saved = {}  # id(Item) -> saved instance, for children to find their parent

    def resolve(model, slug):
        if slug not in slugs[model]:
            slugs[model][slug] = model.objects.get(slug=slug)
        return slugs[model][slug]

    def write_item(item):
        spec = item.spec
        new_data = item.data
        existing = _find_existing(spec, item, saved)
        if existing is not None:
            current = snapshot(spec, existing, db_refs(spec, existing))
            if current == new_data:
                if existing.seed_data != new_data:
                    type(existing).objects.filter(pk=existing.pk).update(seed_data=new_data)
                report.unchanged.append(item.describe())
                saved[id(item)] = existing
                return
            edited, seed_changed = _compare(spec, existing.seed_data, current, new_data)
            if edited and not seed_changed:
                report.kept_edits.append(item.describe())
                saved[id(item)] = existing
                return
            if edited and not force:
                report.conflicts.append(f"{item.describe()}: {', '.join(sorted(edited))}")
                saved[id(item)] = existing
                return
            obj = existing
            for f in spec.scalar_fields():
                setattr(obj, f.name, getattr(item.instance, f.name))
            if spec.governed:
                for name in GOVERNANCE_FIELDS:
                    setattr(obj, name, getattr(item.instance, name))
            if spec.positional_order:
                obj.order = item.instance.order
            (report.overwritten if edited else report.updated).append(item.describe())
        else:
            obj = item.instance
            report.created.append(item.describe())
        if spec.parent_fk:
            setattr(obj, spec.parent_fk, saved[id(item.parent)])
        for name, model in spec.fks.items():
            slug = item.refs.get(name)
            setattr(obj, name, resolve(model, slug) if slug else None)
        obj.seed_data = new_data
        obj.save()
        for name, model in spec.m2ms.items():
            getattr(obj, name).set([resolve(model, s) for s in item.refs[name]])
        if spec.governed:
            obj.sources.set([resolve(Source, s) for s in item.refs["sources"]])
        if spec.model in slugs:
            slugs[spec.model][obj.slug] = obj
        saved[id(item)] = obj

    def walk(item):
        write_item(item)
        for child in item.children:
            walk(child)

    for spec in SECTIONS.values():
        for item in items.get(spec, []):
            walk(item)


# --------------------------------------------------------------------------- #
# Export: the database back to seed files
# --------------------------------------------------------------------------- #

EXPORT_HEADER = "# Written by `manage.py export_seeds`. The format: seeds/README.md.\n"


class SeedExportError(Exception):
    pass


@dataclass
class ExportSummary:
    files: dict = field(default_factory=dict)  # Path -> {"stages": 8, "stages.steps": 30, ...}
    removed: list = field(default_factory=list)  # section files left over from an older export

    @property
    def rows(self):
        return {name: n for counts in self.files.values() for name, n in counts.items()}


class _SeedDumper(yaml.SafeDumper):
    """Lists indented under their key, as in the hand-written seed files."""

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)


def _represent_str(dumper, value):
    if any(ch in value for ch in "\r\x85\u2028\u2029"):
        # YAML reads these as line breaks, so only escapes keep them as they are.
        style = '"'
    elif "\n" in value:
        style = "|"  # PyYAML falls back to quotes where a block cannot hold the text
    else:
        style = None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _represent_list(dumper, value):
    flat = not any(isinstance(v, dict | list) for v in value)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=flat)


_SeedDumper.add_representer(str, _represent_str)
_SeedDumper.add_representer(list, _represent_list)


def seeds_export(*, directory):
    """Write every section that has rows to `<directory>/<section>.yaml`.

    Refuses a folder holding other `*.yaml` files: loading it would mix them with
    the export. Returns an ExportSummary.
    """
    directory = Path(directory)
    own = {f"{section}.yaml" for section in SECTIONS}
    if directory.is_dir():
        foreign = sorted(p.name for p in directory.glob("*.yaml") if p.name not in own)
        if foreign:
            raise SeedExportError(
                f"{directory} holds other seed files ({', '.join(foreign)}); "
                "export to an empty folder."
            )
    documents = {}
    for section, spec in SECTIONS.items():
        counts = Counter()
        rows = [
            _export_item(spec, obj, counts, section)
            for obj in sorted(_export_queryset(spec), key=partial(_sort_key, spec))
        ]
        if rows:
            documents[section] = (rows[0] if spec is CARE_CENTER else rows, dict(counts))

    summary = ExportSummary()
    directory.mkdir(parents=True, exist_ok=True)
    for section in SECTIONS:
        path = directory / f"{section}.yaml"
        if section not in documents:
            if path.exists():
                path.unlink()
                summary.removed.append(path)
            continue
        rows, counts = documents[section]
        text = yaml.dump(
            {section: rows},
            Dumper=_SeedDumper,
            allow_unicode=True,
            sort_keys=False,
            width=float("inf"),
        )
        path.write_text(EXPORT_HEADER + text, encoding="utf-8", newline="\n")
        summary.files[path] = counts
    return summary


def _children_accessor(spec):
    return spec.model._meta.get_field(spec.parent_fk).remote_field.get_accessor_name()


def _export_queryset(spec):
    queryset = spec.model.objects.all()
    if spec.fks:
        queryset = queryset.select_related(*spec.fks)
    lookups = [*spec.m2ms, *(["sources"] if spec.governed else [])]
    for child in spec.children.values():
        lookups.append(Prefetch(_children_accessor(child), queryset=_export_queryset(child)))
    return queryset.prefetch_related(*lookups)


def _natural(value):
    """`ref-2` before `ref-10`."""
    parts = re.split(r"(\d+)", str(value))
    return [int(p) if i % 2 else p for i, p in enumerate(parts)]


def _sort_key(spec, obj):
    # Positional children: the list position is their order, so write them in it.
    key = [
        _natural(getattr(obj, part).slug if part in spec.fks else getattr(obj, part))
        for part in spec.key
        if part != "<parent>"
    ]
    return (getattr(obj, "order", 0), *key)


def _export_item(spec, obj, counts, where):
    """One row as a seed mapping: its key, its fields in model order, then governance."""
    counts[where] += 1
    data = snapshot(spec, obj, db_refs(spec, obj))
    blank = snapshot(spec, spec.model(), _empty_refs(spec))
    required = spec.required_keys()
    explicit = [*INHERITED_KEYS] if spec.governed else []  # never inherited on the way back
    names = [
        *(part for part in spec.key if part != "<parent>"),
        *(f.name for f in spec.scalar_fields()),
        *spec.fks,
        *spec.m2ms,
        *explicit,
    ]
    item = {}
    for name in dict.fromkeys(names):
        value = data[name]
        omit = value in (None, "", []) and value == blank[name]
        if omit and name not in required and name not in explicit:
            continue
        if value is not None and _is_date(spec.model, name):
            value = datetime.date.fromisoformat(value)
        elif name in spec.m2ms or name == "sources":
            value = sorted(value, key=_natural)
        item[name] = value
    for name, child_spec in spec.children.items():
        children = sorted(
            getattr(obj, _children_accessor(child_spec)).all(), key=partial(_sort_key, child_spec)
        )
        if children:
            item[name] = [
                _export_item(child_spec, child, counts, f"{where}.{name}") for child in children
            ]
    return item


def _is_date(model, name):
    return type(model._meta.get_field(name)) is models.DateField
