"""Snippets: a piece of a found document's text around its first match, matches marked.

A token of the text (a run of letters, digits and apostrophes) matches when one of its
words stems to a searched stem or starts with one (`token_hits`). Most of a text's
tokens cannot match, and a search shows 20 results, so `Marks` reads only the tokens
whose folded text holds a searched stem: the text is folded character for character
and the stems are found in it as strings, in C (no expression is built from the
visitor's words). A text holding a character whose fold is not one character (a
ligature, a mark on its own) is walked token by token instead: slower, the same.
"""

import bisect
import re
from html import escape

from django.utils.safestring import SafeString

from journeys.content.search import words as w

SNIPPET = 180
TOKEN_RE = re.compile(r"[\w'’]+")
APOSTROPHES = "'’"
_TOKEN_CHAR = re.compile(r"[\w'’]")
_TOKEN_TAIL = re.compile(r"[\w'’]*")


def _plain_characters():
    """The characters outside ASCII of the Latin and punctuation blocks that fold to one
    character, as `Marks` may read them. A character that folds to an apostrophe, to
    nothing or to more than one character is not plain, nor one that folds to a letter
    but is not part of a token: a text that holds one is walked token by token."""
    plain = []
    for char in map(chr, (*range(0x80, 0x250), *range(0x2000, 0x2070))):
        folded = w.fold(char)
        if len(folded) != 1 or (folded in APOSTROPHES and folded != char):
            continue
        if w.WORD_RE.fullmatch(folded) and not _TOKEN_CHAR.fullmatch(char):
            continue
        plain.append(char)
    return plain


_PLAIN = _plain_characters()
#: The plain characters that fold to a letter or digit of their own ("é" -> "e", "²" ->
#: "2"): in a lower-cased plain text, the only ones `Marks` must fold to find a stem.
_TO_WORD = {
    char: w.fold(char)
    for char in _PLAIN
    if w.WORD_RE.fullmatch(w.fold(char)) and w.fold(char) != char
}
_TO_WORD_RE = re.compile("[" + re.escape("".join(_TO_WORD)) + "]")
_APOSTROPHE_RE = re.compile(f"[{APOSTROPHES}]")
#: A character `Marks` cannot fold in place: the text is walked token by token.
_NOT_PLAIN_RE = re.compile("[^\\x00-\\x7f" + re.escape("".join(_PLAIN)) + "]")


def _to_word(match):
    return _TO_WORD[match[0]]


def token_hits(token, stems, language):
    """Whether one token of a snippet matches a searched stem (or starts with one).

    A searched stem is the start of a word's stem, which is the start of the word: a
    token whose folded text holds none of them cannot match, and most tokens are told so
    without splitting or stemming them."""
    folded = w.fold(token)
    if not any(s in folded for s in stems):
        return False
    return any(
        stem == s or (len(s) >= 3 and stem.startswith(s))
        for stem in (w.stem(word, language) for word in w.split(folded))
        for s in stems
    )


class Marks:
    """The snippets of one search: its stems, and what it learnt of each token.

    Built for one search and dropped with it, never kept: the stems are the visitor's
    words."""

    def __init__(self, stems, language):
        self.stems = tuple(stems)
        self.language = language
        self.hits = {}  # token -> matches: words recur across the results
        # Stems are found as strings: no expression is built from the visitor's words
        # (Python's own cache of expressions would keep them).
        self.findable = all(w.WORD_RE.fullmatch(s) for s in self.stems)

    def _found(self, text, length):
        """The spans of the matching tokens from the first match to the end of the
        longest piece it can start (no token past that can show)."""
        stems = self.stems
        if not stems:
            return []
        flat = _flat(text) if self.findable else None
        if flat is None:
            return self._walked(text, length)
        # A plain text: only the tokens holding a stem can match (token_hits), and they
        # hold it where it is found in the folded text.
        places = _places(flat, stems)
        if not places:
            return []
        hits = self.hits
        found = []
        beyond = len(text)
        end = 0
        for at in places:
            if at < end:
                continue  # in the token just read
            begin = at
            while begin and _TOKEN_CHAR.match(text, begin - 1):
                begin -= 1
            if begin >= beyond:
                break
            end = _TOKEN_TAIL.match(text, at).end()
            token = text[begin:end]
            hit = hits.get(token)
            if hit is None:
                hit = hits[token] = token_hits(token, stems, self.language)
            if hit:
                if not found:
                    beyond = _piece_start(text, begin, length) + length
                found.append((begin, end))
        return found

    def _walked(self, text, length):
        """`_found` for any text: every token looked at, one by one."""
        found = []
        beyond = len(text)
        for match in TOKEN_RE.finditer(text):
            begin = match.start()
            if begin >= beyond:
                break
            token = match[0]
            hit = self.hits.get(token)
            if hit is None:
                hit = self.hits[token] = token_hits(token, self.stems, self.language)
            if hit:
                if not found:
                    beyond = _piece_start(text, begin, length) + length
                found.append(match.span())
        return found

    def highlight(self, text, *, length=SNIPPET):
        """An escaped piece of `text` around its first matching word, matches in <mark>."""
        found = self._found(text, length)
        if not found:  # most titles and many texts: the start, nothing marked
            if len(text) <= length:
                return SafeString(escape(text))
            end = text.rfind(" ", 0, length)
            return SafeString(escape(text[: end if end > 0 else length]) + "…")
        start = _piece_start(text, found[0][0], length)
        end = min(len(text), start + length)
        if end < len(text):
            end = text.rfind(" ", start, end) if text.rfind(" ", start, end) > start else end
        pieces = ["…" if start else ""]
        cursor = start
        for begin, finish in found:
            if begin < start or finish > end:
                continue
            pieces.append(escape(text[cursor:begin]))
            pieces.append(f"<mark>{escape(text[begin:finish])}</mark>")
            cursor = finish
        pieces.append(escape(text[cursor:end]))
        pieces.append("…" if end < len(text) else "")
        return SafeString("".join(pieces))  # every piece escaped above


def _flat(text):
    """A plain text lower-cased and folded character for character (_TO_WORD), every
    character in place; None for a text that is not plain (`Marks` walks it)."""
    lowered = text.lower()
    if text.isascii():
        return lowered
    if len(lowered) != len(text) or _NOT_PLAIN_RE.search(text):
        return None  # (lower() makes "İ" two characters)
    return _TO_WORD_RE.sub(_to_word, lowered)


def _places(flat, stems):
    """Where a searched stem starts in a plain text (`flat`: lower-cased and folded
    character for character, _TO_WORD, every character still in place), in order: found
    in it without its apostrophes (fold drops one between letters), each place shifted
    back over the apostrophes before it."""
    bare = flat.replace("'", "").replace("’", "") if "'" in flat or "’" in flat else flat
    places = []
    for stem in stems:
        at = bare.find(stem)
        while at != -1:
            places.append(at)
            at = bare.find(stem, at + 1)
    if places and bare is not flat:
        # The n-th apostrophe at `a` holds place a - n of the text without them.
        shifts = [m.start() - n for n, m in enumerate(_APOSTROPHE_RE.finditer(flat))]
        places = [at + bisect.bisect_right(shifts, at) for at in places]
    places.sort()
    return places


def _piece_start(text, first, length):
    """Where the piece shown starts: at a word a third of its length before the first
    match, or at the start."""
    if first > length // 3:
        return text.rfind(" ", 0, first - length // 3) + 1
    return 0
