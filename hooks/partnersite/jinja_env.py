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
"""

from __future__ import annotations

import functools
import html
import json
import re
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from .calendars import has_day
from .markup import escape_html_text, escape_markdown, escape_meta, finalize_markdown, html_in_markdown
from .picture_output import picture_html
from .pictures import PictureValue
from .schema import ID_PATTERN
from .urls import link_target

TEMPLATES = Path(__file__).parent / "templates"


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


def _new_environment(**options: Any) -> jinja2.Environment:
    """What both environments share: the templates folder, strictness, and the filters that
    format values the same way in Markdown and in HTML."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
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
    env.globals.update(has_day=has_day)
    return env


@functools.cache
def html_environment() -> jinja2.Environment:
    """The environment of the HTML fragments (templates/html/): HTML-escaped, no Markdown."""
    env = _new_environment()
    env.filters.update(
        t=_language_filter("translated", escape=escape_html_text),
        url=functools.partial(link_target, escape=html.escape),  # in an attribute
    )
    env.globals.update(badge=_badge, member_link=_member_link, area_link=_area_link, picture=_picture)
    return env


# The pieces every list row uses, in Python: a Jinja macro call costs several times more, and
# a list of 3,000 jobs makes 12,000 of them per language. Texts are escaped as Jinja would.
@jinja2.pass_context
def _badge(context: jinja2.runtime.Context, record: dict[str, Any]) -> Markup:
    """The "Example" label of a fictional record (none for a real one)."""
    if not record.get("example"):
        return Markup("")
    string = context["string"]
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


def compile_templates() -> None:
    """Compile every template now: language builds forked afterwards start with them compiled."""
    for path in sorted(TEMPLATES.rglob("*.j2")):
        name = path.relative_to(TEMPLATES).as_posix()
        (html_environment() if name.startswith("html/") else environment()).get_template(name)
