"""Data inside hand-written pages: a line `<!-- data: NAME -->` becomes the block NAME.

So that a figure or a date is typed once, in `data/`, hand-written pages in `docs/` pull them
in with these lines. The blocks are the templates in `templates/blocks/`.
"""

from __future__ import annotations

import re

from .jinja_env import TEMPLATES
from .markup import HtmlBlock
from .render import Renderer

DIRECTIVE = re.compile(r"^<!--\s*data:\s*(?P<name>[\w-]+)\s*-->\s*$", re.MULTILINE)
BLOCKS = sorted(path.name.removesuffix(".md.j2") for path in (TEMPLATES / "blocks").glob("*.md.j2"))


class DirectiveError(Exception):
    """An unknown block name in a hand-written page."""


def expand_directives(
    markdown: str, renderer: Renderer, src_uri: str, links_from: str | None = None
) -> tuple[str, tuple[HtmlBlock, ...]]:
    """Replace each directive line of the page at `src_uri` (`index.fr.md`, named in messages)
    by its rendered block, its links written from `links_from` (the page's address in every
    language: `index.md`); return the page's Markdown and the HTML fragments its blocks left
    markers for (lists of records: put in after the page was indexed for search, as on
    generated pages)."""
    blocks: list[HtmlBlock] = []

    def replace(match: re.Match[str]) -> str:
        name = match.group("name")
        if name not in BLOCKS:
            line = markdown.count("\n", 0, match.start()) + 1
            raise DirectiveError(f"docs/{src_uri}:{line}: unknown data block '{name}' (known: {', '.join(BLOCKS)})")
        source, added = renderer.render_page(f"blocks/{name}.md.j2", links_from or src_uri, first_block=len(blocks))
        blocks.extend(added)
        return source.strip("\n")

    return DIRECTIVE.sub(replace, markdown), tuple(blocks)
