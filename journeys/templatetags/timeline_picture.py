"""The timeline picture (`{% timeline_picture %}`), drawn from `content.timeline_picture`.

Built here rather than by the template: on a patient's own timeline (never cached) its
bands, windows and visits were rendered three times over by ~150 template nodes (the
wide SVG, the tall SVG and the words), the costliest part of the page. The output is
the HTML `_timeline_picture.html` wrote, node for node: every x and width a percentage
from data written as Python writes a number (the template's `{% localize off %}`),
every word through gettext with the template's own msgids. As in a template, every
value is escaped and a translation of a fixed msgid is not (the .po files are the
project's own, as `{% translate "…" %}` trusts them). No inline style: the classes carry
the look (CSP).
"""

from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from journeys.content.durations import how_long
from journeys.templatetags.journeys import escaped as esc

register = template.Library()


def _window_name(key):
    """A window's name (was `_timeline_window_name.html`)."""
    if key == "daily-monitoring":
        return gettext("Daily checks by your care team")
    if key == "stay-near":
        return gettext("Stay near your treatment center")
    if key == "caregiver":
        return gettext("A caregiver stays with you")
    return gettext("No driving")


def _said(msgid, **values):
    """A `{% blocktranslate %}`: the translation as it is, each value escaped. Numbers are
    written as the template wrote them (no thousands separator is set)."""
    return gettext(msgid) % {name: esc(value) for name, value in values.items()}


def _day_zero_label(picture):
    if picture.numbering:
        return _said("Day %(n)s", n=picture.numbering)
    return gettext("Day 0")


def _caption(picture, stage_list_link):
    parts = [gettext("The journey as a picture"), " · "]
    if stage_list_link:
        parts += [
            '<a href="',
            esc(reverse("journeys:journey")),
            '">',
            gettext("the numbers are the stages, in order"),
            "</a>",
        ]
    else:
        parts.append(gettext("the numbers are the stages listed below"))
    if picture.today:
        parts += [" · <strong>", gettext("the black line is today"), "</strong>"]
    return "".join(parts)


def _wide(picture, read, names, lengths, day_zero):
    out = [
        '  <svg class="tl-svg tl-wide" width="100%" height="184" aria-hidden="true" '
        'focusable="false">\n    '
    ]
    for n, b in enumerate(picture.bands):
        out.append(
            f'<rect class="tl-band tl-band-{"ab"[n % 2]}{_is_read(b.stage, read)}" '
            f'x="{b.x}%" y="20" width="{b.width}%" height="34"/>\n'
            f'    <text class="tl-num" x="{b.middle}%" y="43" text-anchor="middle">'
            f"{b.number}</text>"
        )
    zero = picture.day_zero
    out.append(
        f'\n    <line class="tl-zero" x1="{zero}%" x2="{zero}%" y1="16" y2="150"/>\n'
        f'    <text class="tl-label" x="{zero}%" y="12" text-anchor="middle">'
        f"{day_zero}</text>\n    "
    )
    for n, w in enumerate(picture.windows):
        out.append(
            f'<rect class="tl-win tl-win-{esc(w.key)}" x="{w.x}%" y="{62 + n * 20}" '
            f'width="{w.width}%" height="12"/>\n'
            f'    <text class="tl-label" x="{w.end}%" dx="6" y="{72 + n * 20}">'
            f"{names[n]} · "
        )
        if w.days:
            out.append(_said("at least %(length)s", length=lengths[n]))
        else:
            out.append(gettext("ask your care team"))
        if w.note:
            out.append(f' · <tspan class="by-product">{esc(w.note)}</tspan>')
        out.append("</text>")
    out.append("\n    ")
    for v in picture.visits:
        out.append(
            f'<circle class="tl-visit" cx="{v.x}%" cy="156" r="5"/>\n'
            f'    <text class="tl-small" x="{v.x}%" y="178" text-anchor="middle">{v.day}</text>'
        )
    out.append("\n    ")
    if picture.today:
        x = picture.today.x
        out.append(f'<line class="tl-today" x1="{x}%" x2="{x}%" y1="14" y2="164"/>')
    out.append("\n  </svg>\n")
    return "".join(out)


def _tall(picture, read, day_zero):
    out = [
        '  <svg class="tl-svg tl-tall" width="100%" height="440" aria-hidden="true" '
        'focusable="false">\n    '
    ]
    for n, b in enumerate(picture.bands):
        out.append(
            f'<rect class="tl-band tl-band-{"ab"[n % 2]}{_is_read(b.stage, read)}" '
            f'x="0" y="{b.x}%" width="40" height="{b.width}%"/>\n'
            f'    <text class="tl-num" x="20" y="{b.middle}%" dy="5" text-anchor="middle">'
            f"{b.number}</text>"
        )
    out.append("\n    ")
    for n, w in enumerate(picture.windows):
        out.append(
            f'<rect class="tl-win tl-win-{esc(w.key)}" x="{50 + n * 14}" y="{w.x}%" '
            f'width="10" height="{w.width}%"/>'
        )
    zero = picture.day_zero
    out.append(
        f'\n    <line class="tl-zero" y1="{zero}%" y2="{zero}%" x1="0" x2="112"/>\n'
        f'    <text class="tl-label" x="116" y="{zero}%" dy="5">'
        f"{day_zero}</text>\n    "
    )
    for v in picture.visits:
        out.append(
            f'<circle class="tl-visit" cx="108" cy="{v.x}%" r="5"/>\n'
            f'    <text class="tl-small" x="118" y="{v.x}%" dy="4">'
            f"{_said('visit, day %(day)s', day=v.day)}</text>"
        )
    out.append("\n    ")
    if picture.today:
        x = picture.today.x
        out.append(
            f'<line class="tl-today" y1="{x}%" y2="{x}%" x1="0" x2="112"/>\n'
            f'    <text class="tl-label tl-today-label" x="118" y="{x}%" dy="5">'
            f"{gettext('Today')}</text>"
        )
    out.append("\n  </svg>\n")
    return "".join(out)


def _legend(picture, names):
    out = ['  <ul class="tl-legend" aria-hidden="true">\n    ']
    for w, name in zip(picture.windows, names, strict=True):
        out.append(
            '<li><svg width="28" height="12" focusable="false">'
            f'<rect class="tl-win tl-win-{esc(w.key)}" x="0" y="0" width="28" height="12"/>'
            f"</svg> {name}</li>"
        )
    out.append("\n    ")
    if picture.visits:
        out.append(
            '<li><svg width="28" height="12" focusable="false">'
            '<circle class="tl-visit" cx="14" cy="6" r="5"/></svg> '
            f"{gettext('Follow-up visit')}</li>"
        )
    out.append("\n  </ul>\n")
    return "".join(out)


def _stage_words(s, read, split_dose):
    """One stage of the picture in words (an <li> of the list)."""
    days_text = getattr(s, "days_text", "")
    length_text = getattr(s, "length_text", "")
    out = ["<li>", esc(s.name), ": "]
    if days_text or length_text:
        out.append(esc(length_text))
        if days_text:
            out += [" ", esc(days_text)]
        note = getattr(s, "note", None)
        if note:
            out += [' <span class="by-product">', esc(note), "</span>"]
    elif s.starts_day is None:
        length = how_long(s.duration_min_days, s.duration_max_days)
        out.append(_said("usually %(length)s, before the chemotherapy", length=length))
    elif s.ends_day is None:
        out.append(_said("from day %(day)s on", day=s.starts_day))
    elif s.starts_day == s.ends_day:
        out.append(_said("day %(day)s", day=s.starts_day))
    else:
        out.append(_said("day %(start)s to day %(end)s", start=s.starts_day, end=s.ends_day))
    if s.slug in read:
        out += [" (", gettext("read"), ")"]
    if not days_text and not length_text:
        out.append(".")
    if split_dose and (s.slug == "infusion" or s.starts_day == 0):
        out += [" ", esc(split_dose)]
    out.append("</li>")
    return "".join(out)


def _words(picture, read, names, lengths, split_dose):
    out = [
        '  <div class="visually-hidden" id="tl-words">\n    <p>',
        gettext("The picture in words:"),
        "</p>\n    <ol>",
        *(_stage_words(b.stage, read, split_dose) for b in picture.bands),
        "</ol>\n    <ul>",
    ]
    for w, name, length in zip(picture.windows, names, lengths, strict=True):
        out += ["<li>", name, ": "]
        if w.days:
            out += [_said("at least %(length)s after the infusion", length=length), "."]
            if w.note:
                out += [' <span class="by-product">', esc(w.note), "</span>"]
        else:
            out.append(gettext("your care team will tell you how long."))
        out.append("</li>")
    out.append("\n    ")
    for v in picture.visits:
        out += ["<li>", _said("Follow-up visit: about day %(day)s.", day=v.day), "</li>"]
    out.append("\n    ")
    if picture.today:
        out += ["<li>", _said("Today is day %(day)s.", day=picture.today.day), "</li>"]
    out.append("</ul>\n  </div>\n")
    return "".join(out)


def _is_read(stage, read):
    return " is-read" if stage.slug in read else ""


def _split_dose(numbers):
    if not numbers:
        return None
    try:
        return numbers["split_dose"]
    except (KeyError, TypeError):
        return getattr(numbers, "split_dose", None)


def picture_html(picture, *, read=(), numbers=None, stage_list_link=False):
    """The whole <figure>: caption, wide and tall SVG, legend and the words."""
    read = read or ()
    names = [_window_name(w.key) for w in picture.windows]
    lengths = [how_long(w.days) if w.days else "" for w in picture.windows]
    day_zero = _day_zero_label(picture)
    return mark_safe(  # noqa: S308 - every value escaped above, the rest constants
        '<figure class="tl-picture" aria-labelledby="tl-caption">\n'
        f'  <figcaption id="tl-caption" class="tl-caption">{_caption(picture, stage_list_link)}'
        "</figcaption>\n\n"
        f"{_wide(picture, read, names, lengths, day_zero)}{_tall(picture, read, day_zero)}\n"
        f"{_legend(picture, names)}"
        f"{_words(picture, read, names, lengths, _split_dose(numbers))}"
        "</figure>"
    )


@register.simple_tag(takes_context=True)
def timeline_picture(context, stage_list_link=False):
    """The page's `picture`, the stages this device read marked (`progress`)."""
    progress = context.get("progress")
    return picture_html(
        context.get("picture"),
        read=getattr(progress, "read", None) or (),
        numbers=context.get("numbers"),
        stage_list_link=stage_list_link,
    )
