"""The wallet card's clinician side (issue 27, item 4): product, infusion date, the CAR-T
risk line, the HIV-test note for lentiviral products, "do not donate", and the treating
team's numbers, always in English; the patient side in the reader's language."""

import datetime
import re
from html import unescape

import pytest
from django.utils import timezone

from journeys.models import CareCenter, Product

pytestmark = pytest.mark.django_db

RISK = "CAR-T cell therapy: risk of CRS and neurologic toxicity; contact the treating team."
HIV = "HIV nucleic-acid tests may read falsely positive"
DONATE = "Do not donate blood, organs, tissue or cells."


def _text(html):
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _card(client, product, lang=""):
    infusion = timezone.localdate() - datetime.timedelta(days=5)
    client.post("/", {"role": "patient", "product": product})
    client.post(f"{lang}/my-journey/", {"infusion_date": infusion.isoformat()})
    html = client.get(f"{lang}/my-journey/wallet-card/").content.decode()
    clinician = re.search(
        r'<div class="wallet-card clinician-card" lang="en".*?</dl>.*?</div>\s*</div>', html, re.S
    )
    assert clinician, "no clinician side on the card"
    patient = html[html.index('<div class="wallet-card"') : clinician.start()]
    return _text(patient), _text(clinician.group(0)), infusion


@pytest.mark.parametrize("lang", ["", "/es"])
@pytest.mark.parametrize("slug", ["carvykti", "yescarta"])
def test_the_clinician_side_is_in_english_on_every_card(client, seeded_db, slug, lang):
    product = Product.objects.get(slug=slug)
    center = CareCenter.objects.get()
    patient, clinician, infusion = _card(client, slug, lang)
    assert "For doctors and nurses" in clinician
    assert f"{product.brand_name} ({product.generic_name})" in clinician
    assert f"Infusion date {infusion.day} {infusion:%b %Y}" in clinician
    assert RISK in clinician and DONATE in clinician
    assert (HIV in clinician) is product.lentiviral_vector
    # The center named no 24-hour line: the card gives both, each for what it is.
    assert "24-hour" not in clinician
    assert f"Daytime {center.phone_day}" in clinician
    assert f"After hours {center.phone_after_hours}" in clinician
    # The patient's side speaks the reader's language.
    title = "Recibí terapia de células CAR-T" if lang else "I have had CAR-T cell therapy"
    assert title in patient
    if lang:
        assert "De día" in patient and "Fuera de horario" in patient


def test_lentiviral_products_carry_the_hiv_note(seeded_db):
    lentiviral = set(Product.objects.filter(lentiviral_vector=True).values_list("slug", flat=True))
    assert lentiviral == {"kymriah", "breyanzi", "abecma", "carvykti", "aucatzyl"}


def test_a_24_hour_line_the_center_names_is_the_cards_24_hour_number(client, seeded_db):
    CareCenter.objects.update(phone_after_hours_24_hours=True)
    center = CareCenter.objects.get()
    _, clinician, _ = _card(client, "kymriah", "/es")
    assert f"24-hour number {center.phone_after_hours}" in clinician
    assert f"Daytime {center.phone_day}" in clinician
