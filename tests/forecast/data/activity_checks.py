"""Checks shared by the tests of the families read from the release workbooks (investment, arrivals,
transport): published rates against stored levels, one-release-at-a-time equals the build, and a
release with an unexpected header refused with the store unchanged."""
from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pandas as pd

from dashboards.cli import main
from forecast.data.frame import OBS_COLUMNS, check_obs
from forecast.data.store import Store, merge_vintages
from forecast.data.validate import check_observations
from forecast.data.releases.workbook import fold, open_release
from tests.conftest import require_gso, tree_hash

STORE = Path(__file__).resolve().parents[3] / "data"
UPDATES = ("2024-11", "2024-12", "2025-01", "2025-02")


def gso_dir() -> Path:
    return require_gso("monthly-releases")


def release(gso: Path, month: str) -> Path:
    [path] = [p for p in sorted((gso / "monthly-releases").glob("*.xlsx")) if p.name[:7] == month]
    return path


def stored() -> tuple[pd.DataFrame, pd.DataFrame]:
    """(newest values, every value ever published incl. superseded) of the shipped store `data/`."""
    st = Store(STORE)
    latest = st.read_latest()
    every = pd.concat([latest, st.read_revisions()[OBS_COLUMNS]], ignore_index=True)
    return latest, every


def series(df: pd.DataFrame, sid: str, status: str | None = None, first: bool = False) -> pd.Series:
    """Values of `sid` by period; with `first`, each period's earliest vintage (of `status` if given)."""
    part = df[df["series"] == sid]
    if status:
        part = part[part["status"] == status]
    part = part.sort_values("vintage", kind="mergesort")
    part = part.drop_duplicates("period", keep="first" if first else "last")
    return part.set_index("period")["value"].sort_index()


def year_before(period: str) -> str:
    return f"{int(period[:4]) - 1}{period[4:]}"


def rate_gaps(level: pd.Series, base: pd.Series, rate: pd.Series) -> pd.Series:
    """Gap (%) between the published growth factor 1 + rate/100 and level[t] / base[t - 1 year]."""
    out = {}
    for p, r in rate.items():
        b = base.get(year_before(p))
        if p in level.index and b is not None and b > 0:
            out[p] = ((level[p] / b) / (1 + r / 100) - 1) * 100
    return pd.Series(out, dtype="float64").sort_index()


def assert_import_one_by_one_equals_build(source, release_module, gso: Path) -> int:
    """Releases up to 2024-10 as the build reads them, then 2024-11..2025-02 each parsed, checked and
    merged like `growthsim data import`: newest values and revision log equal the full build's."""
    none = pd.DataFrame(columns=OBS_COLUMNS + ["superseded_by"])
    official, revisions = merge_vintages(check_obs(pd.DataFrame(columns=OBS_COLUMNS)), none,
                                         source.read_raw(gso, "2024-10")[0])
    for month in UPDATES:
        path = release(gso, month)
        obs = release_module.parse(open_release(path)).assign(source=f"monthly-releases/{path.name}")
        check_observations(obs, str(path))
        official, revisions = merge_vintages(official, revisions, check_obs(obs, str(path)))
    full, full_rev = merge_vintages(check_obs(pd.DataFrame(columns=OBS_COLUMNS)), none, source.read_raw(gso, None)[0])
    key = ["series", "period", "vintage", "status"]
    a = official.sort_values(key).reset_index(drop=True)
    b = full.sort_values(key).reset_index(drop=True)
    pd.testing.assert_frame_equal(a, b, check_dtype=False)
    assert len(revisions) == len(full_rev)
    if len(full_rev):  # transport has no revised values, hence no revision log
        ra = revisions.sort_values(key).reset_index(drop=True)
        rb = full_rev.sort_values(key).reset_index(drop=True)
        pd.testing.assert_frame_equal(ra, rb, check_dtype=False)
    return len(a)


def broken_release(gso: Path, month: str, caption: str, header: str, new_text: str, tmp: Path) -> tuple[Path, str, int]:
    """A copy of the `month` release whose table captioned `caption` has the header cell `header`
    replaced by `new_text`; returns (path, sheet name, Excel row where that column's header starts)."""
    src = release(gso, month)
    wb = openpyxl.load_workbook(src)
    for ws in wb.worksheets:
        title = " ".join(fold(c.value) for row in ws.iter_rows(max_row=3) for c in row if isinstance(c.value, str))
        if caption in title and "cac quy" not in title:
            for row in ws.iter_rows(max_row=12):
                for cell in row:
                    if isinstance(cell.value, str) and fold(cell.value) == fold(header):
                        cell.value = new_text
                        out = tmp / src.name
                        wb.save(out)
                        top = next(r for r in range(2, cell.row + 1)
                                   if ws.cell(r, cell.column).value not in (None, ""))
                        return out, ws.title, top  # errors name the header's first row
    raise AssertionError(f"no header {header!r} under {caption!r} in {src.name}")


def assert_refused(capsys, tmp_path: Path, bad: Path, sheet: str, row: int, words: str) -> str:
    """`growthsim data import bad` on a copy of the shipped store: exit 2, one line naming the file,
    sheet and row, and not one byte of the store changed."""
    store = tmp_path / "store"
    shutil.copytree(STORE, store)
    before = tree_hash(store)
    code = main(["--data", str(store), "data", "import", str(bad)])
    err = capsys.readouterr().err.strip()
    assert code == 2
    assert tree_hash(store) == before
    assert "Traceback" not in err and len(err.splitlines()) == 1, err
    assert bad.name in err and repr(sheet) in err and f"row {row}" in err and words in err, err
    return err
