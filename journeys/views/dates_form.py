"""The dates form of /my-journey/: the infusion and collection dates a family types."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from journeys.content.dates import local_date
from journeys.journey.services import EARLIEST_DAYS_BACK, LATEST_DAYS_AHEAD

#: A date field sends nothing for a date that does not exist (02/30), so "required" and
#: "invalid" say the same thing: type the whole date, and check it exists.
DATE_MESSAGES = {
    "required": gettext_lazy(
        "Enter the whole date: month, day and year. Check that the date exists "
        "(February has no 30th)."
    ),
    "invalid": gettext_lazy(
        "Enter the whole date: month, day and year. Check that the date exists "
        "(February has no 30th)."
    ),
}


def _attr_value(value):
    """`{{ value|stringformat:'s' }}` as Django's widget templates write it."""
    text = str(value)
    return text if isinstance(value, SafeData) else escape(text)


class DateInput(forms.DateInput):
    """Django's date input, written in Python: the markup of its templates
    (django/forms/widgets/input.html and attrs.html), byte for byte, without a template
    render per field on every view of /my-journey/. The context (value, `required`,
    `aria-describedby`, `aria-invalid`, `autofocus`) is still Django's own."""

    def _render(self, template_name, context, renderer=None):
        widget = context["widget"]
        html = f'<input type="{_attr_value(widget["type"])}" name="{_attr_value(widget["name"])}"'
        if widget["value"] is not None:
            html += f' value="{_attr_value(widget["value"])}"'
        for name, value in widget["attrs"].items():
            if value is False:
                continue
            html += (
                f" {escape(name)}" if value is True else f' {escape(name)}="{_attr_value(value)}"'
            )
        return mark_safe(html + ">")  # noqa: S308 - every value escaped as the template does


class DatesForm(forms.Form):
    infusion_date = forms.DateField(
        label=gettext_lazy("Infusion date (day 0)"),
        error_messages=DATE_MESSAGES,
        widget=DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        help_text=gettext_lazy(
            "The day you get your CAR-T cells. Your care team gives you this date."
        ),
    )
    collection_date = forms.DateField(
        label=gettext_lazy("Cell collection date, if you know it"),
        required=False,
        error_messages=DATE_MESSAGES,
        widget=DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )

    def __init__(self, *args, split_dose="", second_infusion_day=None, has_log=False, **kwargs):
        """`split_dose` is said beside "day 0"; a split-dose product counts its first
        infusion as day 1 (the timeline does the same). `has_log`: the daily log holds
        readings, and the form says what a new date does to them before it is sent."""
        super().__init__(*args, **kwargs)
        field = self.fields["infusion_date"]
        if second_infusion_day:
            field.label = _("First infusion date (day 1)")
            field.help_text = _(
                "The day you get your first CAR-T infusion. The second comes on about "
                "day %(day)d. Your care team gives you these dates."
            ) % {"day": second_infusion_day}
        elif split_dose:
            field.help_text = f"{field.help_text} {split_dose}"
        if has_log:
            field.help_text = "{} {}".format(
                field.help_text,
                _(
                    "You have started the daily log. If you change this date, the log "
                    "counts its days again from the new date. Each reading and handwriting "
                    "sample keeps the date it was taken."
                ),
            )

    def _post_clean(self):
        super()._post_clean()
        # A refused form loads at the top of a long page: the first field with a problem
        # takes focus (and the browser scrolls to it), with or without JavaScript.
        first = next((name for name in self.fields if name in self.errors), None)
        if first:
            self.fields[first].widget.attrs["autofocus"] = True

    def clean_infusion_date(self):
        value = self.cleaned_data["infusion_date"]
        today = timezone.localdate()
        if value < today - datetime.timedelta(days=EARLIEST_DAYS_BACK):
            raise forms.ValidationError(
                _("That date is more than two years ago. Please check the year.")
            )
        if value > today + datetime.timedelta(days=LATEST_DAYS_AHEAD):
            raise forms.ValidationError(
                _("That date is more than a year away. Please check the year.")
            )
        return value

    def clean(self):
        cleaned = super().clean()
        infusion, collection = cleaned.get("infusion_date"), cleaned.get("collection_date")
        if infusion and collection:
            if collection > infusion:
                self.add_error(
                    "collection_date",
                    _("Cell collection comes before the infusion. Please check both dates."),
                )
            elif (infusion - collection).days > 365:
                self.add_error(
                    "collection_date",
                    _("That is more than a year before the infusion. Please check the year."),
                )
        return cleaned


def _readings(count):
    return ngettext("%(count)d reading", "%(count)d readings", count) % {"count": count}


def _and(parts):
    """ "2 readings", or "2 readings and the handwriting sample" (never an empty part)."""
    if len(parts) == 1:
        return parts[0]
    return _("%(readings)s and %(samples)s") % {"readings": parts[0], "samples": parts[1]}


def ask_context(shift, *, numbering=0):
    """What the dates form asks before a new date puts readings outside the log's days
    (log.renumber.AskFirst): how many, from which days, and that nothing is deleted."""
    readings, samples = shift.readings_outside, shift.handwriting_outside
    what = []
    if readings:
        what.append(_readings(readings))
    if samples:
        what.append(
            ngettext("%(count)d handwriting sample", "%(count)d handwriting samples", samples)
            % {"count": samples}
        )
    days = []
    for day in shift.outside:
        parts = [_readings(day.readings)] if day.readings else []
        if day.handwriting:
            parts.append(_("the handwriting sample"))
        days.append({"date": day.date, "what": _and(parts)})
    summary = _(
        "With %(new)s as the infusion date, %(what)s from your daily log would be outside "
        "the log's days (day %(first)s to day %(last)s)."
    ) % {
        "new": local_date(shift.new_date, "long"),
        "what": _and(what),
        "first": shift.first_day + numbering,
        "last": shift.last_day + numbering,
    }
    return {"shift": shift, "token": shift.token, "summary": summary, "days": days}
