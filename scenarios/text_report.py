"""Plain-text summaries of scenario results for the terminal (`growthsim scenario run --format text`).

A single year: GDP growth (mean, p5-p95), P(target), the investment share of GDP the growth needs
and, for a chained scenario, its link years. A plan: one line per year (link years marked *), the
compound average and P(average), GDP at the end against the base year, the constant growth each
sector or group would need for the average, the investment share for the average. Growth in %,
shares of GDP in %, probabilities in %.
"""
from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from scenarios.plan import PlanResult
from scenarios.result import Result

_HEAD = f"{'year':<6}{'target':>8}{'mean':>8}{'p5':>8}{'p95':>8}{'P(target)':>11}{'invest % GDP':>14}"


def _invest(inv: dict | None) -> str:
    return f"{inv['share_needed_pct']['mean']:>14.1f}" if inv else f"{'-':>14}"


def _year_line(r: Result, link: bool = False) -> str:
    g = r.gdp_growth
    year = f"{r.year}{'*' if link else ''}"
    return (f"{year:<6}{r.target:>8.2f}{g['mean']:>8.2f}{g['p5']:>8.2f}{g['p95']:>8.2f}"
            f"{r.probability_reach * 100:>10.1f}%{_invest(r.investment)}")


def _investment_line(inv: dict | None, what: str) -> list[str]:
    if not inv:
        return []
    s = inv["share_needed_pct"]
    return [f"Investment {what} at ICOR {inv['icor']:.2f} ({inv['icor_source']}): {s['mean']:.1f}% of GDP "
            f"(p10 {s['p10']:.1f}, p90 {s['p90']:.1f})"]


def result_text(r: Result) -> str:
    """A single-year result in a few lines."""
    g = r.gdp_growth
    lines = [f"{r.name}: {r.year}, target {r.target:.2f}%  (data {r.data_vintage}, {r.draws:,} draws, "
             f"baseline: {r.baseline})",
             f"GDP growth: mean {g['mean']:.2f}% (p5 {g['p5']:.2f}, p95 {g['p95']:.2f}); "
             f"P(growth >= {r.target:.2f}%) = {r.probability_reach * 100:.1f}%"]
    lines += _investment_line(r.investment, "needed")
    if r.chain:
        lines += ["Chained through (* link years: their assumptions from [years.YYYY]):", _HEAD]
        lines += [_year_line(c, link=True) for c in r.chain] + [_year_line(r)]
    lines += [f"warning: {w}" for w in r.warnings]
    return "\n".join(lines)


def plan_text(p: PlanResult) -> str:
    """A plan in a table of years and its summary lines."""
    s = p.plan
    a, end = s["average_growth"], s["gdp_end"]
    req = ", ".join(f"{k} {v:.1f}%" if v is not None else f"{k} -" for k, v in s["required_constant"].items())
    lines = [f"{p.name}: plan {p.year}-{p.until}, average target {p.target_average:.2f}%  (data {p.data_vintage}, "
             f"{p.draws:,} draws)", _HEAD]
    lines += [_year_line(r, link=True) for r in p.chain] + [_year_line(r) for r in p.years]
    lines += [f"Average {p.year}-{p.until} (compound): mean {a['mean']:.2f}% (p5 {a['p5']:.2f}, p95 {a['p95']:.2f}); "
              f"P(average >= {p.target_average:.2f}%) = {s['probability_average'] * 100:.1f}%",
              f"GDP {end['end_year']} against {end['base_year']} (= 100, constant prices): {end['index']['mean']:.1f} "
              f"(p5 {end['index']['p5']:.1f}, p95 {end['index']['p95']:.1f})",
              f"Constant growth each would need for the average, the others as set: {req}"]
    lines += _investment_line(s.get("investment"), "for the average")
    lines += [f"warning: {w}" for w in p.warnings]
    if p.chain:
        lines.append("* link years before the plan: their assumptions from [years.YYYY], unset sectors the baseline")
    return "\n".join(lines)


def results_text(results: Sequence[Result | PlanResult]) -> str:
    """Every result's summary, separated by a blank line."""
    return "\n\n".join(plan_text(r) if isinstance(r, PlanResult) else result_text(r) for r in results) + "\n"


def icor_text(table: pd.DataFrame, default: float, years: list[int], label: str = "Default ICOR") -> str:
    """The historical ICOR table (`forecast.gdp.icor.icor_table`) and the 5-year ICOR (`label`), for the terminal."""
    cols = ["year", "growth_pct", "social_share_pct", "gfcf_share_pct", "investment_share_pct", "source", "icor",
            "icor_3y", "icor_5y"]
    t = table[cols].copy()
    t["year"] = [f"{y}{' (out)' if x else ''}" for y, x in zip(table["year"], table["excluded"])]
    body = t.to_string(index=False, float_format=lambda x: f"{x:.2f}", na_rep="-")
    ratio = table.attrs.get("splice_ratio")
    notes = [f"{label}: {default:.2f} (mean investment share / mean real growth, {', '.join(map(str, years))})"]
    if ratio:
        notes.append(f"Investment: total social investment; before 2020 GFCF x {ratio:.3f} (their mean ratio "
                     "over the years both have). Shares of GDP at current prices, %; growth real, %.")
    return body + "\n" + "\n".join(notes) + "\n"
