"""French typography, dates and times, as readers of each language expect them.

One mechanism (hooks/partnersite/typography.py) typesets every French output: the unit tests
show its rules; the site tests read every French page (text and the attributes people read,
JSON-LD, the theme's search texts), feed, calendar and search index of the shipped site.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import feedparser
import icalendar
import pytest
from bs4 import BeautifulSoup, Comment, NavigableString
from hypothesis import given, settings
from hypothesis import strategies as st

from pagefindindex import indexed_pages
from partnersite import typography
from partnersite.dates import format_clock, format_day
from partnersite.typography import NBSP, NNBSP, typeset, typeset_html
from sitetree import Build

MONTHS = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
# What French typography forbids: an ordinary space (or line break) before ; : ! ? or inside
# « »; a mark glued to its word (a : ; ! ? that ends a clause); the first of a month as "1".
ORDINARY_SPACE = re.compile(r"[ \t\r\n][;:!?]|«[ \t\r\n]|[ \t\r\n]»")
GLUED = re.compile(r"[\w)»][;!?](?=\s|$)|\w:(?=\s|$)|«[^\s\u202f]|[^\s\u202f]»")
FIRST_OF_MONTH = re.compile(rf"(?<!\d)1\s+(?:{MONTHS})\b")
# Not prose: addresses and times keep their punctuation as written.
NOT_PROSE = re.compile(r"(?:https?|mailto|tel):\S*|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\d{1,2}:\d{2}")
READ_ATTRIBUTES = ("title", "aria-label", "alt", "placeholder", "label")
SHARE_METAS = re.compile(r"description|(?:og|twitter):\w+")


def faults(text: str) -> list[str]:
    """What is wrong in a French text, each with its surroundings."""
    prose = NOT_PROSE.sub(" x ", text)
    found = [prose[max(0, m.start() - 20) : m.end() + 20] for m in ORDINARY_SPACE.finditer(prose)]
    found += [prose[max(0, m.start() - 20) : m.end() + 20] for m in GLUED.finditer(prose)]
    found += [m.group() for m in FIRST_OF_MONTH.finditer(text)]
    return found


# -- the rules ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("typed", "typeset_text"),
    [
        ("Source : un communiqué", f"Source{NBSP}: un communiqué"),
        ("Précédent: Accueil", f"Précédent{NBSP}: Accueil"),  # Material's aria-label
        ("Comment postuler ?", f"Comment postuler{NNBSP}?"),
        ("Vraiment!", f"Vraiment{NNBSP}!"),
        ("une affection ; (2) un soin", f"une affection{NNBSP}; (2) un soin"),
        ("« Ensemble »", f"«{NNBSP}Ensemble{NNBSP}»"),
        ("«Ensemble»", f"«{NNBSP}Ensemble{NNBSP}»"),
        ("Quoi ?!", f"Quoi{NNBSP}?!"),
        ("deux\nlignes : ici", f"deux\nlignes{NBSP}: ici"),
    ],
)
def test_french_marks_get_their_no_break_space(typed: str, typeset_text: str) -> None:
    assert typeset(typed) == typeset_text
    assert typeset(typeset_text) == typeset_text  # idempotent


@pytest.mark.parametrize(
    "kept",
    [
        "de 9:30 à 17:00",
        "https://biowin.be/fr/?page=1;x=2",
        "mailto:info@biowin.be",
        "écrire à info@biowin.be",
        "www.medvia.be/nl?x",
        "a:b",
        "Note;ok",
    ],
)
def test_addresses_times_and_glued_text_are_left_alone(kept: str) -> None:
    assert typeset(kept) == kept


ADDRESS_PIECES = ["www.", "9:30", "x@y.be", "WwW.", "http", "HTTPS", "mailto", "tel", "file", "data", "ftp", "\u017f", "\u0130", ":", "@", "a", "b.c", "-", "+", "_", "9", "30", ".", " ", "?", "«", "<", '"', "\n"]  # fmt: skip


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(ADDRESS_PIECES), max_size=20).map("".join))
def test_addresses_and_times_are_sought_with_the_patterns_that_can_match(text: str) -> None:
    spans = [match.span() for match in typography._protected(text)]
    assert spans == [match.span() for match in typography._PROTECTED.finditer(text)]


def test_after_an_address_the_sentence_is_still_french() -> None:
    assert typeset("voir https://biowin.be/x; puis https://medvia.be : fin") == (
        f"voir https://biowin.be/x{NNBSP}; puis https://medvia.be{NBSP}: fin"
    )


def test_html_text_and_readable_attributes_are_typeset_code_and_other_languages_are_not() -> None:
    document = (
        '<html lang="fr"><head><title>Offres : Santé</title>'
        '<meta name="description" content="Source : x"><meta name="generator" content="a : b">'
        '<script type="application/ld+json">{"name":"Quoi ?","description":"<p>Profil : ok</p>",'
        '"url":"https://x.example/?a=b"}</script><script>var a = "b : c";</script></head>'
        '<body><a href="https://x.example/a?b" title="Lien : x" data-x="y : z">Suite : &amp; fin</a>'
        '<code>a : b</code><pre><code>x ?</code></pre><span lang="en">Note: <em>this</em>: x</span>'
        '<p data-text-one="{n} poste : affiché">Fin ?</p></body></html>'
    )
    out = BeautifulSoup(typeset_html(document), "html.parser")
    assert out.title.string == f"Offres{NBSP}: Santé"
    assert out.find("meta", attrs={"name": "description"})["content"] == f"Source{NBSP}: x"
    assert out.find("meta", attrs={"name": "generator"})["content"] == "a : b"  # not read by people
    data = json.loads(out.find("script", type="application/ld+json").string)
    assert data == {"name": f"Quoi{NNBSP}?", "description": f"<p>Profil{NBSP}: ok</p>", "url": "https://x.example/?a=b"}
    assert out.find("script", type=None).string == 'var a = "b : c";'
    link = out.find("a")
    assert link["title"] == f"Lien{NBSP}: x" and link["data-x"] == "y : z" and link["href"] == "https://x.example/a?b"
    assert link.get_text() == f"Suite{NBSP}: & fin"
    assert out.code.get_text() == "a : b" and out.pre.get_text() == "x ?"
    assert out.find("span", lang="en").get_text() == "Note: this: x"
    assert out.find("p")["data-text-one"] == f"{{n}} poste{NBSP}: affiché" and out.p.get_text() == f"Fin{NNBSP}?"
    assert typeset_html(typeset_html(document)) == typeset_html(document)


# -- what typeset_html passes over whole ----------------------------------------------------
def token_by_token(document: str) -> str:
    """The oracle: typeset_html as it was before it passed over unchanged runs in one step
    (its previous implementation, kept here as the oracle), reading every token with the
    module's own per-token rules. The property below shows the runs it now passes over are
    exactly those this loop copied as they were, its state unchanged."""
    out: list[str] = []
    stack: list[list[Any]] = []  # [tag name, same-name depth, skipping before it]
    skipping, position, length = False, 0, len(document)
    while position < length:
        match = typography._TOKEN.search(document, position)
        end = match.start() if match else length
        if end > position:
            segment = document[position:end]
            out.append(segment if skipping else typography._typeset_text_node(segment))
        if not match:
            break
        token, position = match.group(), match.end()
        kind, name, lang_skips, typeset_token = typography._tag(token)
        if kind == typography._OTHER:
            out.append(token)
            continue
        if kind == typography._END:
            out.append(token)
            if stack and stack[-1][0] == name:
                if stack[-1][1]:
                    stack[-1][1] -= 1
                else:
                    skipping = stack.pop()[2]
            continue
        inner = (skipping if lang_skips is None else lang_skips) or name in typography._NOT_PROSE
        out.append(token if inner else typeset_token)
        if name in typography._RAW_TEXT:
            close = re.compile(rf"</{name}\s*>", re.IGNORECASE).search(document, position)
            stop = close.start() if close else length
            raw = document[position:stop]
            out.append(raw if inner or name != "script" else typography._typeset_script(token, raw))
            position = stop
            continue
        if kind == typography._VOID_TAG:
            continue
        if inner != skipping:
            stack.append([name, 0, skipping])
            skipping = inner
        elif stack and stack[-1][0] == name:
            stack[-1][1] += 1
    return "".join(out)


# Pieces of HTML around every condition of the run typeset_html passes over: nesting (of the
# same name too), `lang` (written every way), elements not prose, raw text and its end tags,
# comments and declarations, attributes read or not (quoted, unquoted, holding marks, entities,
# ">"), metas read or not, scripts read or not, tags and "<" that are no tags, marks, entities.
PIECES = [
    "<p>", "</p>", "<span>", "</span>", "<SPAN>", "</Span >", "<div>", "</div>", "<br>", "<br/>", "<div/>",
    '<span lang="en">', '<span lang="fr">', '<span lang="fr-BE">', '<span lang="">', '<div lang="nl">', '<p LANG="en">',
    '<a hreflang="en" LANG="en">', '<a hreflang="en" lang = "en">', '<a href="?lang=en">', "<i xml:lang='en'>", "<b lang=en>",
    "<code>", "</code>", "<CODE>", "</code >", "<pre>", "</pre>", "<kbd>", "</kbd>", "<samp>", "<var>", "</var>", "<math>",
    "<script>", "</script>", "<SCRIPT>", "</script >", "</\u017fcript>", "<\u017fcript>", "<style>", "</style>",
    "<textarea placeholder='x : y'>", "</textarea>", '<script type="application/ld+json">', '<script id="__config">',
    '<script type="APPLICATION/LD+JSON">', '<script TYPE="application/ld&#43;json">', '<script type="application/json" id="x">',
    '<script src="a.js" defer>', '{"a": "b : c", "translations": {"t": "x ?"}, "h": "<p>Q ?</p>"}',
    '<script id="__config">{"translations": {"t": "x ?"}, "base": "a : b"}</script>', "<style>a:hover{b:c}</Style >",
    '<script type="application/ld+json">{"name": "Quoi ?", "d": "<p>Profil : ok</p>"}</script>', "<script>a ? b : c;</SCRIPT >",
    '<meta property="og:url" content="https://x.example/a : b">', '<meta name="description" content="a : b">',
    '<meta property="og:title" content="x ?">', '<META NAME="Description" content="x ?">', '<meta name="" property="og:title" content="x ?">',
    '<meta name="og:url" property="og:title" content="t ?">', '<meta property="og:image:alt" content="x ; y">',
    '<meta content="a : b" name="description">', '<a title="Lien : x" href="https://x.example/a?b">', '<a class="x" title="t&#58;x">',
    '<a data-text-one="{n} poste : x">', '<a data-x="y : z">', '<a aria-label="Précédent: Accueil">', "<a title='a ? b'>",
    "<a title=a:b>", '<a title="x>y : z">', '<a title="unclosed>', "<a b='c>", '<a"b c" x>', '<a x/y="v lang=en">',
    '<a x="1"lang="en">', '<a x="1"y="v lang=en">', "< a>", "<1>", "</ x>", "<a\u00a0title='a : b'>", "<input placeholder=\"Quoi ?\">",
    "<!-- a : b <code> -->", "<!-- unclosed >", "<!doctype html>", "<?xml version='1.0'?>", "<!--", "-->", "<![CDATA[ x ]]>",
    "Source : ici", "Quoi ?", "Vraiment!", "« x »", "«x»", "a;b", "https://x.example/a:b", "9:30", "info@x.example",
    "&amp;", "&#58;", "&#0058;", "&#x3a;", "&#X3B;", "&colon;", "&laquo", "&raquo;", "&semi;", "&#39;", "&para;", "&nbsp;:",
    "&#40;", "&quest;", "&excl;", "&", "&#", "a < b", "<3", "x > y", "\n  ", " ", "\u202f:", "\u00a0?", "\u212a", "\u017f",
]  # fmt: skip
NAMES = [
    "span",
    "SPAN",
    "div",
    "p",
    "x-box",
    "code",
    "CODE",
    "pre",
    "kbd",
    "var",
    "script",
    "SCRIPT",
    "style",
    "textarea",
]
ATTRIBUTES = [
    ' lang="en"', ' lang="fr"', " lang=nl", ' LANG="en"', ' hreflang="en"', ' class="x"', ' title="a : b"', " title='Quoi ?'",
    ' data-text-x="a ? b"', ' content="x : y"', ' name="description"', ' property="og:url"', ' id="__config"',
    ' type="application/ld+json"', ' x="a>b"', " hidden", "/",
]  # fmt: skip


@st.composite
def elements(draw: st.DrawFn, children: st.SearchStrategy[str]) -> str:
    """An element: a start tag, what it holds (perhaps an element of the same name, with other
    attributes), its end tag (in any case, or none)."""
    name = draw(st.sampled_from(NAMES))

    def element(inner: str) -> str:
        attributes = "".join(draw(st.lists(st.sampled_from(ATTRIBUTES), max_size=3)))
        end = draw(st.sampled_from([f"</{name}>", f"</{name.upper()}>", f"</{name.lower()} >", ""]))
        return f"<{name}{attributes}>{inner}{end}"

    inner = draw(children)
    if draw(st.booleans()):
        inner = draw(children) + element(inner) + draw(children)
    return element(inner)


documents = st.recursive(
    st.one_of(st.sampled_from(PIECES), st.text(alphabet="<>/=\"' ;:!?«»&#acdeglnoprsty\n", min_size=1, max_size=8)),
    lambda children: st.one_of(st.lists(children, max_size=6).map("".join), elements(children)),
    max_leaves=40,
)


@settings(max_examples=1500, deadline=None)
@given(documents)
def test_what_typeset_html_passes_over_is_what_it_would_copy_token_by_token(document: str) -> None:
    assert typeset_html(document) == token_by_token(document)


def test_an_element_in_another_language_is_skipped_to_its_own_end_tag() -> None:
    # Its end tag, among plain tags of the same name nested in it, ends the skipping there.
    document = f'<div lang="en"><div>{"<b>x</b>" * 3}</div> a : b</div> c : d'
    assert (
        token_by_token(document)
        == typeset_html(document)
        == f'<div lang="en"><div>{"<b>x</b>" * 3}</div> a : b</div> c{NBSP}: d'
    )


# -- dates and times ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("locale", "day", "style", "expected"),
    [
        ("fr_BE", dt.date(2027, 1, 1), "long", "1er janvier 2027"),
        ("fr_BE", dt.date(2027, 1, 1), "full", "vendredi 1er janvier 2027"),
        ("fr_BE", dt.date(2027, 1, 11), "long", "11 janvier 2027"),
        ("fr_BE", dt.date(2027, 1, 21), "long", "21 janvier 2027"),
        ("nl_BE", dt.date(2027, 1, 1), "long", "1 januari 2027"),
        ("en_GB", dt.date(2027, 1, 1), "full", "Friday, 1 January 2027"),
    ],
)
def test_the_first_of_the_month_is_1er_in_french_only(locale: str, day: dt.date, style: str, expected: str) -> None:
    assert format_day(day, style, locale) == expected


@pytest.mark.parametrize(
    ("locale", "time", "last", "expected"),
    [
        ("fr_BE", dt.time(9, 30), True, f"9{NBSP}h{NBSP}30"),
        ("fr_BE", dt.time(17, 0), True, f"17{NBSP}h"),
        ("fr_BE", dt.time(14, 5), False, f"14{NBSP}h{NBSP}05"),
        ("nl_BE", dt.time(9, 30), True, f"9.30{NBSP}uur"),
        ("nl_BE", dt.time(9, 30), False, "9.30"),
        ("nl_BE", dt.time(17, 0), True, f"17{NBSP}uur"),
        ("en_GB", dt.time(9, 30), True, "09:30"),
    ],
)
def test_times_as_each_language_writes_them(locale: str, time: dt.time, last: bool, expected: str) -> None:
    assert format_clock(time, locale, last) == expected


def test_event_times_on_the_pages(shipped_site: Build) -> None:
    def line(path: str) -> str:
        page = BeautifulSoup(shipped_site.page(path), "html.parser")
        return " ".join(page.select_one("article").get_text(" ").split())

    assert "jeudi 11 février 2027, de 9 h 30 à 17 h (heure de Bruxelles)" in line("fr/events/index.html")
    assert "jeudi 18 mars 2027, de 14 h à 15 h 30" in line("fr/events/index.html")
    assert "donderdag 11 februari 2027, van 9.30 tot 17 uur (Brusselse tijd)" in line("nl/events/index.html")
    assert "Thursday, 11 February 2027, 09:30 to 17:00 (Brussels time)" in line("events/index.html")


# -- every French output of the shipped site -----------------------------------------------
def readable_texts(page: BeautifulSoup) -> Iterator[str]:
    """The texts people read or hear on a page, as a French reader's browser decodes them."""
    for node in page.find_all(string=True):
        if isinstance(node, Comment) or not isinstance(node, NavigableString):
            continue
        parent = node.parent
        if parent.name in ("script", "style") or parent.find_parent(["code", "pre", "kbd", "samp"]):
            continue
        if parent.name in ("code", "pre", "kbd", "samp"):
            continue
        languages = [element["lang"] for element in [parent, *parent.parents] if element.get("lang")]
        if languages and not languages[0].startswith("fr"):
            continue  # an English text shown untranslated, marked so
        yield str(node)
    for element in page.find_all(True):
        for name, value in element.attrs.items():
            if name in READ_ATTRIBUTES or name.startswith("data-text-"):
                yield value
        if element.name == "meta" and SHARE_METAS.fullmatch(element.get("name") or element.get("property") or ""):
            yield element["content"]
    for script in page.find_all("script", type="application/ld+json"):
        yield from json_texts(json.loads(script.string))
    config = page.find("script", id="__config")
    if config:
        yield from json_texts(json.loads(config.string)["translations"])


def json_texts(data: object) -> Iterator[str]:
    if isinstance(data, str):
        yield BeautifulSoup(data, "html.parser").get_text() if "<" in data else data
    elif isinstance(data, list):
        for item in data:
            yield from json_texts(item)
    elif isinstance(data, dict):
        for value in data.values():
            yield from json_texts(value)


def french_pages(site: Build) -> list[Path]:
    return sorted((site.site / "fr").rglob("*.html"))


def test_every_french_page_is_typeset(shipped_site: Build) -> None:
    pages = french_pages(shipped_site)
    assert len(pages) > 30
    found, checked = [], 0
    for path in pages:
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for text in readable_texts(page):
            checked += 1
            found += [f"{path.relative_to(shipped_site.site)}: {fault!r}" for fault in faults(text)]
    assert found == []
    # Not vacuous: the site has marks to typeset and a first of the month to write.
    everything = " ".join(p.read_text(encoding="utf-8") for p in pages)
    assert everything.count(f"{NBSP}:") > 50 and f"{NNBSP}?" in everything and "1er " in everything


def test_french_feeds_calendars_and_search_results_are_typeset(shipped_site: Build) -> None:
    french = shipped_site.site / "fr"
    texts: list[tuple[str, str]] = []
    for path in sorted(french.rglob("*.xml")):
        if path.name == "sitemap.xml":
            continue
        feed = feedparser.parse(path.read_text(encoding="utf-8"))
        texts.append((path.name, feed.feed.title))
        texts += [(path.name, text) for entry in feed.entries for text in (entry.title, entry.summary)]
    calendars = sorted(french.rglob("*.ics"))
    assert calendars
    for path in calendars:
        calendar = icalendar.Calendar.from_ical(path.read_bytes())
        texts.append((path.name, str(calendar["X-WR-CALNAME"])))
        for event in calendar.walk("VEVENT"):
            texts += [(path.name, str(event[key])) for key in ("SUMMARY", "DESCRIPTION", "LOCATION") if key in event]
    found = [page for page in indexed_pages(shipped_site.site) if page.lang == "fr"]
    assert found
    for page in found:
        # Titles and filter values as the pages show them; Pagefind makes the text's no-break
        # spaces plain ones (its excerpts lose French spacing: a limit of Pagefind 1.5.2).
        texts += [("search", text) for text in (page.title, *sum(page.filters.values(), []))]
    found = [f"{name}: {fault!r}" for name, text in texts for fault in faults(text)]
    assert found == []
    assert any(NBSP + ":" in text for name, text in texts if name.endswith(".xml"))  # "Exemple : ..."
    assert any(NBSP + ":" in text for name, text in texts if name.endswith(".ics"))
