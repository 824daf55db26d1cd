"""The forecast engine: fit the candidate models, select or combine them by rolling-origin
cross-validation, calibrate the spread, and simulate sample paths.

Two entry points, both returning ``forecast.sample_paths.SamplePaths``:

* ``fit_select_paths(y, horizon, n_paths, seed)`` — for a raw level series (``pd.Series`` indexed
  by months: a monthly ``PeriodIndex`` or 'YYYY-MM' text, oldest first). Backtests call it with
  their own origins (truncate ``y`` first).
* ``forecast_paths(series, origin=None, ...)`` — for a series of the store, read with
  ``forecast.data.api.load(series, as_of=origin)`` (never data after the origin), cached on disk
  (``forecast.cache``), keyed by data vintage, series, origin and settings.

Everything happens on the log scale (the series must be positive); paths are returned in levels.

Selection (``SETTINGS``): at ``cv_windows`` origins inside the training data (the last one
``cv_horizon`` months before its end, then every ``cv_step`` months back), each candidate is refitted
with its chosen configuration and forecasts ``cv_horizon`` months; the score is the mean absolute
log error (≈ mean absolute percentage error / 100). The paths are a mixture of the best
``combine_top`` = 3 candidates with inverse-CV-error weights (each model contributes paths in
proportion to its weight); with ``combine="if_better"`` the best candidate is used alone unless
the combination has the lower CV score. "always" won on the 51 backtest origins 2019-12..2024-02
(mean absolute log error of the 12 months: iip 0.046 vs 0.050, exports 0.089 vs 0.088,
retail.adjusted 0.096 vs 0.096): three CV origins are too few to pick one model reliably. The spread of the paths is
then widened (never narrowed) so that their variance matches the CV errors (shrunk towards 1 and
clipped, see ``_calibration_scale``), because models fitted with estimated parameters tend to be
overconfident; and each path's deviation from the median is multiplied by its own draw of
sqrt(nu / chi2_nu), nu = ``tail_df`` = 4, which turns Gaussian paths into Student-t-like ones: one
shock regime per path, heavy tails for the COVID-like surprises that Gaussian models miss. Without
those two steps the backtest 2019-12..2024-02 (IIP, exports, retail) covered 67-70% of outcomes
by the 80% intervals and 77-83% by the 95% ones; with them 79-82% and 90-97% (settings version 6,
docs/forecast.md; nu and the bounds were chosen on that same backtest, so these figures flatter
them a little).
"""
from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from forecast import periods as P
from forecast.errors import GrowthsimError, UnknownSeriesError
from forecast.blas_threads import single_threaded_blas
from forecast.sample_paths import SamplePaths
from forecast.tet_regressors import calendar_exog

if TYPE_CHECKING:  # forecast.models imports statsmodels: only when fitting
    from forecast.models.base import Fitted, Model

ExogBuilder = Callable[[list, list], tuple]

SETTINGS = {
    "version": 6,              # bump when a model's or the selection's code changes: invalidates the cache
                               # (adding, removing or reconfiguring a candidate needs no bump: the
                               # candidates' signature is part of the cache key)
    "cv_windows": 3,
    "cv_step": 6,
    "cv_horizon": 12,
    "min_train": 48,           # months of training data a CV fit needs
    "combine_top": 3,
    "combine": "always",       # "always": inverse-error mixture of the best combine_top; "if_better": only
                               # when its CV score beats the best single model
    "calibration_prior": 1.0,  # pseudo-origins pulling the spread scale towards 1
    "calibration_bounds": (1.0, 2.5),
    "tail_df": 4,              # Student-t scale mixing of whole paths (heavier tails); None: off
    "min_sim_horizon": 24,     # paths are simulated for at least this many months (cache reuse)
}
MAX_HORIZON = 60
MIN_MONTHS = 36                # months a series needs: three seasonal cycles
#: The series planners ask about first; `growthsim forecast refit` rebuilds these by default.
HEADLINE_SERIES = ("iip", "iip.mining", "iip.manufacturing", "iip.electricity", "iip.water", "exports", "imports",
                   "retail", "retail.adjusted", "retail_real")


# --------------------------------------------------------------------------- checks

def check_horizon(horizon) -> int:
    try:
        h = int(horizon)
    except (TypeError, ValueError):
        raise GrowthsimError(f"horizon must be a whole number of months, got {horizon!r}") from None
    if h <= 0 or h > MAX_HORIZON or h != horizon:
        raise GrowthsimError(f"horizon must be between 1 and {MAX_HORIZON} months, got {horizon}")
    return h


def check_level_series(y: pd.Series, name: str = "series") -> pd.Series:
    """A clean monthly level series: monthly PeriodIndex (from periods or 'YYYY-MM' text), sorted, no
    gaps, finite positive values."""
    if not isinstance(y, pd.Series) or len(y) == 0:
        raise GrowthsimError(f"{name}: no observations")
    months = [p if isinstance(p, pd.Period) else str(p) for p in y.index]
    bad = [p for p in months if not P.is_month(p)]
    if bad:
        raise GrowthsimError(f"{name}: periods must be months YYYY-MM, got {P.to_str(bad[0])!r}")
    idx = P.to_index(months)
    y = pd.Series(pd.to_numeric(y.to_numpy(), errors="coerce"), index=idx, name=y.name).sort_index()
    if y.index.duplicated().any():
        dup = sorted(set(y.index[y.index.duplicated()]))
        raise GrowthsimError(f"{name}: duplicate months {P.to_strs(dup)[:5]}")
    gaps = P.to_strs(P.missing_months(y.index))
    if gaps:
        shown = ", ".join(gaps[:12]) + (f" and {len(gaps) - 12} more" if len(gaps) > 12 else "")
        raise GrowthsimError(f"{name}: the series has a gap, missing months {shown}")
    if not np.isfinite(y.to_numpy()).all():
        raise GrowthsimError(f"{name}: value is not a number in "
                             f"{P.to_strs(y.index[~np.isfinite(y.to_numpy())])[:5]}")
    if (y <= 0).any():
        raise GrowthsimError(f"{name}: forecasts work on the log scale and need positive values; "
                             f"{(y <= 0).sum()} are zero or negative (first {y.index[(y <= 0).to_numpy()][0]})")
    if len(y) < MIN_MONTHS:
        raise GrowthsimError(f"{name}: {len(y)} months are too few to fit seasonal models "
                             f"(need at least {MIN_MONTHS})")
    if np.ptp(y.to_numpy()) == 0:
        raise GrowthsimError(f"{name}: the series is constant (every month {y.iloc[0]:g}); there is nothing to fit")
    return y


# --------------------------------------------------------------------------- fitting and selection

def _fit_on(model: Model, y_log: np.ndarray, periods: list[pd.Period], exog_builder: ExogBuilder,
            future: list[pd.Period] | pd.PeriodIndex,
            fitted: Fitted | None = None) -> tuple[Fitted, np.ndarray]:
    """Fit `model` (or re-estimate `fitted`'s configuration, when its ``refit`` offers one) on y_log;
    return (fitted, X_future)."""
    Xt, Xf = exog_builder(list(periods), list(future))
    Xt = np.asarray(Xt, dtype=float).reshape(len(periods), -1)
    Xf = np.asarray(Xf, dtype=float).reshape(len(future), -1)
    if fitted is not None:
        again = fitted.refit(y_log, Xt)
        if again is not None:
            return again, Xf
    return model.fit(y_log, Xt), Xf


def _cv_origins(n: int) -> list[int]:
    """Training lengths of the CV fits (newest first)."""
    h, step = SETTINGS["cv_horizon"], SETTINGS["cv_step"]
    out = [n - h - k * step for k in range(SETTINGS["cv_windows"])]
    return [k for k in out if k >= SETTINGS["min_train"]]


def _cv_errors(model, fitted, y_log, periods, exog_builder, origins) -> np.ndarray:
    """Log errors (len(origins), cv_horizon) of `model` refitted at each origin."""
    h = SETTINGS["cv_horizon"]
    errs = np.full((len(origins), h), np.nan)
    for i, k in enumerate(origins):
        f, Xf = _fit_on(model, y_log[:k], periods[:k], exog_builder, periods[k:k + h], fitted)
        errs[i] = y_log[k:k + h] - f.forecast(h, Xf)
    return errs


def _weights(scores: dict[str, float], top: int) -> dict[str, float]:
    best = sorted(scores, key=scores.get)[:top]
    inv = {a: 1.0 / max(scores[a], 1e-9) for a in best}
    tot = sum(inv.values())
    return {a: v / tot for a, v in inv.items()}


def _allocate(weights: dict[str, float], n: int) -> dict[str, int]:
    """Largest-remainder split of n paths by weight."""
    raw = {a: w * n for a, w in weights.items()}
    out = {a: int(math.floor(v)) for a, v in raw.items()}
    for a in sorted(raw, key=lambda a: raw[a] - out[a], reverse=True)[: n - sum(out.values())]:
        out[a] += 1
    return out


def _variance_ratio(errs: np.ndarray, sd_by_h: np.ndarray) -> float:
    """Mean square of the CV log errors over the mean variance of the paths (same horizons)."""
    h = errs.shape[1]
    return float(np.nanmean(errs ** 2) / max(float(np.mean(sd_by_h[:h] ** 2)), 1e-12))


def _calibration_scale(errs: np.ndarray, sd_by_h: np.ndarray) -> float:
    """Factor on the log-scale spread so the paths' variance matches the CV errors' mean square.

    Shrunk towards 1 with ``calibration_prior`` pseudo-origins and clipped to ``calibration_bounds``,
    since three origins of twelve correlated errors are a small sample.
    """
    ok = np.isfinite(errs)
    if not ok.any():
        return 1.0
    ratio = _variance_ratio(errs, sd_by_h)
    k, prior = errs.shape[0], SETTINGS["calibration_prior"]
    s2 = (k * ratio + prior) / (k + prior)
    lo, hi = SETTINGS["calibration_bounds"]
    return float(np.clip(np.sqrt(s2), lo, hi))


def default_exog_builder(root=None, shares=None) -> ExogBuilder:
    """Tết shares and COVID pulses (``forecast.tet_regressors.calendar_exog``) from the store's Tết table,
    or from `shares` (``forecast.tet_regressors.tet_shares``: plain data a batch task carries)."""
    return partial(calendar_exog, root=root) if shares is None else partial(calendar_exog, shares=shares)


@dataclass
class _Problem:
    """What every step works on: the series on the log scale, its months and the months ahead."""

    name: str
    y: pd.Series                 # levels, checked
    y_log: np.ndarray            # log levels
    periods: list[pd.Period]     # the months of y
    future: pd.PeriodIndex       # the `horizon` months after the last observation
    exog_builder: ExogBuilder

    @property
    def origin(self) -> pd.Period:
        return self.periods[-1]


@dataclass
class _Candidates:
    """Step 1's result: each candidate fitted on all data, with its CV errors."""

    fits: dict[str, tuple[Fitted, np.ndarray]]  # alias -> (fitted on all data, X_future)
    cv: dict[str, np.ndarray]                   # alias -> log errors (origins, cv_horizon)
    failed: dict[str, str]                      # alias -> "ErrorType: message"
    origins: list[int]                          # CV training lengths, newest first


@dataclass
class _Selection:
    """Step 2's result: which candidates make the paths, with which weights."""

    chosen: dict[str, float]        # alias -> weight (sums to 1)
    errs: np.ndarray                # CV log errors of the chosen mixture (origins, cv_horizon)
    label: str                      # model name in the output ("combo(a+b+c)" or an alias)
    combo_score: float | None       # CV mean absolute log error of the combination
    model_scores: dict[str, dict]   # alias -> {"mae_log", "growth_err_pp", "spec"}


def _check_candidates(candidates: list) -> list[Model]:
    """The candidate list, checked: each follows ``forecast.models.base.Model``; aliases unique."""
    from forecast.models.base import Model

    for m in candidates:
        if not isinstance(m, Model):
            raise TypeError(f"candidate {m!r} does not follow forecast.models.base.Model "
                            f"(needs an `alias` and `fit(y, X)`)")
    aliases = [m.alias for m in candidates]
    if len(set(aliases)) != len(aliases):
        raise ValueError(f"duplicate model aliases {aliases}")
    return candidates


def _fit_candidates(pb: _Problem, candidates: list[Model]) -> _Candidates:
    """Step 1: fit every candidate on all data and compute its rolling-origin CV errors.

    CV origins (``_cv_origins``) are used only when there is a choice (more than one candidate). A
    candidate that raises is recorded in ``failed`` and left out; if none fits: GrowthsimError.
    """
    from forecast.models.base import Fitted

    h_cv = SETTINGS["cv_horizon"]
    fits, cv, failed = {}, {}, {}
    origins = _cv_origins(len(pb.y_log)) if len(candidates) > 1 else []
    for m in candidates:
        try:
            f, Xf = _fit_on(m, pb.y_log, pb.periods, pb.exog_builder, pb.future)
            e = (_cv_errors(m, f, pb.y_log, pb.periods, pb.exog_builder, origins) if origins
                 else np.zeros((0, h_cv)))
        except Exception as exc:  # a model failing on odd data falls back to the others
            failed[m.alias] = f"{type(exc).__name__}: {exc}"
            continue
        if not isinstance(f, Fitted):
            raise TypeError(f"{m.alias}: fit() returned {type(f).__name__}, which does not follow "
                            f"forecast.models.base.Fitted (spec, forecast, simulate, refit)")
        fits[m.alias] = (f, Xf)
        cv[m.alias] = e
    if not fits:
        raise GrowthsimError(f"{pb.name}: no model could be fitted ({'; '.join(failed.values())})")
    return _Candidates(fits, cv, failed, origins)


def _growth_err_pp(e: np.ndarray) -> float | None:
    """Mean absolute error of the CV origins' average growth over the CV horizon, pp."""
    return float(np.nanmean(np.abs(100 * (np.exp(np.nanmean(e, axis=1)) - 1)))) if e.size else None


def _select(cands: _Candidates) -> _Selection:
    """Step 2: score the candidates by CV mean absolute log error, then combine the best
    ``combine_top`` with inverse-error weights (``combine="always"``), or keep the best alone unless
    the combination scores lower (``"if_better"``). Without CV (series too short, or one candidate):
    the first candidate that fitted."""
    cv, fits = cands.cv, cands.fits
    scores = {a: float(np.nanmean(np.abs(e))) for a, e in cv.items() if e.size}
    model_scores = {a: {"mae_log": scores.get(a), "growth_err_pp": _growth_err_pp(e), "spec": fits[a][0].spec}
                    for a, e in cv.items()}
    if not scores:
        first = next(iter(fits))
        return _Selection({first: 1.0}, np.zeros((0, SETTINGS["cv_horizon"])), first, None, model_scores)
    weights = _weights(scores, SETTINGS["combine_top"])
    combo_err = sum(w * cv[a] for a, w in weights.items())
    best = min(scores, key=scores.get)
    combo_score = float(np.nanmean(np.abs(-combo_err)))
    combine = SETTINGS["combine"] == "always" or combo_score < scores[best]
    if len(weights) > 1 and combine:
        return _Selection(weights, combo_err, "combo(" + "+".join(weights) + ")", combo_score, model_scores)
    return _Selection({best: 1.0}, cv[best], best, combo_score, model_scores)


def _simulate_mixture(pb: _Problem, fits: dict[str, tuple[Fitted, np.ndarray]], chosen: dict[str, float],
                      n_paths: int, rng: np.random.Generator) -> np.ndarray:
    """Step 3: (n_paths, max(horizon, cv_horizon)) log paths, each chosen model contributing paths
    in proportion to its weight (largest remainder), shuffled so no model holds a block of rows."""
    sim_h = max(len(pb.future), SETTINGS["cv_horizon"])
    blocks = []
    for a, k in _allocate(chosen, n_paths).items():
        if k:
            f, Xf = fits[a]
            Xs = Xf if len(Xf) >= sim_h else np.asarray(
                pb.exog_builder(pb.periods, list(P.month_range(pb.origin + 1, pb.origin + sim_h)))[1], dtype=float)
            blocks.append(f.simulate(sim_h, k, Xs, rng))
    return np.concatenate(blocks, axis=0)[rng.permutation(n_paths)]


def _calibrate(logp: np.ndarray, errs: np.ndarray, rng: np.random.Generator, calibrate: bool
               ) -> tuple[np.ndarray, float, float | None]:
    """Step 4: (log paths, spread scale, CV variance ratio). With `calibrate`, the deviations from
    the median are widened by ``_calibration_scale`` (never narrowed) and each path's by its own
    sqrt(nu / chi2_nu), nu = ``tail_df`` (Student-t mixing); the ratio is reported either way."""
    scale, ratio = 1.0, None
    if errs.size:
        ratio = _variance_ratio(errs, logp.std(axis=0))
    if not calibrate:
        return logp, scale, ratio
    center = np.median(logp, axis=0)
    if errs.size:
        scale = _calibration_scale(errs, logp.std(axis=0))
    nu = SETTINGS["tail_df"]
    mix = np.sqrt(nu / rng.chisquare(nu, size=logp.shape[0])) if nu else np.ones(logp.shape[0])
    return center + scale * mix[:, None] * (logp - center), scale, ratio


def _metadata(pb: _Problem, cands: _Candidates, sel: _Selection, scale: float, ratio: float | None,
              calibrate: bool, t0: float) -> dict:
    """Step 5: the ``SamplePaths.scores`` dictionary (selection, weights, CV scores, calibration,
    failures, regressors, timing), see docs/forecast.md."""
    return {
        "selection": "combination" if len(sel.chosen) > 1 else "single",
        "weights": {a: round(w, 6) for a, w in sel.chosen.items()},
        "cv": sel.model_scores,
        "cv_combination_mae_log": sel.combo_score,
        "cv_origins": [P.to_str(pb.periods[k - 1]) for k in cands.origins],
        "cv_horizon": SETTINGS["cv_horizon"],
        "calibration_scale": round(scale, 4),
        "cv_variance_ratio": None if ratio is None else round(ratio, 4),
        "tail_df": SETTINGS["tail_df"] if calibrate else None,
        "failed": cands.failed,
        "regressors": list(pd.DataFrame(pb.exog_builder(pb.periods, [])[0]).columns.astype(str)),
        "fit_seconds": round(time.perf_counter() - t0, 3),
        "settings_version": SETTINGS["version"],
    }


@single_threaded_blas
def fit_select_paths(y: pd.Series, horizon: int = 12, n_paths: int = 2000, seed: int = 0,
                     exog_builder: ExogBuilder | None = None, *, series: str | None = None, unit: str = "",
                     data_vintage: str = "", candidates: list | None = None, calibrate: bool = True
                     ) -> SamplePaths:
    """Fit the candidates to `y` (levels, monthly index), select or combine by rolling-origin CV,
    and simulate `n_paths` paths for the `horizon` months after the last observation.

    `exog_builder(train_periods, future_periods) -> (X_train, X_future)` gives the regressors
    (default: Tết shares and COVID pulses). `candidates`: model instances (default:
    ``forecast.models.candidate_models()``); one candidate means no selection. Deterministic for a
    given seed. The result's ``scores`` hold the CV scores, weights, specs and calibration factor.
    Steps: ``_fit_candidates`` → ``_select`` → ``_simulate_mixture`` → ``_calibrate`` → ``_metadata``.
    """
    from forecast.models import candidate_models  # statsmodels: imported only when fitting

    t0 = time.perf_counter()
    name = series or (str(y.name) if y.name is not None else "series")
    y = check_level_series(y, name)
    horizon = check_horizon(horizon)
    candidates = _check_candidates(list(candidates) if candidates is not None else candidate_models())
    rng = np.random.default_rng(seed)
    periods = list(y.index)
    pb = _Problem(name, y, np.log(y.to_numpy(dtype=float)), periods,
                  P.month_range(periods[-1] + 1, periods[-1] + horizon),
                  exog_builder or default_exog_builder())

    cands = _fit_candidates(pb, candidates)
    sel = _select(cands)
    logp = _simulate_mixture(pb, cands.fits, sel.chosen, n_paths, rng)
    logp, scale, ratio = _calibrate(logp, sel.errs, rng, calibrate)
    meta = _metadata(pb, cands, sel, scale, ratio, calibrate, t0)
    return SamplePaths(series=name, unit=unit, origin=pb.origin, periods=pb.future,
                       paths=np.exp(logp[:, :horizon]), history=y.copy(), model=sel.label,
                       data_vintage=data_vintage, scores=meta)


def benchmark_paths(y: pd.Series, alias: str, horizon: int = 12, n_paths: int = 2000, seed: int = 0,
                    exog_builder: ExogBuilder | None = None, **kw) -> SamplePaths:
    """Paths of one named model alone (e.g. the benchmarks 'snaive', 'drift'; or 'ets'), no selection,
    no calibration: what a backtest compares the selected model with."""
    from forecast.models import benchmark_models, candidate_models, model_by_alias

    try:
        model = model_by_alias(alias)
    except KeyError:
        known = sorted({m.alias for m in candidate_models() + benchmark_models()})
        raise GrowthsimError(f"unknown model {alias!r}; known: {', '.join(known)}") from None
    return fit_select_paths(y, horizon, n_paths, seed, exog_builder, candidates=[model], calibrate=False, **kw)


# --------------------------------------------------------------------------- store series, cached

def monthly_series_ids(root=None) -> list[str]:
    """Monthly level series of the store that the engine can forecast: not rates (%), not
    year-to-date sums, not the trade balance (it can be negative)."""
    from forecast.data.api import catalog

    cat = catalog(root)
    cat = cat[cat["freq"] == "M"]
    rates = cat["unit"].astype(str).str.contains("%") | cat["id"].str.contains(r"yoy|growth|\.ytd$", regex=True)
    return sorted(cat.loc[~rates & (cat["id"] != "trade_balance"), "id"])


def known_series_text(root=None) -> str:
    """The headline monthly series of the store, and how many more there are (for error messages)."""
    known = monthly_series_ids(root)
    if not known:
        return "(none in this store)"
    head = [s for s in HEADLINE_SERIES if s in known] or known[:10]
    more = len(known) - len(head)
    return ", ".join(head) + (f" and {more} more ('growthsim data list')" if more > 0 else "")


def load_level_series(series: str, origin: pd.Period | str | None = None, root=None) -> tuple[pd.Series, str, str]:
    """(levels with a monthly PeriodIndex up to and including `origin`, unit, data vintage) of a monthly
    store series.

    Reads only ``load(series, as_of=origin)``: later months never reach the engine.
    """
    from forecast.data.api import catalog, check_series, load

    try:
        check_series([series], root)
    except UnknownSeriesError as exc:
        raise UnknownSeriesError(f"{exc.message.split(';')[0]}; monthly series known: "
                                 f"{known_series_text(root)}") from None
    cat = catalog(root).set_index("id")
    row = cat.loc[series]
    if row["freq"] != "M":
        raise GrowthsimError(f"{series} is a {'quarterly' if row['freq'] == 'Q' else 'annual'} series; "
                             f"forecast works on monthly series: {known_series_text(root)}")
    if origin is not None:
        origin = P.month(origin, "origin")
        if origin < P.month(row["first"]):
            raise GrowthsimError(f"origin {origin} is before the start of {series} ({row['first']})")
        if origin > P.month(row["last"]):
            raise GrowthsimError(f"origin {origin} is after the last month of {series} ({row['last']})")
    df = load(series, as_of=origin, root=root)
    y = pd.Series(df["value"].to_numpy(dtype=float), index=P.to_index(df["period"]), name=series)
    vintage = str(df["vintage"].max()) if len(df) else ""
    return y, str(row["unit"]), vintage


def sim_horizon(horizon: int) -> int:
    """Months the cached paths hold for a `horizon`: at least ``min_sim_horizon``, whole years."""
    return max(SETTINGS["min_sim_horizon"], int(math.ceil(horizon / 12) * 12))


def forecast_cache_key(series: str, y: pd.Series, vintage: str, n_paths: int, seed: int, sim_horizon: int) -> str:
    """The disk-cache key of a store series' forecast: data vintage, a hash of the (checked) values up to
    the origin, series, origin, paths, seed, simulated horizon (months), ``SETTINGS`` and the candidates'
    signature. `forecast_paths` and the batch (``forecast.batch``) share it, so each reads what the
    other wrote."""
    from forecast import cache
    from forecast.models import candidates_signature

    return cache.key(series=series, origin=P.to_str(y.index[-1]), vintage=vintage, values=cache.hash_series(y),
                     n_paths=n_paths, seed=seed, sim_horizon=sim_horizon, settings=SETTINGS,
                     candidates=candidates_signature())


def forecast_paths(series: str, origin: pd.Period | str | None = None, horizon: int = 12, n_paths: int = 2000,
                   seed: int = 0, root=None, y: pd.Series | None = None, *, unit: str | None = None,
                   data_vintage: str | None = None, use_cache: bool = True, refit: bool = False) -> SamplePaths:
    """Sample paths of a store series (or of `y`, if given) for `horizon` months after `origin`.

    `origin` (a month: Period or 'YYYY-MM'; default the last month) bounds the data read:
    ``load(series, as_of=origin)``.
    Paths are simulated for at least 24 months and cached (``forecast.cache``) under a key of the
    data vintage, a hash of the values, series, origin, n_paths, seed, ``SETTINGS`` and the candidate
    models' aliases and configuration (``forecast.models.candidates_signature``); a cached
    forecast loads in milliseconds. `refit=True` ignores and replaces the cache entry.
    """
    from forecast import cache

    horizon = check_horizon(horizon)
    if y is None:
        y, unit0, vintage0 = load_level_series(series, origin, root)
    else:
        y = check_level_series(y, series)
        if origin is not None:
            origin = P.month(origin, "origin")
            if origin < y.index[0] or origin > y.index[-1]:
                raise GrowthsimError(f"origin {origin} is outside the data of {series} "
                                     f"({y.index[0]}..{y.index[-1]})")
            y = y[y.index <= origin]
        unit0, vintage0 = "", ""
    unit = unit if unit is not None else unit0
    vintage = data_vintage if data_vintage is not None else vintage0
    y = check_level_series(y, series)
    sim_h = sim_horizon(horizon)
    key = forecast_cache_key(series, y, vintage, n_paths, seed, sim_h)
    sp = None if (refit or not use_cache) else cache.load(key)
    if sp is None:
        sp = fit_select_paths(y, sim_h, n_paths, seed, default_exog_builder(root), series=series, unit=unit,
                              data_vintage=vintage)
        if use_cache:
            cache.save(key, sp)
    return truncate(sp, horizon)


def truncate(sp: SamplePaths, horizon: int) -> SamplePaths:
    """The first `horizon` months of `sp`'s paths."""
    if horizon >= sp.horizon:
        return sp
    return SamplePaths(series=sp.series, unit=sp.unit, origin=sp.origin, periods=sp.periods[:horizon],
                       paths=sp.paths[:, :horizon], history=sp.history, model=sp.model,
                       data_vintage=sp.data_vintage, scores=sp.scores)
