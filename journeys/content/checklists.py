"""The caregiver checklist: the stages with caregiver items for a product, each item
ticked or not (the ticks are the journey's, put on copies here, never kept)."""

from django.db.models import Prefetch

from journeys.caching.statements import Statement
from journeys.content.models.content import ChecklistItem, Stage
from journeys.content.selectors import shallow_copy, stage_list
from journeys.content.translations import in_language, kept, translate_read, with_translations


def caregiver_stages(*, product, preview, checked_ids=frozenset()):
    """Stages that have caregiver items for `product`, each item marked `checked` or not.

    Returns (stages, total items, items left). The stages and items are copies: the kept
    ones are shared with other requests.
    """
    stages = []
    total = left = 0
    for kept_stage in _caregiver_stages(product=product, preview=preview):
        stage = shallow_copy(kept_stage)
        stage.caregiver_items = []
        for kept_item in kept_stage.caregiver_items:
            item = shallow_copy(kept_item)
            item.checked = item.pk in checked_ids
            stage.caregiver_items.append(item)
            total += 1
            left += not item.checked
        stages.append(stage)
    return stages, total, left


@kept
def _caregiver_stages(*, product, preview):
    if preview:  # drafts and waiting edits: the plain ORM
        items = (
            ChecklistItem.objects.published(preview=True)
            .for_product(product)
            .filter(who=ChecklistItem.Who.CAREGIVER)
        )
        stages = with_translations(Stage.objects.published(preview=True), preview=True)
        stages = stages.prefetch_related(
            Prefetch(
                "checklistitems",
                queryset=with_translations(items, preview=True),
                to_attr="caregiver_items",
            )
        )
        return [s for s in stages if s.caregiver_items]
    # The items, each with its translation, in one query built once per shape, put on
    # copies of the kept stages: in the reader's language already, nothing copied again.
    language, kind = in_language(ChecklistItem)
    items = _CAREGIVER_ITEMS.objects(language, kind, product=getattr(product, "pk", None))
    by_stage = {}
    for item in items:
        by_stage.setdefault(item.stage_id, []).append(item)
    found = []
    for listed in stage_list(preview=False):
        if listed.pk in by_stage:
            stage = shallow_copy(listed)
            stage.caregiver_items = translate_read(by_stage[listed.pk], language)
            for item in stage.caregiver_items:
                item.stage = stage
            found.append(stage)
    return translate_read(found, language)


@Statement
def _CAREGIVER_ITEMS(language, kind, *, product):
    items = (
        ChecklistItem.objects.published()
        .for_product(product)
        .filter(who=ChecklistItem.Who.CAREGIVER)
        .order_by("order", "pk")
    )
    return with_translations(items, language=language)


def caregiver_item(*, pk, preview):
    """One caregiver checklist item with its stage, or None."""
    return (
        ChecklistItem.objects.published(preview=preview)
        .select_related("stage")
        .filter(pk=pk, who=ChecklistItem.Who.CAREGIVER)
        .first()
    )
