"""Draw the README's fan chart: history and the 80/95% forecast fan of the headline series.

    python benchmarks/fan_chart.py [--out docs/img/fan_chart.png] [--origin YYYY-MM]

Reads the shipped store and the forecast engine (cached paths); writes one PNG with a panel per
series (IIP, exports, retail), levels in the series' units.
"""
from __future__ import annotations

import argparse
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from forecast.engine import forecast_paths  # noqa: E402
from forecast.summaries import monthly_table  # noqa: E402

SERIES = (("iip", "IIP, index 2015=100"), ("exports", "Exports, million USD"),
          ("retail", "Retail sales, billion VND"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=Path("docs/img/fan_chart.png"))
    ap.add_argument("--origin", default=None)
    ap.add_argument("--history", type=int, default=48, help="months of history shown")
    args = ap.parse_args()
    fig, axes = plt.subplots(len(SERIES), 1, figsize=(10, 3.2 * len(SERIES)), constrained_layout=True)
    for ax, (sid, label) in zip(axes, SERIES):
        sp = forecast_paths(sid, origin=args.origin, horizon=12)
        tab = monthly_table(sp)
        hist = sp.history.iloc[-args.history:]
        x_hist = pd.PeriodIndex(hist.index, freq="M").to_timestamp()
        x_fc = pd.PeriodIndex(tab["period"], freq="M").to_timestamp()
        ax.fill_between(x_fc, tab["lo95"], tab["hi95"], color="#9ecae1", alpha=0.6, label="95% interval")
        ax.fill_between(x_fc, tab["lo80"], tab["hi80"], color="#4292c6", alpha=0.6, label="80% interval")
        ax.plot(x_hist, hist.to_numpy(), color="black", lw=1.4, label="published")
        ax.plot(x_fc, tab["mean"], color="#08306b", lw=1.4, ls="--", label="forecast mean")
        ax.set_title(f"{label} — model {sp.model}, data to {sp.origin} (vintage {sp.data_vintage})", fontsize=10)
        ax.grid(alpha=0.3)
    axes[0].legend(loc="upper left", fontsize=8, ncol=4)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(args.out, dpi=110)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
