"""Reading, validating and writing the YAML seed content in `seeds/`.

The loader works in two passes. The first reads every file and checks every item
against the models (types, choices, lengths, constraints, references) and collects
each problem as ``file:line: message``; nothing is written when there is one. The
second writes, in one transaction, by natural key. `seeds_export` writes the database
back in the same format, so that loading its files changes nothing.

Staff edits are protected by a record of what the loader last wrote: each row keeps
that data (`seed_data`). A field whose current value differs from it was changed by
staff since, and the loader keeps their version unless forced.

The modules: `spec` (what each section holds, the canonical form of a row),
`yaml_lines` (YAML that remembers line numbers), `reader` and `items` (pass 1),
`writer` (pass 2), `export` (the database back to seed files), `errors`.
"""

from journeys.content.seeds.errors import SeedError, SeedExportError, SeedValidationError
from journeys.content.seeds.export import ExportSummary, seeds_export
from journeys.content.seeds.items import Item
from journeys.content.seeds.reader import read_seeds
from journeys.content.seeds.spec import (
    BOOKKEEPING_FIELDS,
    GOVERNANCE_FIELDS,
    INHERITED_KEYS,
    SECTIONS,
    SLUG_MODELS,
    Spec,
    db_refs,
    snapshot,
)
from journeys.content.seeds.writer import LoadReport, seeds_load
from journeys.content.seeds.yaml_lines import LineDict

__all__ = [
    "BOOKKEEPING_FIELDS",
    "GOVERNANCE_FIELDS",
    "INHERITED_KEYS",
    "SECTIONS",
    "SLUG_MODELS",
    "ExportSummary",
    "Item",
    "LineDict",
    "LoadReport",
    "SeedError",
    "SeedExportError",
    "SeedValidationError",
    "Spec",
    "db_refs",
    "read_seeds",
    "seeds_export",
    "seeds_load",
    "snapshot",
]
