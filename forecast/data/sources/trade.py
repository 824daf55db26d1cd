"""Merchandise exports and imports, million USD, monthly: totals, sectors and product groups.

Sources (paths relative to the GSO folder) and what each contributes:

* ``sdmx/METVNM.xml`` (IMF ECOFIN DSD, prepared 2024-11-13): customs figures 2010-01..2024-10,
  status ``final``, vintage = the message's Prepared date. The file lacks 2022-01 and 2023-01..09.
  Codes mapped in `forecast.data.sources.trade_products.SDMX_CODES` (totals, sectors, 68 products).
* ``tables/xk.csv`` / ``tables/nk.csv`` (GSO monthly releases 2014-01..2025-02, long format):
  per release (vintage = ``Date``) the month's first estimate (``Total-M``, status
  ``first_estimate``) and, from the year-to-date VALUE ``Total-YOY`` of this and the previous
  release, the revised value of the month before (status ``revised``):
  ``revised(m-1) = [YTD(m) - M(m)] - [YTD(m-1) - M(m-1)]``; for February ``YTD(2) - M(2)``.
  December is not revised by the tables (January's year to date is January alone): its revised
  value comes from the January release workbook (`january_revisions`). A negative
  difference (4 cases in 2014-2020, small products whose year-to-date row was redefined) is dropped.

All vintages are returned; the store keeps the ``final`` value when there is one, else the newest
vintage, so totals run 2010-01..2025-02 without gaps (the SDMX gaps are filled by the tables).
`derive` adds ``trade_balance`` = exports - imports (status ``derived``).

``until`` (YYYY-MM) keeps releases whose month is not after it, and SDMX values of periods not after
it (the SDMX file, prepared 2024-11-13, is the only source of the 2010-2013 history and of finals).
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from forecast import periods as P
from forecast.data.frame import META_COLUMNS, OBS_COLUMNS, empty_obs
from forecast.data.sources.trade_products import (SDMX_CODES, SUBROW_KEYS, UNIT, catalog, is_subrow,
                                                  series_id, slug)
from forecast.errors import DataError

SDMX_FILE = "sdmx/METVNM.xml"
TABLES = {"exports": "tables/xk.csv", "imports": "tables/nk.csv"}
_NEEDED = ["Ngành", "Total-M", "Total-YOY", "Date", "Month"]


def meta() -> pd.DataFrame:
    rows = [r for r in catalog() if r["id"] != "trade_balance"]
    sdmx_ids = set(SDMX_CODES.values())
    for r in rows:
        if r["id"] in sdmx_ids and "sdmx" not in r["source"]:
            r["source"] = f"{SDMX_FILE}; {r['source']}"
    return pd.DataFrame(rows, columns=META_COLUMNS)


def sdmx_obs(path: str | Path) -> pd.DataFrame:
    """Trade series in an SDMX-ML file (status final, vintage = Prepared date); empty if none."""
    from forecast.data.sdmx import read_sdmx

    data = read_sdmx(path)
    o = data.obs[(data.obs["freq"] == "M") & data.obs["indicator"].isin(SDMX_CODES.keys())]
    if o.empty:
        return empty_obs()
    mult = pd.to_numeric(o["unit_mult"].replace("", "6"), errors="coerce").fillna(6)
    return pd.DataFrame({
        "series": o["indicator"].map(SDMX_CODES).to_numpy(),
        "period": o["period"].to_numpy(),
        "value": (o["value"] * 10.0 ** (mult - 6)).to_numpy(),
        "unit": UNIT, "source": SDMX_FILE, "item": o["indicator"].to_numpy(),
        "vintage": data.prepared, "status": "final",
    }, columns=OBS_COLUMNS)


def release_tables(path: Path, flow: str, until: str | None = None) -> dict[str, dict]:
    """Per release month: {'vintage', 'rows': {series id: (label, month value, year-to-date value)}}."""
    if not path.exists():
        raise DataError("file not found", source=str(path))
    df = pd.read_csv(path, dtype={"Date": str, "Month": str})
    missing = [c for c in _NEEDED if c not in df.columns]
    if missing:
        raise DataError(f"missing columns {missing}", source=str(path))
    if until:
        df = df[df["Month"] <= until]
    out: dict[str, dict] = {}
    for (month, date), part in df.groupby(["Month", "Date"], sort=True):
        rows: dict[str, tuple[str, float | None, float | None]] = {}
        parent = None
        for label, m, ytd in zip(part["Ngành"], part["Total-M"], part["Total-YOY"]):
            label = str(label).strip()
            if is_subrow(label):
                key = SUBROW_KEYS.get(parent.split(".", 1)[-1]) if parent else None
                if key is None:
                    continue
                sid = f"{flow}.{key}"
            else:
                sid = series_id(flow, label) or f"{flow}.{slug(label)}"
                parent = sid
            # repeated rows ('Dầu thô' under the FDI sector and among products): the last one wins
            rows[sid] = (label, None if pd.isna(m) else float(m), None if pd.isna(ytd) else float(ytd))
        if month in out and out[month]["vintage"] >= date:
            continue
        out[month] = {"vintage": date, "rows": rows}
    return out


def tables_obs(gso: Path, flow: str, until: str | None = None) -> pd.DataFrame:
    """First estimates and revised values of one flow from its GSO table (see module docstring)."""
    src = TABLES[flow]
    rel = release_tables(gso / src, flow, until)
    out = []
    for month, r in rel.items():
        for sid, (label, m, _ytd) in r["rows"].items():
            if m is not None:
                out.append((sid, month, m, UNIT, src, label, r["vintage"], "first_estimate"))
        if month.endswith("-01"):
            continue
        pm = P.to_str(P.shift(month, -1))
        if month.endswith("-02"):
            prev_rows = {sid: (lab, 0.0, 0.0) for sid, (lab, _m, _y) in r["rows"].items()}
        elif pm in rel:
            prev_rows = rel[pm]["rows"]
        else:
            continue
        for sid, (label, m, ytd) in r["rows"].items():
            if sid not in prev_rows:
                continue
            _lab, pm_m, pm_ytd = prev_rows[sid]
            if None in (m, ytd, pm_m, pm_ytd):
                continue
            value = (ytd - m) - (pm_ytd - pm_m)
            if value < 0:
                continue  # impossible for a trade value: the year to date was redefined, keep the estimate
            out.append((sid, pm, value, UNIT, src, label, r["vintage"], "revised"))
    return pd.DataFrame(out, columns=OBS_COLUMNS)


def january_revisions(gso: Path, until: str | None, after: str) -> pd.DataFrame:
    """Revised Decembers from the January releases in ``monthly-releases/`` (the tables lack them).

    A January release prints the previous year's total (2023-) or December's actual value (to 2022)
    beside its own estimate; `forecast.data.releases.trade.parse` turns it into December's revised
    value, as an import of that release does. Only Decembers after `after` (the SDMX finals' end) are
    read: earlier ones are final in the SDMX file anyway, and each workbook takes seconds to open.
    """
    from forecast.data.releases import trade as release_trade
    from forecast.data.releases.workbook import open_release

    parts = []
    for p in sorted((gso / "monthly-releases").glob("????-01-*.xlsx")):
        month = p.name[:7]
        dec = P.to_str(P.last_month(P.month(month).year - 1))
        if dec <= after or (until and month > until):
            continue
        obs = release_trade.parse(open_release(p))
        parts.append(obs[(obs["status"] == "revised") & (obs["period"] == dec)])
    return pd.concat(parts, ignore_index=True) if parts else empty_obs()


def read_raw(gso: Path, until: str | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every vintage of the trade series in the raw folder (SDMX finals, table estimates and revisions)."""
    gso = Path(gso)
    sd = sdmx_obs(gso / SDMX_FILE)
    sdmx_end = sd["period"].max() if len(sd) else ""
    if until:
        sd = sd[sd["period"] <= until]
    parts = [sd, tables_obs(gso, "exports", until), tables_obs(gso, "imports", until),
             january_revisions(gso, until, sdmx_end)]
    obs = pd.concat([p for p in parts if len(p)], ignore_index=True)
    return demote_unrevised_sdmx(obs), meta()


def reconcile_sdmx(obs: pd.DataFrame, history: pd.DataFrame) -> pd.DataFrame:
    """An imported SDMX file, checked against the store's first estimates (`history`: every stored
    official value): finals that merely repeat a first estimate are demoted as in a build."""
    firsts = history[(history["status"] == "first_estimate") & history["series"].isin(obs["series"].unique())]
    both = pd.concat([obs, firsts], ignore_index=True)
    return demote_unrevised_sdmx(both).iloc[: len(obs)].reset_index(drop=True)


def demote_unrevised_sdmx(obs: pd.DataFrame) -> pd.DataFrame:
    """SDMX values equal to the month's first estimate are not final figures: mark them ``published``.

    The SDMX file's newest months (exports and imports 2024-10, imports 2024-09) repeat GSO's
    first estimates to the last digit ("figures from Jan 2018 are preliminary"); as ``final`` they
    would block the revised value that the next release publishes.
    """
    first = obs[obs["status"] == "first_estimate"].set_index(["series", "period"])["value"]
    first = first[~first.index.duplicated(keep="last")]
    is_sdmx = obs["status"] == "final"
    key = list(zip(obs.loc[is_sdmx, "series"], obs.loc[is_sdmx, "period"]))
    est = first.reindex(key).to_numpy()
    same = (abs(obs.loc[is_sdmx, "value"].to_numpy() - est) <= 1e-9 * abs(est) + 1e-9)
    idx = obs.index[is_sdmx][same]
    obs = obs.copy()
    obs.loc[idx, "status"] = "published"
    obs.loc[idx, "item"] = obs.loc[idx, "item"] + " (equals the first estimate: not a final figure)"
    return obs


def derive(latest: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``trade_balance`` = exports - imports (million USD) for months with both; vintage = newer input's."""
    bal_meta = pd.DataFrame([r for r in catalog() if r["id"] == "trade_balance"], columns=META_COLUMNS)
    x = latest[latest["series"] == "exports"].set_index("period")
    m = latest[latest["series"] == "imports"].set_index("period")
    common = x.index.intersection(m.index)
    if common.empty:
        return empty_obs(), bal_meta
    common = common.sort_values()
    vint = [max(a, b) for a, b in zip(x.loc[common, "vintage"], m.loc[common, "vintage"])]
    obs = pd.DataFrame({
        "series": "trade_balance", "period": list(common),
        "value": (x.loc[common, "value"] - m.loc[common, "value"]).to_numpy(dtype=float),
        "unit": UNIT, "source": "derived", "item": "exports - imports", "vintage": vint, "status": "derived",
    }, columns=OBS_COLUMNS)
    return obs, bal_meta
