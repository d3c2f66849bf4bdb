"""The static files parse: a stylesheet with an unclosed block silently swallows every
rule after it (a merge once left one open, and the timeline picture lost its phone layout),
and a script that does not parse runs not at all (a merge once cut `app.js` in two)."""

import re
from pathlib import Path

import esprima
import pytest
from django.conf import settings

STATIC = Path(settings.BASE_DIR) / "static"
CSS = sorted(STATIC.glob("**/*.css"))
SCRIPTS = sorted(STATIC.glob("**/*.js"))


@pytest.mark.parametrize("path", CSS, ids=[p.name for p in CSS])
def test_every_stylesheet_closes_each_block_it_opens(path):
    text = re.sub(r"/\*.*?\*/", "", path.read_text(encoding="utf-8"), flags=re.S)
    text = re.sub(r"\"[^\"]*\"|'[^']*'", "", text)
    depth = 0
    for number, line in enumerate(text.splitlines(), 1):
        depth += line.count("{") - line.count("}")
        assert depth >= 0, f"{path.name}:{number}: a '}}' closes nothing"
    assert depth == 0, f"{path.name}: {depth} block(s) left open"


def test_there_are_scripts_to_check():
    assert "app.js" in {p.name for p in SCRIPTS}


@pytest.mark.parametrize("path", SCRIPTS, ids=[p.name for p in SCRIPTS])
def test_every_script_parses(path):
    """esprima parses ECMAScript 2017, the syntax our scripts keep to (every browser the
    center's patients use runs it); a cut or unbalanced file is a syntax error."""
    source = path.read_text(encoding="utf-8")
    try:
        esprima.parseScript(source, {"tolerant": False})
    except esprima.Error as error:
        pytest.fail(f"{path.relative_to(STATIC)} does not parse: {error}")


def test_the_script_check_sees_a_script_cut_in_two():
    source = (STATIC / "js" / "app.js").read_text(encoding="utf-8")
    with pytest.raises(esprima.Error):
        esprima.parseScript(source[: len(source) // 2])
