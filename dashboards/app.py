"""The web app (`growthsim serve`): scenario view, indicators view, scenario library.

`App` is one session: a `ScenarioState` (the inputs and the engine's result), the three views, the
language toggle and the URL sync (the query string holds the scenario, so a shared link reproduces
it; a malformed link shows the defaults and says so). `create_app()` is what the server calls per
session; it does no heavy work: base data, baseline draws and forecasts are cached per process
(the caches of ``forecast.cache``: in-process memos keyed by the store's fingerprint, the disk cache),
and the first page is light: only the view the link opens is built (the indicators and library views
are built when first shown), so a session costs the server's event loop as little as possible
(RELIABILITY.md, load).
"""
from __future__ import annotations

import os
from urllib.parse import urlencode

import panel as pn
import param

from forecast.errors import GrowthsimError

from dashboards.i18n import LANGS, t
from dashboards.indicators_view import IndicatorsView
from dashboards.library import Library, user_library_path
from dashboards.library_view import LibraryView
from dashboards.series_library import ID_PATTERN
from dashboards.scenario_view import ScenarioView
from dashboards.state import INPUTS, ScenarioState, default_state
from dashboards.widgets import esc

VIEWS = ("scenario", "plan", "indicators", "library")


def store_root() -> str | None:
    """The data store in use: $GROWTHSIM_DATA (set by `growthsim --data`), else the default."""
    return os.environ.get("GROWTHSIM_DATA") or None


def current_vintage(root: str | None) -> str:
    from forecast.data.api import data_vintage
    try:
        return data_vintage(root)
    except GrowthsimError:
        return ""


class App(pn.viewable.Viewer):
    """One session of the app."""

    view = param.Selector(default="scenario", objects=list(VIEWS))

    def __init__(self, query: dict[str, str] | None = None, library: Library | None = None,
                 root: str | None = None, shared: Library | None = None, user: str = "", **params):
        super().__init__(**params)
        query = dict(query or {})
        lang = query.get("lang") if query.get("lang") in LANGS else "vi"
        self.root = root
        self.vintage = current_vintage(root)
        self.state: ScenarioState = default_state(lang=lang, root=root, compute=False)
        if query:
            self.state.apply_query(query)
        if query.get("view") in VIEWS:
            self.view = query["view"]
        self.state._compute = True
        self.state.recompute()
        self.library = library or Library()
        self.scenario = ScenarioView(state=self.state, library=self.library, data_vintage=self.vintage)
        self._shared, self._user = shared, user
        self._indicators: IndicatorsView | None = None     # built when first shown (a light first page)
        self._series_ref = query.get("series")              # a stored series of the link (checked by the view)
        self._question_ref = query.get("question")          # a stored tracking question of the link
        self._plan = None                                   # PlanView: built when first shown
        self._library_view: LibraryView | None = None
        self.scenario.param.watch(self._library_changed, "library")
        self._library_notice()
        self.lang_toggle = pn.widgets.RadioButtonGroup(options={"Tiếng Việt": "vi", "English": "en"},
                                                       value=self.state.lang, color="primary",
                                                       variant="outline", name="lang")
        self.lang_toggle.param.watch(lambda e: setattr(self.state, "lang", e.new), "value")
        self.switch = pn.widgets.RadioButtonGroup(value=self.view, color="primary")
        self.switch.param.watch(self._switch, "value")
        self.header = pn.pane.HTML(pn.bind(self.header_html, self.state.param.lang), sizing_mode="stretch_width")
        self.state.param.watch(self._relabel, "lang")
        self.state.param.watch(self._to_url, list(INPUTS) + ["lang", "scenario_name"])
        self._relabel()
        self.main = pn.Column(self._view_of(self.view), sizing_mode="stretch_width")

    def _library_notice(self) -> None:
        """A library that cannot be opened (read-only, locked, corrupt, missing folder) leaves the app
        working: the scenario view's save line says why saving will not work."""
        problem = getattr(self.library, "problem", None)
        if problem is not None:
            from dashboards.library_view import library_message
            self.scenario.save_status.object = (f'<span style="color:#c62828" class="library-notice">'
                                                f'{esc(library_message(problem, self.state.lang))}</span>')

    # ------------------------------------------------------------------ views, built on first use
    @property
    def indicators(self) -> IndicatorsView:
        """The indicators view, built the first time it is shown (or asked for)."""
        if self._indicators is None:
            self._indicators = IndicatorsView(state=self.state, root=self.root, library=self.library,
                                              series_ref=self._series_ref, question_ref=self._question_ref)
            self._indicators.item.param.watch(self._to_url, "value")
            self._indicators.param.watch(self._to_url, "question_id")
        return self._indicators

    @property
    def plan(self):
        """The Plan view (`dashboards.plan_view.PlanView`), built the first time it is shown (or asked for):
        its own `PlanState`, in the session's language and store."""
        if self._plan is None:
            from dashboards.plan_state import default_plan
            from dashboards.plan_view import PlanView

            st = default_plan(lang=self.state.lang, root=self.root)
            self.state.param.watch(lambda e: setattr(st, "lang", e.new), "lang")
            self._plan = PlanView(state=st)
        return self._plan

    @property
    def library_view(self) -> LibraryView:
        """The library view, built the first time it is shown (or asked for)."""
        if self._library_view is None:
            self._library_view = LibraryView(state=self.state, library=self.library, shared=self._shared,
                                             user=self._user, data_vintage=self.vintage)
        return self._library_view

    def _library_changed(self, *events) -> None:
        if self._library_view is not None:     # else it lists the library when it is first built
            self._library_view.refresh()

    # ------------------------------------------------------------------ navigation
    def _view_of(self, key: str):
        if key == "library":
            self.library_view.refresh()
            return self.library_view
        if key == "plan":
            return self.plan
        return self.indicators if key == "indicators" else self.scenario

    def _switch(self, event) -> None:
        self.view = event.new
        self.main.objects = [self._view_of(event.new)]
        self._to_url()

    def _relabel(self, *events) -> None:
        lang = self.state.lang
        self.switch.options = {t(f"tab_{v}", lang): v for v in VIEWS}
        self.lang_toggle.value = lang

    def header_html(self, lang: str) -> str:
        return (f'<div style="display:flex;align-items:baseline;gap:18px">'
                f'<span style="font-size:22px;font-weight:700">{esc(t("app_title", lang))}</span>'
                f'<span style="color:#555" id="data-vintage">{esc(t("data_vintage", lang))}: '
                f'{esc(self.vintage or "–")}</span></div>')

    # ------------------------------------------------------------------ URL
    def query(self) -> dict[str, str]:
        q = self.state.to_query()
        if self.view != "scenario":
            q["view"] = self.view
        built = self._indicators is not None
        for key, ref in (("series", self._indicators.selected_series if built else self._series_ref),
                         ("question", self._indicators.question_id if built else self._question_ref)):
            if ref and ID_PATTERN.fullmatch(ref):
                q[key] = ref
        return q

    def _to_url(self, *events) -> None:
        loc = pn.state.location
        if loc is not None:
            loc.search = "?" + urlencode(self.query())

    def __panel__(self):
        return pn.Column(
            pn.Row(self.header, self.switch, self.lang_toggle, sizing_mode="stretch_width"),
            self.main, sizing_mode="stretch_width", margin=(5, 15))


def session_query() -> dict[str, str]:
    """The page's query parameters (first value of each), decoded; {} outside a server session."""
    args = pn.state.session_args or {}
    out = {}
    for k, v in args.items():
        if v:
            try:
                out[k] = v[0].decode("utf-8")
            except (AttributeError, UnicodeDecodeError):
                continue
    return out


def session_libraries() -> tuple[Library, Library | None, str]:
    """(the library this session saves to, the shared library or None, the user name or '').

    Without a login: the one library. With one (`growthsim serve --basic-auth`; the user from
    `pn.state.user`): the user's own library and the shared one (`dashboards.library.user_library_path`)."""
    shared = Library()
    user = pn.state.user if os.environ.get("GROWTHSIM_AUTH") else None
    if not user or user == "guest":
        return shared, None, ""
    return Library(user_library_path(shared.path, user)), shared, str(user)


def local_static_files() -> None:
    """Make this session's page load Panel's CSS from this server, never from Panel's CDN.

    Panel records where its static files are when it renders the page's HTML for a session. With
    `growthsim serve --num-procs N` the page's request and its websocket can reach different
    processes: the websocket's process then builds the session without that record and Panel
    falls back to cdn.holoviz.org (offline: unstyled widgets and console errors). Panel's own
    value for a server is set here when it is missing."""
    doc = pn.state.curdoc
    if doc is None or doc.session_context is None or "dist_url" in doc._template_variables:
        return
    from panel.io.resources import LOCAL_DIST

    rel = pn.state.rel_path
    doc._template_variables["dist_url"] = f"{rel}/{LOCAL_DIST}" if rel else LOCAL_DIST


def create_app() -> pn.viewable.Viewable:
    """One session's page."""
    pn.extension(notifications=False)
    local_static_files()
    library, shared, user = session_libraries()
    app = App(query=session_query(), root=store_root(), library=library, shared=shared, user=user)
    return app.__panel__()
