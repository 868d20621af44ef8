"""Builds that reuse the pages kept by earlier ones (hooks/partnersite/pagecache.py) give the
same files and the same messages as a clean build, whatever was edited in between: records
added, changed and removed, an interface string, a theme text, a page template, a theme
override, the build date, mkdocs.yml, and edits that reach pages through other records or the
date (kept page sources, sourcecache.py): an area's name, a job moved to another employer, a
project's partners, a picture's file, an event passing, an offer closing, a news post
published."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
import zlib
from collections.abc import Callable
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from pagefindindex import index_contents, without_bundle
from partnersite.pagecache import Entry
from sitetree import BUILD_DATE, make_site

REUSED = re.compile(r"Pages kept by earlier builds: (\d+) reused, (\d+) made and kept")


class Site:
    """A copy of the project, built twice after each edit: with the page cache, and clean."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.date = dt.date.fromisoformat(BUILD_DATE)
        self.step = 0

    def build(self, out: str, cache: bool) -> subprocess.Popen[str]:
        caches = self.root / ("caches-kept" if cache else "caches-clean")
        env = {
            **os.environ,
            "SITE_BUILD_DATE": self.date.isoformat(),
            "SITE_URL": "https://site.example/",
            "SITE_PAGE_CACHE": str(caches / "pages") if cache else "off",
            "SITE_CARD_CACHE": str(caches / "cards"),
            "SITE_PICTURE_CACHE": str(caches / "pictures"),
            "SITE_DATA_CACHE": str(caches / "data") if cache else "",
            "SITE_SOURCE_CACHE": str(caches / "sources") if cache else "off",
        }
        # Not --quiet: pages are kept only by builds that show their messages.
        command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(self.root / out)]
        return subprocess.Popen(
            command, env=env, cwd=self.root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )

    def both(self) -> tuple[str, str, int]:
        """Both builds side by side: (kept build's messages, clean build's messages, pages reused)."""
        kept, clean = self.build("kept", cache=True), self.build("clean", cache=False)
        kept_log, clean_log = kept.communicate(timeout=300)[0], clean.communicate(timeout=300)[0]
        assert kept.returncode == clean.returncode, kept_log + clean_log
        found = REUSED.search(kept_log)
        return kept_log, clean_log, int(found[1]) if found else 0

    # -- edits -----------------------------------------------------------------------------
    def jobs(self) -> list[Path]:
        return sorted((self.root / "data/jobs").glob("*.yml"))

    def edit(self, path: str | Path, change: Callable[[str], str]) -> None:
        file = self.root / path
        text = file.read_text(encoding="utf-8")
        changed = change(text)
        assert changed != text, f"the edit of {path} changed nothing"
        file.write_text(changed, encoding="utf-8")


def add_job(site: Site) -> None:
    source = site.jobs()[0]
    text = source.read_text(encoding="utf-8")
    new_id = f"{source.stem}-again-{site.step}"
    text = re.sub(r"(?m)^id: .*$", f"id: {new_id}", text, count=1)
    text = re.sub(r"(title:\n  en: )(.*)", rf"\g<1>\g<2> (again {site.step})", text, count=1)
    # Open now, closed after a later change of the build date.
    text = re.sub(r"(?m)^posted: .*$", f"posted: {site.date - dt.timedelta(days=5)}", text, count=1)
    text = re.sub(r"(?m)^closes: .*$", f"closes: {site.date + dt.timedelta(days=10)}", text, count=1)
    (source.parent / f"{new_id}.yml").write_text(text, encoding="utf-8")


def change_job(site: Site) -> None:
    jobs = site.jobs()
    site.edit(
        jobs[site.step % len(jobs)], lambda t: re.sub(r"(title:\n  en: )(.*)", rf"\g<1>\g<2> {site.step}", t, count=1)
    )


def remove_job(site: Site) -> None:
    jobs = site.jobs()
    if len(jobs) > 2:
        jobs[site.step % len(jobs)].unlink()
    else:
        add_job(site)


def change_member(site: Site) -> None:
    members = sorted((site.root / "data/members").glob("*.yml"))
    site.edit(members[site.step % len(members)], lambda t: re.sub(r"(?m)^(name: .*)$", rf"\1 {site.step}", t, count=1))


def change_string(site: Site) -> None:
    site.edit("i18n/fr.yml", lambda t: t.replace("job.about: Le poste", f"job.about: Le poste ({site.step})", 1))


def change_theme_text(site: Site) -> None:
    site.edit("i18n/theme/nl.yml", lambda t: re.sub(r"(?m)^header: (.*)$", rf"header: \1 {site.step}", t, count=1))


def change_template(site: Site) -> None:
    site.edit("hooks/partnersite/templates/job.md.j2", lambda t: t + f"\nEdited template, step {site.step}.\n")


def change_override(site: Site) -> None:
    site.edit(
        "overrides/partials/copyright.html",
        lambda t: re.sub(
            r'<div class="md-copyright"[^>]*>', f'<div class="md-copyright" data-step="{site.step}">', t, count=1
        ),
    )


def change_date(site: Site) -> None:
    site.date += dt.timedelta(days=17)  # offers close, events pass


def change_config(site: Site) -> None:
    site.edit("mkdocs.yml", lambda t: re.sub(r"(?m)^copyright: (.*)$", rf"copyright: \1 ({site.step})", t, count=1))


# The edits below reach pages through what they read of other records and of the build date
# (the kept page sources of sourcecache.py answer them by a trace of those reads).
def change_area(site: Site) -> None:
    """An area's name: on its members', projects' and jobs' pages and in the lists."""
    site.edit("data/areas.yml", lambda t: re.sub(r"(name:\n +en: )(.*)", rf"\g<1>\g<2> {site.step}", t, count=1))


def _day_of(text: str, field: str) -> dt.date:
    found = re.search(rf"(?m)^{field}: (\d{{4}}-\d\d-\d\d)", text)
    assert found, field
    return dt.date.fromisoformat(found[1])


def pass_event(site: Site) -> None:
    """The day after an event: it took place (its page, the lists of events, the home page)."""
    texts = [path.read_text(encoding="utf-8") for path in sorted((site.root / "data/events").glob("*.yml"))]
    dated = [text for text in texts if re.search(r"(?m)^start: \d{4}-\d\d-\d\d", text)]  # not a year alone
    text = dated[site.step % len(dated)]
    site.date = _day_of(text, "end" if re.search(r"(?m)^end: \d{4}-", text) else "start") + dt.timedelta(days=1)


def close_job(site: Site) -> None:
    """The day after an offer closes (its page says so, the lists drop it), or the day it closes."""
    jobs = site.jobs()
    closes = _day_of(jobs[site.step % len(jobs)].read_text(encoding="utf-8"), "closes")
    site.date = closes + dt.timedelta(days=1) if site.date <= closes else closes


def next_day(site: Site) -> None:
    site.date += dt.timedelta(days=1)  # the nightly rebuild


def move_job(site: Site) -> None:
    """A job moved to another employer: both members' pages and the job's change."""
    members = sorted(path.stem for path in (site.root / "data/members").glob("*.yml"))
    jobs = site.jobs()
    job = jobs[site.step % len(jobs)]
    employer = re.search(r"(?m)^employer: (.*)$", job.read_text(encoding="utf-8"))
    assert employer
    other = members[(members.index(employer[1].strip()) + 1) % len(members)]
    site.edit(job, lambda t: re.sub(r"(?m)^employer: .*$", f"employer: {other}", t, count=1))


def change_partners(site: Site) -> None:
    """A project's partners: one dropped (one whose cluster has another partner left), else a
    member added."""
    projects = sorted((site.root / "data/projects").glob("*.yml"))
    clusters = {}
    for path in (site.root / "data/members").glob("*.yml"):
        found = re.search(r"(?m)^cluster: (.*)$", path.read_text(encoding="utf-8"))
        clusters[path.stem] = found[1].strip() if found else ""

    def change(text: str) -> str:
        block = re.search(r"(?m)^partners:\n((?:  - .*\n)+)", text)
        assert block
        partners = re.findall(r"(?m)^  - (.*)$", block[1])
        of = [clusters[p] for p in partners]
        droppable = [p for p in partners if of.count(clusters[p]) > 1]
        if droppable:
            partners.remove(droppable[-1])
        else:
            partners.append(next(m for m in sorted(clusters) if m not in partners))
        return text.replace(block[0], "partners:\n" + "".join(f"  - {p}\n" for p in partners), 1)

    site.edit(projects[site.step % len(projects)], change)


def replace_picture(site: Site) -> None:
    """A picture's file replaced by another image of the same name (a new digest)."""
    from PIL import Image

    pictures = sorted((site.root / "data/pictures").glob("*.png"))
    path = pictures[site.step % len(pictures)]
    with Image.open(path) as image:
        changed = image.convert("RGBA")
    changed.putpixel((0, 0), (site.step * 37 % 256, 10, 200, 255))
    changed.save(path)


def news_tomorrow(site: Site) -> None:
    """A news post dated the next day: no page today, a page once the date passes it."""
    source = site.root / "data/news/partnership-announced.yml"
    new_id = f"news-{site.step}"
    text = source.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^id: .*$", f"id: {new_id}", text, count=1)
    text = re.sub(r"(?m)^date: .*$", f"date: {site.date + dt.timedelta(days=1)}", text, count=1)
    (source.parent / f"{new_id}.yml").write_text(text, encoding="utf-8")


EDITS = [
    add_job, change_job, remove_job, change_member, change_string, change_theme_text,
    change_template, change_override, change_date, change_config,
    change_area, pass_event, close_job, next_day, move_job, change_partners, replace_picture, news_tomorrow,
]  # fmt: skip


def contents(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def warnings(log: str) -> list[str]:
    return sorted(line for line in log.splitlines() if line.startswith(("WARNING", "ERROR")))


# One random sequence per run, not shrunk (each step is two builds of the site).
@settings(max_examples=1, deadline=None, phases=[Phase.generate], suppress_health_check=list(HealthCheck))
@given(edits=st.lists(st.sampled_from(EDITS), min_size=5, max_size=5))
def test_cached_builds_equal_clean_ones_after_random_edits(tmp_path_factory, edits) -> None:  # type: ignore[no-untyped-def]
    site = Site(make_site(tmp_path_factory.mktemp("pagecache"), real_data=True))
    kept_log, clean_log, reused = site.both()
    assert reused == 0 and warnings(kept_log) == warnings(clean_log)
    reused_after_edits = []
    for step, edit in enumerate(edits, start=1):
        site.step = step
        edit(site)
        kept_log, clean_log, reused = site.both()
        assert warnings(kept_log) == warnings(clean_log), edit.__name__
        # Pagefind names its bundle's files differently from one run to the next: compared by
        # what the index holds (pagefindindex.py).
        kept, clean = without_bundle(contents(site.root / "kept")), without_bundle(contents(site.root / "clean"))
        assert sorted(kept) == sorted(clean), edit.__name__
        differing = [name for name in clean if kept[name] != clean[name]]
        assert differing == [], (edit.__name__, differing[:5])
        assert index_contents(site.root / "kept") == index_contents(site.root / "clean")
        reused_after_edits.append(reused)
    # The cache did serve: a build after an edit reused pages (an edit of the code or of the
    # theme's texts changes every page's key: a build after it reuses none).
    changes_everything = {change_string, change_theme_text, change_template, change_override, change_config}
    if any(edit not in changes_everything for edit in edits):
        assert max(reused_after_edits) > 0, reused_after_edits


def test_an_unreadable_entry_is_a_page_to_make(tmp_path: Path) -> None:
    """A damaged or foreign file in the cache is not an error: that page is made again."""
    site = Site(make_site(tmp_path, real_data=True))
    first, _, _ = site.both()
    entries = [p for p in (tmp_path / "caches-kept/pages").rglob("*") if p.is_file()]
    assert entries, first
    for number, entry in enumerate(entries[:6]):
        entry.write_bytes(b"" if number % 2 else b"\x00\x00\x00\x05not zlib, not a page")
    kept_log, clean_log, reused = site.both()
    assert warnings(kept_log) == warnings(clean_log) == []
    assert reused == len(entries) - 6
    assert without_bundle(contents(tmp_path / "kept")) == without_bundle(contents(tmp_path / "clean"))


def in_order(log: str) -> list[str]:
    """The warnings and errors of a build as it logged them."""
    return [line for line in log.splitlines() if line.startswith(("WARNING", "ERROR"))]


def test_links_to_anchors_of_kept_pages_and_from_them_are_checked(tmp_path: Path) -> None:
    """MkDocs checks the links to anchors of the pages it builds, and a kept page is not one:
    its links to an anchor that a hand-written page lost (which no kept page's key holds) are
    still reported, as are a made page's links to an anchor a kept page lacks, in the same
    order as by a clean build."""
    site = Site(make_site(tmp_path, real_data=True))
    site.both()
    site.edit("docs/agreement.md", lambda t: t.replace("<!-- data: key-areas -->\n", "", 1))
    job = site.jobs()[0].stem
    site.edit("docs/index.md", lambda t: t + f"\n[A](jobs/{job}.md#the-position) [B](jobs/{job}.md#nowhere)\n")
    kept_log, clean_log, reused = site.both()
    assert reused > 0, kept_log
    assert in_order(kept_log) == in_order(clean_log)
    found = "\n".join(in_order(kept_log))
    assert "does not contain an anchor '#research-innovation'" in found, found
    assert f"the doc 'jobs/{job}.md' does not contain an anchor '#nowhere'" in found, found
    assert "#the-position" not in found, found


def test_a_kept_page_that_links_to_a_page_gone_is_made(tmp_path: Path) -> None:
    """A kept page is reused only if every address it links to, and every page whose anchors
    it links to, is still there (else MkDocs must report the broken link): entries made to
    link to pages that no longer exist are pages to make."""
    site = Site(make_site(tmp_path, real_data=True))
    site.both()
    entries = sorted(p for p in (tmp_path / "caches-kept/pages").rglob("*") if p.is_file())
    for number, path in enumerate(entries[:6]):
        entry = Entry.load(path)
        if number % 2:
            entry.targets.append("gone/")
        else:
            entry.anchor_links["gone.md"] = {"anchor": "gone.md#anchor"}
        page = zlib.decompress(entry.compressed).decode()
        path.write_bytes(Entry.dump(page, entry.anchors, entry.anchor_links, entry.targets))
    kept_log, clean_log, reused = site.both()
    assert warnings(kept_log) == warnings(clean_log) == []
    assert reused == len(entries) - 6
    assert without_bundle(contents(tmp_path / "kept")) == without_bundle(contents(tmp_path / "clean"))


def test_pages_kept_at_another_address_are_not_reused(tmp_path: Path) -> None:
    """`mkdocs serve` gives the site the server's address, which its pages' canonical and
    alternate links show: the pages a preview kept are not written by a build."""
    site = Site(make_site(tmp_path, real_data=True))
    # The preview's address, set as `mkdocs serve` sets it: not in mkdocs.yml nor in a setting.
    # Its messages shown (INFO), as by `mkdocs serve`: else it keeps no page.
    script = (
        "import logging, sys; from mkdocs.commands.build import build; from mkdocs.config import load_config; "
        "logging.getLogger('mkdocs').setLevel(logging.INFO); logging.getLogger('mkdocs').addHandler(logging.StreamHandler()); "
        "build(load_config('mkdocs.yml', site_url='http://127.0.0.1:8000/', site_dir=sys.argv[1]))"
    )
    env = {**os.environ, "SITE_BUILD_DATE": site.date.isoformat(), "SITE_URL": "https://site.example/"}
    env.update(
        SITE_PAGE_CACHE=str(tmp_path / "caches-kept/pages"),
        SITE_CARD_CACHE=str(tmp_path / "caches-kept/cards"),
        SITE_PICTURE_CACHE=str(tmp_path / "caches-kept/pictures"),
        SITE_DATA_CACHE=str(tmp_path / "caches-kept/data"),
    )
    preview = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "preview")], env=env, cwd=tmp_path, capture_output=True, text=True
    )
    assert preview.returncode == 0, preview.stdout + preview.stderr
    assert "http://127.0.0.1:8000/" in (tmp_path / "preview/jobs/index.html").read_text(encoding="utf-8")
    assert re.search(r"Pages kept by earlier builds: 0 reused, [1-9]\d* made and kept", preview.stderr), preview.stderr
    kept_log, clean_log, reused = site.both()
    assert reused == 0, kept_log
    assert without_bundle(contents(tmp_path / "kept")) == without_bundle(contents(tmp_path / "clean"))
