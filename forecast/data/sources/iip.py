"""Index of industrial production (IIP): published rates from ``tables/iip.csv`` and a derived level.

Published rates (unit ``%``, change against the same period of the previous year) are the
official truth and are stored as published, per industry prefix ``P`` (see `iip_industries`):

* ``P.yoy``        M  month vs same month last year. ``first_estimate`` from the release of that
                      month (``E-YOY``); ``revised`` from the next release (``YOY-Pre-Month``).
* ``P.ytd_yoy``    M  January..month vs the same span last year (``YTD-YOY``), ``first_estimate``.
* ``P.annual_yoy`` A  the year, = the December release's year-to-date rate, ``published``.

Quirk of the raw table (see docs/data/iip.md): in releases before 2018 the column
``YOY-Pre-Month`` holds the previous month's *year-to-date* rate for February..November
(its median distance to the previous release's YTD-YOY is 0.3 pp, to its month rate 3 pp), so
there it is stored as a ``revised`` ``P.ytd_yoy``, not as a month rate.

Derived (status ``derived``, unit ``index 2015=100``, source ``derived``): level ``P`` chained
12 months apart from the newest published month rates, level[m] = level[m-12] * (1 + yoy[m]/100),
with the twelve months of 2015 = 100 (anchors, see `ANCHORS`) and 2013-2014 back-cast with the
2014-2015 rates. A month without any published month rate (2017-05: release missing) is bridged
from the year-to-date rates; see `derive`.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from forecast import periods as P
from forecast.data.frame import OBS_COLUMNS, check_obs, empty_meta, empty_obs, META_COLUMNS
from forecast.data.sources.iip_industries import BY_PREFIX, INDUSTRIES, industry
from forecast.errors import DataError

SOURCE = "tables/iip.csv"
RATE = "%"
LEVEL = "index 2015=100"
BASE_YEAR = 2015
#: Anchors: the twelve values of 2015 that the chain starts from, one set per level series,
#: with mean 100 (so 2015 = 100). Their *shape* is fitted to the published month-on-month rates:
#: the chain fixes level[m]/level[m-12], so each calendar month carries one free factor a[k];
#: they are chosen by least squares so that level[m]/level[m-1] matches the published
#: month-on-month change over `ANCHOR_FIT` (2018-02..2024-12: the reliable years, fixed so that new
#: releases do not move the whole history). Flat anchors (all 100) would leave the 2015 seasonal
#: pattern (Tết fell on 19 February) inverted in every later year: the level's January-February
#: growth then missed the published year-to-date rate by 2 pp in 2025. The published 2015
#: month-on-month rates themselves cannot serve (chained they miss the published January 2016
#: yoy by 20%), nor can the SDMX AIP index (from 2017, disagrees with the published rates).
#: A series without enough month-on-month rates keeps flat anchors.
ANCHOR_FIT = ("2018-02", "2024-12")
ANCHORS = [100.0] * 12  # the flat start of the chain; `seasonal_anchors` rescales it per series
#: Years whose numbers are not exact: kept in the tables, exempted from exact checks.
EXEMPT_YEARS = {
    2014: "release 2014-01 missing: no first estimate for 2014-01 (its revised rate from the 2014-02 release is used); "
          "Feb-Nov 2014 month rates are first estimates only (the 'revised' column holds year-to-date rates)",
    2017: "release 2017-05 missing: 2017-05 has no published month rate and is bridged from year-to-date rates; "
          "Feb-Nov 2017 month rates are first estimates only (the 'revised' column holds year-to-date rates); "
          "the 2017-01 release's month and year-to-date rates disagree",
}


def release_obs(rows: list[dict], month: str, vintage: str, source: str) -> pd.DataFrame:
    """Observations of one release from its table rows.

    Each row: ``item`` (label), ``yoy``, ``ytd``, ``prev`` (rates in %, None if not given) and
    ``prev_kind`` ('yoy' or 'ytd': what the previous-month column holds). Two rows of the same
    industry (section D printed twice) must agree, else DataError.
    """
    out: dict[tuple[str, str], dict] = {}

    def add(series, period, value, status, item):
        if value is None or (isinstance(value, float) and np.isnan(value)):
            return
        k = (series, period)
        if k in out:
            if abs(out[k]["value"] - value) > 1e-6:
                raise DataError(f"{series} {period}: two rows ({out[k]['item']!r}, {item!r}) give "
                                f"{out[k]['value']} and {value}", source=source)
            return
        out[k] = dict(series=series, period=period, value=float(value), unit=RATE, source=source,
                      item=item, vintage=vintage, status=status)

    for r in rows:
        p = industry(r["item"], source=source, location=r.get("where")).prefix
        item = " ".join(str(r["item"]).split())
        add(f"{p}.yoy", month, r.get("yoy"), "first_estimate", item)
        add(f"{p}.ytd_yoy", month, r.get("ytd"), "first_estimate", item)
        add(f"{p}.mom", month, r.get("mom"), "first_estimate", item)
        if month.endswith("-12"):
            add(f"{p}.annual_yoy", month[:4], r.get("ytd"), "published", item)
        if r.get("prev") is not None:
            kind = "ytd_yoy" if r.get("prev_kind") == "ytd" else "yoy"
            add(f"{p}.{kind}", P.to_str(P.shift(month, -1)), r["prev"], "revised", item)
    if not out:
        return empty_obs()
    return pd.DataFrame(list(out.values()), columns=OBS_COLUMNS)


def prev_kind(vintage: str, month: str) -> str:
    """What the previous-month column of a release holds: 'ytd' for Feb..Nov before 2018, else 'yoy'."""
    pm = P.shift(month, -1).month
    return "ytd" if vintage < "2018-01-01" and 2 <= pm <= 11 else "yoy"


def read_raw(gso: Path, until: str | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Published IIP rates of every release in ``tables/iip.csv`` with reference month <= `until`."""
    path = Path(gso) / SOURCE
    if not path.exists():
        raise DataError("file not found", source=str(path))
    raw = pd.read_csv(path, index_col=0, dtype={"Date": str, "Month": str, "PreMonth": str})
    need = {"Ngành", "YOY-Pre-Month", "E-YOY", "YTD-YOY", "Date", "Month", "PreMonth"}
    if need - set(raw.columns):
        raise DataError(f"missing columns {sorted(need - set(raw.columns))}", source=str(path))
    if until:
        raw = raw[raw["Month"] <= until]
    frames = []
    for (vintage, month), g in raw.groupby(["Date", "Month"], sort=True):
        pm = g["PreMonth"].dropna()
        if len(pm) and (pm != P.to_str(P.shift(month, -1))).any():
            raise DataError(f"release {vintage}: PreMonth {pm.iloc[0]} is not the month before {month}", source=SOURCE)
        kind = prev_kind(vintage, month)
        rows = [dict(item=r["Ngành"], yoy=_num(r["E-YOY"]), ytd=_num(r["YTD-YOY"]), prev=_num(r["YOY-Pre-Month"]),
                     prev_kind=kind, mom=_num(r["MOM"]) if "MOM" in r else None, where=f"release {vintage}")
                for _, r in g.iterrows()]
        frames.append(release_obs(rows, month, vintage, SOURCE))
    obs = check_obs(pd.concat(frames, ignore_index=True) if frames else empty_obs(), SOURCE)
    return obs, meta_for(obs["series"].unique())


def _num(v) -> float | None:
    return None if pd.isna(v) else float(v)


def meta_for(series_ids) -> pd.DataFrame:
    """Catalog rows for IIP series ids (rates and levels)."""
    rows = []
    kinds = {
        "yoy": ("M", RATE, "so với cùng kỳ năm trước (tháng)", "% change, month vs same month of previous year",
                "published rate; first estimate in the month's release, revised in the next"),
        "ytd_yoy": ("M", RATE, "cộng dồn từ đầu năm so với cùng kỳ", "% change, January..month vs same span of previous year",
                    "published rate; before 2018 the revised value comes from the next release's previous-month column"),
        "annual_yoy": ("A", RATE, "cả năm so với năm trước", "% change, year vs previous year",
                       "the December release's year-to-date rate"),
        "mom": ("M", RATE, "so với tháng trước", "% change, month vs previous month",
                "published rate, first estimate (the month's release)"),
    }
    for sid in sorted(series_ids):
        prefix, _, kind = sid.rpartition(".")
        if kind in kinds and prefix in BY_PREFIX:
            ind = BY_PREFIX[prefix]
            freq, unit, vi, en, note = kinds[kind]
            rows.append(dict(id=sid, name_vi=f"IIP {ind.name_vi}, {vi}", name_en=f"IIP {ind.name_en} ({ind.vsic}), {en}",
                             unit=unit, freq=freq, source=SOURCE, note=note))
        elif sid in BY_PREFIX:
            ind = BY_PREFIX[sid]
            rows.append(dict(id=sid, name_vi=f"IIP {ind.name_vi}, chỉ số 2015=100 (tính toán)",
                             name_en=f"IIP {ind.name_en} ({ind.vsic}), level index 2015=100 (derived)", unit=LEVEL,
                             freq="M", source="derived", note=_LEVEL_ITEM.format(p=sid)))
    return pd.DataFrame(rows, columns=META_COLUMNS) if rows else empty_meta()


_LEVEL_ITEM = ("chained from {p}.yoy: level[m] = level[m-12]*(1+yoy[m]/100); 2015 months = seasonal anchors "
               "(mean 100) fitted to {p}.mom 2018-02..2024-12; 2013-2014 back-cast")


def _rates(latest: pd.DataFrame, series: str) -> tuple[dict, dict]:
    s = latest[latest["series"] == series]
    return dict(zip(s["period"], s["value"])), dict(zip(s["period"], s["vintage"]))


def chain(yoy: dict, ytd: dict, yoy_v: dict, ytd_v: dict) -> tuple[dict, dict, dict] | None:
    """Level, vintage and note per month from month rates `yoy` (and `ytd` for bridging).

    2015 = `ANCHORS`; forward level[m] = level[m-12]*(1+yoy[m]/100); back-cast 2014 and 2013 with
    the following year's rates. A month with no month rate is bridged: January from its
    year-to-date rate (equal by definition), other months from the year-to-date difference
    weighted by last year's levels, yoy[m] = ((1+ytd[m])·S(m) − (1+ytd[m−1])·S(m−1)) / L[y−1,m] − 1,
    S(k) = sum of last year's levels Jan..k. Returns None when the chain cannot be built
    (no rate for a 2015 month, or a month that cannot be bridged).
    """
    if not yoy:
        return None
    last = max(yoy)
    L = {f"{BASE_YEAR}-{k:02d}": ANCHORS[k - 1] for k in range(1, 13)}
    notes: dict[str, str] = {}
    v2015 = [yoy_v.get(f"{BASE_YEAR}-{k:02d}") for k in range(1, 13)]
    if None in v2015:
        return None
    V = {f"{BASE_YEAR}-{k:02d}": max(v2015) for k in range(1, 13)}
    for month in P.month_range(f"{BASE_YEAR + 1}-01", last):
        m, pm, base = P.to_str(month), P.to_str(month - 1), P.to_str(month - 12)
        y, k = month.year, month.month
        if m in yoy:
            r, v = yoy[m], yoy_v[m]
        elif k == 1 and m in ytd:
            r, v, notes[m] = ytd[m], ytd_v[m], "January: no month rate, its year-to-date rate used"
        elif m in ytd and pm in ytd:
            prev = [L.get(f"{y - 1}-{j:02d}") for j in range(1, k + 1)]
            if None in prev:
                return None
            s1, s0 = sum(prev), sum(prev[:-1])
            r = ((1 + ytd[m] / 100) * s1 - (1 + ytd[pm] / 100) * s0) / prev[-1] * 100 - 100
            v = max(ytd_v[m], ytd_v[pm])
            notes[m] = f"no month rate published: bridged from ytd rates ({r:.2f}%)"
        else:
            return None
        L[m], V[m] = L[base] * (1 + r / 100), max(V[base], v)
    for y in (BASE_YEAR - 1, BASE_YEAR - 2):
        nxt = [f"{y + 1}-{k:02d}" for k in range(1, 13)]
        if not all(n in yoy for n in nxt):
            break
        for k, n in enumerate(nxt, 1):
            m = f"{y}-{k:02d}"
            L[m], V[m] = L[n] / (1 + yoy[n] / 100), max(V[n], yoy_v[n])
            notes[m] = "back-cast"
    return L, V, notes


def derive(latest: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Level indices (2015 = 100) of every IIP industry whose month rates chain from 2015 on."""
    latest = latest[latest["series"].str.startswith("iip")]
    rows = []
    for ind in INDUSTRIES:
        yoy, yoy_v = _rates(latest, f"{ind.prefix}.yoy")
        ytd, ytd_v = _rates(latest, f"{ind.prefix}.ytd_yoy")
        res = chain(yoy, ytd, yoy_v, ytd_v)
        if res is None:
            continue
        L, V, notes = res
        mom, _ = _rates(latest, f"{ind.prefix}.mom")
        a = seasonal_anchors(L, mom)
        L = {m: v * a[int(m[5:7]) - 1] / 100.0 for m, v in L.items()}
        base = _LEVEL_ITEM.format(p=ind.prefix).replace("; 2013-2014 back-cast", "")
        for m in sorted(L):
            item = base + (f"; {m}: {notes[m]}" if m in notes else "")
            rows.append(dict(series=ind.prefix, period=m, value=L[m], unit=LEVEL, source="derived",
                             item=item, vintage=V[m], status="derived"))
    if not rows:
        return empty_obs(), empty_meta()
    obs = check_obs(pd.DataFrame(rows, columns=OBS_COLUMNS), "iip.derive")
    return obs, meta_for(obs["series"].unique())


def seasonal_anchors(chained: dict[str, float], mom: dict[str, float], window: tuple[str, str] = ANCHOR_FIT,
                     min_months: int = 24) -> np.ndarray:
    """Twelve 2015 anchors (mean 100) that make the chained level's month-on-month changes best
    match the published ones (`mom`, %) over `window`; flat (all 100) with too few months.

    `chained` is the level built from flat anchors. Least squares on logs: for each month t,
    log(1+mom_t) ≈ log C_t − log C_{t−1} + α_k(t) − α_k(t−1), with Σα = 0.
    """
    rows, rhs = [], []
    for t, r in mom.items():
        if not (window[0] <= t <= window[1]):
            continue
        p = P.to_str(P.shift(t, -1))
        if t not in chained or p not in chained or r <= -100:
            continue
        k, j = int(t[5:7]) - 1, int(p[5:7]) - 1
        v = np.zeros(12)
        v[k] += 1.0
        v[j] -= 1.0
        rows.append(v)
        rhs.append(np.log1p(r / 100.0) - np.log(chained[t] / chained[p]))
    if len(rows) < min_months:
        return np.full(12, 100.0)
    A = np.vstack(rows + [np.ones(12)])
    b = np.array(rhs + [0.0])
    alpha = np.linalg.lstsq(A, b, rcond=None)[0]
    a = np.exp(alpha)
    return a / a.mean() * 100.0


def annual_gap(latest: pd.DataFrame) -> pd.DataFrame:
    """Per year and level series: the level's annual growth (mean of 12 months vs previous 12)
    against the published ``P.annual_yoy``; ``gap_pp`` = level − published, percentage points.

    Years in `EXEMPT_YEARS` are reported like the others but are not exact (see there).
    """
    levels = latest[latest["status"] == "derived"]
    levels = levels[levels["series"].isin(BY_PREFIX)]
    if levels.empty:
        levels, _ = derive(latest)
    out = []
    for sid, g in levels.groupby("series"):
        lv = dict(zip(g["period"], g["value"]))
        pub, _ = _rates(latest, f"{sid}.annual_yoy")
        for year, published in sorted(pub.items()):
            y = int(year)
            cur = [lv.get(f"{y}-{k:02d}") for k in range(1, 13)]
            prv = [lv.get(f"{y - 1}-{k:02d}") for k in range(1, 13)]
            if None in cur or None in prv:
                continue
            growth = (np.mean(cur) / np.mean(prv) - 1) * 100
            out.append(dict(year=y, series=sid, level_growth_pct=growth, published_pct=published,
                            gap_pp=growth - published))
    return pd.DataFrame(out, columns=["year", "series", "level_growth_pct", "published_pct", "gap_pp"])
