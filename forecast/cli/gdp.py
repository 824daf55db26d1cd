"""``growthsim gdp ...``: annual GDP growth from the bridge (``call``; the integrator adds ``backtest``)."""
from __future__ import annotations

import argparse

from forecast.cli.gdp_call import add_call


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("gdp", help="annual GDP growth: the call and what moved it",
                       description="Annual real GDP growth from the GDP bridge (forecast/bridge.py).")
    gdp_sub = p.add_subparsers(dest="gdp_command", required=True, metavar="{call}")
    add_call(gdp_sub)
