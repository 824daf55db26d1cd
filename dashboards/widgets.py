"""Small view helpers shared by the app's views: a layout with an HTML id, HTML tables with escaping,
notices as escaped text (never Markdown: text from a link or a file cannot make a link or an image)."""
from __future__ import annotations

import html
import os
import re

import panel as pn
import param


class IdColumn(pn.Column):
    """A Column whose rendered element carries `html_id`: a stable hook for scripts and tests
    (Playwright's locators reach it through the shadow DOM)."""

    html_id = param.String(default=None, allow_None=True, doc="id attribute of the rendered element")


class IdRow(pn.Row):
    """A Row whose rendered element carries `html_id` (as `IdColumn`): one layout model where a
    Column around a Row would take two."""

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


NOTICE_CSS = """
.gs-notice {padding: 10px 14px; border-radius: 4px; border: 1px solid; font-size: 14px;}
.gs-notice.warning {color: #664d03; background: #fff3cd; border-color: #ffecb5;}
.gs-notice.info {color: #055160; background: #cff4fc; border-color: #b6effb;}
"""


def notice_html(body_html: str, kind: str = "warning") -> str:
    """A notice box around `body_html` (already escaped: build it with `esc`)."""
    return f'<div class="gs-notice {esc(kind)}" role="alert">{body_html}</div>'


def notice_pane(text: str, kind: str = "warning", **params) -> pn.pane.HTML:
    """A notice showing `text` as text: an HTML pane of escaped text, not Panel's Markdown Alert, so
    `[x](//evil.example)` or `![x](//evil.example/p.png)` from a URL parameter stays text."""
    return pn.pane.HTML(notice_html(esc(scrub_paths(text)), kind), stylesheets=[NOTICE_CSS], **params)


# An absolute file path: '/' then at least two segments, not part of a URL ('//host/...', 'http://...').
_PATH = re.compile(r"(?<![\w/:.~-])(?:[A-Za-z]:)?/(?:[^\s/'\"<>|:;,()]+/)+([^\s/'\"<>|:;,()]+)")


def scrub_paths(text) -> str:
    """`text` with every absolute file path replaced by its last part ('/srv/growthsim/data/cpi.csv' ->
    'cpi.csv'): messages shown to visitors never reveal where the server keeps its files."""
    text = str(text)
    return _PATH.sub(lambda m: m.group(1), text) if os.sep in text or "/" in text else text


class FloatBox(pn.widgets.FloatInput):
    """A FloatInput that shows an emptied value as empty (its placeholder), not 'NaN'.

    Panel sends None to the browser as NaN, which Bokeh's spinner then writes as the text 'NaN' once
    the box has held a number (a preset or the fill button clearing a quarter box); Bokeh's model takes
    null, which it shows as empty."""

    def _process_param_change(self, params):
        empty = [k for k in ("value", "value_throttled") if k in params and params[k] is None]
        out = super()._process_param_change(params)
        for k in empty:
            if k in out:
                out[k] = None
        return out
