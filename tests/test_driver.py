"""`bin/site build` (driver.py: one `mkdocs build` per language, side by side, merged) gives the
same files as `mkdocs build`, and publishes nothing when a language fails."""

from __future__ import annotations

import gzip
import os
import re
import subprocess
import sys
from pathlib import Path

from pagefindindex import index_contents, without_bundle
from partnersite.driver import merge_sitemaps
from sitetree import BUILD_DATE, ROOT, build, make_site


def site_build(root: Path, out: str, *arguments: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "SITE_BUILD_DATE": BUILD_DATE,
        "SITE_URL": "https://site.example/",
        "PYTHONPATH": str(ROOT / "hooks"),
    }
    command = [sys.executable, "-m", "partnersite", "--root", str(root), "build", "--site-dir", out, *arguments]
    return subprocess.run(command, capture_output=True, text=True, env=env, cwd=root, timeout=300)


def files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_every_way_of_building_gives_the_same_files(tmp_path: Path) -> None:
    """`mkdocs build`, `bin/site build` with the languages two at a time, and one at a time."""
    root = make_site(tmp_path, real_data=True)
    whole = build(root, out="mkdocs")
    assert whole.returncode == 0, whole.output
    side = site_build(root, "side", "--jobs", "2")
    assert side.returncode == 0, side.stderr
    one = site_build(root, "one", "--jobs", "1")
    assert one.returncode == 0, one.stderr
    # Every file the same, byte for byte; the search bundle holding the same (Pagefind 1.5.2
    # names its filter files differently from one run to the next: pagefindindex.py).
    expected = without_bundle(files(whole.site))
    assert any(name.startswith("fr/jobs/") for name in expected) and "sitemap.xml.gz" in expected
    for other in (root / "side", root / "one"):
        found = without_bundle(files(other))
        assert sorted(found) == sorted(expected)
        assert [name for name in expected if found[name] != expected[name]] == []
        assert index_contents(other) == index_contents(whole.site) != set()
    # the merged sitemap lists every language, the compressed one says the same
    sitemap = expected["sitemap.xml"].decode()
    assert "https://site.example/fr/" in sitemap and "https://site.example/nl/jobs/" in sitemap
    assert gzip.decompress(files(root / "side")["sitemap.xml.gz"]).decode() == sitemap
    # no scratch folder left beside the output
    assert not [path for path in root.iterdir() if path.name.startswith("site-build-")]


def test_a_failing_language_publishes_nothing_and_says_which(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    first = site_build(root, "site")
    assert first.returncode == 0, first.stderr
    before = files(root / "site")
    # A template fault that only the Dutch pages reach.
    template = root / "hooks/partnersite/templates/job.md.j2"
    template.write_text(
        template.read_text(encoding="utf-8")
        + '\n{% if formatter.lang == "nl" %}{{ undefined_name.attribute }}{% endif %}\n',
        encoding="utf-8",
    )
    failed = site_build(root, "site")
    assert failed.returncode == 1
    assert "[nl]" in failed.stderr and "job.md.j2" in failed.stderr
    assert "Traceback" not in failed.stderr
    assert files(root / "site") == before  # the published site is untouched


def test_unknown_language_is_refused(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    env = {**os.environ, "SITE_BUILD_DATE": BUILD_DATE, "SITE_BUILD_LANGUAGES": "de"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(root / "mkdocs.yml"), "-d", str(root / "out")],
        capture_output=True,
        text=True,
        env=env,
        cwd=root,
        timeout=300,
    )
    assert result.returncode != 0
    assert "SITE_BUILD_LANGUAGES names languages the site does not have: de" in result.stdout + result.stderr


def test_a_language_process_writes_only_its_own_pages(tmp_path: Path) -> None:
    root = make_site(tmp_path)
    env = {
        **os.environ,
        "SITE_BUILD_DATE": BUILD_DATE,
        "SITE_BUILD_LANGUAGES": "fr",
        "SITE_URL": "https://site.example/",
    }
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(root / "mkdocs.yml"), "-d", str(root / "fr")],
        capture_output=True,
        text=True,
        env=env,
        cwd=root,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    pages = [name for name in files(root / "fr") if name.endswith(".html")]
    # Besides its own, only what the other languages' passes render and nobody keeps: the
    # theme's not-found page at the root and an empty home page (static-i18n wants one).
    assert [name for name in pages if not name.startswith("fr/")] == ["404.html", "index.html", "nl/index.html"]
    assert len([name for name in pages if name.startswith("fr/jobs/")]) > 2
    listed = re.findall(r"<loc>(.*?)</loc>", (root / "fr" / "sitemap.xml").read_text(encoding="utf-8"))
    assert listed and all(loc.startswith("https://site.example/fr/") for loc in listed)


def test_sitemaps_merge_in_order_with_the_layout_of_one() -> None:
    def sitemap(*locs: str) -> str:
        entries = "".join(f"\n    <url>\n        <loc>{loc}</loc>\n    </url>" for loc in locs)
        return f'<?xml version="1.0"?>\n<urlset xmlns="x">{entries}\n</urlset>'

    merged = merge_sitemaps([sitemap("/a", "/b"), sitemap(), sitemap("/fr/a")])
    assert merged == sitemap("/a", "/b", "/fr/a")
