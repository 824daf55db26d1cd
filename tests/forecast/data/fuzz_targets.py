"""Fuzz targets of the store's readers: mutated real SDMX files and mutated release sheets.

Each target takes hypothesis data and returns "parsed" or "refused"; anything else it raises is a
bug. Shared by tests/forecast/data/test_reader_properties.py (CI profile: few cases) and
scripts/fuzz_store.py (>= 1,000 cases per target).
"""
from __future__ import annotations

import re
import tempfile
from functools import lru_cache
from pathlib import Path

import pandas as pd
from hypothesis import strategies as st

from forecast.errors import GrowthsimError

NASTY = ["INF", "-inf", "NaN", "nan", "1e308", "-1e308", "1e999", "", " ", "0x10", "1,5", "١٢", "None", "-",
         "9" * 400, "1e-320", "-0", "2011-Q9", "2999-Q1", "1989-Q4", "2024-13", "2024-00", "2024Q1", "2024-Q0",
         "<", "&amp;", "\u202e12", "2025-13-45", "2024-02-30", "yesterday"]
text_values = st.one_of(st.sampled_from(NASTY), st.text(max_size=12),
                        st.floats(allow_nan=True, allow_infinity=True).map(repr),
                        st.integers(-10**12, 10**12).map(str))


@lru_cache(maxsize=4)
def sdmx_text(gso: str, name: str, series: int = 12) -> str:
    """The real SDMX file `name`, cut to its header and first `series` Series (parsing stays fast)."""
    text = (Path(gso) / "sdmx" / name).read_text(encoding="utf-8")
    head = text.index("<Series")
    blocks = re.findall(r"<Series\b.*?</Series>", text[head:], flags=re.S)
    tail = text[text.rindex("</message:DataSet>"):] if "</message:DataSet>" in text else ""
    return text[:head] + "".join(blocks[:series]) + tail


def _mutate_sdmx(data, text: str) -> str:
    kind = data.draw(st.sampled_from(["value", "period", "prepared", "truncate", "attr", "bytes", "indicator"]))
    if kind == "truncate":
        return text[: data.draw(st.integers(0, len(text)))]
    if kind == "bytes":
        i = data.draw(st.integers(0, len(text)))
        return text[:i] + data.draw(st.text(max_size=20)) + text[i:]
    if kind == "prepared":
        return re.sub(r"<message:Prepared>[^<]*", "<message:Prepared>" + _xml(data.draw(text_values)), text, count=1)
    pattern = {"value": r'OBS_VALUE="[^"]*"', "period": r'TIME_PERIOD="[^"]*"',
               "attr": r'\b(UNIT_MULT|FREQ|INDICATOR)="[^"]*"', "indicator": r'INDICATOR="[^"]*"'}[kind]
    hits = [m.span() for m in re.finditer(pattern, text)]
    if not hits:
        return text
    for _ in range(data.draw(st.integers(1, 3))):
        a, b = hits[data.draw(st.integers(0, len(hits) - 1))]
        name = text[a:text.index("=", a)]
        repl = "" if kind == "attr" and data.draw(st.booleans()) else f'{name}="{_xml(data.draw(text_values))}"'
        text = text[:a] + repl + " " * max(0, (b - a) - len(repl)) + text[a + len(repl):] if len(repl) <= b - a \
            else text[:a] + repl + text[b:]
        hits = [m.span() for m in re.finditer(pattern, text)]
        if not hits:
            break
    return text


def _xml(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")


def sdmx_case(data, gso: Path) -> str:
    """Parse one mutated GDPVNM/METVNM message through the importer's SDMX path and its checks."""
    from forecast.data.build import _parse_sdmx
    from forecast.data.validate import check_observations

    name = data.draw(st.sampled_from(["GDPVNM.xml", "METVNM.xml"]))
    text = _mutate_sdmx(data, sdmx_text(str(gso), name))
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / name
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
        try:
            obs = _parse_sdmx(path)
            check_observations(obs, str(path))
        except GrowthsimError as exc:
            assert str(exc).strip(), "an error without a message"
            return "refused"
    return "parsed"


@lru_cache(maxsize=2)
def release_book(path: str):
    from forecast.data.releases.workbook import open_release
    return open_release(path)


cell_values = st.one_of(text_values, st.none(), st.booleans(),
                        st.floats(allow_nan=True, allow_infinity=True), st.integers(-10**15, 10**15))


def release_case(data, book, context: pd.DataFrame) -> str:
    """Mutate rows of one sheet of a loaded release in memory, then run every release parser."""
    import importlib
    from dataclasses import replace

    from forecast.data.build import FAMILIES
    from forecast.data.releases.workbook import Sheet
    from forecast.data.validate import check_observations

    sheets = list(book.sheets)
    i = data.draw(st.integers(0, len(sheets) - 1))
    rows = [list(r) for r in sheets[i].rows]
    for _ in range(data.draw(st.integers(1, 6))):
        op = data.draw(st.sampled_from(["cell", "cell", "cell", "drop_row", "dup_row", "clear_row", "short_row"]))
        if not rows:
            break
        r = data.draw(st.integers(0, len(rows) - 1))
        if op == "cell":
            c = data.draw(st.integers(0, max(len(rows[r]), 1) + 1))
            rows[r] += [None] * (c + 1 - len(rows[r]))
            rows[r][c] = data.draw(cell_values)
        elif op == "drop_row":
            rows.pop(r)
        elif op == "dup_row":
            rows.insert(r, list(rows[r]))
        elif op == "clear_row":
            rows[r] = []
        else:
            rows[r] = rows[r][: data.draw(st.integers(0, len(rows[r])))]
    sheets[i] = Sheet(sheets[i].name, rows)
    mutated = replace(book, sheets=sheets)
    parts = []
    try:
        for name in FAMILIES:
            mod = importlib.import_module(f"forecast.data.releases.{name}")
            parts.append(mod.parse(mutated, context=context) if name == "gdp" else mod.parse(mutated))
        obs = pd.concat([p for p in parts if len(p)], ignore_index=True)
        check_observations(obs, str(book.path))
    except GrowthsimError as exc:
        assert str(exc).strip(), "an error without a message"
        return "refused"
    return "parsed"
