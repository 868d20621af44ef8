"""The theme adapter: everything the site relies on in Material for MkDocs 9.8 (and the MkDocs
theme environment), in one place, each with the test that guards it.

Material announces its end of life for May 2027. Moving to another theme (or to a later
Material) means going through this list:

- `overrides/main.html` copies Material's `site_meta` block (absolute hreflang links with an
  x-default; the description in the page's language) and extends `extrahead` and `scripts`
  (`test_every_page_has_absolute_hreflang_links_and_a_canonical`, `test_theme_texts.py`).
- `overrides/main.html` includes `partials/ps-share.html` in `extrahead` (Open Graph and
  Twitter card tags, partnersite/sharecards.py), and the hook file reads a page's
  `canonical_url`, `title`, `meta` and static-i18n's `file.alternates` for them
  (`test_every_page_has_open_graph_metadata_in_its_language`).
- `overrides/partials/language.html` replaces Material's `t` macro by `theme_translator` below:
  each theme text looked up once per language, ours first (`test_theme_texts.py`).
- `overrides/partials/nav.html`, `tabs.html` and `ps-shared-part.html` render Material's nav and
  tabs once per folder for pages outside the navigation (`SharedThemeParts`, with
  `with_material_prefix` so an override can include the partial it replaces;
  `test_tabs_and_drawer_mark_the_current_section_and_link_from_the_page`).
- `overrides/partials/header.html` is Material's header with the site's search button
  (`partials/ps-search.html`) where the search plugin's box was; the search itself is Pagefind's
  (partnersite/search.py), which reads the article Material writes (`search.mark_page` looks
  for `<article class="md-content__inner md-typeset">`; `tests/test_search.py`).
- `docs/assets/javascripts/sitemaps.js` fails, without a request, the sitemap.xml requests
  Material's bundle sends for its language switcher (`test_no_other_host_no_cookie_no_script_error`).
- `fix_material_markup` mends three spots of Material's markup that no block can override
  (`test_every_page_is_valid_html`, `test_no_accessibility_violation`).
- MkDocs and static-i18n: the language passes (partnersite/outputs.py states the contract;
  `test_properdocs_builds_the_same_site_as_mkdocs` builds with ProperDocs too), the generated
  pages handed over as static-i18n's own files (partnersite/i18n_files.py; `test_languages.py`).
- The colour scheme toggle: `mkdocs.yml`'s `theme.palette` (automatic, light, dark), each
  toggle's `name` set per language pass by `themetexts.configure_palette`; Material's stored
  choice and `data-md-color-scheme` on `<body>`, which `docs/assets/stylesheets/site.css`
  follows (`test_no_accessibility_violation` in both schemes,
  `test_the_colour_scheme_chosen_with_the_toggle_is_kept_and_accessible`,
  `test_the_colour_scheme_toggle_speaks_the_page_s_language`, `tests/test_print.py`).
- The hook file gives the theme's environment our cache of compiled templates
  (jinja_env.COMPILED), which knows what makes an environment compile differently.
- MkDocs finds the theme's static files by listing its templates (`Theme.get_env`'s
  `FileSystemLoader`, `Files.add_files_from_theme`); `list_theme_files_without_hidden` gives
  that environment a loader that does not list hidden folders (`test_driver.py` and every
  build test compare the files written).
- Under `mkdocs serve`, partnersite/liveupdate.py renders a saved record's pages with MkDocs'
  private `_populate_page` and `_build_page` (MkDocs 1.6) in a language's kept navigation and
  environment, after running the plugins' `on_config` again for that language (static-i18n sets
  the theme's language there), and replaces the server's `builder` (`tests/test_liveupdate.py`).
"""

from __future__ import annotations

import functools
import os
import posixpath
import re
from collections.abc import Callable
from pathlib import Path

import jinja2
import material as material_package
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.theme import Theme


def theme_translator(env: jinja2.Environment, language: str, ours: dict[str, str]) -> Callable[[str], str]:
    """The theme's interface text for a key in `language`: ours (i18n/theme/), else Material's
    (else English, else the key), looked up once per key (overrides/partials/language.html)."""
    # The macro `t` of Material's language partials (exported by the template module).
    own: Callable[[str], str] = vars(env.get_template(f"partials/languages/{language}.html").module)["t"]
    english: Callable[[str], str] = vars(env.get_template("partials/languages/en.html").module)["t"]

    @functools.cache
    def translate(key: str) -> str:
        return str(ours.get(key) or own(key) or english(key) or key)

    return translate


class SharedThemeParts:
    """The theme's tabs and navigation drawer, rendered once for all the pages of a folder that
    are not in the navigation (jobs, members, events...) and reused: on those pages nothing in
    them is marked current, and their links, relative, are the same from one folder. One per
    language pass (overrides/partials/nav.html and tabs.html)."""

    def __init__(self) -> None:
        self._parts: dict[tuple[str, str], str] = {}

    def key(self, part: str, page: Page | None, nav: Navigation | None) -> tuple[str, str] | None:
        """Where `part` can be shared: None for a page in the navigation, or hiding some of it."""
        if page is None or nav is None or page.meta.get("hide") or page in nav.pages:
            return None
        return part, posixpath.dirname(page.url.rstrip("/"))

    def __contains__(self, key: tuple[str, str] | None) -> bool:
        return key in self._parts

    def __getitem__(self, key: tuple[str, str]) -> str:
        return self._parts[key]

    def keep(self, key: tuple[str, str] | None, rendered: str) -> str:
        if key is not None:
            self._parts[key] = rendered
        return rendered


def with_material_prefix(loader: jinja2.BaseLoader | None) -> jinja2.BaseLoader:
    """The theme's loader, where Material's own templates can also be named "material/NAME"
    (for an override that wraps the template it replaces)."""
    material = Path(material_package.__file__).parent / "templates"
    prefixed = jinja2.PrefixLoader({"material": jinja2.FileSystemLoader(material)})
    return jinja2.ChoiceLoader([loader, prefixed] if loader else [prefixed])


class ThemeFilesLoader(jinja2.FileSystemLoader):
    """The theme's loader, listing its templates without what is under a hidden folder or
    hidden itself. In each language pass MkDocs lists every template of the theme to find its
    static files (`Files.add_files_from_theme`), and then leaves out, by its own patterns (`.*`,
    `*/.*`), every path with a part that starts with a dot: here Material's 14,348 icons under
    `.icons/`, walked and matched against a dozen patterns in every pass (0.15 s a pass; nine
    passes in `bin/site build`, three per process). Not listing them gives the same files.
    Templates are found and loaded as by FileSystemLoader."""

    def list_templates(self) -> list[str]:
        found: set[str] = set()
        for searchpath in self.searchpath:
            for folder, subfolders, names in os.walk(searchpath, followlinks=self.followlinks):
                subfolders[:] = [name for name in subfolders if not name.startswith(".")]
                relative = os.path.relpath(folder, searchpath).replace(os.path.sep, "/")
                prefix = "" if relative == "." else relative + "/"
                found.update(prefix + name for name in names if not name.startswith("."))
        return sorted(found)


def list_theme_files_without_hidden(theme: Theme) -> None:
    """Make `theme`'s environments (`Theme.get_env`, one per language pass) with a
    `ThemeFilesLoader` over the same folders."""
    if getattr(theme, "_ps_lists_without_hidden", False):
        return  # every language pass runs on_config again with the same theme
    make_env = theme.get_env

    def get_env() -> jinja2.Environment:
        env = make_env()
        env.loader = ThemeFilesLoader(theme.dirs)
        return env

    vars(theme).update(get_env=get_env, _ps_lists_without_hidden=True)


# Material 9.8 prints three things outside any template block we could override: `autocomplete`
# on its hidden checkboxes (not allowed on checkboxes), `<label for="__toc">` on pages outside
# the navigation (where the checkbox it points to is not printed), and the colour palette's
# radio buttons hidden from assistive technology but reachable with Tab (its labels are the
# controls; the search plugin's box used to sit over them, which hid the fault from axe-core).
_CHECKBOX = re.compile(r'<input\b[^>]*\btype="checkbox"[^>]*>')
_PALETTE_OPTION = re.compile(r'<input class="md-option"[^>]*\baria-hidden="true"[^>]*>')


def fix_material_markup(html: str) -> str:
    """Valid, accessible HTML from Material's page markup."""
    html = _CHECKBOX.sub(lambda match: match.group(0).replace(' autocomplete="off"', ""), html)
    if 'id="__toc"' not in html:
        html = html.replace(' for="__toc"', "")
    return _PALETTE_OPTION.sub(lambda match: match.group(0).replace("<input ", '<input tabindex="-1" ', 1), html)
