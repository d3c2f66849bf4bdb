"""The open day of the daily log, built in Python (issue 26): its entries, its entry form
and its handwriting check.

The log page is a patient's own and is never cached, so it is rendered on every view;
these parts were ~250 template nodes a page. Each function writes the HTML the template
wrote, byte for byte (the templates that included them now call them). As in a template,
every value is escaped and a translation of a fixed msgid is not (`{% translate "…" %}`
trusts the project's own .po files); `blocktranslate` texts escape their values only.
"""

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import localize
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from journeys.content.dates import local_date
from journeys.templatetags.journeys import escaped as esc
from journeys.templatetags.journeys import listen_html, phone_lines_html, tel

register = template.Library()


def csrf_input(context):
    """What `{% csrf_token %}` writes (the page's one token, read once)."""
    token = context.get("csrf_token")
    if not token:
        return ""
    if token == "NOTPROVIDED":
        return mark_safe("")
    return format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token)


def _lookup(values, name):
    """`values.name` as a template reads it: a key, else an attribute, else ""."""
    try:
        return values[name]
    except (KeyError, TypeError, AttributeError):
        return getattr(values, name, "")


def entry_url(pk, *, render_context=None):
    """`reverse("journeys:log_entry", args=[pk])`, reversed once a render when given the
    template's `render_context` (an open day's entries each need theirs)."""
    parts = render_context.get(_ENTRY_URL) if render_context is not None else None
    if parts is None:
        head, _mark, tail = reverse("journeys:log_entry", args=[999]).rpartition("999")
        parts = (head, tail)
        if render_context is not None:
            render_context[_ENTRY_URL] = parts
    return f"{parts[0]}{int(pk)}{parts[1]}"


_ENTRY_URL = "log_day.entry_url"


@register.simple_tag(takes_context=True)
def log_entry(context, view, day_n):
    """An entry of the open day that is not being corrected (see `render_log_entry`)."""
    return render_log_entry(
        view,
        day_n,
        focus=context.get("focus"),
        log_url=context.get("log_url"),
        center=context.get("center"),
        fever=_lookup(context.get("numbers"), "fever"),
        csrf=csrf_input(context),
        url=entry_url(view.entry.pk, render_context=context.render_context),
    )


def render_log_entry(view, day_n, *, focus, log_url, center, fever, csrf, url=None):
    """One <li> of the open day: a removed entry with its Undo, or the reading, the calls it
    repeats (with "Listen") and its Correct and Remove. Built here rather than by ~60
    template nodes an entry; the HTML is the one log.html wrote. As in a template, every
    value is escaped, and a translation of a fixed msgid is not (`{% translate "…" %}`)."""
    entry = view.entry
    pk, time = entry.pk, esc(view.time_text)
    url = esc(url or entry_url(pk))
    focused = pk == focus
    target = f'hx-target="#day-{day_n}" hx-swap="outerHTML"'
    classes = (" fever" if view.fever else "") + (" removed" if view.removed else "")
    head = f'\n    <li id="entry-{pk}" class="log-entry{classes}">\n      '
    if view.removed:
        said = _("The %(time)s entry was removed.") % {"time": time}
        return mark_safe(  # noqa: S308 - every value escaped
            f'{head}\n      <form method="post" action="{url}" hx-post="{url}" {target}>\n'
            f'        {csrf}<input type="hidden" name="action" value="undo">\n'
            f"        <span{' data-focus tabindex="-1"' if focused else ''}>{said}</span>\n"
            f'        <button type="submit" class="button secondary">{_("Undo")}</button>\n'
            "      </form>\n      \n    </li>\n    "
        )
    if entry.temperature is not None:
        reading = (
            f"· {localize(entry.temperature)} {esc(entry.get_unit_display())} "
            f"({localize(view.other_value)} {esc(view.other_unit.label)})"
        )
        if view.fever:
            words = _("at or above your center's fever number")
            reading += f' <strong class="crossing">{words}</strong>'
    else:
        reading = f"· {_('no temperature')}"
    signs = ""
    if view.signs:
        signs = "· " + ", ".join(str(esc(sign.name)) for sign in view.signs)
    name = _("the %(time)s entry") % {"time": time}
    return mark_safe(  # noqa: S308 - every value escaped
        f'{head}\n      <p class="entry-line"{' data-focus tabindex="-1"' if focused else ""}>'
        f"<strong>{time}</strong>\n        {reading}\n        {signs}\n      </p>\n      "
        f"{_calls(view, focused, name, center=center, fever=fever)}\n"
        '      <div class="entry-actions">\n'
        f'        <a href="{esc(log_url)}?edit={pk}#entry-{pk}" '
        f'hx-get="{esc(log_url)}?edit={pk}" {target}>{_("Correct")}'
        f'<span class="visually-hidden"> {name}</span></a>\n'
        f'        <form method="post" action="{url}" hx-post="{url}" {target}>\n'
        f'          {csrf}<input type="hidden" name="action" value="remove">\n'
        f'          <button type="submit" class="link-button">{_("Remove")}'
        f'<span class="visually-hidden"> {name}</span></button>\n'
        "        </form>\n      </div>\n      \n    </li>\n    "
    )


def _calls(view, focused, name, *, center, fever):
    """What the entry repeats (whom to call, and how), with its "Listen" button."""
    if not view.calls:
        return ""
    alert = ' role="alert"' if focused else ""
    parts = [f'\n      <div class="log-calls"{alert} data-listen-region>\n        ']
    for call in view.calls:
        if call.fever:
            what = _(
                "This temperature is %(fever)s or higher: your center counts that as a fever."
            ) % {"fever": esc(fever)}
        else:
            what = f"{esc(call.sign.name)}:"
        if call.emergency:
            number = _lookup(center, "emergency_number")
            how = (
                f"{_('Call emergency services now:')} "
                f'<a href="tel:{esc(tel(number))}">{esc(number)}</a>.'
            )
        else:
            how = f"{_('Call your care team now.')} {phone_lines_html(center, links=True)}."
        parts.append(
            f'\n        <p class="call{" emergency" if call.emergency else ""}">\n'
            f"          {what}\n          \n          {how}\n          \n        </p>\n        "
        )
    parts.append(f"\n        \n        {listen_html(name)}\n\n      </div>\n      ")
    return "".join(parts)


@register.simple_tag
def unit_radios(form):
    """The unit's radio buttons of an entry form (was a loop of ~10 nodes a button)."""
    field = form["unit"]
    invalid = ' aria-invalid="true"' if field.errors else ""
    name = esc(field.html_name)
    return mark_safe(  # noqa: S308 - every value escaped
        "".join(
            f'<label class="inline" for="{esc(id_)}"><input type="radio" name="{name}" '
            f'value="{esc(value)}" id="{esc(id_)}" required'
            f"{' checked' if checked else ''}{invalid}> {esc(label)}</label> "
            for id_, value, label, checked in form.unit_radios()
        )
    )


@register.simple_tag
def sign_boxes(form):
    """The warning signs' checkboxes of an entry form (was a loop of ~10 nodes a sign, the
    costliest part of the log page): `data-call` lets the page say whom to call the moment
    a box is ticked."""
    boxes = form.sign_boxes()
    if not boxes:
        return format_html("<p>{}</p>", _("There are no warning signs to choose from."))
    field = form["signs"]
    invalid = ' aria-invalid="true"' if field.errors else ""
    name = esc(field.html_name)
    return mark_safe(  # noqa: S308 - every value escaped
        "".join(
            f'<label class="check" for="{esc(id_)}"><input type="checkbox" name="{name}" '
            f'value="{esc(value)}" id="{esc(id_)}" '
            f'data-call="{"emergency" if emergency else "team"}"'
            f"{' checked' if checked else ''}{invalid}> {esc(label)}</label>"
            for id_, value, label, checked, emergency in boxes
        )
    )


def _stamp(moment):
    """`moment|date:'U'` (seconds since the epoch), "" for none."""
    return "" if moment in (None, "") else str(int(moment.timestamp()))


@register.simple_tag(takes_context=True)
def log_handwriting(context, day):
    """The open day's handwriting check (was _log_handwriting.html's ~60 nodes): the
    sentence, the samples to compare, and the pad (today) or the picture upload (a past
    day). The same HTML, every value escaped, translations of fixed msgids as they are."""
    center = context.get("center")
    n, focus, errors = day.day, context.get("focus"), day.errors
    first = context.get("log_first_number")
    phones = []
    for label, number in (
        (_("Daytime:"), center.phone_day),
        (_("After hours:"), center.phone_after_hours),
    ):
        phones.append(f'{label} <a href="tel:{esc(tel(number))}">{esc(number)}</a>.')
    out = [
        f'<div class="handwriting" id="handwriting-{n}">\n'
        f"  <h3>{_('Handwriting check')}</h3>\n"
        "  <p>"
        + _(
            "Each day, the patient writes this sentence. Changes in handwriting can be an "
            "early sign of a nerve problem."
        )
        + "\n  "
        + (
            _(
                "Write the first sample before the chemotherapy starts: "
                "it is the one to compare with."
            )
            if isinstance(first, int) and first < 0
            else _(
                "Write the first sample before the infusion if you can: "
                "it is the one to compare with."
            )
        )
        + '</p>\n  <p class="call-line"><strong>'
        + _("If today's writing looks different from the first one, call your care team now.")
        + f"</strong>\n  {' '.join(phones)}</p>\n"
        f'  <p class="sentence"><q>{esc(center.handwriting_sentence)}</q></p>\n  '
    ]
    compare = context.get("compare")
    if compare:
        out.append(
            '\n  <div class="compare" role="group" aria-label="'
            + _("Handwriting to compare")
            + '">\n    '
        )
        for i, other in enumerate(compare):
            src = reverse("journeys:log_handwriting_image", args=[other.day])
            if other.day == day.day:
                mark = " " + _("(this day)")
            elif i == 0:
                mark = " " + _("(first sample)")
            else:
                mark = ""
            alt = _("Handwriting from day %(n)s") % {"n": other.number}
            out.append(
                "\n    <figure>\n"
                f'      <img src="{esc(src)}?v={_stamp(other.handwriting_at)}" alt="{alt}" '
                'width="300" height="100">\n'
                f"      <figcaption>{_('Day %(n)s') % {'n': other.number}}{mark}</figcaption>\n"
                "    </figure>\n    "
            )
        out.append("\n  </div>\n  ")
    out.append("\n  ")
    if focus == "handwriting":
        out.append(
            '<p class="saved-note" role="status" data-focus tabindex="-1">'
            f"{_('The handwriting is saved.')}</p>"
        )
    out.append("\n  ")
    if errors:
        out.append(
            f'<p class="field-error" role="alert" id="hw-{n}-error" data-focus tabindex="-1">'
            f"{' '.join(str(esc(e)) for e in errors)}</p>"
        )
    url = esc(reverse("journeys:log_handwriting"))
    out.append(
        f'\n  <form method="post" enctype="multipart/form-data" action="{url}"\n'
        f'        hx-post="{url}" hx-encoding="multipart/form-data"\n'
        f'        hx-target="#day-{n}" hx-swap="outerHTML" data-handwriting\n'
        f'        data-outbox="handwriting" data-seen="{_stamp(day.handwriting_at)}">\n'
        f"    {csrf_input(context)}\n"
        f'    <input type="hidden" name="day" value="{n}">\n'
        f'    <input type="hidden" name="date" value="{day.date.isoformat()}">\n'
        '    <input type="hidden" name="opened" value="'
        f'{_iso(context.get("log_today_date"))}">\n    '
    )
    pad = day.handwriting == "pad"
    if pad:
        out.append(
            '<div class="pad" data-pad hidden>\n'
            '      <canvas width="1200" height="400" data-canvas aria-label="'
            + _("Writing area: write the sentence with a finger or a mouse")
            + '" role="img"></canvas>\n'
            '      <p><button type="button" class="button secondary" data-clear>'
            f"{_('Clear')}</button>\n"
            '      <button type="button" class="button" data-save>'
            f"{_('Save the handwriting')}</button></p>\n"
            "    </div>"
        )
        label = esc(_lookup(context.get("handwriting_form"), "image").label)
    else:
        said = _(
            "To keep the sentence written on %(date)s (for example on the printed sheet), "
            "choose a picture of it."
        ) % {"date": esc(local_date(day.date, "weekday"))}
        out.append(f"\n    \n    <p>{said}</p>")
        label = _("A PNG picture of the writing")
    invalid = f' aria-invalid="true" aria-describedby="hw-{n}-error"' if errors else ""
    out.append(
        '\n    <p class="field file-field">\n'
        f'      <label for="hw-{n}-image">{label}</label>\n'
        f'      <input type="file" name="image" id="hw-{n}-image" accept="image/png"{invalid}>\n'
        f'      <button type="submit" class="button secondary">{_("Upload")}</button>\n'
        "    </p>\n"
        '    <p class="no-js-hint">'
        + _("Without a touch screen you can also write the sentence on the printed sheet.")
        + f' <a href="{esc(reverse("journeys:log_blank"))}">{_("Blank sheet to print")}</a></p>\n'
        "  </form>\n</div>"
    )
    return mark_safe("".join(out))  # noqa: S308 - every value escaped


def _iso(day):
    """`day|date:'Y-m-d'`."""
    return "" if day in (None, "") else day.isoformat()


def hidden_input(field):
    """`field.as_hidden()` for a field with no errors and no attributes of its own, written
    here: Django renders it through the form renderer's templates (~0.15 ms a page)."""
    if field.errors or field.field.disabled or field.field.widget.attrs or not field.auto_id:
        return field.as_hidden()
    value = field.field.widget.format_value(field.value())
    value = "" if value is None else f' value="{esc(value)}"'
    return mark_safe(  # noqa: S308 - every value escaped
        f'<input type="hidden" name="{esc(field.html_name)}"{value} id="{esc(field.auto_id)}">'
    )


def _field_errors(field, error_id):
    """A field's errors as the form shows them under it ("" when it has none)."""
    if not field.errors:
        return ""
    said = " ".join(str(esc(error)) for error in field.errors)
    return f'<span class="field-error" id="{esc(error_id)}-error">{said}</span>'


@register.simple_tag(takes_context=True)
def log_entry_form(context, form, editing=False, action_url=None, legend_time=None):
    """A day's add form, or one entry's correction form (`editing`), as _log_entry_form.html
    wrote it: the time, the temperature, the unit and the signs, each with its errors, and
    the calls shown the moment a sign is ticked."""
    center = context.get("center")
    day = form.day
    url = reverse("journeys:log_entry", args=[action_url]) if editing else reverse("journeys:log")
    url = esc(url)
    out = [
        f'<form method="post" class="log-form{" editing" if editing else ""}" novalidate\n'
        f'      action="{url}"\n'
        f'      hx-post="{url}"\n'
        f'      hx-target="#day-{esc(localize(day))}" hx-swap="outerHTML"'
        f"{'' if editing else ' data-outbox="entry"'}>\n"
        f"  {csrf_input(context)}\n"
        f'  <input type="hidden" name="day" value="{esc(localize(day))}">\n'
        "  \n  \n"
        f'  <input type="hidden" name="{esc(form["date"].html_name)}" '
        f'value="{_iso(form.day_date)}">\n  '
    ]
    if editing:
        out.append('<input type="hidden" name="action" value="save">')
    else:
        out.append(
            f"{hidden_input(form['key'])}\n"
            f'  <input type="hidden" name="{esc(form["opened"].html_name)}" '
            f'value="{_iso(form.today)}">'
        )
    errors, non_field = form.errors, form.non_field_errors()
    focus = ' data-focus tabindex="-1"' if editing and not errors else ""
    if editing:
        time = esc(timezone.localtime(legend_time).strftime("%H:%M"))
        title = _("Correct the %(time)s entry") % {"time": time}
    elif form.is_today:
        title = _("Add an entry")
    else:
        date = esc(local_date(form.day_date, "weekday"))
        title = _("Add a reading you took on %(date)s") % {"date": date}
    out.append(f"\n  <h3{focus}>{title}</h3>\n  ")
    if non_field:
        out.append(f'<div class="errorlist" role="alert" data-focus tabindex="-1">{non_field}\n  ')
        if form.log_ended:
            call = _("If you have a fever or another warning sign, call your care team now.")
            lines = phone_lines_html(center, links=True)
            out.append(f"<p><strong>{call}</strong> {lines}.</p>")
        out.append("</div>")
    out.append("\n  ")
    if errors and not non_field:
        out.append(
            '<p class="form-problem" role="alert" data-focus tabindex="-1">'
            f"{_('Please check the fields marked below. Nothing was saved yet.')}</p>"
        )
    out.append("\n  ")
    out.append(_time_field(form["time"]))
    out.append(_temperature_field(form["temperature"]))
    for name, boxes in (("unit", unit_radios), ("signs", sign_boxes)):
        field = form[name]
        described = f' aria-describedby="{esc(field.auto_id)}-error"' if field.errors else ""
        out.append(
            f'\n  <fieldset class="{name}"{described}>\n'
            f"    <legend>{esc(field.label)}</legend>\n"
            f"    {boxes(form)}\n"
            f"    {_field_errors(field, field.auto_id)}\n"
            "  </fieldset>\n  \n  "
        )
    emergency = _lookup(center, "emergency_number")
    day_phone, night_phone = center.phone_day, center.phone_after_hours
    out.append(
        "\n  \n  \n"
        '  <div class="sign-now" data-sign-now hidden>\n'
        '    <p class="call emergency" data-call-for="emergency" hidden>'
        f"{_('Call emergency services now:')} "
        f'<a href="tel:{esc(tel(emergency))}">{esc(emergency)}</a>.</p>\n'
        '    <p class="call" data-call-for="team" hidden>'
        f"{_('Call your care team now.')} {_('Daytime:')} "
        f'<a href="tel:{esc(tel(day_phone))}">{esc(day_phone)}</a>. {_("After hours:")} '
        f'<a href="tel:{esc(tel(night_phone))}">{esc(night_phone)}</a>.</p>\n'
        "  </div>\n"
        '  <p><button type="submit" class="button">'
        f"{_('Save the correction') if editing else _('Save this entry')}</button>\n  "
    )
    if editing:
        log_url = esc(reverse("journeys:log"))
        n = esc(localize(day))
        out.append(f'<a href="{log_url}?day={n}#day-{n}">{_("Cancel")}</a>')
    out.append("</p>\n</form>")
    return mark_safe("".join(out))  # noqa: S308 - every value escaped


def _time_field(field):
    label_id = esc(field.id_for_label)
    value = field.value()
    value = esc(str("" if value is None else value)[:5])
    invalid = f' aria-invalid="true" aria-describedby="{label_id}-error"' if field.errors else ""
    return (
        '\n  <p class="field">\n'
        f'    <label for="{label_id}">{esc(field.label)}</label>\n'
        f'    <input type="time" name="{esc(field.html_name)}" id="{label_id}" '
        f'value="{value}" required{invalid}>\n'
        f"    {_field_errors(field, field.id_for_label)}\n"
        "  </p>\n  \n  "
    )


def _temperature_field(field):
    label_id = esc(field.id_for_label)
    value = field.value()
    value = "" if value is None else esc(localize(value))
    described = f"{label_id}-hint" + (f" {label_id}-error" if field.errors else "")
    return (
        '\n  <p class="field">\n'
        f'    <label for="{label_id}">{esc(field.label)}</label>\n'
        '    <input type="text" inputmode="decimal" autocomplete="off" size="6" maxlength="10" '
        f'name="{esc(field.html_name)}" id="{label_id}" value="{value}" '
        f'aria-describedby="{described}"{' aria-invalid="true"' if field.errors else ""}>\n'
        f'    <span class="hint" id="{label_id}-hint">{_("For example 98.6 or 37,0.")}</span>\n'
        f"    {_field_errors(field, field.id_for_label)}\n"
        "  </p>\n  \n  "
    )
