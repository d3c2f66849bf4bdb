"""The journeys app's models, one module per lifecycle; import them from here.

- `content_base`: the governance all published content shares (`SeedTracked`,
  `Reviewed`, `Governed`, `ContentQuerySet`, the status and audience choices,
  `MarkdownField`) and `Source`, what content cites.
- `care_center`: `CareCenter`, the one center and the numbers patients call.
- `content`: the published content (`Product` … `GlossaryTerm`, `Resource`).
- `schedule`: `ProductSchedule`, a product's days around the infusion, per use.
- `translation`: `Translation` and `TRANSLATED_FIELDS`.
- `journey`: a patient's `Journey` and its ticks (`JourneyCheck`).
- `infrastructure`: `ContentVersion` (journeys/caching/version.py).
- `tallies`: `CheckTally`, the per-question answer counters.
- the daily log's `LogEntry` and `LogDay` live in journeys/log/models.py; importing
  them here is what makes Django find them (they are `journeys` models).

Modules import one another in that order and never this package, so there is no
import circle; everything else imports `journeys.models`.
"""

from .care_center import (
    EXAMPLE_CENTER_ADDRESSES,
    EXAMPLE_CENTER_NAMES,
    CareCenter,
    validate_phone_number,
)
from .changes import REASON_LANGUAGES, PublishedChange, still_published
from .content import (
    DAILYMED_SEARCH,
    ChecklistItem,
    CheckQuestion,
    DatePrecision,
    GlossaryTerm,
    Guidance,
    Indication,
    Product,
    ProductStageNote,
    Question,
    Resource,
    Stage,
    StageChild,
    Step,
    WarningSign,
)
from .content_base import (
    REVIEW_INTERVAL_DAYS,
    Audience,
    ContentQuerySet,
    Governed,
    MarkdownField,
    Reviewed,
    ReviewInterval,
    SeedTracked,
    Source,
    Status,
    min_le_max,
    validate_day_count_names,
    validate_day_list,
)
from .infrastructure import ContentVersion
from .journey import Journey, JourneyCheck, JourneyQuerySet
from .schedule import CITED_GROUPS, ProductSchedule
from .tallies import CheckTally
from .translation import TRANSLATED_FIELDS, Translation, english_fingerprint

#: Every model the seed files fill, in the order they must be loaded.
CONTENT_MODELS = [
    Product,
    Indication,
    ProductSchedule,
    Stage,
    Step,
    Guidance,
    ChecklistItem,
    Question,
    CheckQuestion,
    ProductStageNote,
    WarningSign,
    GlossaryTerm,
    Resource,
    Translation,
]

# The daily check log lives in its own package; its models are journeys models, found by
# Django through this import. Last, as before the split, so the app's model order is kept.
from ..log.models import LogDay, LogEntry  # noqa: E402

__all__ = [
    "CITED_GROUPS",
    "REASON_LANGUAGES",
    "PublishedChange",
    "still_published",
    "CONTENT_MODELS",
    "DAILYMED_SEARCH",
    "EXAMPLE_CENTER_ADDRESSES",
    "EXAMPLE_CENTER_NAMES",
    "REVIEW_INTERVAL_DAYS",
    "TRANSLATED_FIELDS",
    "Audience",
    "CareCenter",
    "CheckQuestion",
    "CheckTally",
    "ChecklistItem",
    "ContentQuerySet",
    "ContentVersion",
    "DatePrecision",
    "GlossaryTerm",
    "Governed",
    "Guidance",
    "Indication",
    "Journey",
    "JourneyCheck",
    "JourneyQuerySet",
    "LogDay",
    "LogEntry",
    "MarkdownField",
    "Product",
    "ProductSchedule",
    "ProductStageNote",
    "Question",
    "Resource",
    "ReviewInterval",
    "Reviewed",
    "SeedTracked",
    "Source",
    "Stage",
    "StageChild",
    "Status",
    "Step",
    "Translation",
    "WarningSign",
    "english_fingerprint",
    "min_le_max",
    "validate_day_count_names",
    "validate_day_list",
    "validate_phone_number",
]
