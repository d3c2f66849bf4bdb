"""Translations in the seed files: an `es:` mapping inside the English item it translates.

    - slug: fever-or-chills
      name: Fever or chills
      ...
      es:
        status: published
        last_reviewed: 2026-12-01
        name: Fiebre o escalofríos
        symptoms: |
          ...

The mapping holds the item's translated fields (models.TRANSLATED_FIELDS) and its own
governance (`status`, `last_reviewed`, `review_every`, and `sources` when they differ
from the English item's). Read with the item (file:line errors), written after it,
exported back the same way; see seeds/README.md.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from simple_history.utils import bulk_create_with_history

from journeys.caching.version import content_changed
from journeys.content.models.base import ReviewInterval, Source, Status
from journeys.content.models.translation import TRANSLATED_FIELDS, Translation, english_fingerprint
from journeys.content.seeds.yaml_lines import LineDict

GOVERNANCE = ("status", "last_reviewed", "review_every", "sources")


def languages():
    """The language codes a seed item may hold a translation for (all but the base)."""
    return [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def translatable(spec):
    return spec.model in TRANSLATED_FIELDS


@dataclass
class TranslationSeed:
    language: str
    data: dict  # the canonical form: governance + fields (see `canonical`)
    line: int


def canonical(*, fields, status, last_reviewed, review_every, sources):
    data = {
        "status": status,
        "last_reviewed": last_reviewed.isoformat() if last_reviewed else None,
        "review_every": review_every,
        "sources": sorted(sources) if sources is not None else None,
    }
    data.update(sorted(fields.items()))
    return data


def read(reader, spec, raw, instance, refs, path):
    """The item's translations, checked; each problem is reported as file:line."""
    found = {}
    for language in languages():
        if language not in raw:
            continue
        block = raw[language]
        line = raw.line_of(language)
        if not isinstance(block, LineDict):
            reader.error(path, line, f"'{language}' must be a mapping of translated fields")
            continue
        seed = _read_block(reader, spec, block, instance, refs, path, language)
        if seed is not None:
            found[language] = seed
    return found


def _read_block(reader, spec, block, instance, refs, path, language):
    def complain(key, message):
        line = block.line_of(key) if key in block else block.line
        reader.error(path, line, f"{language}: {message}")

    errors_before = len(reader.errors)
    names = TRANSLATED_FIELDS[spec.model]
    for key in block:
        if key not in names and key not in GOVERNANCE:
            complain(key, f"unknown key '{key}' (allowed: {', '.join([*GOVERNANCE, *names])})")
    fields = _read_fields(block, names, complain)
    governance = _read_governance(block, complain)
    translation = Translation(language=language, fields=fields)
    translation.content_type = ContentType.objects.get_for_model(spec.model)
    for problem in translation.field_problems(original=instance):
        complain(str(problem).split(":", 1)[0], problem)
    if len(reader.errors) != errors_before:
        return None
    return TranslationSeed(language, canonical(fields=fields, **governance), block.line)


def _read_fields(block, names, complain):
    fields = {}
    for name in names:
        value = block.get(name)
        if value is None:
            continue
        if name == "also_matches":
            if isinstance(value, list) and all(isinstance(v, str) for v in value):
                fields[name] = [v.strip() for v in value]
            else:
                complain(name, f"'{name}' must be a list of words")
        elif isinstance(value, str):
            fields[name] = value.strip()
        else:
            complain(name, f"'{name}' must be text")
    return fields


def _read_governance(block, complain):
    status = block.get("status", Status.PUBLISHED)
    if status not in Status.values:
        complain("status", f"unknown status '{status}'")
    every = block.get("review_every", ReviewInterval.QUARTERLY)
    if every not in ReviewInterval.values:
        complain("review_every", f"unknown review_every '{every}'")
    reviewed = block.get("last_reviewed")
    if isinstance(reviewed, str):
        try:
            reviewed = datetime.date.fromisoformat(reviewed)
        except ValueError:
            complain("last_reviewed", "'last_reviewed' must be a date")
    sources = block.get("sources")
    if sources is not None and not (
        isinstance(sources, list) and all(isinstance(s, str) for s in sources)
    ):
        complain("sources", "'sources' must be a list of slugs")
        sources = None
    return {
        "status": status,
        "last_reviewed": reviewed if isinstance(reviewed, datetime.date) else None,
        "review_every": every,
        "sources": sources,
    }


def snapshot(translation, english_sources):
    """A stored translation in the canonical form (sources None when they are the English's)."""
    sources = sorted(s.slug for s in translation.sources.all())
    return canonical(
        fields=translation.fields,
        status=translation.status,
        last_reviewed=translation.last_reviewed,
        review_every=translation.review_every,
        sources=None if sources == sorted(english_sources) else sources,
    )


def _stored(writer):
    """Every stored translation with its sources, read once per load: {(ct, pk, lang): row}."""
    if not hasattr(writer, "translations"):
        rows = Translation.objects.prefetch_related("sources")
        writer.translations = {(t.content_type_id, t.object_id, t.language): t for t in rows}
        writer.new_translations = []
    return writer.translations


def write(writer, item, obj):
    """Create or bring up to date the item's translations, keeping staff edits like rows."""
    content_type = ContentType.objects.get_for_model(type(obj))
    english_sources = item.refs.get("sources", [])
    stored = _stored(writer)
    for language, seed in item.translations.items():
        existing = stored.get((content_type.pk, obj.pk, language))
        label = f"{language} translation of {item.describe()}"
        if existing is None:
            existing = Translation(content_type=content_type, object_id=obj.pk, language=language)
            writer.report.created.append(label)
        else:
            current = snapshot(existing, english_sources)
            if current == seed.data:
                writer.report.unchanged.append(label)
                continue
            edited = existing.seed_data and current != existing.seed_data
            if edited and existing.seed_data == seed.data:
                writer.report.kept_edits.append(label)
                continue
            if edited and not writer.force:
                writer.report.conflicts.append(f"{label}: staff edited it")
                continue
            (writer.report.overwritten if edited else writer.report.updated).append(label)
        data = seed.data
        fields = {k: v for k, v in data.items() if k not in GOVERNANCE}
        existing.fields = fields
        existing.status = data["status"]
        existing.last_reviewed = (
            datetime.date.fromisoformat(data["last_reviewed"]) if data["last_reviewed"] else None
        )
        existing.review_every = data["review_every"]
        existing.translates = english_fingerprint(item.instance)  # the English it was written from
        existing.seed_data = data
        slugs = data["sources"] if data["sources"] is not None else english_sources
        sources = [writer.resolve(Source, s) for s in slugs]
        if existing.pk is None:  # new: written with the others in one go (flush)
            writer.new_translations.append((existing, sources))
            continue
        existing.save()
        if sorted(s.pk for s in sources) != sorted(s.pk for s in existing.sources.all()):
            existing.sources.set(sources)


def flush(writer):
    """Create the new translations in bulk, with history and sources: a first load of the
    seeds makes several hundred, and one insert each made every test's set-up slow."""
    new = getattr(writer, "new_translations", [])
    if not new:
        return
    rows = []
    for translation, _sources in new:
        translation.render_fields()
        rows.append(translation)
    if getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        created = bulk_create_with_history(rows, Translation, batch_size=200)
    else:
        created = Translation.objects.bulk_create(rows, batch_size=200)
    through = Translation.sources.through
    links = [
        through(translation_id=row.pk, source_id=source.pk)
        for row, (_t, sources) in zip(created, new, strict=True)
        for source in sources
    ]
    through.objects.bulk_create(links, batch_size=500)
    content_changed()  # bulk writes send no signals: say the content changed
    writer.new_translations = []


def export_table():
    """Every translation, by English row: {(content type id, pk): [rows by language]}."""
    table = {}
    for row in Translation.objects.order_by("language").prefetch_related("sources"):
        table.setdefault((row.content_type_id, row.object_id), []).append(row)
    return table


def export(obj, english_sources, table):
    """The row's translations as seed mappings: {language: mapping}."""
    content_type = ContentType.objects.get_for_model(type(obj))
    blocks = {}
    for translation in table.get((content_type.pk, obj.pk), []):
        data = snapshot(translation, english_sources)
        block = {"status": data["status"]}
        if data["last_reviewed"]:
            block["last_reviewed"] = datetime.date.fromisoformat(data["last_reviewed"])
        if data["review_every"] != ReviewInterval.QUARTERLY:
            block["review_every"] = data["review_every"]
        if data["sources"] is not None:
            block["sources"] = data["sources"]
        for name in TRANSLATED_FIELDS[type(obj)]:
            if name in translation.fields:
                block[name] = translation.fields[name]
        blocks[translation.language] = block
    return blocks
