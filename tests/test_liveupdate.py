"""Under `mkdocs serve`, a save in data/ updates the site the last whole build wrote rather than
building it again (hooks/partnersite/liveupdate.py). After each of a random sequence of edits
(the records, strings, templates, theme override, build date and mkdocs.yml edits of
test_pagecache.py), the server's builder runs as MkDocs runs it after a save, in this process;
the site it serves is then compared, file by file, with the site a whole build of the same
files gives, made afresh by another process (`mkdocs serve`'s own build, without any cache).
Edits of records alone are updates; the others are whole builds."""

from __future__ import annotations

import gc
import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from mkdocs.commands.build import build
from mkdocs.config import load_config

from partnersite import liveupdate
from sitetree import make_site
from test_pagecache import EDITS, Site, change_job, change_member, contents

SERVE_URL = "http://127.0.0.1:8000/"
WATCHED = ("data", "docs", "i18n", "hooks", "overrides", "mkdocs.yml")  # what MkDocs' server watches, and more

# A whole build as `mkdocs serve` makes it (its address, drafts), by another process, with no cache.
REFERENCE = """
import sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
config = load_config(config_file=sys.argv[1], site_dir=sys.argv[2])
config.plugins.on_startup(command="serve", dirty=False)
config.site_url = sys.argv[3]
build(config, serve_url=sys.argv[3])
"""


class Server:
    """`mkdocs serve` of a copy of the project, in this process: its first build, then its
    builder after each save, told which files changed (as watching.py tells it)."""

    def __init__(self, site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
        self.site, self.monkeypatch = site, monkeypatch
        self.root = site.root
        self.served = self.root / "served"
        self.whole_builds = 0
        self._changed: set[str] = set()
        self._sources = self._snapshot()
        self._environment(cached=True)
        config = self._config()
        config.plugins.on_startup(command="serve", dirty=False)
        build(config, serve_url=SERVE_URL)
        self.builder = liveupdate.LIVE.builder(self._whole, self._take_changed)

    def _environment(self, cached: bool) -> None:
        caches = self.root / "caches"
        self.monkeypatch.setenv("SITE_BUILD_DATE", self.site.date.isoformat())
        self.monkeypatch.setenv("SITE_CARD_CACHE", str(caches / "cards"))
        self.monkeypatch.setenv("SITE_PICTURE_CACHE", str(caches / "pictures"))
        self.monkeypatch.setenv("SITE_PAGE_CACHE", str(caches / "pages") if cached else "off")
        self.monkeypatch.setenv("SITE_SOURCE_CACHE", str(caches / "sources") if cached else "off")
        self.monkeypatch.setenv("SITE_DATA_CACHE", str(caches / "data") if cached else "")

    def _config(self):  # type: ignore[no-untyped-def]
        config = load_config(config_file=str(self.root / "mkdocs.yml"), site_dir=str(self.served))
        config.site_url = SERVE_URL
        return config

    def _whole(self) -> None:
        self.whole_builds += 1
        build(self._config(), serve_url=SERVE_URL)

    def _take_changed(self) -> set[str]:
        changed, self._changed = self._changed, set()
        return changed

    def _snapshot(self) -> dict[str, str]:
        found = {}
        for name in WATCHED:
            top = self.root / name
            for path in [top] if top.is_file() else top.rglob("*"):
                if path.is_file() and "__pycache__" not in path.parts:
                    found[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
        return found

    def save(self) -> bool:
        """Run the builder after an edit (the files it changed, the date it moved); whether it
        updated the site (no whole build)."""
        now = self._snapshot()
        self._changed = {path for path in now.keys() | self._sources.keys() if now.get(path) != self._sources.get(path)}
        self._sources = now
        self.monkeypatch.setenv("SITE_BUILD_DATE", self.site.date.isoformat())
        before = self.whole_builds
        self.builder()
        return self.whole_builds == before

    def compare(self) -> None:
        """The site served is the whole build's, file by file (Pagefind's index aside: made in
        the background, and named afresh by each run)."""
        reference = self.root / "reference"
        env = {**os.environ, "SITE_PAGE_CACHE": "off", "SITE_SOURCE_CACHE": "off", "SITE_DATA_CACHE": ""}
        env.update(SITE_BUILD_DATE=self.site.date.isoformat(), NO_MKDOCS_2_WARNING="1")
        command = [sys.executable, "-c", REFERENCE, str(self.root / "mkdocs.yml"), str(reference), SERVE_URL]
        result = subprocess.run(command, cwd=self.root, env=env, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stdout + result.stderr
        served, whole = _site(self.served), _site(reference)
        assert sorted(served) == sorted(whole)
        differing = [name for name in whole if served[name] != whole[name]]
        assert differing == [], differing[:5]

    def stop(self) -> None:
        if liveupdate.LIVE.served is not None:
            liveupdate.LIVE.served.prepare()  # the background indexing stopped
        liveupdate.LIVE.forget()
        gc.unfreeze()  # what the builds froze (build.settle_heap), in this test process


def _site(folder: Path) -> dict[str, bytes]:
    return {name: data for name, data in contents(folder).items() if not name.startswith("pagefind/")}


def record_edit(edit):  # type: ignore[no-untyped-def]
    return edit in (change_job, change_member)


# One random sequence per run, not shrunk (each step is an update and a whole build).
@settings(max_examples=1, deadline=None, phases=[Phase.generate], suppress_health_check=list(HealthCheck))
@given(edits=st.lists(st.sampled_from(EDITS), min_size=5, max_size=5))
def test_the_served_site_is_the_whole_build_s_after_random_edits(tmp_path_factory, edits) -> None:  # type: ignore[no-untyped-def]
    with pytest.MonkeyPatch.context() as monkeypatch:
        site = Site(make_site(tmp_path_factory.mktemp("live"), real_data=True))
        server = Server(site, monkeypatch)
        try:
            for step, edit in enumerate([change_job, *edits], start=1):
                site.step = step
                edit(site)
                updated = server.save()
                server.compare()
                if record_edit(edit):
                    assert updated, edit.__name__
        finally:
            server.stop()


def test_a_mistake_shows_the_problems_and_its_correction_the_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A record saved with a mistake: the whole build shows the page of problems (no update);
    corrected: the site again, and the next record edit is an update."""
    site = Site(make_site(tmp_path, real_data=True))
    server = Server(site, monkeypatch)
    try:
        job = site.jobs()[0]
        text = job.read_text(encoding="utf-8")
        job.write_text(re.sub(r"(?m)^closes: .*$", "closes: not a date", text, count=1), encoding="utf-8")
        assert not server.save()
        assert "not a date" in (server.served / "index.html").read_text(encoding="utf-8")
        server.compare()
        job.write_text(text, encoding="utf-8")
        assert not server.save()  # after the page of problems: a whole build
        server.compare()
        site.step = 1
        change_job(site)
        assert server.save()
        server.compare()
    finally:
        server.stop()
