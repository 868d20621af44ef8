"""Seconds from saving a data file to the browser's reload, under `mkdocs serve`.

    make bench-serve
    .venv/bin/python bench/serve.py [ROUNDS] [JOBS]

Serves a temporary copy of the site (shipped data, plus JOBS synthetic job offers with
proportionate members, events and projects: bench/build.py's data sets) on 127.0.0.1, all three
languages and then the one-language preview (`make preview`). Each round changes the title of a job file (its
first lines in English, French and Dutch are the title's), then
times MkDocs' live-reload request, which answers when the rebuilt site is being served (the
moment a browser reloads), up to the first reload whose job page shows the new title, and
that page's load.
It prints figures and asserts nothing.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
JOB = "data/jobs/example-data-engineer-clinical.yml"
PAGE = "jobs/example-data-engineer-clinical/"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str, timeout: float = 120) -> str:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.read().decode("utf-8")


def wait_until_served(url: str, server: subprocess.Popen) -> str:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"mkdocs serve stopped:\n{server.stdout.read()}")
        try:
            return get(url, timeout=5)
        except OSError:
            time.sleep(0.2)
    raise SystemExit("mkdocs serve did not answer within 120 s")


def rounds(root: Path, preview: str | None, count: int) -> list[tuple[float, float]]:
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    env = {**os.environ, "SITE_BUILD_DATE": "2026-11-21", "NO_MKDOCS_2_WARNING": "1"}
    if preview:
        env["SITE_PREVIEW_LANGUAGE"] = preview
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "serve",
        "--dev-addr",
        f"127.0.0.1:{port}",
        "-f",
        str(root / "mkdocs.yml"),
    ]
    server = subprocess.Popen(command, cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        page = wait_until_served(base + PAGE, server)
        epoch = re.search(r"livereload\((\d+),", page)[1]
        job = root / JOB
        original = job.read_text(encoding="utf-8")
        times = []
        for n in range(count):
            title = f"Benchmark title {n}"
            time.sleep(1.0)  # let the watcher settle after the previous build
            start = time.monotonic()
            changed = original
            for lang in ("en", "fr", "nl"):  # the title's first line in each language
                changed = re.sub(rf"(?m)^  {lang}: .*$", f"  {lang}: {title}", changed, count=1)
            job.write_text(changed, encoding="utf-8")
            # A save can be seen twice (truncated, then written) and so rebuild twice: the first
            # reload may come from a rebuild that started before it; wait for the one that shows it.
            while time.monotonic() - start < 60:
                epoch = get(f"{base}livereload/{epoch}/1").strip()
                reloaded = time.monotonic()
                if title in get(base + PAGE):
                    times.append((reloaded - start, time.monotonic() - start))
                    break
            else:
                raise SystemExit(f"round {n}: no reload shows the new title")
        job.write_text(original, encoding="utf-8")
        return times
    finally:
        server.terminate()
        server.wait(timeout=30)


def main(count: int, jobs: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for name in ("mkdocs.yml", "hooks", "overrides", "i18n", "docs", "data"):
            source = ROOT / name
            (shutil.copytree if source.is_dir() else shutil.copy)(source, root / name)
        if jobs:
            sys.path.insert(0, str(ROOT / "bench"))
            from build import generate

            generate(root / "data", jobs)
            print(f"with {jobs} synthetic jobs")
        if "  en: " not in (root / JOB).read_text(encoding="utf-8"):
            raise SystemExit(f"{JOB}: no English title to change")
        print(f"{'serve':<16} {'rounds':>6} {'reload s (median)':>18} {'min':>6} {'max':>6} {'page shown s':>13}")
        for label, preview in (("3 languages", None), ("preview en", "en"), ("preview fr", "fr")):
            times = rounds(root, preview, count)
            reloads = [reload for reload, _ in times]
            shown = statistics.median(total for _, total in times)
            print(
                f"{label:<16} {count:>6} {statistics.median(reloads):>18.2f} {min(reloads):>6.2f} {max(reloads):>6.2f} {shown:>13.2f}",
                flush=True,
            )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5, int(sys.argv[2]) if len(sys.argv) > 2 else 0)
