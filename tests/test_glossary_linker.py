"""The glossary linker: the same links as a plain alternation of every form.

The linker looks each word of a text up among the forms that start with it
(GlossaryLinker.starts), so its cost follows the text, not the size of the glossary, and
building it costs one pass over the forms. These tests hold it to what the plain
alternation, longest form first, linked before.
"""

import re
from types import SimpleNamespace

import pytest
from django.utils import translation

from journeys.content.glossary import GlossaryLinker
from journeys.models import TRANSLATED_FIELDS, GlossaryTerm, Translation


class AlternationLinker(GlossaryLinker):
    """The linker as it was: one alternation of every form, the longest first."""

    def __init__(self, terms):
        super().__init__(terms)
        forms = sorted(self.slug_for, key=len, reverse=True)
        self.pattern = re.compile(
            r"(?<![\w-])(" + "|".join(re.escape(f) for f in forms) + r")(?![\w-])", re.I
        )

    def _link_text(self, text, seen):
        def replace(match):
            slug = self.slug_for.get(match.group(0).lower())
            return match.group(0) if slug is None else self._replace(match.group(0), slug, seen)

        return self.pattern.sub(replace, text)


def _term(slug, term, abbreviation="", also=()):
    return SimpleNamespace(slug=slug, term=term, abbreviation=abbreviation, also_matches=list(also))


def test_a_longer_form_wins_over_its_prefix_and_a_form_needs_its_own_word_edges():
    terms = [
        _term("t-cell", "T cell", also=["T cells"]),
        _term("car-t", "CAR T", also=["CAR-T", "CAR T cell therapy"]),
        _term("crs", "Cytokine release syndrome", "CRS"),
    ]
    linker = GlossaryLinker(terms)
    html = str(
        linker.link("<p>CAR T cell therapy uses T cells. CRSX and CRS-like are not CRS.</p>")
    )
    assert ">CAR T cell therapy</a>" in html
    assert ">T cells</a>" in html
    assert "CRSX" in html and "CRS-like" in html and html.count('class="term"') == 3
    assert ">CRS</a>." in html
    assert html == str(
        AlternationLinker(terms).link(
            "<p>CAR T cell therapy uses T cells. CRSX and CRS-like are not CRS.</p>"
        )
    )


def test_a_form_matches_whole_and_nothing_shorter_or_longer():
    terms = [_term("car-t", "car t", also=["car t cell", "cars"])]
    linked = {
        text
        for text in ["car t", "car t cell", "cars", "car", "car t c", "car tcell", "scars"]
        if 'class="term"' in str(GlossaryLinker(terms).link(f"<p>{text}</p>"))
    }
    assert linked == {"car t", "car t cell", "cars", "car t c"}  # "car t", then " c"
    html = str(GlossaryLinker(terms).link("<p>car t c</p>"))
    assert ">car t</a> c" in html


def test_a_form_that_starts_with_a_sign_is_found_at_a_words_edge():
    terms = [_term("crs", "(CRS)"), _term("plus", "+plus")]
    html = str(GlossaryLinker(terms).link("<p>Call (CRS) now; x(CRS) no; a +plus b</p>"))
    assert ">(CRS)</a> now" in html and "x(CRS) no" in html and ">+plus</a> b" in html
    assert html == str(AlternationLinker(terms).link("<p>Call (CRS) now; x(CRS) no; a +plus b</p>"))


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_published_text_gets_the_same_links_as_with_the_alternation(seeded_db, language):
    from journeys.content.selectors import glossary_linker

    with translation.override(language):
        linker = glossary_linker(preview=False)
        reference = AlternationLinker(SimpleNamespace(**vars(t)) for t in _terms(linker))
        reference.say_for = linker.say_for  # the same pronunciations on the links (issue 31)
        texts = _published_html(language)
        assert len(texts) > 100
        linked = 0
        for html in texts:
            mine, theirs = set(), set()
            assert str(linker.link(html, mine)) == str(reference.link(html, theirs)), html
            assert mine == theirs
            linked += bool(mine)
        assert linked > 20  # the texts do hold glossary words


def _terms(linker):
    """The (form, slug) pairs of a linker as terms: what it was built from."""
    return [_term(slug, form) for form, slug in linker.slug_for.items()]


def _published_html(language):
    """Every stored HTML of published content in `language`."""
    if language == "en":
        stored = [
            rendered
            for model in TRANSLATED_FIELDS
            if any(f.name == "rendered" for f in model._meta.get_fields())  # not the center
            for rendered in model.objects.published().values_list("rendered", flat=True)
        ]
    else:
        rows = Translation.objects.published().filter(language=language)
        stored = list(rows.values_list("rendered", flat=True))
    # Each field's [fingerprint, block HTML, one-line HTML] (Governed.rendered).
    texts = [
        html for rendered in stored for _fp, *both in (rendered or {}).values() for html in both
    ]
    return texts + [t.term for t in GlossaryTerm.objects.published()]


@pytest.mark.parametrize("language", ["en", "es"])
def test_each_link_goes_to_its_terms_address_in_the_linkers_language(language):
    """The term's address is reversed once when the linker is built (kept per language)
    and filled with each slug."""
    from django.urls import reverse

    terms = [
        _term("crs", "Cytokine release syndrome", "CRS"),
        _term("t_cell-2", "T cell"),
        _term("bone-marrow", "Bone marrow"),
    ]
    with translation.override(language):
        linker = GlossaryLinker(terms)
        html = str(linker.link("<p>CRS, a T cell and bone marrow.</p>"))
        wanted = {t.slug: reverse("journeys:glossary_detail", args=[t.slug]) for t in terms}
    hrefs = re.findall(r'href="([^"]+)" hx-get="([^"]+)"', html)
    assert hrefs == [(url, url) for url in wanted.values()]
    assert wanted["t_cell-2"].endswith("/t_cell-2/")
    assert all(
        url.startswith("/es/" if language == "es" else "/glossary/") for url in wanted.values()
    )
    # A linker kept by an earlier release (no address parts) still links each term.
    del linker.url_parts
    with translation.override(language):
        again = str(linker.link("<p>CRS</p>"))
    assert re.findall(r'href="([^"]+)"', again) == [wanted["crs"]]


def test_the_forms_are_grouped_by_their_start_longest_first_then_in_order():
    """GlossaryLinker.starts as its definition says: each form once, under its first run
    of letters (or its first character when that is not one), the longest first and
    forms of one length in order; the start pattern finds each start that is a sign."""
    terms = [
        _term("a", "Cell", also=["cell therapy", "cells", "celt", "cello", None, "  "]),
        _term("b", "(CRS)", "CRS", also=["(ICANS)", "+plus", "AB", "ab", "x"]),
        _term("c", "Cell therapy", also=["cell-based", "cellular"]),
    ]
    linker = GlossaryLinker(terms)
    forms = list(linker.slug_for)
    assert sorted(forms) == sorted(
        {
            "cell",
            "cell therapy",
            "cells",
            "celt",
            "cello",
            "(crs)",
            "crs",
            "(icans)",
            "+plus",
            "ab",
            "cell-based",
            "cellular",
        }
    )
    assert linker.slug_for["cell therapy"] == "a" and linker.slug_for["ab"] == "b"
    grouped = [form for group in linker.starts.values() for form in group]
    assert sorted(grouped) == sorted(forms)
    for start, group in linker.starts.items():
        assert group == sorted(group, key=lambda f: (-len(f), f))
        for form in group:
            run = re.match(r"[\w-]+", form)
            assert start == (run.group() if run else form[0])
    assert linker.starts["cell"] == ["cell therapy", "cell"]
    assert sorted(linker.starts["cells"] + linker.starts["celt"]) == ["cells", "celt"]
    assert {m.group() for m in linker.start_re.finditer("(a +b")} == {"(", "a", "+", "b"}
