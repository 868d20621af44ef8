"""One search index per language, so that a French page finds French pages only.

Material's search plugin writes `search/search_index.json` at the end of each language's
build, holding that language's pages. Each is kept under the language's own folder, with
addresses relative to it and the language's own stemmer (lunr.fr, lunr.nl); the pages of a
language look for their index there (see overrides/main.html).
"""

from __future__ import annotations

import json

# Material's worker removes any of lunr's trimmer, stop-word filter and stemmer not listed here;
# its French and Dutch settings inherit English's ("stopWordFilter" only: no stemming).
PIPELINE = ["stemmer", "stopWordFilter", "trimmer"]
# Words are split at spaces, hyphens and apostrophes, so that French elisions ("d'isotopes")
# and possessives are found by the word itself.
SEPARATOR = r"[\s\-'\u2019]+"


def language_index(raw: str, lang: str, prefix: str) -> str:
    """The index of one language: `prefix` ('fr/') removed from addresses, stemming for `lang`."""
    data = json.loads(raw)
    data["config"].update(lang=[lang], pipeline=PIPELINE, separator=SEPARATOR)
    docs = []
    for doc in data["docs"]:
        location = doc["location"]
        if prefix and not location.startswith(prefix):
            continue  # not a page of this language
        docs.append({**doc, "location": location[len(prefix) :]})
    data["docs"] = docs
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
