"""Snippets: a piece of a found document's text around its first match, matches marked.

A token of the text (a run of letters, digits and apostrophes) matches when one of its
words stems to a searched stem or starts with one (`token_hits`). Most of a text's
tokens cannot match, and a search shows 20 results, so the tokens that may match are
found by one regular expression in C (`Marks`): a token whose folded text holds a
searched stem. A text holding a character whose fold is not one character (a ligature,
a mark on its own) is walked token by token instead, which is slower and the same.
"""

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
    character, as the finder may read them: letter -> the characters that fold to it
    (each in a token: the finder's match never leaves one), and every such character.
    A character that folds to an apostrophe, to nothing or to more than one character is
    not plain: a text that holds one is walked token by token."""
    letters, plain = {}, []
    for char in map(chr, (*range(0x80, 0x250), *range(0x2000, 0x2070))):
        folded = w.fold(char)
        if len(folded) != 1 or (folded in APOSTROPHES and folded != char):
            continue
        if w.WORD_RE.fullmatch(folded):
            if not _TOKEN_CHAR.fullmatch(char):
                continue
            letters.setdefault(folded, []).append(char)
        plain.append(char)
    return letters, plain


_LETTERS, _PLAIN = _plain_characters()
#: For each letter and digit, the characters that fold to it.
_CLASSES = {
    char: "[" + re.escape(char + char.upper() + "".join(_LETTERS.get(char, ()))) + "]"
    for char in "abcdefghijklmnopqrstuvwxyz0123456789"
}
#: A character the finder cannot read: the text is walked token by token.
_NOT_PLAIN_RE = re.compile("[^\\x00-\\x7f" + re.escape("".join(_PLAIN)) + "]")


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


def _spelled(stem):
    """A stem as a plain text may spell it: each letter in either case or with a mark,
    an apostrophe between two (fold drops one between letters)."""
    return "['’]?".join(_CLASSES[char] for char in stem)


class Marks:
    """The snippets of one search: its stems, and what it learnt of each token.

    Built for one search and dropped with it, never kept: the stems are the visitor's
    words."""

    def __init__(self, stems, language):
        self.stems = tuple(stems)
        self.language = language
        self.hits = {}  # token -> matches: words recur across the results
        spelled = sorted({s for s in self.stems if w.WORD_RE.fullmatch(s)}, key=len, reverse=True)
        self.finder = None
        if self.stems and len(spelled) == len(set(self.stems)):
            # One of the stems, spelled as a text may spell it.
            self.finder = re.compile("|".join(map(_spelled, spelled)))

    def _found(self, text, length):
        """The spans of the matching tokens from the first match to the end of the
        longest piece it can start (no token past that can show)."""
        if not self.stems:
            return []
        if self.finder is None or _NOT_PLAIN_RE.search(text):
            return self._walked(text, length)
        # A plain text: only the tokens holding a stem can match (token_hits), and the
        # finder finds them where it finds a stem.
        search, hits = self.finder.search, self.hits
        found = []
        beyond = len(text)
        at = 0
        while (match := search(text, at)) is not None:
            begin = at = match.start()
            while begin and _TOKEN_CHAR.match(text, begin - 1):
                begin -= 1
            if begin >= beyond:
                break
            at = _TOKEN_TAIL.match(text, at).end()
            token = text[begin:at]
            hit = hits.get(token)
            if hit is None:
                hit = hits[token] = token_hits(token, self.stems, self.language)
            if hit:
                if not found:
                    beyond = _piece_start(text, begin, length) + length
                found.append((begin, at))
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
        start = _piece_start(text, found[0][0], length) if found else 0
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


def highlight(text, stems, language, *, length=SNIPPET):
    """`text`'s piece around its first match of `stems`, matches marked (one text)."""
    return Marks(stems, language).highlight(text, length=length)


def _piece_start(text, first, length):
    """Where the piece shown starts: at a word a third of its length before the first
    match, or at the start."""
    if first > length // 3:
        return text.rfind(" ", 0, first - length // 3) + 1
    return 0
