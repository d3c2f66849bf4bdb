"""The print packet's long lists, each written by one tag (as the log's days and the search
results are): the packet prints ~300 items, and Django's loops and per-item tags cost more
than the items' own HTML. Each tag writes what the template's loop wrote, character for
character: the items through `{% prose %}` and `{% line %}`'s own functions (so their
placeholders, glossary links and "not translated yet" notes are the same), every value
from content escaped, the interface's own words as `{% translate %}` writes them (a
translation is trusted, not escaped)."""

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from journeys.content.dates import local_date
from journeys.templatetags.journeys import escaped as esc
from journeys.templatetags.journeys import line, prose

register = template.Library()


@register.simple_tag(takes_context=True)
def packet_stages(context, stages):
    """The stages part: each stage's name and summary, its steps, its do's and don'ts."""
    if not stages:
        return mark_safe(f"<p>{_('Every stage is behind you.')}</p>\n  ")  # noqa: S308
    do, dont = _("Do"), _("Don't")
    out = []
    for s in stages:
        stage = s.stage
        summary = ""
        if stage.summary:
            summary = f'<div class="packet-summary">{prose(context, stage, "summary")}</div>'
        steps = "".join(
            f'<div class="packet-step"><h4>{line(context, step, "title")}</h4>'
            f"{prose(context, step, 'body')}</div>"
            for step in s.steps
        )
        dos = ""
        if s.dos or s.donts:
            dos = (
                f'<div class="packet-dos">\n      {_items(context, do, s.dos)}'
                f"\n      {_items(context, dont, s.donts)}\n    </div>"
            )
        out.append(
            f'\n  <div class="packet-stage">\n    <h3>{esc(stage.name)}</h3>\n    {summary}'
            f"\n    {steps}\n    {dos}\n  </div>\n  "
        )
    return mark_safe("".join(out))  # noqa: S308 - every value escaped or written by a tag


def _items(context, heading, rows):
    if not rows:
        return ""
    items = "".join(f"<li>{line(context, row, 'text')}</li>" for row in rows)
    return f"<h4>{heading}</h4><ul>{items}</ul>"


@register.simple_tag(takes_context=True)
def packet_checklist(context, stages):
    """The caregiver checklist part: each stage's caregiver items, a box to tick each."""
    box = '<span class="box" aria-hidden="true">☐</span> '

    def item(row):
        return f'{box}<span class="text">{line(context, row, "text")}</span>'

    return _stage_lists("sheet-stage", ((s.stage, map(item, s.caregiver_items)) for s in stages))


@register.simple_tag(takes_context=True)
def packet_signs(context, signs):
    """A list of warning signs: each one's name and symptoms."""
    return mark_safe(  # noqa: S308 - every value escaped or written by a tag
        "".join(
            f"<li><h4>{esc(sign.name)}</h4>{prose(context, sign, 'symptoms')}</li>"
            for sign in signs
        )
    )


@register.simple_tag(takes_context=True)
def packet_questions(context, stages):
    """The questions part: each stage's questions to ask the care team."""
    return _stage_lists(
        "packet-questions",
        ((s.stage, [line(context, q, "text") for q in s.questions]) for s in stages),
    )


def _stage_lists(css_class, stages):
    """A printed list a stage (`stages`: (stage, each item's HTML)): its name, its items."""
    return mark_safe(  # noqa: S308 - every value escaped or written by a tag
        "".join(
            f'\n  <div class="{css_class}"><h3>{esc(stage.name)}</h3>\n'
            f'    <ul class="print-list">{"".join(f"<li>{item}</li>" for item in items)}</ul>'
            "\n  </div>\n  "
            for stage, items in stages
        )
    )


@register.simple_tag(takes_context=True)
def packet_glossary(context, terms):
    """The word list: the terms the parts above linked (read when the tag renders, after
    them), each with its definition, whose own words are not linked."""
    terms = list(terms)
    if not terms:
        none, why = _("No hard words"), _("The parts you chose use no words from the word list.")
        return mark_safe(f"<div><dt>{none}</dt><dd>{why}</dd></div>")  # noqa: S308
    out = []
    for term in terms:
        name = esc(term.term) + (f" ({esc(term.abbreviation)})" if term.abbreviation else "")
        definition = prose(context, term, "definition", link_terms=False)
        out.append(f'<div class="glossary-entry"><dt>{name}</dt><dd>{definition}</dd></div>\n    ')
    return mark_safe("".join(out))  # noqa: S308 - every value escaped or written by a tag


@register.simple_tag
def packet_log_rows(log_days, checks):
    """The blank log's rows: each day's number (and date, with a journey's dates), a cell
    for each check, the signs and the handwriting."""
    day = _("Day %(n)s")
    cells = "<td></td>" * len(checks) + '<td></td><td class="hw-box"></td></tr>'
    out = []
    for n, date in log_days:
        when = f'<br><span class="date">{esc(local_date(date, "short"))}</span>' if date else ""
        out.append(f'<tr><th scope="row">{day % {"n": esc(n)}}{when}</th>{cells}')
    return mark_safe("".join(out))  # noqa: S308 - every value escaped
