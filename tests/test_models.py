import datetime

import pytest
from django.db import IntegrityError, transaction

from journeys.models import CareCenter, GlossaryTerm, Product, Stage, Status, Step

from . import factories as f

pytestmark = pytest.mark.django_db


def test_stage_duration_min_cannot_exceed_max():
    with pytest.raises(IntegrityError), transaction.atomic():
        f.stage(duration_min_days=5, duration_max_days=2)


def test_stage_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        f.stage(starts_day=-2, ends_day=-5)


def test_stage_slug_and_order_are_unique():
    f.stage(slug="infusion", order=5)
    with pytest.raises(IntegrityError), transaction.atomic():
        f.stage(slug="infusion", order=6)
    with pytest.raises(IntegrityError), transaction.atomic():
        f.stage(slug="other", order=5)


def test_stage_order_must_be_positive():
    with pytest.raises(IntegrityError), transaction.atomic():
        f.stage(order=0)


def test_step_key_is_unique_within_a_stage_only():
    one, two = f.stage(), f.stage()
    f.step(one, key="arrive")
    f.step(two, key="arrive")
    with pytest.raises(IntegrityError), transaction.atomic():
        f.step(one, key="arrive")


def test_product_manufacturing_range_is_ordered():
    with pytest.raises(IntegrityError), transaction.atomic():
        f.product(manufacturing_days_min=30, manufacturing_days_max=10)


def test_day_counts_cannot_be_negative():
    with pytest.raises(IntegrityError), transaction.atomic():
        f.stage(duration_min_days=-1, duration_max_days=2)


def test_care_center_is_a_single_row():
    f.care_center(name="First")
    CareCenter(name="Second", phone_day="1", phone_after_hours="2").save()
    assert CareCenter.objects.count() == 1
    assert CareCenter.load().name == "Second"
    with pytest.raises(IntegrityError), transaction.atomic():
        CareCenter.objects.bulk_create(
            [CareCenter(pk=2, name="x", phone_day="1", phone_after_hours="2")]
        )


def test_published_hides_drafts_and_items_in_review():
    shown = f.stage(status=Status.PUBLISHED)
    f.stage(status=Status.DRAFT)
    f.stage(status=Status.IN_REVIEW)
    assert list(Stage.objects.published()) == [shown]


def test_for_product_keeps_general_rows_and_that_products_rows():
    stage = f.stage()
    mine, other = f.product(), f.product()
    general = f.step(stage, title="general")
    only_mine = f.step(stage, title="mine", product=mine)
    f.step(stage, title="other", product=other)
    assert set(Step.objects.for_product(mine)) == {general, only_mine}
    assert set(Step.objects.for_product(None)) == {general}


def test_review_due_uses_each_rows_interval():
    today = datetime.date(2026, 11, 21)
    overdue = f.product(last_reviewed=today - datetime.timedelta(days=92), review_every="quarterly")
    fresh = f.product(last_reviewed=today - datetime.timedelta(days=92), review_every="annually")
    soon = f.product(last_reviewed=today - datetime.timedelta(days=80), review_every="quarterly")
    never = f.product(last_reviewed=None)
    assert set(Product.objects.review_due(today=today)) == {overdue, never}
    assert set(Product.objects.review_due(within_days=30, today=today)) == {overdue, soon, never}
    assert fresh.is_review_due(today) is False
    assert overdue.next_review == datetime.date(2026, 11, 20)


def test_a_patients_read_leaves_the_staff_columns_unread(seeded_db):
    """`published()` (what patients see) reads neither the seed loader's copy nor a waiting
    edit: each is a JSON value that would be decoded on every row of every page; a staff
    preview reads them (it applies the waiting edit)."""
    for model in (Product, Stage, GlossaryTerm):
        row = model.objects.published().first()
        assert {"seed_data", "pending"} <= row.get_deferred_fields(), model
        preview = model.objects.published(preview=True).first()
        assert not {"seed_data", "pending"} & preview.get_deferred_fields(), model
