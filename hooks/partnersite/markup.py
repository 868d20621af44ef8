"""Markdown fields made HTML, and links judged the way a browser reads them.

Staff write descriptions and summaries in Markdown. They become HTML here, once, without the
pages' Markdown extensions: comments dropped, raw HTML shown as text, then the result passes
through nh3 (the binding of the Ammonia sanitiser) with an allow-list of tags, attributes and
link schemes, so that nothing a data file holds can run in a visitor's browser.

The check (`schema.py`) does not read link targets in the Markdown source: it converts the text
the same way and judges each `href` as a browser would after parsing the HTML (character
references decoded, tabs, newlines and control characters dropped, case ignored, and, to be
safe, percent-encoding undone), so that staff get a message with the file and line instead of a
link that the sanitiser silently removes.

The escaping of what templates write (for Markdown, for raw HTML inside Markdown, for page
titles) and the HTML fragments a page source holds markers for are here too (end of the file).
"""

from __future__ import annotations

import functools
import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

import markdown
import nh3
from markupsafe import Markup

LINK_SCHEMES = ("https", "http", "mailto")
WEB_SCHEMES = ("https", "http")

# What Python-Markdown makes of plain Markdown (no extensions), nothing more.
TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "h1", "h2", "h3", "h4", "h5", "h6",
}  # fmt: skip
ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
# Every link in a Markdown field leads to another site (relative links are refused).
LINK_REL = "noopener noreferrer"

_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_CONVERTER = markdown.Markdown()
# Attributes through which a browser follows or loads an address.
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "srcset", "poster", "data", "xlink:href"})


def neutralise(text: str) -> str:
    """Markdown as staff wrote it, minus HTML comments, with raw HTML shown as text."""
    return _COMMENT.sub("", text).replace("<", "&lt;")


@functools.lru_cache(maxsize=4096)
def converted(text: str) -> str:
    """The HTML Python-Markdown makes of a field, before sanitising (for the check)."""
    return _CONVERTER.reset().convert(neutralise(str(text)))


@functools.lru_cache(maxsize=4096)
def markdown_html(text: str) -> str:
    """A Markdown field as HTML that is safe to put in a page: converted, then sanitised.
    One converter for the whole build (making one costs more); a job's description is
    converted once for its page and its structured data."""
    return sanitise(converted(text))


def sanitise(fragment: str) -> str:
    return nh3.clean(
        fragment,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=set(LINK_SCHEMES),
        link_rel=LINK_REL,
        strip_comments=True,
    )


class _Targets(HTMLParser):
    """Every address in an HTML fragment, as a browser decodes the attribute."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.images: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in URL_ATTRIBUTES and value is not None:
                (self.images if tag == "img" else self.links).append(value)


# Where an attribute is given a value: after a "<" and before the next ">" (an attribute's name
# holds no ">"). A fragment with none (most texts have no link) has no address to judge.
_VALUED_ATTRIBUTE = re.compile(r"<[^>]*=")


def addresses_in(text: str) -> tuple[list[str], list[str]]:
    """The link targets and the image sources of a Markdown field, decoded."""
    fragment = converted(text)
    if not _VALUED_ATTRIBUTE.search(fragment):
        return [], []
    parser = _Targets()
    parser.feed(fragment)
    parser.close()
    return parser.links, parser.images


_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")


def browser_url(value: str) -> str:
    """What a browser follows for an attribute value: character references decoded (the HTML
    parser does it once; undone here until nothing changes), and the spaces, tabs, newlines,
    control and invisible characters a URL parser drops or trips over removed."""
    url = value
    for _ in range(5):
        decoded = html.unescape(url)
        if decoded == url:
            break
        url = decoded
    return _INVISIBLE.sub("", url)


def link_problem(value: str, schemes: tuple[str, ...] = LINK_SCHEMES) -> str | None:
    """Why a browser must not be given `value` as a link (None if it may): the scheme must be
    one of `schemes`, web addresses need a host and no user name or password before it."""
    url = browser_url(value)
    decoded = url
    for _ in range(5):  # %6A%61vascript: is not a scheme to a browser, but is refused all the same
        undone = browser_url(unquote(decoded))
        if undone == decoded:
            break
        decoded = undone
    allowed = _allowed(schemes)
    for candidate in dict.fromkeys((url, decoded)):
        if candidate.startswith(("//", "\\\\", "/\\", "\\/")):
            return f"an address starting with // (no scheme) is not allowed: write it in full, starting with {allowed}"
        try:
            parts = urlsplit(candidate)
        except ValueError:
            return "this is not a valid address"
        scheme = parts.scheme.lower()
        if not scheme:
            return f"write the full address, starting with {allowed}"
        if scheme not in schemes:
            return f"the scheme '{scheme}:' cannot be used here: addresses start with {allowed}"
        if scheme in WEB_SCHEMES:
            problem = _web_address_problem(candidate, parts)
            if problem:
                return problem
        elif scheme == "mailto" and not EMAIL.fullmatch(unquote(parts.path)):
            return "a mailto: link needs one e-mail address (mailto:name@example.org)"
    if value != value.strip() or re.search(r"[\s<>\"`]", value.strip()):
        return "an address may not contain spaces, quotes or < >"
    return None


SHOWN = {"https": "https://", "http": "http://", "mailto": "mailto:"}


@functools.cache
def _allowed(schemes: tuple[str, ...]) -> str:
    """How the messages name the schemes a field allows: "https://, http:// or mailto:"."""
    return _either([SHOWN.get(scheme, scheme + ":") for scheme in schemes])


def _either(choices: list[str]) -> str:
    return choices[0] if len(choices) == 1 else ", ".join(choices[:-1]) + " or " + choices[-1]


def _web_address_problem(candidate: str, parts: object) -> str | None:
    if not re.match(r"(?i)^https?://", candidate):
        return "write web addresses in full, with // after the scheme (https://example.org/...)"
    if "\\" in candidate:
        return "a web address may not contain a backslash (\\)"
    if "@" in parts.netloc:  # type: ignore[attr-defined]
        return "a user name or password before the host (https://name@host/) is not allowed: give the address only"
    try:
        host, _ = parts.hostname, parts.port  # type: ignore[attr-defined]
    except ValueError:
        return "the port of this address is not a number"
    if not host or not re.fullmatch(r"[^\s/?#\\:]+", host) or host.startswith(".") or ".." in host:
        return "this address has no valid host name (https://www.example.org/...)"
    return None


EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")


# -- hand-written pages (docs/) ---------------------------------------------------------------
# What Markdown and the pages' extensions (tables, definition lists, admonitions, attribute
# lists, heading anchors) and our data blocks make: tags, the attributes they use, and the
# site's own relative links. Scripts, styles, frames, forms and event handlers are not among them.
PAGE_TAGS = TAGS | {
    "div", "span", "section", "article", "aside", "header", "footer", "nav", "figure", "figcaption",
    "details", "summary", "dl", "dt", "dd", "table", "caption", "colgroup", "col", "thead", "tbody",
    "tfoot", "tr", "th", "td", "img", "picture", "source", "abbr", "cite", "q", "small", "sub", "sup",
    "mark", "del", "ins", "kbd", "samp", "var", "time", "s", "u", "wbr",
}  # fmt: skip
PAGE_ATTRIBUTES = {
    "*": {"class", "id", "title", "lang", "dir", "role", "hidden"},
    "a": {"href", "hreflang", "rel", "title"},
    "img": {"src", "srcset", "sizes", "alt", "width", "height", "loading", "decoding"},
    "source": {"srcset", "sizes", "type", "media", "width", "height"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "ol": {"start", "reversed", "type"},
    "time": {"datetime"},
    "details": {"open"},
}


def sanitise_page(fragment: str, blocks: int = 0) -> tuple[str, list[str]]:
    """A hand-written page's HTML with only what such pages hold, and what was taken out (for a
    message: staff wrote it, they should know it is not on the page). The markers of its first
    `blocks` HTML fragments (its data blocks' lists) stay, the only comments kept."""
    finder = _Unwanted()
    finder.feed(fragment)
    finder.close()
    if blocks:  # as text nh3 keeps: private-use characters around the fragment's number
        fragment = _HTML_BLOCK.sub(lambda m: f"\ue000{m[1]}\ue001" if int(m[1]) < blocks else "", fragment)
    cleaned = nh3.clean(
        fragment,
        tags=PAGE_TAGS,
        attributes=PAGE_ATTRIBUTES,
        generic_attribute_prefixes={"data-", "aria-"},
        url_schemes=set(LINK_SCHEMES),
        link_rel=None,
        strip_comments=True,
    )
    if blocks:
        cleaned = _KEPT_MARKER.sub(lambda m: html_block_marker(int(m[1])), cleaned)
    return cleaned, finder.found


_KEPT_MARKER = re.compile("\ue000(\\d+)\ue001")


class _Unwanted(HTMLParser):
    """The tags, attributes and addresses of a page's HTML that `sanitise_page` takes out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in PAGE_TAGS:
            self.found.append(f"<{tag}>")
            return
        allowed = PAGE_ATTRIBUTES["*"] | PAGE_ATTRIBUTES.get(tag, set())
        for name, value in attrs:
            if name not in allowed and not name.startswith(("data-", "aria-")):
                self.found.append(f"the attribute {name} of <{tag}>")
            elif name in URL_ATTRIBUTES and value and (problem := _page_link_problem(value)):
                self.found.append(f"<{tag} {name}={value[:60]!r}>: {problem}")


def _page_link_problem(value: str) -> str | None:
    """Links of a hand-written page may also be relative (the site's own pages)."""
    url = browser_url(value)
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", url) or url.startswith("//"):
        return link_problem(value)
    return None


# -- text in page sources (templates) ----------------------------------------------------------
# What the page templates write goes through Python-Markdown: every value is escaped for it
# (`finalize_markdown`, the Markdown environment's finalize). Lists and facts are HTML fragments
# instead, rendered apart and put in place of a marker once MkDocs has made the page HTML.

# Python-Markdown's escapable characters (with `|` added by the tables extension), and the
# three characters HTML needs escaped; one translation table does both.
_MARKDOWN_ESCAPES = str.maketrans(
    {**{char: "\\" + char for char in "\\`*_{}[]()#+-.!|"}, "&": "&amp;", "<": "&lt;", ">": "&gt;"}
)
_SPACES = re.compile(r"[ \t\r\n]{2,}|[\t\r\n]")


def escape_markdown(text: str) -> str:
    """Text that Markdown shows exactly as typed: HTML-escaped, punctuation backslash-escaped."""
    # Fold line breaks and runs of spaces, but keep no-break spaces (Babel's "18 500 €").
    text = _SPACES.sub(" ", str(text)).strip()
    return text.translate(_MARKDOWN_ESCAPES)


def escape_html_text(text: str) -> str:
    """Text for an HTML fragment's element content: & < > escaped, quotes left as typed."""
    return html.escape(text, quote=False)


# Markdown's inline syntax as character references: in raw HTML within a page's Markdown (a
# badge's tooltip, a form's labels) Python-Markdown finds links before it sets the tags aside,
# even inside an attribute; a browser reads the references as the characters.
_HTML_IN_MARKDOWN = str.maketrans(
    {
        **{char: f"&#{ord(char)};" for char in "\\`*_{}[]()#+-.!|~"},
        **{"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"},
    }
)


def html_in_markdown(text: str) -> str:
    """Text for raw HTML inside a page's Markdown: HTML-escaped, Markdown's syntax inert."""
    return text.translate(_HTML_IN_MARKDOWN)


def finalize_markdown(value: object) -> Markup:
    """What a page template writes for `{{ value }}`: runs before Jinja's HTML autoescape,
    which leaves Markup alone; macro output and our "safe" filters are Markup, everything else
    is escaped for Markdown."""
    if isinstance(value, Markup):
        return value
    return Markup(escape_markdown(str(value)))


def escape_meta(text: str) -> str:
    """HTML-escaped for Material's unescaped title and description (a double-quoted attribute):
    & < > and " only, so that an apostrophe stays one where Material escapes again (aria-label)."""
    return html.escape(text, quote=False).replace('"', "&quot;")


# Where an HTML fragment goes in a page source: an HTML comment, which Markdown passes through.
_HTML_BLOCK = re.compile(r"<!--ps-html-(\d+)-->")


def html_block_marker(index: int) -> Markup:
    """The marker of a page's fragment number `index` (see `insert_html_blocks`)."""
    return Markup(f"<!--ps-html-{index}-->")


@dataclass(frozen=True)
class HtmlBlock:
    html: str
    searchable: bool  # part of the page's text in the search index


def insert_html_blocks(page_html: str, blocks: tuple[HtmlBlock, ...]) -> str:
    """A page's HTML with its fragments in place of their markers; those that are not
    `searchable` (the lists that repeat other records) marked for the search to skip."""

    def block(match: re.Match[str]) -> str:
        found = blocks[int(match[1])]
        return found.html if found.searchable else ignored_by_search(found.html)

    return _HTML_BLOCK.sub(block, page_html)


_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


_START_TAG = re.compile(r"<([A-Za-z][^\s/>]*)")  # a start tag, up to the end of its name


def ignored_by_search(fragment: str) -> str:
    """The fragment with `data-pagefind-ignore` on each of its top elements (rather than a
    wrapper, which would change what the page's CSS and scripts see next to what). The
    fragments are our templates' HTML: every element closed, `<` and `>` escaped in texts and
    attribute values, no comment holding a tag."""
    out, position = [], 0
    while (start := _START_TAG.search(fragment, position)) is not None:  # a top element
        end = _element_end(fragment, start.group(1).lower(), start.end())
        out += [fragment[position : start.end()], " data-pagefind-ignore", fragment[start.end() : end]]
        position = end
    out.append(fragment[position:])
    return "".join(out)


def _element_end(fragment: str, name: str, at: int) -> int:
    """Where the element whose start tag's name ends at `at` ends: after its end tag (elements
    of the same name inside it counted, none other read)."""
    tag_end = fragment.find(">", at) + 1 or len(fragment)
    if name in _VOID or fragment[tag_end - 2] == "/":
        return tag_end
    depth = 1
    for match in _same_name(name).finditer(fragment, tag_end):
        depth += -1 if match.group(1) else 1
        if depth == 0:
            return fragment.find(">", match.end()) + 1 or len(fragment)
    return len(fragment)


@functools.cache
def _same_name(name: str) -> re.Pattern[str]:
    return re.compile(rf"<(/?){re.escape(name)}(?=[\s/>])", re.IGNORECASE)
