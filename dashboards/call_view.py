"""The baseline call in the scenario view: the engine's annual GDP call for the scenario's year given
the quarters typed in the quarter boxes, its quarters, and what changed since the last release.

Every number comes from `scenarios.baseline.baseline_call` (the function behind `growthsim gdp call`);
this module only lays out and formats. It follows the year, the quarter boxes, the known sectors and
the language, never the sliders: a slider move does not touch it. While the scenario cannot be
computed (`state.error`) it shows nothing: no call beside an error as if it were the scenario's.
"""
from __future__ import annotations

import panel as pn
import param

from forecast.errors import GrowthsimError
from scenarios.baseline import baseline_call

from dashboards.i18n import fmt_error, fmt_pct, fmt_pp, t
from dashboards.state import ScenarioState
from dashboards.widgets import TABLE_CSS, esc, html_table

CALL_INPUTS = ("year", "q1", "q2", "q3", "q4", "known_sectors", "lang", "error")


def call_html(state: ScenarioState) -> str:
    """The call, its quarters and its news as HTML (escaped text), in the state's language."""
    lang = state.lang
    if state.error:             # the scenario's inputs cannot be computed: no call shown beside them as if valid
        return ""
    try:
        c = baseline_call(state.year, state.known(), dict(state.known_sectors), root=state.root)
    except GrowthsimError as exc:
        return f"<p>{esc(t('call_unavailable', lang, why=fmt_error(exc, lang)))}</p>"
    given = f" — {t('call_known', lang)}" if state.known() or state.known_sectors else ""
    head = f"<h4>{esc(t('call_title', lang, year=c.year, origin=c.origin) + given)}</h4>"
    line = t("call_line", lang, mean=fmt_pct(c.call["mean"], lang, 2), p10=fmt_pct(c.call["p10"], lang, 1),
             p90=fmt_pct(c.call["p90"], lang, 1), since_mean=fmt_pct(c.since_mean, lang, 2))
    quarters = html_table(
        [t("col_quarter", lang), t("col_status", lang), t("col_growth", lang), t("col_band80", lang)],
        [[q["quarter"], t(f"status_{q['status']}", lang), fmt_pct(q["growth_pct"], lang, 2),
          "" if q["status"] != "called" else f"{fmt_pct(q['p10'], lang, 1)} – {fmt_pct(q['p90'], lang, 1)}"]
         for q in c.quarters], num_cols={2, 3}, table_id="call-quarters")
    news_head = f"<h4>{esc(t('news_title', lang, since=c.since))}</h4>"
    if c.news:
        news = html_table([t("col_series", lang), t("col_period", lang), t("col_contribution", lang)],
                          [[r["series"], r["period"], fmt_pp(r["contribution_pp"], lang, 3)] for r in c.news],
                          num_cols={2}, table_id="call-news")
    else:
        news = f"<p>{esc(t('news_none', lang))}</p>"
    return head + f"<p>{esc(line)}</p>" + quarters + news_head + news


class CallView(pn.viewable.Viewer):
    """The baseline call of one session's scenario (loaded after the page: the first call of a year
    and set of known quarters simulates for a few seconds, later ones read the disk cache)."""

    state = param.ClassSelector(class_=ScenarioState)

    def __panel__(self) -> pn.viewable.Viewable:
        st = self.state
        deps = [st.param[k] for k in CALL_INPUTS]
        return pn.panel(pn.bind(lambda *_: pn.pane.HTML(call_html(st), stylesheets=[TABLE_CSS],
                                                        sizing_mode="stretch_width"), *deps),
                        defer_load=True, sizing_mode="stretch_width")
