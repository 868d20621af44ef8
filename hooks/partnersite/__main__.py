"""Commands for the people who edit the site (run them as `bin/site <command>`):

build [--jobs N]    build the site into site/, the languages side by side (N at a time: all)
check [FILE...]     check all data without building; problems as file:line:column: field: message
new KIND [--id ID]  start a new record (KIND: job, event, member, project, news) from a template
translations        what is not translated yet, per language and collection
schemas             rewrite schemas/*.schema.json from the collections' definitions
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .catalog import DataError, load_catalog
from .checks import check_site
from .coverage import missing_translations, render_report
from .driver import BuildFailed, build_site
from .editor import write_schemas
from .failures import describe_unexpected
from .languages import LanguagesError, site_languages
from .scaffold import KINDS, ScaffoldError, new_record
from .strings import StringsError, load_strings


def check(root: Path, files: list[str], languages: tuple[str, ...]) -> int:
    """Every problem in the data and the interface strings; exit status 1 if any."""
    wanted = []
    for file in files:
        found = [path for path in (Path(file), root / file) if path.exists() or path.is_symlink()]
        if not found:
            print(f"{file}: no such file", file=sys.stderr)
            return 1
        try:
            wanted.append(found[0].absolute().relative_to(root.absolute()).as_posix())
        except ValueError:
            wanted.append(Path(file).as_posix())
    try:
        problems = check_site(root, languages)
    except Exception as error:  # a fault of ours: one line, never a traceback
        problems = [f"(site): {describe_unexpected(error)}"]
    if wanted:  # only the problems of these files (the whole data is still checked together)
        prefixes = tuple(name.removeprefix("./") for name in wanted)
        problems = [problem for problem in problems if problem.startswith(prefixes)]
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''}.", file=sys.stderr)
        return 1
    where = f" in {', '.join(wanted)}" if wanted else ""
    print(f"No problems found{where}.", file=sys.stderr)
    return 0


def build(root: Path, site_dir: Path, languages: tuple[str, ...], jobs: int, quiet: bool = False) -> int:
    """`mkdocs build`, one process per language (driver.py); the site replaced only if whole."""
    started = time.perf_counter()
    try:
        builds = build_site(root, (root / site_dir).resolve(), languages, jobs)
    except BuildFailed as error:
        print(f"The site was not built (the published one is unchanged):\n{error}", file=sys.stderr)
        return 1
    for done in builds:  # what MkDocs said besides its progress lines (INFO), if anything
        said = [line for line in done.output.splitlines() if line.strip() and not line.startswith("INFO ")]
        if said:
            print(f"[{done.lang}] " + "\n".join(said), file=sys.stderr)
    seconds = time.perf_counter() - started
    if not quiet:
        print(f"Built {', '.join(languages)} into {site_dir} in {seconds:.1f} s ({jobs} at a time).", file=sys.stderr)
    return 0


def translations(root: Path, languages: tuple[str, ...]) -> int:
    try:
        catalog = load_catalog(root / "data", languages)
        strings = load_strings(root / "i18n", languages, languages[0])
    except (DataError, StringsError) as error:
        print(error, file=sys.stderr)
        return 1
    print(render_report(missing_translations(catalog, strings)))
    return 0


def new(root: Path, kind: str, record_id: str | None) -> int:
    try:
        path = new_record(root, kind, record_id)
    except ScaffoldError as error:
        print(f"new {kind}: {error}", file=sys.stderr)
        return 1
    print(path.relative_to(root).as_posix())
    print("Fill in the empty fields, then run: bin/site check", file=sys.stderr)
    return 0


def schemas(root: Path, languages: tuple[str, ...]) -> int:
    for path in write_schemas(root, languages):
        print(f"wrote {path.relative_to(root).as_posix()}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="bin/site", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="the site's folder (default: here)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    building = commands.add_parser("build", help="build the site, the languages side by side")
    building.add_argument("--jobs", type=int, default=0, help="languages built at a time (default: all of them)")
    building.add_argument("-d", "--site-dir", type=Path, default=Path("site"), help="the output folder (default: site)")
    # As `mkdocs build` takes them (so that a script timing `mkdocs build` can time this): the
    # build is always strict; --quiet leaves out the closing line.
    building.add_argument("--strict", action="store_true", help="(always: any warning fails the build)")
    building.add_argument("-q", "--quiet", action="store_true", help="print only warnings and errors")
    checking = commands.add_parser("check", help="check all data without building")
    checking.add_argument("files", nargs="*", help="report only the problems of these files")
    creating = commands.add_parser("new", help="start a new record from a template")
    creating.add_argument("kind", choices=sorted(KINDS))
    creating.add_argument("--id", help="the record's id (default: a fresh one)")
    commands.add_parser("translations", help="list what is not translated yet")
    commands.add_parser("schemas", help="rewrite the JSON Schema files")
    arguments = parser.parse_args(argv)
    root = arguments.root
    if arguments.command == "new":
        return new(root, arguments.kind, arguments.id)
    try:
        languages = site_languages(root)  # the default first, as mkdocs.yml lists them
    except LanguagesError as error:
        print(f"bin/site: {error}", file=sys.stderr)
        return 2
    if arguments.command == "check":
        return check(root, arguments.files, languages)
    if arguments.command == "build":
        return build(root, arguments.site_dir, languages, arguments.jobs or len(languages), arguments.quiet)
    if arguments.command == "schemas":
        return schemas(root, languages)
    return translations(root, languages)


if __name__ == "__main__":
    sys.exit(main())
