"""Finding glossary terms in rendered prose and turning them into links.

Each term becomes a link to its glossary entry (which works without JavaScript);
htmx attributes on the link fetch the same URL as a fragment and show the
definition in place.
"""

import hashlib
import re
import unicodedata

from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

from journeys.caching.content import lasting

TAG_RE = re.compile(r"(<[^>]+>)")


def trie_pattern(forms):
    """A regular expression matching any of `forms` (lowercase), the longest first.

    The forms share their prefixes ("car t", "car t cell"), so at each place in a text the
    expression reads on only while some form still could match: its cost follows the
    length of the text, where a plain alternation of every form ("a|b|c...", as before)
    tried each form at each place and so grew with the size of the glossary. A longer form
    is tried before its prefix (a greedy `?`), as the alternation sorted by length did."""
    trie = {}
    for form in forms:
        node = trie
        for char in form:
            node = node.setdefault(char, {})
        node[""] = None  # a form ends here
    return _branch(trie)


def _branch(node):
    chain = []  # letters with no choice and no form ending between them: no group needed
    while len(node) == 1 and "" not in node:
        ((char, node),) = node.items()
        chain.append(char)
    if chain:
        return re.escape("".join(chain)) + _branch(node)
    branches = [re.escape(char) + _branch(child) for char, child in node.items() if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node:  # a form ends here, and longer ones go on: try the longer first
        return "(?:" + body + ")?"
    return body


def alphabetical_key(word):
    """Where a word goes in the reader's word list: accents as plain letters ("Aféresis"
    between "Acetaminofén" and "Antihistamínico"), case ignored; ñ after n, as Spanish
    dictionaries put it."""
    text = (word or "").casefold().replace("ñ", "n\uffff")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def in_alphabetical_order(terms):
    """Glossary terms sorted by the words the reader sees (a new list)."""
    return sorted(terms, key=lambda t: alphabetical_key(t.term))


class GlossaryLinker:
    MAX_KEPT = 20_000

    def __init__(self, terms):
        self._linked = {}
        self.slug_for = {}
        self.say_for = {}
        for term in terms:
            if getattr(term, "pronunciation", ""):
                self.say_for[term.slug] = term.pronunciation
            for form in [term.term, term.abbreviation, *(term.also_matches or [])]:
                form = (form or "").strip()
                if len(form) >= 3 or (form.isupper() and len(form) >= 2):
                    self.slug_for.setdefault(form.lower(), term.slug)
        self.pattern = (
            re.compile(r"(?<![\w-])(" + self._trie() + r")(?![\w-])", re.I)
            if self.slug_for
            else None
        )

    def _trie(self):
        """The forms' pattern, made once for these forms (kept across publishes that
        leave the glossary's words alone: most of them)."""
        forms = sorted(self.slug_for)
        digest = hashlib.sha256("\n".join(forms).encode()).hexdigest()
        return lasting(("glossary-trie", digest), lambda: trie_pattern(forms))

    def link(self, html, seen=None):
        """Link the first use of each term in `html` (outside links); `seen` spans calls.

        The same words, with the same terms already linked, in the same language, always
        give the same result, so results are kept (a linker lives as long as the content
        version: selectors.glossary_linker).
        """
        if self.pattern is None:
            return html
        seen = set() if seen is None else seen
        key = (str(html), frozenset(seen), get_language())
        if key not in self._linked:
            before = set(seen)
            linked = self._link(html, seen)
            if len(self._linked) >= self.MAX_KEPT:
                self._linked.clear()
            self._linked[key] = (linked, frozenset(seen - before))
        linked, added = self._linked[key]
        seen.update(added)
        return linked

    def _link(self, html, seen):
        parts = TAG_RE.split(str(html))
        inside_link = 0
        for i, part in enumerate(parts):
            if part.startswith("<"):
                lowered = part.lower()
                if lowered.startswith("<a ") or lowered == "<a>":
                    inside_link += 1
                elif lowered.startswith("</a"):
                    inside_link = max(0, inside_link - 1)
                continue
            if inside_link or not part.strip():
                continue
            parts[i] = self.pattern.sub(lambda m: self._replace(m, seen), part)
        return mark_safe("".join(parts))

    def _replace(self, match, seen):
        text = match.group(0)
        slug = self.slug_for.get(text.lower())
        if slug is None or slug in seen:
            return text
        seen.add(slug)
        url = reverse("journeys:glossary_detail", args=[slug])
        label = escape(gettext("What does this mean?"))
        # "Listen" reads the pronunciation, where the word list gives one, for the word.
        say = f' data-say="{escape(self.say_for[slug])}"' if slug in self.say_for else ""
        return (
            f'<a class="term" href="{url}" hx-get="{url}" hx-target="this" '
            f'hx-swap="afterend" aria-expanded="false" title="{label}"{say}>{text}</a>'
        )
