"""Finding glossary terms in rendered prose and turning them into links.

Each term becomes a link to its glossary entry (which works without JavaScript);
htmx attributes on the link fetch the same URL as a fragment and show the
definition in place.
"""

import re
import unicodedata

from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

TAG_RE = re.compile(r"(<[^>]+>)")


#: A run of word letters and hyphens: a form starts and ends at the edges of one (a term
#: is never linked inside a longer word: "CRS" in "CRSX" or "CRS-like").
RUN_RE = re.compile(r"[\w-]+")
WORD_CHAR_RE = re.compile(r"[\w-]")


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


#: A slug as a term's address holds it unquoted (SlugField: ASCII letters, digits, - and _).
SLUG_RE = re.compile(r"[-a-zA-Z0-9_]+")
_SLUG_MARK = "glossary-slug-here"


class GlossaryLinker:
    def __init__(self, terms):
        # A term's address in the language the linker is built in (it is kept per
        # language), reversed once: a page links ~20 terms.
        self.url_parts = reverse("journeys:glossary_detail", args=[_SLUG_MARK]).rpartition(
            _SLUG_MARK
        )
        slug_for, say_for = {}, {}
        for term in terms:
            slug = term.slug
            if getattr(term, "pronunciation", ""):
                say_for[slug] = term.pronunciation
            for form in (term.term, term.abbreviation, *(term.also_matches or ())):
                if not form:
                    continue
                form = form.strip()
                if len(form) >= 3 or (form.isupper() and len(form) >= 2):
                    slug_for.setdefault(form.lower(), slug)
        # The forms by the text they start with (their first run of letters, or their first
        # character when that is not a letter), the longest first: where a text has that
        # run, the longest form that is there whole, up to the next word's edge, is linked.
        # Building this costs a pass over the forms; matching, a dict lookup per word.
        forms = sorted(slug_for)
        forms.sort(key=len, reverse=True)  # stable: the longest first, then in order
        starts, specials, run_at = {}, set(), RUN_RE.match
        for form in forms:
            run = run_at(form)
            if run:
                key = run.group()
            else:
                key = form[0]
                specials.add(key)
            group = starts.get(key)
            if group is None:
                starts[key] = [form]
            else:
                group.append(form)
        self.slug_for, self.say_for, self.starts = slug_for, say_for, starts
        self.start_re = re.compile(
            "|".join([RUN_RE.pattern, *(re.escape(key) for key in sorted(specials))])
        )

    def link(self, html, seen=None):
        """Link the first use of each term in `html` (outside links); `seen` spans calls.

        Nothing is kept between calls: a page's prose is linked as it renders (cheap: a
        dict lookup per word), and a kept page or fragment keeps the result."""
        if not self.starts:
            return html
        return self._link(html, set() if seen is None else seen)

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
            parts[i] = self._link_text(part, seen)
        return mark_safe("".join(parts))

    def _link_text(self, text, seen):
        """`text` (no tags) with the first use of each term not in `seen` linked."""
        # Where lowering keeps every character one character (nearly always), the runs
        # are read from the lowered text: one lowering per text, not one per word.
        lowered = text.lower()
        lowered = lowered if len(lowered) == len(text) else None
        out, done, starts = [], 0, self.starts
        for found in self.start_re.finditer(lowered or text):
            forms = starts.get(found.group() if lowered else found.group().lower())
            if not forms:
                continue  # most words start no form
            at = found.start()
            if at < done or (at and WORD_CHAR_RE.match(text, at - 1)):
                continue  # inside the form just linked, or not at a word's edge
            for form in forms:
                end = at + len(form)
                if text[at:end].lower() == form and not WORD_CHAR_RE.match(text, end):
                    out += [text[done:at], self._replace(text[at:end], self.slug_for[form], seen)]
                    done = end
                    break
        return "".join(out) + text[done:] if out else text

    def _replace(self, text, slug, seen):
        if slug in seen:
            return text
        seen.add(slug)
        parts = getattr(self, "url_parts", None)  # a linker kept before it had them: none
        if parts and SLUG_RE.fullmatch(slug):
            url = f"{parts[0]}{slug}{parts[2]}"
        else:
            url = reverse("journeys:glossary_detail", args=[slug])
        label = escape(gettext("What does this mean?"))
        # "Listen" reads the pronunciation, where the word list gives one, for the word.
        say = f' data-say="{escape(self.say_for[slug])}"' if slug in self.say_for else ""
        return (
            f'<a class="term" href="{url}" hx-get="{url}" hx-target="this" '
            f'hx-swap="afterend" aria-expanded="false" title="{label}"{say}>{text}</a>'
        )
