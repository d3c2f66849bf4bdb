"""One "today" for a test and the server it calls.

Tests build dates from `timezone.localdate()` and the views read it again on each request;
a run that crosses midnight (or a slow worker near it) would have the two disagree by a day.
A module imports the fixture and uses it by name:

    from .clock import frozen_today  # noqa: F401 - a fixture, used by name
    pytestmark = pytest.mark.usefixtures("frozen_today")

The clock is set to noon of the day the test starts, in the site's time zone, and keeps
ticking from there (timeouts, rate limits and "15 minutes later" still see time pass), so
no test can reach midnight. A test moves the clock with time-machine's own fixture, which
this one starts: `time_machine.shift(datetime.timedelta(minutes=16))`.
"""

import datetime

import pytest
from django.utils import timezone


@pytest.fixture
def frozen_today(time_machine):
    """Today's date, at noon in the site's time zone, for the whole test."""
    today = timezone.localdate()
    zone = timezone.get_default_timezone()
    noon = datetime.datetime.combine(today, datetime.time(12), tzinfo=zone)
    time_machine.move_to(noon, tick=True)
    assert timezone.localdate() == today
    return today
