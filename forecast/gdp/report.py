"""The backtest's outputs: ``gdp_calls.csv``, ``gdp_metrics.csv``, ``gdp_sources.csv`` (through
`forecast.tables`), the metrics and targets as text, and the plot of the calls converging on the
outcome, year by year (PNG, matplotlib's Agg backend, as the series backtest's report)."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from forecast.gdp import metrics as M
from forecast.tables import write_table


def metrics_text(m: pd.DataFrame) -> str:
    """The metrics (pp; cov80 in %) as an aligned table, then the targets table."""
    t = m.copy()
    t["cov80"] = (t["cov80"] * 100).round(0)
    for c in ("mae", "mean_error", "rmse", "width80"):
        t[c] = t[c].round(2)
    tt = M.targets_table(m).round(2)
    return (t.rename(columns={"cov80": "cov80_%"}).to_string(index=False, na_rep="")
            + "\n\nMAE (pp) against the first estimate, COVID years excluded, beside the targets:\n"
            + tt.to_string(na_rep=""))


def plot(calls: pd.DataFrame, path: Path, model: str = "growthsim") -> Path:
    """One panel per year: `model`'s mean and 80% band and the naive and institutions' calls by
    origin, against the first estimate (a horizontal line)."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    years = sorted(calls["year"].unique())
    cols = min(5, len(years))
    rows = (len(years) + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(3.2 * cols, 2.6 * rows), squeeze=False, sharey=True)
    for ax, year in zip(axes.flat, years):
        c = calls[calls["year"] == year]
        for name, style in ((model, "-"), ("naive", ":"), ("institutions", "--")):
            g = c[c["model"] == name].sort_values("months_to_year_end", ascending=False)
            if g.empty:
                continue
            x = -g["months_to_year_end"].to_numpy()
            ax.plot(x, g["mean"], style, label=name, marker="." if name == model else None)
            if name == model and g["p10"].notna().any():
                ax.fill_between(x, g["p10"], g["p90"], alpha=0.2)
        ax.axhline(c["actual"].iloc[0], color="black", lw=0.8)
        ax.set_title(f"{year} (first estimate {c['actual'].iloc[0]:.2f}%)", fontsize=8)
        ax.tick_params(labelsize=7)
    for ax in list(axes.flat)[len(years):]:
        ax.axis("off")
    axes.flat[0].legend(fontsize=6)
    fig.supxlabel("months before the end of the year (origin)", fontsize=8)
    fig.supylabel("annual GDP growth call, %", fontsize=8)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def write_outputs(calls: pd.DataFrame, metrics: pd.DataFrame, sources: pd.DataFrame, outdir: Path,
                  plot_path: Path | None = None) -> list[Path]:
    """The CSV files (and the plot) in `outdir`; returns the paths written."""
    outdir.mkdir(parents=True, exist_ok=True)
    out = []
    for name, df in (("gdp_calls.csv", calls), ("gdp_metrics.csv", metrics), ("gdp_sources.csv", sources)):
        write_table(df, "csv", outdir / name)
        out.append(outdir / name)
    out.append(plot(calls, plot_path or outdir / "gdp_calls.png"))
    return out
