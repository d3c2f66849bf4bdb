"""What families type, read from vocabulary.yaml (the data; its top says how to edit it).

`TABLES[language]` maps a folded phrase ("throwing up", "dolor de cabeza") to a `Meaning`:
the words of this guide searched for it, and whether the guide covers it. Read once, when
the module is imported, like any other code: it changes only with a release.
"""

from dataclasses import dataclass
from pathlib import Path

import yaml

from journeys.content.search.words import STOPWORDS, words

PATH = Path(__file__).with_name("vocabulary.yaml")
LANGUAGES = ("en", "es")
NOTES = ("none", "little")


class VocabularyError(ValueError):
    pass


@dataclass(frozen=True)
class Meaning:
    find: tuple  # folded words of the content searched as well, in the order listed
    note: str = ""  # "none": the guide does not cover it; "little": only `find` comes near
    #: `find` is one phrase of several words: searched as if typed ("blood tests": both
    #: words), not any one of them ("blood" alone would be every bleeding sign)
    together: bool = False


def _phrase(text, where):
    folded = " ".join(words(str(text)))
    if not folded:
        raise VocabularyError(f"{where}: {text!r} has no word in it")
    return folded


def read(data):
    """{language: {phrase: Meaning}}, {language: temperature words}; VocabularyError if
    the file is not as its top says."""
    tables, temperature = {}, {}
    for language in LANGUAGES:
        part = data.get(language) or {}
        temperature[language] = tuple(
            _phrase(t, f"{language}.temperature") for t in part.get("temperature") or ()
        )
        table = {}
        for number, entry in enumerate(part.get("words") or (), start=1):
            where = f"{language}.words[{number}]"
            note = entry.get("note") or ""
            if note and note not in NOTES:
                raise VocabularyError(f"{where}: note is one of {', '.join(NOTES)}")
            # searched word by word: "upset stomach" finds "upset" and "stomach" ("up",
            # a stopword, is never searched)
            find = tuple(
                dict.fromkeys(
                    word
                    for f in entry.get("find") or ()
                    for word in _phrase(f, where).split()
                    if word not in STOPWORDS.get(language, ())
                )
            )
            if not find and note != "none":
                raise VocabularyError(f"{where}: no words to find (or note: none)")
            if note == "none" and find:
                raise VocabularyError(f"{where}: note: none finds nothing")
            for says in entry.get("says") or ():
                key = _phrase(says, where)
                if key in table:
                    raise VocabularyError(f"{where}: {key!r} is listed twice")
                together = len(entry.get("find") or ()) == 1 and len(find) > 1
                table[key] = Meaning(find, note, together)
        tables[language] = table
    return tables, temperature


TABLES, TEMPERATURE = read(yaml.safe_load(PATH.read_text(encoding="utf-8")))

#: The longest phrase, in words: how far ahead the parser looks.
LONGEST = max(len(key.split()) for table in TABLES.values() for key in table)


def one_word_phrases(language):
    """The phrases of one word: a misspelling of one is corrected to it too."""
    return [key for key in TABLES.get(language, {}) if " " not in key]
