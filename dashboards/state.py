"""The scenario a session is looking at: bounded params, testable without a browser.

`ScenarioState` holds what the sliders and inputs set (year, target, each sector's or group's
[low, high] growth and whether it is set or left to the baseline, published quarters, language) and
the `Result` of the scenario engine for it. It holds no arithmetic: `scenario()` builds the
`scenarios.scenario.Scenario` of the inputs, checked by the same `validate` as scenario files, and
`scenarios.runner.run` computes it, so the app, the CLI and the Python API give the same numbers.
A key keeps the distribution its scenario gave it (triangular, normal, from a file, the library or a
link) until its slider is moved. `scenarios.files.dumps` writes the scenario for the download, the
library and the link.

Links: `?lang=vi&sc=<the scenario file, UTF-8, URL-safe base64 without padding>` (every field of the
scenario). Links of the earlier readable form `?y=2025&t=8&s=industry:10~12,agriculture:3.5&k=1:7.2&n=Name`
(sectors as `key:value` or `key:low~high`, `s=-` for none) are still read.

A change of any input recomputes the scenario once (params are set together with `param.update`);
the baseline draws and base data are cached per process by the scenario engine, and results per
scenario text by `run_cached` (``forecast.cache.memoize``, keyed by the store's fingerprint), so going
back to a position answers from memory and an import into the store is seen at the next move.
"""
from __future__ import annotations

import base64
import binascii
import math
import re
import time
from dataclasses import replace
from pathlib import Path

import param

from forecast.cache import memoize
from forecast.data.sectors import GROUPS, LEAVES
from forecast.errors import GrowthsimError
from scenarios.assumptions import Assumption, Baseline, Point, Uniform
from scenarios.files import dumps, parse
from scenarios.limits import GROWTH_LIMITS, QUARTER_LIMITS
from scenarios.result import Result
from scenarios.runner import DEFAULT_DRAWS, run
from scenarios.scenario import ICOR_LIMITS, KEYS, Scenario, YearSpec, validate

from dashboards.i18n import LANGS, fmt_error, fmt_hint, fmt_number, t

TARGET_LIMITS = GROWTH_LIMITS      # a GDP target or growth bound outside this is refused (scenarios/limits.py)
SLIDER_LIMITS = (-10.0, 30.0)      # what the sliders show; params accept TARGET_LIMITS
YEAR_LIMITS = (2011, 2100)
# Verdict thresholds on the probability of reaching the target.
REACHABLE_FROM = 2 / 3
AT_RISK_FROM = 0.10
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "scenarios" / "2025_target_8pct.toml"
PRESETS = ("target8", "target8_broad", "baseline")
DEFAULT_NAME = "Kịch bản"
INPUTS = (["year", "target", "q1", "q2", "q3", "q4", "known_sectors", "draws", "seed", "root", "given", "independent",
           "vintage", "bounds", "years", "year_targets", "icor"]
          + [f"{k}_{s}" for k in KEYS for s in ("set", "range")])   # params whose change recomputes
MAX_LINK = 20_000                  # characters of a link's `sc` parameter


def verdict(probability: float) -> str:
    """'reachable' (P ≥ 2/3), 'at_risk' (10% ≤ P < 2/3) or 'out_of_reach' (P < 10%)."""
    if probability >= REACHABLE_FROM:
        return "reachable"
    if probability >= AT_RISK_FROM:
        return "at_risk"
    return "out_of_reach"


def verdict_help(lang: str) -> str:
    from dashboards.i18n import fmt_prob
    return t("verdict_help", lang, hi=fmt_prob(REACHABLE_FROM, lang), lo=fmt_prob(AT_RISK_FROM, lang),
             draws=fmt_number(DEFAULT_DRAWS, lang))


@memoize(maxsize=512)
def run_cached(toml: str, draws: int, seed: int | None, root: str | None) -> Result:
    """`scenarios.runner.run` on the scenario `toml` (`scenarios.files.dumps` of it: a lossless key),
    memoised per process and store content (after an import into `root` the next call computes from
    the new data)."""
    return run(parse(toml, source="app"), draws=draws, seed=seed, root=root)


def _num(x: float) -> str:
    return repr(round(float(x), 4))


def _range_of(a: Assumption) -> tuple[float, float]:
    """The [low, high] a slider shows for an assumption (distributions: their range, or 5th-95th percentiles)."""
    if isinstance(a, Point):
        return (a.value, a.value)
    lo, hi = a.bounds
    return (round(lo, 4), round(hi, 4))


def link_param(sc: Scenario) -> str:
    """The `sc` parameter of a link: the scenario file in URL-safe base64 without padding."""
    return base64.urlsafe_b64encode(dumps(sc).encode("utf-8")).rstrip(b"=").decode("ascii")


def scenario_from_link(value: str) -> Scenario:
    """The scenario of a link's `sc` parameter; ValueError when it is not one, ScenarioError when the
    scenario in it is refused (the scenario file checks)."""
    if len(value) > MAX_LINK:
        raise ValueError("sc: too long")
    try:
        text = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)).decode("utf-8")
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise ValueError("sc: not a scenario") from None
    return parse(text, source="link")


class ScenarioState(param.Parameterized):
    """One session's scenario: inputs (bounded params) and the engine's result for them."""

    lang = param.Selector(default="vi", objects=list(LANGS), doc="language of labels and numbers")
    scenario_name = param.String(default=DEFAULT_NAME, doc="scenario name (saved with it, shown as text)")
    year = param.Integer(default=2025, bounds=YEAR_LIMITS, doc="scenario year")
    target = param.Number(default=8.0, bounds=TARGET_LIMITS, doc="GDP growth target, %")
    q1 = param.Number(default=None, allow_None=True, bounds=QUARTER_LIMITS,
                      doc="known Q1 GDP growth yoy, % (conditions the baseline)")
    q2 = param.Number(default=None, allow_None=True, bounds=QUARTER_LIMITS,
                      doc="known Q2 GDP growth yoy, % (conditions the baseline)")
    q3 = param.Number(default=None, allow_None=True, bounds=QUARTER_LIMITS,
                      doc="known Q3 GDP growth yoy, % (conditions the baseline)")
    q4 = param.Number(default=None, allow_None=True, bounds=QUARTER_LIMITS,
                      doc="known Q4 GDP growth yoy, % (conditions the baseline)")
    for _k in KEYS:
        locals()[f"{_k}_set"] = param.Boolean(default=False, doc=f"{_k}: set by the user (else baseline)")
        locals()[f"{_k}_range"] = param.Range(default=(6.0, 8.0), bounds=TARGET_LIMITS,
                                              doc=f"{_k}: growth %, low and high (equal: a point)")
    del _k

    key_order = param.List(default=[], item_type=str, doc="order of the keys in the scenario file (it orders "
                           "the Monte Carlo's columns, so a file and the app give identical draws)")
    given = param.Dict(default={}, doc="key -> Assumption of the scenario last shown (preset, library, link): "
                       "kept, distribution and all, while the key's range is not moved")
    independent = param.Boolean(default=False, doc="the scenario's `independent` (no copula between keys)")
    vintage = param.String(default=None, allow_None=True, doc="the scenario's data vintage YYYY-MM-DD (None: latest)")
    known_sectors = param.Dict(default={}, doc="the scenario's [known.YYYYQn] sectors: quarter -> {sector: %} "
                               "(from a file, the library or a link; the quarter boxes set the totals)")
    bounds = param.Dict(default={}, doc="the scenario's [bounds]: key -> (low, high) %, for the least-change plan")
    years = param.Dict(default={}, doc="the scenario's [years.YYYY] assumptions: year -> {key: Assumption} "
                       "(a chain's link years, a plan's per-year overrides)")
    year_targets = param.Dict(default={}, doc="the [years.YYYY] targets: year -> GDP growth target, %")
    icor = param.Number(default=None, allow_None=True, bounds=ICOR_LIMITS,
                        doc="the ICOR for the investment share needed (None: the engine's default)")
    draws = param.Integer(default=DEFAULT_DRAWS, bounds=(1000, 1_000_000), doc="Monte Carlo draws")
    seed = param.Integer(default=None, allow_None=True, bounds=(0, None),
                         doc="random seed (None: the scenario engine's default, 2025)")
    root = param.String(default=None, allow_None=True, doc="data store (None: the default store)")

    result = param.Parameter(default=None, doc="scenarios.Result of the inputs (None until computed, and "
                             "while the inputs cannot be computed: nothing stale is shown as if valid)")
    error = param.String(default="", doc="why the inputs cannot be computed ('' when they can)")
    hint = param.String(default="", doc="what to add or change so that they can ('' when they can)")
    notice = param.String(default="", doc="a message for the user (refused input, malformed link, …)")
    update_ms = param.Number(default=0.0, doc="time of the last recomputation, ms")

    def __init__(self, compute: bool = True, **params):
        super().__init__(**params)
        self._compute = compute
        self._failure: Exception | None = None
        self.param.watch(self._relabel_error, "lang")
        if compute and self.result is None:
            self.recompute()

    # ------------------------------------------------------------------ inputs -> scenario text
    def known(self) -> dict[int, float]:
        return {q: v for q, v in ((1, self.q1), (2, self.q2), (3, self.q3), (4, self.q4)) if v is not None}

    def growth(self) -> dict[str, tuple[float, float]]:
        """{key: (low, high)} of the keys set by the user: in the order of the scenario they came from
        (`key_order`), then leaves, then groups."""
        order = [k for k in self.key_order if k in KEYS] + [k for k in KEYS if k not in self.key_order]
        return {k: tuple(getattr(self, f"{k}_range")) for k in order if getattr(self, f"{k}_set")}

    def assumption(self, key: str) -> Assumption:
        """What `key`'s inputs say: its scenario's assumption while the range shows it, else the range
        ([low, high] uniform, or a point when low = high)."""
        lo, hi = (float(x) for x in getattr(self, f"{key}_range"))
        a = self.given.get(key)
        if a is not None and not isinstance(a, Baseline) and _range_of(a) == (lo, hi):
            return a
        return Point(lo) if lo == hi else Uniform(lo, hi)

    def unchecked(self) -> Scenario:
        """The Scenario of the inputs, not yet checked."""
        order = [k for k in self.key_order if k in KEYS] + [k for k in KEYS if k not in self.key_order]
        growth: dict[str, Assumption] = {}
        for k in order:
            if getattr(self, f"{k}_set"):
                growth[k] = self.assumption(k)
            elif isinstance(self.given.get(k), Baseline):
                growth[k] = Baseline()            # written "baseline" in its scenario: kept so
        years = {y: YearSpec(growth=dict(self.years.get(y, {})), target=self.year_targets.get(y))
                 for y in sorted(set(self.years) | set(self.year_targets))}
        return Scenario(name=self.scenario_name, year=self.year, target=float(self.target), growth=growth,
                        known=self.known(), known_sectors=dict(self.known_sectors), independent=self.independent,
                        vintage=self.vintage, seed=self.seed,
                        bounds={k: (float(lo), float(hi)) for k, (lo, hi) in self.bounds.items()},
                        years=years, icor=self.icor)

    def scenario(self) -> Scenario:
        """The Scenario of the inputs; ScenarioError (a one-line reason) when the scenario checks refuse it."""
        return validate(self.unchecked())

    def scenario_toml(self) -> str:
        """The scenario as a scenario file (docs/scenarios.md): what `growthsim scenario run` reads."""
        return dumps(self.unchecked())

    # ------------------------------------------------------------------ computing
    @param.depends(*INPUTS, watch=True)
    def _inputs_changed(self) -> None:
        if self._compute:
            self.recompute()

    def compute(self, toml: str):
        """The engine's result for the scenario file `toml` (memoised: `run_cached`)."""
        return run_cached(toml, self.draws, self.seed, self.root)

    def recompute(self) -> None:
        """Run the scenario engine on the inputs; on a user error clear the result (the headline, charts,
        tables and downloads show nothing of the last inputs) and say why and what to add."""
        t0 = time.perf_counter()
        try:
            res = self.compute(dumps(self.scenario()))
        except GrowthsimError as exc:
            self._failure = exc
            self.param.update(result=None, error=fmt_error(exc, self.lang),
                              hint=fmt_hint(exc, self.lang), update_ms=(time.perf_counter() - t0) * 1e3)
            return
        self._failure = None
        self.param.update(result=res, error="", hint="", update_ms=(time.perf_counter() - t0) * 1e3)

    def _relabel_error(self, *events) -> None:
        if self._failure is not None and self.error:
            self.param.update(error=fmt_error(self._failure, self.lang),
                              hint=fmt_hint(self._failure, self.lang))

    # ------------------------------------------------------------------ guarded setters (bad input)
    def set_target(self, value) -> bool:
        """Set the target if it is a number within TARGET_LIMITS; else keep it and set `notice`."""
        if not self._target_ok(value):
            return self._refuse_target(value, self.target)
        self.target = float(value)
        return True

    @staticmethod
    def _target_ok(value) -> bool:
        return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value) \
            and TARGET_LIMITS[0] <= value <= TARGET_LIMITS[1]

    def _refuse_target(self, value, old: float) -> bool:
        """Say that target `value` is refused and `old` kept (`notice`); False."""
        shown = fmt_number(value, self.lang, 1) if isinstance(value, (int, float)) else repr(value)
        self.notice = t("target_refused", self.lang, value=shown, lo=fmt_number(TARGET_LIMITS[0], self.lang),
                        hi=fmt_number(TARGET_LIMITS[1], self.lang), old=fmt_number(old, self.lang, 1))
        return False

    def set_range(self, key: str, low: float, high: float) -> None:
        """Set `key` to [low, high] % (and mark it set): one recomputation."""
        lo, hi = sorted((float(low), float(high)))
        lo, hi = max(lo, TARGET_LIMITS[0]), min(hi, TARGET_LIMITS[1])
        self.param.update({f"{key}_range": (round(lo, 4), round(hi, 4)), f"{key}_set": True})

    # ------------------------------------------------------------------ [years.YYYY]: one year's assumptions
    def year_range(self, year: int, key: str) -> tuple[float, float]:
        """The [low, high] `key` has in `year`: its [years.YYYY] assumption, else the all-years slider."""
        a = self.years.get(year, {}).get(key)
        return _range_of(a) if a is not None else tuple(getattr(self, f"{key}_range"))

    def set_year_range(self, year: int, key: str, low: float, high: float) -> None:
        """Set `key` to [low, high] % in `year` only (a point when equal): one recomputation."""
        lo, hi = sorted((max(float(low), TARGET_LIMITS[0]), min(float(high), TARGET_LIMITS[1])))
        a = Point(round(lo, 4)) if lo == hi else Uniform(round(lo, 4), round(hi, 4))
        self.years = {**self.years, year: {**self.years.get(year, {}), key: a}}

    def clear_year_range(self, year: int, key: str) -> None:
        """`key` in `year` takes the all-years value again."""
        left = {k: a for k, a in self.years.get(year, {}).items() if k != key}
        self.years = {**{y: v for y, v in self.years.items() if y != year}, **({year: left} if left else {})}

    def set_year_target(self, year: int, value: float | None) -> bool:
        """Set `year`'s own target (None: the scenario's); a value outside TARGET_LIMITS is refused (notice)."""
        if value is not None and not self._target_ok(value):
            return self._refuse_target(value, self.year_targets.get(year, self.target))
        rest = {y: v for y, v in self.year_targets.items() if y != year}
        self.year_targets = rest if value is None else {**rest, year: float(value)}
        return True

    def link_years(self) -> list[int]:
        """The years before `year` whose estimates the scenario stands on (the chain's links,
        `scenarios.chain.chain_years`: for 2026 on data whose last full year is 2024, [2025]); [] when
        it needs none or the chain is refused."""
        from scenarios.chain import chain_years

        try:
            sc = replace(self.unchecked(), known={}, known_sectors={})   # the quarter boxes: see fill_year
            return [y for y in chain_years(sc, self.root) if y < self.year]
        except GrowthsimError:
            return []

    def fill_year(self, year: int) -> None:
        """Write `year`'s baseline growth per sector into its [years.YYYY] table, for the user to edit
        (`scenarios.prefill.baseline_estimates`); one recomputation. A scenario after the year the data
        can weight cannot use published quarters (they condition only that first chain year): the
        quarter boxes, if filled, condition the first chain year's estimates and are then cleared.
        GrowthsimError when `year` has no baseline."""
        from scenarios.prefill import baseline_estimates

        use_known = year == min(self.link_years(), default=None) and self.year > year
        known, sectors = (self.known(), dict(self.known_sectors)) if use_known else ({}, {})
        est = baseline_estimates(year, self.root, self.vintage, known=known, known_sectors=sectors)
        vals = {"years": {**self.years, year: {k: Point(v) for k, v in est.items()}}}
        if known or sectors:
            vals.update(q1=None, q2=None, q3=None, q4=None, known_sectors={})
        self.param.update(vals)

    # ------------------------------------------------------------------ scenarios in, presets
    def values_of(self, sc: Scenario) -> dict:
        """Param values that reproduce scenario `sc` (a slider shows a distribution's range; the
        distribution itself is kept in `given`)."""
        vals: dict = {"scenario_name": sc.name, "year": sc.year, "target": sc.target, "key_order": list(sc.growth),
                      "q1": None, "q2": None, "q3": None, "q4": None, "given": dict(sc.growth), "seed": sc.seed,
                      "independent": sc.independent, "vintage": sc.vintage, "bounds": dict(sc.bounds),
                      "known_sectors": {q: dict(v) for q, v in sc.known_sectors.items()},
                      "years": {y: dict(spec.growth) for y, spec in sc.years.items() if spec.growth},
                      "year_targets": {y: spec.target for y, spec in sc.years.items() if spec.target is not None},
                      "icor": sc.icor}
        for q, v in sc.known.items():
            vals[f"q{q}"] = v
        for k in KEYS:
            a = sc.growth.get(k, Baseline())
            vals[f"{k}_set"] = not isinstance(a, Baseline)
            if not isinstance(a, Baseline):
                vals[f"{k}_range"] = _range_of(a)
        return vals

    def apply_scenario(self, sc: Scenario) -> None:
        """Show scenario `sc` (from a preset, the library or a link): one recomputation."""
        self.param.update(self.values_of(sc))

    def preset(self, key: str) -> Scenario:
        """'target8' (examples/scenarios/2025_target_8pct.toml), 'target8_broad' (the same with energy
        read broadly: electricity + mining), 'baseline' (every sector from the forecast engine)."""
        if key == "baseline":
            return Scenario(name=t("preset_baseline", self.lang), year=self.year, target=self.target)
        sc = parse(EXAMPLE.read_text(encoding="utf-8"), source=str(EXAMPLE))
        if key == "target8_broad":
            growth = {k: v for k, v in sc.growth.items() if k != "electricity"}
            growth["energy"] = sc.growth["electricity"]
            sc = Scenario(name=sc.name.replace("energy", "energy (broad)"), year=sc.year, target=sc.target,
                          growth=growth, known=sc.known, seed=sc.seed)
        elif key != "target8":
            raise ValueError(f"unknown preset {key!r}; one of {', '.join(PRESETS)}")
        return sc

    def apply_preset(self, key: str) -> None:
        self.apply_scenario(self.preset(key))

    # ------------------------------------------------------------------ URL state
    def to_query(self) -> dict[str, str]:
        """The scenario as URL query parameters: lang and sc (`link_param`: the scenario file, every field)."""
        return {"lang": self.lang, "sc": link_param(self.unchecked())}

    def legacy_query(self) -> dict[str, str]:
        """The earlier readable form of a link: lang, y (year), t (target), s (set keys), k (known), n (name).
        It holds ranges and points only; kept to test that such links still load."""
        s = ",".join(f"{k}:{_num(lo)}" if lo == hi else f"{k}:{_num(lo)}~{_num(hi)}"
                     for k, (lo, hi) in self.growth().items())
        q = {"lang": self.lang, "y": str(self.year), "t": _num(self.target), "s": s or "-"}
        known = self.known()
        if known:
            q["k"] = ",".join(f"{i}:{_num(v)}" for i, v in sorted(known.items()))
        if self.scenario_name != DEFAULT_NAME:
            q["n"] = self.scenario_name
        return q

    def values_from_query(self, query: dict[str, str]) -> dict:
        """Param values from URL query parameters (`sc`, or the earlier y/t/s/k/n form); ValueError
        (saying what) when malformed, ScenarioError when the scenario checks refuse the scenario."""
        vals: dict = {}
        if "lang" in query:
            if query["lang"] not in LANGS:
                raise ValueError(f"lang={query['lang']!r}")
            vals["lang"] = query["lang"]
        if "sc" in query:
            return {**self.values_of(scenario_from_link(query["sc"])), **vals}
        if "y" in query:
            if not re.fullmatch(r"\d{4}", query["y"]) or not YEAR_LIMITS[0] <= int(query["y"]) <= YEAR_LIMITS[1]:
                raise ValueError(f"y={query['y']!r}")
            vals["year"] = int(query["y"])
        if "t" in query:
            vals["target"] = _bounded(query["t"], "t")
        if "n" in query:
            name = query["n"].strip()
            if not name or len(name) > 200:
                raise ValueError("n")
            vals["scenario_name"] = name
        if "s" in query:
            vals.update({f"{k}_set": False for k in KEYS})
            vals["key_order"], vals["given"] = [], {}
            if query["s"] != "-":
                for item in query["s"].split(","):
                    key, _, spec = item.partition(":")
                    if key not in KEYS:
                        raise ValueError(f"unknown sector {key!r}")
                    lo, _, hi = spec.partition("~")
                    lo_v = _bounded(lo, key)
                    hi_v = _bounded(hi, key) if hi else lo_v
                    if lo_v > hi_v:
                        raise ValueError(f"{key}: low above high")
                    vals[f"{key}_set"], vals[f"{key}_range"] = True, (lo_v, hi_v)
                    vals["key_order"].append(key)
        if "k" in query:
            vals.update({"q1": None, "q2": None, "q3": None, "q4": None})
            for item in filter(None, query["k"].split(",")):
                q, _, v = item.partition(":")
                if q not in ("1", "2", "3", "4"):
                    raise ValueError(f"quarter {q!r}")
                vals[f"q{q}"] = _bounded(v, f"Q{q}", QUARTER_LIMITS)
        return vals

    def apply_query(self, query: dict[str, str]) -> bool:
        """Show the scenario of a link. A malformed link leaves the defaults and sets `notice`."""
        try:
            vals = self.values_from_query(query)
            keep = {k: v for k, v in self.param.values().items() if k not in ("name", "result")}
            trial = ScenarioState(compute=False, **{**keep, **vals})
            trial.scenario()      # the scenario layer's own checks (e.g. a group and all its members)
        except (ValueError, GrowthsimError) as exc:
            lang = query.get("lang") if query.get("lang") in LANGS else self.lang
            why = fmt_error(exc, lang) if isinstance(exc, GrowthsimError) else str(exc)
            self.notice = t("bad_url", lang, why=why)
            return False
        self.param.update(vals)
        return True


def _bounded(text: str, what: str, limits: tuple[float, float] = TARGET_LIMITS) -> float:
    try:
        v = float(text)
    except (TypeError, ValueError):
        raise ValueError(f"{what}={text!r}") from None
    if not math.isfinite(v) or not limits[0] <= v <= limits[1]:
        raise ValueError(f"{what}={text!r} outside {limits[0]:g}..{limits[1]:g}")
    return v


def default_state(lang: str = "vi", root: str | None = None, compute: bool = True) -> ScenarioState:
    """A state showing the 'Target 8%' preset."""
    st = ScenarioState(compute=False, lang=lang, root=root)
    st.param.update(st.values_of(st.preset("target8")))
    st._compute = compute
    if compute:
        st.recompute()
    return st


__all__ = ["ScenarioState", "default_state", "verdict", "verdict_help", "run_cached", "LEAVES", "GROUPS"]
