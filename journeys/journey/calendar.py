"""The dated timeline as an iCalendar file (RFC 5545), one all-day event per milestone."""

import datetime
import hashlib

from django.conf import settings
from django.utils import timezone
from django.utils.text import capfirst
from icalendar import Calendar, Event


def timeline_to_ics(milestones, *, journey_key, center):
    calendar = Calendar()
    calendar.add("prodid", "-//CAR-T Journey//Patient timeline//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "CAR-T Journey")
    # Stable, non-identifying UIDs: re-importing updates events instead of duplicating them.
    salt = hashlib.sha256(f"{settings.SECRET_KEY}:{journey_key}".encode()).hexdigest()[:16]
    stamp = timezone.now().astimezone(datetime.UTC).replace(microsecond=0)
    for milestone in milestones:
        event = Event()
        event.add("uid", f"{milestone.key}-{salt}@cart-journey")
        event.add("dtstamp", stamp)
        event.add("summary", milestone.title)
        event.add("dtstart", milestone.start)
        event.add("dtend", milestone.last_day + datetime.timedelta(days=1))
        description = " ".join(
            part
            for part in [
                milestone.note,
                f"{capfirst(center.display_name)}: "
                + "; ".join(f"{line.label} {line.number}" for line in center.phone_lines)
                + ".",
            ]
            if part
        )
        event.add("description", description)
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical()
