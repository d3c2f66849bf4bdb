#!/usr/bin/env python
"""Lighthouse scores (mobile preset) for the main pages, against gunicorn with production
settings on 127.0.0.1. Needs Node.js; installs Lighthouse into bench/.lighthouse/ from the
npm registry on first use. Targets: performance >= 95; accessibility, best practices, SEO 100.
"""

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from server import ROOT, production_server

TOOL = ROOT / "bench" / ".lighthouse"
PAGES = [
    "/",
    "/journey/",
    "/journey/infusion/",
    "/products/yescarta/",
    "/urgent/",
    "/glossary/",
    "/checklists/",
    "/my-journey/",
]
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run "
    "--disable-background-networking --disable-component-update --disable-sync"
)


def lighthouse_bin():
    binary = TOOL / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        TOOL.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "install", "--prefix", str(TOOL), "--no-audit", "--no-fund", "lighthouse@12"],
            check=True,
            timeout=600,
        )
    return binary


def score(binary, url, out_dir):
    report = Path(out_dir) / "report.json"
    for _attempt in range(3):  # Lighthouse sometimes fails with NO_NAVSTART; try again
        result = subprocess.run(
            [
                str(binary),
                url,
                "--quiet",
                "--output=json",
                f"--output-path={report}",
                f"--chrome-flags={CHROME_FLAGS}",
                "--only-categories=" + ",".join(CATEGORIES),
            ],
            env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"},
            capture_output=True,
            text=True,
            timeout=180,
        )
        if result.returncode == 0 and report.exists():
            data = json.loads(report.read_text())
            if not data.get("runtimeError"):
                return {c: round(data["categories"][c]["score"] * 100) for c in CATEGORIES}, data
    raise SystemExit(f"Lighthouse failed on {url}: {result.stderr[-500:]}")


def main():
    if not shutil.which("node"):
        raise SystemExit("Lighthouse needs Node.js")
    binary = lighthouse_bin()
    rows = []
    with production_server() as (base, _env), tempfile.TemporaryDirectory() as out:
        for path in PAGES:
            scores, data = score(binary, base + path, out)
            failing = [
                a["id"]
                for a in data["audits"].values()
                if a.get("score") is not None
                and a["score"] < 1
                and a.get("scoreDisplayMode") in ("binary",)
            ][:6]
            rows.append((path, scores, failing))
    print("| page | performance | accessibility | best practices | SEO | audits not passed |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    for path, s, failing in rows:
        print(
            f"| `{path}` | {s['performance']} | {s['accessibility']} | {s['best-practices']} "
            f"| {s['seo']} | {', '.join(failing) or '—'} |"
        )


if __name__ == "__main__":
    main()
