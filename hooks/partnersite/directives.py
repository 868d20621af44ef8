"""Data inside hand-written pages: a line `<!-- data: NAME -->` becomes the block NAME.

So that a figure or a date is typed once, in `data/`, hand-written pages in `docs/` pull them
in with these lines. The blocks are the templates in `templates/blocks/`.
"""

from __future__ import annotations

import re

from .jinja_env import TEMPLATES
from .render import Renderer

DIRECTIVE = re.compile(r"^<!--\s*data:\s*(?P<name>[\w-]+)\s*-->\s*$", re.MULTILINE)
BLOCKS = sorted(path.name.removesuffix(".md.j2") for path in (TEMPLATES / "blocks").glob("*.md.j2"))


class DirectiveError(Exception):
    """An unknown block name in a hand-written page."""


def expand_directives(markdown: str, renderer: Renderer, src_uri: str) -> str:
    """Replace each directive line of the page at `src_uri` by its rendered block."""

    def replace(match: re.Match[str]) -> str:
        name = match.group("name")
        if name not in BLOCKS:
            line = markdown.count("\n", 0, match.start()) + 1
            raise DirectiveError(f"docs/{src_uri}:{line}: unknown data block '{name}' (known: {', '.join(BLOCKS)})")
        return renderer.render(f"blocks/{name}.md.j2", src_uri).strip("\n")

    return DIRECTIVE.sub(replace, markdown)
