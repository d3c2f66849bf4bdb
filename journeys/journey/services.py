"""Work that crosses models: the visitor's product, journeys, and the numbers prose uses."""

import datetime
import re
import secrets

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from journeys.caching.statements import Statement
from journeys.content import selectors
from journeys.content.models.content import Product
from journeys.journey import session as keys
from journeys.journey.models import Journey, JourneyCheck


def chosen_product(device, *, products=None):
    """The product this visitor picked, or None for "not sure yet" (and for no choice).

    `products`: the list of every product when the caller has read it already."""
    slug = device.session.get(keys.PRODUCT)
    if not slug:
        return None
    if products is None:
        return selectors.product(slug=slug, preview=device.preview)
    return next((p for p in products if p.slug == slug), None)


def product_choose(*, device, slug, role=None):
    """Remember a product choice in the session; "" means "not sure yet". Returns the product."""
    product = None
    if slug:
        product = selectors.product(slug=slug, preview=device.preview)
        if product is None:
            raise Product.DoesNotExist(slug)
    device.session[keys.PRODUCT] = product.slug if product else ""
    if role in keys.ROLES:
        device.session[keys.ROLE] = role
    journey = journey_open(device)
    if journey is not None and journey_is_owner(device) and journey.product != product:
        journey.product = product
        journey.save(update_fields=["product"])
    return product


# --------------------------------------------------------------------------- #
# Journeys: progress without an account
# --------------------------------------------------------------------------- #

TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{43}")  # secrets.token_urlsafe(32)
EARLIEST_DAYS_BACK = 366 * 2
LATEST_DAYS_AHEAD = 366


def _may_see(journey, via):
    """A device sees a journey it made, or one whose share link it holds and is still on."""
    return via == keys.OWNER or (journey.token is not None and journey.token == via)


def journey_open(device):
    """Open the journey this device may see, or None. This writes, on purpose:

    - a journey gone or a share link turned off is dropped from the session, so
      revoking works at once everywhere;
    - the journey is marked as seen (at most once an hour), which keeps
      `purge_journeys` from erasing a journey someone still uses.
    """
    pk = device.session.get(keys.JOURNEY)
    if not pk:
        return None
    # The session holds the id this site put there, an int (anything else finds nothing).
    rows = _JOURNEY.objects(pk=pk) if type(pk) is int else []
    journey = rows[0] if rows else None
    via = device.session.get(keys.JOURNEY_VIA)
    if journey is None or not _may_see(journey, via):
        _drop_journey(device.session)
        if via != keys.OWNER:
            device.session[keys.LINK_TURNED_OFF] = True
        return None
    now = timezone.now()
    if (now - journey.last_seen_at).total_seconds() > 3600:
        Journey.objects.filter(pk=journey.pk).update(last_seen_at=now)
    _put_product(journey, device)
    return journey


@Statement
def _JOURNEY(*, pk):
    """The journey a device opens, on every page it sees: built once (statements.py)."""
    return Journey.objects.filter(pk=pk)[:1]


def checked_item_ids(journey):
    """The ids of the caregiver items ticked on `journey` (one small query)."""
    return {item for (item,) in _CHECKED.rows(journey=journey.pk)}


@Statement
def _CHECKED(*, journey):
    return JourneyCheck.objects.filter(journey=journey).values_list("item_id")


def _put_product(journey, device):
    """Give the journey its product from the list every page reads already (kept per
    content version), not by a join that reads and decodes the whole product row again.
    A product no longer in that list (unpublished since) is read from the database."""
    if journey.product_id is None:
        return
    if device.products is not None:
        products = device.products()
    else:
        products = selectors.products(preview=device.preview)
    listed = next((p for p in products if p.pk == journey.product_id), None)
    if listed is not None:
        journey.product = listed


def _drop_journey(session):
    session.pop(keys.JOURNEY, None)
    session.pop(keys.JOURNEY_VIA, None)


class LinkTurnedOff(Exception):
    """This device followed a share link that was turned off: it must not start its own journey
    without being told (the caregiver would think they were still ticking the shared list)."""


def journey_link_turned_off(device):
    return bool(device.session.get(keys.LINK_TURNED_OFF))


def journey_get_or_create(*, device):
    """The device's journey, made on first personalisation (and only then).

    Raises LinkTurnedOff when the device's share link was turned off.
    """
    journey = journey_open(device)
    if journey is None and journey_link_turned_off(device):
        raise LinkTurnedOff
    if journey is None:
        journey = Journey.objects.create(product=chosen_product(device))
        # A new session key: a session id planted on this device before cannot read the
        # journey it now holds (fixation). Joining by link does the same (journey_join).
        device.session.cycle_key()
        device.session[keys.JOURNEY] = journey.pk
        device.session[keys.JOURNEY_VIA] = keys.OWNER
    return journey


def journey_for_token(token):
    """The journey a share link opens, or None (malformed, unknown or turned off)."""
    if not TOKEN_RE.fullmatch(token or ""):
        return None
    return Journey.objects.select_related("product").filter(token=token).first()


def journey_owned_here(device):
    """The pk of the journey this device made, if it has one."""
    if device.session.get(keys.JOURNEY_VIA) == keys.OWNER:
        return device.session.get(keys.JOURNEY)
    return None


class OwnJourneyWouldBeDropped(Exception):
    """Following a link would take this device's own journey off it; ask first."""


def journey_join(*, device, journey, replace_own=False):
    """Follow `journey` (from its share link) on this device.

    The device that made the journey stays its owner. A device with a journey of its own
    follows another only when `replace_own` says the person agreed (OwnJourneyWouldBeDropped
    otherwise). A new session key is issued, so a session planted before cannot ride along.
    """
    owned = journey_owned_here(device)
    if owned == journey.pk:
        return journey
    if owned is not None and not replace_own:
        raise OwnJourneyWouldBeDropped
    device.session.cycle_key()
    device.session[keys.JOURNEY] = journey.pk
    device.session[keys.JOURNEY_VIA] = journey.token
    device.session.pop(keys.LINK_TURNED_OFF, None)
    device.session[keys.PRODUCT] = journey.product.slug if journey.product else ""
    return journey


def journey_is_owner(device):
    return device.session.get(keys.JOURNEY_VIA) == keys.OWNER


def journey_share(*, journey, on, caregiver_may_edit_dates=False):
    """Turn the share link on (a new unguessable token; kept if already on) or off (the old
    link dies at once), and say whether a following device may change the dates."""
    if not on:
        journey.token = None
    elif not journey.token:
        journey.token = secrets.token_urlsafe(32)  # 256 bits
    journey.caregiver_may_edit_dates = bool(on and caregiver_may_edit_dates)
    journey.save(update_fields=["token", "caregiver_may_edit_dates"])
    return journey.token


def journey_may_edit_dates(device, journey):
    return journey is None or journey_is_owner(device) or journey.caregiver_may_edit_dates


def journey_leave(*, device):
    """Remove a shared journey from this device only; the owner's journey is untouched."""
    _drop_journey(device.session)
    device.session.pop(keys.LINK_TURNED_OFF, None)
    device.session.pop(keys.PROGRESS, None)
    device.session.cycle_key()


def journey_forget(*, device, journey):
    """Erase the journey and everything the session knows about it."""
    if journey is not None:
        journey.delete()  # no process keeps anything of a journey: nothing else to drop
    device.session.flush()


def journey_set_dates(*, device, journey, infusion_date, collection_date=None):
    """Save the dates. Only the owner may, or a follower the owner allowed."""
    if not journey_may_edit_dates(device, journey):
        raise PermissionDenied("the dates are the owner's")
    journey.infusion_date = infusion_date
    journey.collection_date = collection_date
    journey.save(update_fields=["infusion_date", "collection_date"])


def journey_set_check(*, journey, item, checked):
    if checked:
        JourneyCheck.objects.get_or_create(journey=journey, item=item)
    else:
        JourneyCheck.objects.filter(journey=journey, item=item).delete()


def journeys_purge(*, idle_days):
    """Delete journeys nobody has opened for `idle_days` days. Returns how many."""
    cutoff = timezone.now() - datetime.timedelta(days=idle_days)
    _total, per_model = Journey.objects.idle_since(cutoff).delete()
    return per_model.get(Journey._meta.label, 0)
