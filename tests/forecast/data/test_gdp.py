"""GDP by sector reproduces the official growth figures from the vintage that published them."""
from __future__ import annotations

import pandas as pd
import pytest

from forecast.data.api import load
from forecast.data.sectors import LEAVES, OFFICE_SECTORS

# Official annual GDP growth, %: the revised series (2019 re-basing) for 2011-2023 as in the SDMX
# file's vintage, and 2024 as published in the December 2024 release.
OFFICIAL_SDMX = {2011: 6.41, 2012: 5.50, 2013: 5.55, 2014: 6.42, 2015: 6.99, 2016: 6.69, 2017: 6.94,
                 2018: 7.47, 2019: 7.36, 2020: 2.87, 2021: 2.55, 2022: 8.12, 2023: 5.05}
OFFICIAL_2024 = 7.09
OFFICIAL_2024_SHARES = {"agriculture": 5.37, "industry_construction": 45.17, "services": 49.46}
# Q1-Q2 come from the year-to-date residual split in the SDMX proportions: checked as tightly.
OFFICIAL_2024_QUARTERS = {"2024Q1": 5.98, "2024Q2": 7.25, "2024Q3": 7.43, "2024Q4": 7.55}


def annual_levels(root, vintage=None) -> pd.DataFrame:
    ids = ["gdp_real.total"] + [f"gdp_real.{k}" for k in LEAVES]
    df = load(ids, vintage=vintage, root=root)
    wide = df.pivot(index="period", columns="series", values="value")
    wide = wide[wide.index.str[:4].map(lambda y: (wide.index.str[:4] == y).sum() == 4)]
    return wide.groupby(wide.index.str[:4].astype(int)).sum()


def test_sdmx_vintage_reproduces_2011_2023(full_store):
    a = annual_levels(full_store, vintage="2024-10-24")
    growth = a["gdp_real.total"].pct_change() * 100
    for year, official in OFFICIAL_SDMX.items():
        assert growth[year] == pytest.approx(official, abs=0.05), year


def test_sectors_add_up_to_gdp(full_store):
    for vintage in (None, "2024-10-24"):
        a = annual_levels(full_store, vintage=vintage)
        leaves = a[[f"gdp_real.{k}" for k in LEAVES]].sum(axis=1)
        assert ((leaves / a["gdp_real.total"] - 1).abs() < 1e-6).all()


def test_december_2024_vintage_reproduces_2024(full_store):
    a = annual_levels(full_store)
    assert (a.loc[2024, "gdp_real.total"] / a.loc[2023, "gdp_real.total"] - 1) * 100 == pytest.approx(OFFICIAL_2024, abs=0.05)
    q = load("gdp_real.total", root=full_store).set_index("period")["value"]
    for period, official in OFFICIAL_2024_QUARTERS.items():
        prev = f"{int(period[:4]) - 1}{period[4:]}"
        assert (q[period] / q[prev] - 1) * 100 == pytest.approx(official, abs=0.05)


def test_2024_contributions_as_published(full_store):
    a = annual_levels(full_store)
    base_total = a.loc[2023, "gdp_real.total"]
    pp = {g: sum((a.loc[2024, f"gdp_real.{k}"] - a.loc[2023, f"gdp_real.{k}"]) for k in members) / base_total * 100
          for g, members in OFFICE_SECTORS.items()}
    total = sum(pp.values())
    for g, official in OFFICIAL_2024_SHARES.items():
        assert pp[g] / total * 100 == pytest.approx(official, abs=0.3), g


def test_sdmx_vintage_kept_in_revision_log(full_store):
    old = load("gdp_real.total", vintage="2024-10-24", root=full_store).set_index("period")
    new = load("gdp_real.total", root=full_store).set_index("period")
    assert old.index.max() == "2024Q3" and new.index.max() == "2024Q4"
    assert old.loc["2024Q3", "value"] != pytest.approx(new.loc["2024Q3", "value"], rel=1e-4)  # revised in December
    assert old.loc["2020Q1", "value"] == new.loc["2020Q1", "value"]  # untouched history
    assert set(new.loc[["2024Q3", "2024Q4"], "vintage"]) == {"2024-12-29"}
