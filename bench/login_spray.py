#!/usr/bin/env python
"""A username spray at the staff login from one address, and /healthz meanwhile (issue 29).

gunicorn with production settings on 127.0.0.1 (bench/server.py). Three sprayers each
POST the login form with 50 made-up usernames (their own CSRF cookie and token) while
the main thread asks /healthz every 50 ms. Prints, per sprayer, the attempt that first
got the 429 throttle page, how many attempts reached the password check, and the /healthz
median and slowest while it ran. Without CACHE_URL (Redis) each worker counts its own
attempts (docs/deploy.md), so up to workers x ADMIN_LOGIN_RATE get through per minute.

    .venv/bin/python bench/login_spray.py
"""

import http.cookiejar
import re
import statistics
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from server import production_server  # noqa: E402

TOKEN_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class PlainHttpPolicy(http.cookiejar.DefaultCookiePolicy):
    """Production cookies are Secure; on plain-HTTP loopback, send them back anyway."""

    def return_ok_secure(self, cookie, request):
        return True


def spray(base, name, attempts, results):
    jar = http.cookiejar.CookieJar(policy=PlainHttpPolicy())
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(base + "/admin/login/") as page:
        token = TOKEN_RE.search(page.read().decode()).group(1)
    codes = []
    for n in range(attempts):
        body = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token, "username": f"{name}-{n}", "password": "wrong-pass"}
        ).encode()
        request = urllib.request.Request(
            base + "/admin/login/?next=/admin/",
            data=body,
            headers={"Referer": base + "/admin/login/"},
        )
        try:
            with opener.open(request) as response:
                codes.append(response.status)
        except urllib.error.HTTPError as error:
            codes.append(error.code)
    results[name] = codes


def main(attempts=50, sprayers=3):
    with production_server(workers=2) as (base, _env):
        results, threads = {}, []
        for n in range(sprayers):
            thread = threading.Thread(target=spray, args=(base, f"s{n}", attempts, results))
            thread.start()
            threads.append(thread)
        health = []
        while any(t.is_alive() for t in threads):
            start = time.perf_counter()
            with urllib.request.urlopen(base + "/healthz") as response:
                response.read()
            health.append((time.perf_counter() - start) * 1000)
            time.sleep(0.05)
        for thread in threads:
            thread.join()
    for name, codes in sorted(results.items()):
        first = codes.index(429) + 1 if 429 in codes else None
        checked = sum(1 for c in codes if c != 429)
        print(
            f"sprayer {name}: {attempts} usernames, first 429 at attempt {first}, "
            f"{checked} reached the password check, answers {sorted(set(codes))}"
        )
    print(
        f"/healthz meanwhile: {len(health)} requests, median {statistics.median(health):.1f} ms, "
        f"slowest {max(health):.1f} ms"
    )


if __name__ == "__main__":
    main()
