"""Lighthouse scores (performance, accessibility, best practices, SEO) of every page type.

    make lighthouse        (builds the site, then prints one row per page type and language)

Lighthouse 12 is installed into bench/node_modules on first use (npm); it drives Debian's
Chromium (CHROME_PATH). It prints figures and asserts nothing: machines here are shared.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
sys.path.insert(0, str(ROOT / "tests"))

from conftest import chromium_path, serve_folder  # noqa: E402
from pagetypes import LANGUAGES, PAGE_TYPES  # noqa: E402

CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
FLAGS = " ".join(
    ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
    + ["--disable-component-update", "--disable-sync", "--no-first-run"]
)


def lighthouse() -> Path:
    cli = BENCH / "node_modules" / "lighthouse" / "cli" / "index.js"
    if not cli.is_file():
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--loglevel=error"], cwd=BENCH, check=True)
    return cli


def scores(cli: Path, url: str, chrome: str) -> dict[str, int]:
    result = subprocess.run(
        [
            "node",
            str(cli),
            url,
            "--output=json",
            "--quiet",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags={FLAGS}",
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "CHROME_PATH": chrome},
        timeout=300,
    )
    report = json.loads(result.stdout)
    return {name: round((report["categories"][name]["score"] or 0) * 100) for name in CATEGORIES}


def main(site: Path, languages: list[str]) -> int:
    chrome = chromium_path()
    if not chrome or not (site / "index.html").is_file():
        print("needs Debian's chromium and a built site (make build)", file=sys.stderr)
        return 1
    cli = lighthouse()
    print(f"{'page':<22}{'lang':<6}" + "".join(f"{name:>16}" for name in CATEGORIES))
    with serve_folder(site) as address:
        for kind, path in PAGE_TYPES.items():
            for lang in languages:
                row = scores(cli, address + LANGUAGES[lang] + path, chrome)
                print(f"{kind:<22}{lang:<6}" + "".join(f"{row[name]:>16}" for name in CATEGORIES), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(ROOT / "site", sys.argv[1:] or ["en"]))
