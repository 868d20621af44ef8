"""The two Jinja environments of the templates (hooks/partnersite/templates/).

- `environment()`: page sources, `*.md.j2` (and blocks/), written in Markdown. Every
  `{{ value }}` is escaped for Markdown and HTML unless a filter marked it safe (`Markup`).
- `html_environment()`: HTML fragments, `html/*.html.j2`: HTML-escaped, no Markdown.

A filter has one meaning in both: those that format a value (`date`, `number`, `t`...) call the
`Formatter` of the page being rendered (the template's `formatter`), so one compiled template
serves every language. Where a filter writes text, it is escaped the way its environment
escapes everything else: `t` and `url` are the same functions in both, given Markdown's or
HTML's escaping below.

What templates see besides the filters is listed in `render.Renderer` (the context).

`COMPILED` keeps the compiled templates, ours and the theme's, for the process (a `mkdocs serve`
session compiles each once) and in `.cache/templates/` between runs (`SITE_TEMPLATE_CACHE`):
each language process of `bin/site build` would otherwise compile them all again.
"""

from __future__ import annotations

import functools
import hashlib
import html
import importlib.metadata
import json
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, NamedTuple, Protocol, TypeVar, cast

import jinja2
import jinja2.bccache
from markupsafe import Markup, escape

from .calendars import has_day
from .catalog import Catalog
from .formatting import Formatter
from .listfilters import row_attributes
from .markup import escape_html_text, escape_markdown, escape_meta, finalize_markdown, html_in_markdown
from .picture_output import picture_html
from .pictures import PictureValue
from .schema import ID_PATTERN
from .urls import link_target

TEMPLATES = Path(__file__).parent / "templates"
HOOKS = Path(__file__).parent.parent  # hooks/: the hook file and this package
CACHE_SETTING = "SITE_TEMPLATE_CACHE"
DEFAULT_CACHE = Path(".cache") / "templates"
# What compiled templates depend on besides their source and the environment's settings:
# Jinja compiles filters with constant arguments into their result (constant folding).
PACKAGES = ("jinja2", "markupsafe", "mkdocs", "mkdocs-material", "mkdocs-static-i18n")


class CompiledTemplates(jinja2.BytecodeCache):
    """Compiled Jinja templates in memory for the process and, once `use_folder` has named one,
    in a folder between runs. A template's code is found by its name and file, by what its
    environment compiles differently (delimiters, whitespace settings, extensions, which filters
    get the context...) and by the code the filters run (this package and the hook file, the
    versions of Jinja, MkDocs and the theme), then checked against its source (Jinja's
    checksum): an edited template, or an edited filter, is compiled again."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}
        self.folder: Path | None = None
        self._version = _code_version()

    def use_folder(self, folder: Path | None) -> None:
        """Keep compiled templates in `folder` (None: in memory only). Its subfolders of other
        code versions are removed: their templates would never be read again."""
        self._version = _code_version()
        if folder is None:
            self.folder = None
            return
        self.folder = folder / self._version[:16]
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            for other in folder.iterdir():
                if other.is_dir() and other != self.folder:
                    shutil.rmtree(other, ignore_errors=True)
        except OSError:
            self.folder = None  # read-only or not a folder: compiled again per process

    def get_bucket(
        self, environment: jinja2.Environment, name: str, filename: str | None, source: str
    ) -> jinja2.bccache.Bucket:
        identity = f"{self._version}|{environment_fingerprint(environment)}|{name}|{filename}"
        key = hashlib.sha256(identity.encode()).hexdigest()
        bucket = jinja2.bccache.Bucket(environment, key, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is None and self.folder is not None:
            try:
                code = (self.folder / bucket.key).read_bytes()
            except OSError:
                return
        if code is not None:
            bucket.bytecode_from_string(code)  # nothing if of another Jinja, Python or source

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code[bucket.key] = bucket.bytecode_to_string()
        if self.folder is None:
            return
        try:  # written whole, then renamed: the languages' processes read the same folder
            with tempfile.NamedTemporaryFile(dir=self.folder, prefix=".", delete=False) as file:
                file.write(code)
            os.replace(file.name, self.folder / bucket.key)
        except OSError:
            return


def cache_folder(root: Path, environ: Mapping[str, str] = os.environ) -> Path | None:
    """Where compiled templates are kept between runs: `SITE_TEMPLATE_CACHE` (empty: nowhere),
    by default .cache/templates/ in the project."""
    value = environ.get(CACHE_SETTING)
    if value is None:
        return root / DEFAULT_CACHE
    return Path(value) if value.strip() else None


def _code_version() -> str:
    """The Python, the packages and our code that compiled templates depend on."""
    digest = hashlib.sha256(sys.version.encode())
    for package in PACKAGES:
        try:
            digest.update(f"|{package}={importlib.metadata.version(package)}".encode())
        except importlib.metadata.PackageNotFoundError:
            digest.update(f"|{package}".encode())
    for path in sorted(HOOKS.rglob("*.py")):
        digest.update(b"|" + path.relative_to(HOOKS).as_posix().encode() + b"|" + path.read_bytes())
    return digest.hexdigest()


def environment_fingerprint(env: jinja2.Environment) -> str:
    """What makes an environment compile the same source differently."""

    def named(value: object) -> str:
        function = getattr(value, "func", value)  # a functools.partial
        kind = getattr(value, "jinja_pass_arg", None)  # what Jinja passes it: the context...
        return f"{getattr(function, '__module__', '')}.{getattr(function, '__qualname__', repr(function))}:{kind}"

    settings = [
        env.block_start_string,
        env.block_end_string,
        env.variable_start_string,
        env.variable_end_string,
        env.comment_start_string,
        env.comment_end_string,
        env.line_statement_prefix,
        env.line_comment_prefix,
        env.trim_blocks,
        env.lstrip_blocks,
        env.newline_sequence,
        env.keep_trailing_newline,
        env.optimized,
        env.is_async,
        env.sandboxed,
        named(env.autoescape) if callable(env.autoescape) else env.autoescape,
        named(env.finalize) if env.finalize else None,
        named(env.code_generator_class),
        getattr(env, "newstyle_gettext", None),
        sorted(f"{key}={value!r}" for key, value in env.policies.items() if key.startswith(("ext.i18n", "compiler"))),
        sorted(env.extensions),
        sorted(f"{name}={named(value)}" for name, value in env.filters.items()),
        sorted(f"{name}={named(value)}" for name, value in env.tests.items()),
    ]
    return hashlib.sha256(repr(settings).encode()).hexdigest()


COMPILED = CompiledTemplates()


def _slug(value: str) -> Markup:
    """An id checked by validation, safe as a URL part or an HTML anchor."""
    if not re.fullmatch(ID_PATTERN, value):
        raise ValueError(f"not an id: {value!r}")
    return Markup(value)


def _language_filter(method: str, **options: Any) -> Any:
    """A filter that does what the formatter of the page being rendered does (its language)."""

    @jinja2.pass_context
    def apply(context: jinja2.runtime.Context, value: Any, *args: Any) -> Any:
        return getattr(context["formatter"], method)(value, *args, **options)

    return apply


_DICT_ATTRIBUTES = frozenset(dir(dict))


class _Environment(jinja2.Environment):
    """Jinja's environment, with `record.field` found without an exception: Jinja tries an
    attribute first, then an item, and a record (a dict) has no attribute of a field's name."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:  # what Jinja finds, sooner
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)


def _new_environment(**options: Any) -> jinja2.Environment:
    """What both environments share: the templates folder, strictness, and the filters that
    format values the same way in Markdown and in HTML."""
    env = _Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=COMPILED,
        auto_reload=False,  # no file check at each use: `reload_templates` once per build
        **options,
    )
    env.filters.update(
        date=_language_filter("date"),
        with_examples=_language_filter("with_examples"),
        number=_language_filter("number"),
        join_list=_language_filter("join_list"),
        language=_language_filter("language_name"),
        country=_language_filter("country_name"),
        slug=_slug,
    )
    return env


@functools.cache
def environment() -> jinja2.Environment:
    """One Jinja environment for every language: templates are compiled once per process (so
    once for a whole `mkdocs serve` session), the language comes with each render."""
    env = _new_environment(finalize=finalize_markdown, keep_trailing_newline=True)
    env.filters.update(
        t=_language_filter("translated", escape=escape_markdown),
        url=link_target,  # a Markdown link target: Markdown escapes it
        text=_language_filter("text"),  # the text alone, no fallback notice (front matter)
        yaml=lambda value: Markup(json.dumps(str(value), ensure_ascii=False)),
        # Material prints front-matter titles and descriptions as HTML, unescaped (it
        # expects MkDocs' escaped titles): escape them before they become YAML.
        meta=lambda value: Markup(json.dumps(escape_meta(str(value)), ensure_ascii=False)),
        html=lambda value: Markup(html_in_markdown(str(value))),  # text in raw HTML within Markdown
    )
    env.globals.update(has_day=has_day, badge=_markdown_badge, example_notice=_example_notice)
    return env


@jinja2.pass_context
def _markdown_badge(context: jinja2.runtime.Context, record: dict[str, Any]) -> Markup:
    """The "Example" label of a fictional record, in raw HTML within a page's Markdown."""
    if not record.get("example"):
        return Markup("")
    string = context["string"]
    title, label = html_in_markdown(string("example.tooltip")), html_in_markdown(string("example.badge"))
    return Markup(f' <span class="ps-badge" title="{title}">{label}</span>')


@jinja2.pass_context
def _example_notice(context: jinja2.runtime.Context, record: dict[str, Any]) -> Markup:
    """The notice on a fictional record's page (a Markdown admonition), none on a real one's."""
    if not record.get("example"):
        return Markup("")
    string = context["string"]
    title, notice = escape_markdown(string("example.title")), escape_markdown(string("example.notice"))
    return Markup(f'!!! example "{title}"\n\n    {notice}\n\n')


@functools.cache
def html_environment() -> jinja2.Environment:
    """The environment of the HTML fragments (templates/html/): HTML-escaped, no Markdown."""
    env = _new_environment()
    env.filters.update(
        t=_language_filter("translated", escape=escape_html_text),
        url=functools.partial(link_target, escape=html.escape),  # in an attribute
    )
    env.globals.update(
        badge=_badge,
        member_link=_member_link,
        area_link=_area_link,
        picture=_picture,
        job_rows=_job_rows,
        job_facts=_job_facts,
    )
    return env


# The pieces every list row uses, in Python: a Jinja macro call costs several times more, and
# a list of 3,000 jobs makes 12,000 of them per language. Texts are escaped as Jinja would.
@jinja2.pass_context
def _badge(context: jinja2.runtime.Context, record: dict[str, Any]) -> Markup:
    """The "Example" label of a fictional record (none for a real one)."""
    return badge_html(record, context["string"])


def badge_html(record: Mapping[str, Any], string: Callable[[str], str]) -> Markup:
    if not record.get("example"):
        return Markup("")
    title, label = escape(string("example.tooltip")), escape(string("example.badge"))
    return Markup(f' <span class="ps-badge" title="{title}">{label}</span>')


@jinja2.pass_context
def _member_link(context: jinja2.runtime.Context, member_id: str) -> Markup:
    name = escape(context["catalog"].members[member_id]["name"])
    return Markup(f'<a href="{context["page_url"](f"members/{member_id}.md")}">{name}</a>')


@jinja2.pass_context
def _area_link(context: jinja2.runtime.Context, area_id: str) -> Markup:
    area = context["catalog"].areas[area_id]
    name = escape(context["formatter"].translated(area["name"], escape=escape_html_text))
    return Markup(f'<a href="{context["page_url"](f"areas/{area_id}.md")}">{name}</a>')


class _JobTexts(NamedTuple):
    """A job's texts as its row and its facts show them, escaped; links come from the page."""

    title: str  # and its "Example" badge
    employer: str  # the employer's name (a link), its badge and its cluster: `name</a>...`
    area: str
    location: str
    contract: str
    posted: str
    closes: str


T = TypeVar("T")


class Memo(Protocol):
    """`memo(store, key, make)`: store[key], made by `make()` the first time."""

    def __call__(self, store: dict[Any, Any], key: Any, make: Callable[[], T]) -> T: ...


def remembered(store: dict[Any, Any], key: Any, make: Callable[[], T]) -> T:
    if key not in store:
        store[key] = make()
    return store[key]  # type: ignore[no-any-return]


class JobCells:
    """What a job's row in a job table (html/job_table.html.j2) and its facts
    (html/job_facts.html.j2) show, made once per language and build: a job is listed on the
    jobs page, on its area's two pages and on its employer's page. Only the links differ from
    page to page (`rows`, `facts`). `memo` remembers them (sourcecache.Recorder.memo: the
    questions they asked of the catalog are noted again for every page that uses them)."""

    def __init__(
        self, fmt: Formatter, catalog: Catalog, memo: Memo | None = None, stores: dict[str, Any] | None = None
    ) -> None:
        """`stores`: where `memo` keeps them, if they outlive this object (SourceCache.memos)."""
        self.fmt, self.catalog = fmt, catalog
        self._memo = memo or remembered
        stores = {} if stores is None else stores
        self._texts: dict[str, Any] = stores.setdefault("job_texts", {})
        self._filters: dict[tuple[str | None, str], Any] = stores.setdefault("job_filters", {})
        self._labels: list[Markup] | None = None

    def texts(self, job: dict[str, Any]) -> _JobTexts:
        return self._memo(self._texts, job["id"], functools.partial(self._made_texts, job["id"]))

    def _made_texts(self, job_id: str) -> _JobTexts:
        # The job read from the catalog here, not taken from the caller: a value kept between
        # builds is checked against what its own making read (Recorder.memo).
        fmt, catalog = self.fmt, self.catalog
        job = catalog.jobs[job_id]
        member = catalog.members[job["employer"]]
        title = escape(fmt.translated(job["title"], escape=escape_html_text))
        cluster = escape(catalog.clusters[member["cluster"]]["name"])
        return _JobTexts(
            f"{title}</a>{badge_html(job, fmt.string)}",
            f"{escape(member['name'])}</a>{badge_html(member, fmt.string)} ({cluster})",
            escape(fmt.translated(catalog.areas[job["area"]]["name"], escape=escape_html_text)),
            escape(fmt.translated(job["location"], escape=escape_html_text)),
            escape(fmt.string(f"contract.{job['contract']}")),
            escape(fmt.date(job["posted"])),
            escape(fmt.date(job["closes"])),
        )

    def rows(
        self,
        jobs: list[dict[str, Any]],
        page_url: Callable[[str], str],
        show_area: bool,
        show_employer: bool,
        filtered: str | None,
    ) -> Markup:
        """The rows of `jobs`, one a line, as the template wrote them (`<tr>` to `</tr>`)."""
        rows = []
        for job in jobs:
            job_id, employer, area = job["id"], job["employer"], job["area"]
            texts = self.texts(job)
            make = functools.partial(self._filter, filtered, job_id)
            attributes = self._memo(self._filters, (filtered, job_id), make)
            row = f'<tr{attributes}>\n<td><a href="{page_url(f"jobs/{job_id}.md")}">{texts.title}</td>\n'
            if show_employer:
                row += f'<td><a href="{page_url(f"members/{employer}.md")}">{texts.employer}</td>\n'
            if show_area:
                row += f'<td><a href="{page_url(f"areas/{area}.md")}">{texts.area}</a></td>\n'
            row += f"<td>{texts.location}</td>\n<td>{texts.contract}</td>\n"
            rows.append(row + f"<td>{texts.posted}</td>\n<td>{texts.closes}</td>\n</tr>")
        return Markup("\n".join(rows))

    def _filter(self, filtered: str | None, job_id: str) -> str:
        job = cast("dict[str, Any]", self.catalog.jobs[job_id])  # a record, as the lists' fields read it
        return row_attributes(filtered, job, self.fmt, self.catalog)

    def facts(self, job: dict[str, Any], page_url: Callable[[str], str]) -> list[tuple[Markup, Markup]]:
        """A job's facts on its page: (label, value), in the order the page shows them."""
        fmt, string, texts = self.fmt, self.fmt.string, self.texts(job)
        if self._labels is None:
            keys = ("employer", "area", "location", "contract", "languages", "salary", "posted", "closes")
            self._labels = [escape(string(f"jobs.col.{key}")) for key in keys]
        location, workplace, hours = texts.location, job["workplace"], job["hours"]
        if workplace != "on_site":
            location += f" ({escape(string(f'workplace.{workplace}'))})"
        salary = job["salary"]
        amounts = {key: fmt.money(salary[key], salary["currency"]) for key in ("min", "max")}
        employer, area = job["employer"], job["area"]
        values = (
            f'<a href="{page_url(f"members/{employer}.md")}">{texts.employer}',
            f'<a href="{page_url(f"areas/{area}.md")}">{texts.area}</a>',
            location,
            f"{texts.contract}, {escape(string(f'hours.{hours}'))}",
            escape(fmt.join_list(fmt.language_name(code) for code in job["languages"])),
            escape(string(f"job.salary.{salary['period']}", **amounts)),
            texts.posted,
            texts.closes,
        )
        return [(label, Markup(value)) for label, value in zip(self._labels, values, strict=True)]


@jinja2.pass_context
def _job_rows(
    context: jinja2.runtime.Context,
    jobs: list[dict[str, Any]],
    show_area: bool,
    show_employer: bool,
    filtered: str | None,
) -> Markup:
    cells: JobCells = context["job_cells"]
    return cells.rows(jobs, context["page_url"], show_area, show_employer, filtered)


@jinja2.pass_context
def _job_facts(context: jinja2.runtime.Context, job: dict[str, Any]) -> list[tuple[Markup, Markup]]:
    cells: JobCells = context["job_cells"]
    return cells.facts(job, context["page_url"])


@jinja2.pass_context
def _picture(
    context: jinja2.runtime.Context,
    value: PictureValue,
    lazy: bool = True,
    sizes: str | None = None,
    css_class: str = "",
) -> Markup:
    """A logo or picture field as `<picture>` (picture_output.py), its alt text in the page's
    language; `lazy` for what shows below the top of the page."""
    alt = context["formatter"].text(value["alt"])
    to_root = context["site_root"]  # pictures are under the site's root, shared by the languages

    def url(path: str) -> str:
        return str(context["file_url"](to_root + path))

    return picture_html(value, context["catalog"].pictures, alt, url, lazy, sizes, css_class)


def reload_templates() -> None:
    """Load the templates again at their next use: once per build (so a `mkdocs serve` rebuild
    shows an edited template), rather than checking each template's file whenever a page uses
    it. An unchanged template comes back from COMPILED without being compiled."""
    for env in (environment(), html_environment()):
        if env.cache is not None:
            env.cache.clear()
