"""The historical ICOR (incremental capital-output ratio) of Viet Nam's economy, from the store.

ICOR = investment share of GDP (%, current prices) / real GDP growth (%, 2010 prices), as the
statistics office and planners compute it; over a window of years, the window's mean share over its
mean growth. Investment is total social investment (`investment.social`, vốn đầu tư toàn xã hội,
quarterly, full years 2020 on) where the store has the year's four quarters; before, gross fixed
capital formation (`gfcf.total`, the SDMX GDP file's expenditure side, annual to 2023) scaled to the
social investment's level by their mean ratio over the years both have (`splice_ratio`: social
investment counts more than fixed capital formation, e.g. land clearance and inventories of
projects). GDP at current prices is `gdp_nominal.total` summed over the four quarters, real growth
`gdp_real.total` the same, year on year. The default window leaves out 2020-21 (COVID: growth near
zero makes the ratio explode), so "the last five years" are the last five non-COVID ones.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from forecast.cache import memoize
from forecast.data.api import load
from forecast.errors import GrowthsimError

COVID_YEARS = (2020, 2021)
WINDOWS = (3, 5)
DEFAULT_WINDOW = 5
SERIES = ("gdp_nominal.total", "gdp_real.total", "investment.social", "gfcf.total")


def _annual_sums(obs: pd.DataFrame, series: str) -> pd.Series:
    """Year -> sum of the four quarters of a quarterly series (years with all four only)."""
    part = obs[obs["series"] == series]
    years = part["period"].str[:4].astype(int)
    g = part.groupby(years)["value"].agg(["sum", "count"])
    return g.loc[g["count"] == 4, "sum"]


def _annual(obs: pd.DataFrame, series: str) -> pd.Series:
    part = obs[obs["series"] == series]
    return pd.Series(part["value"].to_numpy(dtype=float), index=part["period"].astype(int).to_numpy())


def splice_ratio(social_share: pd.Series, gfcf_share: pd.Series) -> float:
    """Mean of social investment share / GFCF share over the years both have (the splice factor)."""
    both = social_share.dropna().index.intersection(gfcf_share.dropna().index)
    if len(both) == 0:
        raise GrowthsimError("the ICOR needs social investment and GFCF in at least one common year")
    return float((social_share[both] / gfcf_share[both]).mean())


@memoize(maxsize=4)
def icor_table(root: str | None = None, exclude: tuple[int, ...] = COVID_YEARS) -> pd.DataFrame:
    """One row per year with real growth: gdp_nominal_bn_vnd, growth_pct, social_share_pct,
    gfcf_share_pct, investment_share_pct (social, else GFCF spliced), source ("social" or "gfcf"),
    icor (the year's own), icor_3y, icor_5y (windows ending that year over the last 3 / 5 years not
    in `exclude`), excluded (bool). Shares of GDP in %, GDP in billion VND."""
    obs = load(list(SERIES), root=Path(root) if root else None)
    nominal = _annual_sums(obs, "gdp_nominal.total")
    real = _annual_sums(obs, "gdp_real.total")
    growth = (real / real.shift(1) - 1.0) * 100.0
    social = _annual_sums(obs, "investment.social") / nominal * 100.0
    gfcf = _annual(obs, "gfcf.total") / nominal * 100.0
    ratio = splice_ratio(social, gfcf)
    years = growth.dropna().index
    t = pd.DataFrame(index=pd.Index(years, name="year"))
    t["gdp_nominal_bn_vnd"] = nominal.reindex(years)
    t["growth_pct"] = growth.reindex(years)
    t["social_share_pct"] = social.reindex(years)
    t["gfcf_share_pct"] = gfcf.reindex(years)
    t["source"] = np.where(t["social_share_pct"].notna(), "social", np.where(t["gfcf_share_pct"].notna(), "gfcf", ""))
    t["investment_share_pct"] = t["social_share_pct"].fillna(t["gfcf_share_pct"] * ratio)
    t["icor"] = t["investment_share_pct"] / t["growth_pct"]
    t["excluded"] = t.index.isin(exclude)
    for w in WINDOWS:
        t[f"icor_{w}y"] = [window_icor(t, y, w) for y in t.index]
    t.attrs["splice_ratio"] = ratio
    return t.reset_index()


def window_years(table: pd.DataFrame, end: int, years: int) -> list[int]:
    """The last `years` years up to `end` that are not excluded and have an investment share."""
    t = table.set_index("year") if "year" in table.columns else table
    ok = t[(t.index <= end) & ~t["excluded"] & t["investment_share_pct"].notna()]
    chosen = [int(y) for y in ok.index[-years:]]
    return chosen if len(chosen) == years else []


def window_icor(table: pd.DataFrame, end: int, years: int) -> float:
    """Mean investment share over mean real growth, the last `years` non-excluded years to `end`
    (NaN when there are fewer, or their mean growth is not positive)."""
    t = table.set_index("year") if "year" in table.columns else table
    chosen = window_years(t, end, years)
    if not chosen:
        return float("nan")
    g = float(t.loc[chosen, "growth_pct"].mean())
    return float(t.loc[chosen, "investment_share_pct"].mean()) / g if g > 0 else float("nan")


def default_icor(root: str | None = None) -> tuple[float, list[int]]:
    """The default ICOR for a scenario: the DEFAULT_WINDOW-year window ending at the last year of
    the table, 2020-21 left out; and the years it used."""
    icor, years = _default_icor(root)
    return icor, list(years)


@memoize(maxsize=8)
def _default_icor(root: str | None = None) -> tuple[float, tuple[int, ...]]:
    t = icor_table(root)          # every run asks, and a plan asks once a year: read the store once
    end = int(t["year"].max())
    return window_icor(t, end, DEFAULT_WINDOW), tuple(window_years(t, end, DEFAULT_WINDOW))
