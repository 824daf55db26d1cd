"""Small view helpers shared by the app's views: a layout with an HTML id, HTML tables with escaping."""
from __future__ import annotations

import html

import panel as pn
import param


class IdColumn(pn.Column):
    """A Column whose rendered element carries `html_id`: a stable hook for scripts and tests
    (Playwright's locators reach it through the shadow DOM)."""

    html_id = param.String(default=None, allow_None=True, doc="id attribute of the rendered element")


def esc(text) -> str:
    """Text for HTML: names typed by users (scenario names, uploaded series) are never markup."""
    return html.escape(str(text), quote=True)


TABLE_CSS = """
table.gs {border-collapse: collapse; font-size: 13px; width: 100%;}
table.gs th {text-align: left; border-bottom: 2px solid #bbb; padding: 4px 8px; font-weight: 600; vertical-align: bottom;}
table.gs td {border-bottom: 1px solid #e3e3e3; padding: 3px 8px;}
table.gs td.num {text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap;}
table.gs tr.group td {background: #f6f8fa;}
"""


def html_table(header: list[str], rows: list[list[str]], num_cols: set[int] = frozenset(),
               row_classes: list[str] | None = None, table_id: str | None = None) -> str:
    """An HTML table; cells are escaped here, so callers pass plain text."""
    head = "".join(f"<th>{esc(h)}</th>" for h in header)
    body = []
    for i, r in enumerate(rows):
        cls = f' class="{row_classes[i]}"' if row_classes and row_classes[i] else ""
        cells = "".join(f'<td class="num">{esc(c)}</td>' if j in num_cols else f"<td>{esc(c)}</td>"
                        for j, c in enumerate(r))
        body.append(f"<tr{cls}>{cells}</tr>")
    tid = f' id="{esc(table_id)}"' if table_id else ""
    return f'<table class="gs"{tid}><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'
