from html import escape as html_escape

from django import template
from django.utils.functional import Promise
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext, ngettext

from journeys.caching.pages import kept_fragment, page_path, sitewide_fragment
from journeys.content import dates, durations
from journeys.content.numbers import effective_numbers, number_origin
from journeys.content.text import fill_html
from journeys.models import Product

register = template.Library()


def escaped(value):
    """`value` as `{{ value }}` writes it, unlocalized: django's conditional_escape (a safe
    string as it is, anything else through html.escape) without its lazy-string wrapper,
    for tags that write hundreds of values a page (the log's days, the timeline picture)."""
    if isinstance(value, Promise):
        value = str(value)
    if hasattr(value, "__html__"):
        return value.__html__()
    return html_escape(str(value))


def _numbers(context, obj):
    """The numbers for `obj`: its own product's when it belongs to one (a product's
    summary on the list of products, an indication), else the page's product's."""
    product = obj if isinstance(obj, Product) else None
    product_id = product.pk if product else getattr(obj, "product_id", None)
    page_product = context.get("product")
    if product_id is None or (page_product is not None and page_product.pk == product_id):
        return context.get("numbers")
    known = context.render_context.setdefault("numbers_by_product", {})
    if product_id not in known:
        listed = {p.pk: p for p in context.get("products") or ()}  # every product, read once
        product = product or listed.get(product_id) or obj.product
        known[product_id] = effective_numbers(
            center=context["request"].care_center, product=product
        )
    return known[product_id]


def _filled(context, obj, field, line):
    """The one way prose reaches a page: stored (or rendered) HTML, then filled."""
    if field not in type(obj).filled_fields():
        raise template.TemplateSyntaxError(f"{type(obj).__name__}.{field} is not a filled field")
    return fill_html(obj.html(field, line=line), _numbers(context, obj))


@register.simple_tag(takes_context=True)
def prose(context, obj, field, link_terms=True):
    """A content field as safe block HTML: placeholders filled, glossary terms linked."""
    html = mark_safe(_filled(context, obj, field, line=False))  # noqa: S308 - cleaned by nh3
    linker = context.get("glossary")
    if link_terms and linker is not None and not getattr(obj, "untranslated", None):
        html = linker.link(html, context.get("glossary_seen"))
    if getattr(obj, "untranslated", None):
        note = gettext("This part is not translated yet, so it is shown in English.")
        return format_html('<div lang="en">{}</div><p class="untranslated">{}</p>', html, note)
    return html


@register.simple_tag(takes_context=True)
def line(context, obj, field):
    """A content field as one line of safe HTML (no paragraphs), placeholders filled."""
    html = mark_safe(_filled(context, obj, field, line=True))  # noqa: S308 - cleaned by nh3
    if getattr(obj, "untranslated", None):
        note = gettext("(in English: not translated yet)")
        return format_html(
            '<span lang="en">{}</span> <span class="untranslated">{}</span>', html, note
        )
    return html


@register.filter
def tel(number):
    """A phone number as a tel: URI (digits and a leading + only)."""
    number = str(number or "")
    return "".join(ch for ch in number if ch.isdigit() or ch == "+")


def phone_lines_html(center, *, links=False, strong=False):
    """The care team's lines as the center describes them (CareCenter.phone_lines):
    "Daytime: … · After hours: …"; `links` makes tel: links, `strong` bolds the numbers.
    Built here (it is in every page's footer and under each log entry that says to call)."""
    parts = []
    for line in getattr(center, "phone_lines", None) or ():
        number = escaped(line.number)
        if strong:
            number = f"<strong>{number}</strong>"
        if links:
            number = f'<a href="tel:{escaped(tel(line.number))}">{number}</a>'
        parts.append(f'<span class="phone-line">{escaped(line.label)}: {number}</span>')
    return mark_safe(" · ".join(parts))  # noqa: S308 - every value escaped above


@register.simple_tag
def phone_lines(center, links=False, strong=False):
    return phone_lines_html(center, links=links, strong=strong)


#: The speaker icon of the "Listen" button (a constant: no inline style, CSP).
_LISTEN_ICON = (
    '<svg class="listen-icon" aria-hidden="true" focusable="false" width="20" height="20" '
    'viewBox="0 0 20 20"><path d="M2 7h4l5-4v14l-5-4H2z" fill="currentColor"/>'
    '<path d="M14 6.5a5 5 0 0 1 0 7M16.5 4a8.5 8.5 0 0 1 0 12" fill="none" '
    'stroke="currentColor" stroke-width="2" stroke-linecap="round"/></svg>'
)


def listen_html(name="", page=False):
    """The "Listen" button (see _listen.html): `page` says "Listen to this page"; `name`
    tells a screen reader which part, where a page has several."""
    which = f'<span class="visually-hidden"> — {escaped(name)}</span>' if name else ""
    idle = gettext("Listen to this page") if page else gettext("Listen")
    return mark_safe(  # noqa: S308 - every value escaped, the rest constants
        '<div class="listen" data-listen hidden>\n'
        f'  <button type="button" class="listen-play" data-listen-play>{_LISTEN_ICON}'
        f'<span data-when="idle">{idle}</span>'
        f'<span data-when="playing" hidden>{gettext("Pause")}</span>'
        f'<span data-when="paused" hidden>{gettext("Resume")}</span>'
        f"{which}</button>\n"
        '  <button type="button" class="listen-stop" data-listen-stop hidden>'
        f"{gettext('Stop')}{which}</button>\n"
        "</div>"
    )


@register.simple_tag
def listen(name="", page=False):
    return listen_html(name, page)


#: How a product page states each day count: (known, unknown).
_DAY_RULES = {
    "daily_monitoring_days": (
        lambda n: ngettext(
            "At least %(n)d day after the infusion.", "At least %(n)d days after the infusion.", n
        ),
        lambda: gettext("Your care team will tell you how many days."),
    ),
    "stay_near_days": (
        lambda n: ngettext(
            "At least %(n)d day after the infusion.", "At least %(n)d days after the infusion.", n
        ),
        lambda: gettext("Your care team will tell you how long."),
    ),
    "caregiver_days": (
        lambda n: ngettext(
            "At least %(n)d day after the infusion.", "At least %(n)d days after the infusion.", n
        ),
        lambda: gettext("Your care team will tell you how long."),
    ),
    "no_driving_days": (
        lambda n: ngettext(
            "For at least %(n)d day after the infusion.",
            "For at least %(n)d days after the infusion.",
            n,
        ),
        lambda: gettext("Your care team will tell you how long."),
    ),
}


@register.simple_tag(takes_context=True)
def day_rule(context, product, numbers, name):
    """A product's day count in words, saying whose rule it is: the label's, the center's
    (when the label sets none, or a shorter one), or that the care team will tell you."""
    center = context["request"].care_center
    known, unknown = _DAY_RULES[name]
    origin = number_origin(center=center, product=product, name=name)
    value = numbers.get(name)
    if origin == "unknown" or value is None:
        return unknown()
    words = known(value) % {"n": value}
    if origin == "center":
        if getattr(product, name, None) is None:
            words += " " + gettext("This is your center's rule. The label does not set one.")
        else:
            words += " " + gettext("This is your center's rule. It is longer than the label's.")
    return words


@register.simple_tag
def how_long(low, high=None, open_ended=False):
    """A span of days in the unit people use (journeys.content.durations.how_long)."""
    return durations.how_long(low, high, open_ended=open_ended)


@register.filter
def day_label(day):
    """A date as a timeline shows it ("Mon, Dec 7, 2026", in the reader's language). Not
    cached: the dates are a patient's own, and nothing of a journey stays in a process."""
    return dates.local_date(day, "day_short_year")


@register.filter(name="local_date")
def local_date_filter(value, name="long"):
    """A date in the reader's language and word order (journeys/content/dates.py)."""
    return dates.local_date(value, name)


@register.simple_tag
def milestones(timeline):
    """The rows of a dated timeline (built here, not from ~25 template nodes a row: it is on
    every view of a patient's own timeline, which is never cached). The words every row may
    say are translated once, each date is written once however many rows show it, and the
    rows are written as format_html would write them (every value escaped), without it."""
    now = f' <span class="now-tag">{escaped(gettext("(now)"))}</span>'
    over = f' <span class="visually-hidden">{escaped(gettext("(over)"))}</span>'
    write = dates.date_writer("day_short_year")  # as day_label writes a date
    labels = {}  # this call's own: a date written once for the rows that show it

    def when(day):
        if day not in labels:
            labels[day] = (
                f'<time datetime="{escaped(day.isoformat())}">{escaped(write(day))}</time>'
            )
        return labels[day]

    rows = []
    for m in timeline:
        when_html = when(m.start) + (" – " + when(m.end) if m.end else "")
        tag = now if m.state == "now" else over if m.state == "past" else ""
        note = f'<span class="note">{escaped(m.note)}</span>' if m.note else ""
        state = escaped(f" {m.state}") if m.state else ""
        rows.append(
            f'\n    <li class="milestone milestone-{escaped(m.key)}{state}">\n'
            f'      <span class="when">{when_html}</span>\n'
            f'      <span class="what">{escaped(m.title)}{tag}</span>\n      {note}\n    </li>'
        )
    return mark_safe("".join(rows))  # noqa: S308 - every value escaped above


@register.filter(name="abs")
def absolute(number):
    return abs(number)


class KeptNode(template.Node):
    """`{% kept %}…{% endkept %}`: a block's HTML cached like content (journeys/caching/).

    The tag takes no key: the key is derived (`caching.pages.kept_fragment`) from the
    page's closed set (view, path, the query the view reads, htmx, product, role,
    language, content version), this block's place in its template and how often it has
    rendered in the request, so a template cannot leave a key part out. A page showing
    anything of the visitor's own, or a view outside the page cache, renders it afresh.

    `{% kept sitewide %}`: a block that shows nothing of the page's path, query or items
    nor of the visitor's own (the site header's menu, the footer's notice), kept on every
    page, personal ones too, by the same set without the path (`pages.sitewide_fragment`).
    """

    def __init__(self, nodelist, block, sitewide=False):
        self.nodelist = nodelist
        self.block = block
        self.keep = sitewide_fragment if sitewide else kept_fragment

    def render(self, context):
        html = self.keep(context.get("request"), self.block, lambda: self.nodelist.render(context))
        return mark_safe(html)  # noqa: S308 - the template's own output


@register.tag
def kept(parser, token):
    bits = token.split_contents()[1:]
    if bits not in ([], ["sitewide"]):
        raise template.TemplateSyntaxError(
            "{% kept %} takes no arguments but `sitewide`: its key is derived from the page "
            "(journeys/caching/)"
        )
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    name = parser.origin.template_name if parser.origin else "?"
    place = f"{name}@{token.position[0] if token.position else token.lineno}"
    return KeptNode(nodelist, place, sitewide=bool(bits))


#: Each language named in its own words, for the switch (never translated).
LANGUAGE_NAMES = {"en": "English", "es": "Español"}


@register.simple_tag(takes_context=True)
def language_versions(context):
    """This page in every language: [(code, own name, URL, is current)], for the switch
    and the hreflang alternates. Share links, dates and ticks are the same in each."""
    from django.conf import settings

    request = context.get("request")
    if request is None or request.resolver_match is None:
        return []
    here = page_path(request)
    current = get_language()
    return [
        (code, LANGUAGE_NAMES.get(code, code), _translated(request, here, code), code == current)
        for code, _name in settings.LANGUAGES
    ]


def _translated(request, here, code):
    """`translate_url(here, code)` from the match the request already has, rather than
    resolving its path again (twice a page); `here` as it is when it has no name."""
    from django.urls import NoReverseMatch, reverse
    from django.utils.translation import override

    match = request.resolver_match
    if match.url_name is None:
        return here
    name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
    with override(code):
        try:
            path = reverse(name, args=match.args, kwargs=match.kwargs)
        except NoReverseMatch:
            return here
    query = here.partition("?")[2]
    return f"{path}?{query}" if query else path


@register.filter
def language_choice(url, code):
    """The switch's link: the page in `code`, marked as the reader's choice, which the
    language middleware remembers (and takes off the address again)."""
    from journeys.middleware import CHOSEN_LANGUAGE

    return f"{url}{'&' if '?' in url else '?'}{CHOSEN_LANGUAGE}={code}"


@register.simple_tag
def product_options(products, product):
    """The product switch's options after "Not sure yet" (one tag, not ~6 nodes a product)."""
    chosen = getattr(product, "pk", None) if product else None
    return mark_safe(  # noqa: S308 - every value escaped
        "".join(
            f'<option value="{escaped(p.slug)}"{" selected" if chosen == p.pk else ""}>'
            f"{escaped(p.brand_name)} ({escaped(p.generic_name)})</option>"
            for p in products or ()
        )
    )


@register.simple_tag(takes_context=True)
def this_page(context):
    """This page's address as its links may carry it (journeys/caching/pages.py)."""
    return page_path(context["request"])


@register.simple_tag
def chemo_days(product):
    """A product's chemotherapy days, per use where its label differs (schedules.py)."""
    from journeys.content import schedules

    uses = schedules.per_use_chemo(product)
    if not uses or all(chemo is None for _label, chemo, _n in uses):
        return gettext("Your care team will tell you the days of your chemotherapy.")
    parts = []
    for label, chemo, numbering in uses:
        if chemo is None:
            text = gettext("your care team will tell you")
        else:
            text = schedules.chemo_days_text(chemo, numbering)
            if not chemo.exact:
                text = gettext("%(days)s (your care team sets the exact days)") % {"days": text}
        parts.append((label, text))
    if len(parts) == 1:
        return schedules._capital(parts[0][1]) + "."
    return schedules.grouped(parts)


def _language_note(code):
    names = {"en": gettext("(in English)"), "es": gettext("(in Spanish)")}
    return names.get(code, f"({code})")


@register.simple_tag
def cited_link(item, url=None):
    """A cited document's (or further reading's) title as a link, with its publisher,
    marked with the language it is written in when that is not the page's: `lang` for
    screen readers and "(en inglés)" for everyone, so a Spanish reader knows before
    opening it."""
    page = (get_language() or "en").split("-")[0]
    written_in = getattr(item, "translated", None) or getattr(item, "language", None) or "en"
    href = url if url is not None else item.url
    publisher = getattr(item, "publisher", "")
    if written_in == page:
        link = format_html('<a href="{}" rel="noopener noreferrer">{}</a>', href, item.title)
        return format_html("{} — {}", link, publisher) if publisher else link
    link = format_html(
        '<a href="{}" rel="noopener noreferrer" hreflang="{}">{}</a>', href, written_in, item.title
    )
    if publisher:
        link = format_html("{} — {}", link, publisher)
    return format_html('<span lang="{}">{}</span> {}', written_in, link, _language_note(written_in))
