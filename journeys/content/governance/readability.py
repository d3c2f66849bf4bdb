"""Reading level of patient-facing text (Flesch-Kincaid grade, US school grade).

textstat 0.7.8 is pinned: later versions download NLTK data at run time, which
fails behind a hospital firewall.
"""

import re
import threading

import textstat

from journeys.content.text import PLACEHOLDER_RE

TARGET_GRADE = 8.0
MIN_WORDS = 12  # shorter texts (titles, one-liners) give meaningless grades
_MARKUP = re.compile(r"[*_#>`\[\]()]|^\s*[-+]\s+", re.MULTILINE)


def plain_text(text):
    text = PLACEHOLDER_RE.sub("14", text or "")
    return _MARKUP.sub(" ", text)


def text_fields(model):
    return [
        f.name
        for f in model._meta.concrete_fields
        if f.get_internal_type() == "TextField" and f.editable
    ]


def grade(obj):
    """The reading grade of all of a row's prose together, or None when too short to tell."""
    text = " ".join(plain_text(getattr(obj, name)) for name in text_fields(type(obj)))
    if len(text.split()) < MIN_WORDS:
        return None
    return round(textstat.flesch_kincaid_grade(text), 1)


#: Fernández-Huerta reading ease for Spanish (higher is easier): 70-80 is "fairly easy".
TARGET_EASE_ES = 70.0
_TEXTSTAT_LANGUAGE = threading.Lock()
#: Translated fields that are names or labels, not prose to grade.
_NOT_PROSE = {"name", "title", "term", "abbreviation", "pronunciation", "also_matches"}


def spanish_ease(translation):
    """The Fernández-Huerta ease of a Spanish translation's prose, or None when too short."""
    words = translation.fields or {}
    text = " ".join(
        plain_text(value)
        for name, value in words.items()
        if name not in _NOT_PROSE and isinstance(value, str)
    )
    if len(text.split()) < MIN_WORDS:
        return None
    with _TEXTSTAT_LANGUAGE:  # textstat's language is global: put English back after
        textstat.set_lang("es")
        try:
            return round(textstat.fernandez_huerta(text), 1)
        finally:
            textstat.set_lang("en_US")


def average_grade(grades):
    """The average of row grades (one decimal), or None when no row could be graded."""
    if not grades:
        return None
    return round(sum(grades) / len(grades), 1)
