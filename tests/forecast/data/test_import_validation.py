"""Import validation: vintages, values and periods that would poison the store are refused clearly.

Every refusal: exit 2, one line naming the file (and the observation), store byte-identical.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess

import pytest

from dashboards.cli import main
from forecast.data.api import load
from forecast.data.build import import_files
from forecast.data.validate import today
from tests.conftest import growthsim_command, tree_hash
from tests.forecast.data.store_kill import forged_gdp_sdmx


@pytest.fixture()
def store(full_store, tmp_path):
    return shutil.copytree(full_store, tmp_path / "store")


def refused(capsys, store, path, *extra):
    before = tree_hash(store)
    code = main(["--data", str(store), "data", "import", *extra, str(path)])
    err = capsys.readouterr().err
    assert code == 2, err
    assert tree_hash(store) == before
    assert "Traceback" not in err and path.name in err and len(err.strip().splitlines()) == 1
    return err


def sdmx(gso, tmp_path, name="GDPVNM.xml", **subs):
    text = (gso / "sdmx" / "GDPVNM.xml").read_text(encoding="utf-8")
    for pattern, repl in subs.items():
        text = re.sub(pattern.replace("_P_", ""), repl, text, count=1)
    out = tmp_path / name
    out.write_text(text, encoding="utf-8")
    return out


def yesterday() -> str:
    return (dt.date.fromisoformat(today()) - dt.timedelta(days=1)).isoformat()


def test_redated_sdmx_does_not_poison_and_the_real_file_still_imports(gso, store, tmp_path):
    """Rule: a value equal to the stored one keeps its stored vintage (a repeat is no new
    publication). A copy of GDPVNM.xml prepared 'yesterday' changes nothing; the real file
    re-imported afterwards leaves the real vintage 2024-10-24."""
    before = tree_hash(store)
    real_vintage = load("gdp_real.total", root=store).set_index("period")["vintage"]
    assert (real_vintage == "2024-10-24").any()
    forged = forged_gdp_sdmx(gso / "sdmx" / "GDPVNM.xml", tmp_path / "GDPVNM.xml", yesterday() + "T00:00:00Z")
    change = import_files([forged], root=store)
    assert change.repeats > 500 and change.revised.empty and change.added.empty
    assert tree_hash(store) == before
    import_files([gso / "sdmx" / "GDPVNM.xml"], root=store)
    assert tree_hash(store) == before
    assert (load("gdp_real.total", root=store).set_index("period")["vintage"] == real_vintage).all()


def test_prepared_in_the_future_is_refused(capsys, gso, store, tmp_path):
    bad = sdmx(gso, tmp_path, **{r"<message:Prepared>[^<]*": "<message:Prepared>2999-01-01T00:00:00Z"})
    assert "in the future" in refused(capsys, store, bad)


def test_prepared_not_a_real_date(capsys, gso, store, tmp_path):
    bad = sdmx(gso, tmp_path, **{r"<message:Prepared>[^<]*": "<message:Prepared>2024-02-30T00:00:00Z"})
    assert "real date" in refused(capsys, store, bad)


@pytest.mark.parametrize("value, words", [("INF", "not a finite number"), ("NaN", "not a finite number"),
                                          ("1e308", "outside the plausible range for billion VND")])
def test_non_finite_and_absurd_values_are_refused(capsys, gso, store, tmp_path, value, words):
    bad = sdmx(gso, tmp_path, **{r'(<Obs TIME_PERIOD="2015-Q1"[^>]*OBS_VALUE=")[^"]*': rf"\g<1>{value}"})
    assert bad.read_text().count(f'OBS_VALUE="{value}"') >= 1
    err = refused(capsys, store, bad)
    assert words in err and "2015" in err


def test_period_after_the_vintage_is_refused(capsys, gso, store, tmp_path):
    bad = sdmx(gso, tmp_path, **{r'<Obs TIME_PERIOD="2015-Q1"': '<Obs TIME_PERIOD="2999-Q1"'})
    err = refused(capsys, store, bad)
    assert "2999Q1" in err and "after the month of its vintage" in err


def test_impossible_quarter_is_a_clear_error(capsys, gso, store, tmp_path):
    bad = sdmx(gso, tmp_path, **{r'<Obs TIME_PERIOD="2011-Q1"': '<Obs TIME_PERIOD="2011-Q9"'})
    err = refused(capsys, store, bad)
    assert "'2011-Q9'" in err and "TIME_PERIOD" in err


def test_file_name_date_must_be_real(capsys, gso, store, tmp_path):
    src = sorted((gso / "monthly-releases").glob("2024-11-*.xlsx"))[0]
    bad = tmp_path / ("2025-13-45" + src.name[10:])
    shutil.copy(src, bad)
    err = refused(capsys, store, bad)
    assert "file name" in err and "2025-13-45" in err


def test_vintage_option_must_be_a_real_date(capsys, gso, store):
    code = main(["--data", str(store), "data", "import", "--vintage", "not-a-date", str(gso / "sdmx" / "GDPVNM.xml")])
    assert code == 2 and "--vintage" in capsys.readouterr().err


def test_vintage_option_in_the_future(capsys, gso, store):
    src = sorted((gso / "monthly-releases").glob("2024-11-*.xlsx"))[0]
    before = tree_hash(store)
    code = main(["--data", str(store), "data", "import", "--vintage", "2999-01-01", str(src)])
    assert code == 2 and "--vintage 2999-01-01 is in the future" in capsys.readouterr().err
    assert tree_hash(store) == before


def test_a_directory_is_refused_in_one_line(capsys, store, tmp_path):
    d = tmp_path / "2024-11-29-release.xlsx"
    d.mkdir()
    assert "not a regular file" in refused(capsys, store, d)


def test_an_unreadable_xlsx_is_reported_as_unreadable(capsys, store, tmp_path, monkeypatch):
    bad = tmp_path / "2024-11-29-locked.xlsx"
    bad.write_bytes(b"PK\x03\x04" + b"\0" * 100)
    if os.geteuid() == 0:  # root ignores chmod: make the open itself fail as it would for a user
        import builtins
        real_open = builtins.open

        def no_read(path, *a, **k):
            if str(path) == str(bad):
                raise PermissionError(13, "Permission denied")
            return real_open(path, *a, **k)
        monkeypatch.setattr(builtins, "open", no_read)
    else:
        bad.chmod(0)
    err = refused(capsys, store, bad)
    assert "cannot read file" in err and "Permission denied" in err and "zip" not in err


def test_data_list_into_a_closed_pipe_ends_quietly(full_store):
    cmd = " ".join(growthsim_command()) + f" --data {full_store} data list | head -1"
    out = subprocess.run(["bash", "-c", "set -o pipefail; " + cmd], capture_output=True, text=True, timeout=120)
    assert out.returncode in (0, 141), out.stderr
    assert out.stderr == "" and len(out.stdout.splitlines()) == 1
