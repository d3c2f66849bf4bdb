"""Words typed a letter or two wrong: the nearest word this guide uses (issue 30).

Every word of the published content (and every one-word phrase of the vocabulary,
vocabulary.yaml) in one language is a `Lexicon`, built with the search index once per
content version and kept with it (journeys/caching/content.py). A typed word the lexicon
does not know gets its candidates by trigram similarity, the measure of PostgreSQL's
`pg_trgm`: on PostgreSQL `similarity()` finds them (postgres.py, in the query that already
asks for the typed words' lexemes), on SQLite the lexicon's own trigram lists do. The
similarity is then computed here for both, so both databases pick the same word: the
fewest edits first (a letter added, dropped, changed, or two swapped), then the most
trigrams in common.
"""

import bisect
import functools
from dataclasses import dataclass

from journeys.content.search import words as w

#: pg_trgm's candidates must hold ours: it answers a little below our threshold (its
#: similarity is a 4-byte float) and the exact figure is computed here.
MIN_SIMILARITY = 0.2
SQL_SIMILARITY = 0.19
#: The lengths a candidate may differ by (a correction is at most 2 edits, a suggestion 3).
LENGTH_SLACK = 3
#: A suggestion ("Did you mean …?") when nothing matched: looser than a correction.
SUGGEST_SIMILARITY = 0.3


def trigrams(word):
    """pg_trgm's trigrams of one word: "  w", " wo", …, "rd " (a set)."""
    padded = f"  {word} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def similarity(a, b):
    """pg_trgm's `similarity(a, b)`: trigrams in common over trigrams in either."""
    ta, tb = trigrams(a), trigrams(b)
    shared = len(ta & tb)
    return shared / (len(ta) + len(tb) - shared) if shared else 0.0


def distance(a, b, limit=3):
    """Edits from `a` to `b` (insert, delete, change, swap two neighbours), or limit + 1."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2, previous = None, list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        row = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                row[j] = min(row[j], previous2[j - 2] + 1)
        if min(row) > limit:
            return limit + 1
        previous2, previous = previous, row
    return previous[-1]


def allowed_edits(word):
    """How many edits a correction may make: none in 3 letters ("sex" is not "six"),
    one in 4, two from 5 letters on."""
    if len(word) <= 3:
        return 0
    return 1 if len(word) == 4 else 2


@dataclass(frozen=True)
class Correction:
    typed: str
    word: str
    edits: int
    similarity: float
    phrase: bool  # a vocabulary phrase, not a word of the content


class Lexicon:
    """The words of one language's searchable content, for telling a typed word is
    known, and for the nearest ones when it is not."""

    def __init__(self, counts, phrases, language, stemmed=None):
        """`stemmed`: word -> stem already known (the index build's), any word missing
        is stemmed here."""
        self.language = language
        # word -> (how many documents use it, is a vocabulary phrase)
        self.counts = dict(counts)
        self.phrases = frozenset(phrases)
        self._stemmed = stemmed or {}

    # `sorted` and `stems` are built when a typed word is not one of `counts` (most
    # searches never need them), or before a copy is cached (__getstate__).
    @functools.cached_property
    def sorted(self):
        return sorted(set(self.counts) | self.phrases)

    @functools.cached_property
    def stems(self):
        stemmed, language = self._stemmed, self.language
        return {stemmed.get(word) or w.stem(word, language) for word in self.counts}

    @functools.cached_property
    def grams(self):
        """trigram -> numbers of the words (in `sorted`) that have it: built when a typed
        word is not known (most searches never need it), or before a copy is cached."""
        index = {}
        for number, word in enumerate(self.sorted):
            for gram in trigrams(word):
                index.setdefault(gram, []).append(number)
        return index

    def __getstate__(self):
        # A cached lexicon goes whole into Django's cache (its size counted there), so a
        # process never adds the trigrams to a value it shares with other requests.
        self.grams, self.stems  # noqa: B018 - built here, if not yet
        return {name: value for name, value in self.__dict__.items() if name != "_stemmed"}

    @classmethod
    def from_counts(cls, counts, phrases, language, stemmed=None):
        """`counts`: how many documents use each word. Stopwords, numbers and words of
        one or two letters are left out."""
        stop = w.STOPWORDS.get(language, set())
        kept = {
            word: count
            for word, count in counts.items()
            if len(word) >= 3 and not word.isdigit() and word not in stop
        }
        return cls(kept, phrases, language, stemmed)

    def knows(self, word):
        """A word of the content, its stem, or the start of a longer word (4 letters on)."""
        if word in self.counts or word in self.phrases or word.isdigit():
            return True
        if word in w.STOPWORDS.get(self.language, ()):
            return True
        if w.stem(word, self.language) in self.stems:
            return True
        if len(word) >= 4:
            at = bisect.bisect_left(self.sorted, word)
            return at < len(self.sorted) and self.sorted[at].startswith(word)
        return False

    def pool(self, word):
        """The words near `word` in length: what PostgreSQL compares it with."""
        return [other for other in self.sorted if abs(len(other) - len(word)) <= LENGTH_SLACK]

    def candidates(self, word):
        """Words sharing enough trigrams with `word` (SQLite: these lists; PostgreSQL:
        pg_trgm over `pool`)."""
        mine = trigrams(word)
        shared = {}
        for gram in mine:
            for number in self.grams.get(gram, ()):
                shared[number] = shared.get(number, 0) + 1
        found = []
        for number, count in shared.items():
            other = self.sorted[number]
            if abs(len(other) - len(word)) > LENGTH_SLACK:
                continue
            if count / (len(mine) + len(trigrams(other)) - count) >= MIN_SIMILARITY:
                found.append(other)
        return found

    def _ranked(self, typed, candidates):
        ranked = []
        for other in set(candidates):
            score = similarity(typed, other)
            if score < MIN_SIMILARITY or abs(len(other) - len(typed)) > LENGTH_SLACK:
                continue
            edits = distance(typed, other)
            ranked.append(Correction(typed, other, edits, score, other in self.phrases))
        # Fewest edits, a word of the content before a phrase of the vocabulary, then most
        # trigrams in common, then the word more documents use.
        ranked.sort(
            key=lambda c: (
                c.edits,
                c.phrase and c.word not in self.counts,
                -round(c.similarity, 4),
                -self.counts.get(c.word, 0),
                c.word,
            )
        )
        return ranked

    def correct(self, typed, candidates):
        """The word searched instead of `typed`, or None: within `allowed_edits`."""
        for found in self._ranked(typed, candidates):
            if found.edits <= allowed_edits(typed):
                return found
            break
        return None

    def suggest(self, typed, candidates):
        """A word to offer when nothing matched ("Did you mean …?"), or None."""
        for found in self._ranked(typed, candidates):
            if found.edits <= max(allowed_edits(typed), 1) or (
                found.similarity >= SUGGEST_SIMILARITY and found.edits <= LENGTH_SLACK
            ):
                return found
        return None
