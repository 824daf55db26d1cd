"""What was published by the end of a month: the data a real-time GDP call may use.

`published(origin)` gives the bridge's inputs (`forecast.bridge.BridgeData`) as the office had
published them by the last day of month `origin`:

* **GDP quarters per the release calendar** (`forecast.data.sources.gdp.release_date`: a quarter is
  published in its last month), so at the end of June 2019 the newest quarter is 2019Q2.
* **Real-time GDP growth where the store holds vintages.** The store's sector levels
  (``gdp_real.*``) have vintages only from 2024-10-24, so their newest values are used as the
  base, and every published quarter's growth is set to the growth *as published by the origin*
  (``gdp_yoy.*`` single quarters, ``gdp_ytd_yoy.*`` year to date; `realtime_growth`): a quarter is
  rebuilt as the level of the same quarter a year earlier × (1 + growth/100). With all eight
  sectors published (quarter-end releases, 2020 on) each sector takes its own growth; otherwise
  every sector's newest growth is shifted by one factor so that the total matches the published
  total. Quarters with no real-time growth keep the newest values.
* **Indicators**: their stored vintages where they exist (exports' first estimates), the newest
  values otherwise (IIP and real retail are series growthsim derives from the newest rates).

Every value read is logged (`ReadLog`): series, period, vintage and whether it was real-time or
the newest value; the tests assert that no value published after the origin was read where the
store held an older vintage. Growth in %, levels in billion VND at 2010 prices.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from forecast import periods as P
from forecast.data.frame import as_series
from forecast.bridge import BridgeData, indicator_ids, sector_levels
from forecast.data.sectors import LEAVES
from forecast.errors import GrowthsimError

REALTIME = "vintage"   # value as published by the origin (from the revision log or the newest file)
NEWEST = "newest"      # no vintage by the origin: the newest value


def origin_date(origin: pd.Period | str) -> str:
    """The last day of month `origin` (YYYY-MM-DD): what was published by then counts."""
    m = P.month(origin, "origin")
    return m.to_timestamp(how="end").strftime("%Y-%m-%d")


@dataclass
class ReadLog:
    """Every observation `published` used: one row per (series, period) with its vintage and mode."""

    rows: list[pd.DataFrame] = field(default_factory=list)

    def add(self, df: pd.DataFrame, origin: str, mode: str) -> None:
        if len(df):
            self.rows.append(df[["series", "period", "vintage"]].assign(origin=origin, mode=mode))

    def frame(self) -> pd.DataFrame:
        cols = ["series", "period", "vintage", "origin", "mode"]
        return pd.concat(self.rows, ignore_index=True) if self.rows else pd.DataFrame(columns=cols)

    def summary(self) -> pd.DataFrame:
        """Per series: how many values were real-time and how many the newest (for the output)."""
        f = self.frame()
        if f.empty:
            return pd.DataFrame(columns=["series", REALTIME, NEWEST])
        t = f.groupby(["series", "mode"]).size().unstack(fill_value=0)
        for c in (REALTIME, NEWEST):
            if c not in t:
                t[c] = 0
        return t[[REALTIME, NEWEST]].reset_index()


def read_at(ids: list[str], origin: pd.Period | str, root=None, log: ReadLog | None = None,
            fallback: bool = True) -> pd.DataFrame:
    """Observations of `ids` as known at the end of month `origin`: per (series, period) the newest
    value published by then where the store holds one, else (with `fallback`) the newest value
    overall (periods after the origin's month left out). Without `fallback` a value with no vintage
    by then was not published yet (the real-time GDP record). The one door to the store for
    real-time calls: it logs what it reads."""
    from forecast.data.api import load

    m = P.month(origin, "origin")
    day = origin_date(m)
    rt = load(ids, as_of=m, vintage=day, root=root)
    new = load(ids, as_of=m, root=root) if fallback else rt.iloc[:0]
    have = set(zip(rt["series"], rt["period"]))
    fallback = new[[k not in have for k in zip(new["series"], new["period"])]]
    if log is not None:
        log.add(rt, P.to_str(m), REALTIME)
        log.add(fallback, P.to_str(m), NEWEST)
    out = pd.concat([rt.assign(mode=REALTIME), fallback.assign(mode=NEWEST)], ignore_index=True)
    return out.sort_values(["series", "period"], kind="mergesort").reset_index(drop=True)


def published_quarters(origin: pd.Period | str) -> pd.Period:
    """The newest GDP quarter published by the end of month `origin` (release calendar)."""
    m = P.month(origin, "origin")
    q = P.quarter_of(m)
    return q if P.last_month(q) <= m else q - 1


# --- real-time growth -----------------------------------------------------------------------------

def _by_quarter(df: pd.DataFrame, series: str) -> dict[pd.Period, tuple[float, str]]:
    part = df[df["series"] == series]
    return {P.quarter(p): (float(v), str(vt)) for p, v, vt in zip(part["period"], part["value"], part["vintage"])}


def year_growth(year: int, single: dict, ytd: dict, prev_levels: pd.Series) -> dict[pd.Period, float]:
    """Single-quarter yoy growth (%) of the quarters of `year` known from the published rates
    `single` and `ytd` ({quarter: (rate %, vintage)}, one sector), by quarter.

    A quarter published alone is taken as published. A quarter known only through a year-to-date
    rate (the table's "6 months", the year) is the year to date less the quarters before it, with
    last year's quarters (`prev_levels`, billion VND) as weights. Where the newest year-to-date rate
    is newer than some of the single quarters inside it (a December release revises the first half
    without listing it), those older quarters are scaled by one common factor so that the year to
    date holds exactly.
    """
    qs = [P.quarter(f"{year}Q{i}") for i in range(1, 5)]
    w = [prev_levels.get(q - 4) for q in qs]
    out: dict[pd.Period, float] = {}
    vint: dict[pd.Period, str] = {}
    for k, q in enumerate(qs):
        if w[k] is None:
            break
        if q in single:
            out[q], vint[q] = single[q]
        elif q in ytd and all(x in out for x in qs[:k]):
            g, vint[q] = ytd[q]
            rest = sum(w[i] * (1 + out[qs[i]] / 100) for i in range(k))
            out[q] = ((1 + g / 100) * sum(w[:k + 1]) - rest) / w[k] * 100 - 100
    last = max((q for q in qs if q in ytd and q in out), default=None)
    if last is None:
        return out
    k = qs.index(last)
    g, vt = ytd[last]
    older = [q for q in qs[:k + 1] if vint[q] < vt]
    if older:
        target = (1 + g / 100) * sum(w[:k + 1])
        fixed = sum(w[i] * (1 + out[q] / 100) for i, q in enumerate(qs[:k + 1]) if q not in older)
        moving = sum(w[i] * (1 + out[q] / 100) for i, q in enumerate(qs[:k + 1]) if q in older)
        for q in older:
            out[q] = (1 + out[q] / 100) * (target - fixed) / moving * 100 - 100
    return out


def _realtime_levels(newest: pd.DataFrame, obs: pd.DataFrame) -> pd.DataFrame:
    """Sector levels (quarters × LEAVES) whose yoy growth is the real-time growth where known,
    rebuilt year by year on the levels of the year before (so annual rates hold exactly)."""
    levels = newest.copy()
    rates = {k: (_by_quarter(obs, f"gdp_yoy.{k}"), _by_quarter(obs, f"gdp_ytd_yoy.{k}")) for k in ("total",) + LEAVES}
    for year in sorted({q.year for q in levels.index}):
        qs = [q for q in levels.index if q.year == year and q - 4 in levels.index]
        if not qs:
            continue
        total_g = year_growth(year, *rates["total"], levels.sum(axis=1))
        sector_g = {s: year_growth(year, *rates[s], levels[s]) for s in LEAVES}
        for q in qs:
            base = levels.loc[q - 4]
            if all(q in sector_g[s] for s in LEAVES):
                new = pd.Series([base[s] * (1 + sector_g[s][q] / 100) for s in LEAVES], index=list(LEAVES))
            else:
                new = base * newest.loc[q] / newest.loc[q - 4]
            if q in total_g:   # the published total holds exactly; sectors keep their relative growth
                new = new * (base.sum() * (1 + total_g[q] / 100)) / new.sum()
            levels.loc[q] = new
    return levels


# --- the data of a call -----------------------------------------------------------------------------

@dataclass
class Published:
    """What a call at the end of `origin` may use. `data` feeds ``forecast.bridge.simulate``;
    `total_growth`: GDP yoy growth of every quarter as known then (%); `modes`: per series id,
    'vintage' if any value read was real-time, else 'newest'."""

    origin: pd.Period
    data: BridgeData
    total_growth: pd.Series
    modes: dict[str, str]


def growth_ids() -> list[str]:
    return [f"{f}.{k}" for f in ("gdp_yoy", "gdp_ytd_yoy") for k in ("total",) + LEAVES]


def published(origin: pd.Period | str, root=None, log: ReadLog | None = None) -> Published:
    """The bridge's data as published by the end of month `origin` (see the module docstring)."""
    from forecast.data.api import data_vintage

    m = P.month(origin, "origin")
    last_q = published_quarters(m)
    gdp_ids = [f"gdp_real.{k}" for k in LEAVES]
    g = read_at(gdp_ids, m, root, log)
    if g.empty:
        raise GrowthsimError(f"no GDP quarter is published by {m}")
    newest = sector_levels(g)
    newest = newest[newest.index <= last_q]
    obs = read_at(growth_ids(), m, root, log, fallback=False)
    levels = _realtime_levels(newest, obs)
    monthly, modes = {}, {}
    ind = read_at(indicator_ids(), m, root, log)
    for s in indicator_ids():
        d = ind[ind["series"] == s]
        monthly[s] = as_series(d, s)
    for df in (g, obs, ind):
        for s, part in df.groupby("series"):
            modes[s] = REALTIME if (part["mode"] == REALTIME).any() else NEWEST
    tot = levels.sum(axis=1)
    growth = pd.Series({q: (tot[q] / tot[q - 4] - 1) * 100 for q in tot.index if q - 4 in tot.index}, dtype=float)
    return Published(m, BridgeData(m, levels, monthly, data_vintage(root)), growth, modes)


def annual_growth(levels: pd.Series, year: int) -> float:
    """Annual growth (%) of quarterly levels: the year's four quarters against last year's."""
    cur = [P.quarter(f"{year}Q{i}") for i in range(1, 5)]
    prev = [q - 4 for q in cur]
    if any(q not in levels.index for q in cur + prev):
        raise GrowthsimError(f"the four quarters of {year} and {year - 1} are not all published")
    return float((levels[cur].sum() / levels[prev].sum() - 1) * 100)


def first_estimate(year: int, root=None) -> float:
    """The office's first estimate of `year`'s GDP growth (%): the real-time record at the end of
    December of `year` (the year-to-date rate of the December release; 2018, whose table row is the
    fourth quarter alone, from its four first-published quarters)."""
    pub = published(P.last_month(int(year)), root)
    return annual_growth(pub.data.gdp.sum(axis=1), int(year))


def current_estimate(year: int, root=None) -> float:
    """`year`'s GDP growth (%) in the newest vintage whose quarters of `year` and the year before come
    from one release (the newest store joins a revised 2023 to an unrevised 2022: for 2023 the
    2024-10-24 vintage is used, see docs/data/gdp.md)."""
    from forecast.data.api import load

    rows = load("gdp_real.total", root=root)
    vintages = sorted(set(rows["vintage"]), reverse=True)
    keep = {f"{y}Q{i}" for y in (year - 1, year) for i in range(1, 5)}
    for v in [None] + vintages:
        d = rows if v is None else load("gdp_real.total", vintage=v, root=root)
        d = d[d["period"].isin(keep)]
        if len(d) == 8 and d["source"].nunique() == 1:
            s = as_series(d, freq=P.QUARTER)
            return annual_growth(s, year)
    d = rows[rows["period"].isin(keep)]
    return annual_growth(as_series(d, freq=P.QUARTER), year)


def years_allowed(root=None) -> tuple[int, int]:
    """(first, last) target year a real-time backtest can call: from the year after the first year
    whose Q1 growth is in the real-time record (its origins start in October of the year before),
    to the last year whose fourth quarter is published."""
    from forecast.data.api import load

    d = load(["gdp_yoy.total", "gdp_ytd_yoy.total"], root=root)
    q1 = sorted(p for p in d["period"] if p.endswith("Q1"))
    q4 = sorted(p for p in d["period"] if p.endswith("Q4"))
    if not q1 or not q4:
        raise GrowthsimError("the store has no real-time GDP record (gdp_yoy.total): rebuild it with 'growthsim data build'")
    return int(q1[0][:4]) + 1, int(q4[-1][:4])


def with_indicators(pub: Published, ids: tuple[str, ...], root=None, log: ReadLog | None = None) -> BridgeData:
    """`pub`'s data with the monthly series `ids` added as known at its origin (`read_at`: stored
    vintages where they exist, else the newest values; periods after the origin left out)."""
    d = read_at(list(ids), pub.origin, root, log)
    monthly = dict(pub.data.monthly)
    for s, part in d.groupby("series"):
        monthly[s] = as_series(part, s)
    return BridgeData(pub.data.origin, pub.data.gdp, monthly, pub.data.vintage)

