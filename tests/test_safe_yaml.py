"""Seed files refuse YAML anchors and aliases ("billion laughs"), with file:line."""

import pytest

from journeys.content.seeds import SeedValidationError, read_seeds

LAUGHS = """sources:
  - slug: a
    title: &t "lol"
    url: https://example.org/a
    publisher: *t
"""


@pytest.mark.django_db
def test_a_seed_file_with_an_anchor_is_refused_at_its_line(tmp_path):
    (tmp_path / "sources.yaml").write_text(LAUGHS)
    with pytest.raises(SeedValidationError) as caught:
        read_seeds(tmp_path)
    messages = [str(e) for e in caught.value.errors]
    assert any(
        m.endswith("sources.yaml:3: YAML syntax error: anchors (&name) are not allowed")
        for m in messages
    ), messages
