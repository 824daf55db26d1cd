"""Coherent forecasts from a batch refit (``forecast refit --all --reconcile METHOD``).

For each hierarchy (``hierarchies.HIERARCHIES``) whose total and parts were all forecast by the
batch, the remainder node (``<flow>.other``) is forecast with the same engine and settings
(``forecast_paths`` on the computed series, cached like any other), the 12-month paths of every node
are reconciled (``paths.reconcile_hierarchy``) and the nodes' monthly tables are rebuilt from the
coherent paths. `method` "default" takes ``hierarchies.DEFAULT_METHOD`` (what the backtest chose:
today "none" everywhere, docs/backtest.md); "none" leaves the forecasts as they are.
"""
from __future__ import annotations

from dataclasses import replace

from forecast.reconcile.core import METHODS
from forecast.reconcile.hierarchies import DEFAULT_METHOD, HIERARCHIES, hierarchy_data, store_hierarchy_series
from forecast.sample_paths import SamplePaths

CHOICES = ("default", "none", *METHODS)


def reconcile_batch(done: dict[str, SamplePaths], method: str, horizon: int, n_paths: int, seed: int,
                    root=None) -> tuple[dict[str, tuple[SamplePaths, str]], list[str]]:
    """({node: (reconciled SamplePaths, method)}, notes) for every hierarchy fully present in `done`."""
    from forecast.engine import forecast_paths, truncate
    from forecast.reconcile.paths import reconcile_hierarchy

    out, notes = {}, []
    for name in HIERARCHIES:
        m = DEFAULT_METHOD[name] if method == "default" else method
        if m == "none":
            continue
        h = hierarchy_data(name, store_hierarchy_series(name, root))
        missing = [s for s in h.nodes if s not in done and not s.endswith(".other")]
        if len(missing) == len(h.nodes) - (h.nodes[-1].endswith(".other")):
            continue                      # none of its series in this batch: nothing to say
        if missing:
            notes.append(f"{name}: not reconciled, {len(missing)} of its series not in this batch "
                         f"({', '.join(missing[:3])}{' ...' if len(missing) > 3 else ''})")
            continue
        if not h.ok:
            notes.append(f"{name}: not reconciled, {'; '.join(h.issues)}")
            continue
        sps = {s: truncate(done[s], horizon) for s in h.nodes if s in done}
        for s in h.nodes:
            if s not in sps:    # the remainder: same engine, settings and cache as a store series
                total = sps[name]
                sps[s] = forecast_paths(s, horizon=horizon, n_paths=n_paths, seed=seed, root=root, y=h.data[s],
                                        unit=total.unit, data_vintage=total.data_vintage)
        r = reconcile_hierarchy(h, {s: sp.paths for s, sp in sps.items()}, m)
        notes += [f"{name}: {n}" for n in r.notes]
        notes.append(f"{name}: reconciled with {m} (coherence gap {r.gap:.1e} of the total)")
        out.update({s: (replace(sp, paths=r.paths[s], model=f"{sp.model}+{m}"), m) for s, sp in sps.items()})
    return out, notes
