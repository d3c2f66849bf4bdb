"""Pass 2: write the validated items, in one transaction, by natural key.

A row whose fields staff edited since the last load keeps the staff version unless
`force`; see `_compare`.
"""

from dataclasses import dataclass, field

from django.db import IntegrityError, transaction

from journeys.caching.version import one_version_bump
from journeys.content.seeds import translations as seed_translations
from journeys.content.seeds.errors import SeedError, SeedValidationError
from journeys.content.seeds.reader import read_seeds
from journeys.content.seeds.spec import (
    CARE_CENTER,
    GOVERNANCE_FIELDS,
    SECTIONS,
    SLUG_MODELS,
    blank_snapshot,
    db_refs,
    snapshot,
)


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
        with transaction.atomic(), one_version_bump():
            _Writer(report, force=force).write(items)
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
    blank = blank_snapshot(spec)
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


def _copy_fields(spec, source, target):
    for f in spec.scalar_fields():
        setattr(target, f.name, getattr(source, f.name))
    if spec.governed:
        for name in GOVERNANCE_FIELDS:
            setattr(target, name, getattr(source, name))
    if spec.positional_order:
        target.order = source.order


class _Writer:
    def __init__(self, report, *, force):
        self.report = report
        self.force = force
        self.slugs = {model: {} for model in SLUG_MODELS}  # model -> slug -> row
        self.saved = {}  # id(Item) -> saved instance, for children to find their parent

    def write(self, items):
        for spec in SECTIONS.values():
            for item in items.get(spec, []):
                self._walk(item)
        seed_translations.flush(self)

    def _walk(self, item):
        self._write_item(item)
        if item.translations:
            seed_translations.write(self, item, self.saved[id(item)])
        for child in item.children:
            self._walk(child)

    def resolve(self, model, slug):
        if slug not in self.slugs[model]:
            self.slugs[model][slug] = model.objects.get(slug=slug)
        return self.slugs[model][slug]

    def _write_item(self, item):
        new_data = item.data
        existing = _find_existing(item.spec, item, self.saved)
        if existing is None:
            self.report.created.append(item.describe())
            self._save(item, item.instance, new_data)
        elif self._update(item, existing, new_data):
            self._save(item, existing, new_data)
        else:
            self.saved[id(item)] = existing

    def _update(self, item, existing, new_data):
        """Bring `existing` up to the seed unless it is already there or staff edits win.

        Returns whether `existing` now needs saving.
        """
        spec = item.spec
        current = snapshot(spec, existing, db_refs(spec, existing))
        if current == new_data:
            if existing.seed_data != new_data:
                type(existing).objects.filter(pk=existing.pk).update(seed_data=new_data)
            self.report.unchanged.append(item.describe())
            return False
        edited, seed_changed = _compare(spec, existing.seed_data, current, new_data)
        if edited and not seed_changed:
            self.report.kept_edits.append(item.describe())
            return False
        if edited and not self.force:
            self.report.conflicts.append(f"{item.describe()}: {', '.join(sorted(edited))}")
            return False
        _copy_fields(spec, item.instance, existing)
        (self.report.overwritten if edited else self.report.updated).append(item.describe())
        return True

    def _save(self, item, obj, new_data):
        spec = item.spec
        if spec.parent_fk:
            setattr(obj, spec.parent_fk, self.saved[id(item.parent)])
        for name, model in spec.fks.items():
            slug = item.refs.get(name)
            setattr(obj, name, self.resolve(model, slug) if slug else None)
        obj.seed_data = new_data
        obj.save()
        for name, model in spec.list_refs().items():
            getattr(obj, name).set([self.resolve(model, s) for s in item.refs[name]])
        if spec.model in self.slugs:
            self.slugs[spec.model][obj.slug] = obj
        self.saved[id(item)] = obj
