"""The backtest's outputs: ``gdp_calls.csv``, ``gdp_metrics.csv``, ``gdp_sources.csv`` (through
`forecast.tables`), the metrics and targets as text, and the plot of the calls converging on the
outcome, year by year (PNG, matplotlib's Agg backend, as the series backtest's report)."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from forecast.gdp import metrics as M
from forecast.tables import write_table


def common_calls(calls: pd.DataFrame) -> pd.DataFrame:
    """The calls of the (year, origin) pairs at which every model made one: a like-for-like sample
    (the bridge cannot be fitted before mid-2017, the institutions did not publish every month)."""
    ok = calls.dropna(subset=["mean"]).groupby(["year", "origin"])["model"].nunique()
    full = ok[ok == calls["model"].nunique()].index
    return calls.set_index(["year", "origin"]).loc[lambda d: d.index.isin(full)].reset_index()


def metrics_text(m: pd.DataFrame, common: pd.DataFrame | None = None) -> str:
    """The metrics (pp; cov80 in %) as an aligned table, then the targets table (and, with `common`,
    the metrics of `common_calls`, the same targets table on the calls every model made)."""
    t = m.copy()
    t["cov80"] = (t["cov80"] * 100).round(0)
    for c in ("mae", "mean_error", "rmse", "width80"):
        t[c] = t[c].round(2)
    tt = M.targets_table(m).round(2)
    text = (t.rename(columns={"cov80": "cov80_%"}).to_string(index=False, na_rep="")
            + "\n\nMAE (pp) against the first estimate, COVID years excluded, beside the targets (n in gdp_metrics.csv):\n"
            + tt.to_string(na_rep=""))
    if common is not None and len(common):
        n = M.targets_table(common)
        sel = common[(common["truth"] == "first_estimate") & (common["covid"] == "excluded")]
        counts = sel.groupby("bucket")["n"].max().reindex(list(M.BUCKETS))
        text += ("\n\nthe same on the calls every model made (n = " +
                 ", ".join(f"{b} {int(c) if c == c else 0}" for b, c in counts.items()) + "):\n" +
                 n.round(2).to_string(na_rep=""))
    return text


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
