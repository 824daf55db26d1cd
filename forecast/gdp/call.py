"""The GDP call: the baseline's annual real GDP growth for a year at a monthly origin, its quarters, and
what moved it since an earlier month (``gdp_call``).

* The call: the chosen model (``forecast.gdp.baseline.simulate_chosen``: factor a year ahead, pool of
  bridge and factor in January-June, bridge in July-December; CALL_DRAWS draws, seed `seed`) on the
  data as known at `origin`, conditioned on any `known` quarters; annual growth = the year's four quarters of GDP
  (sum of the leaf sectors, billion VND at 2010 prices) against last year's, %.
* The quarters: published ones (in the store at `origin`) with their growth, the others called with
  their 10th and 90th percentiles.
* The news: the decomposition of the chosen model's call. Starting from the data as known at `since`, the new data
  points are added one series at a time — GDP by sector first (a quarter published in between),
  then each indicator in ``forecast.bridge.indicator_ids()`` order — and the call is simulated again
  after each with the same seed (common random numbers: the same residual blocks, coefficient and
  path picks). A series' contribution is the change of the mean call when its points arrive, pp;
  the contributions add up exactly to the call at `origin` minus the call at `since` (the last step
  is the data at `origin`). Equations are refitted at every step, so a point moves the call through
  its quarter, through the engine's forecast of the months after it, and through the coefficients.

Results are cached on disk (``forecast.cache``, folder ``gdp_call/``), keyed by the store's
fingerprint and every argument: a repeated call reads one small JSON file.
"""
from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field

import numpy as np
import pandas as pd

from forecast import periods as P
from forecast.errors import GrowthsimError

CALL_DRAWS = 10_000
CACHE_KIND = "gdp_call"
CACHE_VERSION = "gdp-call-4"   # 3: the chosen model (forecast.gdp.baseline), not the bridge alone; 4: news steps from since


@dataclass
class Call:
    """The call of `year`'s annual real GDP growth (%) at `origin`, and its news since `since`.

    `call`: {mean, p10, p50, p90} %; `probability_reach`: P(growth >= target) or None without a
    target; `quarters`: [{quarter, status ('published' | 'called', or 'known' for a quarter given in
    `known`), growth_pct, p10, p90}];
    `news`: [{series, period, contribution_pp}]; `since_mean`: the mean call at `since`, %.
    """

    year: int
    origin: str
    since: str
    data_vintage: str
    call: dict
    probability_reach: float | None
    quarters: list[dict]
    news: list[dict]
    since_mean: float
    target: float | None = None
    draws: int = CALL_DRAWS
    extra: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        """The JSON object of ``growthsim gdp call --format json`` (keys in docs/forecast.md)."""
        out = {"year": self.year, "origin": self.origin, "since": self.since, "data_vintage": self.data_vintage,
               "call": self.call}
        if self.target is not None:
            out["probability_reach"] = self.probability_reach
        out["quarters"] = self.quarters
        out["news"] = self.news
        return out


def data_span(root=None) -> tuple[pd.Period, pd.Period]:
    """(first, last) month at which every bridge indicator is in the store: the origins a call can take."""
    from forecast.bridge import indicator_ids
    from forecast.data.api import catalog, check_series

    ids = indicator_ids()
    check_series(ids, root)
    cat = catalog(root).set_index("id")
    first = max(P.month(str(cat.loc[s, "first"])) for s in ids)
    last = max(P.month(str(cat.loc[s, "last"])) for s in ids)
    return first, last


def check_origins(origin: pd.Period | str | None, since: pd.Period | str | None,
                  root=None) -> tuple[pd.Period, pd.Period]:
    """(origin, since) checked against the data: origin default the data's last month, since default
    the month before the origin; GrowthsimError (one line) when either is outside the data."""
    first, last = data_span(root)
    origin = last if origin is None else P.month(origin, "--origin")
    for what, m in (("--origin", origin), ("--since", since)):
        if m is None:
            continue
        m = P.month(m, what)
        if m < first:
            raise GrowthsimError(f"{what} {m} is before the indicators start ({first})")
        if m > last:
            raise GrowthsimError(f"{what} {m} is after the data end ({last})")
    since = origin - 1 if since is None else P.month(since, "--since")
    if since >= origin:
        raise GrowthsimError(f"--since {since} must be before --origin {origin}")
    if since < first:
        raise GrowthsimError(f"--since {since} is before the indicators start ({first})")
    return origin, since


def _annual_gdp(draws, year: int) -> np.ndarray:
    """Annual GDP growth per draw, %: the year's quarters of all sectors over last year's."""
    cur = [i for i, q in enumerate(draws.quarters) if q.year == year]
    prev = [i for i, q in enumerate(draws.quarters) if q.year == year - 1]
    return (draws.levels[:, cur, :].sum(axis=(1, 2)) / draws.levels[:, prev, :].sum(axis=(1, 2)) - 1) * 100


def _simulate(data, year: int, n: int, seed: int, known, root, model: str):
    from forecast.gdp.baseline import simulate_model

    return simulate_model(model, year, n, seed, root, data, known)


def _quarters(draws, year: int, typed) -> list[dict]:
    """The year's quarters: status 'published' (in the store), 'known' (given in `typed`: the app's
    quarter boxes) or 'called', GDP growth yoy % (mean over the draws) and its p10 / p90."""
    out = []
    for q in P.quarter_range(f"{year}Q1", f"{year}Q4"):
        g = draws.quarter_growth_pct(q, total=True)
        published = bool(draws.published[draws.quarters.get_loc(q)])
        status = "known" if q in typed else "published" if published else "called"
        out.append({"quarter": P.to_str(q), "status": status,
                    "growth_pct": float(g.mean()), "p10": float(np.percentile(g, 10)),
                    "p90": float(np.percentile(g, 90))})
    return out


def _periods(new: pd.Index) -> str:
    """'2025-02', or '2025-01..2025-02' for several new periods."""
    s = sorted(new)
    return P.to_str(s[0]) if len(s) == 1 else f"{P.to_str(s[0])}..{P.to_str(s[-1])}"


def news(year: int, origin_data, since_data, n: int, seed: int, known=None,
         root=None, model: str = "bridge") -> tuple[list[dict], float, float]:
    """([{series, period, contribution_pp}], mean call at since, mean call at origin): the new data
    points between the two data sets added one series at a time with the same seed and the same
    `model` (module docstring; the factor model's panel runs to the newest month of each step's
    data, so an added month enters at once)."""
    from dataclasses import replace

    from forecast.bridge import indicator_ids

    step = since_data
    before = float(_annual_gdp(_simulate(step, year, n, seed, known, root, model), year).mean())
    start, rows = before, []
    changes: list[tuple[str, str, object]] = []
    new_q = origin_data.gdp.index.difference(since_data.gdp.index)
    if len(new_q) or not origin_data.gdp.equals(since_data.gdp):
        changes.append(("gdp_real", _periods(new_q) if len(new_q) else "revised", ("gdp", origin_data.gdp)))
    for s in indicator_ids():
        a, b = since_data.monthly[s], origin_data.monthly[s]
        if not a.equals(b):
            new_m = b.index.difference(a.index)
            changes.append((s, _periods(new_m) if len(new_m) else "revised", ("monthly", s)))
    for i, (series, period, (kind, what)) in enumerate(changes):
        if i == len(changes) - 1:
            step = origin_data
        elif kind == "gdp":
            step = replace(step, gdp=what)
        else:
            step = replace(step, monthly={**step.monthly, what: origin_data.monthly[what]})
        after = float(_annual_gdp(_simulate(step, year, n, seed, known, root, model), year).mean())
        rows.append({"series": series, "period": period, "contribution_pp": after - before})
        before = after
    return rows, start, before


def gdp_call(year: int, origin: pd.Period | str | None = None, since: pd.Period | str | None = None,
             target: float | None = None, n: int = CALL_DRAWS, seed: int = 0, known: Mapping | None = None,
             root=None, use_cache: bool = True) -> Call:
    """The call of `year`'s annual GDP growth at `origin` (default: the data's last month) and the news
    since `since` (default: the month before), optionally conditioned on `known` quarters
    ({'YYYYQn': forecast.conditioning.KnownQuarter}). Cached on disk (module docstring)."""
    from forecast import cache
    from forecast.conditioning import cache_part, normalise
    from forecast.data.sectors import LEAVES

    if isinstance(year, bool) or not isinstance(year, (int, np.integer)):
        raise GrowthsimError(f"--year must be a whole number, got {year!r}")
    if target is not None and not (isinstance(target, (int, float)) and np.isfinite(target)):
        raise GrowthsimError(f"--target must be a number (%), got {target!r}")
    typed = normalise(known, LEAVES)
    k = cache.store_key(root, kind=CACHE_VERSION, year=int(year), origin=None if origin is None else str(origin),
                        since=None if since is None else str(since), target=target, n=int(n), seed=int(seed),
                        known=cache_part(typed), bridge=_bridge_version())
    path = cache.cache_dir() / CACHE_KIND / f"{k}.json"
    if use_cache and path.is_file():
        try:
            return Call(**json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError):
            pass
    result = _compute(int(year), origin, since, target, int(n), int(seed), typed, root)
    if use_cache:
        cache.atomic_write(path, json.dumps(asdict(result)).encode("utf-8"))
    return result


def _bridge_version() -> list:
    """What the bridge's draws depend on besides the data: its cache version, indicators, the engine's
    settings and candidate models."""
    from forecast.bridge import CACHE_VERSION as BRIDGE, INDICATORS
    from forecast.engine import SETTINGS
    from forecast.gdp.baseline import CACHE_VERSION as BASELINE
    from forecast.gdp.factor import SETTINGS as FACTOR
    from forecast.gdp.models import CHOICE
    from forecast.models import candidates_signature

    return [BRIDGE, INDICATORS, SETTINGS, candidates_signature(), BASELINE, FACTOR, CHOICE]


def _compute(year: int, origin, since, target, n: int, seed: int, typed, root) -> Call:
    from forecast.bridge import load_bridge_data

    origin, since = check_origins(origin, since, root)
    from forecast.gdp.baseline import simulate_chosen

    data = load_bridge_data(origin, root)
    draws, model = simulate_chosen(year, n, seed, root, data, typed)
    g = _annual_gdp(draws, year)
    rows, since_mean, end_mean = news(year, data, load_bridge_data(since, root), n, seed, typed, root, model)
    call = {"mean": float(g.mean()), "p10": float(np.percentile(g, 10)), "p50": float(np.percentile(g, 50)),
            "p90": float(np.percentile(g, 90))}
    prob = float((g >= target).mean()) if target is not None else None
    return Call(year=year, origin=P.to_str(origin), since=P.to_str(since), data_vintage=data.vintage, call=call,
                probability_reach=prob, quarters=_quarters(draws, year, typed), news=rows, since_mean=since_mean,
                target=None if target is None else float(target), draws=n, extra={"model": model})


def call_text(c: Call) -> str:
    """The call as a few lines of text (``growthsim gdp call``)."""
    lines = [f"GDP {c.year}: annual growth {c.call['mean']:.2f}% (median {c.call['p50']:.2f}%; "
             f"80% interval {c.call['p10']:.2f} .. {c.call['p90']:.2f}%)"]
    if c.target is not None:
        lines.append(f"  P(growth >= {c.target:g}%) = {c.probability_reach:.3f}")
    lines.append(f"  origin {c.origin}, data vintage {c.data_vintage}, {c.draws:,} draws "
                 f"(model: {c.extra.get('model', 'bridge')}, forecast.gdp.baseline)")
    lines.append("  quarter  status     growth %   p10 .. p90")
    for q in c.quarters:
        band = "" if q["status"] == "published" else f"{q['p10']:6.2f} .. {q['p90']:.2f}"
        lines.append(f"  {q['quarter']}   {q['status']:<9}  {q['growth_pct']:7.2f}   {band}")
    total = c.call["mean"] - c.since_mean
    lines.append(f"  since {c.since} (call {c.since_mean:.2f}%): {total:+.2f} pp")
    for r in c.news:
        lines.append(f"    {r['series']:<18} {r['period']:<17} {r['contribution_pp']:+.3f} pp")
    if not c.news:
        lines.append("    no new data points")
    return "\n".join(lines)
