"""Backtest of the sector baseline (GDP bridge) against the naive rule, quarterly and annual.

    python benchmarks/bench_bridge.py [--start 2018-12] [--end 2024-09] [--n 2000] [--workers 2]

From every quarter-end origin (data as of that month: GDP up to that quarter, indicators up to
that month; pseudo-real-time, i.e. the newest vintage of the data before the origin) the bridge
simulates the sectors to the end of the next quarter's year. Scored against the published GDP:

* quarterly: yoy growth of GDP in the next quarter (one quarter ahead); naive = the last
  published quarter's yoy growth;
* annual: the growth of the next quarter's year (sum of quarters vs last year's; year ahead
  from December origins, in-year from March, June and September origins with the published
  quarters fixed); naive = the remaining quarters grow at the last published quarter's yoy rate.
  From December origins a second naive: last year's annual growth.
Errors are in percentage points (forecast = mean of the draws); coverage of the 80% interval.
Writes benchmarks/results/bridge/{origins.csv, summary.md}.
"""
from __future__ import annotations

import argparse
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from forecast import bridge as B  # noqa: E402
from forecast import periods as P  # noqa: E402
from forecast.data.api import load  # noqa: E402
from forecast.data.sectors import LEAVES  # noqa: E402


def gdp_levels(root=None) -> pd.DataFrame:
    w = load([f"gdp_real.{k}" for k in LEAVES], root=root).pivot(index="period", columns="series", values="value")
    w.columns = [c.split(".", 1)[1] for c in w.columns]
    return w[list(LEAVES)]


def one_origin(origin: str, n: int, seed: int, root=None) -> list[dict]:
    gdp = gdp_levels(root)
    total = gdp.sum(axis=1)
    t0 = time.perf_counter()
    data = B.load_bridge_data(origin, root)
    last_q = P.to_str(data.gdp.index[-1])
    q1 = P.to_str(P.shift(last_q, 1))
    if q1 not in total.index:
        return []
    year = P.quarter(q1).year
    draws = B.simulate(year, n, seed, root=root, origin=origin, data=data)
    secs = time.perf_counter() - t0
    rows = []
    # quarterly, one ahead
    gq = draws.quarter_growth_pct(q1, total=True)
    act_q = (total[q1] / total[P.to_str(P.shift(q1, -4))] - 1) * 100
    naive_q = (total[last_q] / total[P.to_str(P.shift(last_q, -4))] - 1) * 100
    lo, hi = np.quantile(gq, [0.1, 0.9])
    rows.append({"origin": origin, "kind": "quarter", "target": q1, "forecast": gq.mean(), "lo80": lo, "hi80": hi,
                 "actual": act_q, "naive": naive_q, "naive_year": np.nan, "seconds": secs})
    # annual
    if all(f"{year}Q{i}" in total.index for i in range(1, 5)):
        idx_cur = [draws.quarters.get_loc(P.quarter(f"{year}Q{i}")) for i in range(1, 5)]
        idx_prev = [draws.quarters.get_loc(P.quarter(f"{year - 1}Q{i}")) for i in range(1, 5)]
        tot = draws.levels.sum(axis=2)
        ga = (tot[:, idx_cur].sum(axis=1) / tot[:, idx_prev].sum(axis=1) - 1) * 100
        prev = total[[f"{year - 1}Q{i}" for i in range(1, 5)]].sum()
        act_a = (total[[f"{year}Q{i}" for i in range(1, 5)]].sum() / prev - 1) * 100
        known = data.gdp.sum(axis=1).set_axis(P.str_index(data.gdp.index))
        naive_levels = [known[f"{year}Q{i}"] if f"{year}Q{i}" in known.index
                        else total[f"{year - 1}Q{i}"] * (1 + naive_q / 100) for i in range(1, 5)]
        naive_a = (sum(naive_levels) / prev - 1) * 100
        naive_y = np.nan
        if last_q.endswith("Q4"):
            pp = known[[f"{year - 2}Q{i}" for i in range(1, 5)]].sum()
            naive_y = (known[[f"{year - 1}Q{i}" for i in range(1, 5)]].sum() / pp - 1) * 100
        lo, hi = np.quantile(ga, [0.1, 0.9])
        rows.append({"origin": origin, "kind": f"year (after {last_q[4:]})", "target": str(year), "forecast": ga.mean(),
                     "lo80": lo, "hi80": hi, "actual": act_a, "naive": naive_a, "naive_year": naive_y, "seconds": secs})
        # sector annual errors
        sg = draws.annual_growth_pct(year).mean()
        sp = gdp.loc[[f"{year}Q{i}" for i in range(1, 5)]].sum() / gdp.loc[[f"{year - 1}Q{i}" for i in range(1, 5)]].sum()
        for k in LEAVES:
            kn = data.gdp[k].set_axis(P.str_index(data.gdp.index))
            g_last = (kn[last_q] / kn[P.to_str(P.shift(last_q, -4))] - 1) * 100
            nl = [kn[f"{year}Q{i}"] if f"{year}Q{i}" in kn.index else gdp.loc[f"{year - 1}Q{i}", k] * (1 + g_last / 100)
                  for i in range(1, 5)]
            rows.append({"origin": origin, "kind": f"sector {k}", "target": str(year), "forecast": sg[k],
                         "actual": (sp[k] - 1) * 100,
                         "naive": (sum(nl) / gdp.loc[[f"{year - 1}Q{i}" for i in range(1, 5)], k].sum() - 1) * 100,
                         "naive_year": np.nan, "lo80": np.nan, "hi80": np.nan, "seconds": secs})
    return rows


def summarise(df: pd.DataFrame) -> pd.DataFrame:
    out = []
    for kind, g in df.groupby("kind", sort=False):
        e = g["forecast"] - g["actual"]
        en = g["naive"] - g["actual"]
        row = {"what": kind, "origins": len(g), "bridge_mae_pp": e.abs().mean(), "naive_mae_pp": en.abs().mean(),
               "bridge_rmse_pp": np.sqrt((e ** 2).mean()), "naive_rmse_pp": np.sqrt((en ** 2).mean()),
               "bridge_bias_pp": e.mean()}
        if g["lo80"].notna().any():
            row["cov80_%"] = 100 * ((g["actual"] >= g["lo80"]) & (g["actual"] <= g["hi80"])).mean()
        if g["naive_year"].notna().any():
            ey = (g["naive_year"] - g["actual"]).dropna()
            row["naive_last_year_mae_pp"] = ey.abs().mean()
        ok = ~g["origin"].str[:4].isin(["2020", "2021"]) & ~g["target"].str[:4].isin(["2020", "2021"])
        row["bridge_mae_ex_covid"] = e[ok].abs().mean()
        row["naive_mae_ex_covid"] = en[ok].abs().mean()
        out.append(row)
    return pd.DataFrame(out)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--start", default="2018-12")
    p.add_argument("--end", default="2024-09")
    p.add_argument("--n", type=int, default=2000)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--data", type=Path, default=None, help="store directory (default: the repository's data/)")
    p.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "bridge")
    args = p.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    origins = [P.to_str(m) for m in P.month_range(args.start, args.end) if m.month % 3 == 0]
    t0 = time.perf_counter()
    rows = []
    with ProcessPoolExecutor(max_workers=args.workers) as ex:
        for i, r in enumerate(ex.map(one_origin, origins, [args.n] * len(origins), [args.seed] * len(origins),
                                      [args.data] * len(origins))):
            rows += r
            print(f"[{i + 1}/{len(origins)}] {origins[i]} {time.perf_counter() - t0:.0f} s", file=sys.stderr, flush=True)
    df = pd.DataFrame(rows)
    df.to_csv(args.out / "origins.csv", index=False)
    s = summarise(df)
    print(s.round(2).to_string(index=False))
    from benchmarks.bench_forecast import md_table
    text = (f"# GDP bridge backtest: {len(origins)} quarter-end origins {origins[0]}..{origins[-1]}, "
            f"{args.n} draws; {time.perf_counter() - t0:.0f} s\n\n" + md_table(s.round(3)) + "\n")
    (args.out / "summary.md").write_text(text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
