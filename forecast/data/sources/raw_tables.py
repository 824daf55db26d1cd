"""Reading one of the raw folder's CSV tables (``tables/<name>.csv``) with the columns a family needs."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from forecast.errors import DataError


def read_table(gso: Path, table: str, what: str, need: set[str]) -> pd.DataFrame:
    """The raw table `table` (a path inside the GSO folder); a DataError naming the file when it is
    missing or lacks one of the `need` columns. `what` names the table in the message ("CPI")."""
    path = Path(gso) / table
    if not path.exists():
        raise DataError(f"{what} table not found", source=str(path))
    raw = pd.read_csv(path)
    if not need <= set(raw.columns):
        raise DataError(f"missing columns {sorted(need - set(raw.columns))}", source=str(path))
    return raw
