"""The log's forms: what a person may send, and the message when it is not right."""

import datetime
import re
import secrets

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from journeys.log.models import Unit
from journeys.log.services import log_taken_at
from journeys.log.temperature import parse_temperature

KEY_RE = re.compile(r"[0-9a-f]{32}", re.ASCII)
DAY_RE = re.compile(r"-?[0-9]{1,3}", re.ASCII)
FUTURE_SLACK = datetime.timedelta(hours=1)


def new_key():
    return secrets.token_hex(16)


def parse_day(raw, *, last_day, first_day=0):
    """The day (offset from the infusion date) sent by a form, or ValidationError (outside
    the log, not digits). The log may start before the infusion (`first_day` < 0)."""
    if not DAY_RE.fullmatch(raw or ""):
        raise ValidationError(_("That day is not in the log."), code="day")
    day = int(raw)
    if day < first_day:
        raise ValidationError(_("That day is not in the log."), code="day")
    if day > last_day:
        raise ValidationError(
            _("The log runs from day 0 to day %(last)s.") % {"last": last_day}, code="day"
        )
    return day


class EntryForm(forms.Form):
    """One entry of one day: a time, an optional temperature and the signs noticed."""

    time = forms.TimeField(
        label=gettext_lazy("Time"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        input_formats=["%H:%M", "%H:%M:%S"],
        error_messages={
            "required": gettext_lazy("Enter the time you took the temperature."),
            "invalid": gettext_lazy("Enter the time as hours and minutes, like 08:30."),
        },
    )
    temperature = forms.CharField(
        label=gettext_lazy("Temperature (leave empty if you did not take it)"),
        required=False,
        max_length=10,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "size": 6}),
    )
    unit = forms.ChoiceField(
        label=gettext_lazy("Unit"),
        choices=Unit.choices,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": gettext_lazy("Choose °F or °C.")},
    )
    signs = forms.MultipleChoiceField(
        label=gettext_lazy("Warning signs you noticed"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": gettext_lazy(
                "One of the signs is not on the list. Please choose again."
            )
        },
    )
    key = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, journey, day, signs, now=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.journey, self.day, self.now = journey, day, now or timezone.now()
        self.sign_list = list(signs)
        self.fields["signs"].choices = [(str(s.pk), s.name) for s in self.sign_list]
        prefix = f"d{day}-" if self.prefix is None else self.prefix
        self.auto_id = f"id_{prefix}%s" if self.auto_id == "id_%s" else self.auto_id

    def sign_boxes(self):
        """(id, value, name, checked, emergency) for each sign's checkbox: written out by the
        template, because a widget rendered per option costs more than the rest of the page.
        `emergency` lets the page show "call 911" the moment the box is ticked."""
        field = self["signs"]
        chosen = {str(v) for v in (field.value() or [])}
        return [
            (
                f"{field.auto_id}_{n}",
                str(s.pk),
                s.name,
                str(s.pk) in chosen,
                s.action == "call_emergency",
            )
            for n, s in enumerate(self.sign_list)
        ]

    def unit_radios(self):
        field = self["unit"]
        value = str(field.value() or "")
        return [
            (f"{field.auto_id}_{n}", unit, label, unit == value)
            for n, (unit, label) in enumerate(Unit.choices)
        ]

    def clean_key(self):
        key = self.cleaned_data.get("key") or ""
        if key and not KEY_RE.fullmatch(key):
            raise ValidationError(_("This form is out of date. Please send it again."))
        return key

    def clean(self):
        cleaned = super().clean()
        unit = cleaned.get("unit")
        if unit:
            try:
                cleaned["temperature_value"] = parse_temperature(cleaned.get("temperature"), unit)
            except ValidationError as error:
                self.add_error("temperature", error)
        time = cleaned.get("time")
        if time is not None:
            taken_at = log_taken_at(journey=self.journey, day=self.day, time=time)
            if taken_at > self.now + FUTURE_SLACK:
                self.add_error(
                    "time",
                    _("That time is more than an hour from now. Please check the time and day."),
                )
            cleaned["taken_at"] = taken_at
        by_pk = {str(s.pk): s for s in self.sign_list}
        cleaned["sign_rows"] = [by_pk[pk] for pk in cleaned.get("signs", []) if pk in by_pk]
        return cleaned


class HandwritingForm(forms.Form):
    image = forms.FileField(
        label=gettext_lazy("Or choose a PNG picture of the writing"),
        required=True,
        error_messages={"required": gettext_lazy("Write the sentence first, then save it.")},
    )
