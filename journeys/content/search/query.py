"""What the visitor typed, checked and turned into groups of terms to look for."""

import re
import unicodedata
from dataclasses import dataclass, replace

from django.utils.translation import gettext_lazy as _

from journeys.content.search.vocabulary import LONGEST, TABLES, TEMPERATURE
from journeys.content.search.words import STOPWORDS, stem, words

MAX_LENGTH = 200


class QueryError(ValueError):
    """Input we cannot search for; `message` says why, in the reader's language."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class Group:
    """One thing the visitor asked for: their word, and the words it also means.

    `own` are the visitor's words (folded), `extra` those the vocabulary adds; `note` is
    the vocabulary's ("little": the guide says little about it); `fuzzy` says a word
    the guide does not use may be corrected to the nearest one it does.
    """

    typed: str
    own: tuple
    extra: tuple
    note: str = ""
    fuzzy: bool = False

    def stems(self, language):
        own = tuple(stem(word, language) for word in self.own)
        extra = tuple(stem(word, language) for word in self.extra)
        return own, tuple(t for t in dict.fromkeys(extra) if t not in own)


@dataclass(frozen=True)
class Query:
    text: str
    language: str
    groups: tuple
    uncovered: tuple = ()  # phrases the guide does not cover (never searched)
    temperatures: tuple = ()  # numbers typed that are temperatures
    corrected: tuple = ()  # (typed, word searched instead)

    def stems(self):
        return [group.stems(self.language) for group in self.groups]

    @property
    def little(self):
        return tuple(g.typed for g in self.groups if g.note == "little")

    def words_searched(self):
        """The visitor's words with each correction made, as one line."""
        fixed = dict(self.corrected)
        return " ".join(fixed.get(word, word) for word in words(self.text))

    def keep(self, wanted):
        """This query with only the groups `wanted(group)` accepts."""
        return replace(self, groups=tuple(g for g in self.groups if wanted(g)))

    def correct(self, corrections):
        """This query with `corrections` ({typed word: fuzzy.Correction}) made."""
        if not corrections:
            return self
        groups, uncovered = [], list(self.uncovered)
        for group in self.groups:
            found = corrections.get(group.typed) if group.fuzzy else None
            if found is None:
                groups.append(group)
            elif found.phrase:  # the nearest is a phrase of the vocabulary ("migrane")
                meaning = TABLES[self.language][found.word]
                if meaning.note == "none":
                    uncovered.append(found.word)
                elif meaning.together:
                    groups += [Group(word, (), (word,), meaning.note) for word in meaning.find]
                else:
                    groups.append(Group(found.word, (found.word,), meaning.find, meaning.note))
            else:
                groups.append(replace(group, own=(found.word,), fuzzy=False))
        made = tuple((typed, c.word) for typed, c in corrections.items())
        return replace(self, groups=tuple(groups), uncovered=tuple(uncovered), corrected=made)


def clean(raw):
    """The query text, or QueryError: too long, control characters, nothing to look for."""
    text = raw or ""
    if len(text) > MAX_LENGTH:
        raise QueryError(
            _("Please use %(max)d characters or fewer. Try one or two words, like “fever”.")
            % {"max": MAX_LENGTH}
        )
    if any(unicodedata.category(c) in {"Cc", "Cf", "Cs", "Co", "Cn"} and c != "\t" for c in text):
        raise QueryError(
            _("The search words hold characters we cannot read. Please type them again.")
        )
    text = " ".join(text.split())
    if text and not words(text):
        raise QueryError(_("Please type a word to search for, like “fever” or “driving”."))
    return text


#: A number as a thermometer shows it, with or without a unit: "99.5", "38,3 °C", "101F".
TEMPERATURE_RE = re.compile(
    r"(?<![\w.,])([0-9]{2,3})(?:[.,]([0-9]))?\s*(°|º|deg\b|degrees\b|grados?\b)?\s*([fc])?(?!\w)",
    re.IGNORECASE | re.ASCII,
)
FAHRENHEIT, CELSIUS = (86, 113), (30, 45)  # as the daily log accepts them
#: Without a unit or a decimal, only these read as a temperature (a fever's range).
LIKELY_FAHRENHEIT, LIKELY_CELSIUS = (95, 108), (35, 43)


def _temperature_words(language):
    """Words that say a number near them is a temperature: "fever", "temp", "calentura"."""
    words_ = set(TEMPERATURE.get(language, ()))
    for key, meaning in TABLES.get(language, {}).items():
        if " " not in key and words_ & set(meaning.find):
            words_.add(key)
    return frozenset(words_)


TEMPERATURE_WORDS = {language: _temperature_words(language) for language in TABLES}


def _temperatures(text, language):
    """The temperatures typed in `text`, and `text` without them."""
    found, rest = [], text
    context = bool(TEMPERATURE_WORDS.get(language, frozenset()) & set(words(text)))
    for match in TEMPERATURE_RE.finditer(text):
        whole, decimal, degrees, unit = match[1], match[2], match[3], (match[4] or "").lower()
        value = float(f"{whole}.{decimal or 0}")
        ranges = {"f": (FAHRENHEIT,), "c": (CELSIUS,)}.get(
            unit, (LIKELY_FAHRENHEIT, LIKELY_CELSIUS)
        )
        plain_number = not (decimal or degrees or unit)
        if plain_number and not context and text.strip() != match[0].strip():
            continue  # "day 38": a bare number among other words needs "fever" or "temp" near
        if any(low <= value <= high for low, high in ranges):
            found.append(match[0].strip())
            rest = rest.replace(match[0], " ", 1)
    return tuple(found), rest


def parse(raw, *, language):
    """Groups of terms for `raw` (already cleaned) in `language`, the vocabulary added."""
    table = TABLES.get(language, {})
    stop = STOPWORDS.get(language, set())
    temperatures, rest = _temperatures(raw, language)
    typed = words(rest)
    groups, uncovered = [], []
    if temperatures and TEMPERATURE.get(language):
        groups.append(Group(temperatures[0], (), TEMPERATURE[language]))
    i = 0
    while i < len(typed):
        for size in range(min(LONGEST, len(typed) - i), 0, -1):
            phrase = " ".join(typed[i : i + size])
            meaning = table.get(phrase)
            if meaning is not None:
                if meaning.note == "none":
                    uncovered.append(phrase)
                elif meaning.together:
                    groups += [Group(word, (), (word,), meaning.note) for word in meaning.find]
                else:
                    own = () if size > 1 else (phrase,)
                    groups.append(Group(phrase, own, meaning.find, meaning.note))
                i += size
                break
        else:
            word = typed[i]
            i += 1
            if word in stop:
                continue
            groups.append(Group(word, (word,), (), fuzzy=len(word) >= 4 and not word.isdigit()))
    if not groups and not uncovered and typed:  # only short words ("can i"): search them anyway
        groups = [Group(w, (w,), ()) for w in typed]
    return Query(raw, language, tuple(groups), tuple(uncovered), temperatures)
