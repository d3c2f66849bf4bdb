"""YAML without anchors and aliases, for everything staff or files hand us.

`&name` and `*name` let a few hundred bytes expand to gigabytes ("billion laughs"): a
433-byte upload once took 9 s and 816 MB. No seed file or front matter needs them, so
the loaders here refuse them with the line where they stand.
"""

import yaml
from yaml.composer import ComposerError

#: No seed file or front matter nests deeper; 4,000 nested `[` once overflowed the stack.
MAX_DEPTH = 40


class NoAliasesMixin:
    """For a yaml.SafeLoader subclass: refuse anchors and aliases before composing them,
    and nesting deeper than MAX_DEPTH."""

    _depth = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise ComposerError(None, None, "aliases (*name) are not allowed", event.start_mark)
        if getattr(event, "anchor", None):
            raise ComposerError(None, None, "anchors (&name) are not allowed", event.start_mark)
        if self._depth >= MAX_DEPTH:
            raise ComposerError(
                None, None, f"nesting deeper than {MAX_DEPTH} levels", event.start_mark
            )
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


class SafeLoader(NoAliasesMixin, yaml.SafeLoader):
    pass


def load(text):
    """yaml.safe_load, without anchors and aliases."""
    loader = SafeLoader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()
