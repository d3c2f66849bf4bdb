"""Published content's models, one module per kind; import them from here.

- `base`: the governance all published content shares (`SeedTracked`, `Reviewed`,
  `Governed`, `ContentQuerySet`, the status and audience choices, `MarkdownField`) and
  `Source`, what content cites.
- `care_center`: `CareCenter`, the one center and the numbers patients call.
- `content`: the published content (`Product` ... `GlossaryTerm`, `Resource`).
- `translation`: `Translation` and `TRANSLATED_FIELDS`.
- `tallies`: `CheckTally`, how many people answered each check question (counts only).

Modules import one another in that order and never this package.
"""

from journeys.content.models.base import (
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
from journeys.content.models.care_center import (
    EXAMPLE_CENTER_ADDRESSES,
    EXAMPLE_CENTER_NAMES,
    CareCenter,
    validate_phone_number,
)
from journeys.content.models.changes import REASON_LANGUAGES, PublishedChange, still_published
from journeys.content.models.content import (
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
from journeys.content.models.schedule import CITED_GROUPS, ProductSchedule
from journeys.content.models.tallies import CheckTally
from journeys.content.models.translation import TRANSLATED_FIELDS, Translation, english_fingerprint

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
    "DatePrecision",
    "GlossaryTerm",
    "Governed",
    "Guidance",
    "Indication",
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
