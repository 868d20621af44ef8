"""What the first visit to each page type transfers, compressed (empty cache, mobile viewport).

    make bench-weight      (builds the site, then prints one row per page type and language)

Each response's body is gzipped as a web server would send it (tests/pageweight.py says how);
the home page's budget is 150 KB and tests/test_browser.py holds it. This prints figures.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from conftest import chromium, chromium_path, serve_folder  # noqa: E402
from pagetypes import LANGUAGES, PAGE_TYPES, VIEWPORTS  # noqa: E402
from pageweight import BUDGET, first_load  # noqa: E402

COLUMNS = f"{'page':<16}{'lang':<6}{'requests':>9}{'KB':>9}{'KB gzip':>9}{'HTML gzip':>10}{'JS gzip':>9}{'CSS gzip':>9}"


def kilobytes(transfers: list, kind: str | None = None) -> str:
    return f"{sum(item.compressed for item in transfers if kind in (None, item.kind)) / 1000:.1f}"


def main(site: Path, languages: list[str]) -> int:
    if not chromium_path() or not (site / "index.html").is_file():
        print("needs Debian's chromium and a built site (make build)", file=sys.stderr)
        return 1
    print(f"first load, mobile viewport; the home page's budget is {BUDGET / 1000:.0f} KB gzip")
    print(COLUMNS)
    with serve_folder(site) as address, chromium() as browser:
        for kind, path in PAGE_TYPES.items():
            for lang in languages:
                transfers = first_load(browser, address + LANGUAGES[lang] + path, VIEWPORTS["mobile"])
                raw = sum(item.size for item in transfers) / 1000
                print(
                    f"{kind:<16}{lang:<6}{len(transfers):>9}{raw:>9.1f}{kilobytes(transfers):>9}"
                    f"{kilobytes(transfers, 'document'):>10}{kilobytes(transfers, 'script'):>9}"
                    f"{kilobytes(transfers, 'stylesheet'):>9}",
                    flush=True,
                )
    return 0


if __name__ == "__main__":
    sys.exit(main(ROOT / "site", sys.argv[1:] or list(LANGUAGES)))
