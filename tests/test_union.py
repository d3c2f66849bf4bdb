"""content/union.py: a query built once per shape gives the rows the ORM gives for the
same ids; rows become instances as the ORM makes them."""

import datetime

import pytest
from django.db import connection
from django.db.models.signals import post_init
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from journeys.caching.statements import Statement, instance
from journeys.content import selectors
from journeys.content.search import index
from journeys.content.translations import in_language, localize
from journeys.models import GlossaryTerm, Product, Stage, Step

pytestmark = pytest.mark.django_db


def _by_orm(statement, *shape, **ids):
    return list(statement.build(*shape, **ids))


def _stage_shape(language):
    """The shape _stage_contents gives the stage query in `language`."""
    if language == "en":
        return (language, None)
    kinds = tuple(in_language(model, language)[1] for _a, model, _t in selectors._STAGE_KINDS)
    return (language, kinds)


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("caregiver", [False, True])
def test_the_stage_query_gives_the_orms_rows_for_every_stage_and_product(
    seeded_db, caregiver, language
):
    compared = translated = 0
    shape = (caregiver, *_stage_shape(language))
    for product in [None, *Product.objects.all()]:
        for stage in Stage.objects.all():
            ids = {"stage": stage.pk, "product": getattr(product, "pk", None)}
            rows = selectors._STAGE_UNION.rows(*shape, **ids)
            assert sorted(rows, key=repr) == sorted(
                _by_orm(selectors._STAGE_UNION, *shape, **ids), key=repr
            )
            compared += len(rows)
            translated += sum(1 for row in rows if language == "es" and row[-3])
    assert compared > 500
    assert (translated > 400) == (language == "es")  # the Spanish words come in the rows


def _search_shape(language, html):
    """The shape searchable_rows gives the search query in `language`."""
    if language == "en":
        return (language, None, html)
    kinds = tuple(in_language(model, language)[1] for model, _t in index._KINDS)
    return (language, kinds, html)


@pytest.mark.parametrize("html", [False, True])
@pytest.mark.parametrize("language", ["en", "es"])
def test_the_search_query_gives_the_orms_rows_for_every_product(seeded_db, language, html):
    shape = _search_shape(language, html)
    for product in [None, *Product.objects.all()]:
        ids = {"product": getattr(product, "pk", None)}
        rows = index._SEARCHABLE.rows(*shape, **ids)
        assert len(rows) > 100
        assert sorted(rows, key=repr) == sorted(_by_orm(index._SEARCHABLE, *shape, **ids), key=repr)
        # In Spanish each row carries its published translation's words, last; with the
        # HTML (a print-out), then the translation's HTML and its review date.
        words_at = -3 if html else -1
        translated = [row for row in rows if language == "es" and row[words_at]]
        assert (len(translated) > 100) == (language == "es")
        assert all(row[words_at].startswith("{") for row in translated)
        if translated and html:
            assert all(isinstance(row[-1], datetime.date) for row in translated)
        # The stored HTML only for a print-out (the packet): "<p>" in some column.
        assert any("<p>" in str(row) for row in rows) == html


def test_a_kept_query_runs_with_each_calls_ids(seeded_db):
    """The second call's ids reach the SQL: not the first call's, not the stand-ins."""
    first, second = Stage.objects.order_by("order")[:2]
    product = Product.objects.first()
    one = selectors._STAGE_UNION.rows(False, "en", None, stage=first.pk, product=product.pk)
    two = selectors._STAGE_UNION.rows(False, "en", None, stage=second.pk, product=product.pk)
    assert one and two and {r[:2] for r in one}.isdisjoint({r[:2] for r in two})
    with CaptureQueriesContext(connection) as queries:
        selectors._STAGE_UNION.rows(False, "en", None, stage=second.pk, product=product.pk)
    assert len(queries) == 1
    assert str(second.pk) in queries[0]["sql"] and str(-(2**52)) not in queries[0]["sql"]


def test_an_id_the_orm_changes_is_refused_not_kept():
    @Statement
    def shifted(*, stage):
        return Step.objects.filter(stage_id=stage + 1).values_list("pk")

    with pytest.raises(ValueError, match="stage"):
        shifted.rows(stage=1)


def test_an_instance_holds_its_columns_and_defers_the_rest(seeded_db):
    step = Step.objects.first()
    built = []
    post_init.connect(receiver := lambda sender, instance, **kw: built.append(instance))
    try:
        row = instance(Step, [step.pk, step.title], ["id", "title"])
    finally:
        post_init.disconnect(receiver)
    assert built == [row]  # counted like any instance the ORM builds
    assert (row.pk, row.title) == (step.pk, step.title)
    assert "body" in row.get_deferred_fields() and not row._state.adding
    with CaptureQueriesContext(connection) as queries:
        assert row.body == step.body  # a deferred field still loads, as Django's would
    assert len(queries) == 1


@pytest.mark.parametrize("language", ["en", "es"])
def test_kept_reads_of_rows_give_what_the_orm_gives_in_each_language(seeded_db, language):
    """Products, stages and the care center: the same instances, fields and translation
    columns as iterating the ORM's queryset."""
    from journeys.models import CareCenter

    for statement, model in [
        (selectors._PRODUCTS, Product),
        (selectors._STAGES, Stage),
        (selectors._CARE_CENTER, CareCenter),
    ]:
        shape = in_language(model, language)
        kept = statement.objects(*shape)
        by_orm = list(statement.build(*shape))
        assert kept and [type(r) for r in kept] == [type(r) for r in by_orm]
        for ours, theirs in zip(kept, by_orm, strict=True):
            fields = {k: v for k, v in theirs.__dict__.items() if k != "_state"}
            assert {k: v for k, v in ours.__dict__.items() if k != "_state"} == fields
            assert ours._state.adding is False and ours._state.db == theirs._state.db
        if language == "es" and model is not CareCenter:
            assert any(r.translation_words for r in kept)  # the Spanish words came along


def test_each_product_holds_its_published_schedules_in_order(seeded_db):
    from journeys.content.schedules import rows_for
    from journeys.models import ProductSchedule

    draft = ProductSchedule.objects.first()
    ProductSchedule.objects.filter(pk=draft.pk).update(status="draft")
    products = selectors.products.__wrapped__(preview=False)
    expected = {
        p.pk: [s.pk for s in p.schedules.filter(status="published").order_by("order", "pk")]
        for p in Product.objects.all()
    }
    assert {p.pk: [s.pk for s in rows_for(p)] for p in products} == {
        p.pk: expected[p.pk] for p in products
    }
    assert sum(map(len, expected.values())) > len(products)  # some have several uses
    assert draft.pk not in {s.pk for p in products for s in rows_for(p)}


def _as_the_walker_would(rows):
    """Each Spanish row as localizing the ORM's row gives it: the same words, HTML,
    review date and marks (in its columns read). Returns how many were compared."""
    compared = 0
    for row in rows:
        model = type(row)
        loaded = [f.attname for f in model._meta.concrete_fields if f.attname in row.__dict__]
        orm = localize([model.objects.get(pk=row.pk)], language="es")[0]
        for name in loaded:
            assert getattr(row, name) == getattr(orm, name), (model, row.pk, name)
        for mark in ("translated", "untranslated"):
            assert getattr(row, mark, None) == getattr(orm, mark, None), (model, row.pk, mark)
        compared += 1
    return compared


def test_spanish_search_rows_read_their_translation_as_the_walker_would(seeded_db):
    """searchable_rows reads each row's translation in its own query and puts it on the
    row in place: the same words, HTML, review date and marks as localizing the ORM's row
    gives, an item with no translation marked untranslated; localizing again copies
    nothing."""
    GlossaryTerm.objects.create(
        slug="new-word", term="New word", definition="Not translated yet.", status="published"
    )
    product = Product.objects.first()
    with translation.override("es"):
        rows = index.searchable_rows(product=product)
        printed = index.searchable_rows(product=product, html=True)
        again = localize(rows, language="es")
    assert all(a is b for a, b in zip(again, rows, strict=True))
    assert _as_the_walker_would(rows) > 100
    assert all("rendered" not in row.__dict__ for row in rows)  # search reads words only
    assert _as_the_walker_would(printed) > 100  # the packet's rows with their HTML
    assert sum(1 for row in printed if row.rendered) > 100
    new = next(r for r in rows if isinstance(r, GlossaryTerm) and r.slug == "new-word")
    assert new.untranslated == "es" and new.term == "New word"
    assert sum(1 for r in rows if getattr(r, "translated", None) == "es") > 100


def test_spanish_stage_pages_rows_read_their_translation_as_the_walker_would(seeded_db):
    """The rows of a Spanish stage page come with their translations from the page's one
    query, put on them there: as the walker would, and not copied again."""
    step = Step.objects.published().first()
    Step.objects.create(
        stage=step.stage, title="New step", body="Not translated yet.", status="published"
    )
    compared = 0
    for product in [None, *Product.objects.all()]:
        with translation.override("es"):
            for stage in Stage.objects.all():
                page = selectors.stage_page(slug=stage.slug, product=product, preview=False)
                rows = [*page.visible_steps, *page.visible_guidances, *page.visible_questions]
                rows += [*page.visible_warning_signs, *page.visible_checklistitems]
                assert all(a is b for a, b in zip(localize(rows), rows, strict=True))
                compared += _as_the_walker_would(rows)
                if stage == step.stage:
                    new = next(s for s in page.visible_steps if s.title == "New step")
                    assert new.untranslated == "es"
    assert compared > 500


def test_a_list_of_ids_reaches_the_sql_padded_to_a_power_of_two():
    """5 and 7 ids share the SQL built for 8 (the last id repeated), 9 ids another; each
    call's rows are the ORM's for its own ids."""

    @Statement
    def steps(*, ids):
        return Step.objects.filter(pk__in=ids).order_by("pk").values_list("pk", flat=True)

    assert steps.rows(ids=[]) == []
    pks = [-5, -4, -3, -2, -1, -9, -8, -7, -6]  # none exist: the rows say which ids ran
    assert steps.rows(ids=pks[:5]) == []
    assert len(steps._compiled) == 2  # the empty list is a shape of its own
    with CaptureQueriesContext(connection) as queries:
        steps.rows(ids=pks[:7])
    assert len(steps._compiled) == 2
    assert queries[0]["sql"].count("-6") == 0 and queries[0]["sql"].count("-9") == 1
    steps.rows(ids=pks)
    assert len(steps._compiled) == 3


def test_a_pages_sources_are_the_ones_its_items_cite(seeded_db):
    """cited_sources: for every stage page's items, the sources the ORM finds through
    each kind's link table, by title."""
    from django.db.models import Q

    from journeys.content.cited import cited_sources
    from journeys.models import Source

    compared = 0
    for product in [None, *Product.objects.all()]:
        for stage in Stage.objects.all():
            page = selectors.stage_page(slug=stage.slug, product=product, preview=False)
            items = [page, *page.visible_steps, *page.visible_guidances]
            items += [*page.visible_warning_signs, *page.visible_questions]
            expected = Q()
            for item in items:
                through = type(item).sources.through
                name = type(item)._meta.model_name
                ids = through.objects.filter(**{f"{name}_id": item.pk}).values("source_id")
                expected |= Q(pk__in=ids)
            wanted = list(Source.objects.filter(expected).order_by("title", "pk"))
            assert cited_sources(items) == wanted
            compared += len(wanted)
    assert compared > 100


def test_the_caregiver_checklist_reads_its_items_as_the_orm_would(seeded_db):
    """The caregiver stages come from the kept stage list and one query of items (each
    with its translation): the ORM's items in the ORM's order, for every product, in
    both languages, each on its own stage, put in Spanish as the walker would."""
    from journeys.content.checklists import caregiver_stages
    from journeys.models import ChecklistItem

    compared = 0
    for product in [None, *Product.objects.all()]:
        wanted = (
            ChecklistItem.objects.published()
            .for_product(product)
            .filter(who="caregiver", stage__status="published")
            .order_by("stage__order", "order", "pk")
        )
        for language in ("en", "es"):
            with translation.override(language):
                stages, total, left = caregiver_stages(
                    product=product, preview=False, checked_ids={wanted[0].pk}
                )
            items = [item for stage in stages for item in stage.caregiver_items]
            assert [i.pk for i in items] == [i.pk for i in wanted]
            assert (total, left) == (len(items), len(items) - 1)
            assert all(item.stage.pk == item.stage_id for item in items)
            if language == "es":
                compared += _as_the_walker_would(items)
    assert compared > 100
