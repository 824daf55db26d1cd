"""A batch's outputs: batch.csv (one row per series: status, seconds, model, error), its progress bar
(tqdm: series done, failed, time left) and the exit status (0 all ok, 3 some failed)."""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from forecast.batch.tasks import STATUS_COLUMNS
from forecast.errors import GrowthsimError
from forecast.tables import write_table

EXIT_OK, EXIT_SOME_FAILED = 0, 3


@dataclass
class BatchResult:
    """`status`: one row per series (``STATUS_COLUMNS``), in the order asked; `tables`: the tidy result
    frames by name (a refit: 'forecasts'; a backtest: 'metrics', 'forecasts', 'by_horizon');
    `seconds`: wall clock; `where`: what ran the chunks; `notes`: what a reader must know (reconciliation)."""

    status: pd.DataFrame
    tables: dict[str, pd.DataFrame]
    seconds: float
    where: str
    notes: list[str] = field(default_factory=list)

    @property
    def failed(self) -> pd.DataFrame:
        return self.status[self.status["status"] == "failed"]

    def exit_code(self) -> int:
        return EXIT_SOME_FAILED if len(self.failed) else EXIT_OK

    def summary(self) -> str:
        counts = self.status["status"].value_counts()
        parts = ", ".join(f"{counts.get(k, 0)} {k}" for k in ("ok", "cached", "failed", "skipped") if counts.get(k))
        return f"{len(self.status)} series: {parts or 'none'}; {self.seconds:.1f} s on {self.where}"


def check_output_dir(out: Path | None) -> None:
    """--output must be a directory or not exist yet (checked before any work starts)."""
    if out is not None and out.exists() and not out.is_dir():
        raise GrowthsimError(f"--output {out} exists and is not a directory")


def write_batch(result: BatchResult, out: Path) -> list[Path]:
    """batch.csv and every table of `result` as <name>.csv into `out`."""
    out.mkdir(parents=True, exist_ok=True)
    write_table(result.status[STATUS_COLUMNS], "csv", out / "batch.csv")
    written = [out / "batch.csv"]
    for name, table in result.tables.items():
        write_table(table, "csv", out / f"{name}.csv")
        written.append(out / f"{name}.csv")
    return written


def failures_text(status: pd.DataFrame, limit: int = 20) -> str:
    """The failed series with their reasons, one per line (at most `limit`)."""
    f = status[status["status"] == "failed"]
    lines = [f"  {r.series}: {r.error}" for r in f.head(limit).itertuples()]
    if len(f) > limit:
        lines.append(f"  ... and {len(f) - limit} more (see batch.csv)")
    return "\n".join(lines)


class BatchProgress:
    """tqdm bar over series: done, failed, elapsed and time left (stderr; off when not `enabled`)."""

    def __init__(self, total: int, label: str, enabled: bool = True):
        self.failed = 0
        self.bar = None
        if enabled and total:
            from tqdm import tqdm
            self.bar = tqdm(total=total, desc=label, unit="series", file=sys.stderr, dynamic_ncols=True,
                            mininterval=0.5)

    def update(self, status: pd.DataFrame) -> None:
        self.failed += int((status["status"] == "failed").sum())
        if self.bar is not None:
            self.bar.set_postfix(failed=self.failed, refresh=False)
            self.bar.update(len(status))

    def step(self, n: int = 1) -> None:
        """`n` more units done (tasks that are not series, e.g. one hierarchy at one origin)."""
        if self.bar is not None:
            self.bar.update(n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
