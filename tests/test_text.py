from journeys.text import fill_placeholders, render_markdown


def test_placeholders_are_filled_and_unknown_braces_left_alone():
    text = "Stay near {center_name} for {stay_near_days} days. {not_a_placeholder}"
    assert fill_placeholders(text, {"center_name": "City Hospital", "stay_near_days": 14}) == (
        "Stay near City Hospital for 14 days. {not_a_placeholder}"
    )


def test_markdown_renders_lists_and_emphasis():
    html = render_markdown("You may feel:\n\n- **tired**\n- cold")
    assert "<li><strong>tired</strong></li>" in html
    assert "<ul>" in html


HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "<iframe src='https://evil.example'></iframe>",
    "<style>body{display:none}</style>",
    "[click](javascript:alert(1))",
    '<a href="#" onclick="steal()">x</a>',
    '<p style="position:fixed">x</p>',
]


def test_hostile_markup_is_neutralised():
    for text in HOSTILE:
        html = render_markdown(text).lower()
        for bad in ("<script", "onerror", "<iframe", "<style", "javascript:", "onclick", "style="):
            assert bad not in html, (text, html)
