#!/usr/bin/env python
"""Memory per gunicorn worker through the security probe's log run (issue 26).

    .venv/bin/python bench/log_memory.py [--entries 600] [--reads 40] [--workers 2]

Starts gunicorn with production settings on 127.0.0.1 (bench/server.py), makes one
journey (infusion 27 days ago), posts `entries` log entries on it through the log form
(a few a minute apart on each day, some at or above the fever threshold, some naming a
warning sign), then reads the log pages (the log, each day's section, the print-out and
the CSV) `reads` times each. Prints each worker's resident memory (VmRSS, and its peak
VmHWM, from /proc/<pid>/status) after start-up and warming, after the posts and after
the reads; the target is under 200 MB per worker.

The write rate limit is raised for the bench (`DJANGO_WRITE_RATE=100000/m`): one
address posting 600 forms would otherwise be refused after 60 a minute, which is the
limit doing its job, not what this bench measures. Caps on entries per day or per
journey (issue 29) are left as they are: the bench counts the entries the server
accepted (the rows of the CSV) and the posts it refused, and works either way.
"""

import argparse
import re
import urllib.error
from pathlib import Path

from load import Device, _days_ago
from server import production_server

LOG_DAYS = 28
SIGN_RE = re.compile(r'name="signs" value="(\d+)"')
TARGET_MB = 200


def workers_of(port):
    """The pids of the gunicorn workers listening on `port` (children of its master)."""
    master = None
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            command = (proc / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"gunicorn" in b" ".join(command) and f"127.0.0.1:{port}".encode() in command:
            master = proc.name
            break
    if master is None:
        raise SystemExit(f"no gunicorn master on port {port}")
    children = set()
    for task in Path(f"/proc/{master}/task").iterdir():
        children.update((task / "children").read_text().split())
    return sorted(int(pid) for pid in children)


def memory(pid):
    """(VmRSS, VmHWM) of `pid` in MB."""
    found = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            found[name] = int(value.split()[0]) / 1024
    return found["VmRSS"], found["VmHWM"]


def post_entries(device, count):
    """`count` log entries spread over the log's days; (accepted posts, refused by status)."""
    signs = SIGN_RE.findall(device.get("/my-journey/log/"))
    accepted, refused = 0, {}
    for n in range(count):
        day, nth = n % LOG_DAYS, n // LOG_DAYS
        minutes = 6 * 60 + 7 * nth  # 06:00 on, 7 minutes apart
        data = {
            "day": day,
            "time": f"{minutes // 60:02d}:{minutes % 60:02d}",
            "temperature": ("98.6", "99.5", "100.4", "101.2")[n % 4],
            "unit": "F",
            "key": f"{n:032x}",
        }
        if n % 5 == 1 and signs:
            data["signs"] = signs[n % len(signs)]
        try:
            device.post("/my-journey/log/", data)
            accepted += 1
        except urllib.error.HTTPError as error:
            refused[error.code] = refused.get(error.code, 0) + 1
    return accepted, refused


def read_pages(device, reads):
    pages = ["/my-journey/log/", "/my-journey/log/print/", "/my-journey/log/entries.csv"]
    pages += [f"/my-journey/log/?day={day}" for day in range(LOG_DAYS)]
    for _ in range(reads):
        for path in pages:
            device.get(path)
    return len(pages) * reads


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=600)
    parser.add_argument("--reads", type=int, default=40, help="reads of each log page")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    extra = {"DJANGO_WRITE_RATE": "100000/m"}
    with production_server(workers=args.workers, extra_env=extra) as (base, _env):
        port = int(base.rsplit(":", 1)[1])
        device = Device(base)
        device.post("/", {"product": "yescarta", "role": "patient"})
        device.post("/my-journey/", {"infusion_date": _days_ago(LOG_DAYS - 1)})
        read_pages(device, 2)  # warm: every worker has served the log pages once or more
        pids = workers_of(port)
        rows = [("after start-up and warming", {pid: memory(pid) for pid in pids})]
        accepted, refused = post_entries(device, args.entries)
        rows.append((f"after {args.entries} posts", {pid: memory(pid) for pid in pids}))
        served = read_pages(device, args.reads)
        rows.append((f"after {served} log page reads", {pid: memory(pid) for pid in pids}))
        csv_rows = device.get("/my-journey/log/entries.csv").strip().splitlines()
        if workers_of(port) != pids:
            print("a worker was restarted during the run: figures below are not comparable")

    stored = max(len(csv_rows) - 1, 0)
    print(
        f"gunicorn -w {args.workers}, production settings, one journey, "
        f"{args.entries} log entries posted (write rate limit raised for the bench)"
    )
    refusals = ", ".join(f"{n} with {code}" for code, n in sorted(refused.items())) or "none"
    print(f"posts answered 2xx/3xx: {accepted}; refused: {refusals}; entries in the CSV: {stored}")
    print()
    print("| when | " + " | ".join(f"worker {pid} RSS (peak) MB" for pid in pids) + " |")
    print("| --- | " + " | ".join("---:" for _ in pids) + " |")
    for label, sizes in rows:
        cells = [f"{sizes[pid][0]:.0f} ({sizes[pid][1]:.0f})" for pid in pids]
        print(f"| {label} | " + " | ".join(cells) + " |")
    print()
    first, last = rows[0][1], rows[-1][1]
    for pid in pids:
        grew = last[pid][0] - first[pid][0]
        peak = max(sizes[pid][1] for _label, sizes in rows)
        verdict = "PASS" if peak < TARGET_MB else "MISS"
        print(
            f"{verdict} worker {pid}: peak {peak:.0f} MB (< {TARGET_MB} MB), "
            f"grew {grew:+.0f} MB through the run"
        )


if __name__ == "__main__":
    main()
