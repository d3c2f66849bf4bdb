"""What a visitor's session may hold: the one list of its keys and values.

Patients have no account; the session is all the app remembers about a device.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from django.contrib.sessions.backends.base import SessionBase

from journeys.content import selectors
from journeys.content.models.content import ChecklistItem

#: The product slug the visitor picked; "" means "not sure yet".
PRODUCT = "product"
#: "patient" or "caregiver" (the start page's question).
ROLE = "role"
#: The pk of the journey this device may see.
JOURNEY = "journey"
#: How the device got that journey: OWNER, or the share token it came in with.
JOURNEY_VIA = "journey_via"
OWNER = "owner"
#: True after the share link this device followed was turned off (until it follows a new one).
LINK_TURNED_OFF = "link_turned_off"
#: What this device has done, never sent anywhere: {"read": [stage slugs], "checked":
#: [stage slugs], "answers": {check question pk: answer}} (journeys/journey/progress.py).
#: "Forget me" erases it with the rest of the session.
PROGRESS = "progress"
#: True while a staff member previews drafts and waiting edits on patient pages.
PREVIEW = "staff_preview"
#: Where django.contrib.messages keeps messages between requests (SessionStorage).
MESSAGES = "_messages"

ROLES = (ChecklistItem.Who.PATIENT, ChecklistItem.Who.CAREGIVER)


@dataclass(frozen=True)
class Device:
    """The visitor's device as services see it: its session (all the app remembers about
    a device) and whether a staff member is previewing drafts on it. A view builds one
    (`device_of`) and passes it; services never take the request."""

    session: SessionBase
    preview: bool = False
    #: Every published product, as the request reads them once (`products_for`), or
    #: None: a service reads them itself.
    products: Callable[[], list] | None = None


def device_of(request):
    return Device(
        session=request.session,
        preview=getattr(request, "staff_preview", False),
        products=partial(products_for, request),
    )


def products_for(request):
    """Every product, read once per request: the menu, the chosen product, the numbers and
    the journey's product all come from this one read, with the content cache on or off.
    The list is published content only (never anything of a journey) and lives as long as
    the request."""
    try:
        return request._products
    except AttributeError:
        request._products = selectors.products_menu(preview=request.staff_preview)
        return request._products
