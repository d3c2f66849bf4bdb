"""What the visitor typed, checked and turned into groups of terms to look for."""

import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from journeys.content.search.synonyms import LONGEST, SYNONYMS
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

    `own` are the visitor's words (folded), `extra` those a synonym adds.
    """

    typed: str
    own: tuple
    extra: tuple

    def stems(self, language):
        own = tuple(stem(word, language) for word in self.own)
        extra = tuple(stem(word, language) for word in self.extra)
        return own, tuple(t for t in dict.fromkeys(extra) if t not in own)


@dataclass(frozen=True)
class Query:
    text: str
    language: str
    groups: tuple

    def stems(self):
        return [group.stems(self.language) for group in self.groups]


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


def parse(raw, *, language):
    """Groups of terms for `raw` (already cleaned) in `language`, synonyms added."""
    table = SYNONYMS.get(language, {})
    stop = STOPWORDS.get(language, set())
    typed = words(raw)
    groups = []
    i = 0
    while i < len(typed):
        for size in range(min(LONGEST, len(typed) - i), 0, -1):
            phrase = " ".join(typed[i : i + size])
            if phrase in table:
                own = () if size > 1 else (phrase,)
                groups.append(Group(phrase, own, tuple(table[phrase])))
                i += size
                break
        else:
            word = typed[i]
            i += 1
            if word in stop:
                continue
            groups.append(Group(word, (word,), ()))
    if not groups and typed:  # only short words ("can i"): search for them anyway
        groups = [Group(w, (w,), ()) for w in typed]
    return Query(raw, language, tuple(groups))
