"""The log's forms: what a person may send, and the message when it is not right."""

import datetime
import re
import secrets

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from journeys.content.dates import local_date
from journeys.log.models import Unit
from journeys.log.services import log_day_date, log_taken_at
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


def sent_date(raw):
    """A date a page sent back in a hidden field (ISO), None when absent; ValidationError
    when it is not a date (a crafted or damaged form)."""
    if not raw:
        return None
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError:
        raise ValidationError(
            _("This form is out of date. Please send it again."), code="stale"
        ) from None


def log_ended_message(*, journey, last_day, numbering=0):
    """What a write sent after the log's last day is told (nothing is stored)."""
    last_date = log_day_date(journey=journey, day=last_day)
    return _(
        "The log ended on day %(n)s (%(date)s). Nothing was saved: the log keeps only "
        "readings from its own days. Keep following your care team's instructions."
    ) % {"n": last_day + numbering, "date": local_date(last_date, "weekday")}


def opened_earlier_message(*, opened, today, handwriting=False):
    """What a page opened on an earlier day is told when it sends that day's "today" form:
    a phone that kept yesterday's tab must not put today's reading under yesterday."""
    values = {"opened": local_date(opened, "weekday"), "today": local_date(today, "weekday")}
    if handwriting:
        return (
            _(
                "This page was opened on %(opened)s. It is now %(today)s. Nothing was saved: "
                "reload the log and write today's sentence under today."
            )
            % values
        )
    return (
        _(
            "This page was opened on %(opened)s. It is now %(today)s. Nothing was saved yet. "
            "If you took this reading today, reload the log and add it under today. If you "
            "took it on %(opened)s, check the time and save it again."
        )
        % values
    )


def handwriting_day_check(
    *, journey, day, last_day, numbering=0, opened=None, shown=None, today=None
):
    """Raise ValidationError unless a sample sent now belongs on `day`: the log has not
    ended, the day still has the date the page showed (`shown`: the infusion date was not
    changed since), and a page opened on an earlier day is not sending that day's pad
    (`opened`, the date the page was opened, as its form sent it)."""
    today = today or timezone.localdate()
    if today > log_day_date(journey=journey, day=last_day):
        message = log_ended_message(journey=journey, last_day=last_day, numbering=numbering)
        raise ValidationError(message, code="log_ended")
    shown = sent_date(shown)
    if shown is not None and shown != log_day_date(journey=journey, day=day):
        message = _(
            "The infusion date was changed since this page was opened, so the log's days "
            "have new numbers. Nothing was saved: reload the log and save the handwriting "
            "again under %(date)s."
        ) % {"date": local_date(shown, "weekday")}
        raise ValidationError(message, code="date_moved")
    opened = sent_date(opened)
    if opened is not None and opened <= log_day_date(journey=journey, day=day) and opened < today:
        message = opened_earlier_message(opened=opened, today=today, handwriting=True)
        raise ValidationError(message, code="opened_earlier")


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
    # The day's date and the date the page was opened, as the page showed them (written by
    # the template, never from what was sent): a day whose date moved, or a page kept open
    # since an earlier day, cannot put a reading on a day the person did not see.
    date = forms.CharField(widget=forms.HiddenInput, required=False)
    opened = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args,
        journey,
        day,
        signs,
        now=None,
        adding=False,
        last_day=None,
        numbering=0,
        **kwargs,
    ):
        """`adding`: a new entry (an ended log takes none; a page opened on an earlier
        day is asked first); `last_day`: the log's last day (offset)."""
        super().__init__(*args, **kwargs)
        self.journey, self.day, self.now = journey, day, now or timezone.now()
        self.today = timezone.localtime(self.now).date()
        self.day_date = log_day_date(journey=journey, day=day)
        self.is_today = self.day_date == self.today
        self.adding, self.last_day, self.numbering = adding, last_day, numbering
        self.log_ended = False
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
        self._clean_day()
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

    def _clean_day(self):
        """An entry is stored on the day it was taken, or not at all."""
        journey = self.journey
        if self.adding and self.last_day is not None:
            if self.today > log_day_date(journey=journey, day=self.last_day):
                self.log_ended = True
                message = log_ended_message(
                    journey=journey, last_day=self.last_day, numbering=self.numbering
                )
                self.add_error(None, ValidationError(message, code="log_ended"))
                return
        try:
            shown = sent_date(self.data.get(self.add_prefix("date")))
            opened = sent_date(self.data.get(self.add_prefix("opened")))
        except ValidationError as error:
            self.add_error(None, error)
            return
        if shown is not None and shown != self.day_date:
            self.add_error(
                None,
                ValidationError(
                    _(
                        "The dates changed since this page was opened: day %(n)s is now "
                        "%(date)s. Nothing was saved yet. Check the day and the time, and "
                        "save again."
                    )
                    % {
                        "n": self.day + self.numbering,
                        "date": local_date(self.day_date, "weekday"),
                    },
                    code="date_moved",
                ),
            )
        elif self.adding and opened is not None and opened <= self.day_date and opened < self.today:
            # The form was that day's "today" form, and that day is over.
            message = opened_earlier_message(opened=opened, today=self.today)
            self.add_error(None, ValidationError(message, code="opened_earlier"))

    def moved_day(self, *, first_day):
        """After a "dates changed" refusal of a new reading: the day (offset) that now holds
        the date the page showed, when that day is in the log and has come; else None."""
        if not self.adding or not self.has_error(forms.forms.NON_FIELD_ERRORS, "date_moved"):
            return None
        shown = sent_date(self.data.get(self.add_prefix("date")))
        day = (shown - self.journey.infusion_date).days
        last = self.day if self.last_day is None else self.last_day
        if not first_day <= day <= last or shown > self.today:
            return None
        return day

    def on_day(self, day):
        """The same typed reading, on `day` (see moved_day), told why it moved; nothing is
        stored until it is sent again from there."""
        form = type(self)(
            self.data,
            journey=self.journey,
            day=day,
            signs=self.sign_list,
            now=self.now,
            adding=self.adding,
            last_day=self.last_day,
            numbering=self.numbering,
        )
        form.is_valid()
        message = _(
            "The dates changed since this page was opened: %(date)s is now day %(n)s. "
            "Nothing was saved yet. Your reading is here, under %(date)s. Check the time, "
            "and save it again."
        ) % {"n": day + self.numbering, "date": local_date(form.day_date, "weekday")}
        form.add_error(None, ValidationError(message, code="date_moved"))
        return form


class HandwritingForm(forms.Form):
    image = forms.FileField(
        label=gettext_lazy("Or choose a PNG picture of the writing"),
        required=True,
        error_messages={"required": gettext_lazy("Write the sentence first, then save it.")},
    )
