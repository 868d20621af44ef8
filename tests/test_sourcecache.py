"""The page sources kept by earlier builds (hooks/partnersite/sourcecache.py) are the sources a
build renders afresh, for every page and language, whatever was edited in between (the edits
of test_pagecache.py, applied to a copy of the project): checked in one process, without
MkDocs, through `SiteBuild.pages`, its traces kept in memory between builds and read back
from their folder by a new process's cache."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from partnersite import build, sourcecache
from partnersite.pagecache import code_signature
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
