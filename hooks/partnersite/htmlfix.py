"""Make Material's page markup valid HTML (the Nu Html Checker runs over every page).

Three things Material 9.8 prints outside any template block we could override:
- `autocomplete="off"` on its hidden checkboxes (the drawer, search and table-of-contents
  toggles): the attribute is not allowed on checkboxes;
- `<label for="__toc">` on pages outside the navigation, where it does not print the
  checkbox that label points to;
- its search box, a `role="dialog"` without an accessible name.
"""

from __future__ import annotations

import re
from html import escape

_CHECKBOX = re.compile(r'<input\b[^>]*\btype="checkbox"[^>]*>')


def fix_material_markup(html: str, search_label: str) -> str:
    html = _CHECKBOX.sub(lambda match: match.group(0).replace(' autocomplete="off"', ""), html)
    if 'id="__toc"' not in html:
        html = html.replace(' for="__toc"', "")
    label = escape(search_label, quote=True)
    return html.replace(
        'data-md-component="search" role="dialog">',
        f'data-md-component="search" role="dialog" aria-label="{label}">',
        1,
    )
