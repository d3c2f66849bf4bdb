"""A patient's stage page reads everything inside the stage in one query
(selectors._stage_contents); it must show exactly what the per-kind prefetches show."""

import pytest

from journeys.content import selectors
from journeys.models import Product, Stage, Status, Step

pytestmark = pytest.mark.django_db

KINDS = [attr for attr, _model, _texts in selectors._STAGE_KINDS]


def _shown(stage):
    """What a reader sees of each kind: ids in order, with the fields the page shows."""
    shown = {}
    for attr, model, texts in selectors._STAGE_KINDS:
        filled = model.filled_fields()
        shown[attr] = [
            (
                row.pk,
                row.last_reviewed,
                *(row.html(n) if n in filled else getattr(row, n) for n in texts if n),
            )
            for row in getattr(stage, attr)
        ]
    return shown


@pytest.mark.parametrize("role", ["", "patient", "caregiver"])
def test_one_query_shows_what_the_prefetches_show(seeded_db, role):
    products = [None, *Product.objects.all()]
    stages = list(Stage.objects.published())
    compared = 0
    for product in products:
        by_prefetch = {
            s.slug: s for s in selectors.stage_pages(product=product, preview=False, role=role)
        }
        for stage in stages:
            page = selectors.stage_page(slug=stage.slug, product=product, preview=False, role=role)
            assert _shown(page) == _shown(by_prefetch[stage.slug]), (stage.slug, product, role)
            compared += sum(len(getattr(page, attr)) for attr in KINDS)
    assert compared > 500  # the seeds give every kind something to compare


def test_drafts_and_waiting_edits_stay_off_the_patient_page(seeded_db):
    step = Step.objects.filter(stage__slug="infusion", product=None).first()
    step.status = Status.DRAFT
    step.save()
    other = Step.objects.filter(stage__slug="infusion", product=None).exclude(pk=step.pk).first()
    other.pending = {"body": "A waiting edit nobody has reviewed."}
    other.pending_status = Status.IN_REVIEW
    other.save()

    page = selectors.stage_page(slug="infusion", product=None, preview=False)
    assert step.pk not in [s.pk for s in page.visible_steps]
    shown = next(s for s in page.visible_steps if s.pk == other.pk)
    assert "waiting edit" not in shown.html("body")
    assert shown.html("body") == Step.objects.get(pk=other.pk).html("body")


def test_a_note_names_its_product_without_a_query(seeded_db, django_assert_num_queries):
    yescarta = Product.objects.get(slug="yescarta")
    page = selectors.stage_page(slug="infusion", product=yescarta, preview=False)
    assert page.visible_notes
    with django_assert_num_queries(0):
        assert [n.product.brand_name for n in page.visible_notes] == ["Yescarta"]
        assert [n.stage.slug for n in page.visible_notes] == ["infusion"]
