"""Share cards: the Open Graph and Twitter card tags of every page type and language, read from
the built pages with an HTML5 parser; the images they name, read with Pillow; the drawing (long
titles, accents, contrast) and the cache by content."""

from __future__ import annotations

import io
import shutil
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from pagetypes import LANGUAGES, PAGE_TYPES
from sitetree import ROOT, Build, build, make_site

sys.path.insert(0, str(ROOT / "hooks"))

from partnersite import cardimages  # noqa: E402
from partnersite.cardimages import HEIGHT, WIDTH, Card, CardCache, card_key, draw, layout  # noqa: E402

SITE_HOST = "site.example"  # SITE_URL of the test builds (tests/sitetree.py)
LOCALES = {"en": "en_GB", "fr": "fr_BE", "nl": "nl_BE"}
RECORD_TYPES = {"area", "member", "project", "event", "job", "closed-job", "news-post"}
OWN_IMAGE_TYPES = {"event", "job", "closed-job", "news-post"}
# The longest title the schema allows (200 characters), with accents and a word no line holds.
LONGEST_TITLE = (
    "Ingénieur·e qualité façade Noël Straße "
    "Gesundheitsdatenaustauschplattformzertifizierungsbeauftragtenstellvertreterin "
    "— réglementation des dispositifs médicaux de diagnostic in vitro, Liège et Gent"
).ljust(200, "ë")[:200]


def open_graph(html: str) -> tuple[dict[str, list[str]], BeautifulSoup]:
    """The page's Open Graph and Twitter tags as a browser's parser reads them."""
    soup = BeautifulSoup(html, "html5lib")
    tags: dict[str, list[str]] = {}
    for meta in soup.head.find_all("meta"):
        name = meta.get("property") or meta.get("name") or ""
        if name.startswith(("og:", "twitter:")):
            tags.setdefault(name, []).append(meta.get("content", ""))
    return tags, soup


def built_path(url: str) -> str:
    """The built file behind an absolute address of the test site."""
    path = urlsplit(url).path.lstrip("/")
    return path + "index.html" if path == "" or path.endswith("/") else path


def page_file(kind: str, prefix: str) -> str:
    address = prefix + PAGE_TYPES[kind].split("?")[0]
    return address if address.endswith(".html") else address + "index.html"


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("kind", [kind for kind in PAGE_TYPES if kind != "404"])
def test_every_page_has_open_graph_metadata_in_its_language(shipped_site: Build, kind: str, lang: str) -> None:
    tags, soup = open_graph(shipped_site.page(page_file(kind, LANGUAGES[lang])))
    one = {name: values[0] for name, values in tags.items()}
    for name in ("og:title", "og:description", "og:site_name", "og:image:alt"):
        assert one.get(name, "").strip(), f"{name} is empty"
    canonical = soup.find("link", rel="canonical")["href"]
    assert one["og:url"] == canonical
    for name in ("og:url", "og:image"):
        address = urlsplit(one[name])
        assert (address.scheme, address.hostname) == ("https", SITE_HOST), f"{name} is not absolute on the site"
    assert one["og:type"] == ("article" if kind in RECORD_TYPES else "website")
    assert one["og:locale"] == LOCALES[soup.html["lang"]] == LOCALES[lang]
    hreflangs = {link["hreflang"] for link in soup.find_all("link", rel="alternate", hreflang=True)}
    assert sorted(tags.get("og:locale:alternate", [])) == sorted(
        LOCALES[code] for code in hreflangs - {"x-default", lang}
    )
    assert one["twitter:card"] == "summary_large_image"
    # The image is in the built site, at the size the page states.
    image = shipped_site.site / built_path(one["og:image"])
    with Image.open(image) as picture:
        assert picture.format == "PNG"
        assert picture.size == (int(one["og:image:width"]), int(one["og:image:height"])) == (1200, 630)
    # In the page's language: the alternative text is not the English one on another language.
    if lang != "en":
        english, _ = open_graph(shipped_site.page(page_file(kind, "")))
        assert one["og:image:alt"] != english["og:image:alt"][0]
        assert one["og:image"] != english["og:image"][0]


def test_the_not_found_page_has_no_card(shipped_site: Build) -> None:
    tags, _ = open_graph(shipped_site.page("404.html"))
    assert tags == {}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_jobs_and_events_have_their_own_image_other_pages_the_default(shipped_site: Build, lang: str) -> None:
    prefix = LANGUAGES[lang]
    images = {
        kind: open_graph(shipped_site.page(page_file(kind, prefix)))[0]["og:image"][0]
        for kind in PAGE_TYPES
        if kind != "404"
    }
    default = {images[kind] for kind in images if kind not in OWN_IMAGE_TYPES}
    assert len(default) == 1, "every other page shows its language's default image"
    own = [images[kind] for kind in OWN_IMAGE_TYPES]
    assert len(set(own)) == len(own) and not set(own) & default, "two jobs, or a job and an event, share an image"


def test_the_card_names_the_job_and_its_employer_in_the_page_s_language(shipped_site: Build) -> None:
    for lang, prefix in LANGUAGES.items():
        tags, soup = open_graph(shipped_site.page(page_file("job", prefix)))
        heading = soup.find("h1").get_text(" ", strip=True).replace("\u202f", " ").replace("\u00a0", " ")
        alt = tags["og:image:alt"][0].replace("\u202f", " ").replace("\u00a0", " ")
        title = heading.split(" Example")[0].split(" Exemple")[0].split(" Voorbeeld")[0]
        assert title in alt
        assert "Hainaut Protonics" in alt
        assert {"en": "Job opening", "fr": "Offre d'emploi", "nl": "Vacature"}[lang] in alt


def test_nothing_in_the_cards_refers_to_another_host(shipped_site: Build) -> None:
    for page in shipped_site.site.rglob("*.html"):
        tags, _ = open_graph(page.read_text(encoding="utf-8"))
        for name in ("og:url", "og:image"):
            for value in tags.get(name, []):
                assert urlsplit(value).hostname == SITE_HOST, f"{page}: {name} {value}"


# -- the drawing ------------------------------------------------------------------------------
def _card(title: str = "Medical physicist", lang: str = "en", subtitle: str = "Hainaut Protonics · Mons") -> Card:
    return Card(lang, "Job opening", title, subtitle, "BioWin × MEDVIA", "The health clusters of Wallonia and Flanders")


def _box(text: cardimages.Text) -> tuple[int, int, int, int]:
    left, top, right, bottom = cardimages._font(text.font, text.size).getbbox(text.text)
    return text.xy[0] + left, text.xy[1] + top, text.xy[0] + right, text.xy[1] + bottom


@pytest.mark.parametrize("subtitle", ["", "Ardenne Diagnostics · Namur", "Société " * 40])
def test_the_longest_title_wraps_and_shrinks_inside_the_card(subtitle: str) -> None:
    assert len(LONGEST_TITLE) == 200
    texts = layout(_card(LONGEST_TITLE, "fr", subtitle))
    upper = [text for text in texts if text.xy[1] < cardimages.BAND_TOP]
    for text in texts:
        left, top, right, bottom = _box(text)
        assert left >= 0 and top >= 0 and right <= WIDTH - cardimages.MARGIN + 1 and bottom <= HEIGHT, text
    for text in upper:
        assert _box(text)[3] <= cardimages.BAND_TOP, f"runs into the band: {text}"
    for above, below in zip(upper, upper[1:], strict=False):
        assert _box(above)[3] <= _box(below)[1] + 2, f"lines overlap: {above.text!r} / {below.text!r}"
    titles = [text for text in upper if text.font == cardimages.BOLD]
    title = "".join(text.text.removesuffix("-") for text in titles)
    assert title.replace(" ", "") == LONGEST_TITLE.replace(" ", ""), "the whole title is drawn, in order"
    sizes = {text.size for text in titles}
    assert max(sizes) < cardimages.TITLE_SIZES[0], "a long title is drawn smaller than a short one"


def test_a_short_title_is_drawn_large_on_one_line() -> None:
    texts = layout(_card("ATMP-talentendag", "nl"))
    titles = [text for text in texts if text.font == cardimages.BOLD and text.xy[1] < cardimages.BAND_TOP]
    assert len(titles) == 1 and titles[0].size == cardimages.TITLE_SIZES[0]


def test_accents_typed_as_combining_marks_are_drawn_as_one_letter() -> None:
    composed = _card("Ingénieur, Noël, garçon, Straße")
    decomposed = _card("Inge\u0301nieur, Noe\u0308l, garc\u0327on, Straße")
    assert draw(composed) == draw(decomposed)


def test_two_titles_or_two_languages_give_two_images() -> None:
    first, second = _card("Medical physicist"), _card("Quality control analyst")
    assert card_key(first) != card_key(second) and draw(first) != draw(second)
    assert card_key(_card(lang="en")) != card_key(_card(lang="fr"))
    picture = Image.open(io.BytesIO(draw(first)))
    assert picture.size == (WIDTH, HEIGHT)


def _luminance(colour: tuple[int, int, int]) -> float:
    def channel(value: int) -> float:
        value_ = value / 255
        return value_ / 12.92 if value_ <= 0.04045 else ((value_ + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(value) for value in colour)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


@pytest.mark.parametrize(
    ("text", "ground"),
    [("TITLE", "BACKGROUND"), ("SUBTITLE", "BACKGROUND"), ("LABEL", "BACKGROUND"), ("BAND_TEXT", "BAND")],
)
def test_texts_contrast_with_their_background(text: str, ground: str) -> None:
    light, dark = sorted((_luminance(getattr(cardimages, text)), _luminance(getattr(cardimages, ground))), reverse=True)
    assert (light + 0.05) / (dark + 0.05) >= 4.5  # WCAG AA for normal text


def test_the_cache_draws_each_card_once(tmp_path: Path) -> None:
    cache = CardCache(tmp_path / "cards")
    first = cache.image(_card())
    assert (cache.drawn, cache.reused) == (1, 0)
    assert cache.image(_card()) == first and (cache.drawn, cache.reused) == (1, 1)
    assert first.read_bytes() == draw(_card())


# -- the cache in builds ------------------------------------------------------------------------
def _cache_state(folder: Path) -> dict[str, int]:
    return {path.name: path.stat().st_mtime_ns for path in folder.glob("*.png")}


def _cards_in(site: Path) -> dict[str, bytes]:
    return {str(path.relative_to(site)): path.read_bytes() for path in site.rglob("assets/cards/*.png")}


def test_a_rebuild_draws_only_the_cards_that_changed(tmp_path: Path) -> None:
    root = make_site(tmp_path, real_data=True)
    cache = root / ".cache" / "share-cards"
    first = build(root)
    assert first.returncode == 0, first.output
    drawn = _cache_state(cache)
    assert drawn, "the build drew its cards into the cache"
    cards = _cards_in(first.site)
    assert len(cards) == len(drawn)

    again = build(root, out="site-again")
    assert again.returncode == 0, again.output
    assert _cache_state(cache) == drawn, "a second build drew something again"
    assert _cards_in(again.site) == cards

    job = root / "data" / "jobs" / "example-medical-physicist.yml"
    job.write_text(job.read_text(encoding="utf-8").replace("Medical physicist", "Senior medical physicist", 1), "utf-8")
    changed = build(root, out="site-changed")
    assert changed.returncode == 0, changed.output
    now = _cache_state(cache)
    new = set(now) - set(drawn)
    assert len(new) == 1, "only the English card of that job is new (its French and Dutch titles are unchanged)"
    assert {name: now[name] for name in drawn} == drawn, "an unchanged card was drawn again"
    tags, _ = open_graph(changed.page("jobs/example-medical-physicist/index.html"))
    assert tags["og:image"][0].endswith(f"/{new.pop()}")

    # Without the cache (an empty folder), the same site.
    shutil.rmtree(cache)
    cold = build(root, out="site-cold")
    assert cold.returncode == 0, cold.output
    assert _cards_in(cold.site) == _cards_in(changed.site)


def test_texts_from_data_are_escaped_in_the_tags() -> None:
    from partnersite.sharecards import open_graph as tags_of

    hostile = 'Quote " and <script>alert(1)</script> & co'
    tags = tags_of(
        title="t",
        description="d",
        url="https://site.example/jobs/x/",
        lang="fr",
        alternates=["en", "fr", "nl"],
        site_name=hostile,
        image_url="https://site.example/fr/assets/cards/x.png",
        image_alt=hostile,
        article=True,
    )
    html = "<head>" + "".join(f'<meta {attribute}="{name}" content="{content}">' for attribute, name, content in tags)
    parsed, _ = open_graph(html)
    assert parsed["og:image:alt"] == [hostile] and parsed["og:site_name"] == [hostile]
    assert parsed["og:locale"] == ["fr_BE"] and parsed["og:locale:alternate"] == ["en_GB", "nl_BE"]


def test_a_news_post_gets_a_card_from_its_title_and_date_in_each_language() -> None:
    import datetime as dt

    from partnersite.catalog import load_catalog
    from partnersite.formatting import Formatter
    from partnersite.sharecards import record_card
    from partnersite.strings import load_strings

    languages = ("en", "fr", "nl")
    catalog = load_catalog(ROOT / "data", languages)
    strings = load_strings(ROOT / "i18n", languages, "en")
    title = {"en": "The partnership is announced", "fr": "Le partenariat est annoncé", "nl": "Het partnerschap"}
    post = {"title": title, "date": dt.date(2024, 5, 14), "example": False}
    cards = {lang: record_card("news", post, Formatter(lang, strings), catalog) for lang in languages}
    assert cards["fr"] is not None and cards["fr"].card.subtitle == "14 mai 2024"
    assert cards["nl"] is not None and cards["nl"].card.label == "Nieuws"
    assert len({card.path for card in cards.values() if card}) == 3
