"""Start the app under gunicorn with production settings on 127.0.0.1 (for the benchmarks)."""

import contextlib
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"the server at {url} did not come up")


@contextlib.contextmanager
def production_server(workers=2, extra_env=None):
    """Yield (base_url, env): a fresh database with the seeds, static files collected."""
    work = Path(tempfile.mkdtemp(prefix="cart-bench-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "carteducation.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_STATIC_ROOT": str(work / "static"),
        "DATABASE_URL": os.environ.get("DATABASE_URL", f"sqlite:///{work / 'bench.sqlite3'}"),
        **(extra_env or {}),
    }
    manage = [PY, str(ROOT / "manage.py")]
    for step in (
        ["migrate", "--no-input", "-v0"],
        ["load_seeds", "-v0"],
        ["collectstatic", "--no-input", "-v0"],
    ):
        subprocess.run(manage + step, env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    port = free_port()
    server = subprocess.Popen(
        [
            PY,
            "-m",
            "gunicorn",
            "carteducation.wsgi",
            "-w",
            str(workers),
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base + "/healthz")
        yield base, env
    finally:
        server.terminate()
        server.wait(timeout=20)
        shutil.rmtree(work, ignore_errors=True)
