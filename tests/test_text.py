import pytest

from journeys.content.text import fill_html, fill_placeholders, prerender


def test_placeholders_are_filled_and_unknown_braces_left_alone():
    text = "Stay near {center_name} for {stay_near_days} days. {not_a_placeholder}"
    assert fill_placeholders(text, {"center_name": "City Hospital", "stay_near_days": 14}) == (
        "Stay near City Hospital for 14 days. {not_a_placeholder}"
    )


def test_markdown_renders_lists_and_emphasis():
    """What pages show (`prerender`, stored on save): block HTML and its one-line form."""
    block, line = prerender("You may feel:\n\n- **tired**\n- cold")
    assert block == (
        "<p>You may feel:</p>\n<ul>\n<li><strong>tired</strong></li>\n<li>cold</li>\n</ul>"
    )
    assert "<strong>tired</strong>" in line and "<ul>" not in line and "<li>" not in line


HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "<iframe src='https://evil.example'></iframe>",
    "<style>body{display:none}</style>",
    "[click](javascript:alert(1))",
    '<a href="#" onclick="steal()">x</a>',
    '<p style="position:fixed">x</p>',
]


def test_hostile_markup_is_neutralised():
    """Both forms a page shows (`prerender`: block and one-line HTML) are cleaned."""
    for text in HOSTILE:
        for html in prerender(text):
            html = html.lower()
            for bad in ("<script", "onerror", "<iframe", "<style", "javascript:", "onclick"):
                assert bad not in html, (text, html)
            assert "style=" not in html, (text, html)
    # Cleaned, not emptied: the harmless words stay.
    assert [prerender(text)[0] for text in HOSTILE[4:]] == [
        '<p><a rel="noopener noreferrer">click</a></p>',
        '<p><a href="#" rel="noopener noreferrer">x</a></p>',
        "<p>x</p>",
    ]


def test_every_placeholder_has_a_value_and_each_value_is_its_own():
    """text.PLACEHOLDERS and effective_numbers come from one definition and agree."""
    from journeys.content.numbers import PLACEHOLDERS, effective_numbers
    from journeys.content.text import PLACEHOLDER_RE
    from journeys.models import CareCenter, Product

    center = CareCenter(
        name="Lakeside",
        phone_day="555-0101",
        phone_after_hours="555-0102",
        emergency_number="999",
        stay_near_days=21,
        no_driving_days=22,
        caregiver_days=23,
        daily_monitoring_days=5,
    )
    product = Product(stay_near_days=28, no_driving_days=14, daily_monitoring_days=7)
    numbers = effective_numbers(center=center, product=product)
    assert set(numbers) == set(PLACEHOLDERS)
    assert all(PLACEHOLDER_RE.fullmatch(f"{{{name}}}") for name in PLACEHOLDERS)
    # Where center and label both set a day count, the longer one wins.
    assert numbers == {
        "stay_near_days": 28,
        "no_driving_days": 22,
        "caregiver_days": 23,
        "daily_monitoring_days": 7,
        "center_name": "Lakeside",
        "phone_day": "555-0101",
        "phone_after_hours": "555-0102",
        "emergency_number": "999",
        "fever": "100.4 °F (38.0 °C)",
        "split_dose": "",  # one infusion: nothing to add beside "day 0"
    }
    text = " ".join(f"{{{name}}}" for name in PLACEHOLDERS)
    assert fill_placeholders(text, numbers) == " ".join(str(v) for v in numbers.values())
    general = effective_numbers(center=center, product=None)
    assert (general["stay_near_days"], general["daily_monitoring_days"]) == (21, 5)


def test_markdown_that_would_render_slowly_is_refused_and_never_rendered():
    """Issue 11 item 3: runs of "[" are quadratic in Python-Markdown."""
    import pytest
    from django.core.exceptions import ValidationError

    from journeys.content.text import MAX_BRACKETS, validate_markdown
    from journeys.models import Step

    hostile = "[" * 20_000
    with pytest.raises(ValidationError, match="“\\[” signs"):
        validate_markdown(hostile)
    validate_markdown("See [the guide](https://example.org). " * 50)  # ordinary links pass
    field = Step._meta.get_field("body")
    assert validate_markdown in field.validators  # admin forms and seed files run it
    html = prerender(hostile)[0]  # escaped plain text: Markdown never sees it
    assert html.startswith("<p>[[[") and len(html) > 20_000
    assert "[" * MAX_BRACKETS in prerender("[" * MAX_BRACKETS)[0]


@pytest.mark.django_db
def test_a_saved_item_stores_its_html_and_the_page_fills_it():
    from journeys.models import Step
    from tests import factories as f

    stage = f.stage(slug="monitoring", timing="At least {stay_near_days} days.")
    step = f.step(stage, key="a", order=1, title="Stay {stay_near_days} days", body="**{fever}**")
    stored = Step.objects.get(pk=step.pk).rendered
    assert stored["body"][1] == "<p><strong>{fever}</strong></p>"
    assert stored["title"][2] == "Stay {stay_near_days} days"
    assert stage.html("timing", line=True) == "At least {stay_near_days} days."
    assert fill_html(stored["body"][1], {"fever": "100.4 °F <b>"}) == (
        "<p><strong>100.4 °F &lt;b&gt;</strong></p>"
    )


@pytest.mark.django_db
def test_stored_html_is_not_used_once_the_words_change():
    """A staff preview puts a waiting edit on the row without saving: it shows the edit."""
    from tests import factories as f

    stage = f.stage(slug="monitoring")
    step = f.step(stage, key="a", order=1, title="T", body="Old words.")
    step.body = "New *words*."
    assert step.html("body") == "<p>New <em>words</em>.</p>"


@pytest.mark.django_db
def test_stored_html_matches_a_fresh_render_for_every_seed_field(seeded_db):
    from django.apps import apps

    from journeys.content.text import prerender
    from journeys.models import Governed

    checked = 0
    for model in apps.get_app_config("journeys").get_models():
        if not issubclass(model, Governed):
            continue
        for row in model.objects.all():
            for name in model.filled_fields():
                text = getattr(row, name)
                if text:
                    assert row.rendered[name][1:] == list(prerender(text)), (model, row.pk, name)
                    checked += 1
    assert checked > 300
