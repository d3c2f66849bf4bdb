"""words.py's fast fold and stem give what the plain definitions give (issue 26)."""

import re
import sys
import unicodedata
from pathlib import Path

from journeys.content.search import words as w

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _fold(text):
    """The definition: NFKD, combining marks dropped, casefolded, inner apostrophes gone."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"(?<=[a-z])['’](?=[a-z])", "", bare.casefold())


def _stem(word, language):
    if len(word) <= 3 or word.isdigit():
        return word
    for suffix in w._SUFFIXES.get(language, w._SUFFIXES["en"]):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


TRICKY = [
    "",
    None,
    "Confusión",
    "Señales de Infección",
    "DON'T don’t l'hôpital rock 'n' roll",
    "İstanbul ǅ ﬁ ß ẞ Ω K Å ½ ① ㎏",
    "niño\u0301 cafe\u0301 a\u0308\u0323",
    "T\u200bcells ¿Qué? ¡fiebre! 38.5 °C",
]


def _seed_texts():
    for path in sorted(SEEDS.rglob("*")):
        if path.is_file() and path.suffix in {".yaml", ".yml", ".json", ".md", ".txt"}:
            yield path.read_text(encoding="utf-8")


def test_the_table_of_marks_holds_every_combining_character():
    every = {c for c in range(sys.maxunicode + 1) if unicodedata.combining(chr(c))}
    assert set(w._COMBINING) == every


def test_fold_and_stem_agree_with_their_definitions():
    texts = [*TRICKY, *_seed_texts()]
    assert len(texts) > len(TRICKY)
    checked = 0
    for text in texts:
        for line in (text or "").splitlines() or [text]:
            assert w.fold(line) == _fold(line), line
            for word in re.findall(r"[a-z0-9]+", _fold(line)):
                for language in ("en", "es", "fr"):
                    assert w.stem(word, language) == _stem(word, language), (word, language)
                checked += 1
    assert checked > 1000
