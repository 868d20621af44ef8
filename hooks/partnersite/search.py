"""One search index per language, so that a French page finds French pages only.

Material's search plugin writes `search/search_index.json` at the end of each language's
build, holding that language's pages. Each is kept under the language's own folder, with
addresses relative to it and the language's own stemmer (lunr.fr, lunr.nl; the separator and
pipeline are the plugin's settings in mkdocs.yml); the pages of a language look for their index
there (docs/assets/javascripts/search.js).
"""

from __future__ import annotations

import json


def language_index(raw: str, lang: str, prefix: str) -> str:
    """The index of one language: `prefix` ('fr/') removed from addresses, stemming for `lang`."""
    data = json.loads(raw)
    data["config"]["lang"] = [lang]  # the separator and pipeline: mkdocs.yml
    docs = []
    for doc in data["docs"]:
        location = doc["location"]
        if prefix and not location.startswith(prefix):
            continue  # not a page of this language
        docs.append({**doc, "location": location[len(prefix) :]})
    data["docs"] = docs
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
