"""Every item tied to a product shows only for that product, on every stage and step.

A Carvykti patient must not read "For Yescarta, this takes about 30 minutes". Walks the
shipped content for each of the seven products and for "not sure yet".
"""

import re

import pytest

from journeys.models import Product, Stage, Step

pytestmark = pytest.mark.django_db

BY_PRODUCT = re.compile(r'<(t?span) class="by-product">.*?</\1>', re.S)
SWITCHER = re.compile(r'<form class="product-switch".*?</form>', re.S)
OVERVIEWS = [
    "/journey/",
    "/checklists/",
    "/checklists/print/",
    "/urgent/",
    "/my-journey/wallet-card/",
]
MAIN = re.compile(r'<main id="main"[^>]*>(.*)</main>', re.S)


def main_text(response):
    """What the page says about the journey: <main>, without the product menu."""
    html = MAIN.search(response.content.decode()).group(1)
    # Issue 27: "not sure yet" names the products whose window differs, in this mark only.
    html = BY_PRODUCT.sub("", html)
    return SWITCHER.sub("", html)


def other_brands(chosen):
    return [p.brand_name for p in Product.objects.all() if chosen is None or p.pk != chosen.pk]


@pytest.mark.parametrize(
    "slug", ["kymriah", "yescarta", "tecartus", "breyanzi", "abecma", "carvykti", "aucatzyl", ""]
)
def test_no_stage_page_names_another_product(client, seeded_db, slug):
    product = Product.objects.get(slug=slug) if slug else None
    assert client.post("/", {"role": "patient", "product": slug}).status_code == 302
    others = other_brands(product)
    mentions = []
    pages = {url: main_text(client.get(url)) for url in OVERVIEWS}
    fragment = {"HX-Request": "true", "HX-Target": "step-panel"}
    for stage in Stage.objects.published():
        steps = Step.objects.published().filter(stage=stage).for_product(product).count()
        url = stage.get_absolute_url()
        pages[url] = main_text(client.get(url))
        for number in range(2, steps + 1):  # the other steps, as htmx swaps them in
            response = client.get(f"{url}?step={number}", headers=fragment)
            pages[f"{url}?step={number}"] = BY_PRODUCT.sub("", response.content.decode())
    for url, text in pages.items():
        mentions += [(url, name) for name in others if re.search(rf"\b{name}\b", text)]
    assert not mentions, f"pages for {slug or 'not sure yet'} name other products: {mentions}"


def test_the_chosen_products_own_note_shows(client, seeded_db):
    client.post("/", {"role": "patient", "product": "aucatzyl"})
    text = main_text(client.get("/journey/infusion/"))
    assert "If you are getting Aucatzyl" in text and "Ask them which dates to plan for" in text
    client.post("/", {"role": "patient", "product": "carvykti"})
    assert "Ask them which dates to plan for" not in main_text(client.get("/journey/infusion/"))
