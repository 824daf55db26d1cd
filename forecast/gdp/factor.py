"""A mixed-frequency dynamic factor model of the eight leaf sectors' real growth, beside the bridge.

statsmodels' ``DynamicFactorMQ`` (Bańbura-Modugno EM) on a monthly panel: the monthly indicators of
``INDICATORS`` and the quarterly real growth of the leaf sectors (``forecast.data.sectors.LEAVES``),
everything as **year-on-year growth in %**. Its draws are ``forecast.bridge.SectorDraws`` with the
bridge's conventions, so the scenario engine can use either.

Transforms (why not month-on-month growth and ``endog_quarterly``)
    The office's GDP and the monthly indicators are not seasonally adjusted, and Tết moves between
    January and February, so month-on-month (and quarter-on-quarter) growth is dominated by the
    calendar. ``endog_quarterly`` ties a quarterly growth rate to the monthly ones with the
    Mariano-Murasawa weights (1, 2, 3, 2, 1)/3, which is exact for the quarter-on-quarter growth of a
    geometric mean of seasonally adjusted months. For year-on-year growth the exact link is simpler:
    the growth of a quarter (mean of its three index values, or sum of a flow, against the same
    quarter a year earlier, as the bridge aggregates) is the yoy growth of the **three-month rolling
    mean (index) or sum (flow)** taken at the quarter's last month. So each indicator enters as the
    yoy growth (%) of its three-month rolling aggregate (``forecast.bridge.agg_rule``), every month,
    and each sector's quarterly yoy growth (%) is a monthly series observed at the quarter's last
    month (March, June, ...) and missing in the other two; ``DynamicFactorMQ`` handles the missing
    months. At every quarter end the indicator and GDP concepts are the bridge's exactly; inside a
    quarter, the months already published move the factor (the ragged edge). The rolling window
    also keeps Tết out of every window that spans December-February. The state is also three times
    smaller than with ``endog_quarterly`` (no five lags per quarterly idiosyncratic component), so EM
    is fast.

Model (``SETTINGS``)
    One common factor with AR(2) dynamics (monthly; the rolling windows make the yoy rates smooth,
    so a second lag lets the factor turn), an idiosyncratic AR(1) for every series (a sector's own
    persistence: agriculture, construction and product taxes have no indicator and load on the
    factor only through their history), standardised series, EM to a relative likelihood change of
    1e-6 or ``maxiter`` iterations.

COVID
    The months of the bridge's COVID quarters (2020Q2, 2021Q3, 2021Q4, i.e. 2020-04..06 and
    2021-07..12) are missing for every series, in the estimation and in the filter: the sectors' yoy
    growth in those quarters and the indicators' three-month windows that hold a lockdown month
    (``forecast.tet_regressors.COVID_MONTHS``: exactly those months). Like the bridge's left-out
    quarters this is a pulse for each: the shock bends neither the loadings nor the dynamics. The
    rebound a year later (2021Q2, 2022Q3) is kept: the indicators rebound with GDP and explain it.

Reusing a fit
    ``fit(data)`` estimates by EM (cached on disk, ``forecast.cache``, keyed by the store's
    fingerprint, a hash of the panel and ``SETTINGS``). ``fit(data, params_from=earlier)`` applies the
    parameters (and the standardisation) of an earlier fit to the new panel without EM: what
    ``DynamicFactorMQResults.apply(endog, refit=False)`` does, one Kalman smoother pass. A backtest
    over monthly origins refits once a year and applies in between (``benchmarks/bench_factor.py``).

Draws (``simulate``)
    From the Kalman filter's one-step prediction of the state after the origin month (mean and
    covariance: the uncertainty about today's factor and idiosyncratic states given everything
    published), states and observations are simulated forward month by month with the model's
    innovations (factor and idiosyncratic shocks, Gaussian), vectorised over the draws; the sectors'
    yoy growth at each quarter's last month, applied to the level of the same quarter a year
    earlier (published or simulated), gives the levels. Published quarters are fixed in every draw.
    A quarter that ended by the origin but is not published yet (real-time data) is drawn from the
    smoothed state of its last month, jointly across sectors. Parameter uncertainty is not drawn (EM
    gives no covariance cheaply); ``benchmarks/bench_factor.py`` measures the 80% coverage.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import pandas as pd

from forecast import bridge as B
from forecast import periods as P
from forecast.data.frame import as_series
from forecast.data.sectors import LEAVES
from forecast.errors import GrowthsimError

# Monthly indicators of the panel. A new family is one line (its series id); it is aggregated by
# ``forecast.bridge.agg_rule`` (mean of an index ``iip*``, sum of a flow) over three months.
INDICATORS: tuple[str, ...] = (
    "iip.mining", "iip.manufacturing", "iip.electricity", "iip.water",
    "exports", "retail_real",
)
# The newer monthly families (state-budget investment, transport, international arrivals; from 2020),
# tried beside INDICATORS in the real-time backtest (model ``factor_activity``); they enter the
# default only if they earn their place there (docs/gdp_backtest.md).
ACTIVITY_INDICATORS: tuple[str, ...] = (
    "investment", "transport.freight", "transport.passengers", "arrivals",
)
SETTINGS: dict = {"factors": 1, "factor_orders": 2, "idiosyncratic_ar1": True, "maxiter": 500,
                  "tolerance": 1e-6, "window_months": 3, "covid_quarters": B.COVID_QUARTERS,
                  "indicators": INDICATORS, "version": "factor-1"}
CACHE_KIND = "factor"             # sub-folder of the disk cache: fitted parameters
DRAWS_KIND = "factor_baseline"    # sub-folder of the disk cache: annual sector draws
COVID_MONTHS = frozenset(m for q in B.COVID_QUARTERS for m in P.months_of(q))
MIN_MONTHS = 24   # an indicator enters the panel once it has this many yoy values by the origin
MIN_QUARTERS = 12  # quarters of sector yoy growth the fit needs (GDP from 2010Q1: origins from 2013-12)


# --- data ---------------------------------------------------------------------------------------

def load_factor_data(origin: pd.Period | str | None = None, root=None) -> B.BridgeData:
    """GDP sector levels and the ``INDICATORS`` as known at `origin` (a month; default: the newest
    indicator month), pseudo-real-time (``load(..., as_of=origin)``), as a ``BridgeData``."""
    from forecast.data.api import catalog, check_series, load

    check_series(list(INDICATORS), root)
    cat = catalog(root).set_index("id")
    newest = max(P.month(str(cat.loc[s, "last"])) for s in INDICATORS)
    origin = newest if origin is None else P.month(origin, "origin")
    if origin > newest:
        raise GrowthsimError(f"origin {origin} is after the data end ({newest}, the newest indicator month)")
    base = B.load_bridge_data(origin, root)   # GDP (and the bridge's own indicators) as of origin
    monthly = {}
    for s in INDICATORS:
        if s in base.monthly:
            monthly[s] = base.monthly[s]
            continue
        d = load(s, as_of=origin, root=root)
        monthly[s] = as_series(d, s)
    return B.BridgeData(origin, base.gdp, monthly, base.vintage)


def rolling_yoy(monthly: pd.Series, how: str, window: int = 3) -> pd.Series:
    """Yoy growth (%) of the `window`-month rolling mean (``how='mean'``) or sum of a monthly series,
    on a complete monthly PeriodIndex (NaN where a month of either window is missing)."""
    idx = P.to_index(monthly.index)
    full = P.month_range(idx.min(), idx.max())
    y = pd.Series(monthly.to_numpy(float), index=idx).reindex(full)
    r = y.rolling(window, min_periods=window)
    agg = r.mean() if how == "mean" else r.sum()
    return (agg / agg.shift(12) - 1) * 100


def panel(data: B.BridgeData, indicators: tuple[str, ...] = INDICATORS) -> pd.DataFrame:
    """The model's monthly panel (monthly PeriodIndex to the origin; % yoy): one column per
    indicator of ``INDICATORS`` in `data` with at least ``MIN_MONTHS`` values (three-month rolling
    yoy), then one per leaf sector (quarterly yoy at the quarter's last month, NaN otherwise);
    COVID months NaN."""
    ids = [s for s in indicators if s in data.monthly and len(data.monthly[s])]
    if not ids:
        raise GrowthsimError(f"none of the factor model's indicators ({', '.join(indicators)}) has data "
                             f"by {data.origin}")
    cols = {s: rolling_yoy(data.monthly[s], B.agg_rule(s), SETTINGS["window_months"]) for s in ids}
    for s in LEAVES:
        g = B.yoy_pct(data.gdp[s])
        cols[s] = pd.Series(g.to_numpy(float), index=g.index.asfreq(P.MONTH, how="end"))
    n_gdp = min(int(cols[s].notna().sum()) for s in LEAVES)
    if n_gdp < MIN_QUARTERS:
        raise GrowthsimError(f"origin {data.origin}: only {n_gdp} quarters of sector GDP growth by then; the "
                             f"factor model needs {MIN_QUARTERS}")
    first = min(cols[s].first_valid_index() for s in LEAVES)
    # to the origin, or to a newer month the data hold (the GDP call's news adds months step by step)
    end = max([data.origin] + [P.to_index(data.monthly[s].index).max() for s in ids])
    months = P.month_range(first, end)
    out = pd.DataFrame({k: c.reindex(months) for k, c in cols.items()}, index=months)
    out.loc[out.index.isin(list(COVID_MONTHS))] = np.nan
    short = [s for s in ids if out[s].notna().sum() < MIN_MONTHS]
    return out.drop(columns=short)


# --- estimation ---------------------------------------------------------------------------------

@dataclass
class FactorFit:
    """A smoothed ``DynamicFactorMQ`` on one panel. `params`, `mean`, `std`: the estimated
    parameters and the standardisation (the panel's units: %); `fit_origin`: the origin whose data
    the parameters were estimated on (== `data.origin` unless applied from an earlier fit);
    `fit_seconds`: EM time (0 when applied, the original time when read from the cache)."""

    data: B.BridgeData
    panel: pd.DataFrame
    results: object
    params: np.ndarray
    mean: np.ndarray
    std: np.ndarray
    fit_origin: pd.Period
    fit_seconds: float
    cached: bool


def _model(pan: pd.DataFrame, standardize=True):
    from statsmodels.tsa.statespace.dynamic_factor_mq import DynamicFactorMQ

    return DynamicFactorMQ(pan, factors=SETTINGS["factors"], factor_orders=SETTINGS["factor_orders"],
                           idiosyncratic_ar1=SETTINGS["idiosyncratic_ar1"], standardize=standardize)


def _params_key(pan: pd.DataFrame, root) -> str:
    import statsmodels

    from forecast import cache

    text = pan.to_csv(float_format="%.10g")
    return cache.store_key(root, kind=SETTINGS["version"], settings=SETTINGS, statsmodels=statsmodels.__version__,
                           panel=cache.key(text=text))


def fit(data: B.BridgeData, params_from: FactorFit | None = None, root=None,
        indicators: tuple[str, ...] = INDICATORS) -> FactorFit:
    """The model on `data`'s panel: EM estimate (disk-cached), or, with `params_from`, the earlier
    fit's parameters and standardisation applied to this panel (no EM, one smoother pass) when both
    panels hold the same series (else EM: an indicator has entered since)."""
    import warnings

    from forecast import cache

    pan = panel(data, indicators)
    if params_from is not None and list(params_from.panel.columns) == list(pan.columns):
        mod = _model(pan, standardize=(params_from.mean, params_from.std))
        res = mod.smooth(params_from.params)
        _check_finite(res, data.origin)
        return FactorFit(data, pan, res, params_from.params, params_from.mean, params_from.std,
                         params_from.fit_origin, 0.0, False)
    k = _params_key(pan, root)
    hit = cache.load_array(CACHE_KIND, k)
    mod = _model(pan)
    n_par = len(mod.param_names)
    mean, std = np.asarray(mod._endog_mean, float), np.asarray(mod._endog_std, float)
    if hit is not None and hit.shape == (n_par + 1,):
        params, secs, cached = hit[:n_par], float(hit[n_par]), True
    else:
        t0 = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            res = mod.fit(method="em", maxiter=SETTINGS["maxiter"], tolerance=SETTINGS["tolerance"], disp=False)
        secs = time.perf_counter() - t0
        params, cached = np.asarray(res.params, float), False
        cache.save_array(CACHE_KIND, k, np.append(params, secs))
    res = mod.smooth(params)
    _check_finite(res, data.origin)
    return FactorFit(data, pan, res, params, mean, std, data.origin, secs, cached)


def _check_finite(res, origin: pd.Period) -> None:
    """A degenerate EM solution (non-finite parameters or end state) is an error, not draws."""
    if not (np.all(np.isfinite(res.params)) and np.all(np.isfinite(res.predicted_state_cov[:, :, -1]))):
        raise GrowthsimError(f"the factor model's EM estimate on the data as of {origin} is degenerate "
                             f"(non-finite parameters or state covariance)")


# --- simulation ---------------------------------------------------------------------------------

def _mvn(rng: np.random.Generator, mean: np.ndarray, cov: np.ndarray, n: int) -> np.ndarray:
    """(n, k) normal draws; `cov` may be singular (the state holds lags): symmetric square root."""
    w, V = np.linalg.eigh((cov + cov.T) / 2)
    root = V * np.sqrt(np.clip(w, 0, None))
    return mean + rng.standard_normal((n, len(mean))) @ root.T


def _obs(res, states: np.ndarray, rng: np.random.Generator, f: FactorFit) -> np.ndarray:
    """(n, series) observations in % from (n, k_states) states: design, intercept, measurement
    noise, then the standardisation undone."""
    ssm = res.model.ssm
    Z, d, H = ssm["design"], ssm["obs_intercept"], ssm["obs_cov"]
    Z = Z[..., 0] if Z.ndim == 3 else Z
    d = d[..., 0] if d.ndim == 2 else d
    H = H[..., 0] if H.ndim == 3 else H
    y = states @ Z.T + d
    if np.any(np.diag(H) > 0):
        y = y + _mvn(rng, np.zeros(len(d)), H, len(states))
    return y * f.std + f.mean


def growth_draws(f: FactorFit, quarters: list[pd.Period], n: int, rng: np.random.Generator
                 ) -> dict[pd.Period, np.ndarray]:
    """Joint draws of every leaf sector's yoy growth (%) in each of `quarters` (unpublished ones):
    {quarter: (n, sectors)}. Quarters ending after the origin come from one forward simulation
    from the filtered state; earlier ones from the smoothed state of their last month."""
    res, pan = f.results, f.panel
    sec = [pan.columns.get_loc(s) for s in LEAVES]
    origin = pan.index[-1]
    out: dict[pd.Period, np.ndarray] = {}
    for q in quarters:
        m = P.last_month(q)
        if m <= origin:
            i = pan.index.get_loc(m)
            st = _mvn(rng, res.smoothed_state[:, i], res.smoothed_state_cov[:, :, i], n)
            out[q] = _obs(res, st, rng, f)[:, sec]
    ahead = [q for q in quarters if P.last_month(q) > origin]
    if not ahead:
        return out
    ssm = res.model.ssm
    T, R, Q = (ssm[k][..., 0] if ssm[k].ndim == 3 else ssm[k] for k in ("transition", "selection", "state_cov"))
    state = _mvn(rng, res.predicted_state[:, -1], res.predicted_state_cov[:, :, -1], n)  # month origin + 1
    last = max(P.last_month(q) for q in ahead)
    want = {P.last_month(q): q for q in ahead}
    shock_root = R @ np.linalg.cholesky(Q + 1e-12 * np.eye(len(Q)))
    for m in P.month_range(origin + 1, last):
        if m in want:
            out[want[m]] = _obs(res, state, rng, f)[:, sec]
        state = state @ T.T + rng.standard_normal((n, Q.shape[0])) @ shock_root.T
    return out


def simulate_fitted(f: FactorFit, year: int, n: int, seed: int | np.random.Generator) -> B.SectorDraws:
    """Joint draws of the leaf sectors' quarterly levels, last year's Q1 to `year`'s Q4 (billion VND,
    2010 prices; published quarters fixed), from a fitted model. Deterministic for a seed."""
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    if n < 1:
        raise GrowthsimError(f"n must be at least 1, got {n}")
    data = f.data
    win = B._window(data.gdp, year)
    levels, published, known = B._published_levels(data.gdp, win, n)
    if win.steps:
        g = growth_draws(f, win.steps, n, rng)
        sim = {q: np.tile(v, (n, 1)) for q, v in known.items()}
        for q in win.steps:   # in time order: a simulated level may be next year's base
            sim[q] = sim[q - 4] * (1 + g[q] / 100)
        for t, q in enumerate(win.quarters):
            if not published[t]:
                levels[:, t, :] = sim[q]
    return B.SectorDraws(win.quarters, levels, published, data.origin, data.vintage)


def simulate(year: int, n: int, seed: int | np.random.Generator, root=None, origin: pd.Period | str | None = None,
             data: B.BridgeData | None = None, indicators: tuple[str, ...] = INDICATORS) -> B.SectorDraws:
    """Joint draws of every leaf sector's quarterly level from last year's Q1 to `year`'s Q4, the
    bridge's conventions (``forecast.bridge.simulate``): levels (n, quarters, LEAVES) in billion VND
    at 2010 prices, quarters published at the origin fixed in every draw; deterministic for a seed.
    `data` (a ``BridgeData`` holding the `indicators`) replaces the store's data as of `origin`."""
    if n < 1:
        raise GrowthsimError(f"n must be at least 1, got {n}")
    data = data if data is not None else load_factor_data(origin, root)
    return simulate_fitted(fit(data, root=root, indicators=indicators), year, n, seed)


def sector_growth_draws(year: int, n: int, seed: int | np.random.Generator, root=None,
                        origin: pd.Period | str | None = None) -> pd.DataFrame:
    """The factor model's draws of each leaf sector's real growth in `year`, % (sum of quarters vs
    last year's), like ``forecast.bridge.sector_growth_draws``: one column per leaf sector, `n` joint
    rows, published quarters fixed; cached on disk for an integer seed (store fingerprint, origin,
    ``SETTINGS``)."""
    B.check_draw_request(year, n, origin)
    data = load_factor_data(origin, root)
    k = None
    if isinstance(seed, (int, np.integer)) and not isinstance(seed, bool):
        from forecast import cache

        k = cache.store_key(root, kind=SETTINGS["version"], year=int(year), n=int(n), seed=int(seed),
                            origin=P.to_str(data.origin), settings=SETTINGS)
        hit = cache.load_array(DRAWS_KIND, k)
        if hit is not None and hit.shape == (int(n), len(LEAVES)):
            return pd.DataFrame(hit, columns=list(LEAVES))
    out = simulate(int(year), int(n), seed, root=root, data=data).annual_growth_pct(int(year))
    if k is not None:
        cache.save_array(DRAWS_KIND, k, out.to_numpy())
    return out


# --- news: what moved the call ----------------------------------------------------------------------

def _annual_from_growth(data: B.BridgeData, year: int, growth: dict[pd.Period, np.ndarray]) -> float:
    """Annual GDP growth (%) of `year` from the levels published in `data` and the sectors' yoy
    growth (%) of every unpublished quarter ({quarter: (sectors,)}), rolled forward like the draws."""
    win = B._window(data.gdp, year)
    lv = {q: data.gdp.loc[q].to_numpy(float) for q in data.gdp.index}
    for q in win.steps:
        lv[q] = lv[q - 4] * (1 + growth[q] / 100)
    cur = sum(lv[q].sum() for q in win.quarters if q.year == year)
    prev = sum(lv[q].sum() for q in win.quarters if q.year == year - 1)
    return float((cur / prev - 1) * 100)


def news(year: int, origin_old: pd.Period | str, origin_new: pd.Period | str, root=None) -> pd.DataFrame:
    """What moved the factor model's call of `year`'s annual GDP growth from `origin_old` to
    `origin_new` (months): one row per data point published in between (``series, period,
    contribution_pp``), largest first, from ``DynamicFactorMQResults.news``.

    Both panels use the parameters estimated at `origin_new` (the old data re-filtered with them),
    so the change is the data's alone. The news of each new value (observed minus what the old data
    predicted for it, %) times its weight gives its impact on every sector's yoy growth in every
    quarter unpublished at `origin_old`; those impacts are turned into pp of the annual call with the
    annual growth's gradient (levels of the same quarter a year earlier over last year's total; a
    linearisation: the contributions add up to the change of the call up to second-order terms).
    A sector's own newly published quarter appears as that sector's news (series ``gdp_real.<leaf>``).
    """
    old_m, new_m = P.month(origin_old, "origin_old"), P.month(origin_new, "origin_new")
    if old_m >= new_m:
        raise GrowthsimError(f"origin_old ({old_m}) must be before origin_new ({new_m})")
    new = fit(load_factor_data(new_m, root), root=root)
    old_data = load_factor_data(old_m, root)
    old = fit(old_data, params_from=new, root=root)
    if old.fit_origin != new.fit_origin:
        raise GrowthsimError(f"the factor model's series changed between {old_m} and {new_m} "
                             f"({list(old.panel.columns)} vs {list(new.panel.columns)}): no news decomposition")
    win = B._window(old_data.gdp, year)
    if not win.steps:
        return pd.DataFrame(columns=["series", "period", "contribution_pp"])
    months = [P.last_month(q) for q in win.steps]
    nr = new.results.news(old.results, comparison_type="previous", start=min(months), end=max(months))
    # point of linearisation: published values at origin_new, else the mean of the new draws
    draws = simulate_fitted(new, year, 500, 0)
    g0 = {}
    for q in win.steps:
        t = draws.quarters.get_loc(q) if q in draws.quarters else None
        if q in new.data.gdp.index:
            g0[q] = (new.data.gdp.loc[q].to_numpy(float) / new.data.gdp.loc[q - 4].to_numpy(float) - 1) * 100
        elif t is not None and q - 4 in draws.quarters:
            g0[q] = ((draws.levels[:, t, :] / draws.levels[:, draws.quarters.get_loc(q - 4), :]).mean(axis=0) - 1) * 100
        else:   # a gap quarter before the window: its mean from the smoothed state
            g0[q] = growth_draws(new, [q], 500, np.random.default_rng(0))[q].mean(axis=0)
    base, eps = _annual_from_growth(old_data, year, g0), 0.01
    grad = {}
    for q in win.steps:
        for j, s in enumerate(LEAVES):
            g = {k: v.copy() for k, v in g0.items()}
            g[q][j] += eps
            grad[(P.last_month(q), s)] = (_annual_from_growth(old_data, year, g) - base) / eps
    impacts = nr.weights.mul(nr.news, axis=0)   # rows: updates; columns: (impact date, impacted variable)
    w = np.array([grad.get((d if isinstance(d, pd.Period) else P.period(d), v), 0.0) for d, v in impacts.columns])
    contrib = impacts.to_numpy(float) @ w
    rows = [{"series": f"gdp_real.{v}" if v in LEAVES else v,
             "period": P.to_str(P.quarter_of(d) if v in LEAVES else d), "contribution_pp": float(c)}
            for (d, v), c in zip(impacts.index, contrib)]
    out = pd.DataFrame(rows, columns=["series", "period", "contribution_pp"])
    return out.reindex(out["contribution_pp"].abs().sort_values(ascending=False).index).reset_index(drop=True)
