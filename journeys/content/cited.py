"""The sources a page's items cite, in one query whatever their number.

Every page says where its words come from (the "Sources" list at its foot). The query
is an OR of one subquery per kind of item on the page (the kind's link table to
`Source`), built by the ORM once per shape (the kinds, and how many ids of each, to the
next power of two) and run with the page's ids (journeys/caching/statements.py):
building it cost more than a stage page's whole read.
"""

from django.apps import apps
from django.db.models import Q

from journeys.caching.statements import Statement
from journeys.content.models.base import Source


def cited_sources(items):
    """The published and draft sources `items` cite, by title (as the ORM orders them)."""
    ids = {}
    for item in items:
        ids.setdefault(type(item)._meta.label_lower, set()).add(item.pk)
    if not ids:
        return []
    kinds = tuple(sorted(ids))
    names = {kind: f"k{n}" for n, kind in enumerate(kinds)}
    return _CITED.objects(kinds, **{names[kind]: sorted(ids[kind]) for kind in kinds})


#: Stage pages alone give a few dozen shapes (kinds x counts): kept, as SQL text only.
@Statement.keeping(64)
def _CITED(kinds, **ids):
    cited = Q()
    for n, kind in enumerate(kinds):
        model = apps.get_model(kind)
        rows = model.sources.through.objects.filter(
            **{f"{model._meta.model_name}_id__in": ids[f"k{n}"]}
        )
        cited |= Q(pk__in=rows.values("source_id"))
    return Source.objects.filter(cited).order_by("title", "pk")
