"""Reconciliation (forecast.reconcile): the projection against its closed form on a small example,
coherence on every sample path for every method, the shrinkage estimator's limits, and the store's
hierarchies (remainder, IIP weights within their tolerance, parts exceeding a total reported)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from forecast.reconcile.core import (METHODS, coherence_gap, error_weights, projection, reconcile_paths,
                                     shrink_covariance, summing_matrix)
from forecast.reconcile.hierarchies import HIERARCHIES, hierarchy_data, level_of, store_hierarchy_series
from forecast.reconcile.paths import reconcile_hierarchy


def test_ols_and_wls_match_the_closed_form_of_a_two_part_hierarchy():
    # total 10, parts 4 and 5: the gap d = 1 is shared in proportion to each node's error variance
    # (OLS: equally), i.e. part_i + w_i d / (w_T + w_1 + w_2), total - w_T d / (...)
    S = summing_matrix(2)
    y = np.array([10.0, 4.0, 5.0])
    assert np.allclose(projection(S, np.eye(3)) @ y, [10 - 1 / 3, 4 + 1 / 3, 5 + 1 / 3])
    w = np.array([2.0, 1.0, 3.0])
    d = y[0] - y[1] - y[2]
    expected = [y[0] - w[0] * d / w.sum(), y[1] + w[1] * d / w.sum(), y[2] + w[2] * d / w.sum()]
    assert np.allclose(projection(S, np.diag(w)) @ y, expected)


def test_projection_leaves_coherent_forecasts_alone_and_honours_weights():
    S = summing_matrix(3, np.array([0.2, 0.5, 0.3]))
    rng = np.random.default_rng(1)
    A = rng.normal(size=(4, 4))
    P = projection(S, A @ A.T + np.eye(4))
    b = np.array([100.0, 90.0, 120.0])
    coherent = S @ b
    assert np.allclose(P @ coherent, coherent)
    assert np.allclose(P @ P, P)


@pytest.mark.parametrize("method", METHODS)
def test_every_reconciled_path_adds_up(method):
    rng = np.random.default_rng(7)
    n_parts, n_paths, h = 5, 300, 12
    parts = rng.lognormal(3, 0.2, size=(n_parts, n_paths, h))
    total = parts.sum(axis=0) * rng.lognormal(0.05, 0.05, size=(n_paths, h))    # incoherent base
    paths = np.concatenate([total[None], parts])
    resid = rng.normal(size=(60, n_parts + 1)) * np.arange(1, n_parts + 2)
    S = summing_matrix(n_parts)
    W, _ = error_weights(method, resid)
    out = reconcile_paths(paths, projection(S, W))
    assert coherence_gap(paths, S) > 0.01
    assert coherence_gap(out, S) < 1e-12
    assert np.allclose(out[0], out[1:].sum(axis=0))


def test_shrinkage_goes_to_the_diagonal_for_noise_and_keeps_strong_correlation():
    rng = np.random.default_rng(3)
    noise = rng.normal(size=(40, 6))
    cov, lam = shrink_covariance(noise)
    assert lam > 0.5
    assert np.allclose(np.diag(cov), noise.var(axis=0, ddof=1))
    common = rng.normal(size=(200, 1))
    strong = common + 0.1 * rng.normal(size=(200, 4))
    _, lam2 = shrink_covariance(strong)
    assert lam2 < 0.05
    assert np.all(np.linalg.eigvalsh(cov) > 0)


def test_store_hierarchies_are_coherent_in_history_and_weights_fit_within_tolerance():
    for name in HIERARCHIES:
        h = hierarchy_data(name, store_hierarchy_series(name))
        assert h.ok and level_of(h.nodes[0]) == "total"
        m = np.column_stack([h.data[s].to_numpy(float) for s in h.nodes])
        fitted = m[:, 1:] @ h.weights
        if name == "iip":
            assert len(h.parts) == 4 and h.tolerance < 0.01
            recent = slice(-60, None)
            assert np.max(np.abs(fitted[recent] / m[recent, 0] - 1)) == pytest.approx(h.tolerance)
        else:
            assert h.nodes[-1] == f"{name}.other" and level_of(h.nodes[-1]) == "other"
            assert len(h.parts) > 20 and (h.data[f"{name}.other"] > 0).all()
            assert np.allclose(fitted, m[:, 0])


def test_parts_exceeding_the_total_are_reported_not_forced():
    months = pd.period_range("2015-01", periods=48, freq="M")
    total = pd.Series(100.0, index=months)
    parts = {"exports.a": pd.Series(60.0, index=months), "exports.b": pd.Series(30.0, index=months)}
    parts["exports.b"].iloc[10:13] = 45.0
    h = hierarchy_data("exports", {"exports": total, **parts})
    assert not h.ok
    assert h.issues[0].startswith("parts exceed the total in 3 months (first 2015-11")


def test_reconciled_store_paths_add_up_on_every_path():
    rng = np.random.default_rng(0)
    h = hierarchy_data("iip", store_hierarchy_series("iip"))
    base = {s: h.data[s].iloc[-1] * rng.lognormal(0, 0.05, size=(200, 6)) for s in h.nodes}
    r = reconcile_hierarchy(h, base, "mint_shrink")
    assert 0 <= r.shrinkage <= 1 and r.gap < 1e-12
    total = np.einsum("j,jkh->kh", h.weights, np.stack([r.paths[s] for s in h.parts]))
    assert np.allclose(r.paths["iip"], total)


def test_a_node_whose_base_paths_blow_up_is_found():
    from forecast.reconcile.paths import explosive_nodes

    h = hierarchy_data("iip", store_hierarchy_series("iip"))
    rng = np.random.default_rng(2)
    base = {s: h.data[s].iloc[-1] * rng.lognormal(0, 0.05, size=(200, 6)) for s in h.nodes}
    assert explosive_nodes(h, base) == []
    base["iip.water"][:5] *= 1e4
    assert explosive_nodes(h, base) == ["iip.water"]
