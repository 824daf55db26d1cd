"""The Plan view: a scenario over several years (2026–2030 by default). Year and last year, the yearly and
average targets, one slider per sector and group for every year with per-year overrides; the path of
GDP growth with its 80% and 90% bands, the table per year (growth, band, target, probability, investment
share of GDP needed), P(average ≥ target), the constant growth each key would need, and the downloads
of `growthsim scenario run` on the same plan file.

Every number comes from the engine's plan result (`state.result`, `scenarios.plan.run_plan`; read
through its JSON contract `to_dict()`); this module only lays out and formats. Sliders are bound to
`value_throttled` (one recomputation when the mouse is released), and results are memoised per plan
text (`dashboards.plan_state.run_plan_cached`).
"""
from __future__ import annotations

import panel as pn
import param
from bokeh.models import ColumnDataSource, SingleIntervalTicker
from bokeh.plotting import figure

from forecast.data.sectors import GROUPS, LEAVES
from scenarios.scenario import ICOR_LIMITS, KEYS

from dashboards.i18n import fmt_assumption, fmt_number, fmt_pct, fmt_prob, sector_name, t
from dashboards.plan_state import PlanState
from dashboards.downloads import Downloads
from dashboards.scenario_view import HEADLINE_CSS, VERDICT_COLORS, investment_text
from dashboards.sector_sliders import SectorSliders, clip
from dashboards.state import SLIDER_LIMITS, verdict
from dashboards.widgets import NOTICE_CSS, TABLE_CSS, FloatBox, esc, html_table, notice_html, scrub_paths

BAND_COLOR = "#2b6cb0"
EMPTY_PATH = {"year": [], "p5": [], "p10": [], "p50": [], "p90": [], "p95": [], "target": []}


class PlanView(pn.viewable.Viewer):
    """Widgets and views of one session's `PlanState`."""

    state = param.ClassSelector(class_=PlanState)

    def __init__(self, **params):
        super().__init__(**params)
        self._build_inputs()
        self._build_outputs()
        st = self.state
        st.param.watch(self._state_to_widgets, ["year", "until", "target", "target_average", "icor"])
        st.param.watch(self._relabel, ["lang"])
        st.param.watch(self._update_outputs, ["result", "lang"])
        st.param.watch(self._override_years, ["year", "until", "result"])
        self._relabel()
        self._override_years()
        self._update_outputs()

    # ------------------------------------------------------------------ inputs
    def _build_inputs(self) -> None:
        st = self.state
        self.year = pn.widgets.IntInput(value=st.year, start=2011, end=2100, width=90)
        self.year.param.watch(lambda e: setattr(st, "year", e.new), "value")
        self.until = pn.widgets.IntInput(value=st.until, start=2011, end=2100, width=90)
        self.until.param.watch(lambda e: setattr(st, "until", e.new), "value")
        self.target = pn.widgets.FloatInput(value=st.target, step=0.1, width=110)
        self.target.param.watch(self._target_changed, "value")
        self.target_average = FloatBox(value=st.target_average, step=0.1, width=110, placeholder="–")
        self.target_average.param.watch(lambda e: setattr(st, "target_average", e.new), "value")
        self.icor = FloatBox(value=st.icor, step=0.1, start=ICOR_LIMITS[0], end=ICOR_LIMITS[1], width=90,
                                          placeholder="–")
        self.icor.param.watch(lambda e: setattr(st, "icor", e.new), "value")
        self.slider_set = SectorSliders(st, prefix="plan-slider-", width=230)
        # per-year overrides: a year, a key, its range for that year (and the year's own target)
        self.ov_year = pn.widgets.Select(width=90)
        self.ov_key = pn.widgets.Select(width=200)
        self.ov_range = pn.widgets.RangeSlider(start=SLIDER_LIMITS[0], end=SLIDER_LIMITS[1], step=0.1,
                                               value=(6.0, 8.0), width=230)
        self.ov_set = pn.widgets.Button(color="primary", width=150)
        self.ov_set.on_click(self._set_override)
        self.ov_clear = pn.widgets.Button(width=150)
        self.ov_clear.on_click(self._clear_override)
        self.ov_target = FloatBox(step=0.1, width=110, placeholder="–")
        self.ov_target.param.watch(self._year_target_changed, "value")
        self.ov_year.param.watch(self._show_override, "value")
        self.ov_key.param.watch(self._show_override, "value")
        self.overrides_title = pn.pane.Markdown(margin=(10, 5, 0, 5))

    def _target_changed(self, event) -> None:
        if event.new is None or not self.state.set_target(event.new):
            self.target.value = self.state.target

    def _state_to_widgets(self, *events) -> None:
        with pn.io.hold():
            for e in events:
                getattr(self, e.name).value = e.new

    def _override_years(self, *events) -> None:
        st = self.state
        years = [str(y) for y in [*st.link_years(), *range(st.year, max(st.until, st.year) + 1)]]
        self.ov_year.options = years
        if self.ov_year.value not in years and years:
            self.ov_year.value = years[0]

    def _show_override(self, *events) -> None:
        """Show the picked year's override of the picked key (or the all-years value) and the year's target."""
        st = self.state
        if not self.ov_year.value or not self.ov_key.value:
            return
        y, k = int(self.ov_year.value), self.ov_key.value
        lo, hi = st.year_range(y, k)
        with pn.io.hold():
            self.ov_range.value = (clip(lo), clip(hi))
            self.ov_target.value = st.year_targets.get(y)

    def _set_override(self, event=None) -> None:
        self.state.set_year_range(int(self.ov_year.value), self.ov_key.value, *self.ov_range.value)

    def _clear_override(self, event=None) -> None:
        self.state.clear_year_range(int(self.ov_year.value), self.ov_key.value)

    def _year_target_changed(self, event) -> None:
        if self.ov_year.value:
            self.state.set_year_target(int(self.ov_year.value), event.new)

    # ------------------------------------------------------------------ outputs
    def _build_outputs(self) -> None:
        st = self.state
        self.headline = pn.pane.HTML(stylesheets=[HEADLINE_CSS], sizing_mode="stretch_width", min_height=90)
        self.message = pn.pane.HTML(stylesheets=[NOTICE_CSS], sizing_mode="stretch_width", visible=False)
        st.param.watch(self._update_message, ["error", "notice", "hint"])
        self.path = ColumnDataSource(data=dict(EMPTY_PATH))
        fig = figure(height=300, sizing_mode="stretch_width", toolbar_location=None, tools="",
                     y_axis_label="%")
        fig.varea(x="year", y1="p5", y2="p95", source=self.path, color=BAND_COLOR, alpha=0.15)
        fig.varea(x="year", y1="p10", y2="p90", source=self.path, color=BAND_COLOR, alpha=0.3)
        fig.line(x="year", y="p50", source=self.path, color=BAND_COLOR, line_width=2)
        fig.scatter(x="year", y="p50", source=self.path, color=BAND_COLOR, size=6)
        fig.line(x="year", y="target", source=self.path, color="#c62828", line_dash="dashed", line_width=1.5)
        fig.xaxis.ticker = SingleIntervalTicker(interval=1)          # whole years
        fig.xgrid.grid_line_color = None
        self.fig = fig
        self.chart = pn.pane.Bokeh(fig, sizing_mode="stretch_width")
        self.chart_title = pn.pane.Markdown()
        self.tables = pn.pane.HTML(stylesheets=[TABLE_CSS], sizing_mode="stretch_width")
        self.downloads = Downloads(st, toml_label="download_plan_toml")
        self.xlsx, self.csv, self.toml = self.downloads.xlsx, self.downloads.csv, self.downloads.toml
        self._update_message()

    def _update_message(self, *events) -> None:
        st, lang = self.state, self.state.lang
        parts = [esc(scrub_paths(st.notice))] if st.notice else []
        if st.error:
            parts.append(f'<b>{esc(t("error", lang))}</b>: <span id="plan-error">{esc(scrub_paths(st.error))}</span>')
            if st.hint:
                parts.append(esc(st.hint))
        self.message.object = notice_html("<br>".join(parts)) if parts else ""
        self.message.visible = bool(parts)

    def _update_outputs(self, *events) -> None:
        """Headline, path, tables and downloads of the result (all cleared while there is none)."""
        st, lang = self.state, self.state.lang
        d = st.result.to_dict() if st.result is not None else None
        with pn.io.hold():
            self.headline.object = self.headline_html(d, lang)
            self.tables.object = self.tables_html(d, lang)
            self.path.data = self.path_data(d)
            self.chart.visible = d is not None

    def path_data(self, d: dict | None) -> dict:
        """The chart's columns: per year the GDP growth percentiles and that year's target."""
        if d is None:
            return dict(EMPTY_PATH)
        ys = d["years"]
        out = {"year": [y["year"] for y in ys], "target": [y["target"] for y in ys]}
        for q in ("p5", "p10", "p50", "p90", "p95"):
            out[q] = [y["gdp_growth"][q] for y in ys]
        return out

    def headline_html(self, d: dict | None, lang: str) -> str:
        st = self.state
        if d is None:
            avg = band = prob = "–"
            col = "#999"
        else:
            a, p = d["plan"]["average_growth"], d["plan"]["probability_average"]
            avg, prob = fmt_pct(a["p50"], lang, 2), fmt_prob(p, lang)
            band = f"{fmt_pct(a['p5'], lang, 2)} – {fmt_pct(a['p95'], lang, 2)}"
            col = VERDICT_COLORS[verdict(p)]
        target = st.target if st.target_average is None else st.target_average
        inv = investment_text(d["plan"].get("investment") if d else None, lang, "plan_investment")
        return (
            '<div class="headline">'
            f'<div><div class="lbl">{esc(t("plan_average", lang, first=st.year, last=st.until))}</div>'
            f'<div class="big" id="plan-average">{esc(avg)}</div>'
            f'<div class="band">{esc(t("band90", lang))}: <span id="plan-band">{esc(band)}</span> · '
            f'{esc(t("plan_target_average", lang))}: {esc(fmt_number(target, lang, 1))}</div></div>'
            f'<div><div class="lbl">{esc(t("plan_probability", lang))}</div>'
            f'<div class="big" id="plan-probability" style="color:{col}">{esc(prob)}</div></div></div>'
            + (f'<div style="font-size:15px" id="plan-investment">{esc(inv)}</div>'
               if inv else ""))

    def tables_html(self, d: dict | None, lang: str) -> str:
        if d is None:
            return ""
        return self.years_html(d, lang) + self.required_html(d, lang) + self.overrides_html(lang)

    def years_html(self, d: dict, lang: str) -> str:
        rows, classes = [], []
        for y in [*d.get("chain", []), *d["years"]]:       # the link years (estimates the plan stands on) first
            g = y["gdp_growth"]
            link = y["year"] < d["year"]
            classes.append("group" if link else "")
            rows.append([f'{y["year"]} ({t("plan_link_year", lang)})' if link else str(y["year"]),
                         fmt_number(y["target"], lang, 1), fmt_pct(g["p50"], lang, 2),
                         f"{fmt_pct(g['p10'], lang, 1)} – {fmt_pct(g['p90'], lang, 1)}",
                         fmt_prob(y["probability_reach"], lang), investment_cell(y.get("investment"), lang)])
        return (f"<h4>{esc(t('plan_years', lang))}</h4>"
                + html_table([t("year", lang), t("row_target", lang), t("gdp_growth", lang), t("band80", lang),
                              t("row_prob", lang), t("investment_share", lang)],
                             rows, num_cols={1, 2, 3, 4, 5}, row_classes=classes, table_id="plan-table"))

    def required_html(self, d: dict, lang: str) -> str:
        req = d["plan"].get("required_constant") or {}
        rows = [[sector_name(k, lang), fmt_pct(req.get(k), lang, 2)] for k in list(LEAVES) + list(GROUPS) if k in req]
        classes = ["group" if k in GROUPS else "" for k in list(LEAVES) + list(GROUPS) if k in req]
        return (f"<h4>{esc(t('plan_required', lang))}</h4>"
                + html_table([t("col_sector", lang), t("plan_required_col", lang)], rows, num_cols={1},
                             row_classes=classes, table_id="plan-required"))

    def overrides_html(self, lang: str) -> str:
        rows = [[str(y), sector_name(k, lang), fmt_assumption(a, lang)]
                for y, by_key in sorted(self.state.years.items()) for k, a in by_key.items()]
        rows += [[str(y), t("row_target", lang), fmt_number(v, lang, 1)]
                 for y, v in sorted(self.state.year_targets.items())]
        if not rows:
            return f"<h4>{esc(t('plan_overrides', lang))}</h4><p>{esc(t('plan_no_overrides', lang))}</p>"
        return (f"<h4>{esc(t('plan_overrides', lang))}</h4>"
                + html_table([t("year", lang), t("col_sector", lang), t("col_assumption", lang)], rows,
                             table_id="plan-overrides"))

    # ------------------------------------------------------------------ labels
    def _relabel(self, *events) -> None:
        lang = self.state.lang
        named = {self.year: "plan_first_year", self.until: "plan_until", self.target: "plan_target",
                 self.target_average: "plan_target_average", self.icor: "icor", self.ov_year: "year",
                 self.ov_key: "col_sector", self.ov_range: "plan_override_range", self.ov_set: "plan_override_set",
                 self.ov_clear: "plan_override_clear", self.ov_target: "plan_year_target"}
        with pn.io.hold():
            for w, key in named.items():
                w.name = t(key, lang)
            self.ov_key.options = {sector_name(k, lang): k for k in KEYS}
            if self.ov_key.value is None:
                self.ov_key.value = KEYS[0]
            self.overrides_title.object = f"**{t('plan_overrides_title', lang)}**"
            self.chart_title.object = f"#### {t('plan_path', lang)}"
        self._update_message()

    # ------------------------------------------------------------------ layout
    def controls(self) -> pn.viewable.Viewable:
        return pn.Column(
            pn.Row(self.year, self.until), pn.Row(self.target, self.target_average, self.icor),
            *self.slider_set.layout(), self.overrides_title, pn.Row(self.ov_year, self.ov_key),
            self.ov_range, pn.Row(self.ov_set, self.ov_clear), self.ov_target, width=400)

    def __panel__(self) -> pn.viewable.Viewable:
        main = pn.Column(self.headline, self.message, self.chart_title, self.chart, self.tables,
                         self.downloads.row(), sizing_mode="stretch_width")
        return pn.Row(self.controls(), main, sizing_mode="stretch_width")


def investment_cell(block: dict | None, lang: str) -> str:
    """'31,2%': the investment share of GDP (median) a year's growth needs at the plan's ICOR (the
    engine's `investment` block, `scenarios.icor`; the ICOR is in the headline's line); '–' without one."""
    return fmt_pct(block["share_needed_pct"]["p50"], lang, 1) if block else "–"
