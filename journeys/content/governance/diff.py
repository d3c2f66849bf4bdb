"""What a waiting edit changes: each field, published words against the edit, word by word."""

import difflib
import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import mark_safe

TOKENS = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class FieldChange:
    name: str
    label: str
    old: str
    new: str

    @property
    def html(self):
        return word_diff(self.old, self.new)


def word_diff(old, new):
    """`old` -> `new` as HTML: removed words in <del>, added words in <ins>, all escaped."""
    a, b = TOKENS.findall(old or ""), TOKENS.findall(new or "")
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(escape("".join(a[i1:i2])))
            continue
        raw_removed, raw_added = "".join(a[i1:i2]), "".join(b[j1:j2])
        removed, added = raw_removed.strip(), raw_added.strip()
        # The spaces a changed run starts or ends with stay outside the marks, so neither
        # version reads glued ("sleepinesscan") once the other's words are taken out.
        if raw_removed[:1].isspace() or raw_added[:1].isspace():
            out.append(" ")
        if removed:
            out.append(f"<del>{escape(removed)}</del>")
        if removed and added:
            out.append(" ")
        if added:
            out.append(f"<ins>{escape(added)}</ins>")
        if raw_removed[-1:].isspace() or raw_added[-1:].isspace():
            out.append(" ")
    return mark_safe(re.sub(r" {2,}", " ", "".join(out)).strip())  # noqa: S308 - escaped above


def _display(field, value):
    if field.is_relation:
        related = field.related_model.objects.filter(pk=value).first() if value else None
        return str(related) if related else "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return "" if value is None else str(value)


def pending_changes(obj, pending=None):
    """The fields a waiting edit changes on `obj`, as FieldChange rows (sources included)."""
    pending = obj.pending if pending is None else pending
    changes = []
    for attname, value in pending.items():
        if attname == "sources":
            old = ", ".join(sorted(str(s) for s in obj.sources.all()))
            new_sources = type(obj).sources.field.related_model.objects.filter(pk__in=value)
            new = ", ".join(sorted(str(s) for s in new_sources))
            label = str(type(obj)._meta.get_field("sources").verbose_name)
        else:
            field = obj._meta.get_field(attname.removesuffix("_id"))
            stored = getattr(obj, field.attname)
            old = _display(field, stored)
            new = _display(field, field.to_python(value))
            label = str(field.verbose_name)
        if old != new:
            changes.append(FieldChange(attname, label, old, new))
    return changes
