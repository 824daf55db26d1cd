"""Running a scenario: base data and baseline draws -> Monte Carlo GDP growth, contributions, required growth.

`prepare` does the work shared by `run` and `sweep` (structure, central values, the simulated GDP);
`run` adds contributions, required growth, quarters and the least-change plan, and returns a Result.
Base data and copula factors are cached per process, so a second run of the same year costs only the
draws (about 100,000 x a few columns) and a few small matrix products.
"""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np

from scenarios.arithmetic import contributions_pp, share_of_growth_pct
from scenarios.assumptions import Z95, Point
from scenarios.basedata import BASELINE_YEARS, BaseData, base_data
from scenarios.baseline import BaselineSample, baseline_sample, known_key
from scenarios.errors import ScenarioError
from scenarios.icor import with_investment
from scenarios.groups import Structure, build_structure, check_fills, free_leaves
from scenarios.limits import draws_problem
from scenarios.messages import Message
from scenarios.montecarlo import copula_factors, innovations, summarize, user_scores
from scenarios.required import least_change_plan, quarter_growth, required_growth
from scenarios.result import Result
from scenarios.scenario import Scenario

DEFAULT_DRAWS = 100_000
DEFAULT_SEED = 2025


@dataclass(eq=False)
class Prepared:
    """A scenario compiled against its base data, with its simulated GDP growth draws."""

    scenario: Scenario
    base: BaseData
    structure: Structure
    a: np.ndarray                 # GDP growth = a @ x + a0 over structure.variables
    a0: float
    x_central: np.ndarray
    x_low: np.ndarray
    x_high: np.ndarray
    gdp_draws: np.ndarray
    baseline_label: str
    seed: int
    warnings: list[str]            # Messages, and the baseline's note (text)
    leaf_draws: np.ndarray | None = None   # (n, L) every leaf's growth draws, %, when asked for


@contextmanager
def located(scenario: Scenario):
    """Give scenario errors raised inside the scenario's file name and the key's line."""
    try:
        yield
    except ScenarioError as exc:
        if exc.source is None:
            raise type(exc)(exc.message, source=scenario.source, location=scenario.locate(exc.location)) from None
        raise


def prepare(scenario: Scenario, draws: int = DEFAULT_DRAWS, seed: int | None = None, root=None,
            check_groups: bool = True, leaf_draws: bool = False) -> Prepared:
    """Compile and simulate `scenario` (errors name its file and line). `check_groups=False` skips the
    check that group members stay within history (a sweep reports it per grid point instead);
    `leaf_draws` keeps every leaf's growth draws (`compile_year`)."""
    with located(scenario):
        return _prepare(scenario, draws, seed, root, check_groups, leaf_draws)


def _prepare(scenario: Scenario, n: int, seed: int | None, root, check_groups: bool,
             leaf_draws: bool = False) -> Prepared:
    problem = draws_problem(int(n) if isinstance(n, np.integer) else n)
    if problem:
        raise ScenarioError(problem)
    seed = resolve_seed(scenario, seed)
    base = base_data(scenario.year, None if root is None else str(root), scenario.vintage)
    seq_baseline = np.random.SeedSequence(seed).spawn(2)[0]
    unset, drawn = baseline_columns(scenario, base)
    sample = baseline_sample(scenario.year, n, engine_seed(seed, seq_baseline), None if root is None else str(root),
                             scenario.vintage, unset, drawn, known_key(scenario.known, scenario.known_sectors))
    return compile_year(scenario, base, sample, n, seed, check_groups, leaf_draws)


def baseline_columns(scenario: Scenario, base: BaseData) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(unset leaves: their central values come from the baseline, drawn: the baseline leaves no set
    group fills, whose draws the simulation uses)."""
    set_keys = scenario.set_keys()
    unset = tuple(k for k in base.leaves if k not in set_keys)
    return unset, free_leaves(set_keys, base.groups, base.leaves)


def compile_year(scenario: Scenario, base: BaseData, sample: BaselineSample, n: int, seed: int,
                 check_groups: bool = True, leaf_draws: bool = False) -> Prepared:
    """`scenario` compiled on `base` (weights, history) and the baseline `sample` of its year: the
    structure, central values, GDP growth draws and warnings. `leaf_draws=True` also keeps every leaf's
    growth draws (n, L), % (a chain weights the next year with them: `scenarios.chain`)."""
    leaves = base.leaves
    set_keys = scenario.set_keys()
    unset = [k for k in leaves if k not in set_keys]
    label, note = sample.label, sample.note
    baseline = dict(sample.central)
    weights = dict(zip(leaves, base.weights))
    structure = build_structure(set_keys, weights, baseline, base.groups, leaves)
    V = len(structure.variables)
    x_central, x_low, x_high = np.empty(V), np.empty(V), np.empty(V)
    for i, k in enumerate(structure.variables):
        if k in set_keys:
            a_ = scenario.growth[k]
            x_central[i], (x_low[i], x_high[i]) = a_.central, a_.bounds
        else:
            j = sample.drawn.index(k)
            x_central[i] = baseline[k]
            x_low[i], x_high[i] = baseline[k] - Z95 * sample.sd[j], baseline[k] + Z95 * sample.sd[j]
    a, a0 = structure.gdp_coefficients(base.weights)

    random_keys = tuple(k for k in set_keys if not isinstance(scenario.growth[k], Point))
    # the baseline's columns are the structure's free variables, in the same order: both are
    # free_leaves(set_keys, base.groups, leaves)
    free = structure.free
    A, L = copula_factors(base, random_keys, free, scenario.independent)
    free_values = sample.values
    z = user_scores(innovations(seed, n, len(random_keys)), n, A, L, free_values, sample.mean, sample.sd)
    idx = {k: i for i, k in enumerate(structure.variables)}
    points = [k for k in set_keys if k not in random_keys]
    gdp = np.full(n, a0 + sum(a[idx[k]] * x_central[idx[k]] for k in points))
    if free:
        gdp += free_values @ a[[idx[k] for k in free]]
    for j, k in enumerate(random_keys):
        if a[idx[k]] != 0:
            gdp += a[idx[k]] * scenario.growth[k].from_normal(z[:, j])
    leaf = None
    if leaf_draws:
        X = np.broadcast_to(x_central, (n, len(x_central))).copy()
        if free:
            X[:, [idx[k] for k in free]] = free_values
        for j, k in enumerate(random_keys):
            X[:, idx[k]] = scenario.growth[k].from_normal(z[:, j])
        leaf = structure.leaf_growth(X)

    hist = base.history_pct
    warnings = [Message("baseline_note", {"note": note, "years": BASELINE_YEARS})] if note else []
    warnings += _known_warnings(scenario, base, label, bool(unset))
    set_values = {k: scenario.growth[k] for k in set_keys}
    hmin, hmax, hsd = base.hist_stats
    for k in set_keys:
        c = scenario.growth[k].central
        if not hmin[k] - hsd[k] <= c <= hmax[k] + hsd[k]:
            warnings.append(Message("beyond_history", {
                "key": k, "assumption": set_values[k], "first": int(hist.index.min()),
                "last": int(hist.index.max()), "low": float(hmin[k]), "high": float(hmax[k])}))
    if check_groups:
        warnings += check_fills(structure, x_central, x_low, x_high, *base.hist_stats,
                                int(hist.index.min()), int(hist.index.max()), set_values, base.groups)
    return Prepared(scenario=scenario, base=base, structure=structure, a=a, a0=a0, x_central=x_central,
                    x_low=x_low, x_high=x_high, gdp_draws=gdp, baseline_label=label, seed=seed, warnings=warnings,
                    leaf_draws=leaf)


def _known_warnings(sc: Scenario, base: BaseData, label: str, any_baseline: bool) -> list[Message]:
    """Typed quarters that are already published (the typed value is used), and a fallback baseline
    that cannot condition on the known quarters."""
    out = [Message("known_published", {"quarter": f"{sc.year}Q{q}", "published": base.published_pct[q],
                                       "typed": float(sc.known[q])})
           for q in sorted(sc.known) if q in base.published_pct and abs(sc.known[q] - base.published_pct[q]) > 5e-3]
    if (sc.known or sc.known_sectors) and any_baseline and label != "forecast engine":
        out.append(Message("fallback_ignores_known", {"years": BASELINE_YEARS}))
    return out


def resolve_seed(scenario: Scenario, seed: int | None) -> int:
    """The run's seed: `seed`, else the file's, else DEFAULT_SEED."""
    return int(seed if seed is not None else scenario.seed if scenario.seed is not None else DEFAULT_SEED)


def engine_seed(seed: int, seq: np.random.SeedSequence) -> int:
    """An integer seed for the baseline (the engine caches integer-seeded draws), derived from `seed`."""
    return int(seq.generate_state(1)[0])


def run(scenario: Scenario, draws: int = DEFAULT_DRAWS, seed: int | None = None, root=None) -> Result:
    """Simulate `scenario`: GDP growth distribution, probability of the target, contributions, required growth.

    `seed` (default: the file's seed, else 2025) makes the numbers reproducible; `root` is a store path.
    """
    from scenarios.chain import needs_chain, run_chained

    if needs_chain(scenario, root):
        return run_chained(scenario, draws, seed, root)
    p = prepare(scenario, draws, seed, root)
    with located(scenario):
        return with_investment(result_of(p), scenario, p.gdp_draws, root)


def result_of(p: Prepared) -> Result:
    """The Result of a prepared year (`prepare` or `compile_year`): statistics of its GDP draws,
    contributions and required growth at its central values and weights, the least-change plan."""
    sc, base, st = p.scenario, p.base, p.structure
    leaves, groups = base.leaves, base.groups
    stats, prob = summarize(p.gdp_draws, sc.target)
    g = st.leaf_growth(p.x_central)
    pp = dict(zip(leaves, contributions_pp(g, base.weights)))
    stats["central"] = float(sum(pp.values()))
    all_groups = {**groups, "agriculture": ("agriculture",), "services": ("services",)}
    shares = share_of_growth_pct(pp, keys=list(leaves) + list(groups), groups=all_groups)
    contributions: dict[str, dict] = {}
    for k in list(leaves) + list(groups):
        members = groups.get(k, (k,))
        w = base.weight(k)
        pts = float(sum(pp[m] for m in members))
        contributions[k] = {"growth_pct": pts / w, "pp": pts, "share_of_growth_pct": shares[k], "weight": w}
    required, required_range = {}, {}
    for k in list(leaves) + list(groups):
        c, lo, hi = required_growth(st, base.weights, p.x_central, p.x_low, p.x_high, sc.target, k, groups)
        required[k], required_range[k] = c, (lo, hi)

    known = {f"{sc.year}Q{q}": v for q, v in sorted(sc.known.items())}
    q_req = q_imp = None
    if sc.known:
        if len(base.quarters_prev_bn_vnd) != 4:
            raise ScenarioError(Message("no_quarterly_gdp", {"prev": sc.year - 1}), location="known")
        q_req = quarter_growth(base.quarters_prev_bn_vnd, sc.known, sc.target, sc.year)
        q_imp = quarter_growth(base.quarters_prev_bn_vnd, sc.known, stats["central"], sc.year)

    active = np.abs(p.a) > 1e-12
    keys = [k for k, on in zip(st.variables, active) if on]
    hmin, hmax, hsd = base.hist_stats
    sd = np.array([hsd[k] for k in keys])
    lower = np.array([sc.bounds.get(k, (hmin[k], hmax[k]))[0] for k in keys])
    upper = np.array([sc.bounds.get(k, (hmin[k], hmax[k]))[1] for k in keys])
    const = p.a0 + float(p.a[~active] @ p.x_central[~active])
    plan = least_change_plan(keys, p.a[active], const, p.x_central[active], sd, lower, upper, sc.target).to_dict()

    used_as = sc.used(groups, leaves)
    rows = []
    for k in list(leaves) + list(groups):
        if k in st.variables:
            i = st.variables.index(k)
            used, lo, hi = p.x_central[i], p.x_low[i], p.x_high[i]
        else:
            used, lo, hi = contributions[k]["growth_pct"], None, None
        rows.append({"key": k, "assumption": used_as[k].describe(), "central_pct": float(used),
                     "low_pct": None if lo is None else float(lo), "high_pct": None if hi is None else float(hi)})
    return Result(name=sc.name, year=sc.year, target=sc.target, data_vintage=base.data_vintage,
                  baseline=p.baseline_label, draws=int(p.gdp_draws.size), seed=p.seed, independent=sc.independent,
                  gdp_growth=stats, probability_reach=prob, contributions=contributions, required=required,
                  required_range=required_range, assumptions=tuple(rows), used=used_as, plan=plan, known=known,
                  known_sectors={f"{sc.year}Q{q}": dict(v) for q, v in sorted(sc.known_sectors.items())},
                  quarters_required=q_req, quarters_implied=q_imp, warnings=tuple(p.warnings), source=sc.source)
