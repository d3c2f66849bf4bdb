"""YAML with line numbers: every mapping remembers where it and each of its keys stand."""

import yaml

from journeys.content.safe_yaml import NoAliasesMixin


class LineDict(dict):
    """A mapping that remembers the line of itself and of each of its keys."""

    line = 0
    key_lines: dict

    def line_of(self, key):
        return self.key_lines.get(key, self.line)


class LineLoader(NoAliasesMixin, yaml.SafeLoader):
    def __init__(self, stream):
        super().__init__(stream)
        self.duplicate_keys = []


def _construct_mapping(loader, node):
    loader.flatten_mapping(node)
    mapping = LineDict()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if key in mapping:
            loader.duplicate_keys.append((line, key))
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = line
    return mapping


# Dates stay strings until the model field parses them, so a bad date becomes a
# file:line message instead of an exception from inside the YAML parser.
LineLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
