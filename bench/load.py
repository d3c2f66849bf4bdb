#!/usr/bin/env python
"""Load benchmark: gunicorn with production settings on 127.0.0.1, loaded with wrk.

    .venv/bin/python bench/load.py                # issue 26's pages, three runs, PASS/MISS
    .venv/bin/python bench/load.py --all-pages    # every patient page
    .venv/bin/python bench/load.py --only on --page "daily log, 28" --repeat 5

Runs three times in one go (each on a fresh server): every cache off (the content memo,
`DJANGO_CONTENT_CACHE=false`, and the page cache, `DJANGO_PAGE_CACHE_SECONDS=0`: every
request is a first render after a publish), the page cache off with the memo on, and
both on as in production. Each run prints requests/s and p50/p95/p99 latency for
every page and its throughput as a share of a trivial view's (/healthz) served by the
same processes, measured again just before and just after that page (`--trivial-seconds`;
the page's share is of their mean). `--repeat N` loads each page N times, each between
two /healthz, and shows the round with the median share. A journey's
own pages (dated timeline, checklist with ticks, shared view) are loaded with the
session of a device that set dates and ticked every caregiver item. `make bench` runs it.
Loads only 127.0.0.1; every run is bounded in time. The machine may be shared: the
ratios to /healthz, measured by the same processes, are the figures to compare.

Targets (issue 26), checked at the end with PASS / MISS: every cache off, every page
>= 0.05x /healthz; caches on, every anonymous page >= 0.4x and every page of a journey
(a device with a session holding one) >= 0.15x.
"""

import argparse
import http.cookiejar
import json
import os
import re
import shutil
import subprocess
import urllib.parse
import urllib.request

from server import ROOT, production_server

HTMX_STEP = {"HX-Request": "true", "HX-Target": "step-panel"}
PAGES = [  # (label, path, headers, whose cookies)
    ("trivial view", "/healthz", {}, "visitor"),
    ("start page", "/", {}, "visitor"),
    ("journey overview", "/journey/", {}, "visitor"),
    ("stage page", "/journey/infusion/", {}, "visitor"),
    ("stage page, first visit (no cookies)", "/journey/infusion/", {}, "newcomer"),
    ("stage page, monitoring", "/journey/monitoring/", {}, "visitor"),
    ("step fragment (htmx)", "/journey/infusion/?step=2", HTMX_STEP, "visitor"),
    ("products", "/products/", {}, "visitor"),
    ("product page", "/products/yescarta/", {}, "visitor"),
    ("urgent help", "/urgent/", {}, "visitor"),
    ("glossary", "/glossary/", {}, "visitor"),
    ("glossary term", "/glossary/cytokine-release-syndrome/", {}, "visitor"),
    ("about and sources", "/about/", {}, "visitor"),
    ("caregiver checklist", "/checklists/", {}, "visitor"),
    ("printable checklist", "/checklists/print/", {}, "visitor"),
    ("search", "/search/?q=fever", {}, "visitor"),
    ("search as you type (htmx)", "/search/?q=can+he+drive", {"HX-Request": "true"}, "visitor"),
    ("print packet builder", "/print/", {}, "visitor"),
    ("dated timeline (own journey)", "/my-journey/", {}, "owner"),
    ("checklist with ticks (own journey)", "/checklists/", {}, "owner"),
    ("wallet card (own journey)", "/my-journey/wallet-card/", {}, "owner"),
    ("calendar file (own journey)", "/my-journey/calendar.ics", {}, "owner"),
    ("printable checklist (own journey)", "/checklists/print/", {}, "owner"),
    ("shared view (follower)", "/checklists/", {}, "follower"),
    ("Spanish: stage page", "/es/journey/infusion/", {}, "visitor"),
    ("Spanish: stage page, first visit (no cookies)", "/es/journey/infusion/", {}, "newcomer"),
    ("Spanish: urgent help", "/es/urgent/", {}, "visitor"),
    ("Spanish: glossary", "/es/glossary/", {}, "visitor"),
    ("Spanish: search", "/es/search/?q=fiebre", {}, "visitor"),
    ("Spanish: dated timeline (own journey)", "/es/my-journey/", {}, "owner"),
    ("Spanish: checklist with ticks (own journey)", "/es/checklists/", {}, "owner"),
    ("daily log, 28 days x 4 entries + handwriting", "/my-journey/log/", {}, "logger"),
    ("daily log print-out, 28 days", "/my-journey/log/print/", {}, "logger"),
]
#: The pages issue 26's targets name: the stage page in both languages, search, the
#: packet, urgent help, a journey's own page and the log with a session.
ISSUE_PAGES = {
    "/healthz",
    "/journey/infusion/",
    "/es/journey/infusion/",
    "/search/?q=fever",
    "/print/",
    "/urgent/",
    "/my-journey/",
    "/my-journey/log/",
}
#: Whose pages count as "a page of a journey" for the targets.
JOURNEY_DEVICES = {"owner", "follower", "logger"}
RUNS = {  # name: (title, environment)
    "off": (
        "Every cache off (content memo and page cache): the first render after a publish",
        {"DJANGO_CONTENT_CACHE": "false", "DJANGO_PAGE_CACHE_SECONDS": "0"},
    ),
    "memo": (
        "Page cache off, content memo on",
        {"DJANGO_CONTENT_CACHE": "true", "DJANGO_PAGE_CACHE_SECONDS": "0"},
    ),
    "on": (
        "Caches on (production)",
        {"DJANGO_CONTENT_CACHE": "true", "DJANGO_PAGE_CACHE_SECONDS": "600"},
    ),
}
TARGET_OFF, TARGET_ANONYMOUS, TARGET_JOURNEY = 0.05, 0.4, 0.15
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ITEM_RE = re.compile(r'name="item" value="(\d+)".*?name="stage" value="([^"]+)"', re.S)


class PlainHttpPolicy(http.cookiejar.DefaultCookiePolicy):
    """Production cookies are Secure; on plain-HTTP loopback, send them back anyway."""

    def return_ok_secure(self, cookie, request):
        return True


class Device:
    """A browser with its own cookies, for setting up the journey pages."""

    def __init__(self, base):
        self.base = base
        self.jar = http.cookiejar.CookieJar(policy=PlainHttpPolicy())
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path):
        with self.opener.open(self.base + path) as response:
            return response.read().decode()

    def post(self, path, data):
        token = CSRF_RE.search(self.get("/")).group(1)
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode()
        request = urllib.request.Request(self.base + path, data=body)
        request.add_header("Referer", self.base + path)
        with self.opener.open(request) as response:
            return response.read().decode()

    def post_file(self, path, data, name, filename, content, content_type):
        """A multipart/form-data POST with one file (the handwriting upload)."""
        token = CSRF_RE.search(self.get("/")).group(1)
        boundary = "----bench-boundary-7f3a"
        parts = []
        for key, value in {**data, "csrfmiddlewaretoken": token}.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n'
                f"{value}\r\n".encode()
            )
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'.encode()
            + content
            + b"\r\n"
        )
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        request = urllib.request.Request(self.base + path, data=body)
        request.add_header("Content-Type", f"multipart/form-data; boundary={boundary}")
        request.add_header("Referer", self.base + path)
        with self.opener.open(request) as response:
            return response.read().decode()

    def cookie_header(self):
        return "; ".join(f"{c.name}={c.value}" for c in self.jar)


def devices(base):
    """A visitor (product chosen), the owner of a dated journey with every item ticked,
    and a caregiver following that journey."""
    visitor, owner, follower = Device(base), Device(base), Device(base)
    for device, role in ((visitor, "patient"), (owner, "patient"), (follower, "caregiver")):
        device.post("/", {"product": "yescarta", "role": role})
    owner.post("/my-journey/", {"infusion_date": _days_ago(5), "collection_date": _days_ago(40)})
    ticks = 0  # the visitor's stage page marks the stage read: its session then holds progress
    for item, stage in ITEM_RE.findall(owner.get("/checklists/")):
        owner.post("/checklists/", {"item": item, "stage": stage, "checked": "1"})
        ticks += 1
    page = owner.post("/my-journey/share/", {"sharing": "on"})
    token = re.search(r"/j/([A-Za-z0-9_-]{20,})/", page).group(1)
    follower.get(f"/j/{token}/")
    follower.post(f"/j/{token}/", {})
    logger = Device(base)
    logger.post("/", {"product": "yescarta", "role": "patient"})
    # Today is the log's day 28, its last open day: days 0-27 are all in the past.
    logger.post("/my-journey/", {"infusion_date": _days_ago(LOG_DAYS)})
    fill_log(logger)
    people = {"visitor": visitor, "owner": owner, "follower": follower, "logger": logger}
    people["newcomer"] = Device(base)  # no cookies: the page everyone sees first
    return people, ticks


LOG_DAYS = 28
SIGN_RE = re.compile(r'name="signs" value="(\d+)"')


def handwriting_png(day):
    """A 1200x400 PNG with a wavy line: what the canvas sends, about the same weight."""
    import io
    import math

    from PIL import Image, ImageDraw

    image = Image.new("RGB", (1200, 400), "white")
    draw = ImageDraw.Draw(image)
    points = [(x, 200 + 60 * math.sin((x + day * 17) / 40)) for x in range(40, 1160, 6)]
    draw.line(points, fill="black", width=5)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def fill_log(device):
    """28 days x 4 entries (some at or above the threshold, some with signs) and a
    handwriting image a day, through the forms, as a family would."""
    signs = SIGN_RE.findall(device.get("/my-journey/log/"))
    for day in range(LOG_DAYS):
        for n, (time, temperature) in enumerate(
            [("06:00", "98.6"), ("12:00", "99.5"), ("18:00", "100.4"), ("23:00", "37,2")]
        ):
            data = {
                "day": day,
                "time": time,
                "temperature": temperature,
                "unit": "C" if "," in temperature else "F",
                "key": f"{day:04d}{n:028d}",
            }
            if n == 1:
                data["signs"] = signs[day % len(signs)]
            device.post("/my-journey/log/", data)
        device.post_file(
            "/my-journey/log/handwriting/",
            {"day": day},
            "image",
            "handwriting.png",
            handwriting_png(day),
            "image/png",
        )
    printed = device.get("/my-journey/log/print/")
    readings, images = printed.count('class="reading'), printed.count("handwriting/")
    assert (readings, images) == (LOG_DAYS * 4, LOG_DAYS), (readings, images)


def _days_ago(days):
    """A date `days` before today where the site is: its time zone's today, not this
    machine's (at 04:00 UTC it is still yesterday in New York)."""
    import datetime
    import zoneinfo

    zone = zoneinfo.ZoneInfo(os.environ.get("DJANGO_TIME_ZONE", "America/New_York"))
    today = datetime.datetime.now(zone).date()
    return (today - datetime.timedelta(days=days)).isoformat()


def run_wrk(url, headers, connections, seconds, threads):
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "5s",
        "-s",
        str(ROOT / "bench" / "latency.lua"),
    ]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    out = subprocess.run(
        command + [url], capture_output=True, text=True, check=True, timeout=seconds + 30
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def chosen_pages(args):
    pages = []
    for label, path, headers, who in PAGES:
        if path != "/healthz":
            if args.page and args.page not in label:
                continue
            if (
                not args.page
                and not args.all_pages
                and (path not in ISSUE_PAGES or who == "follower")
            ):
                continue
        pages.append((label, path, headers, who))
    return pages


def drain(base, quick=0.2, timeout=120):
    """Wait until /healthz answers within `quick` seconds: the server has no queue left."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        start = time.monotonic()
        with urllib.request.urlopen(base + "/healthz", timeout=timeout) as response:
            response.read()
        if time.monotonic() - start < quick:
            return
        time.sleep(0.2)


def one_run(args, environment):
    extra = {**environment, "DJANGO_WRITE_RATE": "10000/m"}
    with production_server(workers=args.workers, extra_env=extra) as (base, env):
        people, ticks = devices(base)
        loads = [
            (label, path, who, headers | {"Cookie": people[who].cookie_header()})
            for label, path, headers, who in chosen_pages(args)
        ]
        warm = loads
        if args.warm_all:  # every page first, as an --all-pages run has served them
            warm = [
                (label, path, who, headers | {"Cookie": people[who].cookie_header()})
                for label, path, headers, who in PAGES
            ]
        for _, path, _who, headers in warm:  # warm up every worker
            run_wrk(base + path, headers, 4, 1, 1)
        results = []
        trivial_headers = next(h for _l, p, _w, h in loads if p == "/healthz")

        def trivial():
            # The requests a slow page left queued are served first (drained), or they
            # would count against /healthz.
            drain(base)
            return run_wrk(
                base + "/healthz", trivial_headers, args.connections, args.trivial_seconds, 1
            )

        for label, path, who, headers in loads:
            if path == "/healthz":
                first = trivial()
                results.append((label, path, who, first, first["rps"]))
                continue
            # /healthz again just before and just after each page, for the ratio: on a
            # shared machine the load changes between the start of a run and its last
            # page, and within a page's seconds. With --repeat, the page is loaded that
            # many times (each between two /healthz) and the round with the median ratio
            # is the one shown.
            rounds = []
            before = trivial()
            for _ in range(args.repeat):
                load = run_wrk(base + path, headers, args.connections, args.seconds, args.threads)
                after = trivial()
                rounds.append((load, (before["rps"] + after["rps"]) / 2))
                before = after
            rounds.sort(key=lambda r: r[0]["rps"] / r[1] if r[1] else 0)
            load, around = rounds[len(rounds) // 2]
            load["ratios"] = [r[0]["rps"] / r[1] if r[1] else 0 for r in rounds]
            results.append((label, path, who, load, around))
    return results, env, ticks


def target_of(run, who):
    """The share of /healthz a page must reach in this run (None: no target)."""
    if run == "off":
        return TARGET_OFF
    if run == "on":
        return TARGET_JOURNEY if who in JOURNEY_DEVICES else TARGET_ANONYMOUS
    return None


def print_table(run, title, results):
    print(f"### {title}")
    print()
    print(
        "| page | requests/s | p50 ms | p95 ms | p99 ms | /healthz around | "
        "vs /healthz | target | errors | every round |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | --- |")
    verdicts = []
    for label, path, who, r, trivial in results:
        ratio = r["rps"] / trivial if trivial else 0
        target = target_of(run, who) if path != "/healthz" else None
        errors = r["errors"] + r["non2xx"]
        verdict = ""
        if target is not None:
            met = ratio >= target and not errors
            verdict = f"{'PASS' if met else 'MISS'} >= {target}x"
            verdicts.append((met, f"{run}: {label} `{path}` {ratio:.3f}x (target {target}x)"))
        print(
            f"| {label} `{path}` | {r['rps']:.0f} | {r['p50']:.1f} | {r['p95']:.1f} | "
            f"{r['p99']:.1f} | {trivial:.0f} | {ratio:.3f}x | {verdict} | {errors} | "
            f"{' '.join(f'{x:.3f}' for x in r.get('ratios', ()))} |"
        )
    print()
    return verdicts


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument(
        "--trivial-seconds", type=int, default=2, help="/healthz before and after each page (2)"
    )
    parser.add_argument(
        "--repeat", type=int, default=1, help="load each page this many times: the median counts"
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument(
        "--only",
        choices=list(RUNS),
        help="one run: every cache off, the page cache off (memo on), or both on",
    )
    parser.add_argument(
        "--page", help="load only the pages whose label contains this (and /healthz)"
    )
    parser.add_argument("--all-pages", action="store_true", help="every patient page")
    parser.add_argument(
        "--warm-all",
        action="store_true",
        help="warm the workers with every page, then load only --page's",
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (apt-get install wrk)")

    tables = []
    for name, (title, environment) in RUNS.items():
        if args.only not in (None, name):
            continue
        results, env, ticks = one_run(args, environment)
        tables.append((name, title, results))
    print(
        f"gunicorn -w {args.workers}, wrk -t{args.threads} -c{args.connections} -d{args.seconds}s, "
        f"{os.cpu_count()} cores, production settings, {env['DATABASE_URL'].split(':')[0]}, "
        f"every device sends its cookies; the journey has dates and {ticks} ticks"
    )
    print()
    verdicts = []
    for name, title, results in tables:
        verdicts += print_table(name, title, results)
    print("Targets (issue 26):")
    for met, line in verdicts:
        print(f"  {'PASS' if met else 'MISS'} {line}")


if __name__ == "__main__":
    main()
