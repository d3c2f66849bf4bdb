"""Importing further-reading documents: Markdown with YAML front matter.

The front matter uses the keys of the reference documents: title, source, url,
license, lastReviewed, reviewFrequency, audienceLevel, language, status, tags,
version (citation, sourceType and cancerTypes are accepted and ignored). Tags that
name a stage or a product (slug or brand name) link the resource to that page.
"""

import datetime
import re

import yaml
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.text import slugify

from journeys.content import safe_yaml
from journeys.content.governance.workflow import content_propose
from journeys.content.models.base import ReviewInterval, Source, Status
from journeys.content.models.content import Product, Resource, Stage

FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*\r?\n?(.*)\Z", re.DOTALL)
KNOWN_KEYS = {
    "title",
    "source",
    "url",
    "license",
    "lastReviewed",
    "reviewFrequency",
    "audienceLevel",
    "language",
    "status",
    "tags",
    "version",
    "citation",
    "sourceType",
    "cancerTypes",
}
REQUIRED_KEYS = {"title", "url", "lastReviewed"}
STATUSES = {
    "draft": Status.DRAFT,
    "review": Status.IN_REVIEW,
    "in_review": Status.IN_REVIEW,
    "in review": Status.IN_REVIEW,
    "active": Status.PUBLISHED,
    "published": Status.PUBLISHED,
}
AUDIENCES = {"patient": "patient", "caregiver": "caregiver", "all": "all", "general": "all"}
MAX_BYTES = 500_000
MAX_FRONT_MATTER = 10_000


class ResourceError(Exception):
    def __init__(self, name, errors):
        self.name = name
        self.errors = errors
        super().__init__("\n".join(f"{name}:{line}: {message}" for line, message in errors))


def _parse(name, text):
    match = FRONT_MATTER.match(text)
    if not match:
        raise ResourceError(
            name, [(1, "the file must start with YAML front matter between --- lines")]
        )
    raw, body = match.groups()
    if len(raw) > MAX_FRONT_MATTER:
        raise ResourceError(
            name, [(1, f"the front matter is longer than {MAX_FRONT_MATTER // 1000} KB")]
        )
    if "\x00" in text:
        raise ResourceError(name, [(1, "the file contains a NUL character")])
    try:
        meta = safe_yaml.load(raw)
    except yaml.MarkedYAMLError as exc:
        line = (exc.problem_mark.line + 2) if exc.problem_mark else 1
        raise ResourceError(
            name, [(line, f"front matter is not valid YAML: {exc.problem}")]
        ) from None
    except yaml.YAMLError as exc:  # e.g. a control character (yaml.reader.ReaderError)
        reason = getattr(exc, "reason", None) or "it cannot be read"
        raise ResourceError(name, [(1, f"front matter is not valid YAML: {reason}")]) from None
    except RecursionError:  # thousands of nested [ or {
        raise ResourceError(name, [(1, "front matter is nested too deeply")]) from None
    except (ValueError, OverflowError) as exc:  # a date like 2026-13-45, a 5,000-digit number
        raise ResourceError(
            name, [(1, f"front matter has a value that cannot be read: {exc}")]
        ) from None
    if not isinstance(meta, dict):
        raise ResourceError(name, [(1, "front matter must be a mapping of keys")])
    lines = {}
    for number, line in enumerate(raw.splitlines(), start=2):
        key = line.split(":", 1)[0].strip()
        if key and not line.startswith((" ", "-", "\t")):
            lines.setdefault(key, number)
    return meta, body.strip(), lines


def _date(value):
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value))


class _Errors(list):
    """(line, message) pairs; `add` finds the line of a front-matter key."""

    def __init__(self, lines):
        super().__init__()
        self.lines = lines

    def add(self, key, message):
        self.append((self.lines.get(key, 1), message))


def _check_keys(meta, body, errors, key_lines):
    for key in sorted(set(meta) - KNOWN_KEYS):
        errors.add(key, f"unknown key '{key}' (allowed: {', '.join(sorted(KNOWN_KEYS))})")
    for key in sorted(REQUIRED_KEYS - set(meta)):
        errors.append((1, f"missing '{key}'"))
    if not body:
        errors.append((key_lines + 3, "the document has no text after the front matter"))


def _check_text(meta, errors):
    title = str(meta.get("title") or "").strip()
    if "title" in meta and not title:
        errors.add("title", "'title' is empty")
    url = str(meta.get("url") or "").strip()
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            errors.add("url", f"'url' is not a web address: {url!r}")
    return title, url


def _check_review(meta, errors):
    reviewed = None
    if "lastReviewed" in meta:
        try:
            reviewed = _date(meta["lastReviewed"])
        except ValueError:
            errors.add(
                "lastReviewed",
                f"'lastReviewed' is not a date like 2026-11-21: {meta['lastReviewed']!r}",
            )
    frequency = str(meta.get("reviewFrequency", "quarterly")).strip().lower()
    if frequency not in ReviewInterval.values:
        errors.add(
            "reviewFrequency",
            f"'reviewFrequency' must be one of {', '.join(ReviewInterval.values)}",
        )
    return reviewed, frequency


def _check_choices(meta, errors):
    status = STATUSES.get(str(meta.get("status", "draft")).strip().lower())
    if status is None:
        errors.add("status", f"'status' must be one of {', '.join(sorted(STATUSES))}")
    audience = AUDIENCES.get(str(meta.get("audienceLevel", "all")).strip().lower())
    if audience is None:
        errors.add(
            "audienceLevel", f"'audienceLevel' must be one of {', '.join(sorted(AUDIENCES))}"
        )
    tags = meta.get("tags") or []
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        errors.add("tags", "'tags' must be a list of words")
        tags = []
    return status, audience, tags


def resource_read(*, name, text):
    """Validate one document; returns its values or raises ResourceError with every problem."""
    if len(text.encode()) > MAX_BYTES:
        raise ResourceError(name, [(1, f"the file is larger than {MAX_BYTES // 1000} KB")])
    meta, body, lines = _parse(name, text)
    errors = _Errors(lines)
    _check_keys(meta, body, errors, len(lines))
    title, url = _check_text(meta, errors)
    reviewed, frequency = _check_review(meta, errors)
    status, audience, tags = _check_choices(meta, errors)
    if errors:
        raise ResourceError(name, sorted(errors))
    return {
        "title": title[:300],
        "body": body,
        "publisher": str(meta.get("source") or "")[:200],
        "url": url,
        "license": str(meta.get("license") or "")[:100],
        "version": str(meta.get("version") or "")[:40],
        "tags": [t.strip() for t in tags if t.strip()],
        "last_reviewed": reviewed,
        "review_every": frequency,
        "status": status,
        "audience": audience,
        "language": str(meta.get("language") or "en")[:8],
    }


#: What an import of an already published document may change, as a waiting edit.
EDITABLE = ("title", "body", "publisher", "url", "license", "version", "last_reviewed")


@transaction.atomic
def resource_import(*, name, text, may_publish=True):
    """Create or update the resource a document describes (keyed by its title's slug).

    An import is an edit like any other: onto a published row it becomes a waiting edit,
    sent to the medical reviewers, and patients keep the published text meanwhile. A new
    document marked active is published only when `may_publish` (the command line, a
    reviewer); otherwise it waits in review. Returns (resource, created).
    """
    values = resource_read(name=name, text=text)
    slug = slugify(values["title"])[:120] or slugify(name)[:120]
    existing = Resource.objects.filter(slug=slug).first()
    if existing is not None and existing.status == Status.PUBLISHED and not may_publish:
        changes = {k: values[k] for k in EDITABLE if getattr(existing, k) != values[k]}
        content_propose(obj=existing, changes=changes, submit=True)
        return existing, False
    if values["status"] == Status.PUBLISHED and not may_publish:
        values["status"] = Status.IN_REVIEW
    resource, created = Resource.objects.update_or_create(slug=slug, defaults=values)
    tags = {t.lower() for t in values["tags"]}
    resource.stages.set(Stage.objects.filter(slug__in=tags))
    products = [p for p in Product.objects.all() if {p.slug, p.brand_name.lower()} & tags]
    resource.products.set(products)
    if values["url"]:
        source_slug = f"resource-{slug}"[:60]
        source = (
            Source.objects.filter(url=values["url"]).first()
            or Source.objects.filter(slug=source_slug).first()
            or Source.objects.create(
                slug=source_slug,
                url=values["url"],
                title=values["title"],
                publisher=values["publisher"],
                license=values["license"],
                accessed=values["last_reviewed"],
            )
        )
        resource.sources.set([source])
    return resource, created
