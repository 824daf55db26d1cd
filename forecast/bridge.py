"""The GDP bridge: a model-based distribution of every sector's real growth this year (the baseline).

The scenario engine uses it for every sector the user leaves unset, so it answers: "if nothing
special happens, how fast will each sector's real value added (2010 prices) grow this year?"

Method (bridge equations, quarterly, on year-on-year growth in percent):

* Indicator sectors: ``g_sector[q] = a + b · g_indicator[q] (+ …) + e[q]`` by OLS, where the
  indicator's quarterly growth is the mean of the quarter's three monthly index values (IIP) or
  their sum (flows) against the same quarter a year earlier:

  ============== ======================================
  mining         ``iip.mining``
  manufacturing  ``iip.manufacturing``
  electricity    ``iip.electricity``
  water          ``iip.water``
  services       ``retail_real`` and ``exports``
  ============== ======================================

* Own-series sectors (agriculture, construction, product taxes): ``g[q] = a + b · g[q-1] + e[q]``
  (AR(1) on yoy growth: persistent, mean-reverting).
* COVID quarters (2020Q2, 2021Q3, 2021Q4: the nationwide distancing and the southern lockdowns)
  are left out of the estimation and of the residual pool, which is the same as a pulse dummy for
  each: the shock neither bends the slopes nor widens every future year's spread.

Sampling (``simulate``): for each draw, (1) the monthly indicator paths come from the forecast
engine (``forecast.engine.forecast_paths``, data up to the origin), reordered with a Gaussian
copula so that the indicators keep their historical rank correlation; (2) coefficients are drawn
from their estimated sampling distribution; (3) residuals are resampled *jointly*: one block of
consecutive historical quarters, the same rows for all eight sectors, so the sectors keep their
historical co-movement and each sector its residual autocorrelation. Quarters already published
are fixed; quarters known from outside the store (``known``: typed totals and sectors) condition
the draws quarter by quarter (``forecast.conditioning``). Annual growth is the official one: the
sum of the year's four quarters against the sum of last year's.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd

from forecast import periods as P
from forecast.cache import memoize
from forecast.data.frame import as_series
from forecast.conditioning import Known, cache_part, condition, innovation_cov, normalise
from forecast.data.sectors import LEAVES
from forecast.errors import GrowthsimError

INDICATORS: dict[str, tuple[str, ...]] = {
    "mining": ("iip.mining",),
    "manufacturing": ("iip.manufacturing",),
    "electricity": ("iip.electricity",),
    "water": ("iip.water",),
    "services": ("retail_real", "exports"),
    "agriculture": (),
    "construction": (),
    "taxes": (),
}
COVID_QUARTERS = ("2020Q2", "2021Q3", "2021Q4")
_COVID = frozenset(P.to_index(COVID_QUARTERS, P.QUARTER))
ENGINE_PATHS = 2000  # indicator paths asked of the engine (its default, so its cache is shared)
CACHE_VERSION = "baseline-2"   # 2: known quarters condition the draws
CACHE_KIND = "baseline"   # sub-folder of the disk cache

# (series, origin, horizon, n_paths, seed, root) -> SamplePaths: the indicator forecasts.
PathProvider = Callable[..., object]


# --- quarterly series -----------------------------------------------------------------------------

def agg_rule(series: str) -> str:
    """Quarterly aggregation of a monthly indicator: mean of an index (IIP), sum of a flow."""
    return "mean" if series.startswith("iip") else "sum"


def quarterly(monthly: pd.Series, how: str) -> pd.Series:
    """Complete quarters (quarterly PeriodIndex) of a monthly series (mean or sum of three months)."""
    q = monthly.groupby(P.to_index(monthly.index).asfreq(P.QUARTER))
    n = q.size()
    out = q.mean() if how == "mean" else q.sum()
    return out[n == 3].sort_index()


def yoy_pct(levels: pd.Series) -> pd.Series:
    """Quarterly yoy growth, % (quarterly PeriodIndex); needs the same quarter a year earlier."""
    idx = dict(zip(P.to_index(levels.index, P.QUARTER), levels.to_numpy(float)))
    out = {q: (v / idx[q - 4] - 1) * 100 for q, v in sorted(idx.items()) if q - 4 in idx}
    return pd.Series(list(out.values()), index=pd.PeriodIndex(list(out), freq=P.QUARTER), dtype=float)


# --- data ---------------------------------------------------------------------------------------

@dataclass
class BridgeData:
    """Everything the bridge reads, cut at the origin (a month): GDP sector levels (quarterly
    PeriodIndex) and the monthly indicator levels (monthly PeriodIndex)."""

    origin: pd.Period
    gdp: pd.DataFrame  # index quarters, columns LEAVES, billion VND 2010 prices
    monthly: dict[str, pd.Series]
    vintage: str


def check_indicators() -> None:
    """Every leaf sector (``forecast.data.sectors.LEAVES``) has its bridge entry in ``INDICATORS``
    (indicator series ids, or ``()`` for an AR(1) on its own growth), and no entry names an unknown
    sector; else a GrowthsimError saying what to add or remove."""
    missing = [s for s in LEAVES if s not in INDICATORS]
    if missing:
        raise GrowthsimError(
            f"sector {', '.join(repr(s) for s in missing)} (forecast/data/sectors.py LEAVES) has no bridge "
            f"equation: add it to INDICATORS in forecast/bridge.py with its monthly indicator series "
            f"(e.g. {missing[0]!r}: (\"iip.{missing[0]}\",)), or () to fit an AR(1) on its own growth")
    extra = [s for s in INDICATORS if s not in LEAVES]
    if extra:
        raise GrowthsimError(f"INDICATORS in forecast/bridge.py names {', '.join(repr(s) for s in extra)}, "
                             f"which is not a sector of forecast/data/sectors.py LEAVES")


def indicator_ids() -> list[str]:
    return sorted({s for v in INDICATORS.values() for s in v})


def sector_levels(rows: pd.DataFrame) -> pd.DataFrame:
    """Long ``gdp_real.<sector>`` rows (series, period, value) as quarters × LEAVES (billion VND at
    2010 prices), quarterly PeriodIndex, only quarters with every sector."""
    gdp = rows.pivot(index="period", columns="series", values="value")
    gdp.columns = [c.split(".", 1)[1] for c in gdp.columns]
    gdp = gdp[list(LEAVES)].dropna()
    gdp.index = P.to_index(gdp.index, P.QUARTER)
    return gdp.sort_index()


@memoize(maxsize=64)
def load_bridge_data(origin: pd.Period | str | None = None, root=None) -> BridgeData:
    """GDP sectors and indicators as known at `origin` (a month, Period or 'YYYY-MM'; default: the newest
    indicator month). Memoised by the store's fingerprint: every baseline draw request reads it to key
    its cache, and a plan asks for five years' draws per slider release. Callers must not mutate it."""
    check_indicators()
    from forecast.data.api import catalog, check_series, data_vintage, load

    ids = indicator_ids()
    gdp_ids = [f"gdp_real.{k}" for k in LEAVES]
    check_series(gdp_ids + ids, root)
    if origin is None:
        cat = catalog(root).set_index("id")
        origin = max(str(cat.loc[s, "last"]) for s in ids)
    origin = P.month(origin, "origin")
    g = load(gdp_ids, as_of=origin, root=root)
    if g.empty:
        raise GrowthsimError(f"no GDP quarter is published by {origin}")
    gdp = sector_levels(g)
    monthly = {}
    for s in ids:
        d = load(s, as_of=origin, root=root)
        monthly[s] = as_series(d, s)
    return BridgeData(origin, gdp, monthly, data_vintage(root))


# --- equations ----------------------------------------------------------------------------------

@dataclass
class Equation:
    """One sector's fitted equation. `regressors`: names of the columns after the constant
    (indicator ids, or 'lag' for the AR term). `resid`: residuals by quarter."""

    sector: str
    regressors: tuple[str, ...]
    params: np.ndarray
    cov: np.ndarray
    resid: pd.Series
    diagnostics: dict = field(default_factory=dict)


def _ols(sector: str, y: pd.Series, X: pd.DataFrame, names: tuple[str, ...]) -> Equation:
    import statsmodels.api as sm
    from statsmodels.stats.diagnostic import acorr_ljungbox, het_breuschpagan
    from statsmodels.stats.stattools import durbin_watson, jarque_bera

    keep = [q for q in y.index if q not in _COVID]
    y, X = y.loc[keep], X.loc[keep]
    if len(y) < len(names) + 8:
        raise GrowthsimError(f"too few quarters ({len(y)}) to fit the {sector} bridge equation")
    Xc = sm.add_constant(X.to_numpy(float), has_constant="add")
    res = sm.OLS(y.to_numpy(float), Xc).fit()
    hac = sm.OLS(y.to_numpy(float), Xc).fit(cov_type="HAC", cov_kwds={"maxlags": 4})
    resid = pd.Series(res.resid, index=y.index)
    lb = acorr_ljungbox(res.resid, lags=[4])
    diag = {
        "sector": sector, "equation": f"{sector} ~ " + (" + ".join(names) if names else "const"),
        "quarters": f"{y.index[0]}..{y.index[-1]}", "n": int(res.nobs), "r2": float(res.rsquared),
        "adj_r2": float(res.rsquared_adj), "resid_sd_pp": float(np.sqrt(res.scale)),
        "durbin_watson": float(durbin_watson(res.resid)), "ljung_box4_p": float(lb["lb_pvalue"].iloc[0]),
        "jarque_bera_p": float(jarque_bera(res.resid)[1]),
        "breusch_pagan_p": float(het_breuschpagan(res.resid, Xc)[1]) if Xc.shape[1] > 1 else float("nan"),
    }
    for j, nm in enumerate(("const",) + names):
        diag[f"b_{nm}"] = float(res.params[j])
        diag[f"t_hac_{nm}"] = float(hac.tvalues[j])
    return Equation(sector, names, np.asarray(res.params, float), np.asarray(res.cov_params(), float), resid, diag)


def fit_equations(data: BridgeData) -> dict[str, Equation]:
    """One equation per leaf sector, on quarterly yoy growth (%), data up to the origin."""
    check_indicators()
    growth = {s: yoy_pct(data.gdp[s]) for s in LEAVES}
    ind = {i: yoy_pct(quarterly(m, agg_rule(i))) for i, m in data.monthly.items()}
    eqs = {}
    for s in LEAVES:
        names = INDICATORS[s]
        if names:
            X = pd.concat([ind[i].rename(i) for i in names], axis=1).dropna()
            q = [x for x in growth[s].index if x in X.index]
            eqs[s] = _ols(s, growth[s].loc[q], X.loc[q], names)
        else:
            g = growth[s]
            lag = g.shift(1)
            have = set(g.index)
            ok = [q for q in g.index if q - 1 in have]
            eqs[s] = _ols(s, g.loc[ok], lag.loc[ok].to_frame("lag"), ("lag",))
    return eqs


def bridge_diagnostics(origin: pd.Period | str | None = None, root=None) -> pd.DataFrame:
    """Coefficients and diagnostics (R², Durbin-Watson, Ljung-Box, Jarque-Bera, Breusch-Pagan,
    HAC t-values) of every sector's equation, one row each."""
    eqs = fit_equations(load_bridge_data(origin, root))
    return pd.DataFrame([e.diagnostics for e in eqs.values()])


# --- simulation ---------------------------------------------------------------------------------

@dataclass
class SectorDraws:
    """Simulated quarterly levels of the leaf sectors.

    `levels`: (n, len(quarters), len(LEAVES)), billion VND at 2010 prices; quarters published at
    the origin hold the published value in every draw (`published` marks them).
    """

    quarters: pd.PeriodIndex
    levels: np.ndarray
    published: np.ndarray
    origin: pd.Period
    vintage: str
    sectors: tuple[str, ...] = LEAVES

    def annual_growth_pct(self, year: int) -> pd.DataFrame:
        """Annual growth per sector (%), sum of the year's quarters vs last year's; one row a draw."""
        cur = [i for i, q in enumerate(self.quarters) if q.year == year]
        prev = [i for i, q in enumerate(self.quarters) if q.year == year - 1]
        if len(cur) != 4 or len(prev) != 4:
            raise GrowthsimError(f"these draws cover {self.quarters[0]}..{self.quarters[-1]}, not {year - 1}-{year}")
        g = (self.levels[:, cur, :].sum(axis=1) / self.levels[:, prev, :].sum(axis=1) - 1) * 100
        return pd.DataFrame(g, columns=list(self.sectors))

    def quarter_growth_pct(self, quarter: str, total: bool = False) -> np.ndarray:
        """Yoy growth (%) of one quarter ('YYYYQn' or Period) per draw: (n, sectors), or (n,) for GDP
        when `total`."""
        q = P.quarter(quarter)
        i, j = self.quarters.get_loc(q), self.quarters.get_loc(q - 4)
        a, b = self.levels[:, i, :], self.levels[:, j, :]
        if total:
            return (a.sum(axis=1) / b.sum(axis=1) - 1) * 100
        return (a / b - 1) * 100


def _engine_provider(series, origin, horizon, n_paths, seed, root):
    try:
        from forecast.engine import forecast_paths
    except ImportError as exc:
        raise GrowthsimError(f"the forecast engine is not available ({exc})") from None

    return forecast_paths(series, origin=origin, horizon=horizon, n_paths=n_paths, seed=seed, root=root)


def _indicator_paths(data: BridgeData, last_month: pd.Period, n: int, rng: np.random.Generator,
                     provider: PathProvider, root, first_month: pd.Period | None = None) -> dict[str, np.ndarray]:
    """Monthly levels (n, months) of each indicator, history fixed, from `first_month` (default: the
    series' start; only the months the quarters need are copied into every draw) to the end of
    `last_month`."""
    out = {}
    for s in indicator_ids():
        y = data.monthly[s]
        last_obs = y.index[-1]
        need = P.months_between(last_obs, last_month)
        hist = (y if first_month is None else y[y.index >= first_month]).to_numpy(float)
        if need <= 0:
            out[s] = np.tile(hist, (n, 1))
            continue
        # seed 0 and the engine's default path count: the app's forecasts and these share the cache
        # (the draws are re-paired below, so equal seeds across indicators do not couple them)
        sp = provider(s, last_obs, max(12, need), ENGINE_PATHS, 0, root)
        p = np.asarray(sp.paths, float)[:, :need]
        pick = rng.integers(0, p.shape[0], size=n)
        out[s] = np.concatenate([np.tile(hist, (n, 1)), p[pick]], axis=1)
    return out


def _copula_reorder(paths: dict[str, np.ndarray], hist_growth: pd.DataFrame, first_future: dict[str, int],
                    rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Reorder each indicator's draws so their ranks follow the indicators' historical correlation
    (Iman-Conover with a Gaussian copula); marginals are untouched."""
    ids = [s for s in paths if paths[s].shape[1] > first_future[s]]
    if len(ids) < 2:
        return paths
    C = hist_growth[ids].dropna().corr().to_numpy()
    if not np.all(np.isfinite(C)):
        return paths
    w, V = np.linalg.eigh(C)
    C = V @ np.diag(np.clip(w, 1e-6, None)) @ V.T
    n = next(iter(paths.values())).shape[0]
    Z = rng.standard_normal((n, len(ids))) @ np.linalg.cholesky(C).T
    out = dict(paths)
    for j, s in enumerate(ids):
        stat = paths[s][:, first_future[s]:].mean(axis=1)
        by_stat = np.argsort(stat, kind="stable")
        rank_z = np.argsort(np.argsort(Z[:, j], kind="stable"), kind="stable")
        out[s] = paths[s][by_stat[rank_z]]
    return out


@dataclass
class _Window:
    """The quarters ``simulate`` covers (quarterly Periods): from last year's Q1 to `year`'s Q4."""

    quarters: pd.PeriodIndex    # the output's quarters, oldest first
    first_q: pd.Period          # last year's Q1
    last_q: pd.Period           # the last published GDP quarter
    steps: list[pd.Period]      # quarters to simulate in order: any between last_q and the window, then
                                # the window's unpublished ones


def _window(gdp: pd.DataFrame, year: int) -> _Window:
    """Step 1: the simulated window of `year`, checked against the GDP data (at most 12 quarters ahead)."""
    last_q = gdp.index[-1]
    first_q = P.quarter(f"{year - 1}Q1")
    end_q = P.quarter(f"{year}Q4")
    if first_q - 4 < gdp.index[0]:
        raise GrowthsimError(f"year {year} is before the GDP data allow (they start in {gdp.index[0]})")
    if P.quarters_between(last_q, end_q) > 12:
        raise GrowthsimError(f"year {year} is too far ahead: GDP is published to {gdp.index[-1]} "
                             f"(at most three years of quarters can be simulated)")
    quarters = P.quarter_range(first_q, end_q)
    future = [q for q in quarters if q > last_q]
    gap = list(P.quarter_range(last_q + 1, first_q - 1))  # quarters between the last published one and the window
    return _Window(quarters, first_q, last_q, gap + future)


def _published_levels(gdp: pd.DataFrame, win: _Window, n: int
                      ) -> tuple[np.ndarray, np.ndarray, dict[pd.Period, np.ndarray]]:
    """Step 2: (levels (n, quarters, sectors) with the published quarters filled in, the published
    mask, published levels by quarter), billion VND at 2010 prices."""
    levels = np.empty((n, len(win.quarters), len(LEAVES)))
    published = np.array([q <= win.last_q for q in win.quarters])
    known = {q: gdp.loc[q].to_numpy(float) for q in gdp.index}
    for t, q in enumerate(win.quarters):
        if published[t]:
            levels[:, t, :] = known[q]
    return levels, published, known


def _indicator_growth(data: BridgeData, steps: list[pd.Period], n: int, rng: np.random.Generator,
                      provider: PathProvider, root) -> dict[str, dict[pd.Period, np.ndarray]]:
    """Step 3: each indicator's quarterly yoy growth (%) per draw, for every simulated quarter:
    {indicator: {quarter: (n,)}}. Monthly paths from the engine (``_indicator_paths``) to the
    end of the last simulated quarter, re-paired by the copula, then aggregated to quarters."""
    if not any(INDICATORS[s] for s in LEAVES):
        return {}
    last_month = P.last_month(steps[-1])
    first_month = P.months_of(min(steps) - 4)[0]          # the oldest month a simulated quarter needs
    paths = _indicator_paths(data, last_month, n, rng, provider, root, first_month)
    hist_g = pd.DataFrame({i: yoy_pct(quarterly(m, agg_rule(i))) for i, m in data.monthly.items()})
    kept = {s: data.monthly[s].index[data.monthly[s].index >= first_month] for s in paths}
    first_future = {s: len(kept[s]) for s in paths}
    paths = _copula_reorder(paths, hist_g, first_future, rng)
    ind_q = {}
    for s, p in paths.items():
        hist_months = kept[s]
        n_future = p.shape[1] - len(hist_months)
        months = hist_months.append(P.month_range(hist_months[-1] + 1, hist_months[-1] + n_future))
        quarter_of_col = months.asfreq(P.QUARTER)
        qs = {}
        for qi in set(steps) | {x - 4 for x in steps}:
            cols = np.where(quarter_of_col == qi)[0]
            if len(cols) == 3:
                v = p[:, cols]
                qs[qi] = v.mean(axis=1) if agg_rule(s) == "mean" else v.sum(axis=1)
        ind_q[s] = {qi: (qs[qi] / qs[qi - 4] - 1) * 100 for qi in steps if qi in qs and qi - 4 in qs}
    return ind_q


@dataclass
class _Shocks:
    """Step 4's draws: joint residual blocks and coefficient vectors."""

    resid: np.ndarray               # (T, sectors) residuals of the quarters common to all equations, pp
    start: np.ndarray               # (n,) each draw's first row in `resid` (consecutive rows after it)
    betas: dict[str, np.ndarray]    # sector -> (n, coefficients)

    def at(self, step: int) -> np.ndarray:
        """(n, sectors) residuals of the `step`-th simulated quarter (block wraps around)."""
        return self.resid[(self.start + step) % len(self.resid)]


def _joint_resid(eqs: dict[str, Equation]) -> np.ndarray:
    """(T, sectors) residuals, pp, of the quarters common to all equations (oldest first)."""
    common = sorted(set.intersection(*(set(e.resid.index) for e in eqs.values())))
    return np.column_stack([eqs[s].resid.reindex(common).to_numpy(float) for s in LEAVES])


def _shock_draws(eqs: dict[str, Equation], n: int, rng: np.random.Generator) -> _Shocks:
    """Step 4: joint residual blocks (the same historical quarters for all sectors in a draw) and
    coefficient draws from each equation's sampling distribution (parameter uncertainty)."""
    E = _joint_resid(eqs)
    start = rng.integers(0, len(E), size=n)
    betas = {s: rng.multivariate_normal(e.params, e.cov, size=n, method="cholesky") for s, e in eqs.items()}
    return _Shocks(E, start, betas)


def _roll_forward(win: _Window, known: dict[pd.Period, np.ndarray], ind_q: dict[str, dict[pd.Period, np.ndarray]],
                  shocks: _Shocks, n: int, typed: Known | None = None) -> dict[pd.Period, np.ndarray]:
    """Step 5: levels (n, sectors) by quarter, quarter by quarter: growth from the equation
    (indicator growth, or last quarter's own growth for the AR sectors) plus the residual, applied
    to the same quarter a year earlier. A quarter in `typed` is conditioned on it
    (``forecast.conditioning.condition``) before the next quarter is simulated, so the AR sectors'
    persistence carries what it says into the later quarters."""
    last_q = win.last_q
    typed = typed or {}
    cov = innovation_cov(shocks.resid) if typed else None
    sim = {}
    for qi in P.quarter_range(min(win.first_q, last_q + 1) - 4, last_q):
        if qi in known:
            sim[qi] = np.tile(known[qi], (n, 1))
    growth_prev = {s: np.full(n, (known[last_q][j] / known[last_q - 4][j] - 1) * 100)
                   for j, s in enumerate(LEAVES)}
    for step, qi in enumerate(win.steps):
        e = shocks.at(step)  # (n, k)
        g = np.empty((n, len(LEAVES)))
        for j, s in enumerate(LEAVES):
            b = shocks.betas[s]
            if INDICATORS[s]:
                x = np.column_stack([ind_q[i][qi] for i in INDICATORS[s]])
                g[:, j] = b[:, 0] + np.sum(b[:, 1:] * x, axis=1)
            else:
                g[:, j] = b[:, 0] + b[:, 1] * growth_prev[s]
        g += e
        if qi in typed:
            g = condition(g, sim[qi - 4], typed[qi], LEAVES, cov)
        for j, s in enumerate(LEAVES):
            growth_prev[s] = g[:, j]
        sim[qi] = sim[qi - 4] * (1 + g / 100)
    return sim


def _typed_published(known: dict[pd.Period, np.ndarray], typed: Known, last_q: pd.Period,
                     cov: np.ndarray) -> dict[pd.Period, np.ndarray]:
    """Published levels with the typed quarters that are already published put in their place (the
    typed value wins: a what-if on a published quarter), oldest first so a later quarter's weights
    see an earlier override. Sectors move by the same conditioning as a simulated quarter."""
    out = dict(known)
    for q, kq in sorted(typed.items()):
        if q <= last_q and q - 4 in out:
            g = (out[q] / out[q - 4] - 1)[None, :] * 100
            out[q] = out[q - 4] * (1 + condition(g, out[q - 4], kq, LEAVES, cov)[0] / 100)
    return out


def simulate(year: int, n: int, seed: int | np.random.Generator, root=None, origin: pd.Period | str | None = None,
             provider: PathProvider | None = None, data: BridgeData | None = None,
             known: Mapping | None = None) -> SectorDraws:
    """Joint draws of every leaf sector's quarterly level from last year's Q1 to `year`'s Q4.

    `known`: {quarter ('YYYYQn' or Period): ``forecast.conditioning.KnownQuarter``}, quarters known from
    outside the store; each draw respects them exactly (given sectors fixed, the total hit by
    conditioning the free sectors). A known quarter already published in the store replaces the
    published one (the typed value wins). Steps: ``_window`` → ``_published_levels`` →
    ``fit_equations`` → ``_indicator_growth`` → ``_shock_draws`` → ``_roll_forward``; deterministic
    for a given seed.
    """
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    if n < 1:
        raise GrowthsimError(f"n must be at least 1, got {n}")
    check_indicators()
    data = data if data is not None else load_bridge_data(origin, root)
    typed = normalise(known, LEAVES)
    win = _window(data.gdp, year)
    levels, published, pub = _published_levels(data.gdp, win, n)
    if not win.steps and not typed:
        return SectorDraws(win.quarters, levels, published, data.origin, data.vintage)
    beyond = [P.to_str(q) for q in typed if q > win.quarters[-1]]
    if beyond:
        raise GrowthsimError(f"known quarter {beyond[0]} is after {year}Q4, the last quarter simulated for {year}")
    eqs = fit_equations(data)
    if any(q <= win.last_q for q in typed):
        pub = _typed_published(pub, typed, win.last_q, innovation_cov(_joint_resid(eqs)))
        for t, q in enumerate(win.quarters):
            if published[t]:
                levels[:, t, :] = pub[q]
    if not win.steps:
        return SectorDraws(win.quarters, levels, published, data.origin, data.vintage)
    ind_q = _indicator_growth(data, win.steps, n, rng, provider or _engine_provider, root)
    sim = _roll_forward(win, pub, ind_q, _shock_draws(eqs, n, rng), n, typed)
    for t, q in enumerate(win.quarters):
        if not published[t]:
            levels[:, t, :] = sim[q]
    return SectorDraws(win.quarters, levels, published, data.origin, data.vintage)


# --- the public function, with its disk cache -----------------------------------------------------

def cache_dir() -> Path:
    """Where baseline draws are cached: ``baseline/`` in the disk cache (``forecast.cache``)."""
    from forecast.cache import cache_dir as engine_cache_dir

    return engine_cache_dir() / CACHE_KIND


def check_draw_request(year, n, origin=None) -> None:
    """GrowthsimError unless `year` and `n` are whole numbers (n ≥ 1) and `origin` (if given) a month:
    the arguments of every model's ``sector_growth_draws``."""
    if not isinstance(year, (int, np.integer)) or isinstance(year, bool):
        raise GrowthsimError(f"year must be a whole number, got {year!r}")
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise GrowthsimError(f"n must be a positive whole number, got {n!r}")
    if origin is not None:
        P.month(origin, "origin")


def sector_growth_draws(year: int, n: int, seed: int | np.random.Generator, root=None,
                        origin: pd.Period | str | None = None, known: Mapping | None = None) -> pd.DataFrame:
    """Baseline draws of each leaf sector's real growth in `year`, % (sum of quarters vs last year's).

    One column per leaf sector (``forecast.data.sectors.LEAVES``), `n` rows; quarters already
    published at `origin` (YYYY-MM, default: the newest indicator month) are fixed. The draws are
    joint: row i of every column comes from the same simulated world. With an integer `seed` the
    result is reproducible and cached on disk (``forecast.cache``), keyed by the store's content
    fingerprint, the engine's settings and the `known` quarters (see ``simulate``).
    """
    check_draw_request(year, n, origin)
    cacheable = isinstance(seed, (int, np.integer)) and not isinstance(seed, bool)
    typed = normalise(known, LEAVES)
    data = load_bridge_data(origin, root)
    k = None
    if cacheable:
        from forecast import cache
        from forecast.engine import SETTINGS
        from forecast.models import candidates_signature

        k = cache.store_key(root, kind=CACHE_VERSION, year=int(year), n=int(n), seed=int(seed),
                            origin=P.to_str(data.origin), vintage=data.vintage, engine=SETTINGS,
                            candidates=candidates_signature(), indicators=INDICATORS,
                            known=cache_part(typed))
        hit = cache.load_array(CACHE_KIND, k)
        if hit is not None and hit.shape == (int(n), len(LEAVES)):
            return pd.DataFrame(hit, columns=list(LEAVES))
    draws = simulate(int(year), int(n), seed, root=root, origin=data.origin, data=data, known=typed)
    out = draws.annual_growth_pct(int(year))
    if k is not None:
        cache.save_array(CACHE_KIND, k, out.to_numpy())
    return out
