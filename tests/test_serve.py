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

import pytest
from playwright.sync_api import Browser, expect
from watchdog.events import (
    FileClosedNoWriteEvent,
    FileModifiedEvent,
    FileOpenedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)

from partnersite.watching import Notified, Polled, Seen, WatchingObserver
from sitetree import BUILD_DATE, make_site

PAGES = {"en": "jobs/data-engineer/", "fr": "fr/jobs/data-engineer/", "nl": "nl/jobs/data-engineer/"}


def get(url: str, timeout: float = 90) -> str:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.read().decode("utf-8")


def answer(url: str) -> str:
    """A page as the preview answers it: while the data is broken, every address answers with the
    list of problems, as a not-found page."""
    try:
        return get(url)
    except urllib.error.HTTPError as error:
        return error.read().decode("utf-8")


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
                if all(text in answer(self.base + path) for path in paths):
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


def test_an_edited_template_shows_at_the_next_rebuild(tmp_path: Path) -> None:
    """Templates are loaded once per build (not checked against their files at every page)
    and their compiled code is kept between builds and runs (jinja_env.COMPILED): an edited
    page template (hooks/ is watched) and an edited theme override (seen at the next save)
    still show at once."""
    root = make_site(tmp_path)
    template = root / "hooks" / "partnersite" / "templates" / "job.md.j2"
    override = root / "overrides" / "main.html"
    job = root / "data" / "jobs" / "data-engineer.yml"
    with preview(root) as server:
        about = "## {{ string('job.about') }}"
        edited = template.read_text(encoding="utf-8").replace(about, f"Edited template.\n\n{about}")
        template.write_text(edited, encoding="utf-8")
        server.reload_showing("Edited template.", *PAGES.values())
        block = "{% block extrahead %}"
        edited = override.read_text(encoding="utf-8").replace(block, f'{block}<meta name="ps-edited" content="yes">')
        override.write_text(edited, encoding="utf-8")
        job.write_text(
            job.read_text(encoding="utf-8").replace("Data engineer", "Senior data engineer"), encoding="utf-8"
        )
        server.reload_showing('<meta name="ps-edited" content="yes">', *PAGES.values())
        assert "Edited template." in get(server.base + PAGES["fr"])


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
        # The browser shows it too, at any address, at once (nothing hangs).
        server.reload_showing("unknown field &#x27;contrat&#x27;", PAGES["en"], "fr/", "nl/jobs/")
        job.write_text(good.replace("Data engineer", "Fixed data engineer"), encoding="utf-8")
        server.reload_showing("Fixed data engineer", PAGES["en"])


@pytest.mark.browser
def test_the_browser_shows_the_mistakes_and_comes_back_by_itself(tmp_path: Path, browser: Browser) -> None:
    """Staff look at the browser: a broken file turns the open page into the list of problems
    (in the page's language, at once), and the page it was comes back after the fix, with no
    click."""
    root = make_site(tmp_path)
    job = root / "data" / "jobs" / "data-engineer.yml"
    good = job.read_text(encoding="utf-8")
    with preview(root) as server:
        page = browser.new_page()
        page.goto(server.base + PAGES["fr"])
        expect(page.locator("h1").first).to_contain_text("Ingénieur de données")
        job.write_text(good.replace("contract: permanent", "contrat: permanent"), encoding="utf-8")
        problems = page.locator("ol.ps-problems li")
        expect(problems.first).to_contain_text("data/jobs/data-engineer.yml:", timeout=60_000)
        expect(page.locator("ol.ps-problems")).to_contain_text(
            "data/jobs/data-engineer.yml:6:1: contrat: unknown field 'contrat'; did you mean 'contract'?"
        )
        expect(page.locator("h1").first).to_have_text("L'aperçu ne peut pas afficher le site")
        assert page.evaluate("document.documentElement.lang") == "fr"
        other = browser.new_page()  # any address, in any language: the same list, at once
        other.goto(server.base + "nl/members/")
        expect(other.locator("h1").first).to_have_text("De preview kan de site niet tonen")
        expect(other.locator("ol.ps-problems li")).to_have_count(2)
        job.write_text(good.replace("Ingénieur de données", "Ingénieur de données corrigé"), encoding="utf-8")
        expect(page.locator("h1").first).to_contain_text("Ingénieur de données corrigé", timeout=60_000)
        expect(other.locator("h1").first).to_contain_text("Leden", timeout=60_000)
        page.close()
        other.close()


@pytest.mark.browser
def test_the_preview_s_search_finds_what_was_saved(tmp_path: Path, browser: Browser) -> None:
    """The preview is indexed too (in the background after each rebuild): a saved title is
    found by the search a moment after the page reloaded."""
    root = make_site(tmp_path)
    job = root / "data" / "jobs" / "data-engineer.yml"
    with preview(root) as server:
        text = job.read_text(encoding="utf-8").replace("Ingénieur de données", "Ingénieur quantique")
        job.write_text(text, encoding="utf-8")
        server.reload_showing("quantique", PAGES["fr"])
        page = browser.new_page()
        deadline = time.monotonic() + 60
        while True:  # the index is made after the reload: a search may still find the old text
            page.goto(server.base + "fr/")
            page.keyboard.press("/")
            # The preview answers nothing while it rebuilds (one save may rebuild twice), and
            # until the index is written again the search cannot open: load the page again.
            search = page.locator("dialog.pf-modal[open] pagefind-input input")
            try:
                expect(search).to_be_focused(timeout=5_000)
            except AssertionError:
                assert time.monotonic() < deadline, "the search did not open within a minute of the reload"
                continue
            page.keyboard.type("quantique")
            expect(page.locator("pagefind-summary")).to_contain_text("quantique")
            expect(page.locator("pagefind-summary")).not_to_contain_text("…")
            if page.locator(".pf-result-link").count() or time.monotonic() > deadline:
                break
        expect(page.locator(".pf-result-link").first).to_have_attribute("href", re.compile(r"/fr/jobs/data-engineer/"))
        page.close()


def test_a_save_is_passed_on_once_whether_the_kernel_or_the_polling_finds_it(tmp_path: Path) -> None:
    """The preview's watcher (watching.py): the kernel's events of a change are passed on, not
    those of a file being read (the build reads every data file: a rebuild would start another);
    the polling scan's event for a change the kernel told of already is not passed on again
    (one save, one rebuild), and one for a change the kernel missed is."""
    passed: list[str] = []

    class Recorder(FileSystemEventHandler):
        def dispatch(self, event: object) -> None:
            passed.append(type(event).__name__)

    seen = Seen()
    kernel, polling = Notified(Recorder(), seen), Polled(Recorder(), seen)
    job = tmp_path / "job.yml"
    job.write_text("title: one\n", encoding="utf-8")
    kernel.dispatch(FileOpenedEvent(str(job)))
    kernel.dispatch(FileClosedNoWriteEvent(str(job)))
    assert passed == []  # read, not changed
    kernel.dispatch(FileModifiedEvent(str(job)))
    polling.dispatch(FileModifiedEvent(str(job)))  # the same save, found by the next scan
    assert passed == ["FileModifiedEvent"]
    job.write_text("title: two, a longer one\n", encoding="utf-8")  # a save the kernel missed
    polling.dispatch(FileModifiedEvent(str(job)))
    assert passed == ["FileModifiedEvent"] * 2
    other = tmp_path / "other.yml"  # never told of by the kernel
    other.write_text("id: other\n", encoding="utf-8")
    polling.dispatch(FileModifiedEvent(str(other)))
    assert len(passed) == 3


def test_the_watcher_is_told_of_saves_not_of_reads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The kernel's observer is asked for changes only (watching.CHANGES): reading every data
    file, as each build does, tells it nothing at all (at 3,000 jobs, 13,000 events a build,
    each handled in Python); a save is passed on, and its path kept for the builder."""
    told: list[str] = []  # every event the kernel's observer hands on, before any filter
    dispatch = Notified.dispatch

    def telling(self: Notified, event: FileSystemEvent) -> None:
        told.append(event.event_type)
        dispatch(self, event)

    monkeypatch.setattr(Notified, "dispatch", telling)
    passed: list[FileSystemEvent] = []

    class Recorder(FileSystemEventHandler):
        def dispatch(self, event: FileSystemEvent) -> None:
            passed.append(event)

    files = [tmp_path / f"job-{n}.yml" for n in range(20)]
    for path in files:
        path.write_text("title: one\n", encoding="utf-8")
    observer = WatchingObserver(interval=60)  # the polling scan out of the way
    observer.schedule(Recorder(), str(tmp_path), recursive=True)
    observer.start()
    try:
        time.sleep(0.3)
        for path in files:
            path.read_bytes()
        time.sleep(0.5)
        assert told == [] and passed == []
        files[3].write_text("title: two\n", encoding="utf-8")
        deadline = time.monotonic() + 10
        while not passed and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.2)
        saved = {str(files[3]), str(tmp_path)}  # the file, and its folder (modified too, says watchdog)
        assert passed and {event.src_path for event in passed} <= saved
        assert str(files[3]) in observer.take_changed() <= saved
        assert observer.take_changed() == set()
    finally:
        observer.stop()
        observer.join(5)
