"""Save desktop and mobile screenshots of every page type in every language.

    make screenshots            (builds the site, then writes screenshots/<lang>-<type>-<viewport>.png)

Uses the built site in site/ (or the folder given as first argument) and Debian's Chromium.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from conftest import chromium, chromium_path, serve_folder  # noqa: E402
from pagetypes import LANGUAGES, PAGE_TYPES, VIEWPORTS  # noqa: E402


def main(site: Path, out: Path) -> int:
    if not chromium_path() or not (site / "index.html").is_file():
        print("needs Debian's chromium and a built site (make build)", file=sys.stderr)
        return 1
    out.mkdir(exist_ok=True)
    with serve_folder(site) as address, chromium() as browser:
        for viewport, size in VIEWPORTS.items():
            context = browser.new_context(viewport=size)
            page = context.new_page()
            for lang, prefix in LANGUAGES.items():
                for kind, path in PAGE_TYPES.items():
                    page.goto(address + prefix + path)
                    page.wait_for_load_state("networkidle")
                    page.wait_for_timeout(300)  # Material's tabs fade in
                    target = out / f"{lang}-{kind}-{viewport}.png"
                    page.screenshot(path=str(target), full_page=True)
            context.close()
    print(f"{len(VIEWPORTS) * len(LANGUAGES) * len(PAGE_TYPES)} screenshots in {out}/")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "site", ROOT / "screenshots"))
