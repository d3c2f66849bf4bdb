"""The seed loader: validation with file:line messages, idempotence, staff edits kept."""

import textwrap
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from journeys.content.seeds import SeedValidationError, seeds_load
from journeys.models import GlossaryTerm, Product, Source, Stage, Step

pytestmark = pytest.mark.django_db

SOURCES = """\
sources:
  - slug: ref-1
    title: A source
    url: https://example.org/1
"""

STAGE = """\
defaults:
  status: published
  last_reviewed: 2026-11-21
  sources: [ref-1]
stages:
  - slug: infusion
    order: 5
    name: Infusion day
    summary: You get your cells back.
    what_happens: A nurse gives the cells through your IV line.
    duration_min_days: 0
    duration_max_days: 1
    steps:
      - key: arrive
        title: Arrive
        body: Come early.
      - key: premeds
        title: Medicines first
        body: You get medicines before the cells.
glossary:
  - slug: t-cell
    term: T cell
    definition: A white blood cell that fights germs.
"""


def write(tmp_path, **files):
    for name, text in files.items():
        (tmp_path / f"{name}.yaml").write_text(textwrap.dedent(text))
    return tmp_path


def load(path, **kw):
    return seeds_load(directory=path, **kw)


def errors_for(path):
    with pytest.raises(SeedValidationError) as excinfo:
        load(path)
    return excinfo.value.errors


def test_load_creates_rows_with_inherited_governance(tmp_path):
    report = load(write(tmp_path, a_sources=SOURCES, b_stage=STAGE))
    stage = Stage.objects.get(slug="infusion")
    assert stage.status == "published"
    assert [s.title for s in stage.steps.all()] == ["Arrive", "Medicines first"]
    assert list(stage.steps.values_list("order", flat=True)) == [1, 2]
    step = stage.steps.get(key="arrive")
    assert step.status == "published"
    assert [s.slug for s in step.sources.all()] == ["ref-1"]
    assert len(report.created) == 5  # source, stage, 2 steps, glossary term


def test_loading_twice_changes_nothing_and_says_so(tmp_path):
    path = write(tmp_path, a_sources=SOURCES, b_stage=STAGE)
    load(path)
    before = {s.pk: s.updated_at for s in Step.objects.all()}
    report = load(path)
    assert not report.changed
    assert len(report.unchanged) == 5
    assert {s.pk: s.updated_at for s in Step.objects.all()} == before
    out = call_command_output(path)
    assert "Nothing to change" in out


def call_command_output(path, *args):
    from io import StringIO

    out = StringIO()
    call_command("load_seeds", "--dir", str(path), *args, stdout=out, stderr=out)
    return out.getvalue()


def test_seed_change_updates_an_unedited_row(tmp_path):
    path = write(tmp_path, a_sources=SOURCES, b_stage=STAGE)
    load(path)
    write(tmp_path, b_stage=STAGE.replace("Come early.", "Come a little early."))
    report = load(path)
    assert Step.objects.get(key="arrive").body == "Come a little early."
    assert len(report.updated) == 1


def test_staff_edit_is_kept_and_reported_as_a_conflict(tmp_path):
    path = write(tmp_path, a_sources=SOURCES, b_stage=STAGE)
    load(path)
    Step.objects.filter(key="arrive").update(body="Staff wording.")
    write(tmp_path, b_stage=STAGE.replace("Come early.", "Seed wording."))
    report = load(path)
    assert Step.objects.get(key="arrive").body == "Staff wording."
    assert len(report.conflicts) == 1
    assert "b_stage.yaml" in report.conflicts[0]
    out = call_command_output(path)
    assert "Conflict, kept staff edit" in out and "--force" in out


def test_staff_edit_survives_a_reload_of_unchanged_seeds(tmp_path):
    path = write(tmp_path, a_sources=SOURCES, b_stage=STAGE)
    load(path)
    term = GlossaryTerm.objects.get(slug="t-cell")
    term.definition = "Edited by the nurse educator."
    term.save()
    report = load(path)
    assert GlossaryTerm.objects.get(slug="t-cell").definition == "Edited by the nurse educator."
    assert report.conflicts == [] and len(report.kept_edits) == 1


def test_staff_change_of_sources_counts_as_an_edit(tmp_path):
    path = write(
        tmp_path,
        a_sources=SOURCES + "  - slug: ref-2\n    title: B\n    url: https://e.org/2\n",
        b_stage=STAGE,
    )
    load(path)
    step = Step.objects.get(key="arrive")
    step.sources.set([Source.objects.get(slug="ref-2")])
    write(tmp_path, b_stage=STAGE.replace("Come early.", "Changed."))
    report = load(path)
    assert len(report.conflicts) == 1
    assert [s.slug for s in Step.objects.get(key="arrive").sources.all()] == ["ref-2"]


def test_force_overwrites_staff_edits(tmp_path):
    path = write(tmp_path, a_sources=SOURCES, b_stage=STAGE)
    load(path)
    Step.objects.filter(key="arrive").update(body="Staff wording.")
    write(tmp_path, b_stage=STAGE.replace("Come early.", "Seed wording."))
    report = load(path, force=True)
    assert Step.objects.get(key="arrive").body == "Seed wording."
    assert len(report.overwritten) == 1
    assert not load(path).changed


def test_dry_run_writes_nothing_but_reports(tmp_path):
    path = write(tmp_path, a_sources=SOURCES, b_stage=STAGE)
    report = load(path, dry_run=True)
    assert len(report.created) == 5
    assert Stage.objects.count() == 0 and Source.objects.count() == 0
    out = call_command_output(path, "--dry-run")
    assert "Would have created: stage infusion" in out
    assert Stage.objects.count() == 0


BAD_CASES = {
    "syntax": (
        "stages:\n  - slug: x\n    name: [unclosed\n",
        4,
        "flow sequence that starts at line 3",
    ),
    "unknown_key": (
        STAGE.replace("    order: 5\n", "    order: 5\n    colour: red\n"),
        8,
        "unknown key 'colour'",
    ),
    "missing_required": (STAGE.replace("    name: Infusion day\n", ""), 6, "missing 'name'"),
    "bad_type": (
        STAGE.replace("duration_max_days: 1", "duration_max_days: soon"),
        12,
        "'duration_max_days'",
    ),
    "bad_choice": (STAGE.replace("  status: published", "  status: live"), 6, "'status'"),
    "bad_date": (
        STAGE.replace("last_reviewed: 2026-11-21", "last_reviewed: 2026-13-45"),
        6,
        "'last_reviewed'",
    ),
    "min_gt_max": (
        STAGE.replace("duration_min_days: 0", "duration_min_days: 9"),
        6,
        "'duration_min_days' must not be greater than 'duration_max_days'",
    ),
    "unknown_source": (
        STAGE.replace("sources: [ref-1]", "sources: [ref-404]"),
        6,
        "unknown source 'ref-404'",
    ),
    "duplicate_key": (
        STAGE.replace("      - key: premeds", "      - key: arrive"),
        17,
        "duplicate step 'infusion/arrive'",
    ),
    "duplicate_yaml_key": (
        STAGE.replace("    order: 5\n", "    order: 5\n    order: 6\n"),
        8,
        "duplicate key 'order'",
    ),
    "not_a_list": ("glossary: {a: 1}\n", 1, "'glossary' must be a list"),
    "unknown_section": ("recipes: []\n", 1, "unknown section 'recipes'"),
    "no_sources": (STAGE.replace("  sources: [ref-1]\n", ""), 5, "stage cites no sources"),
    "too_long": (STAGE.replace("name: Infusion day", "name: " + "x" * 200), 8, "'name'"),
    "unknown_placeholder": (
        STAGE.replace("Come early.", "Come {stay_near_dayz} minutes early."),
        16,
        "Unknown placeholder {stay_near_dayz}",
    ),
    "placeholder_in_a_field_shown_as_written": (
        STAGE.replace("name: Infusion day", "name: Infusion at {center_name}"),
        8,
        "“{center_name}” would be shown as written here",
    ),
    "unknown_placeholder_in_timing": (
        STAGE.replace("    order: 5\n", "    order: 5\n    timing: For {days} days.\n"),
        8,
        "Unknown placeholder {days}",
    ),
}


@pytest.mark.parametrize("case", BAD_CASES)
def test_bad_yaml_gives_file_line_message_and_writes_nothing(tmp_path, case):
    text, line, message = BAD_CASES[case]
    path = write(tmp_path, a_sources=SOURCES, b_stage=text)
    errors = errors_for(path)
    shown = [str(e) for e in errors]
    # The same error carries the message and the place: not one error each.
    places = [(Path(e.path).name, e.line) for e in errors if message in e.message]
    assert places, shown
    assert ("b_stage.yaml", line) in places, shown
    assert Source.objects.count() == 0 and Stage.objects.count() == 0


def test_an_error_in_one_file_stops_every_file(tmp_path):
    path = write(tmp_path, a_sources=SOURCES, b_stage=STAGE, c_bad="products:\n  - slug: x\n")
    with pytest.raises(SeedValidationError):
        load(path)
    assert Source.objects.count() == 0 and Product.objects.count() == 0


def test_command_prints_each_error_and_fails(tmp_path):
    path = write(tmp_path, a_sources=SOURCES, b_stage=STAGE.replace("order: 5", "order: -1"))
    from io import StringIO

    err = StringIO()
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("load_seeds", "--dir", str(path), stdout=StringIO(), stderr=err)
    assert "b_stage.yaml:7: 'order'" in err.getvalue()


def test_a_field_added_by_a_later_migration_is_not_mistaken_for_a_staff_edit(tmp_path):
    path = write(tmp_path, a_sources=SOURCES, b_stage=STAGE)
    load(path)
    step = Step.objects.get(key="arrive")
    # As if the last load happened before the `title` field existed.
    step.seed_data.pop("title")
    Step.objects.filter(pk=step.pk).update(seed_data=step.seed_data, title="")
    write(tmp_path, b_stage=STAGE.replace("Come early.", "Come a bit early."))
    report = load(path)
    assert report.conflicts == []
    assert Step.objects.get(key="arrive").title == "Arrive"


def test_conflict_names_the_edited_fields(tmp_path):
    path = write(tmp_path, a_sources=SOURCES, b_stage=STAGE)
    load(path)
    Step.objects.filter(key="arrive").update(body="Staff wording.")
    write(tmp_path, b_stage=STAGE.replace("Come early.", "Seed wording."))
    assert load(path).conflicts[0].endswith(": body")


def test_a_clash_with_a_row_the_seeds_do_not_know_is_a_clear_error(tmp_path):
    from . import factories as f

    f.stage(slug="staff-made", order=5, name="Added in admin")
    path = write(tmp_path, a_sources=SOURCES, b_stage=STAGE)  # its stage also wants order 5
    with pytest.raises(SeedValidationError, match="the database refused the change"):
        load(path)
    assert not Stage.objects.filter(slug="infusion").exists()
    assert not Source.objects.filter(slug="ref-1").exists()
