"""The scenario view: sliders per sector and group, target, year, presets; the headline (GDP growth,
probability, verdict), contributions, required growth, quarters, least-change plan; exports and save.

Every number shown comes from `state.result` (a `scenarios.Result`); this module only lays out and
formats. Sliders are bound to `value_throttled`: a drag recomputes once, when the mouse is released.
"""
from __future__ import annotations

import panel as pn
import param
from bokeh.models import ColumnDataSource, LabelSet
from bokeh.plotting import figure

from forecast.data.sectors import GROUPS, LEAVES
from scenarios.limits import QUARTER_LIMITS
from scenarios.scenario import ICOR_LIMITS

from dashboards.call_view import CallView
from dashboards.downloads import Downloads
from dashboards.sector_sliders import SectorSliders
from dashboards.years_editor import YearsEditor
from dashboards.i18n import (fmt_assumption, fmt_baseline, fmt_icor_source, fmt_message, fmt_number, fmt_pct, fmt_pp,
                             fmt_prob, sector_name, t)
from dashboards.state import PRESETS, ScenarioState, verdict, verdict_help
from dashboards.widgets import NOTICE_CSS, TABLE_CSS, FloatBox, esc, html_table, notice_html, scrub_paths

VERDICT_COLORS = {"reachable": "#1a7f37", "at_risk": "#b35900", "out_of_reach": "#c62828"}
HEADLINE_CSS = """
.headline {display: flex; gap: 28px; align-items: flex-end; flex-wrap: wrap; font-family: inherit;}
.headline .lbl {font-size: 13px; color: #555;}
.headline .big {font-size: 40px; font-weight: 700; line-height: 1.1; font-variant-numeric: tabular-nums;}
.headline .band {font-size: 14px; color: #444;}
.verdict {font-size: 22px; font-weight: 700; padding: 4px 12px; border-radius: 6px; color: white; cursor: help;}
"""


class ScenarioView(pn.viewable.Viewer):
    """Widgets and views of one session's `ScenarioState`."""

    state = param.ClassSelector(class_=ScenarioState)
    library = param.Parameter(default=None, doc="dashboards.library.Library, for 'save'")
    data_vintage = param.String(default="", doc="vintage of the data in use (saved with a scenario)")

    def __init__(self, **params):
        super().__init__(**params)
        st = self.state
        self._build_inputs()
        self._build_outputs()
        st.param.watch(self._state_to_widgets, ["target", "year", "icor", "q1", "q2", "q3", "q4", "scenario_name"])
        st.param.watch(self._relabel, ["lang"])
        st.param.watch(self._update_chart, ["result", "lang"])
        self._relabel()
        self._update_chart()

    # ------------------------------------------------------------------ inputs
    def _build_inputs(self) -> None:
        st = self.state
        self.preset = pn.widgets.Select(value="target8", width=290)
        self.apply = pn.widgets.Button(color="primary", width=90)
        self.apply.on_click(lambda e: st.apply_preset(self.preset.value))
        self.year = pn.widgets.IntInput(value=st.year, start=2011, end=2100, width=90)
        self.year.param.watch(lambda e: setattr(st, "year", e.new), "value")
        self.target = pn.widgets.FloatInput(value=st.target, step=0.1, width=120)
        self.target.param.watch(self._target_changed, "value")
        self.icor = FloatBox(value=st.icor, step=0.1, start=ICOR_LIMITS[0], end=ICOR_LIMITS[1], width=90,
                                          placeholder="–")
        self.icor.param.watch(lambda e: setattr(st, "icor", e.new), "value")
        self.slider_set = SectorSliders(st)
        self.years_editor = YearsEditor(st)
        self.checks, self.sliders, self.rows = self.slider_set.checks, self.slider_set.sliders, self.slider_set.rows
        self.quarters = {q: FloatBox(value=getattr(st, f"q{q}"), step=0.1, width=70,
                                                  start=QUARTER_LIMITS[0], end=QUARTER_LIMITS[1], placeholder="–")
                         for q in (1, 2, 3, 4)}
        for q, w in self.quarters.items():
            w.param.watch(lambda e, q=q: setattr(st, f"q{q}", e.new), "value")
        self.known_title = pn.pane.Markdown(margin=(10, 5, 0, 5))

    def _target_changed(self, event) -> None:
        if event.new is None or not self.state.set_target(event.new):
            self.target.value = self.state.target

    def _state_to_widgets(self, *events) -> None:
        """Show state changes made in Python (presets, library, links) in the widgets that show them."""
        st = self.state
        with pn.io.hold():
            for e in events:
                n = e.name
                if n in ("q1", "q2", "q3", "q4"):
                    self.quarters[int(n[1])].value = e.new
                elif n == "scenario_name":
                    self.name_input.value = e.new
                else:
                    getattr(self, n).value = getattr(st, n)

    # ------------------------------------------------------------------ outputs
    def _build_outputs(self) -> None:
        st = self.state
        self.headline = pn.pane.HTML(pn.bind(self.headline_html, st.param.result, st.param.lang),
                                     stylesheets=[HEADLINE_CSS], sizing_mode="stretch_width", min_height=90)
        self.verdict_tip = pn.widgets.TooltipIcon(value="", margin=(30, 0, 0, 0))
        self.investment = pn.pane.HTML(pn.bind(investment_html, st.param.result, st.param.lang),
                                       sizing_mode="stretch_width")
        # an HTML pane of escaped text (not a Markdown Alert): a link's text can make no link or image
        self.message = pn.pane.HTML(pn.bind(self.message_text, st.param.error, st.param.notice, st.param.hint),
                                    stylesheets=[NOTICE_CSS], visible=bool(st.error or st.notice),
                                    sizing_mode="stretch_width", css_classes=["gs-message"])
        st.param.watch(lambda e: setattr(self.message, "visible", bool(st.error or st.notice)), ["error", "notice"])
        self.source = ColumnDataSource(data={"name": [], "pp": [], "label": [], "color": []})
        # no tools: the toolbar is hidden, and each tool is a model more to build and send per session
        fig = figure(height=300, sizing_mode="stretch_width", toolbar_location=None, y_range=[],
                     x_axis_label="pp", tools="")
        fig.hbar(y="name", right="pp", height=0.7, color="color", source=self.source)
        fig.add_layout(LabelSet(x="pp", y="name", text="label", source=self.source, x_offset=4, y_offset=-7,
                                text_font_size="11px"))
        fig.ygrid.grid_line_color = None
        self.fig = fig
        self.chart = pn.pane.Bokeh(fig, sizing_mode="stretch_width")
        self.chart_title = pn.pane.Markdown()
        # one pane for the tables: one model update per move
        self.tables = pn.pane.HTML(pn.bind(self.tables_html, st.param.result, st.param.lang, st.param.update_ms),
                                   stylesheets=[TABLE_CSS], sizing_mode="stretch_width")
        self.downloads = Downloads(st)
        self.xlsx, self.csv, self.toml = self.downloads.xlsx, self.downloads.csv, self.downloads.toml
        self.name_input = pn.widgets.TextInput(value=st.scenario_name, width=330)
        self.name_input.param.watch(lambda e: setattr(st, "scenario_name", e.new), "value")
        self.overwrite = pn.widgets.Checkbox(value=False)
        self.save_button = pn.widgets.Button(color="primary", width=180)
        self.save_button.on_click(self.save)
        self.save_status = pn.pane.HTML("", sizing_mode="stretch_width")

    def message_text(self, error: str, notice: str, hint: str = "") -> str:
        lang = self.state.lang
        parts = []
        if notice:
            parts.append(esc(scrub_paths(notice)))
        if error:
            parts.append(f'<b>{esc(t("error", lang))}</b>: <span id="error-text">{esc(scrub_paths(error))}</span>')
        if error and hint:
            parts.append(f'<span id="error-hint">{esc(hint)}</span>')
        return notice_html("<br>".join(parts)) if parts else ""

    def headline_html(self, result, lang: str) -> str:
        if result is None:       # not computed (yet, or the inputs cannot be): the same places, no number
            return (
                '<div class="headline">'
                f'<div><div class="lbl">{esc(t("gdp_growth", lang))}</div>'
                '<div class="big" id="gdp-growth" style="color:#999">–</div>'
                '<div class="band"><span id="gdp-band">–</span></div></div>'
                f'<div><div class="lbl">{esc(t("probability", lang))}</div>'
                '<div class="big" id="probability-reach" style="color:#999">–</div></div>'
                f'<div><div class="lbl">{esc(t("verdict", lang))}</div>'
                '<div class="verdict" id="verdict" style="background:#bbb">–</div></div></div>')
        g = result.gdp_growth
        p = result.probability_reach
        v = verdict(p)
        col = VERDICT_COLORS[v]
        help_text = esc(verdict_help(lang))
        return (
            '<div class="headline">'
            f'<div><div class="lbl">{esc(t("gdp_growth", lang))} {result.year}</div>'
            f'<div class="big" id="gdp-growth">{esc(fmt_pct(g["p50"], lang, 2))}</div>'
            f'<div class="band">{esc(t("band80", lang))}: <span id="gdp-band">{esc(fmt_pct(g["p10"], lang, 2))} – '
            f'{esc(fmt_pct(g["p90"], lang, 2))}</span> · {esc(t("row_target", lang))}: '
            f'{esc(fmt_number(result.target, lang, 1))}</div></div>'
            f'<div><div class="lbl">{esc(t("probability", lang))}</div>'
            f'<div class="big" id="probability-reach" style="color:{col}">{esc(fmt_prob(p, lang))}</div></div>'
            f'<div><div class="lbl">{esc(t("verdict", lang))}</div>'
            f'<div class="verdict" id="verdict" title="{help_text}" style="background:{col}">'
            f'{esc(t(v, lang))}</div></div></div>'
        )

    def tables_html(self, result, lang: str, update_ms: float) -> str:
        return (self.required_html(result, lang) + self.quarters_html(result, lang)
                + self.details_html(result, lang, update_ms))

    def required_html(self, result, lang: str) -> str:
        if result is None:
            return ""
        used = {r["key"]: r for r in result.assumptions}
        rows, classes = [], []
        for k in list(LEAVES) + list(GROUPS):
            lo, hi = result.required_range[k]
            a = fmt_assumption(result.used[k], lang) if k in result.used else used[k]["assumption"]
            c = result.contributions[k]
            share = c.get("share_of_growth_pct")
            rows.append([sector_name(k, lang), a, fmt_pct(c["growth_pct"], lang, 2),
                         fmt_pct(result.required[k], lang, 2),
                         f"{fmt_pct(lo, lang, 1)} – {fmt_pct(hi, lang, 1)}", fmt_pp(c["pp"], lang),
                         fmt_pct(share, lang, 1) if share is not None else "–"])
            classes.append("group" if k in GROUPS else "")
        return (f"<h4>{esc(t('required', lang))}</h4>"
                + html_table([t("col_sector", lang), t("col_assumption", lang), t("col_used", lang),
                              t("col_required", lang), t("col_range", lang), t("col_pp", lang), t("col_share", lang)],
                             rows, num_cols={2, 3, 4, 5, 6}, row_classes=classes, table_id="required-table"))

    def quarters_html(self, result, lang: str) -> str:
        if result is None:
            return ""
        head = f"<h4>{esc(t('quarters', lang))} {result.year}</h4>"
        if not result.known:
            return head + f"<p>{esc(t('no_known', lang))}</p>"
        req, imp = result.quarters_required or {}, result.quarters_implied or {}
        rows = [[p, fmt_pct(result.known.get(p), lang, 2), fmt_pct(req.get(p), lang, 2), fmt_pct(imp.get(p), lang, 2)]
                for p in sorted(set(result.known) | set(req))]
        return head + html_table([t("col_quarter", lang), t("col_known", lang), t("col_q_required", lang),
                                  t("col_q_implied", lang)], rows, num_cols={1, 2, 3}, table_id="quarters-table")

    def details_html(self, result, lang: str, update_ms: float) -> str:
        if result is None:
            return ""
        plan = result.plan
        if plan.get("changes"):
            items = "".join(f"<li>{esc(sector_name(k, lang))}: {esc(fmt_pct(c['from'], lang, 2))} → "
                            f"{esc(fmt_pct(c['to'], lang, 2))}</li>" for k, c in plan["changes"].items())
            plan_html = f"<ul>{items}</ul>"
        else:
            plan_html = f"<p>{esc(t('plan_none' if plan.get('reachable') else 'plan_unreachable', lang))}</p>"
        warn = "".join(f"<li>{esc(fmt_message(w, lang))}</li>" for w in result.warnings)
        meta = (f"{esc(t('baseline_source', lang))}: {esc(fmt_baseline(result.baseline, lang))} · {esc(fmt_number(result.draws, lang))} "
                f"{esc(t('draws', lang))} · {esc(t('data_vintage', lang))} {esc(result.data_vintage)} · "
                f"{esc(t('update_ms', lang))} {esc(fmt_number(update_ms, lang, 0))} ms")
        return (f"<h4>{esc(t('plan', lang))}</h4>{plan_html}"
                + (f"<h4>{esc(t('warnings', lang))}</h4><ul>{warn}</ul>" if warn else "")
                + f'<p style="color:#666;font-size:12px">{meta}</p>')

    def _update_chart(self, *events) -> None:
        res, lang = self.state.result, self.state.lang
        self.chart_title.object = f"#### {t('contributions', lang)}"
        with pn.io.hold():      # the results' downloads and saving only while there is a result
            self.save_button.disabled = res is None
            self.chart.visible = self.chart_title.visible = res is not None
        if res is None:
            self.source.data = {"name": [], "pp": [], "label": [], "color": []}
            return
        keys = [k for k in LEAVES][::-1]
        names = [sector_name(k, lang) for k in keys]
        pp = [res.contributions[k]["pp"] for k in keys]
        with pn.io.hold():
            self.fig.y_range.factors = names
            self.fig.xaxis.axis_label = t("pp", lang)
            self.source.data = {"name": names, "pp": pp, "label": [fmt_number(v, lang, 2) for v in pp],
                                "color": ["#2b6cb0" if v >= 0 else "#c62828" for v in pp]}

    # ------------------------------------------------------------------ labels
    def _relabel(self, *events) -> None:
        lang = self.state.lang
        with pn.io.hold():
            self.preset.options = {t(f"preset_{p}", lang): p for p in PRESETS}
            self.apply.name = t("apply_preset", lang)
            self.year.name = t("year", lang)
            self.target.name = t("target", lang)
            self.icor.name = t("icor", lang)
            self.name_input.name = t("name", lang)
            self.preset.name = t("preset", lang)
            for q, w in self.quarters.items():
                w.name = f"Q{q}"
            self.known_title.object = f"**{t('known_quarters', lang)}**"
            self.verdict_tip.value = verdict_help(lang)
            self.save_button.name = t("save", lang)
            self.overwrite.name = t("overwrite", lang)

    # ------------------------------------------------------------------ exports and save
    def save(self, event=None) -> None:
        from dashboards.library import LibraryError, summary_of

        st, lang = self.state, self.state.lang
        if self.library is None or st.result is None or st.error:
            return
        try:
            saved = self.library.save(self.name_input.value, st.unchecked(), self.data_vintage,
                                      summary_of(st.result), overwrite=self.overwrite.value)
        except LibraryError as exc:
            from dashboards.library_view import library_message
            self.save_status.object = f'<span style="color:#c62828">{esc(library_message(exc, lang))}</span>'
            return
        self.save_status.object = f'<span style="color:#1a7f37">{esc(t("saved", lang))}: {esc(saved.name)}</span>'
        self.param.trigger("library")

    # ------------------------------------------------------------------ layout
    def controls(self) -> pn.viewable.Viewable:
        return pn.Column(
            pn.Row(self.preset, self.apply), pn.Row(self.year, self.target, self.icor), *self.slider_set.layout(),
            self.known_title, pn.Row(*self.quarters.values()), width=420)

    def __panel__(self) -> pn.viewable.Viewable:
        main = pn.Column(
            pn.Row(self.headline, self.verdict_tip), self.investment, self.message, self.years_editor.layout(), self.chart_title,
            self.chart,
            self.tables, CallView(state=self.state),
            self.downloads.row(),
            pn.Row(self.name_input, self.overwrite, self.save_button), self.save_status,
            sizing_mode="stretch_width")
        return pn.Row(self.controls(), main, sizing_mode="stretch_width")


def investment_text(inv: dict | None, lang: str, what: str = "investment_needed") -> str:
    """'Investment needed: 31.2% of GDP (80% band 29.0% – 33.4%) at an ICOR of 4.9 (historical mean
    2017–2024 without 2020–21)': the engine's `investment` block (`scenarios.icor`) as text; '' without one."""
    if not inv:
        return ""
    s = inv["share_needed_pct"]
    share = f"{fmt_pct(s['p50'], lang, 1)} ({t('band80', lang)} {fmt_pct(s['p10'], lang, 1)} – {fmt_pct(s['p90'], lang, 1)})"
    return t("investment_line", lang, what=t(what, lang), share=share, icor=fmt_number(inv["icor"], lang, 1),
             source=fmt_icor_source(inv, lang))


def investment_html(result, lang: str) -> str:
    """The scenario's investment line (`investment_text`) with its html id; '' without a result."""
    text = investment_text(getattr(result, "investment", None), lang)
    return f'<div style="font-size:15px" id="investment-share">{esc(text)}</div>' if text else ""
