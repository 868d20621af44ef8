"""Under `mkdocs serve`, a save in data/ rewrites only the files it changes.

MkDocs rebuilds the whole site after every save: every language, every page, every file,
most of them as they were (the page cache spares converting and rendering them, not listing,
checking and writing them all: 2.5 s at 1,000 jobs). After a whole build, each language's
files, navigation and theme environment stay in memory here, with what our hooks gave MkDocs
(the generated pages' sources, the other files, the share images, the hand-written pages'
data blocks). A save of records then updates the site that build wrote (`LiveUpdates.builder`):

1. the data is read again (the files that changed) and each language's generated pages,
   other files and share images are made again (their sources reused when nothing they read
   changed, sourcecache.py), the hand-written pages' data blocks filled again;
2. what differs from what is on disk is written, through MkDocs' own steps and events: a page
   whose source or data blocks changed is converted and rendered again in its language's
   navigation and environment (`_populate_page`, `_build_page`), a feed or calendar replaced,
   a share image added or removed;
3. the search index is made again in the background, as after a whole build.

Every other file is left as the last build wrote it: it is made from nothing that changed. The
whole build is run instead (MkDocs' builder) unless all of this holds, so that the result is
always the whole build's:

- every path that changed is under data/, not under data/pictures/ (a picture's sizes), and
  the last build was whole (not the page of problems, every language written);
- the code, templates, texts and settings are those of the last build (`code_signature`: an
  edited theme override, which MkDocs does not watch, shows at the next save);
- the data reads without a problem (else the whole build shows the problems);
- the same pages, files and build date as before; the theme's texts (our globals), the default
  share image, the pictures the records use and what every page may read of the data (the
  partnership's facts, sourcecache.SIGNED) unchanged;
- no page in the navigation changes its title, no page starts or stops asking not to be
  indexed (the sitemap, and every page's navigation, would change);
- nothing goes wrong while updating (an unexpected error is logged and the whole build runs).

tests/test_liveupdate.py makes random edits under a server's builder and compares each
updated site with a whole build of the same data, file by file.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.commands.build import _build_page, _populate_page
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from .build import SiteBuild, settle_heap
from .catalog import DataError
from .i18n_files import describe, image_file
from .languages import i18n_plugin
from .markup import HtmlBlock
from .pagecache import code_signature
from .pages import GeneratedFile, GeneratedPage
from .strings import StringsError

log = get_plugin_logger("partnersite")


@dataclass
class LanguagePass:
    """What a whole build's pass of one language gave MkDocs and MkDocs made of it."""

    files: Files
    pages: dict[str, GeneratedPage]
    others: dict[str, bytes]
    images: dict[str, Path]
    default_image: str
    nav: Navigation | None = None
    env: Environment | None = None
    theme: dict[str, object] = field(default_factory=dict)
    # Hand-written pages: src_uri -> (their Markdown, as filled: Markdown and HTML fragments).
    expanded: dict[str, tuple[str, tuple[str, tuple[HtmlBlock, ...]]]] = field(default_factory=dict)


@dataclass
class Served:
    """The last whole build under `mkdocs serve`: its configuration, data and passes."""

    config: MkDocsConfig
    site: SiteBuild
    passes: dict[str, LanguagePass]
    today: date
    signed: list[object]  # what of the data every page may read (SiteBuild.signed_data)
    pictures: list[tuple[str, dict[str, Any]]]  # the picture fields the records use
    index: Callable[[Path], None]  # the search index, made in the background
    prepare: Callable[[], None]  # before an update: the indexing under way stopped, no page kept


class _WholeBuild(Exception):
    """An update cannot give the whole build's result: the whole build runs."""


class LiveUpdates:
    """The passes of the build under way (recorded by the hooks), the last whole build's, and
    the server's builder that updates it."""

    def __init__(self) -> None:
        self.served: Served | None = None
        self._passes: dict[str, LanguagePass] = {}
        self._updating = False

    # -- recorded by the hooks during a whole build (or, for hand-written pages, an update) --
    def begin(self) -> None:
        """A whole build starts: the last one's state no longer describes the site."""
        self.served, self._passes = None, {}

    def files(
        self,
        lang: str,
        files: Files,
        pages: list[GeneratedPage],
        others: list[GeneratedFile],
        images: list[tuple[str, Path]],
        default_image: str,
    ) -> None:
        self._passes[lang] = LanguagePass(
            files,
            {page.src_uri: page for page in pages},
            {other.path: other.content for other in others},
            dict(images),
            default_image,
        )

    def navigation(self, lang: str, nav: Navigation) -> None:
        if lang in self._passes:
            self._passes[lang].nav = nav

    def environment(self, lang: str, env: Environment, theme: dict[str, object]) -> None:
        if lang in self._passes:
            self._passes[lang].env, self._passes[lang].theme = env, theme

    def expanded(self, lang: str, src_uri: str, markdown: str, filled: tuple[str, tuple[HtmlBlock, ...]]) -> None:
        passes = self.served.passes if self._updating and self.served else self._passes
        if lang in passes:
            passes[lang].expanded[src_uri] = (markdown, filled)

    def built(self, served: Served) -> None:
        """The whole build ended well: every language recorded is kept for the next save. What
        is alive now lives until a later save changes it: frozen (`settle_heap`), so that the
        collector does not go through it at every update (0.4 s at 3,000 jobs, one update in
        two); the next whole build thaws it."""
        languages = list(i18n_plugin(served.config).build_languages)
        complete = all(
            lang in self._passes and self._passes[lang].nav is not None and self._passes[lang].env is not None
            for lang in languages
        )
        self.served = dataclasses.replace(served, passes=self._passes) if complete else None
        self._passes = {}
        if self.served is not None:
            settle_heap()

    def forget(self) -> None:
        self.served, self._passes = None, {}

    # -- the server's builder --------------------------------------------------------------
    def builder(self, whole: Callable[[], None], changed: Callable[[], set[str]]) -> Callable[[], None]:
        """`whole` (MkDocs' builder), preceded by an update when one will do."""

        def build() -> None:
            paths = changed()
            if self.served is not None and paths:
                start = time.monotonic()
                try:
                    done = self.update(paths)
                except _WholeBuild as reason:
                    log.info(f"Building the whole site: {reason}")
                except Exception as error:  # a fault of ours: the whole build is always right
                    log.info(f"Building the whole site: the update failed ({error!r})")
                else:
                    log.info(f"Documentation built in {time.monotonic() - start:.2f} seconds ({done})")
                    return
                finally:
                    self._updating = False
            self.forget()  # (what an update wrote is replaced by the whole build)
            whole()

        return build

    def update(self, paths: set[str]) -> str:
        """Bring the site the last whole build wrote up to date with the data (see the module's
        docstring); what was written. Raises `_WholeBuild` where only a whole build will do."""
        served = self.served
        assert served is not None
        config, site = served.config, served.site
        root = Path(config.config_file_path).parent
        assert site.root is not None
        for path in paths:
            if not _inside(path, root / "data") or _inside(path, root / "data" / "pictures"):
                raise _WholeBuild(f"{os.path.relpath(path, root)} changed")
        if code_signature(site.root) != site.code_signature:  # unwatched: overrides/, the packages...
            raise _WholeBuild("the code, the templates or the theme changed")
        served.prepare()
        i18n = i18n_plugin(config)
        try:
            site.load(site.root, tuple(i18n.all_languages), i18n.default_language, config.site_url or "/")
        except (DataError, StringsError, ValueError):
            raise _WholeBuild("the data has problems") from None
        assert site.views is not None
        if site.views.today != served.today:
            raise _WholeBuild("the build date changed")
        if site.signed_data() != served.signed:
            raise _WholeBuild("the partnership's facts changed")
        if used_pictures(site) != served.pictures:
            raise _WholeBuild("the pictures used changed")
        plans = {lang: self._plan(lang, served.passes[lang], site) for lang in i18n.build_languages}
        self._updating = True
        written = sum(self._write(lang, served.passes[lang], plan, served) for lang, plan in plans.items())
        served.index(Path(config.site_dir))
        settle_heap()  # what stays is the site as served, until the next save (see `LiveUpdates.built`)
        return f"{written} file(s) changed, every other one as the last build wrote it"

    def _plan(self, lang: str, kept: LanguagePass, site: SiteBuild) -> _Plan:
        """What changed in `lang` (nothing written yet)."""
        if site.theme_globals(lang) != kept.theme:
            raise _WholeBuild("the theme's texts changed")
        pages = site.pages(lang)
        if [(page.src_uri, page.in_nav) for page in pages] != [(p.src_uri, p.in_nav) for p in kept.pages.values()]:
            raise _WholeBuild("pages were added or removed")
        others = {other.path: other.content for other in site.files(lang)}
        if others.keys() != kept.others.keys():
            raise _WholeBuild("files were added or removed")
        images = dict(site.card_images(lang, pages))
        if images.get(kept.default_image) != kept.images.get(kept.default_image):
            raise _WholeBuild("the default share image changed")
        hand = [src for src, (markdown, filled) in kept.expanded.items() if site.expand(markdown, lang, src) != filled]
        return _Plan(
            pages=[page for page in pages if page != kept.pages[page.src_uri]],
            all_pages={page.src_uri: page for page in pages},
            others={path: content for path, content in others.items() if content != kept.others[path]},
            images=images,
            hand=hand,
        )

    def _write(self, lang: str, kept: LanguagePass, plan: _Plan, served: Served) -> int:
        """Write what changed in `lang`, in its pass's configuration; how many files."""
        if not (plan.pages or plan.others or plan.hand or plan.images != kept.images):
            return 0
        site, i18n = served.site, i18n_plugin(served.config)
        i18n.current_language = lang
        with _quiet(logging.getLogger("mkdocs.plugins.mkdocs_static_i18n.plugin")):
            config = served.config.plugins.on_config(served.config)  # the language's settings
        site.configure_markdown(config.markdown_extensions, config.mdx_configs, lang)
        site.configure_palette(config.theme.get("palette"), lang)
        files, nav, env = kept.files, kept.nav, kept.env
        assert nav is not None and env is not None
        written = 0
        for path, content in plan.others.items():
            file = _only(files, path)
            file.content_bytes = content
            with _whole(file):
                file.copy_file()
            written += 1
        for path in kept.images.keys() - plan.images.keys():
            file = _only(files, path)
            files.remove(file)
            Path(file.abs_dest_path).unlink(missing_ok=True)
        for path, drawn in plan.images.items():
            if kept.images.get(path) != drawn:
                if path in kept.images:
                    files.remove(_only(files, path))
                file = image_file(config, i18n, path, drawn)
                files.append(file)
                with _whole(file):
                    file.copy_file()
                written += 1
        in_nav = {id(page) for page in nav.pages}
        changed = []
        for source in plan.pages:
            file = _only(files, source.src_uri)
            file.content_string = source.markdown
            describe(file, source)
            changed.append(file)
        changed.extend(_only(files, src) for src in plan.hand)
        pages = [file.page for file in changed if file.page is not None]
        if len(pages) != len(changed):
            raise _WholeBuild("a page has no page of MkDocs")
        for page in pages:
            _make_page_again(page)
            title, noindex = page.title, site.is_noindex(page.meta)
            _populate_page(page, config, files)
            if id(page) in in_nav and page.title != title:
                raise _WholeBuild(f"the title of {page.file.src_uri} in the navigation changed")
            if site.is_noindex(page.meta) != noindex:
                raise _WholeBuild(f"{page.file.src_uri} changed whether search engines may index it")
        documentation = files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
        for page in pages:
            with _whole(page.file):
                _build_page(page, config, documentation, nav, env)
        kept.pages, kept.others, kept.images = plan.all_pages, {**kept.others, **plan.others}, plan.images
        return written + len(pages)


@dataclass
class _Plan:
    pages: list[GeneratedPage]  # generated pages whose source changed
    all_pages: dict[str, GeneratedPage]
    others: dict[str, bytes]  # changed files other than pages
    images: dict[str, Path]  # every share image
    hand: list[str]  # hand-written pages whose data blocks changed


def used_pictures(site: SiteBuild) -> list[tuple[str, dict[str, Any]]]:
    """The picture fields the records use, each with its kind (which sizes it has)."""
    return [(value.kind, dict(value)) for value in site.used_pictures()]


def _inside(path: str, folder: Path) -> bool:
    return os.path.commonpath([os.path.abspath(path), str(folder)]) == str(folder)


def _only(files: Files, src_uri: str) -> File:
    file = files.get_file_from_path(src_uri)
    if file is None:
        raise _WholeBuild(f"{src_uri} is not among the files")
    return file


def _make_page_again(page: Page) -> None:
    """A page the last build kept (pagecache.py: written as a copied file) is a page again."""
    for name in ("is_documentation_page", "copy_file"):
        vars(page.file).pop(name, None)
    vars(page).pop("validate_anchor_links", None)


@contextmanager
def _whole(file: File) -> Iterator[None]:
    """`file` written beside its place, then moved there: the server, which goes on serving the
    site meanwhile, never sends half of it (MkDocs writes a file in place)."""
    final = file.abs_dest_path
    temporary = f"{final}.{os.getpid()}.part"
    vars(file)["abs_dest_path"] = temporary  # a cached property of File, read where it is written
    try:
        yield
        if os.path.lexists(temporary):
            os.replace(temporary, final)
    finally:
        vars(file)["abs_dest_path"] = final
        if os.path.lexists(temporary):
            os.unlink(temporary)


@contextmanager
def _quiet(logger: logging.Logger) -> Iterator[None]:
    """static-i18n says "Building 'fr' documentation..." at each language's configuration."""
    logger.addFilter(_drop_building)
    try:
        yield
    finally:
        logger.removeFilter(_drop_building)


def _drop_building(record: logging.LogRecord) -> bool:
    return "documentation to directory" not in record.getMessage()


LIVE = LiveUpdates()
