"""Export: the database back to seed files, in the format the loader reads."""

import datetime
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import yaml
from django.db import models
from django.db.models import Prefetch

from journeys.content.seeds import translations as seed_translations
from journeys.content.seeds.errors import SeedExportError
from journeys.content.seeds.spec import (
    CARE_CENTER,
    INHERITED_KEYS,
    SECTIONS,
    blank_snapshot,
    db_refs,
    snapshot,
)

EXPORT_HEADER = "# Written by `manage.py export_seeds`. The format: seeds/README.md.\n"


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
    _refuse_foreign_files(directory)
    documents = _documents()
    summary = ExportSummary()
    directory.mkdir(parents=True, exist_ok=True)
    for section in SECTIONS:
        path = directory / f"{section}.yaml"
        if section in documents:
            rows, counts = documents[section]
            path.write_text(EXPORT_HEADER + _dump(section, rows), encoding="utf-8", newline="\n")
            summary.files[path] = counts
        elif path.exists():
            path.unlink()
            summary.removed.append(path)
    return summary


def _refuse_foreign_files(directory):
    own = {f"{section}.yaml" for section in SECTIONS}
    if directory.is_dir():
        foreign = sorted(p.name for p in directory.glob("*.yaml") if p.name not in own)
        if foreign:
            raise SeedExportError(
                f"{directory} holds other seed files ({', '.join(foreign)}); "
                "export to an empty folder."
            )


#: The translations of this export (read once: seed_translations.export_table).
_TRANSLATIONS = [{}]


def _documents():
    """Section -> (its rows as seed data, row counts by `section[.child]`); only those with rows."""
    _TRANSLATIONS[0] = seed_translations.export_table()
    documents = {}
    for section, spec in SECTIONS.items():
        counts = Counter()
        rows = [
            _export_item(spec, obj, counts, section)
            for obj in sorted(_export_queryset(spec), key=partial(_sort_key, spec))
        ]
        if rows:
            documents[section] = (rows[0] if spec is CARE_CENTER else rows, dict(counts))
    return documents


def _dump(section, rows):
    return yaml.dump(
        {section: rows},
        Dumper=_SeedDumper,
        allow_unicode=True,
        sort_keys=False,
        width=float("inf"),
    )


def _children_accessor(spec):
    return spec.model._meta.get_field(spec.parent_fk).remote_field.get_accessor_name()


def _export_queryset(spec):
    queryset = spec.model.objects.all()
    if spec.fks:
        queryset = queryset.select_related(*spec.fks)
    lookups = list(spec.list_refs())
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
    item = _export_fields(spec, obj)
    if seed_translations.translatable(spec):
        blocks = seed_translations.export(obj, item.get("sources", []), _TRANSLATIONS[0])
        for language, block in blocks.items():
            item[language] = block  # written inside the row; not a row of its own
    for name, child_spec in spec.children.items():
        children = sorted(
            getattr(obj, _children_accessor(child_spec)).all(), key=partial(_sort_key, child_spec)
        )
        if children:
            item[name] = [
                _export_item(child_spec, child, counts, f"{where}.{name}") for child in children
            ]
    return item


def _export_fields(spec, obj):
    """The row's own values; optional ones still at their default are left out."""
    data = snapshot(spec, obj, db_refs(spec, obj))
    blank = blank_snapshot(spec)
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
    return item


def _is_date(model, name):
    return type(model._meta.get_field(name)) is models.DateField
