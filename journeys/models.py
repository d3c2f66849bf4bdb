"""Where Django finds the app's models: each room's, in order.

The app is cut into rooms by lifecycle, each with its own models:

- `journeys.content.models`: published content, its translations and sources, the care
  center and the check questions' answer counters;
- `journeys.journey.models`: a patient's journey and its ticks;
- `journeys.log.models`: the daily check log;
- `journeys.caching.models`: `ContentVersion`, the number every content change moves (the
  caching package sits below the rooms and imports none of them, but for its page cache).

Code inside a room imports from the room; code above the rooms (views, template tags,
tests) may import any model from here.
"""

from journeys.caching.models import ContentVersion
from journeys.content.models import *  # noqa: F403
from journeys.content.models import __all__ as _content
from journeys.journey.models import Journey, JourneyCheck, JourneyQuerySet
from journeys.log.models import LogDay, LogEntry

__all__ = [
    *_content,
    "ContentVersion",
    "Journey",
    "JourneyCheck",
    "JourneyQuerySet",
    "LogDay",
    "LogEntry",
]
