"""export_seeds: the database back to seed YAML, so that load -> export -> load changes nothing."""

import datetime
import tempfile
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command
from django.db import models
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeys.content.numbers import DAY_COUNTS
from journeys.content.seeds import (
    GOVERNANCE_FIELDS,
    SECTIONS,
    db_refs,
    seeds_export,
    seeds_load,
    snapshot,
)
from journeys.content.text import ANY_PLACEHOLDER_RE
from journeys.models import (
    CareCenter,
    GlossaryTerm,
    Product,
    Source,
    Stage,
    Step,
    WarningSign,
    validate_phone_number,
)

pytestmark = pytest.mark.django_db

SECTION_FILES = [f"{section}.yaml" for section in SECTIONS]


def all_specs(specs=None):
    for spec in (specs or SECTIONS).values():
        yield spec
        yield from all_specs(spec.children) if spec.children else ()


def natural_key(spec, obj):
    parts = []
    for part in spec.key:
        if part == "<parent>":
            parts.append(getattr(obj, spec.parent_fk).slug)
        elif part in spec.fks:
            parts.append(getattr(obj, part).slug)
        else:
            parts.append(getattr(obj, part))
    return (spec.model.__name__, *parts)


def snapshots():
    """Every content row in its canonical form, by natural key."""
    return {
        natural_key(spec, obj): snapshot(spec, obj, db_refs(spec, obj))
        for spec in all_specs()
        for obj in spec.model.objects.all()
    }


def clear_content():
    # Stages and products take their children with them.
    for model in [WarningSign, GlossaryTerm, Stage, Product, Source, CareCenter]:
        model.objects.all().delete()


def read_files(directory):
    return {p.name: p.read_bytes() for p in sorted(Path(directory).glob("*.yaml"))}


def test_shipped_seeds_export_and_load_back_unchanged(seeded_db, tmp_path):
    before = snapshots()
    summary = seeds_export(directory=tmp_path / "a")
    assert sorted(p.name for p in summary.files) == sorted(SECTION_FILES)
    assert summary.rows["stages.steps"] == Step.objects.count()
    assert sum(summary.rows.values()) == len(before)

    # On top of the shipped seeds: every row is already what the export says.
    report = seeds_load(directory=tmp_path / "a")
    assert not report.changed
    assert report.conflicts == [] and report.kept_edits == []

    # Into a cleared database: the same rows, and the same files once more.
    clear_content()
    seeds_load(directory=tmp_path / "a")
    assert snapshots() == before
    seeds_export(directory=tmp_path / "b")
    assert read_files(tmp_path / "b") == read_files(tmp_path / "a")


def test_export_is_readable_yaml(seeded_db, tmp_path):
    seeds_export(directory=tmp_path)
    stages = (tmp_path / "stages.yaml").read_text(encoding="utf-8")
    assert "\n    what_happens: |" in stages  # multi-line prose as a block scalar
    assert "\n    last_reviewed: 2026-11-21\n" in stages  # an ISO date, not a quoted string
    assert "\n    slug: " not in stages and "\n  - slug: evaluation\n    order: 1\n" in stages
    assert "\n        order:" not in stages  # a step's position is its order
    term = yaml.safe_load((tmp_path / "glossary.yaml").open(encoding="utf-8"))["glossary"][0]
    assert list(term)[:2] == ["slug", "term"]
    assert set(GOVERNANCE_FIELDS) | {"sources"} <= set(term)
    sources = yaml.safe_load((tmp_path / "sources.yaml").open())["sources"]
    slugs = [s["slug"] for s in sources]
    # Natural order (ref-9 before ref-10), whichever references the seeds hold.
    assert slugs.index("ref-9") < slugs.index("ref-10")


def test_export_has_staff_edits_and_loads_them_into_a_fresh_database(seeded_db, tmp_path):
    stage = Stage.objects.get(slug="evaluation")
    first, second, *_ = stage.steps.order_by("order")
    staff_body = 'Staff wording: "quoted", with é.\n\n- a list\n- of two'
    Step.objects.filter(pk=first.pk).update(body=staff_body, order=second.order)
    Step.objects.filter(pk=second.pk).update(order=first.order)
    before = snapshots()

    seeds_export(directory=tmp_path)
    exported = yaml.safe_load((tmp_path / "stages.yaml").open(encoding="utf-8"))
    steps = next(s for s in exported["stages"] if s["slug"] == "evaluation")["steps"]
    assert [s["key"] for s in steps[:2]] == [second.key, first.key]
    assert steps[1]["body"] == staff_body

    report = seeds_load(directory=tmp_path)
    assert not report.changed and report.conflicts == []
    clear_content()
    seeds_load(directory=tmp_path)
    assert snapshots() == before


def test_export_queries_do_not_grow_with_rows(seeded_db, tmp_path, django_assert_max_num_queries):
    with django_assert_max_num_queries(30):  # about 400 rows; one query per table
        seeds_export(directory=tmp_path)


def test_command_needs_a_folder_and_says_what_it_wrote(seeded_db, tmp_path):
    with pytest.raises(CommandError, match="--dir"):
        call_command("export_seeds")
    out = StringIO()
    call_command("export_seeds", "--dir", str(tmp_path / "out"), stdout=out)
    stages = f"stages.yaml: {Stage.objects.count()} stages, {Step.objects.count()} steps"
    assert stages in out.getvalue().replace(str(tmp_path), "")
    assert "Exported" in out.getvalue()


def test_export_refuses_a_folder_with_other_seed_files(seeded_db, tmp_path):
    (tmp_path / "stages_before.yaml").write_text("stages: []\n")
    with pytest.raises(CommandError, match="stages_before.yaml"):
        call_command("export_seeds", "--dir", str(tmp_path), stdout=StringIO())
    assert [p.name for p in tmp_path.iterdir()] == ["stages_before.yaml"]


def test_export_removes_the_file_of_a_section_that_is_now_empty(seeded_db, tmp_path):
    seeds_export(directory=tmp_path)
    GlossaryTerm.objects.all().delete()
    summary = seeds_export(directory=tmp_path)
    assert summary.removed == [tmp_path / "glossary.yaml"]
    assert not (tmp_path / "glossary.yaml").exists()


# --------------------------------------------------------------------------- #
# Property: any valid content survives load -> export -> load
# --------------------------------------------------------------------------- #

# Unicode without surrogates and control characters, plus what YAML treats specially.
CHARS = st.one_of(
    st.characters(blacklist_categories=("Cs", "Cc")),
    st.sampled_from(list(":#'\"-[]{},&*!|>%@`?~ é—…✓\u2028")),
)
SLUGS = st.from_regex(r"[a-z][a-z0-9-]{0,12}", fullmatch=True)
# min <= max pairs (database constraints); the strategies swap values that are the wrong way.
RANGES = {
    Product: [
        ("manufacturing_days_min", "manufacturing_days_max"),
        ("infusion_after_ld_min_days", "infusion_after_ld_max_days"),
    ],
    Stage: [("duration_min_days", "duration_max_days"), ("starts_day", "ends_day")],
}


def text(max_size, *, required, multiline=False):
    line = st.text(CHARS, max_size=max_size)
    value = st.lists(line, min_size=1, max_size=4).map("\n".join) if multiline else line
    # A brace pair around a name is a placeholder, which the loader checks (an unknown one
    # is refused, as a staff member's typo should be): free text leaves them out.
    value = value.map(str.strip).filter(lambda v: not ANY_PLACEHOLDER_RE.search(v))
    return value.filter(bool) if required else value


# Fields whose values follow rules of their own, by name.
NAMED_VALUES = {
    "also_matches": lambda: st.lists(text(40, required=True), max_size=3),
    # One decimal, within the validators' range.
    "fever_celsius": lambda: st.integers(375, 390).map(lambda tenths: tenths / 10),
    "follow_up_days": lambda: st.lists(st.integers(0, 5475), max_size=4),
    "unconfirmed_numbers": lambda: st.lists(st.sampled_from(DAY_COUNTS), unique=True),
    # The daily log's numbers, within their validators' ranges.
    "temperature_checks_per_day": lambda: st.integers(1, 12),
    "log_last_day": lambda: st.integers(7, 100),
}
# What a tel: link can dial (validate_phone_number), short enough for every phone field.
PHONES = st.from_regex(r"\+?[0-9]{3}[0-9 ().-]{0,12}[0-9]", fullmatch=True)


def value_of(model_field):
    """A valid value for one model field; a field of a new kind fails here, loudly."""
    f = model_field
    if f.name in NAMED_VALUES:
        value = NAMED_VALUES[f.name]()
    elif f.choices:
        value = st.sampled_from([choice for choice, _ in f.choices])
    elif isinstance(f, models.URLField):
        value = SLUGS.map(lambda s: f"https://example.org/{s}")
    elif validate_phone_number in f.validators:
        value = PHONES
    elif f.name in ("phone_day", "phone_after_hours", "emergency_number"):  # must dial
        value = st.from_regex(r"\+?[0-9]{3,15}", fullmatch=True)
    elif isinstance(f, models.CharField):
        value = text(f.max_length, required=not f.blank)
    elif isinstance(f, models.TextField):
        value = text(300, required=not f.blank, multiline=True)
    elif isinstance(f, models.DateField):
        value = st.dates(datetime.date(1990, 1, 1), datetime.date(2100, 12, 31))
    elif isinstance(f, models.BooleanField):
        value = st.booleans()
    elif isinstance(f, models.PositiveSmallIntegerField):
        value = st.integers(0, 400)
    elif isinstance(f, models.SmallIntegerField):
        value = st.integers(-400, 400)
    else:
        raise TypeError(f"no strategy for {f!r}")
    return st.none() | value if f.null else value


def fields_of(spec, *, skip=(), sources=()):
    """Every field of `spec` except its key; optional ones are sometimes left out."""
    skip = {*skip, *spec.key}
    required, optional = {}, {}
    for f in spec.scalar_fields():
        if f.name not in skip:
            (required if f.name in spec.required_keys() else optional)[f.name] = value_of(f)
    if spec.governed:
        for name in GOVERNANCE_FIELDS:
            optional[name] = value_of(spec.model._meta.get_field(name))
        required["sources"] = st.lists(st.sampled_from(sources), min_size=1, unique=True)

    def in_range(item):
        for low, high in RANGES.get(spec.model, []):
            if item.get(low) is not None and item.get(high) is not None:
                item[low], item[high] = sorted([item[low], item[high]])
        return item

    return st.fixed_dictionaries(required, optional=optional).map(in_range)


def unique_slugs(max_size, min_size=0):
    return st.lists(SLUGS, min_size=min_size, max_size=max_size, unique=True)


def some_of(values):
    return st.lists(st.sampled_from(values), unique=True) if values else st.just([])


@st.composite
def seed_content(draw):
    source_slugs = draw(unique_slugs(3, min_size=1))
    product_slugs = draw(unique_slugs(2))
    stage_slugs = draw(unique_slugs(3, min_size=1))

    def items(spec, keys, **extra):
        return [{spec.key[-1]: k, **draw(fields_of(spec, **extra))} for k in keys]

    cited = {"sources": source_slugs}
    sources = items(SECTIONS["sources"], source_slugs)
    products = items(SECTIONS["products"], product_slugs, **cited)
    indication = SECTIONS["products"].children["indications"]
    for product in products:
        product["indications"] = items(indication, draw(unique_slugs(2)), **cited)

    stage_spec = SECTIONS["stages"]
    stages = items(stage_spec, stage_slugs, skip=["order"], **cited)
    orders = st.lists(st.integers(1, 99), min_size=len(stages), max_size=len(stages), unique=True)
    for stage, order in zip(stages, draw(orders), strict=True):
        stage["order"] = order
        for name, child_spec in stage_spec.children.items():
            if name == "product_notes":
                notes = draw(some_of(product_slugs))
                stage[name] = items(child_spec, notes, **cited)
                continue
            stage[name] = items(child_spec, draw(unique_slugs(3)), **cited)
            for child in stage[name]:
                child["product"] = draw(st.sampled_from([None, *product_slugs]))

    signs = items(SECTIONS["warning_signs"], draw(unique_slugs(2)), **cited)
    for sign in signs:
        sign["stages"] = draw(some_of(stage_slugs))
        sign["products"] = draw(some_of(product_slugs))
    content = {
        "sources": sources,
        "products": products,
        "stages": stages,
        "warning_signs": signs,
        "glossary": items(SECTIONS["glossary"], draw(unique_slugs(3)), **cited),
    }
    if draw(st.booleans()):
        content["care_center"] = draw(fields_of(SECTIONS["care_center"]))
    return content


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(content=seed_content())
def test_any_content_survives_load_export_load(content):
    clear_content()
    with tempfile.TemporaryDirectory() as seeds, tempfile.TemporaryDirectory() as export:
        text = yaml.safe_dump(content, allow_unicode=True, sort_keys=False)
        (Path(seeds) / "content.yaml").write_text(text, encoding="utf-8")
        seeds_load(directory=seeds)
        before = snapshots()

        seeds_export(directory=export)
        report = seeds_load(directory=export)
        assert not report.changed, report.updated

        clear_content()
        seeds_load(directory=export)
        assert snapshots() == before
        report = seeds_load(directory=export)
        assert not report.changed and report.conflicts == [] and report.kept_edits == []
