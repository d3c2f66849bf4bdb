"""How many printed pages each part of the packet takes, measured once in Chromium.

tests/browser/test_packet.py prints every part on its own at each paper size with the
shipped seeds (English, every stage, a product chosen) and fails when a count here is
more than one page off, so the estimate stays honest as content grows. Spanish runs
about a fifth longer; the estimate says "about".
"""

#: part -> {paper: pages}
PAGES = {
    "cover": {"letter": 1, "a4": 1},
    "stages": {"letter": 10, "a4": 10},  # issue 27 added content: was Letter 9, A4 8
    "checklist": {"letter": 1, "a4": 1},
    "signs": {"letter": 2, "a4": 2},
    "log": {"letter": 1, "a4": 1},
    "wallet": {"letter": 1, "a4": 1},
    "questions": {"letter": 2, "a4": 2},
    "glossary": {"letter": 2, "a4": 2},
}

#: The warning signs' part is counted from its content, as each product has its own signs
#: (Carvykti four more: the four-sign list printed a third sheet where "2" was announced,
#: issue 30): a sign is its name and a blank line, then each line of its symptoms, one line
#: per SIGN_LINE_CHARS characters; the two boxes' headings and borders take SIGN_BOX_LINES;
#: a sheet holds SIGN_PAGE_LINES (measured in Chromium, 10 pt, on Letter and A4 alike:
#: 14 signs print 2 sheets, 18 print 3; tests/browser/test_packet.py prints each product's
#: in both languages on both papers and fails unless the estimate is exact).
SIGN_LINE_CHARS = 85
SIGN_BOX_LINES = 6
SIGN_PAGE_LINES = {"letter": 48, "a4": 48}

#: A Spanish print-out of the stages, questions and glossary is this much longer
#: (measured 2026-12-06 after issues 27 and 28: the standard packet for Yescarta printed
#: 23 Letter pages in Spanish where a factor of 1.1 announced 21).
SPANISH_FACTOR = 1.2
