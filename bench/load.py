#!/usr/bin/env python
"""Load benchmark: gunicorn with production settings on 127.0.0.1, loaded with wrk.

Prints requests/s and p50/p95/p99 latency for the main pages and for a trivial view
(/healthz) served by the same processes in the same run, and the ratio of each page's
throughput to the trivial view's. Run it with `make bench` (or `.venv/bin/python
bench/load.py`). Loads only 127.0.0.1; every run is bounded in time.
"""

import argparse
import json
import os
import shutil
import subprocess
import urllib.request

from server import ROOT, production_server

PAGES = [
    ("trivial view (/healthz)", "/healthz", {}),
    ("start page", "/", {}),
    ("stage page", "/journey/infusion/", {}),
    (
        "step fragment (htmx)",
        "/journey/infusion/?step=2",
        {"HX-Request": "true", "HX-Target": "step-panel"},
    ),
    ("caregiver checklist", "/checklists/", {}),
    ("urgent help", "/urgent/", {}),
]


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


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (apt-get install wrk)")

    with production_server(workers=args.workers) as (base, env):
        # Like a browser on its second page: it sends back the CSRF cookie it was given.
        with urllib.request.urlopen(base + "/") as first:
            cookie = first.headers.get("Set-Cookie", "").split(";")[0]
        for _, _, headers in PAGES:
            headers["Cookie"] = cookie
        for _, path, headers in PAGES:  # warm up every worker
            run_wrk(base + path, headers, 4, 1, 1)
        results = [
            (
                label,
                path,
                run_wrk(base + path, headers, args.connections, args.seconds, args.threads),
            )
            for label, path, headers in PAGES
        ]

    trivial = results[0][2]["rps"]
    print(
        f"gunicorn -w {args.workers}, wrk -t{args.threads} -c{args.connections} -d{args.seconds}s, "
        f"{os.cpu_count()} cores, production settings, {env['DATABASE_URL'].split(':')[0]}, "
        "returning visitor (CSRF cookie sent)"
    )
    print()
    print("| page | requests/s | p50 ms | p95 ms | p99 ms | vs trivial | errors |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for label, path, r in results:
        ratio = r["rps"] / trivial if trivial else 0
        print(
            f"| {label} `{path}` | {r['rps']:.0f} | {r['p50']:.1f} | {r['p95']:.1f} | "
            f"{r['p99']:.1f} | {ratio:.0%} | {r['errors'] + r['non2xx']} |"
        )


if __name__ == "__main__":
    main()
