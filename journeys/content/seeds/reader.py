"""Pass 1: read every seed file and check every item; collect each problem as file:line."""

from collections import defaultdict
from pathlib import Path

import yaml

from journeys.content.models.base import Source
from journeys.content.seeds.errors import SeedError, SeedValidationError
from journeys.content.seeds.items import ItemReader, Place
from journeys.content.seeds.spec import CARE_CENTER, INHERITED_KEYS, SECTIONS, SLUG_MODELS
from journeys.content.seeds.yaml_lines import LineDict, LineLoader


def _syntax_error(exc):
    """The line and message of a YAML syntax error."""
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 1
    message = f"YAML syntax error: {exc.problem or exc.context}"
    if exc.context and exc.context_mark and exc.problem_mark:
        message += f" ({exc.context} that starts at line {exc.context_mark.line + 1})"
    return line, message


class _Reader(ItemReader):
    def __init__(self, base_dir):
        self.base_dir = Path(base_dir)
        self.errors = []
        self.items = defaultdict(list)  # Spec -> [Item]
        self.seen_keys = {}  # (model, key) -> "file:line"

    def error(self, path, line, message):
        self.errors.append(SeedError(path, line, message))

    def display(self, path):
        try:
            return str(path.relative_to(self.base_dir.parent))
        except ValueError:
            return str(path)

    def read_file(self, path):
        shown = self.display(path)
        document = self._parse(path, shown)
        if document is None:
            return
        if not isinstance(document, LineDict):
            self.error(shown, 1, "a seed file must be a mapping of sections")
            return
        defaults = self._read_defaults(document, shown)
        for section, value in document.items():
            if section != "defaults":
                line = document.line_of(section)
                self._read_section(section, value, shown, line=line, defaults=defaults)

    def _parse(self, path, shown):
        """The file's document, or None when it is empty or cannot be read."""
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            self.error(shown, 1, f"not UTF-8 text ({exc.reason})")
            return None
        loader = LineLoader(text)
        try:
            document = loader.get_single_data()
        except yaml.MarkedYAMLError as exc:
            self.error(shown, *_syntax_error(exc))
            return None
        except yaml.YAMLError as exc:
            self.error(shown, 1, f"YAML error: {exc}")
            return None
        finally:
            loader.dispose()
        for line, key in loader.duplicate_keys:
            self.error(shown, line, f"duplicate key '{key}'")
        return document

    def _read_defaults(self, document, shown):
        defaults = document.get("defaults") or LineDict()
        if not isinstance(defaults, dict):
            self.error(shown, document.line_of("defaults"), "'defaults' must be a mapping")
            defaults = LineDict()
        for key in defaults:
            if key not in INHERITED_KEYS:
                self.error(
                    shown,
                    defaults.line_of(key),
                    f"unknown key '{key}' in defaults (allowed: {', '.join(INHERITED_KEYS)})",
                )
        return defaults

    def _read_section(self, section, value, shown, *, line, defaults):
        spec = SECTIONS.get(section)
        if spec is None:
            allowed = ", ".join(["defaults", *SECTIONS])
            self.error(shown, line, f"unknown section '{section}' (allowed: {allowed})")
        elif spec is CARE_CENTER:
            if not isinstance(value, dict):
                self.error(shown, line, "'care_center' must be a mapping")
                return
            self.read_item(spec, value, place=Place(shown, section), inherited=defaults)
        elif not isinstance(value, list):
            self.error(shown, line, f"'{section}' must be a list")
        else:
            for position, raw in enumerate(value, start=1):
                place = Place(shown, section, position, line)
                self.read_item(spec, raw, place=place, inherited=defaults)

    def check_references(self):
        known = self._known_slugs()
        for spec, items in self.items.items():
            targets = {**spec.fks, **spec.list_refs()}
            for item in items:
                self._check_item_references(item, targets, known)

    def _known_slugs(self):
        """Model -> the slugs the seeds define plus those already in the database."""
        known = {model: set() for model in SLUG_MODELS}
        for spec, items in self.items.items():
            if spec.model in known:
                known[spec.model].update(item.key[0] for item in items)
        for model in known:
            known[model] |= set(model.objects.values_list("slug", flat=True))
        return known

    def _check_item_references(self, item, targets, known):
        for name, model in targets.items():
            value = item.refs.get(name)
            slugs = value if isinstance(value, list) else [value] if value else []
            for slug in slugs:
                if slug not in known[model]:
                    self.error(
                        item.path,
                        item.raw.line_of(name),
                        f"'{name}': unknown {model._meta.verbose_name} '{slug}'",
                    )
        for language, seed in item.translations.items():
            for slug in seed.data["sources"] or ():
                if slug not in known[Source]:
                    self.error(item.path, seed.line, f"{language}: unknown source '{slug}'")
        if item.spec.governed and not item.refs.get("sources"):
            self.error(item.path, item.line, f"{item.spec.label} cites no sources")


def read_seeds(directory):
    """Read and validate every `*.yaml` file in `directory`; raise SeedValidationError."""
    directory = Path(directory)
    reader = _Reader(directory)
    paths = sorted(directory.glob("*.yaml"))
    if not paths:
        raise SeedValidationError([SeedError(str(directory), 0, "no *.yaml seed files found")])
    for path in paths:
        reader.read_file(path)
    reader.check_references()
    if reader.errors:
        raise SeedValidationError(reader.errors)
    return reader.items
