"""The numbers and names prose may show as `{placeholders}`: one definition.

Each placeholder says what it stands for and where its value comes from. A day count
that both the center and the product's label set uses the stricter (longer) of the two.
`text.fill_placeholders` knows only these names, and `effective_numbers` fills exactly
these, so the two cannot drift apart.

A day count has three states for a product: the label sets a number (the stricter of it
and the center's applies); the label sets none (`null`: the center's own rule applies,
and a product page says it is the center's); or the product's number is not confirmed
(named in `Product.unconfirmed_numbers`): then the value is None and a page says the
care team will tell you, never the center's default as though it were the product's.
A sentence holding an unknown number is replaced whole by the placeholder's `unknown`
sentence (`text.fill_html`), so prose never reads "for at least ask your team days".
"""

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from journeys.content.placeholders import (  # noqa: F401 - re-exported
    DAY_COUNTS,
    PLACEHOLDERS,
    Placeholder,
)


def _stricter(*values):
    present = [v for v in values if v is not None]
    return max(present) if present else None


def is_unconfirmed(product, field):
    return product is not None and field in (getattr(product, "unconfirmed_numbers", None) or [])


def _has_schedule(product):
    from journeys.content.schedules import rows_for

    return bool(rows_for(product))


def _strictest(field):
    def value(center, product, products):
        if _has_schedule(product):  # the product's schedule (journeys/content/schedules.py)
            from journeys.content.schedules import count_for

            return count_for(product, field, center)
        if is_unconfirmed(product, field):
            return None
        return _stricter(getattr(center, field), getattr(product, field, None))

    return value


def second_day(product):
    """The split dose's second infusion day: from the schedule, else the product row."""
    if _has_schedule(product):
        from journeys.content.schedules import second_infusion

        found = second_infusion(product)
        return found[0] if found else None
    return getattr(product, "second_infusion_day", None)


def _center(field):
    return lambda center, product, products: getattr(center, field)


def _split_dose_sentence(product):
    return _(
        "%(brand)s is different: you get two infusions, on day 1 and on about day %(day)d."
    ) % {"brand": product.brand_name, "day": second_day(product)}


def _split_dose(center, product, products):
    """Said beside "infusion day is day 0": a split dose counts its first infusion as day 1.
    For "not sure yet" the listed products with a split dose, without naming them (a
    general page never names one product); else nothing."""
    if product is not None:
        return _split_dose_sentence(product) if second_day(product) else ""
    split = [p for p in products if second_day(p)]
    if not split:
        return ""
    days = str(_(" or ")).join(str(d) for d in sorted({second_day(p) for p in split}))
    return ngettext(
        "One CAR-T product is given in two infusions instead: on day 1 and on about day %(days)s.",
        "Some CAR-T products are given in two infusions instead: on day 1 and on about day "
        "%(days)s.",
        len(split),
    ) % {"days": days}


def _fever(center, product, products):
    return f"{center.fever_fahrenheit:.1f} °F ({center.fever_celsius:.1f} °C)"


#: Each placeholder's value: (center, product or None, products) -> value. The names and
#: the "unknown" sentences are in placeholders.py (PLACEHOLDERS, re-exported here).
VALUES: dict[str, Callable[[Any, Any, Any], Any]] = {
    "stay_near_days": _strictest("stay_near_days"),
    "no_driving_days": _strictest("no_driving_days"),
    "caregiver_days": _strictest("caregiver_days"),
    "daily_monitoring_days": _strictest("daily_monitoring_days"),
    "center_name": _center("display_name"),
    "phone_day": _center("phone_day"),
    "phone_after_hours": _center("phone_after_hours"),
    "emergency_number": _center("emergency_number"),
    "fever": _fever,
    "split_dose": _split_dose,
}


class Numbers(dict):
    """The placeholders' values; `by_product` holds, for "not sure yet", what each day
    count is for the products whose count differs ("Aucatzyl: at least 4 weeks.")."""

    by_product = {}


def effective_numbers(*, center, product=None, products=()):
    """Every placeholder's value for this center and product (None = "not sure yet").

    `products` are the published products, for what "not sure yet" says about them all.
    """
    numbers = Numbers({name: value(center, product, products) for name, value in VALUES.items()})
    if product is None and products:
        from journeys.content.schedules import count_range

        notes = {}
        for name in DAY_COUNTS:
            spread = count_range(products, name, center)
            if spread.others:
                notes[name] = spread.note()
        numbers.by_product = notes
    return numbers


def number_origin(*, center, product, name):
    """Whose rule a day count is: "label", "center" or "unknown" (not confirmed)."""
    if _has_schedule(product):
        from journeys.content.schedules import label_count

        label, unknown = label_count(product, name)
        if unknown:
            return "unknown"
        if label is None:
            return "center" if getattr(center, name) is not None else "unknown"
        return "label" if label >= (getattr(center, name) or 0) else "center"
    if is_unconfirmed(product, name):
        return "unknown"
    label = getattr(product, name, None)
    if label is None:
        return "center" if getattr(center, name) is not None else "unknown"
    return "label" if label >= (getattr(center, name) or 0) else "center"
