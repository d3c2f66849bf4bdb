"""Check your understanding: answers on the device only, counts for staff, progress."""

import pytest
from django.db import models

from journeys.journey import session as keys
from journeys.models import CheckQuestion, CheckTally, Stage, Status
from tests import factories

pytestmark = pytest.mark.django_db


def _question(stage, step, **kw):
    defaults = {
        "key": "call",
        "order": 1,
        "text": "You have a fever. What should you do?",
        "answer_1": "Call your care team",
        "explain_1": "Right, call now.",
        "answer_2": "Wait",
        "explain_2": "Waiting is unsafe.",
        "answer_3": "Sleep",
        "explain_3": "Sleeping hides it.",
        "correct": 1,
        "step_key": step.key,
        "status": Status.PUBLISHED,
    }
    q = CheckQuestion.objects.create(stage=stage, **(defaults | kw))
    q.sources.set([factories.source()])
    return q


@pytest.fixture
def stage_with_checks(db):
    stage = factories.stage(slug="monitoring-x", starts_day=0, ends_day=14)
    factories.step(stage, key="intro", title="Intro")
    step = factories.step(stage, key="watch", title="Watch for fever")
    first = _question(stage, step)
    second = _question(stage, step, key="drive", order=2, text="May you drive?", correct=2)
    return stage, first, second


def test_answer_without_javascript_shows_why_and_links_to_the_step(client, stage_with_checks):
    stage, first, second = stage_with_checks
    page = client.get(stage.get_absolute_url()).content.decode()
    assert "Check your understanding" in page and f'name="q-{first.pk}"' in page
    assert "Waiting is unsafe." not in page  # no explanation before an answer

    response = client.post(f"/journey/{stage.slug}/check/", {f"q-{first.pk}": "2"})
    assert response.status_code == 302
    assert response["Location"] == f"{stage.get_absolute_url()}#check-results"
    page = client.get(stage.get_absolute_url()).content.decode()
    assert "Waiting is unsafe." in page and "Try another answer." in page
    assert f'id="q{first.pk}-2" name="q-{first.pk}" value="2" checked' in page
    assert f'href="{stage.get_absolute_url()}?step=2#step-panel"' in page  # the "watch" step
    assert "Right, call now." not in page


def test_htmx_gets_only_the_check_section(client, stage_with_checks):
    stage, first, _second = stage_with_checks
    response = client.post(
        f"/journey/{stage.slug}/check/", {f"q-{first.pk}": "1"}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<section id="check-section"')
    assert "<html" not in body and "You got it." in body and "Right, call now." in body


NO_ANSWER = "Please choose an answer to at least one question."
NOT_AN_ANSWER = "Please choose one of the answers."


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, NO_ANSWER),
        ({"q-QUESTION": "4"}, NOT_AN_ANSWER),
        ({"q-QUESTION": "x"}, NOT_AN_ANSWER),
        ({"q-QUESTION": "²"}, NOT_AN_ANSWER),
        ({"q-999999": "1"}, NO_ANSWER),  # a question not on this stage is no answer
    ],
)
def test_bad_answers_get_a_clear_400(client, stage_with_checks, data, message):
    stage, first, _second = stage_with_checks
    data = {k.replace("QUESTION", str(first.pk)): v for k, v in data.items()}
    response = client.post(f"/journey/{stage.slug}/check/", data)
    assert response.status_code == 400
    assert f'<p class="problem" role="alert">{message}</p>' in response.content.decode()
    assert not CheckTally.objects.exists()


def test_unknown_stage_and_get_are_refused(client, stage_with_checks):
    assert client.post("/journey/no-such-stage/check/", {"q-1": "1"}).status_code == 404
    assert client.get("/journey/monitoring-x/check/").status_code == 405


def test_first_answer_counted_once_per_device_and_atomically(client, stage_with_checks):
    stage, first, second = stage_with_checks
    url = f"/journey/{stage.slug}/check/"
    client.post(url, {f"q-{first.pk}": "3"})  # wrong first
    client.post(url, {f"q-{first.pk}": "1"})  # then right: not counted again
    client.post(url, {f"q-{first.pk}": "1", f"q-{second.pk}": "2"})
    tally = CheckTally.objects.get(question=first)
    assert (tally.answered, tally.first_wrong) == (1, 1)
    assert (CheckTally.objects.get(question=second).first_wrong) == 0
    other = client.__class__()
    other.post(url, {f"q-{first.pk}": "1"})
    tally.refresh_from_db()
    assert (tally.answered, tally.first_wrong) == (2, 1)


def test_the_tally_holds_no_per_visitor_data():
    names = {f.name for f in CheckTally._meta.get_fields()}
    assert names == {"question", "answered", "first_wrong"}
    assert not any(
        isinstance(f, models.DateTimeField | models.GenericIPAddressField)
        for f in CheckTally._meta.get_fields()
    )
    # Nothing about answers is written anywhere but the counters and the session.
    assert not [f for f in CheckTally._meta.get_fields() if f.is_relation and f.name != "question"]


def test_progress_on_the_journey_page_and_forget_me_erases_it(client, stage_with_checks):
    stage, first, second = stage_with_checks
    other = factories.stage(slug="other-x")
    factories.step(other, key="only")
    assert "You have read" not in client.get("/journey/").content.decode()
    client.get(other.get_absolute_url())  # no session yet: reading alone makes none
    assert "sessionid" not in client.cookies
    client.post("/", {"role": "patient", "product": ""})  # a device with a session
    client.get(stage.get_absolute_url())  # step 1 of 2: not read yet
    assert keys.PROGRESS not in client.session
    client.get(stage.get_absolute_url() + "?step=2")  # the last step: read
    client.get(other.get_absolute_url())  # one step only: read at once
    client.post(f"/journey/{stage.slug}/check/", {f"q-{first.pk}": "1", f"q-{second.pk}": "1"})
    page = client.get("/journey/").content.decode()
    total = Stage.objects.count()
    assert f"You have read 2 of {total} stages." in page
    assert f"You checked your understanding in 1 of {total}." in page
    assert client.session[keys.PROGRESS]["answers"] == {str(first.pk): 1, str(second.pk): 1}

    assert client.post("/my-journey/forget/").status_code == 200
    assert keys.PROGRESS not in client.session
    assert "You have read" not in client.get("/journey/").content.decode()
    # The counters stay: they were never anyone's.
    assert CheckTally.objects.get(question=first).answered == 1


def test_seeded_stages_each_have_two_to_four_checks_in_english_and_spanish(seeded_db):
    from journeys.models import Translation

    for stage in Stage.objects.published():
        checks = list(CheckQuestion.objects.published().filter(stage=stage))
        assert 2 <= len(checks) <= 4, stage.slug
        step_keys = set(stage.steps.values_list("key", flat=True))
        for check in checks:
            assert check.step_key in step_keys, (stage.slug, check.key)
            assert check.sources.exists()
            assert (
                Translation.objects.published()
                .filter(content_type__model="checkquestion", object_id=check.pk, language="es")
                .exists()
            )


def test_a_stage_read_from_the_page_cache_still_counts_as_read(settings, stage_with_checks):
    """Another device with the same choices already has the stage's last step in the page
    cache: this device must still be marked as having read it (the view's side effect
    once ran only on a cache miss, so "You have read 1 of 8" after walking two)."""
    from django.core.cache import cache
    from django.test import Client

    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()
    stage, _first, _second = stage_with_checks
    last_step = stage.get_absolute_url() + "?step=2"
    first_device, second_device = Client(), Client()
    for device in (first_device, second_device):
        device.post("/", {"role": "patient", "product": ""})
    assert first_device.get(last_step).status_code == 200  # now in the page cache
    assert stage.slug in first_device.session[keys.PROGRESS]["read"]

    assert second_device.get(last_step).status_code == 200
    assert stage.slug in second_device.session.get(keys.PROGRESS, {}).get("read", [])
    total = Stage.objects.count()
    assert f"You have read 1 of {total} stages." in second_device.get("/journey/").content.decode()


# Issue 30, item 7: "Check my answers" with nothing chosen was a 400 htmx ignored, and a bare
# page without a way back without JavaScript; a partly answered set did not say what was left.
def test_nothing_chosen_without_javascript_leads_back_to_the_questions(client, stage_with_checks):
    stage, _first, _second = stage_with_checks
    response = client.post(f"/journey/{stage.slug}/check/", {})
    assert response.status_code == 400
    html = response.content.decode()
    assert NO_ANSWER in html
    assert f'href="{stage.get_absolute_url()}#check-section">Back to the questions</a>' in html


def test_nothing_chosen_with_htmx_swaps_the_section_with_the_message(client, stage_with_checks):
    stage, first, _second = stage_with_checks
    response = client.post(f"/journey/{stage.slug}/check/", {}, HTTP_HX_REQUEST="true")
    assert response.status_code == 422  # app.js swaps 422 answers like any other
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="check-section"')
    assert NO_ANSWER in body and "data-focus" in body
    assert f'name="q-{first.pk}"' in body  # the questions are still there to answer


def test_a_partly_answered_set_says_which_question_is_left(client, stage_with_checks):
    stage, first, second = stage_with_checks
    response = client.post(
        f"/journey/{stage.slug}/check/", {f"q-{first.pk}": "1"}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert "Not answered yet: question 2." in body
    missing = body.split(f'id="check-{second.pk}"', 1)[1].split("</fieldset>", 1)[0]
    assert "Not answered yet." in missing
    answered = body.split(f'id="check-{first.pk}"', 1)[1].split("</fieldset>", 1)[0]
    assert "Not answered yet." not in answered
    # The same on the page a browser without JavaScript is sent back to.
    client.post(f"/journey/{stage.slug}/check/", {f"q-{first.pk}": "1"})
    page = client.get(stage.get_absolute_url()).content.decode()
    assert page.count("Not answered yet.") == 1
