"""The page `mkdocs serve` shows while the data has mistakes (preview only, never published).

Staff look at the browser, not at the terminal. While a data file, an interface string or a
template is broken, the preview still builds, but instead of the site it holds one page: the
problems, one per line as `file:line:column: field: message`, in the language being previewed.
The development server answers every address with it (it is also the not-found page), and
the page reloads by itself once a save fixes the mistake, as Hugo's server and Vite show build
errors. `mkdocs build` never takes this path: there the problems stop the build.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from pathlib import Path

from .pages import GeneratedPage
from .strings import load_strings

# In English where the interface strings themselves cannot be read.
FALLBACK = {
    "preview.title": "The preview cannot show the site",
    "preview.intro": "Fix the data files below and save: this page reloads by itself.",
    "preview.count.one": "{n} problem:",
    "preview.count.other": "{n} problems:",
}

# Every address answers with this page, most as the not-found page, which the server sends
# without its live-reload script and in the site's default language: this script asks the
# server for the site's version (MkDocs' /livereload/ address answers at once for version 0,
# then when a newer build is ready) and reloads, and shows the texts of the language whose
# folder the address is in.
_SCRIPT = """<script>
(function () {
  var texts = JSON.parse(document.getElementById("ps-preview-texts").textContent);
  var path = location.pathname, best = "";
  Object.keys(texts).forEach(function (prefix) {
    if (path.indexOf(prefix) === 0 && prefix.length > best.length) best = prefix;
  });
  var chosen = texts[best];
  if (chosen && chosen.lang !== document.documentElement.lang) {
    document.documentElement.lang = chosen.lang;
    document.title = chosen.title;
    ["title", "intro", "count"].forEach(function (key) {
      document.getElementById("ps-preview-" + key).textContent = chosen[key];
    });
  }
  (function poll(seen) {
    var request = new XMLHttpRequest();
    request.onloadend = function () {
      var now = parseFloat(this.responseText);
      if (seen && now > seen) { location.reload(); return; }
      setTimeout(function () { poll(now || seen); }, this.status === 200 ? 0 : 1000);
    };
    request.open("GET", "/livereload/" + (seen || 0) + "/" + Date.now());
    request.send();
  })(0);
})();
</script>"""


@dataclass(frozen=True)
class Problems:
    """What stops the site from building, as staff read it."""

    lines: tuple[str, ...]

    @classmethod
    def of(cls, error: Exception) -> Problems:
        problems = getattr(error, "problems", None)  # DataError, StringsError: one per mistake
        lines = [str(problem) for problem in problems] if problems else str(error).splitlines()
        return cls(tuple(line.strip() for line in lines if line.strip()))


def problems_markdown(problems: Problems, lang: str, texts: dict[str, dict[str, str]], homes: dict[str, str]) -> str:
    """The page's source in `lang`: a heading, what to do, and the list (escaped: messages
    quote the data); `texts` and `homes` (each language's texts and home path) let the page
    speak the language of any address it answers."""
    count = len(problems.lines)
    shown = {
        home: {
            "lang": code,
            "title": words["preview.title"],
            "intro": words["preview.intro"],
            "count": words["preview.count.one" if count == 1 else "preview.count.other"].format(n=count),
        }
        for code, home in homes.items()
        for words in [{**FALLBACK, **texts.get(code, {})}]
    }
    own = shown[homes[lang]]
    items = "\n".join(f"<li><code>{html.escape(line)}</code></li>" for line in problems.lines)
    data = json.dumps(shown, ensure_ascii=False).replace("<", "\\u003c")
    return (
        "---\n"
        f"title: {_quoted(own['title'])}\n"
        "robots: noindex\n"
        "search:\n  exclude: true\n"
        "hide: [navigation, toc]\n"
        "---\n\n"
        f'<h1 id="ps-preview-title">{html.escape(own["title"])}</h1>\n\n'
        f'<p id="ps-preview-intro">{html.escape(own["intro"])}</p>\n\n'
        f'<p><strong id="ps-preview-count">{html.escape(own["count"])}</strong></p>\n\n'
        f'<ol class="ps-problems">\n{items}\n</ol>\n\n'
        f'<script type="application/json" id="ps-preview-texts">{data}</script>\n{_SCRIPT}\n'
    )


def _quoted(text: str) -> str:
    return json.dumps(html.escape(text, quote=True), ensure_ascii=False)


class PreviewProblems:
    """The problems of the build being previewed, if any (one per `mkdocs serve` rebuild)."""

    def __init__(self) -> None:
        self.problems: Problems | None = None
        self._texts: dict[str, dict[str, str]] = {}
        self._homes: dict[str, str] = {}

    def show(self, error: Exception, i18n_dir: Path, languages: tuple[str, ...], homes: dict[str, str]) -> None:
        """Show `error`'s problems instead of the site, in each language's own words if the
        interface strings can be read; `homes`: the path of each language's home page."""
        self.problems, self._homes, self._texts = Problems.of(error), homes, {}
        try:
            strings = load_strings(i18n_dir, languages, languages[0])
        except Exception:  # the strings are what is broken: the page is in English
            return
        self._texts = {
            lang: {key: strings.get(lang, key) for key in FALLBACK if key in strings.tables[languages[0]]}
            for lang in languages
        }

    def page(self, lang: str) -> GeneratedPage:
        assert self.problems is not None
        markdown = problems_markdown(self.problems, lang, self._texts, self._homes)
        return GeneratedPage("index.md", markdown, in_nav=True)
