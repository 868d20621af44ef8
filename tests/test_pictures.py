"""Pictures in records (a member's logo, an event's picture): checked with file:line messages,
published in a few widths as WebP with a fallback, responsive, without metadata, cached."""

from __future__ import annotations

import io
import os
import struct
import textwrap
import zlib
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from partnersite import picture_output
from partnersite.catalog import load_catalog
from partnersite.picture_output import used_pictures, variants, write_pictures
from partnersite.pictures import MAX_BYTES
from sitetree import MINIMAL_DATA, ROOT, build, data_tree, make_site, problems_in, tr

LANGUAGES = ("en", "fr", "nl")
PREFIX = {"en": "", "fr": "fr/", "nl": "nl/"}


def picture_bytes(width: int, height: int, fmt: str = "PNG", mode: str = "RGB", **options: object) -> bytes:
    image = Image.new(mode, (width, height), (30, 120, 200, 128) if mode == "RGBA" else (30, 120, 200))
    out = io.BytesIO()
    image.save(out, format=fmt, **options)
    return out.getvalue()


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that declares a size and holds almost nothing (what a decompression bomb starts with)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")
    )


def member_with_logo(file: str = "logo.png", alt: str | None = None) -> str:
    alt = alt if alt is not None else '{en: "Beta Care logo", fr: "Logo de Beta Care", nl: "Logo van Beta Care"}'
    return f"""
        id: beta
        name: Beta Care
        cluster: medvia
        type: hospital
        city: Ghent
        description: {tr("A hospital.")}
        logo:
          file: {file}
          alt: {alt}
        """


FILE_AT = "data/members/beta.yml:8:9: logo.file:"  # where the logo's file name is written
SUFFIX = "[member beta]"


def logo_problems(tmp_path: Path, content: bytes | None, file: str = "logo.png", **others: bytes) -> list[str]:
    files: dict[str, str | bytes | None] = {"members/beta.yml": member_with_logo(file)}
    if content is not None:
        files[f"pictures/{file}"] = content
    files.update({f"pictures/{name}": data for name, data in others.items()})
    return problems_in(tmp_path, files)


# -- the check ----------------------------------------------------------------------------


def test_a_valid_logo_loads(tmp_path: Path) -> None:
    assert logo_problems(tmp_path, picture_bytes(400, 200)) == []


@pytest.mark.parametrize("missing", LANGUAGES)
def test_alt_text_is_required_in_each_language(tmp_path: Path, missing: str) -> None:
    texts = {"en": "Beta Care logo", "fr": "Logo de Beta Care", "nl": "Logo van Beta Care"}
    alt = "{" + ", ".join(f'{lang}: "{text}"' for lang, text in texts.items() if lang != missing) + "}"
    found = problems_in(
        tmp_path, {"members/beta.yml": member_with_logo(alt=alt), "pictures/logo.png": picture_bytes(400, 200)}
    )
    assert found == [f"data/members/beta.yml:9:8: logo.alt.{missing}: missing the '{missing}' translation {SUFFIX}"]


def test_a_picture_without_alt_text_fails(tmp_path: Path) -> None:
    member = member_with_logo().replace(
        '          alt: {en: "Beta Care logo", fr: "Logo de Beta Care", nl: "Logo van Beta Care"}\n', ""
    )
    found = problems_in(tmp_path, {"members/beta.yml": member, "pictures/logo.png": picture_bytes(400, 200)})
    assert len(found) == 1
    assert found[0].startswith("data/members/beta.yml:8:3: logo.alt: missing required field 'alt'")


@pytest.mark.parametrize(
    ("file", "content", "message"),
    [
        ("logo.png", b"just some text\n", "the file holds text, not a PNG, JPEG or WebP picture"),
        ("logo.png", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "an SVG drawing"),
        ("logo.png", b'<?xml version="1.0"?>\n<svg/>', "an SVG drawing"),
        ("logo.png", picture_bytes(400, 200, "GIF"), "the file holds a GIF picture, not a PNG, JPEG or WebP"),
        (
            "logo.png",
            picture_bytes(400, 200, "JPEG"),
            "holds a JPEG picture but its name ends in .png: rename it to .jpg",
        ),
        ("logo.webp", picture_bytes(400, 200, "PNG"), "holds a PNG picture but its name ends in .webp"),
        ("logo.png", picture_bytes(100, 40), "the picture is 100×40 pixels: a logo needs at least 160×48"),
        ("logo.png", png_header_only(30000, 30000), "far too many pixels: at most 8000 pixels a side"),
        ("logo.png", png_header_only(7000, 7000), "at most 8000 pixels a side and 40 million pixels"),
        ("logo.png", picture_bytes(400, 200)[:200], "the picture is damaged or incomplete and cannot be read"),
        ("logo.png", b"\x89PNG\r\n\x1a\n" + os.urandom(300), "the picture is damaged or incomplete"),
        ("logo.jpg", picture_bytes(400, 200, "JPEG")[:300], "the picture is damaged or incomplete"),
        ("logo.png", picture_bytes(400, 200) + b"\0" * MAX_BYTES, "the picture is too large (5.0 MB; at most 5 MB)"),
        ("logo.png", b"", "the picture file is empty"),
    ],
    ids=[
        "text-named-png",
        "svg-named-png",
        "svg-xml",
        "gif-named-png",
        "jpeg-named-png",
        "png-named-webp",
        "too-small",
        "too-large",
        "too-many-pixels",
        "truncated",
        "corrupt",
        "truncated-jpeg",
        "too-many-bytes",
        "empty",
    ],
)
def test_a_bad_picture_file_gets_a_message(tmp_path: Path, file: str, content: bytes, message: str) -> None:
    found = logo_problems(tmp_path, content, file)
    assert len(found) == 1, found
    assert found[0].startswith(FILE_AT) and message in found[0] and found[0].endswith(SUFFIX), found


@pytest.mark.parametrize(
    ("file", "message"),
    [
        ("../members/alpha.yml", "'../members/alpha.yml' leads out of data/pictures/"),
        ("/etc/passwd", "'/etc/passwd' is an absolute path"),
        ("'C:\\logo.png'", "is an absolute path"),
        ("sub/logo.png", "sub-folders of data/pictures/ are not read"),
        ("logo.svg", "'logo.svg': a picture's name ends in .png, .jpg, .jpeg, .webp"),
        ("logo.gif", "a picture's name ends in"),
        ("Logo.PNG", "is not a picture file name"),
        ("logo-missing.png", "there is no file logo-missing.png in data/pictures/; did you mean 'logo.png'?"),
    ],
)
def test_a_bad_file_name_gets_a_message(tmp_path: Path, file: str, message: str) -> None:
    files = {"members/beta.yml": member_with_logo(file), "pictures/logo.png": picture_bytes(400, 200)}
    found = problems_in(tmp_path, files)
    mine = [line for line in found if line.startswith(FILE_AT)]
    assert len(mine) == 1 and message in mine[0], found
    # The file the record meant to use is then unused, and said so; nothing else.
    assert [line for line in found if line not in mine] in (
        [],
        [
            "data/pictures/logo.png:1:1: (file): no record uses this picture: name it in a record (logo: or"
            " picture:, with file: and alt:) or remove it"
        ],
    )


def test_a_symbolic_link_is_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside.png"
    outside.write_bytes(picture_bytes(400, 200))
    data_dir = data_tree(tmp_path, {"members/beta.yml": member_with_logo()})
    (data_dir / "pictures").mkdir()
    (data_dir / "pictures" / "logo.png").symlink_to(outside)
    found = _load(data_dir)
    assert found == [
        f"{FILE_AT} data/pictures/logo.png is a symbolic link (not read): put the picture itself there {SUFFIX}"
    ]


def test_other_files_in_the_picture_folder_are_reported(tmp_path: Path) -> None:
    found = logo_problems(
        tmp_path,
        picture_bytes(400, 200),
        **{"unused.png": picture_bytes(400, 200), "notes.txt": b"x", ".hidden.png": b"x"},
    )
    assert found == [
        "data/pictures/.hidden.png:1:1: (file): hidden files are not read: remove it, or rename it without the leading dot",
        "data/pictures/notes.txt:1:1: (file): not a picture file: data/pictures/ holds the PNG, JPEG and WebP pictures"
        " that records name (files ending in .png, .jpg, .jpeg, .webp); move or remove this file",
        "data/pictures/unused.png:1:1: (file): no record uses this picture: name it in a record (logo: or picture:,"
        " with file: and alt:) or remove it",
    ]


def test_an_animated_picture_is_refused(tmp_path: Path) -> None:
    frames = [Image.new("RGB", (400, 200), colour) for colour in ("red", "blue")]
    out = io.BytesIO()
    frames[0].save(out, format="PNG", save_all=True, append_images=frames[1:])
    found = logo_problems(tmp_path, out.getvalue())
    assert len(found) == 1 and "animated pictures are not published" in found[0]


def _load(data_dir: Path) -> list[str]:
    from partnersite.catalog import DataError

    try:
        load_catalog(data_dir, LANGUAGES)
    except DataError as error:
        return [str(problem) for problem in error.problems]
    return []


# -- what is published ----------------------------------------------------------------------


def _photo_with_metadata() -> bytes:
    """A JPEG taken 'sideways' (EXIF orientation 6) with a GPS position and a camera name."""
    image = Image.new("RGB", (1000, 700), (200, 80, 40))
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° to show
    exif[0x0110] = "Camera of a staff member"
    exif[0x8825] = {1: "N", 2: (50.0, 28.0, 0.0), 3: "E", 4: (4.0, 52.0, 0.0)}  # GPS
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes(), quality=90)
    return out.getvalue()


def test_published_files_have_no_metadata_and_show_upright(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    files = {
        # The minimal data's event, with a picture.
        "events/summit.yml": textwrap.dedent(MINIMAL_DATA["events/summit.yml"])
        + f"picture:\n  file: photo.jpg\n  alt: {tr('A hall')}\n",
        "pictures/photo.jpg": _photo_with_metadata(),
    }
    assert problems_in(tmp_path, files) == []
    catalog = load_catalog(data_dir, LANGUAGES)
    fields = list(used_pictures([catalog.events]))
    written = write_pictures(tmp_path / "out", fields, catalog.pictures, None)
    assert [v.width for v in variants(catalog.pictures["photo.jpg"], "picture")] == [320, 640, 700]
    assert len(written) == 6
    for path in written:
        with Image.open(tmp_path / "out" / path) as image:
            assert image.format in ("WEBP", "JPEG")
            assert image.height > image.width  # turned as the camera said
            assert len(image.getexif()) == 0
            assert not {"exif", "xmp", "XML:com.adobe.xmp", "icc_profile", "comment"} & set(image.info)


def test_the_cache_gives_the_same_bytes_and_spares_the_work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = {"members/beta.yml": member_with_logo(), "pictures/logo.png": picture_bytes(700, 300, mode="RGBA")}
    assert problems_in(tmp_path, files) == []
    catalog = load_catalog(tmp_path / "data", LANGUAGES)
    fields = list(used_pictures([catalog.members])) * 2  # the same file twice: written once
    cache = tmp_path / "cache"

    def contents(folder: Path) -> dict[str, bytes]:
        return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}

    plain = write_pictures(tmp_path / "plain", fields, catalog.pictures, None)
    assert plain == sorted(set(plain)) and len(plain) == 6  # 160, 320, 640 (never 700 → 1280), WebP and PNG
    assert all(p.endswith((".webp", ".png")) for p in plain)  # transparent: a PNG fallback
    write_pictures(tmp_path / "first", fields, catalog.pictures, cache)
    assert len(list(cache.iterdir())) == 6

    def no_work(*args: object) -> bytes:
        raise AssertionError("resized again although cached")

    monkeypatch.setattr(picture_output, "render_variant", no_work)
    write_pictures(tmp_path / "second", fields, catalog.pictures, cache)
    assert contents(tmp_path / "plain") == contents(tmp_path / "first") == contents(tmp_path / "second")


def test_the_cache_folder_setting(tmp_path: Path) -> None:
    assert picture_output.cache_folder(tmp_path, {}) == tmp_path / ".cache" / "pictures"
    assert picture_output.cache_folder(tmp_path, {"SITE_PICTURE_CACHE": "/x/y"}) == Path("/x/y")
    assert picture_output.cache_folder(tmp_path, {"SITE_PICTURE_CACHE": ""}) is None
    assert ".cache/" in (ROOT / ".gitignore").read_text().splitlines()


# -- the built site ---------------------------------------------------------------------------


def width_of(path: Path) -> int:
    with Image.open(path) as image:
        return image.width


def html5(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html5lib")


def candidates(srcset: str) -> list[tuple[str, int]]:
    pairs = [item.strip().rsplit(" ", 1) for item in srcset.split(",")]
    return [(url, int(width.removesuffix("w"))) for url, width in pairs]


def check_picture(element: object, page: Path, site: Path) -> list[Path]:
    """Every file a <picture> names exists with the width it states, and the img's width and
    height have the file's shape; the files, as paths."""
    sources = element.find_all("source")
    assert [s["type"] for s in sources][0] == "image/webp" and sources[1]["type"] in ("image/jpeg", "image/png")
    img = element.find("img")
    files = []
    base = "http://site.invalid/" + page.relative_to(site).as_posix()
    for source in sources:
        assert source["sizes"]
        for url, width in candidates(source["srcset"]):
            assert not urlsplit(url).scheme and not url.startswith("/"), url  # relative: this host only
            path = site / urlsplit(urljoin(base, url)).path.lstrip("/")
            with Image.open(path) as image:
                assert image.width == width
                assert abs(image.height - width * int(img["height"]) / int(img["width"])) <= 1
                assert image.format == ("WEBP" if source["type"] == "image/webp" else source["type"][6:].upper())
            files.append(path)
    assert (site / urlsplit(urljoin(base, img["src"])).path.lstrip("/")).is_file()
    assert img["alt"].strip()
    return files


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_members_directory_shows_the_logos(shipped_site, lang: str) -> None:
    page = shipped_site.site / PREFIX[lang] / "members" / "index.html"
    doc = html5(page)
    pictures = doc.select("table picture")
    alts = {p.find("img")["alt"] for p in pictures}
    expected = {
        "en": "SambreCell Therapeutics logo",
        "fr": "Logo de SambreCell Therapeutics",
        "nl": "Logo van SambreCell Therapeutics",
    }
    assert expected[lang] in alts
    for picture in pictures:
        check_picture(picture, page, shipped_site.site)
        img = picture.find("img")
        assert img["loading"] == "lazy" and img["decoding"] == "async"
    rows = doc.select("table tbody tr")
    assert len([row for row in rows if not row.find("picture")]) >= 1  # members without a logo stay listed


@pytest.mark.parametrize("lang", LANGUAGES)
def test_an_event_picture_at_the_top_of_its_page_is_not_lazy(shipped_site, lang: str) -> None:
    page = shipped_site.site / PREFIX[lang] / "events" / "example-atmp-talent-day" / "index.html"
    doc = html5(page)
    (picture,) = doc.select("article picture")
    files = check_picture(picture, page, shipped_site.site)
    widths = sorted({width_of(f) for f in files})
    assert widths == [320, 640, 1280]
    img = picture.find("img")
    assert "loading" not in img.attrs
    alt = {"en": "Drawing of an audience", "fr": "Dessin d'un public", "nl": "Tekening van een publiek"}[lang]
    assert img["alt"].startswith(alt)


def test_only_the_pictures_pages_use_are_published_each_once(shipped_site) -> None:
    site = shipped_site.site
    named = set()
    for page in site.rglob("*.html"):
        doc = html5(page)
        base = "http://site.invalid/" + page.relative_to(site).as_posix()
        for source in doc.select("picture source"):
            named |= {urlsplit(urljoin(base, url)).path.lstrip("/") for url, _ in candidates(source["srcset"])}
    published = {p.relative_to(site).as_posix() for p in (site / "pictures").iterdir()}
    assert published == named and len(named) == 18  # two logos and a picture, 3 widths, 2 formats
    assert not list((site / "fr").glob("**/pictures")) and not list((site / "nl").glob("**/pictures"))


def test_pictures_of_hidden_examples_are_not_published(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SITE_EXAMPLES", "hide")
    result = build(make_site(tmp_path, real_data=True))
    assert result.returncode == 0, result.output
    assert not (result.site / "pictures").exists()
    for page in result.site.rglob("*.html"):
        assert "<picture" not in page.read_text(encoding="utf-8"), page


def test_the_example_pictures_are_drawn_by_the_script() -> None:
    """The shipped pictures are what scripts/draw_examples.py draws (nothing from elsewhere)."""
    import runpy

    drawn = runpy.run_path(str(ROOT / "scripts" / "draw_examples.py"))
    for name, draw in (
        ("example-sambrecell-logo.png", "sambrecell_logo"),
        ("example-scheldt-medtech-logo.png", "scheldt_logo"),
    ):
        with Image.open(ROOT / "data" / "pictures" / name) as shipped:
            assert shipped.convert("RGBA").tobytes() == drawn[draw]().convert("RGBA").tobytes()


# -- in the browser ------------------------------------------------------------------------------

VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}
BOXES = """[...document.querySelectorAll('picture img')].map(img => ({
    width: img.getBoundingClientRect().width, height: img.getBoundingClientRect().height,
    loaded: img.complete && img.naturalWidth > 0, chosen: img.currentSrc}))"""


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("path", ["members/", "fr/events/example-atmp-talent-day/", "nl/members/example-sambrecell/"])
def test_pictures_keep_their_place_before_they_load(browser, server: str, path: str, viewport: str) -> None:
    """With the picture files held back, each <img> already has its final shape (from width and
    height): nothing moves when they arrive. Then, served, each loads a WebP from this host."""
    context = browser.new_context(viewport=VIEWPORTS[viewport])
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    held: list = []

    def hold(route: object) -> None:
        held.append(route)  # the picture files do not arrive yet

    page.route("**/pictures/*", hold)
    page.goto(server + path, wait_until="domcontentloaded")
    before = page.evaluate(BOXES)
    assert before and all(box["width"] > 0 and box["height"] > 0 and not box["loaded"] for box in before), before
    for route in held:
        route.continue_()
    page.unroute("**/pictures/*", hold)
    page.evaluate("document.querySelectorAll('picture img').forEach(img => img.scrollIntoView())")
    page.wait_for_function("[...document.querySelectorAll('picture img')].every(i => i.complete && i.naturalWidth)")
    after = page.evaluate(BOXES)
    assert all(box["chosen"].startswith(server) and box["chosen"].endswith(".webp") for box in after), after
    assert [(b["width"], b["height"]) for b in after] == [(b["width"], b["height"]) for b in before]
    assert all(url.startswith(server) for url in requests), [u for u in requests if not u.startswith(server)]
    context.close()


def test_a_cmyk_photo_with_a_profile_that_does_not_fit_is_published_as_rgb(tmp_path: Path) -> None:
    from PIL import ImageCms

    out = io.BytesIO()
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()  # an RGB profile
    Image.new("CMYK", (800, 400), (0, 200, 200, 0)).save(out, format="JPEG", icc_profile=profile)
    files = {"members/beta.yml": member_with_logo("cmyk.jpg"), "pictures/cmyk.jpg": out.getvalue()}
    assert problems_in(tmp_path, files) == []
    catalog = load_catalog(tmp_path / "data", LANGUAGES)
    written = write_pictures(tmp_path / "out", list(used_pictures([catalog.members])), catalog.pictures, None)
    for path in written:
        with Image.open(tmp_path / "out" / path) as image:
            assert image.mode == "RGB" and "icc_profile" not in image.info
            red, green, blue = image.convert("RGB").getpixel((10, 10))
            assert red > 150 and green < 120 and blue < 120  # cyan-free, magenta and yellow: red


def news_with_picture(alt: str) -> str:
    return f"""
        id: photo-post
        date: 2026-11-01
        title: {tr("A post with a picture", "Un billet illustré", "Een bericht met een afbeelding")}
        summary: {tr("In short.")}
        body: {tr("The body.")}
        picture:
          file: crowd.jpg
          alt: {alt}
        """


def test_a_news_post_shows_its_picture_at_the_top_and_needs_alt_text(tmp_path: Path) -> None:
    picture = picture_bytes(1600, 900, "JPEG")
    missing = news_with_picture('{en: "A crowd", fr: "Une foule"}')
    (tmp_path / "check").mkdir()
    (tmp_path / "site").mkdir()
    problems = problems_in(tmp_path / "check", {"news/photo-post.yml": missing, "pictures/crowd.jpg": picture})
    assert [p for p in problems if p.startswith("data/news/photo-post.yml:") and "picture.alt" in p and "nl" in p]
    alt = '{en: "A crowd", fr: "Une foule", nl: "Een menigte"}'
    files: dict[str, str | bytes | None] = {
        "news/photo-post.yml": news_with_picture(alt),
        "pictures/crowd.jpg": picture,
    }
    result = build(make_site(tmp_path / "site", files))
    assert result.returncode == 0, result.output
    for lang, text in (("en", "A crowd"), ("fr", "Une foule"), ("nl", "Een menigte")):
        page = result.site / PREFIX[lang] / "news" / "photo-post" / "index.html"
        (element,) = html5(page).select("article picture")
        check_picture(element, page, result.site)
        img = element.find("img")
        assert img["alt"] == text and "loading" not in img.attrs
