"""Rooms by lifecycle (journeys/README.md): each imports only the rooms before it and the
caching package below them all; no module past 500 lines; no import circle."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parent.parent / "journeys"
ROOMS = ["journeys.content", "journeys.journey", "journeys.log"]
BELOW = (
    "journeys.caching.content",
    "journeys.caching.version",
    "journeys.caching.models",
    "journeys.caching.statements",
)


def _module(path):
    parts = path.relative_to(APP.parent).with_suffix("").parts
    return ".".join(parts).removesuffix(".__init__")


def _room(module):
    parts = module.split(".")
    return ".".join(parts[:2]) if len(parts) > 1 else module


def _sources():
    return [p for p in APP.rglob("*.py") if "migrations" not in p.parts]


def _imports(source):
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("journeys"):
            yield node.module, [a.name for a in node.names]
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("journeys"):
                    yield alias.name, []


def _upward(module, source):
    """The imports of `module` that reach up or across: a later room, or anything above the
    rooms (views, template tags, the page cache, middleware)."""
    room = _room(module)
    if room not in ROOMS:
        return []
    bad = []
    for target, names in _imports(source):
        targets = [target] if target != "journeys" else [f"journeys.{n}" for n in names]
        for t in targets:
            other = _room(t)
            if other == room or t.startswith(BELOW):
                continue
            if other in ROOMS and ROOMS.index(other) < ROOMS.index(room):
                continue
            bad.append(f"{module} -> {t}")
    return bad


def test_rooms_import_only_the_rooms_before_them_and_the_cache_below():
    bad = [line for path in _sources() for line in _upward(_module(path), path.read_text())]
    assert not bad, bad


def test_the_caching_package_below_the_rooms_imports_no_room():
    bad = []
    for path in (APP / "caching").glob("*.py"):
        if path.name == "pages.py":  # the page cache is the views' (above the rooms)
            continue
        imports = _imports(path.read_text())
        bad += [f"{path.name} -> {t}" for t, _ in imports if _room(t) in ROOMS]
    assert not bad, bad


def test_the_direction_check_sees_an_upward_import():
    """The check above must fail when a room reaches up or across, and pass what is allowed."""
    source = (
        "from journeys.views import common\n"
        "from journeys.log import models\n"
        "from journeys.caching.pages import cached_page\n"
        "from journeys.caching.version import content_changed\n"
        "from journeys.content.models import Product\n"
    )
    assert _upward("journeys.content.probe", source) == [
        "journeys.content.probe -> journeys.views",
        "journeys.content.probe -> journeys.log",
        "journeys.content.probe -> journeys.caching.pages",
    ]
    assert _upward("journeys.log.probe", "from journeys.journey.models import Journey\n") == []


@pytest.mark.parametrize("room", ["content", "journey", "log"])
def test_each_room_has_its_own_models(room):
    assert (APP / room / "models.py").exists() or (APP / room / "models").is_dir()


def test_no_module_past_500_lines():
    long = {
        str(p.relative_to(APP)): n
        for p in _sources()
        if (n := len(p.read_text().splitlines())) > 500
    }
    assert not long, long


def test_no_import_circle():
    script = APP.parent / "scripts" / "import_cycles.py"
    out = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, check=True
    ).stdout
    assert "(these break at import time): 0" in out
    assert "count too ([f] = inside a function): 0" in out


def _private_imports(module, source):
    """Names starting with _ that `module` imports from another module of journeys/."""
    return [
        f"{module} -> {target}.{name}"
        for target, names in _imports(source)
        for name in names
        if name.startswith("_") and not name.startswith("__") and target != module
    ]


def test_no_module_imports_another_modules_private_helpers():
    """A helper two modules share is public where it lives (views/log.py once reached into
    views/my_journey.py's private helpers)."""
    bad = [line for p in _sources() for line in _private_imports(_module(p), p.read_text())]
    assert not bad, bad
    probe = "from journeys.views.my_journey import _journey_context, journey_context\n"
    assert _private_imports("journeys.views.log", probe) == [
        "journeys.views.log -> journeys.views.my_journey._journey_context"
    ]
