"""`bin/site build`: the languages built side by side, one ordinary `mkdocs build` each.

`mkdocs build` builds the languages one after the other in one process (outputs.py). This
driver starts one `mkdocs build` per language instead, at most `jobs` at a time, each told by
`SITE_BUILD_LANGUAGES` which language it writes (a pass of another language gets no page:
outputs.LanguageSelection), each into a folder of its own. Then it merges them, the way Hugo
renders a site per language:

- from the process of the language at the site's root: every file but the other languages'
  folders (the theme's assets, the root language's pages, feeds, not-found page and index);
- from each other language's process: its own folder (`fr/`), nothing else;
- `sitemap.xml`: each process lists its own language's pages (with their alternates in every
  language); the merged one lists them in the order of mkdocs.yml, as a whole build does, and
  `sitemap.xml.gz` is compressed again with the time MkDocs gave the last language's;
- the search index (Pagefind, search.py) is made once, from the merged site: the processes
  leave it out.

Each language's `mkdocs build` is a child process forked from this one once it has imported
what every build imports (MkDocs, the theme, Python-Markdown, Jinja, Pillow...): the
same build as `python -m mkdocs build` started afresh (it loads mkdocs.yml, the hook file
and this package itself), without importing the packages again for each language. Where there is no
`fork` (Windows), `python -m mkdocs build` is started instead.

The result is the same files, byte for byte, as `mkdocs build` (tests/test_driver.py). Like
`mkdocs build`, it replaces the output folder only when every language built: a failure in any
leaves the published site as it was, and prints that language's messages.
"""

from __future__ import annotations

import gzip
import importlib
import os
import shutil
import subprocess
import sys
import tempfile
import traceback
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

from .outputs import LANGUAGES_VARIABLE
from .search import SearchIndexError, SiteIndexer
from .urls import language_prefix

SITEMAP = "sitemap.xml"
_URLSET_END = "</urlset>"


class BuildFailed(Exception):
    """A language's `mkdocs build` failed; the message holds what it printed."""


@dataclass(frozen=True)
class LanguageBuild:
    lang: str
    folder: Path
    output: str  # what its `mkdocs build` printed (warnings, errors)
    status: int


def build_site(root: Path, site_dir: Path, languages: Sequence[str], jobs: int) -> list[LanguageBuild]:
    """Build every language (the default, at the root, first in `languages`) into `site_dir`."""
    with tempfile.TemporaryDirectory(prefix="site-build-", dir=site_dir.parent) as scratch:
        folders = {lang: Path(scratch) / lang for lang in languages}
        if hasattr(os, "fork"):
            builds = _build_forked(root, languages, folders, max(1, jobs))
        else:
            with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
                builds = list(pool.map(lambda lang: _build_one(root, lang, folders[lang]), languages))
        failed = [build for build in builds if build.status != 0]
        if failed:
            raise BuildFailed("\n".join(f"[{build.lang}] {build.output.rstrip()}" for build in failed))
        staging = Path(scratch) / "merged"
        merge(folders, languages, staging)
        try:
            SiteIndexer().index(staging)
        except SearchIndexError as error:
            raise BuildFailed(str(error)) from None
        _publish(staging, site_dir)
    return builds


def _arguments(root: Path, folder: Path) -> list[str]:
    # Not --quiet: it hides warnings.
    return ["build", "--strict", "--config-file", str(root / "mkdocs.yml"), "--site-dir", str(folder)]


def _build_one(root: Path, lang: str, folder: Path) -> LanguageBuild:
    command = [sys.executable, "-m", "mkdocs", *_arguments(root, folder)]
    env = {**os.environ, LANGUAGES_VARIABLE: lang, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, check=False)
    return LanguageBuild(lang, folder, done.stdout + done.stderr, done.returncode)


# What every language's build imports, imported once before forking: the packages and, if the
# site's hook file imports this very copy of this package (not another copy: bench/, tests/),
# the modules of it the hook file imports; not the hook file or mkdocs.yml, which each build
# loads.
PRELOADED = (
    "mkdocs.__main__",
    "mkdocs.commands.build",
    "mkdocs_static_i18n.plugin",
    "material",
    "markdown",
    "markdown.extensions.toc",
    "markdown.extensions.attr_list",
    "jinja2",
    "yaml",
    "PIL.Image",
    "PIL.ImageDraw",
    "PIL.ImageFont",
    "babel.dates",
    "babel.lists",
    "babel.numbers",
    "feedgen.feed",
    "icalendar",
    "nh3",
)
OURS = ("build", "i18n_files", "jinja_env", "markup", "outputs", "pagecache", "preview", "publish", "render", "search")


def _build_forked(root: Path, languages: Sequence[str], folders: dict[str, Path], jobs: int) -> list[LanguageBuild]:
    """Each language's `mkdocs build` in a child process forked from this one, `jobs` at a
    time; what each prints goes to a file beside its folder."""
    ours = _hooks_import_this_copy(root)
    for module in PRELOADED + (tuple(f"{__package__}.{name}" for name in OURS) if ours else ()):
        importlib.import_module(module)
    waiting = list(languages)
    running: dict[int, tuple[str, Path]] = {}
    done: dict[str, LanguageBuild] = {}
    while waiting or running:
        while waiting and len(running) < jobs:
            lang = waiting.pop(0)
            log = folders[lang].with_name(f"{lang}.log")
            sys.stdout.flush()
            sys.stderr.flush()
            pid = os.fork()
            if pid == 0:
                _child(root, lang, folders[lang], log, keep_ours=ours)
            running[pid] = (lang, log)
        pid, status = os.wait()
        if pid in running:
            lang, log = running.pop(pid)
            output = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
            done[lang] = LanguageBuild(lang, folders[lang], output, os.waitstatus_to_exitcode(status))
    return [done[lang] for lang in languages]


def _hooks_import_this_copy(root: Path) -> bool:
    """Whether the site's hook file (hooks/site.py beside mkdocs.yml) imports this package from
    where this process did: MkDocs puts the hook file's folder first on the path."""
    return (root / "hooks" / __package__).resolve() == Path(__file__).resolve().parent


def _child(root: Path, lang: str, folder: Path, log: Path, keep_ours: bool) -> NoReturn:
    """In a forked child: `mkdocs build` of `lang`, as the command line runs it (click's
    messages and exit status), its output in `log`. Never returns."""
    status = 1
    try:
        descriptor = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(descriptor, 1)
        os.dup2(descriptor, 2)
        os.close(descriptor)
        os.environ.update({LANGUAGES_VARIABLE: lang, "NO_MKDOCS_2_WARNING": "1"})
        os.chdir(root)
        # This package as the site's hook file imports it (from the hook file's folder, which
        # MkDocs puts first on the path), not as this process found it: another copy, maybe.
        if not keep_ours:
            for name in [name for name in sys.modules if name == __package__ or name.startswith(f"{__package__}.")]:
                del sys.modules[name]
        arguments = _arguments(root, folder)
        sys.argv = ["mkdocs", *arguments]  # static-i18n reads sys.argv (--dirty)
        from mkdocs.__main__ import cli

        cli.main(args=arguments, prog_name="mkdocs")  # ends with sys.exit(status), as the command
    except SystemExit as stop:
        status = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
    except BaseException:
        traceback.print_exc()
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(status)


def merge(folders: dict[str, Path], languages: Sequence[str], target: Path) -> None:
    """Put the languages' folders together into `target` (see the module's text), by moving
    folders: the root language's becomes `target` once the other languages' folders it holds
    are removed, and each other language's folder is moved into it. Nothing is copied (at 1,000
    jobs a copy of every file cost 3 s on this disk, as long as Pagefind's index); `folders`
    and `target` are on one file system (driver's scratch folder)."""
    root_language = languages[0]
    root_folder = folders[root_language]
    prefixes = {lang: language_prefix(lang, root_language).rstrip("/") for lang in languages[1:]}
    for prefix in prefixes.values():
        shutil.rmtree(root_folder / prefix, ignore_errors=True)  # that pass's empty home page
    sitemaps = [(folders[lang] / SITEMAP).read_text(encoding="utf-8") for lang in languages]
    gzip_time = _gzip_time(folders[languages[-1]] / f"{SITEMAP}.gz")
    os.replace(root_folder, target)
    for lang, prefix in prefixes.items():
        os.replace(folders[lang] / prefix, target / prefix)
    merged = merge_sitemaps(sitemaps)
    (target / SITEMAP).write_text(merged, encoding="utf-8")
    _write_gzip(target / f"{SITEMAP}.gz", merged, gzip_time)


def merge_sitemaps(sitemaps: Sequence[str]) -> str:
    """One sitemap with the `<url>` entries of each, in order, laid out as MkDocs lays out one
    (the head and the end of the first one; the same indentation before each entry)."""
    entries = [
        text[text.index("<url>") : text.rindex("</url>") + len("</url>")] for text in sitemaps if "<url>" in text
    ]
    first = sitemaps[0]
    if not entries:
        return first
    head = first[: first.index("<url>")] if "<url>" in first else _before_indent(first[: first.rindex(_URLSET_END)])
    indent = head[len(head.rstrip()) :]  # the line break and spaces before each `<url>`
    tail = first[first.rindex("</url>") + len("</url>") :] if "<url>" in first else "\n" + _URLSET_END + "\n"
    return head + indent.join(entries) + tail


def _before_indent(text: str) -> str:
    return text.rstrip() + "\n    "


def _gzip_time(path: Path) -> int:
    """The modification time written in a gzip file's header (MkDocs sets it from the pages)."""
    header = path.read_bytes()[:8]
    return int.from_bytes(header[4:8], "little")


def _write_gzip(path: Path, text: str, mtime: int) -> None:
    """As MkDocs writes `sitemap.xml.gz` (mkdocs/commands/build.py)."""
    with open(path, "wb") as file, gzip.GzipFile(fileobj=file, filename=str(path), mode="wb", mtime=mtime) as zipped:
        zipped.write(text.encode("utf-8"))


def _publish(staging: Path, site_dir: Path) -> None:
    """Replace `site_dir` by the merged site in one rename (the previous one is removed after)."""
    previous = site_dir.with_name(f"{site_dir.name}.previous-{os.getpid()}")
    if site_dir.exists():
        os.replace(site_dir, previous)
    os.replace(staging, site_dir)
    shutil.rmtree(previous, ignore_errors=True)
