"""Work that crosses models: the visitor's chosen product and the numbers prose refers to."""

from .models import Product

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
    return product


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
