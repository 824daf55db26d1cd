"""Helpers shared by the scenario tests: the example file, scenarios from TOML snippets, official figures."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from hypothesis import assume
from hypothesis import strategies as st

from forecast.data.api import load
from forecast.data.sectors import LEAVES
from scenarios.assumptions import Baseline, Normal, Point, Triangular, Uniform
from scenarios.files import parse

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "scenarios" / "2025_target_8pct.toml"


def make(growth: str = "", head: str = "year = 2025\ntarget = 8.0", extra: str = ""):
    """A Scenario from TOML snippets."""
    return parse(f"[scenario]\n{head}\n[growth]\n{growth}\n{extra}", source="test.toml")


def growth_from_store(year: int, vintage: str | None = None) -> dict[str, float]:
    """Each leaf's annual growth % in `year` computed directly from the store (sum of quarters)."""
    df = load([f"gdp_real.{k}" for k in LEAVES], start=f"{year - 1}Q1", end=f"{year}Q4", vintage=vintage)
    out = {}
    for k in LEAVES:
        s = df[df["series"] == f"gdp_real.{k}"]
        cur = s[s["period"].str.startswith(str(year))]["value"].to_numpy()
        prev = s[s["period"].str.startswith(str(year - 1))]["value"].to_numpy()
        assert len(cur) == 4 and len(prev) == 4
        out[k] = float((cur.sum() / prev.sum() - 1) * 100)
    return out


def points_toml(growth: dict[str, float]) -> str:
    return "\n".join(f"{k} = {v!r}" for k, v in growth.items())


def as_array(d: dict, keys) -> np.ndarray:
    return np.array([d[k] for k in keys], dtype=float)


@st.composite
def assumptions(draw, values: st.SearchStrategy[float], sd: st.SearchStrategy[float] = st.floats(1e-3, 10)):
    """Any assumption kind (point, range, triangular, normal, baseline) with numbers drawn from `values`."""
    kind = draw(st.sampled_from(["point", "range", "triangular", "normal", "baseline"]))
    a, b = sorted((draw(values), draw(values)))
    if kind == "point":
        return Point(a)
    if kind == "range":
        assume(a < b)
        return Uniform(a, b)
    if kind == "triangular":
        return Triangular(a, draw(st.floats(a, b)) if a < b else a, b)
    if kind == "normal":
        return Normal(a, draw(sd))
    return Baseline()
