"""The print packet (/print/): the parts a family needs, in one print-out.

`packet_choice` reads the GET form (every choice is in the URL, so a nurse can bookmark
"the standard packet" for a product) and raises PacketError for anything it does not
know; `packet_estimate` says about how many pages it prints; `packet_contents` gathers
what each chosen part shows from the content search keeps (one query for everything:
journeys/content/search/index.py), published only, in the reader's language.
"""

import math
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from journeys.content.glossary import in_alphabetical_order
from journeys.content.models.content import (
    ChecklistItem,
    GlossaryTerm,
    Guidance,
    Question,
    Stage,
    Step,
    WarningSign,
)
from journeys.content.packet.pages import (
    PAGES,
    SIGN_BOX_LINES,
    SIGN_LINE_CHARS,
    SIGN_PAGE_LINES,
    SPANISH_FACTOR,
)

#: The parts, in the order they print, with their names on the form and the cover.
PARTS = {
    "stages": _("The stages, step by step"),
    "checklist": _("Caregiver checklist"),
    "signs": _("Warning signs and whom to call"),
    "log": _("Blank daily check log"),
    "wallet": _("Wallet card"),
    "questions": _("Questions to ask your care team"),
    "glossary": _("Words used in this packet"),
}
STANDARD = ("stages", "checklist", "signs", "log", "wallet", "questions", "glossary")
PAPERS = {"letter": _("US Letter"), "a4": _("A4")}
LOG_DAYS = 14


class PacketError(ValueError):
    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class Choice:
    parts: tuple
    ahead_only: bool
    paper: str
    language: str
    product_slug: str
    chosen: bool  # False: the visitor has not sent the form yet (the standard packet)


def packet_choice(query, *, language, languages, product_slugs):
    """The packet asked for by `query` (request.GET), or PacketError."""
    unknown = [p for p in query.getlist("part") if p not in PARTS]
    if unknown:
        raise PacketError(
            _("We do not know the part “%(part)s”. The parts are: %(parts)s.")
            % {"part": unknown[0][:40], "parts": ", ".join(PARTS)}
        )
    paper = query.get("paper", "letter")
    if paper not in PAPERS:
        raise PacketError(_("Please choose US Letter or A4 paper."))
    lang = query.get("lang", language)
    if lang not in languages:
        raise PacketError(_("Please choose a language from the list."))
    product = query.get("product", "")
    if product and product not in product_slugs:
        raise PacketError(_("We do not know that product. Please pick from the list."))
    chosen = any(k in query for k in ("part", "paper", "lang", "product", "ahead"))
    parts = tuple(p for p in PARTS if p in query.getlist("part")) if chosen else STANDARD
    if query.get("ahead", "") not in ("", "1"):
        raise PacketError(_("Please tick or untick “only the stages still ahead”."))
    return Choice(parts, query.get("ahead") == "1", paper, lang, product, chosen)


def sign_lines(signs):
    """About how many printed lines the warning signs take, in the words they print in
    (see SIGN_LINE_CHARS in pages.py): each sign's name and a blank line, then its
    symptoms, line by line."""
    lines = 0
    for sign in signs:
        lines += 2
        for line in (sign.symptoms or "").splitlines():
            line = line.strip().lstrip("-*").strip()
            if line:
                lines += math.ceil(len(line) / SIGN_LINE_CHARS)
    return lines


def packet_estimate(choice, *, stage_share=1.0, signs_lines=None):
    """About how many sheets the packet prints: the cover plus each part's measured count.

    `stage_share` is the part of the stages printed (only those still ahead); `signs_lines`
    the warning signs' printed lines (`sign_lines`), which count that part's sheets."""
    pages = PAGES["cover"][choice.paper]
    factor = SPANISH_FACTOR if choice.language == "es" else 1.0
    for part in choice.parts:
        count = PAGES[part][choice.paper]
        if part == "signs" and signs_lines is not None:
            pages += math.ceil((signs_lines + SIGN_BOX_LINES) / SIGN_PAGE_LINES[choice.paper])
            continue
        if part == "stages":
            count *= stage_share
        if part in ("stages", "questions", "glossary"):
            count *= factor
        pages += max(1, math.floor(count + 0.5)) if count else 0
    return pages


@dataclass
class PacketStage:
    stage: Stage
    steps: list
    dos: list
    donts: list
    caregiver_items: list
    questions: list


def packet_contents(*, rows, day_today=None, role=""):
    """Every published stage with what the packet shows of it, plus signs and terms.

    `day_today` (days since the infusion, when the journey has a date) marks which
    stages are still ahead (see _past).
    """
    stages = sorted((r for r in rows if isinstance(r, Stage)), key=lambda s: s.order)
    by_stage = {s.pk: PacketStage(s, [], [], [], [], []) for s in stages}
    children = sorted(
        (r for r in rows if isinstance(r, Step | Guidance | ChecklistItem | Question)),
        key=lambda r: (r.order, r.pk),
    )
    for row in children:
        holder = by_stage.get(row.stage_id)
        if holder is None:
            continue
        row.stage = holder.stage
        if isinstance(row, Step):
            holder.steps.append(row)
        elif isinstance(row, Guidance):
            (holder.dos if row.kind == Guidance.Kind.DO else holder.donts).append(row)
        elif isinstance(row, ChecklistItem):
            if row.who == ChecklistItem.Who.CAREGIVER:
                holder.caregiver_items.append(row)
        else:
            holder.questions.append(row)
    signs = sorted((r for r in rows if isinstance(r, WarningSign)), key=lambda s: (s.order, s.name))
    terms = in_alphabetical_order(r for r in rows if isinstance(r, GlossaryTerm))
    everything = [by_stage[s.pk] for s in stages]
    ahead = everything
    if day_today is not None:
        ahead = [
            p for i, p in enumerate(everything) if not _past(p.stage, stages[i + 1 :], day_today)
        ]
    return {
        "stages": everything,
        "ahead": ahead,
        "emergency_signs": [s for s in signs if s.action == WarningSign.Action.CALL_EMERGENCY],
        "care_team_signs": [s for s in signs if s.action == WarningSign.Action.CALL_CARE_TEAM],
        "terms": terms,
    }


def _past(stage, later, day):
    """Whether `stage` is behind a patient on `day` (days from the infusion).

    A stage with an end day is past the day after it ends; a stage before the infusion
    with no days of its own (evaluation, collection) is past once a later dated stage
    has begun."""
    if stage.ends_day is not None:
        return stage.ends_day < day
    if stage.starts_day is not None:
        return False
    return any(s.starts_day is not None and s.starts_day <= day for s in later)


class TermsLinked:
    """The glossary `terms` the packet's prose linked, in word-list order: `seen` is the
    page's `glossary_seen`, which {% prose %} fills as it links a term's first use. It is
    read when the template reaches it, so the word list goes after the parts it covers
    (it closes the packet), and no text is linked twice to learn which terms it uses."""

    def __init__(self, terms, seen):
        self.terms, self.seen = terms, seen

    def __iter__(self):
        return (term for term in self.terms if term.slug in self.seen)

    def __len__(self):
        return sum(1 for _term in self)
