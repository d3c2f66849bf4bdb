"""The content the project ships: complete, cited, plain, and free of outdated claims."""

import re

import pytest

from journeys.models import (
    CONTENT_MODELS,
    ChecklistItem,
    GlossaryTerm,
    Guidance,
    Product,
    Question,
    Stage,
    Status,
    Step,
    WarningSign,
)

pytestmark = pytest.mark.django_db

PRODUCTS = {"kymriah", "yescarta", "tecartus", "breyanzi", "abecma", "carvykti", "aucatzyl"}
STAGES = [
    "evaluation",
    "leukapheresis",
    "manufacturing",
    "lymphodepletion",
    "infusion",
    "monitoring",
    "recovery",
    "long-term-follow-up",
]


def test_all_seven_products_are_published(seeded_db):
    assert set(Product.objects.published().values_list("slug", flat=True)) == PRODUCTS


def test_eight_stages_in_order(seeded_db):
    assert list(Stage.objects.published().values_list("slug", flat=True)) == STAGES


def test_every_content_row_cites_a_source(seeded_db):
    from django.contrib.contenttypes.models import ContentType

    from journeys.models import CareCenter, Translation

    center = ContentType.objects.get_for_model(CareCenter)
    for model in CONTENT_MODELS:
        uncited = model.objects.filter(sources__isnull=True)
        if model is Translation:  # the center's own words (its name, its sentence) cite nothing
            uncited = uncited.exclude(content_type=center)
        assert not uncited.exists(), f"{model.__name__} without sources: {list(uncited[:5])}"


@pytest.mark.parametrize("slug", STAGES)
def test_each_stage_is_complete(seeded_db, slug):
    stage = Stage.objects.get(slug=slug)
    assert Step.objects.filter(stage=stage, product=None).count() >= 3
    kinds = set(Guidance.objects.filter(stage=stage).values_list("kind", flat=True))
    assert kinds == {"do", "dont"}
    assert ChecklistItem.objects.filter(stage=stage, who="caregiver").exists()
    assert Question.objects.filter(stage=stage).exists()


def test_no_product_requires_rems_any_more(seeded_db):
    assert not Product.objects.filter(rems_required=True).exists()


def test_label_numbers_live_in_fields(seeded_db):
    aucatzyl = Product.objects.get(slug="aucatzyl")
    assert aucatzyl.second_infusion_day == 10
    assert (aucatzyl.stay_near_days, aucatzyl.no_driving_days) == (28, 56)
    for slug in PRODUCTS - {"aucatzyl"}:
        product = Product.objects.get(slug=slug)
        assert (product.stay_near_days, product.no_driving_days) == (14, 14), slug
        assert product.daily_monitoring_days == 7


def test_warning_signs_cover_crs_icans_and_infection(seeded_db):
    categories = set(WarningSign.objects.published().values_list("category", flat=True))
    assert {"crs", "icans", "infection"} <= categories
    assert WarningSign.objects.filter(action="call_emergency").exists()


def test_glossary_has_at_least_forty_terms_with_pronunciations(seeded_db):
    assert GlossaryTerm.objects.published().count() >= 40
    assert GlossaryTerm.objects.exclude(pronunciation="").count() >= 7


def _prose():
    for model in CONTENT_MODELS:
        text_fields = [
            f.name for f in model._meta.concrete_fields if f.get_internal_type() == "TextField"
        ]
        for obj in model.objects.filter(status=Status.PUBLISHED):
            for name in text_fields:
                yield f"{model.__name__} {obj.pk}.{name}", getattr(obj, name)


OUTDATED = [
    r"REMS[- ]certified",
    r"certified hospital",
    r"\bsix\b (approved|FDA-approved) CAR-T",
    # How long to stay near the center, not drive, or have a caregiver are label and
    # center numbers: prose uses {placeholders} for them.
    r"(stay|near|driv|caregiver)[^.]*\b(\d+|two|four|eight|fourteen|thirty)\s+(days|weeks)",
]


def test_prose_has_no_outdated_claims_or_hard_coded_label_numbers(seeded_db):
    problems = [
        (where, pattern)
        for where, text in _prose()
        for pattern in OUTDATED
        if re.search(pattern, text, re.IGNORECASE)
    ]
    assert problems == []


def test_prose_uses_only_known_placeholders(seeded_db):
    from journeys.content.text import PLACEHOLDERS

    for where, text in _prose():
        for name in re.findall(r"\{(\w+)\}", text):
            assert name in PLACEHOLDERS, f"{where}: unknown placeholder {{{name}}}"


def test_patient_text_reads_at_grade_eight_or_below_on_average(seeded_db):
    import textstat

    grades = [
        textstat.flesch_kincaid_grade(text) for _, text in _prose() if len(text.split()) >= 12
    ]
    assert grades
    assert sum(grades) / len(grades) <= 8.0


def test_the_content_report_reads_median_grade_six_or_below_and_nothing_above_eight(seeded_db):
    """The report a reviewer signs from: the shipped seeds, every published item graded."""
    from journeys.content.governance.reports import content_report

    report = content_report()
    assert report.graded_rows > 200
    assert report.median_grade <= 6.0, report.median_grade
    assert report.hardest_grade <= 8.0, [row.label for row in report.hard_to_read]
    assert report.hard_to_read == []
