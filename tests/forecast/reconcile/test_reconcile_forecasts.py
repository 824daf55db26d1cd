"""`forecast refit --series ... --reconcile METHOD` (forecast.reconcile.forecasts): the IIP hierarchy's
batch forecasts made coherent on the shipped store; the default follows DEFAULT_METHOD."""
from __future__ import annotations

import numpy as np
import pytest

from forecast.batch.executor import LocalExecutor
from forecast.batch.refit import refit_batch
from forecast.reconcile.hierarchies import DEFAULT_METHOD, IIP_SECTIONS, hierarchy_data, store_hierarchy_series

NODES = ["iip", *IIP_SECTIONS]


@pytest.fixture(autouse=True)
def _cache(monkeypatch, tmp_path):
    monkeypatch.setenv("GROWTHSIM_CACHE", str(tmp_path / "cache"))


def test_reconciled_batch_forecasts_of_the_iip_add_up_and_the_default_is_recorded():
    res = refit_batch(NODES, LocalExecutor(1), n_paths=200, progress=False, reconcile="mint_shrink")
    f = res.tables["forecasts"]
    assert set(f["reconciled"]) == {"mint_shrink"} and len(f) == 5 * 12
    assert f["model"].str.endswith("+mint_shrink").all()
    mean = f.pivot(index="period", columns="series", values="mean")
    w = hierarchy_data("iip", store_hierarchy_series("iip")).weights
    assert np.allclose(mean[list(IIP_SECTIONS)].to_numpy() @ w, mean["iip"].to_numpy(), rtol=1e-12)
    assert any("reconciled with mint_shrink" in n for n in res.notes)
    plain = refit_batch(NODES, LocalExecutor(1), n_paths=200, progress=False, reconcile="default", resume=True)
    assert set(plain.tables["forecasts"]["reconciled"]) == {DEFAULT_METHOD["iip"]}
    base = plain.tables["forecasts"].pivot(index="period", columns="series", values="mean")
    assert not np.allclose(base[list(IIP_SECTIONS)].to_numpy() @ w, base["iip"].to_numpy(), rtol=1e-6)
