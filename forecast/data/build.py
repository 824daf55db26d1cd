"""Build the store from the raw GSO folder, and import new releases into it.

Both paths share one pipeline: official observations of every vintage → newest per
(series, period) with the older ones in the revision log → derived series recomputed → catalog →
atomic write. So a store built to 2024-10 and then fed the next four releases equals a full build.
"""
from __future__ import annotations

import functools
import importlib
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

import pandas as pd

from forecast.data.frame import META_COLUMNS, OBS_COLUMNS, check_obs, empty_obs
from forecast.data.sources import Family, family
from forecast.data.store import Store, StoreContent, catalog_from, drop_repeats, merge_vintages, to_csv_bytes
from forecast.data.validate import check_observations
from forecast.data.tet import tet_table
from forecast.errors import DataError
from forecast.input_files import check_regular_file

# Families of series, in build order. Each name is a module in forecast.data.sources (read_raw,
# derive) and, where a monthly release carries the table, in forecast.data.releases (parse).
FAMILIES: tuple[str, ...] = ("gdp", "iip", "trade", "retail", "cpi", "investment", "arrivals", "transport")


def _modules(package: str) -> list[tuple[str, ModuleType]]:
    out = []
    for name in FAMILIES:
        try:
            out.append((name, importlib.import_module(f"forecast.data.{package}.{name}")))
        except ModuleNotFoundError as exc:
            if exc.name != f"forecast.data.{package}.{name}":
                raise
    return out


def _families() -> list[Family]:
    """The source families of ``FAMILIES``, checked against the contract of ``forecast.data.sources``."""
    return [family(name, mod) for name, mod in _modules("sources")]


def _derive(official: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    obs, meta = [empty_obs()], [pd.DataFrame(columns=META_COLUMNS)]
    for fam in _families():
        o, m = fam.derive(official)
        obs.append(o)
        meta.append(m)
    return pd.concat(obs, ignore_index=True), pd.concat(meta, ignore_index=True)


@dataclass
class Change:
    """What an import did: periods added, values revised (old → new), per series."""

    added: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["series", "period", "value"]))
    revised: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(
        columns=["series", "period", "old", "new", "unit", "change", "change_pct", "old_vintage", "new_vintage"]))
    files: list[str] = field(default_factory=list)
    repeats: int = 0   # incoming values equal to the stored ones: kept with their stored vintage

    def summary(self, limit: int = 25) -> str:
        """What changed, for people: periods added by family, then the largest revisions."""
        lines = [f"imported: {', '.join(self.files)}" if self.files else "imported: nothing"]
        lines.append(f"periods added: {len(self.added)} in {self.added['series'].nunique()} series")
        if len(self.added):
            fam = self.added.assign(family=self.added["series"].str.split(".").str[0])
            for (period, name), part in fam.groupby(["period", "family"], sort=True):
                lines.append(f"  + {period} {name}: {part['series'].nunique()} series")
        if self.repeats:
            lines.append(f"values repeated unchanged: {self.repeats} (they keep the vintage already stored)")
        lines.append(f"values revised: {len(self.revised)} in {self.revised['series'].nunique()} series"
                     + (" (largest first)" if len(self.revised) else ""))
        rev = self.revised
        is_rate = rev["unit"] == "%" if "unit" in rev else pd.Series(False, index=rev.index)
        size = rev["change"].abs().where(is_rate, rev["change_pct"].abs())  # pp for rates, % for levels
        shown = rev.reindex(size.sort_values(ascending=False).index)
        for i, r in shown.head(limit).iterrows():
            how = f"{r['change']:+.2f} pp" if is_rate[i] else f"{r['change_pct']:+.2f}%"
            lines.append(f"  ~ {r['series']} {r['period']}: {r['old']:.6g} -> {r['new']:.6g} ({how})")
        if len(shown) > limit:
            lines.append(f"  ... and {len(shown) - limit} more (all in data/revisions.csv)")
        return "\n".join(lines)


def _finish(store: Store, official: pd.DataFrame, revisions: pd.DataFrame, meta: pd.DataFrame,
            previous_catalog: pd.DataFrame | None) -> StoreContent:
    official = check_obs(official, "official observations")
    # the store keeps 12 significant digits: derive from exactly what it keeps, so that a build and
    # an import (which reads the stored values back) derive identical numbers
    official["value"] = pd.to_numeric(official["value"].map("{:.12g}".format))
    official = official.sort_values(["series", "period"], kind="mergesort").reset_index(drop=True)
    derived, dmeta = _derive(official)
    derived = check_obs(derived, "derived observations") if len(derived) else empty_obs()
    latest = pd.concat([official, derived], ignore_index=True)
    catalog = catalog_from(pd.concat([meta, dmeta], ignore_index=True), latest, previous_catalog)
    return StoreContent(official=official, derived=derived, revisions=revisions, catalog=catalog)


def build(gso: str | Path, root: str | Path | None = None, until: str | None = None) -> StoreContent:
    """Rebuild the whole store at `root` from the raw GSO folder `gso`, using releases up to `until` (YYYY-MM)."""
    gso = Path(gso)
    if not (gso / "sdmx").is_dir() or not (gso / "tables").is_dir():
        raise DataError("not a GSO raw-data folder (expected sdmx/ and tables/ inside)", source=str(gso))
    obs, meta = [], []
    for fam in _families():
        o, m = fam.read_raw(gso, until)
        obs.append(o)
        meta.append(m)
    allobs = pd.concat(obs, ignore_index=True)
    for src, part in allobs.groupby("source", sort=True):
        check_observations(part, str(gso / src))
    allobs = check_obs(allobs, "raw observations")
    official, revisions = merge_vintages(empty_obs(), pd.DataFrame(columns=OBS_COLUMNS + ["superseded_by"]), allobs)
    store = Store(root)
    content = _finish(store, official, revisions, pd.concat(meta, ignore_index=True), None)
    content.extra_files["tet.csv"] = to_csv_bytes(tet_table())
    store.write(content)
    return content


def parse_release(path: str | Path, context: pd.DataFrame | None = None, vintage: str | None = None,
                  history: pd.DataFrame | None = None) -> pd.DataFrame:
    """Observations in one GSO file: an SDMX-ML message (.xml) or a monthly Excel release (.xlsx).

    `context`: the store's newest values (GDP uses them to split year-to-date residuals);
    `history`: every stored official value, superseded ones included (SDMX reconciliation).
    """
    path = Path(path)
    if path.exists() and not path.is_file():
        raise DataError("not a regular file (a directory, device or pipe)", source=str(path))
    if path.suffix.lower() == ".xml":
        return _parse_sdmx(path, history)
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        raise DataError("unsupported file type: expected a GSO SDMX-ML .xml or a monthly release .xlsx", source=str(path))
    from forecast.data.releases.workbook import open_release

    book = open_release(path, vintage=vintage)
    parts = []
    for name, mod in _modules("releases"):
        if name == "gdp":
            parts.append(mod.parse(book, context=context))
        else:
            parts.append(mod.parse(book))
    obs = pd.concat([p for p in parts if len(p)], ignore_index=True) if any(len(p) for p in parts) else empty_obs()
    if obs.empty:
        raise DataError("no table growthsim knows was found (looked for GDP, IIP, exports, imports, retail, CPI, "
                        "investment, international arrivals and transport tables by their captions)", source=str(path))
    return obs


def _parse_sdmx(path: Path, history: pd.DataFrame | None = None) -> pd.DataFrame:
    """Observations of the SDMX codes growthsim uses; each family may reconcile them with the
    store's history (`reconcile_sdmx(obs, history)`: trade demotes "final" values that merely
    repeat a first estimate)."""
    parts = []
    for fam in _families():
        if fam.sdmx_obs is None:
            continue
        part = fam.sdmx_obs(path)
        if len(part) and fam.reconcile_sdmx is not None and history is not None:
            part = fam.reconcile_sdmx(part, history)
        parts.append(part)
    parts = [p for p in parts if len(p)]
    if not parts:
        raise DataError("SDMX file holds no indicator growthsim uses (the GDP by sector and merchandise trade "
                        "codes of GSO's National Summary Data Page)", source=str(path))
    return pd.concat(parts, ignore_index=True).assign(source=f"sdmx/{path.name}")


def _one_import_at_a_time(fn):
    """`import_files` under the store's exclusive lock (`Store.updating`), from the first read to the
    write, so two imports into one store at once give the result of running them one after the
    other. The files are checked to be regular, readable files first (`check_regular_file`)."""
    @functools.wraps(fn)
    def locked(paths: list[str | Path], root: str | Path | None = None, vintage: str | None = None) -> Change:
        paths = [check_regular_file(p) for p in paths]
        with Store(root).updating():
            return fn(paths, root, vintage)
    return locked


@_one_import_at_a_time
def import_files(paths: list[str | Path], root: str | Path | None = None, vintage: str | None = None) -> Change:
    """Import releases one after another into the store at `root`; returns what changed.

    Every file is parsed and checked (forecast.data.validate) before anything is written: one bad
    file and the store is untouched. Values that repeat the stored ones keep their stored vintage
    (`store.drop_repeats`), so a re-dated copy of a file cannot poison the vintages.
    """
    from forecast.data.validate import check_vintage

    if vintage is not None:
        check_vintage(vintage, field="--vintage")
    store = Store(root)
    if not store.exists():
        raise DataError("no store here: run 'growthsim data build' first", source=str(store.root))
    content = store.read()
    before = content.official.copy()
    official, revisions = content.official, content.revisions
    repeats = 0
    for p in sorted((Path(x) for x in paths), key=lambda x: x.name):
        obs = parse_release(p, context=pd.concat([official, content.derived], ignore_index=True), vintage=vintage,
                            history=pd.concat([official, revisions[official.columns]], ignore_index=True))
        check_observations(obs, str(p))
        obs = check_obs(obs, str(p))
        fresh = drop_repeats(official, revisions, obs)
        repeats += len(obs) - len(fresh)
        official, revisions = merge_vintages(official, revisions, fresh)
    new = _finish(store, official, revisions, pd.DataFrame(columns=META_COLUMNS), content.catalog)
    store.write(new)
    change = diff(before, official, [str(p) for p in paths])
    change.repeats = repeats
    return change


def diff(before: pd.DataFrame, after: pd.DataFrame, files: list[str]) -> Change:
    b = before.set_index(["series", "period"])
    a = after.set_index(["series", "period"])
    added_idx = a.index.difference(b.index)
    added = a.loc[added_idx, ["value"]].reset_index()
    common = a.index.intersection(b.index)
    old, new = b.loc[common, "value"], a.loc[common, "value"]
    changed = (old - new).abs() > 1e-9 * (1 + old.abs())
    idx = common[changed.to_numpy()]
    rev = pd.DataFrame({"old": b.loc[idx, "value"], "new": a.loc[idx, "value"], "unit": a.loc[idx, "unit"],
                        "old_vintage": b.loc[idx, "vintage"], "new_vintage": a.loc[idx, "vintage"]}).reset_index()
    rev["change"] = rev["new"] - rev["old"]
    rev["change_pct"] = (rev["new"] / rev["old"] - 1) * 100
    return Change(added=added, revised=rev, files=files)
