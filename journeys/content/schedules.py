"""A product's schedule as the pages need it: one reading of `ProductSchedule` rows.

Every window a page shows comes through here: the chemotherapy days, the infusion days
and their numbering, and the four day counts after the infusion (the stricter of the
label's and the center's, as in numbers.py). A product whose label gives one schedule
per use (Kymriah, Tecartus) shows each use; "not sure yet" shows the range across the
products and names the products that differ (`by_product`).

Day numbers: the dated plan, the log and the CSV count in "offsets" (days after the
(first) infusion date, which is offset 0); a page shows the product's own day number,
offset + `first_infusion_day` (Aucatzyl counts its first infusion as day 1).
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from journeys.content.durations import how_long

#: The stages whose days come from the product's schedule (slugs of the seed stages).
LYMPHODEPLETION, INFUSION, MONITORING, RECOVERY = (
    "lymphodepletion",
    "infusion",
    "monitoring",
    "recovery",
)


def rows_for(product):
    """The product's published schedules, in order (prefetched by selectors.products)."""
    if product is None:
        return []
    cache = getattr(product, "_prefetched_objects_cache", {})
    if "schedules" in cache:
        return list(cache["schedules"])
    if product.pk is None:
        return []
    rows = product.__dict__.get("_schedule_rows")
    if rows is None:  # read once per product instance (a journey's product, a test's row)
        from journeys.content.models.schedule import ProductSchedule

        rows = list(
            ProductSchedule.objects.published().filter(product=product).order_by("order", "pk")
        )
        product.__dict__["_schedule_rows"] = rows
    return list(rows)


# --- one product ---------------------------------------------------------------------


@dataclass(frozen=True)
class Chemo:
    """The chemotherapy days as offsets from the infusion (negative): `first` is the
    earliest first day the label allows, `last` the latest last day."""

    first: int
    last: int
    days_min: int
    days_max: int
    exact: bool  # the label fixes the days (no range)


def chemo_of(row):
    if row is None or "chemo" in (row.unconfirmed or []):
        return None
    values = (
        row.chemo_days_min,
        row.chemo_days_max,
        row.chemo_gap_min_days,
        row.chemo_gap_max_days,
    )
    if any(v is None for v in values):
        return None
    days_min, days_max, gap_min, gap_max = values
    # "Infuse N days after chemotherapy ends": N days without chemotherapy, then the infusion.
    last = -(gap_min + 1)
    first = -(gap_max + 1) - (days_max - 1)
    return Chemo(first, last, days_min, days_max, gap_min == gap_max and days_min == days_max)


def chemo_for(product):
    """The chemotherapy window over all the product's uses, or None when any is unknown."""
    rows = rows_for(product)
    spans = [chemo_of(r) for r in rows]
    if not rows or any(s is None for s in spans):
        return None
    first, last = min(s.first for s in spans), max(s.last for s in spans)
    exact = all(s.exact for s in spans) and len({(s.first, s.last) for s in spans}) == 1
    return Chemo(first, last, min(s.days_min for s in spans), max(s.days_max for s in spans), exact)


def first_infusion_day(product):
    """The day number of the (first) infusion: 0, or 1 where the label counts from day 1."""
    return max((r.first_infusion_day for r in rows_for(product)), default=0)


def second_infusion(product):
    """(day number, may move by days) of a split dose's second infusion, or None."""
    for row in rows_for(product):
        if row.second_infusion_day:
            return row.second_infusion_day, row.second_infusion_window_days or 0
    return None


def day_number(offset, product):
    """The day number a page shows for `offset` days after the (first) infusion date."""
    return offset + first_infusion_day(product)


def label_count(product, name):
    """(value, unknown): the label's day count for the product (the longest over its uses);
    unknown when any use names it as not confirmed. value None = no label sets one."""
    rows = rows_for(product)
    if any(name in (r.unconfirmed or []) for r in rows):
        return None, True
    values = [getattr(r, name) for r in rows if getattr(r, name) is not None]
    return (max(values) if values else None), False


def count_for(product, name, center):
    """The day count in force: the stricter of the label's and the center's, or None when
    the product's number is not confirmed (the care team tells the patient)."""
    value, unknown = label_count(product, name)
    if unknown:
        return None
    present = [v for v in (value, getattr(center, name, None)) if v is not None]
    return max(present) if present else None


# --- words ---------------------------------------------------------------------------


def day_range_text(first, last):
    if first == last:
        return _("day %(day)d") % {"day": first}
    return _("day %(first)d to day %(last)d") % {"first": first, "last": last}


def chemo_days_text(chemo, numbering=0):
    return day_range_text(chemo.first + numbering, chemo.last + numbering)


def chemo_window_text(rows):
    """For the admin list: "day -5 to day -3" or "not confirmed"."""
    spans = [chemo_of(r) for r in rows]
    if not spans or any(s is None for s in spans):
        return _("not confirmed")
    return "; ".join(
        chemo_days_text(s, r.first_infusion_day) for s, r in zip(spans, rows, strict=True)
    )


def product_label(product, row=None):
    """ "Kymriah" or "Kymriah (leukemia (ALL))" for one use."""
    if row is not None and row.use:
        return _("%(brand)s for %(use)s") % {
            "brand": product.brand_name,
            "use": row.get_use_display(),
        }
    return product.brand_name


def per_use_chemo(product):
    """[(label, Chemo or None, numbering)] for each use of the product."""
    rows = rows_for(product)
    return [
        (
            product_label(product, r) if len(rows) > 1 else product.brand_name,
            chemo_of(r),
            r.first_infusion_day,
        )
        for r in rows
    ]


def grouped(pairs):
    """ "A, B: x. C: y." from [(name, text)]: products saying the same thing together."""
    groups = {}
    for name, text in pairs:
        groups.setdefault(text, []).append(name)
    return " ".join(
        _("%(names)s: %(what)s.") % {"names": ", ".join(names), "what": text}
        for text, names in groups.items()
    )


@dataclass
class Range:
    """A day count across products ("not sure yet")."""

    low: int | None
    high: int | None
    others: list = field(default_factory=list)  # [(brand, value or None)] differing from low

    def note(self, *, at_least=True):
        """ "Aucatzyl: at least 4 weeks." for the products whose count differs."""
        pairs = []
        for brand, value in self.others:
            if value is None:
                pairs.append((brand, str(_("your care team will tell you"))))
            elif at_least:
                pairs.append((brand, _("at least %(length)s") % {"length": how_long(value)}))
            else:
                pairs.append((brand, how_long(value)))
        return grouped(pairs)


def count_range(products, name, center):
    values = [(p.brand_name, count_for(p, name, center)) for p in products]
    known = [v for _b, v in values if v is not None]
    centre = getattr(center, name, None)
    if not known:
        return Range(centre, centre)
    low = min(known)
    return Range(low, max(known), [(b, v) for b, v in values if v != low])


# --- stages --------------------------------------------------------------------------


@dataclass(frozen=True)
class Days:
    """One stage's days for one product: offsets (day 0 = the infusion date), or unknown."""

    first: int | None
    last: int | None  # None: open-ended
    length_min: int | None = None
    length_max: int | None = None
    exact: bool = True
    at_least: bool = False
    unknown: bool = False
    numbering: int = 0  # added to offsets when shown


def _stage_days(stage, product, center):
    """The stage's days as the product's schedule sets them, or None (the stage's own)."""
    if not rows_for(product):
        return None
    n = first_infusion_day(product)
    if stage.slug == LYMPHODEPLETION:
        chemo = chemo_for(product)
        if chemo is None:
            return Days(None, None, unknown=True, numbering=n)
        return Days(
            chemo.first, chemo.last, chemo.days_min, chemo.days_max, chemo.exact, numbering=n
        )
    if stage.slug == INFUSION:
        return Days(0, 0, 1, 1, numbering=n)
    stay = count_for(product, "stay_near_days", center)
    if stage.slug == MONITORING:
        if stay is None:
            return Days(0, None, unknown=True, numbering=n)
        return Days(0, stay, stay, stay, at_least=True, numbering=n)
    if stage.slug == RECOVERY and stay is not None and stage.ends_day is not None:
        # Ends where the stage ends (about day 90), in the product's numbering.
        end = stage.ends_day - n
        return Days(stay, end, end - stay, end - stay, numbering=n)
    return None


def _days_words(days):
    if days.unknown or days.first is None:
        return ""
    first, n = days.first + days.numbering, days.numbering
    if days.last is None:
        return _("from day %(day)d on") % {"day": first}
    text = day_range_text(first, days.last + n)
    if not days.exact:
        text = _("%(days)s (your care team sets the exact days)") % {"days": text}
    return text


def _length_words(stage, days):
    return _capital(_length_words_lower(stage, days))


def _length_words_lower(stage, days):
    if days.unknown:
        if stage.slug == LYMPHODEPLETION:
            return _("Your care team will tell you the days of your chemotherapy.")
        return _("Your care team will tell you how long to stay near the center.")
    if days.length_min is None:
        return ""
    length = how_long(days.length_min, days.length_max)
    if stage.slug == LYMPHODEPLETION:
        return _("%(length)s of chemotherapy.") % {"length": length}
    if days.at_least:
        return _("At least %(length)s.") % {"length": length}
    return _("Usually %(length)s.") % {"length": length}


class TimedStage:
    """A stage as a page shows it: its days from the product's schedule (or, for "not sure
    yet", the range across the products), everything else the stage's own."""

    def __init__(self, stage, *, starts_day, ends_day, length_text="", days_text="", note=""):
        self._stage = stage
        self.starts_day = starts_day
        self.ends_day = ends_day
        self.length_text = length_text
        self.days_text = days_text
        self.note = note  # "Aucatzyl: at least 4 weeks." (products named, "not sure yet")

    def __getattr__(self, name):
        return getattr(self._stage, name)

    @property
    def row(self):
        """The stage row itself (its prose is filled from it)."""
        return self._stage

    @property
    def duration_max_days(self):
        if self.starts_day is not None and self.ends_day is not None:
            return max(self.ends_day - self.starts_day, self._stage.duration_max_days, 1)
        return self._stage.duration_max_days


def _capital(text):
    text = str(text)
    return text[:1].upper() + text[1:]


def timed_stage(stage, *, product, center, products=()):
    """The stage with its days for `product`, or for "not sure yet" across `products`."""
    if product is not None:
        days = _stage_days(stage, product, center)
        if days is None:
            return TimedStage(stage, starts_day=stage.starts_day, ends_day=stage.ends_day)
        words = _days_words(days)
        note = ""
        if stage.slug == LYMPHODEPLETION and len(rows_for(product)) > 1:
            uses = per_use_chemo(product)
            if len({(c.first, c.last) if c else None for _l, c, _n in uses}) > 1:
                note = grouped(
                    (label, chemo_days_text(c, n) if c else _("your care team will tell you"))
                    for label, c, n in uses
                )
        return TimedStage(
            stage,
            starts_day=None if days.unknown else days.first + days.numbering,
            ends_day=None if days.unknown or days.last is None else days.last + days.numbering,
            length_text=_length_words(stage, days),
            days_text=_capital(words) + "." if words else "",
            note=note,
        )
    if stage.slug == INFUSION:  # day 0; the split-dose sentence says the rest, unnamed
        return TimedStage(stage, starts_day=stage.starts_day, ends_day=stage.ends_day)
    found = [(p, _stage_days(stage, p, center)) for p in products]
    found = [(p, d) for p, d in found if d is not None]
    if not found:
        return TimedStage(stage, starts_day=stage.starts_day, ends_day=stage.ends_day)
    known = [d for _p, d in found if not d.unknown and d.first is not None]
    words = [(p.brand_name, _days_words(d) or _("your care team will tell you")) for p, d in found]
    common = max({w for _b, w in words}, key=[w for _b, w in words].count)
    note = grouped((b, w) for b, w in words if w != common)
    if stage.slug == MONITORING:
        spread = count_range(products, "stay_near_days", center)
        note = spread.note()
    if not known:
        return TimedStage(stage, starts_day=stage.starts_day, ends_day=stage.ends_day, note=note)
    first = min(d.first + d.numbering for d in known)
    lasts = [d.last + d.numbering for d in known if d.last is not None]
    last = max(lasts) if lasts else None
    lows = [d.length_min for d in known if d.length_min is not None]
    highs = [d.length_max for d in known if d.length_max is not None]
    length_text = ""
    if lows:
        sample = Days(0, 0, min(lows), max(highs), at_least=known[0].at_least)
        length_text = str(_length_words(stage, sample))
    if len({w for _b, w in words}) > 1 and last is not None:
        days_text = _("%(days)s, depending on the product.") % {
            "days": _capital(day_range_text(first, last))
        }
    else:
        days_text = _capital(common) + "." if common else ""
    if stage.slug == MONITORING:
        low = count_range(products, "stay_near_days", center)
        length_text = str(_("At least %(length)s, depending on the product.")) % {
            "length": how_long(low.low, low.high)
        }
        days_text = _capital(day_range_text(0, low.low)) + "."
    return TimedStage(
        stage,
        starts_day=first,
        ends_day=last,
        length_text=length_text,
        days_text=days_text,
        note=note,
    )


def timed_stages(stages, *, product, center, products=()):
    return [timed_stage(s, product=product, center=center, products=products) for s in stages]
