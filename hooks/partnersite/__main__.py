"""Commands for the people who edit the site: `python -m partnersite <command>` (see README).

translations   what is not translated yet, per language and collection
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .catalog import DataError, load_catalog
from .coverage import missing_translations, render_report
from .strings import StringsError, load_strings

LANGUAGES = ("en", "fr", "nl")  # the default language first, as in mkdocs.yml


def translations(root: Path) -> int:
    try:
        catalog = load_catalog(root / "data", LANGUAGES)
        strings = load_strings(root / "i18n", LANGUAGES, LANGUAGES[0])
    except (DataError, StringsError) as error:
        print(error, file=sys.stderr)
        return 1
    print(render_report(missing_translations(catalog, strings)))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m partnersite", description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="the site's folder (default: here)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("translations", help="list what is not translated yet")
    arguments = parser.parse_args(argv)
    return translations(arguments.root)


if __name__ == "__main__":
    sys.exit(main())
