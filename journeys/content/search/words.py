"""Words as search compares them: accents folded, lower case, lightly stemmed.

Both sides of a search go through the same functions (the content when it is indexed,
the visitor's words when they search), so "confusión", "Confusion" and "confused"
meet. The stemmer is deliberately small: it only has to make a word and its plural or
"-ing" form agree, not to be linguistics; PostgreSQL's own stemmer is used there.
"""

import re
import unicodedata

WORD_RE = re.compile(r"[a-z0-9]+")
APOSTROPHE_RE = re.compile(r"(?<=[a-z])['’](?=[a-z])")

STOPWORDS = {
    "en": set(
        "a an and are as at be but by can could do does for from has have he her him his how "
        "i if in is it its me my of on or our she so that the their them they this to up was "
        "we what when where which who why will with you your "
        # and what people add around the word they look for ("my mom has had a fever")
        "am im been being had did got would should there than then also just really much "
        "lot lots ive dont doesnt isnt wont hes shes theyre whats after before during "
        # who it is about: the words after it are what to look for
        "husband wife mom dad mommy daddy".split()
    ),
    "es": set(
        "a al con como cual cuando de del el ella ellas ellos en es esta este esto la las le "
        "lo los me mi mis o para pero por que se si su sus te tu un una uno unos unas y ya yo "
        "puede puedo hay "
        # y lo que se escribe alrededor de la palabra buscada ("mi mamá tiene mucha fiebre")
        "tengo tiene tienen tenia estoy estar estan estaba muy mas hace hacer ser son fue era "
        "eso esa ese esos esas nos les desde hasta sobre entre otro otra mucho mucha muchos "
        "muchas algo nada todo todos despues antes durante "
        # de quién se trata: lo que sigue es lo que hay que buscar
        "esposo esposa marido mama papa mami papi".split()
    ),
}

_SUFFIXES = {
    "en": (
        "ations",
        "ation",
        "ings",
        "ing",
        "ions",
        "ion",
        "ies",
        "ied",
        "es",
        "ed",
        "s",
        "e",
        "y",
    ),
    "es": (
        "aciones",
        "acion",
        "iones",
        "ion",
        "ando",
        "iendo",
        "ados",
        "idos",
        "adas",
        "idas",
        "ado",
        "ido",
        "ada",
        "ida",
        "ar",
        "er",
        "ir",
        "es",
        "os",
        "as",
        "s",
        "o",
        "a",
        "e",
    ),
}


#: Every character with a combining class (accents and other marks NFKD splits off),
#: mapped to nothing, for str.translate. No character beyond plane 1 has one
#: (tests/test_search_core.py checks the whole of Unicode against this table).
_COMBINING = dict.fromkeys(c for c in range(0x20000) if unicodedata.combining(chr(c)))
#: One character outside ASCII.
_NON_ASCII_RE = re.compile(r"[^\x00-\x7f]")


def _fold_slowly(text):
    """fold's definition, without the apostrophes: NFKD, marks dropped, casefolded."""
    return unicodedata.normalize("NFKD", text).translate(_COMBINING).casefold()


#: What fold makes of each lower-case character of the Latin and punctuation blocks a
#: Spanish or English text holds (á, ñ, ü, ¿, —, ’): looked up, not worked out each time.
_FOLDED = {
    char: _fold_slowly(char)
    for char in map(chr, (*range(0x80, 0x250), *range(0x2000, 0x2070)))
    if char.lower() == char
}


#: The letters with a mark a Spanish text holds most (á, é, í, ó, ú, ñ, ü), each with its
#: fold: replaced in C (str.replace) before the rest are looked up one by one.
_SPANISH = tuple((char, _FOLDED[char]) for char in "áéíóúñü")


def _fold_char(match):
    folded = _FOLDED.get(match[0])
    return _fold_slowly(match[0]) if folded is None else folded


def fold(text):
    """Lower case without accents: "Confusión" -> "confusion", "ñ" -> "n".

    Each character folds on its own (NFKD decomposes one character at a time and drops
    every mark it could reorder; casefold, last, undoes whatever lower() made first), so
    the text is lower-cased in C, Spanish's own letters with marks are replaced in C too,
    and only the other characters outside ASCII are looked up: ~2.5x quicker on a
    Spanish text than folding it whole, and ~1.9x again with the replacements
    (tests/test_search_core.py holds it to the definition for every character)."""
    if not text:
        return ""
    bare = text.lower()
    if not bare.isascii():
        for char, folded in _SPANISH:
            if char in bare:
                bare = bare.replace(char, folded)
        if not bare.isascii():
            bare = _NON_ASCII_RE.sub(_fold_char, bare)
    if "'" in bare or "’" in bare:
        return APOSTROPHE_RE.sub("", bare)
    return bare


def _by_last_letter(suffixes):
    """The suffixes grouped by their last letter, each group in the order given: the
    first that fits a word is among those ending with its last letter."""
    groups = {}
    for suffix in suffixes:
        groups.setdefault(suffix[-1], []).append((suffix, len(suffix)))
    return {letter: tuple(group) for letter, group in groups.items()}


_ENDINGS = {language: _by_last_letter(suffixes) for language, suffixes in _SUFFIXES.items()}


def stem(word, language):
    """A short, shared stem: "fevers" and "fever", "shaking" and "shake" agree."""
    if len(word) <= 3 or word.isdigit():
        return word
    endings = _ENDINGS.get(language, _ENDINGS["en"]).get(word[-1])
    if endings:
        for suffix, size in endings:
            if len(word) - size >= 3 and word.endswith(suffix):
                return word[:-size]
    return word


#: Every byte but a-z and 0-9 as a space, for bytes.translate (see `words`).
_WORD_BYTES = bytes(c if c in b"abcdefghijklmnopqrstuvwxyz0123456789" else 32 for c in range(256))


def words(text):
    """The folded words of `text`, in order: WORD_RE's runs of a-z and 0-9. Found by
    turning every other character into a space (any left outside ASCII after folding
    first into "?") and splitting: about twice as quick as the regex, in C throughout."""
    return split(fold(text))


def split(folded):
    """The words of a text fold() made (see `words`)."""
    return folded.encode("ascii", "replace").translate(_WORD_BYTES).decode("ascii").split()


def terms(text, language):
    """The stems of `text`'s words that are not stopwords, in order."""
    stop = STOPWORDS.get(language, ())
    return [stem(w, language) for w in words(text) if w not in stop]
