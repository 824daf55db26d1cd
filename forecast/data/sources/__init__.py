"""Builders of the curated store from the raw GSO folder, one module per family of series.

Each module exposes two functions (plain data in, plain data out; see `forecast.data.frame`):

``read_raw(gso: Path, until: str | None) -> tuple[obs, meta]``
    Official observations of every vintage found in the raw folder (``tables/``, ``sdmx/``),
    restricted to releases whose reference month is ``<= until`` (``YYYY-MM``) when given,
    and one catalog row per series (`META_COLUMNS`).
``derive(latest: obs) -> tuple[obs, meta]``
    Series that growthsim computes from official ones (a level index chained from published
    rates, a real series deflated by the CPI), from the store's newest-vintage observations of
    all families. Status ``derived``. Called after every build and every import.

Two optional hooks, for families that GSO also publishes as SDMX-ML (``sdmx/*.xml``):

``sdmx_obs(path: Path) -> obs``
    Observations of the family's SDMX codes in one SDMX-ML message (empty when it has none);
    ``forecast.data.build.parse_release`` calls it for every ``.xml`` file it imports.
``reconcile_sdmx(obs, history: obs) -> obs``
    Adjust those observations against every stored official value, superseded ones included
    (trade demotes "final" values that merely repeat a first estimate). Only with ``sdmx_obs``.

``SourceFamily`` states this contract; ``family(name, module)`` checks a module against it (a
missing required function or a non-callable hook is a TypeError naming the module) and returns
its hooks, the optional ones as None when absent. To add a family: write the module, list its
name in ``forecast.data.build.FAMILIES``.

The matching reader of a monthly Excel release lives in ``forecast.data.releases.<module>``
as ``parse(book: ReleaseWorkbook) -> obs`` and must give the same series ids, units and
statuses as ``read_raw`` does for that release, so that importing releases one by one equals
a full build.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    import pandas as pd

REQUIRED_HOOKS: tuple[str, ...] = ("read_raw", "derive")
OPTIONAL_HOOKS: tuple[str, ...] = ("sdmx_obs", "reconcile_sdmx")


class SourceFamily(Protocol):
    """What a module of ``forecast.data.sources`` provides (the optional hooks are in ``Family``)."""

    def read_raw(self, gso: Path, until: str | None) -> tuple[pd.DataFrame, pd.DataFrame]:
        """(observations of every vintage in the raw folder up to `until`, catalog rows)."""
        ...

    def derive(self, latest: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
        """(derived observations, their catalog rows) from the newest official values of all families."""
        ...


@dataclass(frozen=True)
class Family:
    """One family module's hooks, checked: the required ones, and the optional ones or None."""

    name: str
    read_raw: Callable[[Path, str | None], tuple]
    derive: Callable[[pd.DataFrame], tuple]
    sdmx_obs: Callable[[Path], pd.DataFrame] | None = None
    reconcile_sdmx: Callable[[pd.DataFrame, pd.DataFrame], pd.DataFrame] | None = None


def family(name: str, module: ModuleType) -> Family:
    """`module`'s hooks checked against the contract above (TypeError naming what is wrong)."""
    where = f"forecast/data/sources/{name}.py"
    missing = [h for h in REQUIRED_HOOKS if not callable(getattr(module, h, None))]
    if missing:
        raise TypeError(f"{where} must define {' and '.join(missing)} (the contract in forecast.data.sources)")
    hooks = {h: getattr(module, h, None) for h in OPTIONAL_HOOKS}
    bad = [h for h, fn in hooks.items() if fn is not None and not callable(fn)]
    if bad:
        raise TypeError(f"{where}: {', '.join(bad)} must be a function (forecast.data.sources)")
    if hooks["reconcile_sdmx"] is not None and hooks["sdmx_obs"] is None:
        raise TypeError(f"{where} defines reconcile_sdmx without sdmx_obs (forecast.data.sources)")
    return Family(name, module.read_raw, module.derive, **hooks)
