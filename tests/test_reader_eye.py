"""Read every patient page the way a reader does, in every state a reader can be in.

For every product choice (each published product and "not sure yet"), both roles, and
a device without a journey, with a journey but no dates, with dates, and following a
shared journey: no `{placeholder}` left, no `None` or `nan`, no empty heading, every
"stay near" or "no driving" period the one the product's data fields give, and in Spanish
no form the translator's term list refuses (the same reading as tests/test_spanish_terms.py,
which reads the pages this crawl does not: searches, errors, print-outs, the log).
"""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.utils import timezone

from journeys.content import safe_yaml, selectors
from journeys.content.governance.terms import refused_forms
from journeys.content.numbers import effective_numbers
from journeys.models import CareCenter, ChecklistItem, GlossaryTerm, Product, Resource, Status

from .clock import frozen_today  # noqa: F401 - a fixture, used by name
from .conftest import SEEDS_DIR
from .test_spanish_terms import spanish_words

# Dates are set from today and read back by the server: one today for both.
pytestmark = pytest.mark.usefixtures("frozen_today")


PLACEHOLDER_RE = re.compile(r"\{\s*[A-Za-z_][A-Za-z0-9_ ]*\}")
MISSING_RE = re.compile(r"\b(None|nan|NaN)\b")
SENTENCE_RE = re.compile(r"(?<=[.!?])\s+")
DAYS_RE = re.compile(r"\b(\d+)\s+(?:days?|días?)\b")
STAY_NEAR_RE = re.compile(
    r"\bstay(ing)?\b[^.]{0,40}\b(near|close|within easy reach)\b|\bdays near\b"
    r"|\bqued(arse|e|ar)\b[^.]{0,40}\bcerca\b",
    re.I,
)
DRIVING_RE = re.compile(r"\bdriv(e|ing)\b|\bmanej(e|ar)\b", re.I)
DAILY_RE = re.compile(
    r"\bevery day\b|\bdaily (checks?|monitoring)\b|\btodos los días\b|\bcada día\b", re.I
)
CAREGIVER_RE = re.compile(r"\bcaregiver\b|\bcuidador", re.I)


class Reader(HTMLParser):
    """The words a reader sees, and the text of each heading."""

    SKIP = {"script", "style", "template"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.words = []
        self.headings = []
        self._skip = 0
        self._heading = None

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self._skip += 1
        elif re.fullmatch(r"h[1-6]", tag):
            self._heading = []
        elif tag in ("p", "li", "br", "div", "dd", "dt", "td", "th", "section", "tr"):
            self.words.append("\n")

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self._skip = max(0, self._skip - 1)
        elif re.fullmatch(r"h[1-6]", tag) and self._heading is not None:
            self.headings.append("".join(self._heading).strip())
            self._heading = None
            self.words.append("\n")

    def handle_data(self, data):
        if self._skip:
            return
        self.words.append(data)
        if self._heading is not None:
            self._heading.append(data)

    @property
    def text(self):
        return re.sub(r"[ \t\r\f\v]+", " ", "".join(self.words))


def problems_in(body, *, numbers=None, is_html=True, language="en"):
    """What a reader would trip over on one page (an empty list when nothing)."""
    found = []
    if language == "es":  # the translator's term list (tests/test_spanish_terms.py)
        kind = "text/html" if is_html else "text/plain"
        found += [str(refused) for refused in refused_forms(spanish_words(body, kind))]
    if is_html:
        reader = Reader()
        reader.feed(body)
        text = reader.text
        found += [f"empty heading #{i + 1}" for i, h in enumerate(reader.headings) if not h]
        found += [f"raw placeholder {m[0]}" for m in PLACEHOLDER_RE.finditer(body)]
    else:
        text = body
        found += [f"raw placeholder {m[0]}" for m in PLACEHOLDER_RE.finditer(text)]
    found += [
        f"'{m[0]}' shown: …{text[max(0, m.start() - 40) : m.end() + 20]!r}"
        for m in MISSING_RE.finditer(text)
    ]
    if numbers:
        found += number_problems(text, numbers)
    return found


def number_problems(text, numbers):
    """A day count next to "stay near", "drive", "every day" (daily checks) or "caregiver"
    that is not the product's own. Where the product's number is unknown (None), any
    day count there is wrong: the page must say the care team will tell you."""
    found = []
    for line in text.splitlines():
        for sentence in SENTENCE_RE.split(line):
            days = {int(d) for d in DAYS_RE.findall(sentence)}
            if not days:
                continue
            driving, staying = DRIVING_RE.search(sentence), STAY_NEAR_RE.search(sentence)
            daily, caregiver = DAILY_RE.search(sentence), CAREGIVER_RE.search(sentence)
            if driving and not staying:
                expected = numbers["no_driving_days"]
            elif staying and not driving:
                expected = numbers["stay_near_days"]
            elif daily and not caregiver:
                expected = numbers["daily_monitoring_days"]
            elif caregiver and not daily:
                expected = numbers["caregiver_days"]
            else:
                continue
            if days != {expected}:
                found.append(f"{sorted(days)} days where {expected} is right: {sentence.strip()!r}")
    return found


def content_paths(product, role):
    """Every page a reader can open without a journey (step by step on each stage)."""
    paths = ["/", "/journey/", "/products/", "/urgent/", "/glossary/", "/about/"]
    paths += ["/checklists/", "/checklists/print/", "/my-journey/", "/my-journey/wallet-card/"]
    paths += ["/search/?q=driving", "/search/?q=stay+near", "/search/?q=fever"]
    for stage in selectors.stage_pages(product=product, preview=False, role=role):
        url = stage.get_absolute_url()
        paths += [url] + [f"{url}?step={n}" for n in range(2, len(stage.visible_steps) + 1)]
    paths += [
        f"/products/{slug}/" for slug in Product.objects.published().values_list("slug", flat=True)
    ]
    if role == ROLE_FOR_WORD_PAGES:
        paths += word_pages()
    return paths


#: A glossary term's page and a further-reading page show the same words to a patient and a
#: caregiver (their selectors take no role; the role's parts of every page, the menu and the
#: footer, are read on every other page above), so they are read for one role, for every
#: product and language: about 90 pages of the 150 a reader opens, read once instead of twice.
ROLE_FOR_WORD_PAGES = "patient"


def word_pages():
    paths = [t.get_absolute_url() for t in GlossaryTerm.objects.published()]
    return paths + [r.get_absolute_url() for r in Resource.objects.published()]


JOURNEY_PATHS = [
    "/",
    "/journey/",
    "/my-journey/",
    "/checklists/",
    "/checklists/print/",
    "/my-journey/wallet-card/",
    "/urgent/",
]


def expected_numbers(path, product):
    """The numbers a page must show: a product page's own, else the chosen product's."""
    if path == "/products/":
        return None  # every product's summary, each with its own numbers
    if path.startswith("/products/"):
        product = Product.objects.get(slug=path.strip("/").split("/")[-1])
    return effective_numbers(center=CareCenter.load(), product=product)


def choose(client, product, role):
    response = client.post("/", {"product": product.slug if product else "", "role": role})
    assert response.status_code == 302, response.content[:300]


def read(client, paths, product, failures, label, language="en"):
    prefix = "" if language == "en" else f"/{language}"
    for path in paths:
        response = client.get(prefix + path)
        assert response.status_code == 200, (label, path, response.status_code)
        if failures is None:
            continue  # only filling what the process keeps (see decoy_for)
        body = response.content.decode()
        is_html = response["Content-Type"].startswith("text/html")
        numbers = expected_numbers(path, product)
        for problem in problems_in(body, numbers=numbers, is_html=is_html, language=language):
            failures.append(f"{label} {prefix}{path}: {problem}")
        if language != "en" and is_html:
            if f'<html lang="{language}"' not in body:
                failures.append(f"{label} {prefix}{path}: not marked as {language}")
            if 'class="untranslated"' in body:
                failures.append(f"{label} {prefix}{path}: shipped content left untranslated")


def published_product_slugs():
    """The products a seed load publishes, read from seeds/products.yaml at collection
    time (no database then): a product's own `status`, else the file's default, else the
    model's. `test_every_published_product_is_read` holds this to the loaded database."""
    document = safe_yaml.load((SEEDS_DIR / "products.yaml").read_text(encoding="utf-8"))
    default = (document.get("defaults") or {}).get(
        "status", Product._meta.get_field("status").default
    )
    return sorted(
        item["slug"]
        for item in document["products"]
        if item.get("status", default) == Status.PUBLISHED
    )


#: Each product choice a reader can make: every published product, and "not sure yet".
PRODUCT_SLUGS = [None, *published_product_slugs()]
PRODUCT_IDS = [slug or "not sure" for slug in PRODUCT_SLUGS]


def product_for(slug):
    return Product.objects.published().get(slug=slug) if slug else None


def decoy_for(product):
    """The published product whose numbers differ most from `product`'s (the first by slug
    on a tie). Each test reads its product after the decoy's pages are kept: a fragment
    kept under a key that leaves out the product then shows on the pages read, as it did
    when one test read every product in turn in one process."""
    center = CareCenter.load()
    own = effective_numbers(center=center, product=product)

    def differences(other):
        theirs = effective_numbers(center=center, product=other)
        return sum(theirs[name] != value for name, value in own.items())

    others = Product.objects.published().exclude(pk=getattr(product, "pk", None))
    return max(others.order_by("slug"), key=differences)


@pytest.mark.django_db
def test_every_published_product_is_read(seeded_db):
    """The products read below come from the seed file; the loaded database must agree,
    so a product published another way is never silently left unread."""
    published = Product.objects.published().order_by("slug").values_list("slug", flat=True)
    assert PRODUCT_SLUGS == [None, *published]


@pytest.mark.django_db
def test_the_checks_see_what_a_reader_would():
    """The crawl's own eyes: each check fires on the defect it names."""
    numbers = {"stay_near_days": 14, "no_driving_days": 56}
    assert problems_in("<p>Stay near for at least {stay_near_days} days.</p>")
    assert problems_in("<p>Your day: None</p>")
    assert problems_in("<p>Vea las señales de alerta.</p>", language="es")
    assert not problems_in("<p>Vea las señales de alarma.</p>", language="es")
    assert problems_in("<h2> </h2><p>x</p>")
    assert problems_in("<p>Plan to stay near the center for at least 28 days.</p>", numbers=numbers)
    assert problems_in("<p>Do not drive for at least 14 days.</p>", numbers=numbers)
    unknown = {**numbers, "daily_monitoring_days": None, "caregiver_days": None}
    assert problems_in("<p>Your team checks on you every day for 7 days.</p>", numbers=unknown)
    assert problems_in("<p>A caregiver stays with you for 14 days.</p>", numbers=unknown)
    assert not problems_in(
        "<p>Your care team will tell you how many days they will check on you every day.</p>",
        numbers=unknown,
    )
    assert not problems_in(
        "<h2>Ok</h2><p>Plan to stay close to us for at least 14 days. Do not drive for at least "
        "56 days.</p>",
        numbers=numbers,
    )


def read_without_a_journey(product, role, language, failures):
    client = Client()
    choose(client, product, role)
    label = f"[{language}, {role}, {product or 'not sure'}]"
    read(client, content_paths(product, role), product, failures, label, language)


@pytest.mark.parametrize("slug", PRODUCT_SLUGS, ids=PRODUCT_IDS)
@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("role", ["patient", "caregiver"])
def test_every_page_for_every_product_reads_right_without_a_journey(
    seeded_db, role, language, slug
):
    product = product_for(slug)
    read_without_a_journey(decoy_for(product), role, language, failures=None)
    failures = []
    read_without_a_journey(product, role, language, failures)
    assert not failures, "\n".join(failures[:40])


def _with_journey(client, product, role, dated):
    choose(client, product, role)
    if dated:
        today = timezone.localdate()
        response = client.post(
            "/my-journey/",
            {
                "collection_date": (today - datetime.timedelta(days=30)).isoformat(),
                "infusion_date": (today - datetime.timedelta(days=3)).isoformat(),
            },
        )
    else:
        item = ChecklistItem.objects.published().filter(who="caregiver").first()
        response = client.post(
            "/checklists/", {"item": item.pk, "stage": item.stage.slug, "checked": "1"}
        )
    assert response.status_code in (200, 302), response.content[:300]


def read_a_journey(product, dated, language, failures):
    """The owner sets the journey up in English; each reads it in `language`."""
    owner = Client()
    _with_journey(owner, product, "patient", dated)
    paths = JOURNEY_PATHS + (["/my-journey/calendar.ics"] if dated else [])
    read(owner, paths, product, failures, f"[owner, {product or 'not sure'}]", language)
    if dated and failures is not None:
        failures += _chemo_date_problems(owner, product)
    assert owner.post("/my-journey/share/", {"sharing": "on"}).status_code == 302
    token = owner.session.get("journey_token") or _token()
    follower = Client()
    choose(follower, product, "caregiver")
    read(follower, [f"/j/{token}/"], product, failures, "[follower, before joining]", language)
    # Joined on the page read in `language`: the flash message that greets a follower is
    # made in the language of the page that joined (an English one would show on /es/).
    prefix = "" if language == "en" else f"/{language}"
    assert follower.post(f"{prefix}/j/{token}/").status_code == 302
    label = f"[follower, {product or 'not sure'}]"
    read(follower, paths, product, failures, label, language)


@pytest.mark.parametrize("slug", PRODUCT_SLUGS, ids=PRODUCT_IDS)
@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("dated", [False, True], ids=["no dates", "dates"])
def test_every_journey_page_reads_right_for_owner_and_follower(seeded_db, dated, language, slug):
    """The owner sets the journey up in English; each reads it in `language`."""
    product = product_for(slug)
    read_a_journey(decoy_for(product), dated, language, failures=None)
    failures = []
    read_a_journey(product, dated, language, failures)
    assert not failures, "\n".join(failures[:40])


def _token():
    from journeys.models import Journey

    return Journey.objects.exclude(token=None).latest("pk").token


def _chemo_date_problems(client, product):
    """No chemo dates where the product's schedule does not confirm them (Aucatzyl, "not
    sure yet"); a note instead. A product whose uses differ (Kymriah, Tecartus) shows the
    days any of its uses may fall in (issue 27, journeys/content/schedules.py)."""
    from journeys.content.schedules import chemo_for

    if product is not None and chemo_for(product) is not None:
        return []
    page = client.get("/my-journey/").content.decode()
    ics = client.get("/my-journey/calendar.ics").content.decode()
    found = []
    if "milestone-lymphodepletion" in page or "Lymphodepletion" in ics:
        found.append(f"[{product or 'not sure'}] chemo dates on a schedule that is not known")
    if "Your care team will tell you the days of your chemotherapy" not in page:
        found.append(f"[{product or 'not sure'}] no note that the care team gives chemo days")
    return found


@pytest.mark.django_db
def test_word_pages_read_the_same_for_both_roles(seeded_db):
    """Why the crawl reads the glossary's and further reading's pages for one role only:
    their main part is the same for a patient and a caregiver. If a role ever changes one,
    this fails, and `word_pages` must be read for both roles again."""
    paths = word_pages()
    assert len(paths) > 50
    product = Product.objects.published().order_by("slug").first()
    for language in ("", "/es"):
        mains = {}
        for role in ("patient", "caregiver"):
            client = Client()
            choose(client, product, role)
            mains[role] = [
                client.get(language + path).content.decode().split('<main id="main"')[1]
                for path in paths
            ]
        for path, patient, caregiver in zip(
            paths, mains["patient"], mains["caregiver"], strict=True
        ):
            assert patient.split("</main>")[0] == caregiver.split("</main>")[0], language + path
