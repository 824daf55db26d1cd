"""Backtest outputs: metrics.csv, forecasts.csv, by_horizon.csv and a PNG chart, plus a text table."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from forecast.backtest.runner import FORECAST_COLUMNS, BacktestResult
from forecast.errors import GrowthsimError
from forecast.tables import write_table


def metrics_table(metrics: pd.DataFrame) -> str:
    """The metrics as an aligned text table (MASE, sMAPE %, coverage %, growth error pp)."""
    t = metrics[["series", "model", "origins", "mase", "smape", "cov80", "cov95", "crps_scaled",
                 "growth_mae_pp", "growth_bias_pp", "failures"]].copy()
    t["cov80"] = (t["cov80"] * 100).round(1)
    t["cov95"] = (t["cov95"] * 100).round(1)
    for c in ("mase", "crps_scaled"):
        t[c] = t[c].round(3)
    for c in ("smape", "growth_mae_pp", "growth_bias_pp"):
        t[c] = t[c].round(2)
    t = t.rename(columns={"cov80": "cov80_%", "cov95": "cov95_%", "smape": "smape_%"})
    return t.to_string(index=False)


def plot(result: BacktestResult, path: Path) -> Path:
    """MASE and 80% coverage by horizon step, one column of panels per series."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    bh = result.by_horizon
    series = list(dict.fromkeys(bh["series"]))
    fig, axes = plt.subplots(2, len(series), figsize=(4.2 * len(series), 6.4), squeeze=False, sharex=True)
    for j, s in enumerate(series):
        d = bh[bh["series"] == s]
        for model, g in d.groupby("model", sort=False):
            style = dict(lw=2.2) if model == "selected" else dict(lw=1.2, ls="--")
            axes[0, j].plot(g["h"], g["mase"], label=model, **style)
            axes[1, j].plot(g["h"], g["cov80"] * 100, label=model, **style)
        axes[0, j].set_title(s)
        axes[0, j].axhline(1.0, color="grey", lw=0.6)
        axes[1, j].axhspan(75, 85, color="green", alpha=0.08)
        axes[1, j].axhline(80, color="grey", lw=0.6)
        axes[1, j].set_xlabel("horizon (months)")
    axes[0, 0].set_ylabel("MASE")
    axes[1, 0].set_ylabel("80% interval coverage, %")
    axes[0, 0].legend(fontsize=8)
    fig.suptitle("Rolling-origin backtest: error and coverage by horizon", fontsize=11)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def write_outputs(result: BacktestResult, outdir: str | Path) -> list[Path]:
    """Write metrics.csv (with ``level`` and ``reconciled`` columns: ``forecast.reconcile.backtest.with_levels``),
    forecasts.csv, by_horizon.csv and backtest.png into `outdir`."""
    out = Path(outdir)
    if out.exists() and not out.is_dir():
        raise GrowthsimError(f"--output {out} exists and is not a directory")
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / "metrics.csv", out / "forecasts.csv", out / "by_horizon.csv", out / "backtest.png"]
    f = result.forecasts
    from forecast.reconcile.backtest import with_levels

    for path, table in zip(paths, (with_levels(result.metrics), f[FORECAST_COLUMNS + ["h", "actual", "crps", "alias"]],
                                   result.by_horizon)):
        write_table(table, "csv", path)
    plot(result, paths[3])
    return paths
