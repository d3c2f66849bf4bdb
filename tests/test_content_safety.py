"""Issue 13: content a medical reviewer would sign.

Fever has a number wherever fever is named, every warning sign says whom to call by
day and after hours, bleeding that will not stop is an emergency, and no sentence
claims more than FACTS.md does.
These read the shipped seeds; each fails when the content it guards is taken out.
"""

import re

import pytest
from django.urls import reverse

from journeys.content.numbers import effective_numbers
from journeys.models import (
    CONTENT_MODELS,
    CareCenter,
    ChecklistItem,
    GlossaryTerm,
    Guidance,
    Stage,
    Status,
    Step,
    WarningSign,
)

pytestmark = pytest.mark.django_db

# "fever" as a symptom; "a fever medicine" and "what to take for fever" name a
# medicine, not a temperature.
FEVER_RE = re.compile(r"(?<!take for )\bfevers?\b(?!\s+medicine)", re.IGNORECASE)


def _published(model, **filters):
    return model.objects.filter(status=Status.PUBLISHED, **filters)


def _fever_number():
    return effective_numbers(center=CareCenter.load())["fever"]


# --- 1. Fever has a number ------------------------------------------------------------


def test_every_warning_sign_that_names_fever_gives_the_number(seeded_db):
    signs = [s for s in _published(WarningSign) if FEVER_RE.search(s.symptoms + s.why)]
    assert len(signs) >= 2
    assert [s.slug for s in signs if "{fever}" not in s.symptoms + s.why] == []


def test_urgent_page_shows_the_fever_number_in_each_fever_sign(seeded_db, client):
    html = client.get(reverse("journeys:urgent")).content.decode()
    number = _fever_number()
    fever_signs = [s.slug for s in _published(WarningSign) if FEVER_RE.search(s.symptoms)]
    assert fever_signs
    for slug in fever_signs:
        # The sign's own list item, up to the next sign's.
        block = re.split(rf'<li id="{slug}"[ >]', html, maxsplit=1)[1].split('<li id="', 1)[0]
        assert number in block, slug


def test_stage_text_that_names_fever_gives_the_number(seeded_db):
    missing = []
    for model, fields in (
        (Stage, ["what_happens"]),
        (Step, ["body"]),
        (Guidance, ["text"]),
        (ChecklistItem, ["text"]),
    ):
        for obj in _published(model):
            text = " ".join(getattr(obj, f) for f in fields)
            if FEVER_RE.search(text) and "{fever}" not in text:
                missing.append(f"{model.__name__} {obj}")
    assert missing == []
    monitoring = Stage.objects.get(slug="monitoring")
    assert "{fever}" in monitoring.what_happens
    assert _published(ChecklistItem, text__contains="{fever}").exists()


def test_wallet_card_shows_the_fever_number(seeded_db, client):
    response = client.get(reverse("journeys:wallet_card"))
    assert response.status_code == 200
    assert _fever_number() in response.content.decode()


# --- 2. Whom to call ------------------------------------------------------------------


def test_care_team_signs_give_the_day_line_and_the_after_hours_line(seeded_db):
    signs = _published(WarningSign, action="call_care_team")
    assert signs.exists()
    for sign in signs:
        assert "{phone_day}" in sign.why and "{phone_after_hours}" in sign.why, sign.slug
        assert "day or night" not in sign.why, sign.slug


def test_brain_and_nerve_signs_say_when_to_call_emergency(seeded_db):
    signs = _published(WarningSign, action="call_care_team", category="icans")
    assert signs.count() >= 2
    for sign in signs:
        why = sign.why.replace("\n", " ")
        assert "{emergency_number}" in why, sign.slug
        assert re.search(r"cannot speak, stay awake, or breathe", why), sign.slug


# --- 3. CRS and bleeding signs ------------------------------------------------------


def test_heavy_bleeding_or_vomiting_blood_is_an_emergency_for_everyone(seeded_db):
    signs = [
        s
        for s in _published(WarningSign, action="call_emergency")
        if re.search(r"bleeding[^.]*will not stop", s.name + " " + s.symptoms, re.I)
        and re.search(r"vomit[^.]*blood", s.name + " " + s.symptoms, re.I)
    ]
    assert len(signs) == 1
    assert not signs[0].products.exists()
    assert signs[0].sources.filter(slug="ref-81").exists()


def test_fever_sign_points_to_the_care_team_for_fever_medicine(seeded_db):
    fever = WarningSign.objects.get(slug="fever-or-chills")
    assert "ask your care team what to take for fever" in fever.why.replace("\n", " ").lower()
    # The number comes from the Medication Guides (issue 27: no manufacturer page here).
    assert fever.sources.filter(slug="label-kymriah-mg").exists()
    # FACTS does not support the "real temperature" reason: no text may give it.
    for model in CONTENT_MODELS:
        for obj in _published(model):
            for field in obj._meta.concrete_fields:
                if field.get_internal_type() == "TextField":
                    assert "real temperature" not in (getattr(obj, field.name) or "")


def test_infection_sign_lists_the_signs_the_patient_material_gives(seeded_db):
    sign = WarningSign.objects.get(slug="signs-of-infection")
    text = sign.symptoms.lower()
    for words in ("{fever}", "chills", "sore throat", "cough", "burning", "belly pain"):
        assert words in text, words
    assert "vomit" in text and "diarrhea" in text
    assert "mouth sores" in text and "24 hours" in text
    assert sign.sources.filter(slug="nci-infection").exists()


# --- 6. Wording that overreaches --------------------------------------------------------


def test_no_text_says_a_medicine_is_never_given_ahead_of_time(seeded_db):
    pattern = re.compile(r"(?<!usually )\bnot given ahead of time", re.IGNORECASE)
    for model in CONTENT_MODELS:
        for obj in _published(model):
            for field in obj._meta.concrete_fields:
                if field.get_internal_type() == "TextField":
                    text = (getattr(obj, field.name) or "").replace("\n", " ")
                    assert not pattern.search(text), f"{model.__name__} {obj}"
    steroid = GlossaryTerm.objects.get(slug="corticosteroid")
    assert "usually not given ahead of time" in steroid.definition.replace("\n", " ")
