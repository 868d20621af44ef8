"""Build time and size as the data grows.

    make bench                       (sizes 100, 300, 1000 and 3000 jobs)
    .venv/bin/python bench/build.py 100 300

For each size, generates a synthetic but valid data set (jobs, with proportionate members,
events and projects, every text in three languages) in a temporary copy of the site, builds it
with all three languages (`mkdocs build`, then `bin/site build`: one `mkdocs build` per language
side by side) and with one (the preview mode), and prints one table: wall seconds,
pages per second, CPU seconds of the build (and of any process it starts), the largest
process's peak memory, output size, and (last column) the seconds of the search indexing
(Pagefind, part of the build's time). Our own work
(load and check the data, render the generated pages' sources and the feeds and calendars,
all three languages) is timed separately, in this process, and given as a share of the
build's CPU time and of its wall time; a second table splits it, the page sources apart
from the HTML fragments (lists and facts, which MkDocs would otherwise have made from
Markdown). Where Hugo is installed (HUGO=, or the one ../shared/bench/hugo/compare.sh installs)
it builds bench/hugo-site/ (the same pages) with the same data and Pagefind after it
(bench/hugo-pagefind), and prints its row and each of our builds' ratio to it. It prints figures
and asserts nothing.
"""

from __future__ import annotations

import datetime as dt
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "hooks")]

from partnersite import render as render_module  # noqa: E402
from partnersite.cardimages import CardCache  # noqa: E402
from partnersite.catalog import load_catalog  # noqa: E402
from partnersite.pages import render_files, render_pages  # noqa: E402
from partnersite.render import Renderer  # noqa: E402
from partnersite.sharecards import default_card  # noqa: E402
from partnersite.strings import load_strings  # noqa: E402
from partnersite.views import Views  # noqa: E402

BUILD_DATE = dt.date(2026, 11, 21)
AREAS = ["biopharmacy", "medical-devices-diagnostics", "radiation-health", "digital-health"]
CONTRACTS = ["permanent", "fixed_term", "internship", "freelance"]
TOWNS = [
    ("Charleroi", "Charleroi", "Charleroi"),
    ("Liège", "Liège", "Luik"),
    ("Ghent", "Gand", "Gent"),
    ("Antwerp", "Anvers", "Antwerpen"),
]
LOREM = (
    "This synthetic record measures how the build grows with the data. It has a few sentences, "
    "like a real description, with **Markdown** and a [link](https://example.org/page)."
)


def text(en: str) -> str:
    return f'{{en: "{en}", fr: "FR {en}", nl: "NL {en}"}}'


def block(en: str) -> str:
    return f"\n  en: |\n    {en}\n  fr: |\n    FR {en}\n  nl: |\n    NL {en}\n"


def generate(data: Path, jobs: int) -> None:
    """Add synthetic members, events, projects and jobs beside the shipped ones."""
    members, events, projects = max(4, jobs * 3 // 10), max(2, jobs // 10), max(2, jobs // 20)
    for n in range(members):
        cluster = "biowin" if n % 2 == 0 else "medvia"
        town = TOWNS[n % len(TOWNS)]
        (data / "members" / f"member-{n}.yml").write_text(
            f"id: member-{n}\nname: Synthetic Member {n}\nexample: true\ncluster: {cluster}\ntype: company\n"
            f"areas: [{AREAS[n % 4]}]\ncity: {{en: {town[0]}, fr: {town[1]}, nl: {town[2]}}}\n"
            f"website: https://member-{n}.example\ndescription: {text(f'Synthetic member {n}.')}\n",
            encoding="utf-8",
        )
    for n in range(events):
        day = BUILD_DATE + dt.timedelta(days=n - events // 2)
        (data / "events" / f"event-{n}.yml").write_text(
            f"id: event-{n}\ntitle: {text(f'Synthetic event {n}')}\nexample: true\nstart: {day}T09:30\n"
            f"end: {day}T12:00\nvenue: {text('Namur')}\norganisers: [biowin, member-{n % members}]\n"
            f"summary:{block(LOREM)}",
            encoding="utf-8",
        )
    for n in range(projects):
        (data / "projects" / f"project-{n}.yml").write_text(
            f"id: project-{n}\ntitle: {text(f'Synthetic project {n}')}\nexample: true\nsummary:{block(LOREM)}"
            f"area: {AREAS[n % 4]}\nkey_area: research-innovation\npartners: [member-{2 * n % members}, member-{(2 * n + 1) % members}]\n"
            f"status: ongoing\nstart: 2025-01-01\n",
            encoding="utf-8",
        )
    for n in range(jobs):
        posted = BUILD_DATE - dt.timedelta(days=n % 60)
        town = TOWNS[n % len(TOWNS)]
        (data / "jobs" / f"job-{n}.yml").write_text(
            f"id: job-{n}\ntitle: {text(f'Synthetic position {n}')}\nexample: true\nemployer: member-{n % members}\n"
            f"area: {AREAS[n % 4]}\nlocation: {{en: {town[0]}, fr: {town[1]}, nl: {town[2]}}}\n"
            f"contract: {CONTRACTS[n % 4]}\nhours: full_time\nlanguages: [fr, en]\nposted: {posted}\n"
            f"closes: {posted + dt.timedelta(days=90)}\nsalary: {{min: 3000, max: 4000, currency: EUR, period: month}}\n"
            f"apply: https://member-{n % members}.example/jobs/{n}\ndescription:{block(LOREM)}"
            f"requirements: [{text('A degree.')}, {text('Two years of experience.')}]\n",
            encoding="utf-8",
        )


MEASURE = """
import resource, sys, time
start = time.perf_counter()
try:
    if sys.argv[3] == "mkdocs":
        from mkdocs.__main__ import cli
        cli(["build", "--strict", "-q", "-f", sys.argv[1], "-d", sys.argv[2]], standalone_mode=False)
    else:  # bin/site build: one mkdocs build per language, side by side
        sys.path.insert(0, sys.argv[1].removesuffix("mkdocs.yml") + "hooks")
        from partnersite.__main__ import main
        root = sys.argv[1].removesuffix("/mkdocs.yml")
        if main(["--root", root, "build", "--site-dir", sys.argv[2]]):
            raise SystemExit("bin/site build failed")
finally:
    usage = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    cpu = sum(u.ru_utime + u.ru_stime for u in usage)
    peak = max(u.ru_maxrss for u in usage)
    search = sys.modules.get("partnersite.search")  # the search indexing's seconds, if any
    print(time.perf_counter() - start, cpu, peak, sum(getattr(search, "INDEXING_SECONDS", [])), file=sys.stderr)
"""


def build(
    root: Path, out: Path, language: str | None, cards: Path, how: str = "mkdocs", pages: str = "off",
    date: dt.date = BUILD_DATE,
) -> dict[str, float]:  # fmt: skip
    """`mkdocs build` (`how`: "mkdocs") or `bin/site build` ("driver") of the site at `root`,
    its share cards kept in `cards`, its pages in the folder `pages` ("off": a clean build, no
    page, page source or checked data file kept from a build to the next)."""
    env = {**os.environ, "SITE_BUILD_DATE": date.isoformat(), "NO_MKDOCS_2_WARNING": "1"}
    env["SITE_CARD_CACHE"], env["SITE_PAGE_CACHE"] = str(cards), pages
    env["SITE_DATA_CACHE"] = "" if pages == "off" else str(root / "data-cache")
    env["SITE_SOURCE_CACHE"] = "off" if pages == "off" else str(root / "source-cache")
    if language:
        env["SITE_PREVIEW_LANGUAGE"] = language
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, str(root / "mkdocs.yml"), str(out), how],
        capture_output=True,
        text=True,
        env=env,
        cwd=root,
    )
    if result.returncode:
        raise SystemExit(result.stderr[-3000:])
    seconds, cpu, peak_kb, indexing = result.stderr.strip().splitlines()[-1].split()
    pages = sum(1 for _ in out.rglob("*.html"))
    size = sum(path.stat().st_size for path in out.rglob("*") if path.is_file())
    return {
        "seconds": float(seconds),
        "indexing": float(indexing),
        "cpu": float(cpu),
        "pages": pages,
        "peak_mb": int(peak_kb) / 1024,
        "size_mb": size / 2**20,
    }


class TimedFragments:
    """Adds up the time the renderer spends in its HTML fragments (templates/html/): stands for
    render.py's `_render` while it is in place (`with`)."""

    def __init__(self) -> None:
        self.seconds = 0.0

    def __enter__(self) -> TimedFragments:
        self._original = render_module._render

        def timed(template: Any, context: dict[str, Any]) -> str:
            if not (template.name or "").startswith("html/"):
                return self._original(template, context)
            start = time.perf_counter()
            try:
                return self._original(template, context)
            finally:
                self.seconds += time.perf_counter() - start

        render_module._render = timed
        return self

    def __exit__(self, *_: object) -> None:
        render_module._render = self._original


def own_work(root: Path) -> dict[str, float]:
    """Seconds, 3 languages: load and check the data; render every generated page (its Markdown
    source and, of that, its HTML fragments); render the feeds and calendars; draw the share
    cards into an empty cache ("cards cold"), then find them all there ("cards warm")."""
    times = {"load": 0.0, "pages": 0.0, "fragments": 0.0, "files": 0.0, "cards cold": 0.0, "cards warm": 0.0}
    cards = []
    start = time.perf_counter()
    languages = ("en", "fr", "nl")
    catalog = load_catalog(root / "data", languages)
    strings = load_strings(root / "i18n", languages, "en")
    views = Views(catalog, BUILD_DATE)
    times["load"] = time.perf_counter() - start
    for lang in languages:
        renderer = Renderer(views, strings, lang, "https://bench.example/", "" if lang == "en" else f"{lang}/")
        with TimedFragments() as fragments:
            start = time.perf_counter()
            pages = render_pages(renderer)
            times["pages"] += time.perf_counter() - start
        cards += [default_card(renderer.formatter, catalog), *(page.card for page in pages if page.card)]
        times["fragments"] += fragments.seconds
        start = time.perf_counter()
        render_files(renderer)
        times["files"] += time.perf_counter() - start
    with tempfile.TemporaryDirectory() as folder:
        for label in ("cards cold", "cards warm"):
            cache, start = CardCache(Path(folder)), time.perf_counter()
            for card in cards:
                cache.image(card.card)
            times[label] = time.perf_counter() - start
    times["cards"] = len(cards)
    return times


# (label, language, how, pages): `mkdocs build` of the three languages (share cards' cache
# empty, then full), `bin/site build` (the languages side by side, one `mkdocs build` each:
# "3 side"), all with no page kept between builds (clean builds); then `bin/site build` into an
# empty page cache ("3 keep": what keeping them costs), and the nightly rebuild: the next
# build date and one job changed, with that cache ("nightly"); the one-language preview.
RUNS = (
    ("3 cold", None, "mkdocs", "off"),
    ("3 warm", None, "mkdocs", "off"),
    ("3 side", None, "driver", "off"),
    ("3 keep", None, "driver", "kept"),
    ("nightly", None, "driver", "kept"),
    ("1 lang", "en", "mkdocs", "off"),
)


def nightly_change(data: Path) -> dt.date:
    """What the nightly rebuild sees: one job's title changed; returns its build date (the next day)."""
    job = data / "jobs" / "job-1.yml"
    job.write_text(job.read_text(encoding="utf-8").replace('position 1"', 'position 1 (changed)"'), encoding="utf-8")
    return BUILD_DATE + dt.timedelta(days=1)


# Hugo, where it is installed: the same pages from the same data (bench/hugo-site/, the site of
# the comparison harness ../shared/bench/hugo/, extended), then Pagefind on its output
# (bench/hugo-pagefind), as our build indexes its own. The harness's converters make its
# interface strings and hand-written pages from ours.
HARNESS = Path(os.environ.get("HUGO_HARNESS", ROOT.parent / "shared" / "bench" / "hugo"))


def hugo_binary() -> str | None:
    """$HUGO, else the one the harness installs (~/.cache/hugo-compare/), else `hugo` in PATH."""
    if os.environ.get("HUGO"):
        return os.environ["HUGO"]
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "hugo-compare"
    found = sorted(cache.glob("hugo-*/lib/python*/site-packages/hugo/binaries/hugo"))
    return str(found[-1]) if found else shutil.which("hugo")


def hugo_build(root: Path, binary: str) -> dict[str, float] | None:
    """The Hugo site with this size's data, built once untimed (its cards and pictures into its
    cache, as ours are warm), then timed; None without the harness's converters."""
    if not (HARNESS / "convert_i18n.py").is_file():
        return None
    site = root / "hugo-site"
    shutil.copytree(ROOT / "bench" / "hugo-site", site)
    subprocess.run(
        [sys.executable, str(HARNESS / "convert_i18n.py"), str(root / "i18n"), str(site / "i18n")],
        check=True,
        capture_output=True,
    )
    pages = [
        sys.executable,
        str(HARNESS / "hand_pages.py"),
        str(root / "docs"),
        str(site / "content"),
        str(site / "static"),
    ]
    subprocess.run(pages, check=True, capture_output=True)
    shutil.copytree(root / "data", site / "data")
    env = {**os.environ, "HUGO_BIN": binary, "HUGO_PARAMS_BUILDDATE": BUILD_DATE.isoformat()}
    row = {}
    for out in ("hugo-warm-up", "hugo-timed"):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        command = [str(ROOT / "bench" / "hugo-pagefind"), "--quiet", "--minify=false", "-d", str(root / out)]
        subprocess.run(command, cwd=site, env=env, check=True, capture_output=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        row = {
            "seconds": time.perf_counter() - start,
            "cpu": after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime,
            "pages": sum(1 for _ in (root / out).rglob("*.html")),
            "size_mb": sum(path.stat().st_size for path in (root / out).rglob("*") if path.is_file()) / 2**20,
        }
    return row


def main(sizes: list[int]) -> None:
    print(
        f"{'jobs':>6} {'records':>8} {'build':<7} {'pages':>7} {'seconds':>8} {'pages/s':>8} {'CPU s':>7}"
        f" {'peak MB':>8} {'out MB':>7} {'ours s':>7} {'% CPU':>6} {'% wall':>7} {'search s':>9}",
        flush=True,
    )
    details = []
    hugo = hugo_binary()
    ratios = []
    for jobs in sizes:
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder)
            for name in ("mkdocs.yml", "hooks", "overrides", "i18n", "docs", "data"):
                source = ROOT / name
                (shutil.copytree if source.is_dir() else shutil.copy)(source, root / name)
            generate(root / "data", jobs)
            records = sum(1 for _ in (root / "data").rglob("*.yml"))
            ours = own_work(root)
            total = ours["load"] + ours["pages"] + ours["files"]
            # The share cards' cache starts empty (the first build draws them all: "cold"); the
            # second 3-language build finds them there ("warm", as a rebuild does); then
            # `bin/site build` ("3 side", warm) and the one-language preview's build.
            cards = root / "card-cache"
            timed: dict[str, dict[str, float]] = {}
            for label, language, how, pages in RUNS:
                date = nightly_change(root / "data") if label == "nightly" else BUILD_DATE
                pages = str(root / "page-cache") if pages == "kept" else pages
                row = build(root, root / f"site-{label.replace(' ', '-')}", language, cards, how, pages, date)
                own = shares = ""
                if label == "3 cold":
                    own = f"{total:.2f}"
                    shares = f"{100 * total / row['cpu']:>6.1f} {100 * total / row['seconds']:>7.1f}"
                    details.append((jobs, ours, row["cpu"], 0.0))
                elif label == "3 warm":
                    details[-1] = (*details[-1][:3], row["cpu"])
                print(
                    f"{jobs:>6} {records:>8} {label:<7} {row['pages']:>7} {row['seconds']:>8.2f}"
                    f" {row['pages'] / row['seconds']:>8.1f} {row['cpu']:>7.1f} {row['peak_mb']:>8.0f}"
                    f" {row['size_mb']:>7.1f} {own:>7} {shares:>14} {row['indexing']:>9.2f}",
                    flush=True,
                )
                timed[label] = row
            hugo_row = hugo_build(root, hugo) if hugo else None
            if hugo_row:
                print(
                    f"{jobs:>6} {records:>8} {'hugo':<7} {hugo_row['pages']:>7} {hugo_row['seconds']:>8.2f}"
                    f" {hugo_row['pages'] / hugo_row['seconds']:>8.1f} {hugo_row['cpu']:>7.1f} {'':>8}"
                    f" {hugo_row['size_mb']:>7.1f}",
                    flush=True,
                )
                ratios.append((jobs, {label: timed[label]["seconds"] / hugo_row["seconds"] for label in timed}))
    if ratios:
        print("\nOurs / Hugo + Pagefind (wall seconds; Hugo's images drawn in an untimed first build):")
        labels = [label for label, language, _, _ in RUNS if language is None]  # three languages, as Hugo
        print(f"{'jobs':>6} " + " ".join(f"{label:>8}" for label in labels))
        for jobs, ratio in ratios:
            print(f"{jobs:>6} " + " ".join(f"{ratio[label]:>7.2f}x" for label in labels))
    elif not hugo:
        print("\nHugo: not installed (HUGO=, or run ../shared/bench/hugo/compare.sh once): no Hugo row")
    else:
        print(f"\nHugo: no harness at {HARNESS} (HUGO_HARNESS=): no Hugo row")
    print("\nOur own work, seconds (share of the cold 3-language build's CPU); share cards of all")
    print("languages drawn into an empty cache (cold; share of the cold build), then all found in it")
    print("(warm, as in a rebuild; share of the warm build):")
    print(
        f"{'jobs':>6} {'load+check':>12} {'page sources':>14} {'HTML fragments':>16} {'feeds+calendars':>17}"
        f" {'cards':>6} {'cards cold':>14} {'cards warm':>14}"
    )
    for jobs, ours, cpu, warm_cpu in details:
        sources = ours["pages"] - ours["fragments"]
        cells = [(ours["load"], cpu, 12), (sources, cpu, 14), (ours["fragments"], cpu, 16), (ours["files"], cpu, 17)]
        cards = [(ours["cards cold"], cpu, 14), (ours["cards warm"], warm_cpu, 14)]
        print(f"{jobs:>6} {_shares(cells)} {int(ours['cards']):>6} {_shares(cards)}")


def _shares(cells: list[tuple[float, float, int]]) -> str:
    """Seconds with their share of a build's CPU seconds, each in a column of its width."""
    return " ".join(f"{f'{value:.2f} ({100 * value / cpu:.1f}%)':>{width}}" for value, cpu, width in cells)


if __name__ == "__main__":
    main([int(size) for size in sys.argv[1:]] or [100, 300, 1000, 3000])
