"""The contract of the source families (``forecast.data.sources``): every family of the build has
the required functions, the optional SDMX hooks are found where they exist, and a module that
breaks the contract is a TypeError naming the module and what is missing."""
from __future__ import annotations

from types import ModuleType

import pytest

from forecast.data import sources
from forecast.data.build import FAMILIES, _families


def test_every_family_of_the_build_follows_the_contract():
    fams = {f.name: f for f in _families()}
    assert list(fams) == list(FAMILIES)
    # GDP and trade are published as SDMX too; only trade reconciles finals with first estimates
    assert {n for n, f in fams.items() if f.sdmx_obs is not None} == {"gdp", "trade"}
    assert {n for n, f in fams.items() if f.reconcile_sdmx is not None} == {"trade"}


def _module(**hooks) -> ModuleType:
    mod = ModuleType("forecast.data.sources.newfamily")
    for k, v in hooks.items():
        setattr(mod, k, v)
    return mod


def _fn(*args):
    return args


def test_a_family_without_a_required_function_names_what_to_add():
    with pytest.raises(TypeError, match=r"forecast/data/sources/newfamily.py must define derive \(the contract"):
        sources.family("newfamily", _module(read_raw=_fn))
    with pytest.raises(TypeError, match="must define read_raw and derive"):
        sources.family("newfamily", _module())


def test_optional_hooks_must_be_functions_and_reconcile_needs_sdmx_obs():
    with pytest.raises(TypeError, match="newfamily.py: sdmx_obs must be a function"):
        sources.family("newfamily", _module(read_raw=_fn, derive=_fn, sdmx_obs="codes.csv"))
    with pytest.raises(TypeError, match="defines reconcile_sdmx without sdmx_obs"):
        sources.family("newfamily", _module(read_raw=_fn, derive=_fn, reconcile_sdmx=_fn))
    fam = sources.family("newfamily", _module(read_raw=_fn, derive=_fn))
    assert fam.sdmx_obs is None and fam.reconcile_sdmx is None and fam.derive is _fn
