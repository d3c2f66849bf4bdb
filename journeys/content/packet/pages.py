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

#: A Spanish print-out of the stages, questions and glossary is this much longer
#: (measured 2026-12-06 after issues 27 and 28: the standard packet for Yescarta printed
#: 23 Letter pages in Spanish where a factor of 1.1 announced 21).
SPANISH_FACTOR = 1.2
