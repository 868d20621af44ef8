"""The page sources kept by earlier builds (hooks/partnersite/sourcecache.py) are the sources a
build renders afresh, for every page and language, whatever was edited in between (the edits
of test_pagecache.py, applied to a copy of the project): checked in one process, without
MkDocs, through `SiteBuild.pages`, its traces kept in memory between builds and read back
from their folder by a new process's cache."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from partnersite import build, sourcecache
from partnersite.catalog import Catalog
from partnersite.pagecache import code_signature
from partnersite.pictures import PictureValue
from partnersite.views import Views
from sitetree import make_site
from test_pagecache import EDITS, Site

LANGUAGES = ("en", "fr", "nl")


class Sources:
    """Builds of a copy of the project in this process: with kept sources, and afresh."""

    def __init__(self, site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
        self.site, self.monkeypatch = site, monkeypatch
        self.folder = site.root / "caches-kept" / "sources"
        self.cache = sourcecache.SourceCache()
        self.made: list[int] = []
        self.reused: list[int] = []
        finish = sourcecache.PassSources.finish

        def counted(sources: sourcecache.PassSources) -> None:
            self.made.append(sources.made)
            self.reused.append(sources.reused)
            finish(sources)

        monkeypatch.setattr(sourcecache.PassSources, "finish", counted)
        monkeypatch.setenv("SITE_DATA_CACHE", "")

    def pages(self, kept: bool, new_process: bool = False) -> dict[str, list[str]]:
        """Every page of every language, each as its repr (its fields and their types)."""
        if new_process:
            self.cache = sourcecache.SourceCache()  # nothing in memory: the folder's files only
        self.monkeypatch.setattr(build, "SOURCES", self.cache)
        self.monkeypatch.setenv(sourcecache.CACHE_VARIABLE, str(self.folder) if kept else "off")
        site = build.SiteBuild()
        site.code_signature = code_signature(self.site.root)
        site.load(self.site.root, LANGUAGES, "en", "https://site.example/", self.site.date)
        return {lang: [repr(page) for page in site.pages(lang)] for lang in LANGUAGES}

    def compare(self, new_process: bool = False) -> None:
        kept = self.pages(kept=True, new_process=new_process)
        fresh = self.pages(kept=False)
        for lang in LANGUAGES:
            assert len(kept[lang]) == len(fresh[lang]), lang
            differing = [k for k, f in zip(kept[lang], fresh[lang], strict=True) if k != f]
            assert differing == [], (lang, differing[0][:300])


@settings(max_examples=8, deadline=None, phases=[Phase.generate], suppress_health_check=list(HealthCheck))
@given(
    edits=st.lists(st.sampled_from(EDITS), min_size=4, max_size=8),
    new_process=st.lists(st.booleans(), min_size=8, max_size=8),
)
def test_kept_sources_equal_fresh_ones_after_random_edits(tmp_path_factory, edits, new_process) -> None:  # type: ignore[no-untyped-def]
    with pytest.MonkeyPatch.context() as monkeypatch:
        site = Site(make_site(tmp_path_factory.mktemp("sources"), real_data=True))
        sources = Sources(site, monkeypatch)
        sources.compare()
        assert sum(sources.reused) == 0 and sum(sources.made) > 0
        for step, edit in enumerate(edits, start=1):
            site.step = step
            edit(site)
            sources.compare(new_process=new_process[step - 1])


def test_kept_sources_serve_and_notice_a_changed_record(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing changed: every page is reused; a member renamed: its page and the pages that show
    its name are made again (its jobs', the lists), not the others."""
    site = Site(make_site(tmp_path, real_data=True))
    sources = Sources(site, monkeypatch)
    sources.compare()
    total = sum(sources.made)
    sources.made, sources.reused = [], []
    sources.compare(new_process=True)
    assert sources.made[0] == 0 and sum(sources.reused[:3]) == total
    member = tmp_path / "data/members/example-hainaut-protonics.yml"
    member.write_text(member.read_text(encoding="utf-8").replace("name: ", "name: Renamed ", 1), encoding="utf-8")
    sources.made, sources.reused = [], []
    sources.compare()
    made = sources.made[0]  # the first language, with the cache
    assert 0 < made < total / 3 / 2, (made, total)


def test_an_unreadable_file_is_nothing_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = Site(make_site(tmp_path, real_data=True))
    sources = Sources(site, monkeypatch)
    sources.compare()
    files = sorted(sources.folder.glob("*"))
    assert [path.name for path in files] == [f"en-{lang}.marshal.z" for lang in LANGUAGES]
    files[0].write_bytes(b"not a trace")
    files[1].write_bytes(files[1].read_bytes()[:100])
    sources.made, sources.reused = [], []
    sources.compare(new_process=True)
    assert sources.reused[0] == sources.reused[1] == 0 and sources.made[2] == 0


def test_every_part_of_the_catalog_and_views_is_traced_or_signed() -> None:
    """A new collection or view is answered but makes every page that reads it one that is
    not kept: name it in sourcecache.py."""
    catalog_fields = {field.name for field in dataclasses.fields(Catalog)}
    assert catalog_fields == set(sourcecache.COLLECTIONS) | set(sourcecache.SIGNED)
    views_fields = {field.name for field in dataclasses.fields(Views)}
    assert views_fields == {"catalog", "today", *sourcecache.VIEW_LISTS, *sourcecache.VIEW_GROUPS}
    tests = {name for name in vars(Views) if name.startswith("is_")}
    assert tests == set(sourcecache.VIEW_TESTS)


def test_a_question_that_cannot_be_asked_again_is_not_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`views.is_open` of a copy of a job (not the catalog's record) cannot be asked again of
    the next build's data: the page that asked it is not kept."""
    monkeypatch.setenv("SITE_DATA_CACHE", "")
    site = build.SiteBuild()
    site.load(make_site(tmp_path, real_data=True), LANGUAGES, "en", "/", Site(tmp_path).date)
    assert site.views is not None
    recorder = sourcecache.Recorder(site.views)
    job = next(iter(site.views.catalog.jobs.values()))
    views = recorder.traced_views
    _, queries = recorder.traced(lambda: (views.is_open(job), views.jobs_by_member[job["employer"]]))
    assert sourcecache.UNTRACED not in queries and len(queries) == 2
    _, queries = recorder.traced(lambda: views.is_open(dict(job)))
    assert sourcecache.UNTRACED in queries
    # Nor is one remembered by a memo that asked it, wherever the memo's value is used again.
    store: dict[str, object] = {}
    event = dict(next(iter(site.views.catalog.events.values())))
    recorder.traced(lambda: recorder.memo(store, "x", lambda: views.is_upcoming(event)))
    _, queries = recorder.traced(lambda: recorder.memo(store, "x", lambda: None))
    assert sourcecache.UNTRACED in queries


def test_fingerprints_tell_types_apart() -> None:
    fingerprint = sourcecache.Fingerprints().of
    logo, picture = PictureValue({"file": "a.png"}), PictureValue({"file": "a.png"})
    logo.kind, picture.kind = "logo", "picture"
    values = [
        "a", Markup("a"), ["a"], ("a",), {"a": 1}, {"a": True}, {"a": 1.0},
        dt.date(2026, 12, 1), dt.datetime(2026, 12, 1), logo, picture, {"id": "x", "n": [1]}, {"id": "x", "n": [2]},
    ]  # fmt: skip
    assert len({fingerprint(value) for value in values}) == len(values)
    assert fingerprint({"id": "x", "n": [1]}) == fingerprint({"id": "x", "n": [1]})
    with pytest.raises(sourcecache.Untraceable):
        fingerprint({"a": object()})
