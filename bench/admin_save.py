#!/usr/bin/env python
"""How long a staff member waits when saving an item in admin (production settings).

A medical reviewer edits a published step's words and saves: the edit waits for review
(pending), the row's HTML is rendered (Governed.render_fields), history is written and
the content version moves. Prints the median and slowest of N saves, in-process, on a
fresh SQLite copy of the seeds (or DATABASE_URL). Run it with `make bench`.
"""

from inprocess import ROOT, load_content  # noqa: F401 - sets Django up first

# isort: split

import re
import statistics
import time

from django.contrib.auth.models import Group, User
from django.test import Client

FIELD_RE = re.compile(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"')
TEXTAREA_RE = re.compile(r'<textarea[^>]*name="([^"]+)"[^>]*>\n?(.*?)</textarea>', re.S)
SELECT_RE = re.compile(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', re.S)


def form_data(html):
    data = dict(FIELD_RE.findall(html))
    for name, body in TEXTAREA_RE.findall(html):
        data[name] = body.replace("&#x27;", "'").replace("&quot;", '"').replace("&amp;", "&")
    for name, inner in SELECT_RE.findall(html):
        chosen = re.findall(r'<option value="([^"]*)"[^>]*selected', inner)
        data[name] = chosen if name == "sources" else (chosen[0] if chosen else "")
    return {k: v for k, v in data.items() if not k.startswith("_")} | {"_save": "Save"}


def main(saves=30):
    load_content()
    reviewer = User.objects.create_user("reviewer", password="x" * 12, is_staff=True)
    reviewer.groups.add(Group.objects.get(name="Medical reviewers"))
    client = Client(enforce_csrf_checks=False)
    client.force_login(reviewer)
    from journeys.models import Step

    step = Step.objects.filter(status="published").first()
    url = f"/admin/journeys/step/{step.pk}/change/"
    times = []
    for n in range(saves):
        data = form_data(client.get(url).content.decode())
        data["body"] = f"{step.body}\n\nEdit number {n}."
        start = time.perf_counter()
        response = client.post(url, data)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 302, (response.status_code, response.content[:500])
    print(
        f"admin save of a published step ({saves} saves, the edit waits for review): "
        f"median {statistics.median(times):.1f} ms, slowest {max(times):.1f} ms"
    )


if __name__ == "__main__":
    main()
