"""Ranking: which documents answer a query, best first (their snippets: snippets.py).

Each document's words are kept as stems with the weight of the best field they occur in
(A names, B symptoms and other forms, C the rest). On SQLite the stems are ours
(words.py); on PostgreSQL they are the lexemes of PostgreSQL's full-text search in the
language's configuration (postgres.py). The ranking below is the same on both.
"""

import bisect
import re
from collections import Counter
from dataclasses import dataclass

from journeys.content.search import words as w
from journeys.content.search.fuzzy import Lexicon
from journeys.content.search.index import KIND_ORDER
from journeys.content.search.vocabulary import one_word_phrases

WEIGHTS = {"A": 1.0, "B": 0.7, "C": 0.35, "D": 0.35}
#: A warning sign whose name or symptoms match comes before everything else.
SIGN_FIRST = 100.0
MAX_RESULTS = 20


def name_keys(doc, language, stemmed):
    """A document's whole names as stem sequences: the exact-name bonus's definition,
    which Reading.named follows without building them (`stemmed`: word -> stem)."""
    stop = w.STOPWORDS.get(language, ())
    keys = set()
    for name in (doc.title, *doc.names):
        stems = []
        for word in w.words(name):
            if word in stop:
                continue
            stem = stemmed.get(word)
            if stem is None:
                stem = stemmed[word] = w.stem(word, language)
            stems.append(stem)
        keys.add(" ".join(stems))
    return keys


def read_words(docs):
    """Each document's fields folded, read once: how many documents use each word (the
    lexicon, fuzzy.py), and each document's folded fields, in which Index.match finds the
    words a term starts."""
    counts = Counter()
    texts = []
    for doc in docs:
        # Folded whole: a character folds on its own, and a line's end splits words.
        folded = w.fold("\n".join(text for text, _weight in doc.fields))
        counts.update(set(w.split(folded)))
        fields = folded.split("\n")
        if len(fields) != len(doc.fields):  # a field of more than one line
            fields = [w.fold(text) for text, _weight in doc.fields]
        texts.append(tuple(fields))
    return counts, texts


def _corpus(docs, texts):
    """Every document's folded fields as one text, a line each; where each field starts
    in it, and its (document number, weight)."""
    lines, starts, owners = [], [], []
    at = 0
    for number, (doc, fields) in enumerate(zip(docs, texts, strict=True)):
        for (_text, letter), text in zip(doc.fields, fields, strict=True):
            lines.append(text)
            starts.append(at)
            owners.append((number, WEIGHTS[letter]))
            at += len(text) + 1
    return "\n".join(lines), starts, owners


#: A term as the stems of words are: letters a-z and digits (words.py).
TERM_RE = re.compile(r"[a-z0-9]+")
_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
#: The rest of a word, from where a term was found in it.
_WORD_TAIL = re.compile(r"[a-z0-9]*")


class Index:
    """The documents of one language, product and role, with the lexicon of their words
    for correcting a word typed wrong (fuzzy.py).

    On SQLite (`texts`: each document's fields, folded) the fields are kept as one text,
    a line each, and a term is looked for in it at once: a stem is the start of its word,
    so only the words that start with the term are stemmed; nothing is built per document
    beforehand, and a search reads a few words of the documents it finds. On PostgreSQL
    each document comes with its lexemes (`texts` None: a lexeme need not be the start of
    a word), in an inverted index: stem -> {document number: weight}, and the stems in
    order, so a word's start is a range."""

    def __init__(self, docs, language, counts, *, texts=None):
        self.docs = docs
        self.language = language
        self.lexicon = Lexicon.from_counts(counts, one_word_phrases(language), language)
        self.corpus = None
        if texts is not None:
            self.corpus, self.starts, self.owners = _corpus(docs, texts)
        else:
            postings = {}
            for number, doc in enumerate(docs):
                for stem, letter in doc.terms.items():
                    postings.setdefault(stem, {})[number] = WEIGHTS[letter]
            self.postings = postings
            self.vocabulary = sorted(postings)

    def reading(self):
        """What one search learns as it goes (words stemmed, names' stems): kept by that
        search only, never on this index, which requests share."""
        return Reading(self)

    def match(self, term, reading):
        """{document number: best weight} for `term`: a word whose stem is the term (the
        weight of its field), or 0.8 x that for a stem the term starts.

        Only a term of 4 letters or more counts as a word's start: 3 letters start too
        many words ("LLA" would find every "llame" and put a warning sign first)."""
        if self.corpus is None:
            return self._posted(term)
        if not TERM_RE.fullmatch(term):
            return {}  # no word's stem holds anything else
        stop = w.STOPWORDS.get(self.language, ())
        stemmed, language, start = reading.stemmed, self.language, len(term) >= 4
        starts, owners = self.starts, self.owners
        found = {}
        corpus = self.corpus
        # Found as a string (no expression is built from the visitor's words: Python's
        # own cache of expressions would keep them); a word's start is checked after.
        find, tail = corpus.find, _WORD_TAIL.match
        at = find(term)
        while at != -1:
            if at and corpus[at - 1] in _WORD_CHARS:
                at = find(term, at + 1)
                continue  # within a word
            end = tail(corpus, at + len(term)).end()
            word = corpus[at:end]
            at, begin = find(term, end), at
            if word in stop:
                continue
            stem = stemmed.get(word)
            if stem is None:
                stem = stemmed[word] = w.stem(word, language)
            if stem != term and not (start and stem.startswith(term)):
                continue
            number, weight = owners[bisect.bisect_right(starts, begin) - 1]
            if stem != term:
                weight *= 0.8
            if weight > found.get(number, 0.0):
                found[number] = weight
        return found

    def _posted(self, term):
        found = dict(self.postings.get(term, {}))
        if len(term) >= 4:
            at = bisect.bisect_left(self.vocabulary, term)
            while at < len(self.vocabulary) and self.vocabulary[at].startswith(term):
                stem = self.vocabulary[at]
                at += 1
                if stem == term:
                    continue
                for number, weight in self.postings[stem].items():
                    if weight * 0.8 > found.get(number, 0.0):
                        found[number] = weight * 0.8
        return found


class Reading:
    """One search's reading of an index: the words it stemmed."""

    def __init__(self, index):
        self.index = index
        self.stemmed = {}

    def named(self, number, exact):
        """Whether document `number` is named exactly `exact` (stems, words.terms): one
        of its name_keys. A stem is the start of its word, so a name whose folded text
        lacks one of them is not read; of the others, only a name with as many words
        (stopwords aside) as `exact` has stems is stemmed."""
        doc = self.index.docs[number]
        wanted = exact.split()
        folded = w.fold(" ".join((doc.title, *doc.names)))
        if not all(stem in folded for stem in wanted):
            return False
        language = self.index.language
        stop, stemmed = w.STOPWORDS.get(language, ()), self.stemmed
        for name in (doc.title, *doc.names):
            found = [word for word in w.words(name) if word not in stop]
            if len(found) != len(wanted):
                continue
            stems = []
            for word in found:
                stem = stemmed.get(word)
                if stem is None:
                    stem = stemmed[word] = w.stem(word, language)
                stems.append(stem)
            if stems == wanted:
                return True
        return False


@dataclass
class Result:
    doc: object
    score: float
    snippet: str = ""


#: What a document gains when the visitor typed exactly one of its names ("T cells").
EXACT_NAME = 0.5
#: A word in more than this share of the documents ("stay", "caregiver", "blood") is a
#: common word: found among a sign's symptoms it does not put the sign first.
COMMON_SHARE = 0.07


def rank(index, groups, *, exact=""):
    """Documents matching `groups` (lists of (own terms, extra terms)), best first.

    `exact` is the visitor's words as one stem sequence (words.terms, the same on every
    database): a document named exactly that gains EXACT_NAME (a question to ask the
    care team excepted: it is not the answer).
    """
    total, matched, strong = {}, {}, {}
    reading = index.reading()
    common = max(3, COMMON_SHARE * len(index.docs))
    for own, extra in groups:
        best, lifts = {}, set()
        weighted = [(t, 1.0) for t in own]
        # A synonym counts a little less than the visitor's own word, and the first one
        # listed (vocabulary.yaml) a little more than the next.
        weighted += [(t, 0.9 - 0.02 * i) for i, t in enumerate(extra)]
        terms = {}
        for term, factor in weighted:
            found = index.match(term, reading)
            rare = len(found) <= common
            for number, weight in found.items():
                if weight * factor > best.get(number, 0.0):
                    best[number] = weight * factor
                terms[number] = terms.get(number, 0) + 1
                # A sign lifts for a rarer word among its symptoms, or the visitor's own
                # word in its name ("vomiting"); not for a common word the vocabulary
                # added ("blood" for "labs").
                named = weight == WEIGHTS["A"] and factor == 1.0
                if weight * factor >= WEIGHTS["B"] * 0.8 and (rare or named):
                    lifts.add(number)
        for number in best:
            # Of two alike, the one matching more of what the words mean ("quimio": the
            # entry that also says "linfodepleción").
            best[number] += 0.01 * (terms[number] - 1)
        for number, value in best.items():
            total[number] = total.get(number, 0.0) + value
            matched[number] = matched.get(number, 0) + 1
            strong[number] = strong.get(number, 0) + (number in lifts)
    scored = []
    size = len(groups)
    for number, value in total.items():
        doc = index.docs[number]
        count = matched[number]
        score = value * (count / size) ** 2
        if exact and doc.kind != "question" and reading.named(number, exact):
            score += EXACT_NAME
        # A symptom named in a sign's name or symptoms: what to do comes first. Every
        # word must match (one may miss in a longer question), so "trouble" alone does
        # not lift every sign that mentions trouble above the answer.
        enough = count == size or (size >= 3 and count >= size - 1)
        if doc.kind == "sign" and strong[number] and enough:
            score += SIGN_FIRST
        scored.append(Result(doc, score))
    scored.sort(
        key=lambda r: (-round(r.score, 6), KIND_ORDER.index(r.doc.kind), r.doc.rank_order, r.doc.pk)
    )
    return scored
