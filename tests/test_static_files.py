"""The static files parse: a stylesheet with an unclosed block silently swallows every
rule after it (a merge once left one open, and the timeline picture lost its phone layout)."""

import re
from pathlib import Path

import pytest
from django.conf import settings

CSS = sorted((Path(settings.BASE_DIR) / "static" / "css").glob("*.css"))


@pytest.mark.parametrize("path", CSS, ids=[p.name for p in CSS])
def test_every_stylesheet_closes_each_block_it_opens(path):
    text = re.sub(r"/\*.*?\*/", "", path.read_text(encoding="utf-8"), flags=re.S)
    text = re.sub(r"\"[^\"]*\"|'[^']*'", "", text)
    depth = 0
    for number, line in enumerate(text.splitlines(), 1):
        depth += line.count("{") - line.count("}")
        assert depth >= 0, f"{path.name}:{number}: a '}}' closes nothing"
    assert depth == 0, f"{path.name}: {depth} block(s) left open"
