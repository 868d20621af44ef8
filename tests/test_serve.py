"""The live preview staff use (`make serve`): a saved data file is rebuilt in every language and
the browser told to reload; a mistake is reported in the terminal, naming file, line and field,
and the preview comes back once it is corrected (MkDocs holds pages back in between)."""

from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from sitetree import BUILD_DATE, make_site

PAGES = {"en": "jobs/data-engineer/", "fr": "fr/jobs/data-engineer/", "nl": "nl/jobs/data-engineer/"}


def get(url: str, timeout: float = 90) -> str:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.read().decode("utf-8")


class Preview:
    """`mkdocs serve` on a free port of 127.0.0.1, its output collected as it comes."""

    def __init__(self, root: Path) -> None:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        self.base = f"http://127.0.0.1:{port}/"
        env = {**os.environ, "SITE_BUILD_DATE": BUILD_DATE, "NO_MKDOCS_2_WARNING": "1"}
        command = [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"]
        self.process = subprocess.Popen(
            command, cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        self.lines: list[str] = []
        threading.Thread(target=self._collect, daemon=True).start()
        self.epoch = self._first_epoch()

    def _collect(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line)

    @property
    def output(self) -> str:
        return "".join(self.lines)

    def _first_epoch(self) -> str:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.output
            with contextlib.suppress(OSError):
                return re.search(r"livereload\((\d+),", get(self.base, timeout=5))[1]
            time.sleep(0.2)
        raise AssertionError(f"mkdocs serve did not answer:\n{self.output}")

    def reload_showing(self, text: str, *paths: str) -> None:
        """Wait until the browser is told to reload (MkDocs' live-reload request) and `paths`
        show `text`. One save can rebuild twice (seen truncated, then written), so the first
        reload may come from a rebuild that started before it."""
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            epoch = get(f"{self.base}livereload/{self.epoch}/1").strip()
            if epoch != self.epoch:
                self.epoch = epoch
                if all(text in get(self.base + path) for path in paths):
                    return
        raise AssertionError(f"no reload shows {text!r} on {paths}:\n{self.output}")


@contextlib.contextmanager
def preview(root: Path) -> Iterator[Preview]:
    server = Preview(root)
    try:
        yield server
    finally:
        server.process.terminate()
        server.process.wait(timeout=30)


def test_a_saved_job_is_rebuilt_in_every_language_and_reloaded(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    job = root / "data" / "jobs" / "data-engineer.yml"
    with preview(root) as server:
        assert "Senior" not in get(server.base + PAGES["en"])
        text = job.read_text(encoding="utf-8")
        for old in ("Data engineer", "Ingénieur de données", "Data-ingenieur"):
            text = text.replace(old, f"Senior {old}")
        job.write_text(text, encoding="utf-8")
        server.reload_showing("Senior", *PAGES.values(), "fr/jobs/")  # the lists are rebuilt too


def test_a_mistake_is_reported_and_the_corrected_file_is_previewed(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    job = root / "data" / "jobs" / "data-engineer.yml"
    with preview(root) as server:
        good = job.read_text(encoding="utf-8")
        job.write_text(good.replace("contract: permanent", "contrat: permanent"), encoding="utf-8")
        deadline = time.monotonic() + 180
        while "unknown field 'contrat'" not in server.output and time.monotonic() < deadline:
            time.sleep(0.2)
        assert "data/jobs/data-engineer.yml:6:1: contrat: unknown field 'contrat'" in server.output
        assert "Traceback" not in server.output
        job.write_text(good.replace("Data engineer", "Fixed data engineer"), encoding="utf-8")
        server.reload_showing("Fixed data engineer", PAGES["en"])
