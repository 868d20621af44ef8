"""French typography, applied by the build to every French output (staff type ordinary spaces).

- a narrow no-break space (U+202F) before ; ! ? and inside « », a no-break space (U+00A0)
  before : (replacing whatever space was typed, or adding one where none was);
- never inside a web or e-mail address, a time ("9:30"), code, or text in another language.

`typeset` works on plain text (feeds, calendars, search results, texts for scripts);
`typeset_html` on an HTML document or fragment: its text, the attributes people read (title,
aria-label, alt, placeholder, texts for scripts `data-text-*`, share and description metas),
and the strings of its JSON-LD and of Material's settings (search texts). It skips <code>,
<pre>, <kbd>, <samp>, <script>, <style> and any element whose `lang` is not French.

The HTML is read by a tokenizer that follows HTML5's rules for what the site's generators write
(comments, quoted attributes, raw-text elements): a full parse of each page would cost more
than the rest of its build. Most of a page needs nothing, and one pattern passes over such
runs of text and tags whole (`_unchanged`); the tokenizer reads the rest token by token. Both
functions are idempotent.
"""

from __future__ import annotations

import functools
import html
import json
import re
from collections.abc import Iterator
from typing import Any

NNBSP = "\u202f"  # narrow no-break space
NBSP = "\u00a0"  # no-break space

FRENCH = "fr"


def applies(lang: str) -> bool:
    """Whether text in language `lang` is typeset the French way."""
    return lang.split("-")[0].split("_")[0].lower() == FRENCH


# What must never change: addresses, e-mail addresses and times.
_ADDRESS = r"(?:(?:https?|ftp|mailto|tel|file|data):|www\.)(?:[^\s<>\"«»]*[^\s<>\"«».,;:!?)])?"
_E_MAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
_TIME = r"\d{1,2}:\d{2}(?::\d{2})?"
_PROTECTED = re.compile(f"{_ADDRESS}|{_E_MAIL}|{_TIME}", re.IGNORECASE)
# A typed space (any whitespace, or a no-break space of the wrong width) and a mark.
_SPACE = "[ \t\r\n\u00a0\u202f\u2009\u2007]"
_MARK = re.compile(rf"(?P<space>{_SPACE}*)(?P<mark>[;:!?]+)")
_OPEN_QUOTE = re.compile(rf"«{_SPACE}*")
_CLOSE_QUOTE = re.compile(rf"{_SPACE}*»")
# After a mark that had no space before it, what shows it ends a clause (not "a:b", "x?y=1").
_AFTER_END = re.compile(r"[\s)\]»\"'’.,…!?;:]|$")
_AFTER_COLON = re.compile(r"\s|$")
_NEEDS = re.compile(r"[;:!?«»]")


def typeset(text: str) -> str:
    """Plain French text with the no-break spaces of French typography."""
    if not text or not _NEEDS.search(text):
        return text
    parts, last = [], 0
    for match in _protected(text):
        parts.append(_typeset_prose(text[last : match.start()], text[last - 1 : last]))
        parts.append(match.group())
        last = match.end()
    parts.append(_typeset_prose(text[last:], text[last - 1 : last]))
    return "".join(parts)


def _protected(text: str) -> Iterator[re.Match[str]]:
    """What _PROTECTED finds in `text`, sought only with the patterns that can match in it (an
    address holds ":" or "www.", an e-mail address "@", a time ":"): the same matches, sooner."""
    colon = ":" in text
    pattern = _protected_pattern(colon or "www." in text.lower(), "@" in text, colon)
    return iter(()) if pattern is None else pattern.finditer(text)


@functools.lru_cache(maxsize=8)
def _protected_pattern(address: bool, e_mail: bool, time: bool) -> re.Pattern[str] | None:
    kept = [part for part, wanted in ((_ADDRESS, address), (_E_MAIL, e_mail), (_TIME, time)) if wanted]
    return re.compile("|".join(kept), re.IGNORECASE) if kept else None


def _typeset_prose(text: str, before: str = "") -> str:
    if not _NEEDS.search(text):
        return text

    def mark(match: re.Match[str]) -> str:
        space, marks = match.group("space"), match.group("mark")
        wanted = NBSP if marks[0] == ":" else NNBSP
        if space:
            return wanted + marks
        previous = text[match.start() - 1] if match.start() else before
        following = text[match.end() : match.end() + 1]
        ends = _AFTER_COLON if marks[0] == ":" else _AFTER_END
        # At the start of a text (after an element, in HTML) the mark follows a word too.
        if (not previous or previous.isalnum() or previous in ")]»\"'’…%") and ends.match(following):
            return wanted + marks
        return marks

    text = _MARK.sub(mark, text)
    if "«" in text or "»" in text:
        text = _OPEN_QUOTE.sub("«" + NNBSP, text)
        text = _CLOSE_QUOTE.sub(NNBSP + "»", text)
    return text


# -- HTML ---------------------------------------------------------------------------------
# A token: a comment, a declaration, a processing instruction, a tag; what lies between is text.
_COMMENT_OR_DECLARATION = r"<!--.*?-->|<![^>]*>|<\?[^>]*>"
_TOKEN_PATTERN = rf"{_COMMENT_OR_DECLARATION}|</?[A-Za-z][^\s/>]*(?:[^>\"']|\"[^\"]*\"|'[^']*')*>"
_TOKEN = re.compile(_TOKEN_PATTERN, re.DOTALL)
_TAG_NAME = re.compile(r"</?([A-Za-z][^\s/>]*)")
_ATTRIBUTE = re.compile(r"(\s)([^\s\"'>/=]+)(\s*=\s*)(\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+)")
_RAW_TEXT = {"script", "style", "textarea"}
_RAW_TEXT_END = {name: re.compile(rf"</{name}\s*>", re.IGNORECASE) for name in _RAW_TEXT}
_NOT_PROSE = {"code", "pre", "kbd", "samp", "var", "math"}
_VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
}  # fmt: skip
# Attributes people read or hear; `data-text-*` hold the texts scripts show (filters.js).
_READ_ATTRIBUTES = {"title", "aria-label", "aria-description", "aria-roledescription", "alt", "placeholder", "label"}
_META_NAMES = re.compile(r"description|(?:og|twitter):(?:title|description|image:alt|site_name)")


def typeset_html(document: str) -> str:
    """An HTML document (or fragment) in French, typeset: see the module's docstring."""
    out: list[str] = []  # what changed, and what lies between as it is
    written = 0  # the end of what `out` holds
    # [tag name, same-name depth, skipping before it, what is passed over inside it]
    stack: list[list[Any]] = []
    skipping = False
    unchanged = _unchanged(False, None)
    position = 0
    length = len(document)
    while position < length:
        # Passed over in one step: what this loop would copy token by token, its state unchanged.
        run = unchanged.match(document, position)
        if run:  # (always: the pattern matches the empty string too)
            position = run.end()
        if position == length:
            break
        match = _TOKEN.search(document, position)
        end = match.start() if match else length
        if end > position and not skipping:
            segment = document[position:end]
            typeset_segment = _typeset_text_node(segment)
            if typeset_segment != segment:
                out += (document[written:position], typeset_segment)
                written = end
        if not match:
            break
        token = match.group()
        start, position = match.span()
        kind, name, lang_skips, typeset_token = _tag(token)
        if kind == _OTHER:
            continue
        if kind == _END:
            if stack and stack[-1][0] == name:
                if stack[-1][1]:
                    stack[-1][1] -= 1
                else:
                    skipping = stack.pop()[2]
                    unchanged = stack[-1][3] if stack else _unchanged(False, None)
            continue
        inner = skipping if lang_skips is None else lang_skips
        if name in _NOT_PROSE:
            inner = True
        if not inner and typeset_token != token:
            out += (document[written:start], typeset_token)
            written = position
        if name in _RAW_TEXT:
            close = _RAW_TEXT_END[name].search(document, position)
            stop = close.start() if close else length
            if not inner and name == "script":
                raw = document[position:stop]
                typeset_raw = _typeset_script(token, raw)
                if typeset_raw != raw:
                    out += (document[written:position], typeset_raw)
                    written = stop
            position = stop
            continue
        if kind == _VOID_TAG:
            continue
        if inner != skipping:
            unchanged = _unchanged(inner, _innermost(name))
            stack.append([name, 0, skipping, unchanged])
            skipping = inner
        elif stack and stack[-1][0] == name:
            stack[-1][1] += 1
    if not out:
        return document
    out.append(document[written:])
    return "".join(out)


_OTHER, _END, _START, _VOID_TAG = range(4)  # a comment or declaration; an end tag; a start tag


# -- What the loop above would copy as it is ----------------------------------------------
# Most of a page is text without a mark and tags that neither hold a mark where people read
# nor change what is skipped. `_unchanged` passes over a run of them at once, whole tokens and
# whole texts: where one of its tokens matches, it matches what _TOKEN matches there (a tag
# only of the plain form the generators write: an ASCII name, attributes `name="value"`,
# `name='value'`, `name=value` or `name`); a text only with the token that ends it (so the
# text is the loop's whole text); no tag with `lang`, none of an element not prose, none of
# the name of the innermost element the loop counts (its end tag ends it, its start tag nests
# in it); the raw text of a style, or of a script that is neither JSON-LD nor Material's
# settings, to the end tag the loop would find. The loop reads anything else token by token.
def _ascii_any_case(name: str) -> str:
    """A pattern of `name` in any case, as str.lower() reads ASCII (re's IGNORECASE reads more)."""
    return "".join(f"[{c.upper()}{c}]" if c.isalpha() else re.escape(c) for c in name)


_M = re.escape(";:!?«»")  # the marks, as a class's members
# Entities that a text may hold and still need nothing (html.unescape: none is a mark, which
# only &#33; &#58; &#59; &#63; &#171; &#187; their hexadecimal forms and names are).
_PLAIN_ENTITY = (
    r"&(?:(?:amp|lt|gt|quot|apos|nbsp|para|copy);|(?![#A-Za-z0-9])"
    r"|#(?!0*(?:33|5[89]|63|171|187);)[0-9]++;|#[Xx](?!0*(?:21|3[AaBbFf]|[AaBb][Bb]);)[0-9A-Fa-f]++;)"
)
_NOT_LANG = r"(?![Ll][Aa][Nn][Gg][\s/>=])"
_READ = "|".join(_ascii_any_case(name) for name in sorted({*_READ_ATTRIBUTES, "content", "lang"}))
# An attribute nobody reads (a meta's `content` may be read), whatever its value holds.
_UNREAD = rf"(?!(?:{_READ})=|{_ascii_any_case('data-text-')})[A-Za-z_:][A-Za-z0-9_.:-]*+=(?:\"[^\"]*+\"|'[^']*+')"


def _without_mark(quote: str) -> str:
    """An attribute's value between `quote`s (or unquoted) that holds no mark, entities aside."""
    chars = f"[^{quote}&{_M}]" if quote else f"[^\\s\"'=<>`/&{_M}]"
    return f"{quote}{chars}*+(?:{_PLAIN_ENTITY}{chars}*+)*+{quote}" if quote else f"{chars}++"


_PLAIN_VALUE = "|".join(_without_mark(quote) for quote in ('"', "'", ""))
_PLAIN = rf"{_NOT_LANG}[^\s\"'>/={_M}]++(?:=(?:{_PLAIN_VALUE})|(?!=))"
_ANY = rf"{_NOT_LANG}[^\s\"'>/=]++(?:=(?:\"[^\"]*+\"|'[^']*+'|[^\s\"'=<>`/]++))?"
# The most frequent first (a shortcut of _UNREAD's); skipped, attributes are copied whatever they hold.
_ATTRIBUTE_PATTERNS = {False: rf"(?:class=\"[^\"]*+\"|href=\"[^\"]*+\"|{_UNREAD}|{_PLAIN})", True: _ANY}
# A text (perhaps empty): in French, without a mark.
_TEXTS = {False: rf"[^<&{_M}]*+(?:{_PLAIN_ENTITY}[^<&{_M}]*+)*+", True: r"[^<]*+"}
# A script's attributes: what _script_kind reads is a `type` other than JSON-LD's, an `id`
# other than Material's settings'.
_SCRIPT_ATTRIBUTE = (
    rf"(?:{_ascii_any_case('type')}=\"(?!(?i:application/ld\+json)\")[^\"&]*+\""
    rf"|{_ascii_any_case('id')}=\"(?!__config\")[^\"&]*+\"|(?!(?i:type|id)[\s/>=]){_ATTRIBUTE_PATTERNS[False]})"
)
# A meta whose `content` nobody reads (_typeset_tag: not one of _META_NAMES).
_UNREAD_META = (
    rf"<{_ascii_any_case('meta')}\s++(?:{_ascii_any_case('property')}|{_ascii_any_case('name')})"
    rf"=\"(?!(?i:{_META_NAMES.pattern})\")[^\"&]++\"\s++{_ascii_any_case('content')}=\"[^\"]*+\"\s*+/?>"
)


_PLAIN_NAME = re.compile("[A-Za-z][A-Za-z0-9-]*")  # the only names of tags _unchanged passes over
# HTML's elements (and the roots of SVG and MathML): one pattern each at most (see _innermost).
_ELEMENTS = {
    "a", "abbr", "address", "area", "article", "aside", "audio", "b", "bdi", "bdo", "blockquote", "body", "button",
    "canvas", "caption", "cite", "code", "colgroup", "data", "datalist", "dd", "del", "details", "dfn", "dialog", "div",
    "dl", "dt", "em", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "head",
    "header", "hgroup", "html", "i", "iframe", "ins", "kbd", "label", "legend", "li", "main", "map", "mark", "math",
    "menu", "meter", "nav", "noscript", "object", "ol", "optgroup", "option", "output", "p", "picture", "pre",
    "progress", "q", "rp", "rt", "ruby", "s", "samp", "search", "section", "select", "slot", "small", "span", "strong",
    "sub", "summary", "sup", "svg", "table", "tbody", "td", "template", "tfoot", "th", "thead", "time", "title", "tr",
    "u", "ul", "var", "video",
}  # fmt: skip


def _innermost(name: str) -> str | None:
    """The innermost element as `_unchanged` takes it: an element of HTML by its name; another,
    "*" (no tag is passed over inside it); None when no tag passed over can be of its name."""
    return name if name in _ELEMENTS else "*" if _PLAIN_NAME.fullmatch(name) else None


@functools.lru_cache(maxsize=256)
def _unchanged(skipping: bool, innermost: str | None) -> re.Pattern[str]:
    """The pattern of what `typeset_html` copies as it is while `skipping` (or not), inside an
    element named `innermost` that it counts (see _innermost; None: outside any)."""
    name = r"[A-Za-z][A-Za-z0-9-]*+(?=[\s/>])"  # the whole name, as _TOKEN and _TAG_NAME read it
    attributes = _ATTRIBUTE_PATTERNS[skipping]
    tags = ""
    if innermost != "*":
        special = sorted({*_RAW_TEXT, *_NOT_PROSE, *([innermost] if innermost else [])})
        # (A plain name, ASCII, is never another in lower case.)
        start_name = rf"(?!(?:{'|'.join(_ascii_any_case(n) for n in special)})[\s/>]){name}"
        end_name = rf"(?!{_ascii_any_case(innermost)}[\s/>]){name}" if innermost else name
        meta = "" if skipping else f"|{_UNREAD_META}"
        tags = rf"</{end_name}(?:[^>\"']++|\"[^\"]*+\"|'[^']*+')*+>|<{start_name}(?:\s++{attributes})*+\s*+/?>{meta}|"
    script_attributes = attributes if skipping else _SCRIPT_ATTRIBUTE
    tokens = (  # (each, where it matches, matches what _TOKEN matches there)
        tags
        # Raw text, to its end tag as typeset_html finds it (a token of its own).
        + rf"<{_ascii_any_case('script')}(?=[\s/>])(?:\s++{script_attributes})*+\s*+/?>"
        r"(?:[^<]++|<(?!/(?i:script)\s*>))*+"
        rf"|<{_ascii_any_case('style')}(?=[\s/>])(?:\s++{attributes})*+\s*+/?>(?:[^<]++|<(?!/(?i:style)\s*>))*+"
        rf"|(?s:{_COMMENT_OR_DECLARATION})"
    )
    text = _TEXTS[skipping]
    return re.compile(rf"(?:{text}(?:{tokens}))*+(?:{text}\Z)?+")


@functools.lru_cache(maxsize=8192)
def _tag(token: str) -> tuple[int, str, bool | None, str]:
    """What `typeset_html` needs of a token (the same tags recur on every page): its kind, its
    name, whether its `lang` skips its content (None: no `lang`, the parent decides), and the tag
    with its readable attributes typeset."""
    if token.startswith(("<!", "<?")):
        return _OTHER, "", None, token
    tag = _TAG_NAME.match(token)
    if tag is None:  # not a tag after all (the pattern above matched): text
        return _OTHER, "", None, token
    name = tag.group(1).lower()
    if token.startswith("</"):
        return _END, name, None, token
    lang = _attribute(token, "lang") if "lang=" in token else None
    lang_skips = None if not lang else not applies(lang)
    kind = _VOID_TAG if name in _VOID or token.endswith("/>") else _START
    return kind, name, lang_skips, _typeset_tag(token, name)


@functools.lru_cache(maxsize=8192)
def _typeset_text_node(segment: str) -> str:
    if not _NEEDS.search(segment):
        return segment
    text = html.unescape(segment)
    typeset_text = typeset(text)
    if typeset_text == text:
        return segment
    return html.escape(typeset_text, quote=False)


@functools.lru_cache(maxsize=4096)
def _typeset_tag(token: str, name: str) -> str:
    """A start tag with its readable attributes typeset (the same tags recur on every page)."""
    if not _NEEDS.search(token):
        return token
    is_meta = name == "meta" and _META_NAMES.fullmatch(
        (_attribute(token, "name") or _attribute(token, "property") or "").lower()
    )

    def attribute(match: re.Match[str]) -> str:
        key = match.group(2).lower()
        readable = key in _READ_ATTRIBUTES or key.startswith("data-text-") or (is_meta and key == "content")
        quoted = match.group(4)
        if not readable or not _NEEDS.search(quoted):
            return match.group()
        quote = quoted[0] if quoted[0] in "\"'" else ""
        value = html.unescape(quoted[1:-1] if quote else quoted)
        typeset_value = typeset(value)
        if typeset_value == value:
            return match.group()
        quote = quote or '"'
        escaped = html.escape(typeset_value, quote=False).replace(quote, "&quot;" if quote == '"' else "&#39;")
        return match.group(1) + match.group(2) + match.group(3) + quote + escaped + quote

    return _ATTRIBUTE.sub(attribute, token)


def _attribute(token: str, wanted: str) -> str | None:
    for match in _ATTRIBUTE.finditer(token):
        if match.group(2).lower() == wanted:
            value = match.group(4)
            return html.unescape(value[1:-1] if value[0] in "\"'" else value)
    return None


def _typeset_script(token: str, raw: str) -> str:
    """JSON-LD, and Material's settings (the search texts its script shows); other scripts as is."""
    kind = _script_kind(token)
    return raw if kind is None else _typeset_json(raw, *kind)


@functools.lru_cache(maxsize=256)
def _script_kind(token: str) -> tuple[bool, str | None] | None:
    """How `_typeset_json` reads the script of that start tag (None: it does not)."""
    if (_attribute(token, "type") or "").lower() == "application/ld+json":
        return True, None
    if _attribute(token, "id") == "__config":
        return False, "translations"
    return None


@functools.lru_cache(maxsize=256)  # Material's settings recur (one per depth of page)
def _typeset_json(raw: str, compact: bool, only: str | None = None) -> str:
    if not _NEEDS.search(raw):
        return raw
    try:
        data = json.loads(raw)
    except ValueError:
        return raw
    if only is not None:
        if not isinstance(data, dict) or only not in data:
            return raw
        typeset_data = {**data, only: typeset_values(data[only])}
    else:
        typeset_data = typeset_values(data)
    if typeset_data == data:
        return raw
    # As it was written: ours compact (structured.script_json), Material's with ASCII escapes.
    text = json.dumps(typeset_data, ensure_ascii=False, separators=(",", ":")) if compact else json.dumps(typeset_data)
    # Nothing in it may end the <script> element early.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").replace("'", "\\u0027")


def typeset_values(data: Any) -> Any:
    """Every string in a JSON value typeset (HTML strings as HTML); keys are left alone."""
    if isinstance(data, str):
        return typeset_html(data) if "<" in data and ">" in data else typeset(data)
    if isinstance(data, list):
        return [typeset_values(item) for item in data]
    if isinstance(data, dict):
        return {key: typeset_values(value) for key, value in data.items()}
    return data
