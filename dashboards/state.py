"""The scenario a session is looking at: bounded params, testable without a browser.

`ScenarioState` holds what the sliders and inputs set (year, target, each sector's or group's
[low, high] growth and whether it is set or left to the baseline, published quarters, language) and
the `Result` of the scenario engine for it. It holds no arithmetic: it writes the scenario as the
same TOML a user would put in a file (`scenario_toml`), reads it with `scenarios.files.parse` and runs
`scenarios.runner.run`, so the app, the CLI and the Python API give the same numbers.

A change of any input recomputes the scenario once (params are set together with `param.update`);
the baseline draws and base data are cached per process by the scenario engine, and results per
scenario text by `pn.cache`, so going back to a position answers from memory.
"""
from __future__ import annotations

import json
import math
import re
import time
from pathlib import Path

import panel as pn
import param

from forecast.data.sectors import GROUPS, LEAVES
from forecast.errors import GrowthsimError
from scenarios.assumptions import Baseline, Normal, Point, Triangular, Uniform
from scenarios.files import parse
from scenarios.result import Result
from scenarios.runner import DEFAULT_DRAWS, DEFAULT_SEED, run
from scenarios.scenario import KEYS, Scenario

from dashboards.i18n import LANGS, fmt_number, t

TARGET_LIMITS = (-50.0, 50.0)      # a GDP target or growth bound outside this is refused
SLIDER_LIMITS = (-10.0, 30.0)      # what the sliders show; params accept TARGET_LIMITS
YEAR_LIMITS = (2011, 2100)
# Verdict thresholds on the probability of reaching the target.
REACHABLE_FROM = 2 / 3
AT_RISK_FROM = 0.10
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "scenarios" / "2025_target_8pct.toml"
PRESETS = ("target8", "target8_broad", "baseline")
DEFAULT_NAME = "Kịch bản"
INPUTS = (["year", "target", "q1", "q2", "q3", "q4", "draws", "seed", "root"]
          + [f"{k}_{s}" for k in KEYS for s in ("set", "range")])   # params whose change recomputes


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


@pn.cache(max_items=512)
def run_cached(toml: str, draws: int, seed: int, root: str | None) -> Result:
    """`scenarios.runner.run` on the scenario text, memoised per process."""
    return run(parse(toml, source="app"), draws=draws, seed=seed, root=root)


def _toml_str(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)


def _num(x: float) -> str:
    return repr(round(float(x), 4))


class ScenarioState(param.Parameterized):
    """One session's scenario: inputs (bounded params) and the engine's result for them."""

    lang = param.Selector(default="vi", objects=list(LANGS), doc="language of labels and numbers")
    scenario_name = param.String(default=DEFAULT_NAME, doc="scenario name (saved with it, shown as text)")
    year = param.Integer(default=2025, bounds=YEAR_LIMITS, doc="scenario year")
    target = param.Number(default=8.0, bounds=TARGET_LIMITS, doc="GDP growth target, %")
    q1 = param.Number(default=None, allow_None=True, bounds=TARGET_LIMITS, doc="published Q1 GDP growth yoy, %")
    q2 = param.Number(default=None, allow_None=True, bounds=TARGET_LIMITS, doc="published Q2 GDP growth yoy, %")
    q3 = param.Number(default=None, allow_None=True, bounds=TARGET_LIMITS, doc="published Q3 GDP growth yoy, %")
    q4 = param.Number(default=None, allow_None=True, bounds=TARGET_LIMITS, doc="published Q4 GDP growth yoy, %")
    for _k in KEYS:
        locals()[f"{_k}_set"] = param.Boolean(default=False, doc=f"{_k}: set by the user (else baseline)")
        locals()[f"{_k}_range"] = param.Range(default=(6.0, 8.0), bounds=TARGET_LIMITS,
                                              doc=f"{_k}: growth %, low and high (equal: a point)")
    del _k

    key_order = param.List(default=[], item_type=str, doc="order of the keys in the scenario file (it orders "
                           "the Monte Carlo's columns, so a file and the app give identical draws)")
    draws = param.Integer(default=DEFAULT_DRAWS, bounds=(1000, 1_000_000), doc="Monte Carlo draws")
    seed = param.Integer(default=DEFAULT_SEED, bounds=(0, None), doc="random seed")
    root = param.String(default=None, allow_None=True, doc="data store (None: the default store)")

    result = param.Parameter(default=None, doc="scenarios.Result of the inputs (None until computed)")
    error = param.String(default="", doc="why the inputs cannot be computed ('' when they can)")
    notice = param.String(default="", doc="a message for the user (refused input, malformed link, …)")
    update_ms = param.Number(default=0.0, doc="time of the last recomputation, ms")

    def __init__(self, compute: bool = True, **params):
        super().__init__(**params)
        self._compute = compute
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

    def scenario_toml(self) -> str:
        """The scenario as a scenario file (docs/scenarios.md): what `growthsim scenario run` reads."""
        lines = ["[scenario]", f"name = {_toml_str(self.scenario_name)}", f"year = {self.year}",
                 f"target = {_num(self.target)}", f"seed = {self.seed}", "", "[growth]"]
        for k, (lo, hi) in self.growth().items():
            lines.append(f"{k} = {_num(lo)}" if lo == hi else f"{k} = [{_num(lo)}, {_num(hi)}]")
        known = self.known()
        if known:
            lines += ["", "[known]"] + [f'"{self.year}Q{q}" = {_num(v)}' for q, v in sorted(known.items())]
        return "\n".join(lines) + "\n"

    def scenario(self) -> Scenario:
        return parse(self.scenario_toml(), source="app")

    # ------------------------------------------------------------------ computing
    @param.depends(*INPUTS, watch=True)
    def _inputs_changed(self) -> None:
        if self._compute:
            self.recompute()

    def recompute(self) -> None:
        """Run the scenario engine on the inputs; on a user error keep the last result and say why."""
        t0 = time.perf_counter()
        try:
            res = run_cached(self.scenario_toml(), self.draws, self.seed, self.root)
        except GrowthsimError as exc:
            self.param.update(error=exc.message if exc.source == "app" else str(exc),
                              update_ms=(time.perf_counter() - t0) * 1e3)
            return
        self.param.update(result=res, error="", update_ms=(time.perf_counter() - t0) * 1e3)

    # ------------------------------------------------------------------ guarded setters (bad input)
    def set_target(self, value) -> bool:
        """Set the target if it is a number within TARGET_LIMITS; else keep it and set `notice`."""
        ok = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value) \
            and TARGET_LIMITS[0] <= value <= TARGET_LIMITS[1]
        if not ok:
            shown = fmt_number(value, self.lang, 1) if isinstance(value, (int, float)) else repr(value)
            self.notice = t("target_refused", self.lang, value=shown, lo=fmt_number(TARGET_LIMITS[0], self.lang),
                            hi=fmt_number(TARGET_LIMITS[1], self.lang), old=fmt_number(self.target, self.lang, 1))
            return False
        self.target = float(value)
        return True

    def set_range(self, key: str, low: float, high: float) -> None:
        """Set `key` to [low, high] % (and mark it set): one recomputation."""
        lo, hi = sorted((float(low), float(high)))
        lo, hi = max(lo, TARGET_LIMITS[0]), min(hi, TARGET_LIMITS[1])
        self.param.update({f"{key}_range": (round(lo, 4), round(hi, 4)), f"{key}_set": True})

    # ------------------------------------------------------------------ scenarios in, presets
    def values_of(self, sc: Scenario) -> dict:
        """Param values that reproduce scenario `sc` (distributions become their [low, high] range)."""
        vals: dict = {"scenario_name": sc.name, "year": sc.year, "target": sc.target, "key_order": list(sc.growth),
                      "q1": None, "q2": None, "q3": None, "q4": None}
        if sc.seed is not None:
            vals["seed"] = sc.seed
        for q, v in sc.known.items():
            vals[f"q{q}"] = v
        for k in KEYS:
            a = sc.growth.get(k, Baseline())
            vals[f"{k}_set"] = not isinstance(a, Baseline)
            if isinstance(a, Point):
                vals[f"{k}_range"] = (a.value, a.value)
            elif isinstance(a, (Uniform, Triangular, Normal)):
                lo, hi = a.bounds
                vals[f"{k}_range"] = (round(lo, 4), round(hi, 4))
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
        """The scenario as URL query parameters: lang, y (year), t (target), s (set keys), k (known), n (name)."""
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
        """Param values from URL query parameters; ValueError (saying what) when malformed."""
        vals: dict = {}
        if "lang" in query:
            if query["lang"] not in LANGS:
                raise ValueError(f"lang={query['lang']!r}")
            vals["lang"] = query["lang"]
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
            vals["key_order"] = []
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
                vals[f"q{q}"] = _bounded(v, f"Q{q}")
        return vals

    def apply_query(self, query: dict[str, str]) -> bool:
        """Show the scenario of a link. A malformed link leaves the defaults and sets `notice`."""
        try:
            vals = self.values_from_query(query)
            trial = ScenarioState(compute=False, **{**{k: v for k, v in self.param.values().items() if k != "name"}, **vals, "result": None})
            trial.scenario()      # the scenario layer's own checks (e.g. a group and all its members)
        except (ValueError, GrowthsimError) as exc:
            why = exc.message if isinstance(exc, GrowthsimError) else str(exc)
            self.notice = t("bad_url", self.lang, why=why)
            return False
        self.param.update(vals)
        return True


def _bounded(text: str, what: str) -> float:
    try:
        v = float(text)
    except (TypeError, ValueError):
        raise ValueError(f"{what}={text!r}") from None
    if not math.isfinite(v) or not TARGET_LIMITS[0] <= v <= TARGET_LIMITS[1]:
        raise ValueError(f"{what}={text!r} outside {TARGET_LIMITS[0]:g}..{TARGET_LIMITS[1]:g}")
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
