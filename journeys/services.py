"""Work that crosses models: the visitor's product, journeys, and the numbers prose uses."""

import datetime
import re
import secrets

from django.utils import timezone

from .models import Journey, JourneyCheck, Product

SESSION_PRODUCT = "product"
SESSION_ROLE = "role"
ROLES = ("patient", "caregiver")


def chosen_product(request):
    """The product this visitor picked, or None for "not sure yet" (and for no choice)."""
    slug = request.session.get(SESSION_PRODUCT)
    if not slug:
        return None
    return Product.objects.published().filter(slug=slug).first()


def product_choose(*, request, slug, role=None):
    """Remember a product choice in the session; "" means "not sure yet". Returns the product."""
    product = None
    if slug:
        product = Product.objects.published().filter(slug=slug).first()
        if product is None:
            raise Product.DoesNotExist(slug)
    request.session[SESSION_PRODUCT] = product.slug if product else ""
    if role in ROLES:
        request.session[SESSION_ROLE] = role
    journey = journey_for_request(request)
    if journey is not None and journey_is_owner(request) and journey.product != product:
        journey.product = product
        journey.save(update_fields=["product"])
    return product


def signs_for_product(signs, product):
    """The warning signs that matter for `product`: general ones plus its own.

    `signs` must have `products` prefetched; "not sure yet" (None) gets the general ones.
    """
    return [
        sign
        for sign in signs
        if not sign.products.all() or (product is not None and product in sign.products.all())
    ]


def _stricter(*values):
    present = [v for v in values if v is not None]
    return max(present) if present else None


def effective_numbers(*, center, product=None):
    """Values for prose placeholders: the stricter of the center's rule and the product's label."""
    return {
        "stay_near_days": _stricter(
            center.stay_near_days, getattr(product, "stay_near_days", None)
        ),
        "no_driving_days": _stricter(
            center.no_driving_days, getattr(product, "no_driving_days", None)
        ),
        "caregiver_days": center.caregiver_days,
        "daily_monitoring_days": _stricter(
            center.daily_monitoring_days, getattr(product, "daily_monitoring_days", None)
        ),
        "center_name": center.name,
        "phone_day": center.phone_day,
        "phone_after_hours": center.phone_after_hours,
        "emergency_number": center.emergency_number,
    }


# --------------------------------------------------------------------------- #
# Journeys: progress without an account
# --------------------------------------------------------------------------- #

TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{43}")  # secrets.token_urlsafe(32)
SESSION_JOURNEY = "journey"
SESSION_JOURNEY_VIA = "journey_via"  # "owner", or the share token this device came in with
OWNER = "owner"
EARLIEST_DAYS_BACK = 366 * 2
LATEST_DAYS_AHEAD = 366


def journey_for_request(request):
    """The journey this device may see, or None. A revoked share link no longer counts."""
    pk = request.session.get(SESSION_JOURNEY)
    if not pk:
        return None
    journey = Journey.objects.select_related("product").filter(pk=pk).first()
    via = request.session.get(SESSION_JOURNEY_VIA)
    if journey is None or (via != OWNER and (not journey.token or journey.token != via)):
        request.session.pop(SESSION_JOURNEY, None)
        request.session.pop(SESSION_JOURNEY_VIA, None)
        return None
    now = timezone.now()
    if (now - journey.last_seen_at).total_seconds() > 3600:
        Journey.objects.filter(pk=journey.pk).update(last_seen_at=now)
    return journey


def journey_get_or_create(*, request):
    """The device's journey, made on first personalisation (and only then)."""
    journey = journey_for_request(request)
    if journey is None:
        journey = Journey.objects.create(product=chosen_product(request))
        request.session[SESSION_JOURNEY] = journey.pk
        request.session[SESSION_JOURNEY_VIA] = OWNER
    return journey


def journey_join(*, request, token):
    """Open a shared journey on this device (a caregiver's phone). Returns it or None."""
    if not TOKEN_RE.fullmatch(token or ""):
        return None
    journey = Journey.objects.select_related("product").filter(token=token).first()
    if journey is None:
        return None
    request.session[SESSION_JOURNEY] = journey.pk
    request.session[SESSION_JOURNEY_VIA] = token
    request.session[SESSION_PRODUCT] = journey.product.slug if journey.product else ""
    return journey


def journey_is_owner(request):
    return request.session.get(SESSION_JOURNEY_VIA) == OWNER


def journey_share(*, journey, on):
    """Turn the share link on (a new unguessable token) or off (the old link dies at once)."""
    journey.token = secrets.token_urlsafe(32) if on else None  # 256 bits
    journey.save(update_fields=["token"])
    return journey.token


def journey_forget(*, request, journey):
    """Erase the journey and everything the session knows about it."""
    if journey is not None:
        journey.delete()
    request.session.flush()


def journey_set_dates(*, journey, infusion_date, collection_date=None):
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
