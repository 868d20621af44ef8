"""What a first search transfers, compressed, as the data grows: Pagefind, and for comparison
the lunr index of Material's search plugin (the site before issue 17).

    .venv/bin/python bench/search_weight.py                 (shipped data, 1000 and 3000 jobs)
    .venv/bin/python bench/search_weight.py 0 1000 --lunr /work/main

For each size (0: the shipped data), builds a temporary copy of the site with synthetic jobs,
members, events and projects (bench/build.py's, made real records: fictional examples are not
in any search), serves it, opens the English home page in Chromium (empty cache), starts a
search for a common word and counts every response from the search's start until the first
results show: gzipped as a web server sends it (Pagefind's index files are already
compressed: they count as they are). With `--lunr TREE`, the same for the site in TREE (a
checkout before issue 17: Material's lunr index). It prints figures and asserts nothing.
"""

from __future__ import annotations

import argparse
import gzip
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "bench")]

from build import BUILD_DATE, generate  # noqa: E402
from playwright.sync_api import Browser, Response  # noqa: E402

from conftest import chromium, serve_folder  # noqa: E402

# A word of every synthetic record ("This synthetic record measures...") and, on the shipped
# site, of most pages.
WORDS = {0: "health"}
COMMON = "synthetic"
SELECTORS = {"pagefind": ".pf-result-link", "lunr": ".md-search-result__item"}
FIELDS = {"pagefind": "dialog[open] pagefind-input input:focus", "lunr": ".md-search__input:focus"}


def make_tree(tree: Path, root: Path, jobs: int) -> None:
    for name in ("mkdocs.yml", "hooks", "overrides", "i18n", "docs", "data"):
        source = tree / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, root / name)
    if jobs:
        generate(root / "data", jobs)
        for path in (root / "data").rglob("*-[0-9]*.yml"):  # synthetic records, made real
            path.write_text(path.read_text(encoding="utf-8").replace("example: true\n", ""), encoding="utf-8")


def build_site(root: Path) -> Path:
    env = {**os.environ, "SITE_BUILD_DATE": BUILD_DATE.isoformat(), "NO_MKDOCS_2_WARNING": "1"}
    out = root / "site"
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(root / "mkdocs.yml"), "-d", str(out)]
    result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=root)
    if result.returncode:
        raise SystemExit(result.stderr[-3000:])
    return out


# What belongs to the search among the responses of a page's first load: Material's search
# worker (lunr) loads with every page; Pagefind's files, only once a search starts.
SEARCH_FILES = ("/pagefind/", "/workers/search", "/search/", "lunr")


def compressed_size(response: Response) -> int:
    body = response.body()
    return min(len(body), len(gzip.compress(body, 6, mtime=0)))


def first_search(browser: Browser, url: str, word: str, engine: str) -> tuple[int, int, int, str, int]:
    """Requests, bytes compressed, bytes as served, and the largest response, of a first search;
    and the compressed bytes of the search's files the page loaded before it started."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    loaded: list[Response] = []
    page.on("response", lambda response: loaded.append(response))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    before = sum(compressed_size(item) for item in loaded if any(part in item.url for part in SEARCH_FILES))
    responses: list[Response] = []
    page.on("response", lambda response: responses.append(response))
    page.keyboard.press("/")
    page.locator(FIELDS[engine]).wait_for(timeout=60_000)
    page.keyboard.type(word, delay=20)
    page.locator(SELECTORS[engine]).first.wait_for(timeout=120_000)
    page.wait_for_load_state("networkidle")
    sizes = [(compressed_size(response), len(response.body()), response.url) for response in responses]
    context.close()
    largest = max(sizes) if sizes else (0, 0, "")
    name = largest[2].rsplit("/", 1)[-1]
    return len(sizes), sum(s[0] for s in sizes), sum(s[1] for s in sizes), f"{name} {largest[0] / 1000:.0f} KB", before


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("sizes", nargs="*", type=int, default=[0, 1000, 3000])
    parser.add_argument("--lunr", type=Path, help="a checkout of the site with Material's search (lunr)")
    args = parser.parse_args()
    trees = [("pagefind", ROOT)] + ([("lunr", args.lunr.resolve())] if args.lunr else [])
    print("first search from the English home page; 'with page' adds the search's files the page loaded before")
    header = f"{'jobs':>6} {'search':<9} {'word':<10} {'requests':>9} {'KB gzip':>9} {'KB raw':>8} {'with page':>10}"
    print(header + "  largest", flush=True)
    with chromium() as browser:
        for jobs in args.sizes:
            for engine, tree in trees:
                with tempfile.TemporaryDirectory() as folder:
                    root = Path(folder)
                    make_tree(tree, root, jobs)
                    site = build_site(root)
                    with serve_folder(site) as address:
                        for word in [WORDS.get(jobs, COMMON)] + (["health"] if jobs else []):
                            count, compressed, raw, largest, before = first_search(browser, address, word, engine)
                            print(
                                f"{jobs:>6} {engine:<9} {word:<10} {count:>9} {compressed / 1000:>9.1f}"
                                f" {raw / 1000:>8.1f} {(compressed + before) / 1000:>10.1f}  {largest}",
                                flush=True,
                            )


if __name__ == "__main__":
    main()
