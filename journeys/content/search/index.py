"""What search looks through: every published item a reader can open, as plain text.

One query reads every kind of item (a UNION ALL, like the stage page's contents) with
each item's translation in the reader's language (journeys/content/translations.py), and
the result is kept per content version, language, product and role (journeys/caching/content.py),
so a search reads nothing more from the database on the SQLite path. Drafts never
enter: the query asks for published rows only, whatever the visitor's staff preview.
"""

import json
import re
from dataclasses import dataclass, field

from django.db.models import BigIntegerField, CharField, F, IntegerField, Q, TextField
from django.urls import reverse
from django.utils.translation import gettext as _

from journeys.caching.statements import Statement, instance
from journeys.content.models.base import Audience
from journeys.content.models.content import (
    ChecklistItem,
    GlossaryTerm,
    Guidance,
    Question,
    Resource,
    Stage,
    Step,
    WarningSign,
)
from journeys.content.text import ANY_PLACEHOLDER_RE
from journeys.content.translations import (
    HTML,
    REVIEWED,
    from_text,
    in_language,
    kept,
    translate_read,
    translation_columns,
)
from journeys.content.union import typed

#: (model, text columns a-e). `order`, `stage_id`, `product_id`, `audience` are read too.
_KINDS = (
    (Stage, ("slug", "name", "summary", "what_happens", "timing")),
    (Step, ("title", "body", None, None, None)),
    (Guidance, ("kind", "text", None, None, None)),
    (ChecklistItem, ("who", "text", None, None, None)),
    (Question, (None, "text", None, None, None)),
    (WarningSign, ("slug", "name", "symptoms", "why", "action")),
    (GlossaryTerm, ("slug", "term", "definition", "abbreviation", "also_matches")),
    (Resource, ("slug", "title", "body", "publisher", None)),
)


def _rows(model, product):
    rows = model.objects.published()  # never a preview: search must not show drafts
    if model is WarningSign:
        if product is None:
            return rows.filter(products__isnull=True)
        return rows.filter(Q(products__isnull=True) | Q(products=product)).distinct()
    if model in (Step, Guidance, ChecklistItem, Question):
        return rows.for_product(product)
    return rows


def _columns_read(model, names, html):
    """The columns of `model` a row of searchable_rows holds, in the model's order."""
    read = {"id", "order", "stage_id", "product_id", "audience", *filter(None, names)}
    if html:
        read.add("rendered")
    return [f.attname for f in model._meta.concrete_fields if f.attname in read]


#: Where a row of _SEARCHABLE holds each column the kinds share, and their text columns.
_SHARED_AT = {"id": 1, "order": 2, "stage_id": 3, "product_id": 4, "audience": 5}
_TEXT_AT = 6
#: The columns read as JSON, and the value of an empty one.
_JSON_EMPTY = {"also_matches": "[]", "rendered": "{}"}


def _plan(model, names, html):
    """How a row of `model`'s kind becomes an instance: its model, the columns it holds
    (`_columns_read`), where each is in the row, and which to decode from JSON."""
    read = _columns_read(model, names, html)
    at = {**_SHARED_AT, **{name: _TEXT_AT + i for i, name in enumerate(names) if name}}
    if html:
        at["rendered"] = _TEXT_AT + 5
    decode = [(i, _JSON_EMPTY[name]) for i, name in enumerate(read) if name in _JSON_EMPTY]
    return model, read, [at[name] for name in read], decode


@kept
def searchable_rows(*, product, html=False, preview=False):
    """Every published item search covers for `product`, in one query, as instances
    holding only the columns read; in another language, each with its published
    translation read in the same query and put on it (translate_read). With
    `html`, each row's stored HTML and its translation's review date too (a print-out's
    {% prose %} reads nothing more); search itself reads words only."""
    found = []
    plans = [_plan(model, names, html) for model, names in _KINDS]
    language, kinds = in_language(Stage)
    if kinds is not None:
        kinds = tuple(in_language(model, language)[1] for model, _names in _KINDS)
    rows = _SEARCHABLE.rows(language, kinds, html, product=getattr(product, "pk", None))
    tail = _TEXT_AT + 5 + html  # where a row's translation columns start
    for row in rows:
        model, read, at, decode = plans[row[0]]
        values = [row[i] for i in at]
        for position, empty in decode:
            values[position] = json.loads(values[position] or empty)
        item = instance(model, values, read)
        if kinds is not None:  # the translation's words, with `html` its HTML and its date
            words, translated_html, reviewed = row[tail:] if html else (row[tail], None, None)
            item.__dict__.update(from_text(words, translated_html, reviewed))
        found.append(item)
    return translate_read(found, language)


@Statement
def _SEARCHABLE(language, kinds, html, *, product):
    """The query of searchable_rows: one SELECT per kind, every column as text or a
    number; with `html`, the stored HTML; in another language than the base one, each
    row's published translation too (`kinds`: the content type ids those subqueries
    hold), its HTML and review date only with `html`."""
    parts = []
    for index, (model, texts) in enumerate(_KINDS):
        columns = {f.attname for f in model._meta.concrete_fields}
        select = {"k": typed(index, IntegerField()), "i": F("pk")}
        for name, output in (
            ("order", IntegerField()),
            ("stage_id", BigIntegerField()),
            ("product_id", BigIntegerField()),
            ("audience", CharField()),
        ):
            select[f"c_{name}"] = typed(F(name) if name in columns else None, output)
        for letter, name in zip("abcde", texts, strict=True):
            select[letter] = typed(F(name) if name else "", TextField())
        if html:
            select["c_rendered"] = typed(F("rendered"), TextField())
        if kinds is not None:
            translated = translation_columns(model, language, as_text=True)
            if not html:  # search shows neither (a subquery less a row: ~0.25 ms in Spanish)
                del translated[HTML], translated[REVIEWED]
            select.update(translated)
        parts.append(_rows(model, product).order_by().annotate(**select).values_list(*select))
    first, *rest = parts
    return first.union(*rest, all=True).order_by()


@dataclass
class Doc:
    """One item as search sees it. `fields` are (text, weight): A names, B symptoms and
    other forms, C the rest."""

    kind: str
    pk: int
    title: str
    where: str
    url: str
    fields: list
    rank_order: tuple
    action: str = ""
    names: tuple = ()  # other whole names it goes by (a glossary term's forms)
    terms: dict = field(default_factory=dict)  # lexeme -> best weight (PostgreSQL: postgres.py)

    @property
    def text(self):
        return " ".join(text for text, weight in self.fields if weight != "A")


#: Kinds in the order they come when scores tie: what to do about a symptom first.
KIND_ORDER = (
    "sign",
    "glossary",
    "step",
    "guidance",
    "checklist",
    "question",
    "stage",
    "product",
    "resource",
)

#: What Markdown marks a reader does not see: a link's address, and the marks themselves.
LINK_RE = re.compile(r"\((?:https?|mailto|tel):[^)]*\)")
MARK_RE = re.compile(r"[*_`#>\[\]]")
LIST_MARK_RE = re.compile(r"(?m)^\s*(?:[-*+]|\d+[.)])\s+")


def plain(text, numbers):
    """Markdown as the words a reader sees: placeholders filled, marks dropped.

    Each pass runs only on a text that can hold what it removes (a `{`, a second line, a
    `(`): most texts are one plain sentence, and a regex scanning for nothing costs more
    than the check (tests/test_search_core.py holds this to one pass of each)."""

    def fill(match):
        value = numbers.get(match[1])
        return "" if value is None else str(value)

    text = text or ""
    if "{" in text:
        text = ANY_PLACEHOLDER_RE.sub(fill, text)
    if "\n" in text:
        text = LIST_MARK_RE.sub("", text)
    elif mark := LIST_MARK_RE.match(text):  # one line: a list mark can only start it
        text = text[mark.end() :]
    if "(" in text:
        text = LINK_RE.sub(" ", text)
    return " ".join(MARK_RE.sub(" ", text).split())


def visible_to(row, role):
    audience = getattr(row, "audience", "") or ""
    if role == Audience.CAREGIVER:
        return audience != Audience.PATIENT
    return audience != Audience.CAREGIVER


def _labels():
    """The words a document's place is told in, in the active language: looked up once a
    build, not once a row."""
    return {
        "step": _("%(stage)s, step %(number)d"),
        "do": _("Do"),
        "dont": _("Don't"),
        "guidance": _("%(stage)s, do's and don'ts"),
        "checklist": _("%(stage)s, checklist"),
        "question": _("%(stage)s, questions to ask"),
        "emergency": _("Get help now: call emergency services"),
        "care_team": _("Get help now: call your care team now"),
        "glossary": _("Word list"),
        "resource": _("Further reading"),
        "stage": _("Your journey"),
        "product": _("Products"),
    }


def _stage_item_doc(row, stage, url, numbers, step_number, labels):
    """A step, do or don't, checklist item or question: where in its stage, and the link
    (`url`: the stage's)."""
    where, order = stage.name, (stage.order, row.order)
    if isinstance(row, Step):
        title = plain(row.title, numbers)
        return Doc(
            "step",
            row.id,
            title,
            labels["step"] % {"stage": where, "number": step_number},
            # Straight to the step, not the top of the stage page above it.
            f"{url}?step={step_number}#step-panel",
            [(title, "A"), (plain(row.body, numbers), "C")],
            order,
        )
    text = plain(row.text, numbers)
    if isinstance(row, Guidance):
        label = labels["do"] if row.kind == Guidance.Kind.DO else labels["dont"]
        where = labels["guidance"] % {"stage": where}
        return Doc(
            "guidance",
            row.id,
            f"{label}: {text}",
            where,
            f"{url}#dos-donts-heading",
            [(text, "B")],
            order,
        )
    if isinstance(row, ChecklistItem):
        where = labels["checklist"] % {"stage": where}
        return Doc(
            "checklist", row.id, text, where, f"{url}#checklist-heading", [(text, "B")], order
        )
    where = labels["question"] % {"stage": where}
    return Doc("question", row.id, text, where, f"{url}#questions-heading", [(text, "B")], order)


_SLUG = "__slug__"


def _url_maker(name):
    """`reverse(name, args=[slug])` for every slug with one reverse(): a slug (letters,
    digits, - and _) is the same in a URL."""
    head, _mark, tail = reverse(name, args=[_SLUG]).rpartition(_SLUG)
    return lambda slug: f"{head}{slug}{tail}"


def _url_makers():
    """Each kind's link from its slug, the models' own links (tests/test_search_core.py)
    with one reverse() a kind."""
    urgent = reverse("journeys:urgent")
    return {
        Stage: _url_maker("journeys:stage_detail"),
        WarningSign: lambda slug: f"{urgent}#{slug}",
        GlossaryTerm: _url_maker("journeys:glossary_detail"),
        Resource: _url_maker("journeys:resource_detail"),
        "product": _url_maker("journeys:product_detail"),
    }


def _item_doc(row, url, numbers, labels):
    """A warning sign, glossary term or further-reading document."""
    if isinstance(row, WarningSign):
        if row.action == WarningSign.Action.CALL_EMERGENCY:
            where = labels["emergency"]
        else:
            where = labels["care_team"]
        fields = [
            (row.name, "A"),
            (plain(row.symptoms, numbers), "B"),
            (plain(row.why, numbers), "C"),
        ]
        return Doc(
            "sign",
            row.id,
            row.name,
            where,
            url,
            fields,
            (row.order,),
            action=row.action,
        )
    if isinstance(row, GlossaryTerm):
        names = (row.abbreviation or "", *(row.also_matches or []))
        fields = [(" ".join([row.term, *names]), "A"), (plain(row.definition, numbers), "C")]
        return Doc(
            "glossary",
            row.id,
            row.term,
            labels["glossary"],
            url,
            fields,
            (0,),
            names=tuple(n for n in names if n),
        )
    fields = [(row.title, "A"), (plain(row.body, numbers)[:4000], "C")]
    return Doc("resource", row.id, row.title, labels["resource"], url, fields, (0,))


def build_docs(*, rows, products, product, role, numbers):
    """The documents for one product and role, in the reader's language (rows by `id`:
    `pk` looks its field up on every use, a thousand times a build)."""
    stages = {r.id: r for r in rows if isinstance(r, Stage)}
    urls = _url_makers()
    labels = _labels()
    stage_urls = {pk: urls[Stage](stage.slug) for pk, stage in stages.items()}
    docs = []
    step_numbers = {}
    by_kind = sorted(
        (r for r in rows if not isinstance(r, Stage)),
        key=lambda r: (type(r).__name__, getattr(r, "order", 0) or 0, r.id),
    )
    for stage in stages.values():
        docs.append(
            Doc(
                "stage",
                stage.id,
                stage.name,
                labels["stage"],
                stage_urls[stage.id],
                [
                    (stage.name, "A"),
                    (plain(stage.summary, numbers), "C"),
                    (plain(stage.what_happens, numbers), "C"),
                    (plain(stage.timing, numbers), "C"),
                ],
                (stage.order,),
            )
        )
    for row in by_kind:
        if isinstance(row, Step | Guidance | ChecklistItem | Question):
            stage = stages.get(row.stage_id)
            if stage is None or not visible_to(row, role):
                continue
            number = 0
            if isinstance(row, Step):
                number = step_numbers[stage.id] = step_numbers.get(stage.id, 0) + 1
            docs.append(_stage_item_doc(row, stage, stage_urls[stage.id], numbers, number, labels))
        else:
            docs.append(_item_doc(row, urls[type(row)](row.slug), numbers, labels))
    for item in products:
        name = f"{item.brand_name} ({item.generic_name})"
        docs.append(
            Doc(
                "product",
                item.id,
                name,
                labels["product"],
                urls["product"](item.slug),
                [
                    (f"{item.brand_name} {item.generic_name}", "A"),
                    (f"{item.target_antigen} {item.manufacturer}", "B"),
                    (plain(item.summary, numbers), "C"),
                    (plain(item.how_given, numbers), "C"),
                    (plain(item.boxed_warning, numbers), "C"),
                ],
                (0,),
            )
        )
    return docs
