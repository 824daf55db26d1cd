"""The app's state, formats, library and URL state, without a browser (fast)."""
from __future__ import annotations

import sqlite3
import threading
from dataclasses import replace

import param
import pytest

from dashboards.i18n import fmt_number, fmt_pct, fmt_pp, fmt_prob, parse_number, t
from dashboards.library import Library, LibraryError, summary_of
from dashboards.state import ScenarioState, default_state, verdict
from scenarios.assumptions import Uniform
from scenarios.files import load, parse
from scenarios.runner import run

EXAMPLE = "examples/scenarios/2025_target_8pct.toml"


@pytest.fixture(scope="module")
def state() -> ScenarioState:
    return default_state()


def test_number_styles():
    assert fmt_pct(8.5, "vi") == "8,5%" and fmt_pct(8.5, "en") == "8.5%"
    assert fmt_number(351640, "vi") == "351.640" and fmt_number(351640, "en") == "351,640"
    assert fmt_number(90500.25, "vi", 2) == "90.500,25"
    assert fmt_pp(0.524, "en") == "0.52 pp" and fmt_prob(0.4254, "vi") == "43%"
    assert parse_number("90.500", "vi") == 90500 and parse_number("9,7", "vi") == 9.7
    assert parse_number("90,500", "en") == 90500 and parse_number("9.7%", "en") == 9.7
    with pytest.raises(ValueError):
        parse_number("abc", "en")
    assert t("probability", "vi") != t("probability", "en")


def test_verdict_thresholds():
    assert verdict(0.9) == "reachable" and verdict(0.4) == "at_risk" and verdict(0.05) == "out_of_reach"


def test_default_state_is_the_example_file(state):
    """The app builds the example file's Scenario itself (every field equal), and gives the CLI's numbers."""
    sc = state.scenario()
    ex = load(EXAMPLE)
    assert sc == ex
    assert list(sc.growth) == list(ex.growth)           # the order of the Monte Carlo's columns too
    direct = run(ex, draws=state.draws, seed=state.seed)
    assert state.result.gdp_growth == direct.gdp_growth
    assert state.result.probability_reach == direct.probability_reach


def test_raising_industry_raises_growth_and_probability():
    st = default_state()
    before = st.result
    st.set_range("industry", 11.0, 13.0)
    assert st.result.gdp_growth["p50"] > before.gdp_growth["p50"]
    assert st.result.probability_reach > before.probability_reach
    assert st.update_ms > 0


def test_target_beyond_limits_is_refused(state):
    st = default_state(compute=False)
    assert not st.set_target(70.0)
    assert st.target == 8.0 and "70" in st.notice
    assert not st.set_target(float("nan"))
    assert st.set_target(7.5) and st.target == 7.5
    with pytest.raises(ValueError):
        st.target = 51.0            # the param itself is bounded


def test_contradictory_assumptions_say_why_and_clear_the_result():
    st = default_state()
    assert st.result is not None
    # industry set and every one of its members set too: the scenario engine refuses it
    st.param.update({**{f"{k}_set": True for k in ("mining", "manufacturing", "water")},
                     "mining_range": (1.0, 1.0), "manufacturing_range": (1.0, 1.0), "water_range": (1.0, 1.0)})
    assert st.error and st.hint
    assert st.result is None                    # nothing of the last inputs is kept as if it were theirs


def test_url_round_trip_and_malformed_links(state):
    q = state.to_query()
    other = ScenarioState(compute=False)
    assert other.apply_query(q)
    assert other.scenario_toml() == state.scenario_toml()
    for bad in ({"s": "industry:abc"}, {"s": "nonsense:5"}, {"t": "99"}, {"y": "20x5"}, {"k": "5:7"},
                {"lang": "fr"}, {"s": "industry:12~10"}):
        st = ScenarioState(compute=False)
        before = st.scenario_toml()
        assert not st.apply_query(bad), bad
        assert st.notice and st.scenario_toml() == before


def test_library_save_rename_delete_and_bad_names(tmp_path, state):
    lib = Library(tmp_path / "lib.sqlite")
    s = lib.save("Kịch bản A", state.scenario_toml(), "2024-12-29", summary_of(state.result))
    assert s.summary["probability_reach"] == state.result.probability_reach
    with pytest.raises(LibraryError, match="already exists"):
        lib.save("Kịch bản A", "x", "v", {})
    with pytest.raises(LibraryError, match="needs a name"):
        lib.save("   ", "x", "v", {})
    lib.save("Kịch bản A", state.scenario_toml(), "2025-01-01", summary_of(state.result), overwrite=True)
    assert lib.get("Kịch bản A").data_vintage == "2025-01-01"
    lib.rename("Kịch bản A", "<b>B</b><script>alert(1)</script>")
    assert lib.names() == ["<b>B</b><script>alert(1)</script>"]
    assert parse(lib.get(lib.names()[0]).toml).target == state.target
    lib.delete(lib.names()[0])
    assert lib.names() == []
    with sqlite3.connect(lib.path) as con:
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_library_several_writers(tmp_path):
    path = tmp_path / "lib.sqlite"
    Library(path)
    errors = []

    def writer(i):
        try:
            for j in range(15):
                Library(path).save(f"s{i}-{j}", "x", "v", {})
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(5)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert errors == [] and len(Library(path).names()) == 75


def test_library_view_escapes_names_and_flags_newer_data(tmp_path, state):
    from dashboards.library_view import LibraryView

    lib = Library(tmp_path / "lib.sqlite")
    lib.save("<img src=x onerror=alert(1)>", state.scenario_toml(), "2000-01-01", summary_of(state.result))
    view = LibraryView(state=state, library=lib, data_vintage="2025-02-28")
    assert view.rows[0][0] == "<img src=x onerror=alert(1)>"                 # kept as typed ...
    assert "<img" not in view.table.object and "&lt;img src=x" in view.table.object   # ... shown as text
    view.pick.value = [lib.names()[0]]
    view.load()
    assert "<img" not in view.status.object and "&lt;img" in view.status.object   # ... escaped in HTML
    assert "2025-02-28" in view.status.object        # says what the newer data do to its numbers


def test_scenario_view_headline_ids_and_languages(state, tmp_path):
    from dashboards.scenario_view import ScenarioView

    v = ScenarioView(state=default_state(), library=Library(tmp_path / "l.sqlite"), data_vintage="x")
    html = v.headline_html(v.state.result, "vi")
    for hook in ('id="gdp-growth"', 'id="probability-reach"', 'id="verdict"'):
        assert hook in html
    assert "," in html.split('id="gdp-growth">')[1][:6]
    assert "." in v.headline_html(v.state.result, "en").split('id="gdp-growth">')[1][:6]
    assert {r.html_id for r in v.rows.values()} == {f"slider-{k}" for k in v.rows}
    with param.edit_constant(v.sliders["industry"]):
        v.sliders["industry"].value_throttled = (11.0, 13.0)
    assert v.state.industry_range == (11.0, 13.0)
    v.name_input.value = ""
    v.save()
    assert "needs a name" in v.save_status.object


def test_downloads_are_what_the_cli_writes_for_the_downloaded_file(state, tmp_path):
    """The app's xlsx and CSV downloads equal `growthsim scenario run` on the app's own TOML download."""
    import subprocess

    import pandas as pd
    from dashboards.scenario_view import ScenarioView
    from tests.conftest import REPO, growthsim_command

    v = ScenarioView(state=state, library=Library(tmp_path / "l.sqlite"))
    toml = tmp_path / "app.toml"
    toml.write_bytes(v.downloads.toml_bytes().getvalue())
    for fmt, ours in (("xlsx", v.downloads.xlsx_bytes().getvalue()), ("csv", v.downloads.csv_bytes().getvalue())):
        out = tmp_path / f"cli.{fmt}"
        done = subprocess.run([*growthsim_command(), "scenario", "run", str(toml), "--draws", str(state.draws),
                               "--output", str(out)], capture_output=True, text=True, cwd=REPO, timeout=300)
        assert done.returncode == 0, done.stderr
        if fmt == "csv":
            assert ours == out.read_bytes()
            continue
        import io
        app_book = pd.read_excel(io.BytesIO(ours), sheet_name=None)
        cli_book = pd.read_excel(out, sheet_name=None)
        assert list(app_book) == list(cli_book) and "gdp" in app_book
        for name in cli_book:
            pd.testing.assert_frame_equal(app_book[name], cli_book[name])


# ---------------------------------------------------------------- the app builds a Scenario, not text
OLD_APP_TOML = """[scenario]
name = "Kịch bản cũ"
year = 2025
target = 8.0
seed = 2025

[growth]
industry = [10.0, 12.0]
electricity = [12.0, 16.0]
agriculture = 3.5

[known]
"2025Q1" = 7.2
"""      # what the app wrote into users' libraries before scenarios.files.dumps


def test_legacy_readable_link_still_loads():
    st = ScenarioState(compute=False)
    ok = st.apply_query({"lang": "en", "y": "2025", "t": "8", "k": "1:7.2", "n": "2025: industry 10-12%, energy 12-16%",
                         "s": "industry:10~12,electricity:12~16,agriculture:3.5,construction:8,services:7.5"})
    assert ok and st.notice == "" and st.lang == "en"
    sc, ex = st.scenario(), load(EXAMPLE)
    assert sc.growth == {k: v for k, v in ex.growth.items() if v.kind != "baseline"}
    assert list(sc.growth) == ["industry", "electricity", "agriculture", "construction", "services"]
    assert (sc.name, sc.year, sc.target, sc.known) == (ex.name, ex.year, ex.target, ex.known)
    # today's state written in the old form reads back to the same scenario
    other = ScenarioState(compute=False)
    assert other.apply_query(default_state(compute=False).legacy_query())
    ours = default_state(compute=False).scenario()
    assert other.scenario() == replace(ours, growth={k: a for k, a in ours.growth.items() if a.kind != "baseline"})


def test_link_carries_every_field_and_keeps_distributions():
    from dashboards.state import scenario_from_link

    sc = parse("""[scenario]
name = "Phân phối"
year = 2025
target = 7.5
independent = true
seed = 9
[growth]
services = {dist = "triangular", low = 6.5, mode = 7.0, high = 8.0}
agriculture = {dist = "normal", mean = 3.5, sd = 0.4}
industry = [9.0, 11.0]
[bounds]
services = [5, 9]
""")
    st = ScenarioState(compute=False)
    st.apply_scenario(sc)
    assert st.scenario() == sc                              # the distributions are kept while not moved
    q = st.to_query()
    assert set(q) == {"lang", "sc"} and scenario_from_link(q["sc"]) == sc
    other = ScenarioState(compute=False)
    assert other.apply_query(q) and other.scenario() == sc
    other.set_range("services", 6.5, 8.5)                   # moving a slider makes it the range shown
    assert other.scenario().growth["services"] == Uniform(6.5, 8.5)
    assert other.scenario().growth["agriculture"] == sc.growth["agriculture"]
    for bad in ("!!!", "aGVsbG8", "x" * 30_000):             # not base64, not a scenario, too long
        st = ScenarioState(compute=False)
        assert not st.apply_query({"sc": bad}) and "Liên kết không hợp lệ" in st.notice


def test_library_rows_saved_before_dumps_still_load_and_compare(tmp_path):
    from dashboards.library_view import LibraryView

    st = default_state()
    lib = Library(tmp_path / "lib.sqlite")
    lib.save("cũ", OLD_APP_TOML, "2000-01-01", summary_of(st.result))          # a row of the earlier app
    lib.save("mới", st.scenario(), "2000-01-01", summary_of(st.result))        # a row of this one
    assert parse(lib.get("mới").toml) == replace(st.scenario(), name="mới")
    view = LibraryView(state=st, library=lib, data_vintage="2099-01-01")
    view.pick.value = ["cũ"]
    view.load()
    assert "c62828" not in view.status.object
    assert st.scenario() == parse(OLD_APP_TOML) and st.scenario_name == "Kịch bản cũ"
    view.pick.value = ["cũ", "mới"]
    view.compare()
    html = view.compare_out.object
    assert "đều [10 – 12]" in html and "phần còn lại trong" in html and "uniform" not in html
    st.lang = "en"
    view.compare()
    assert "uniform [10, 12]" in view.compare_out.object and "filled inside Industry" in view.compare_out.object


def test_engine_errors_and_warnings_in_the_users_language(tmp_path):
    from dashboards.scenario_view import ScenarioView

    st = default_state(lang="vi")
    st.param.update({**{f"{k}_set": True for k in ("mining", "manufacturing", "water")},
                     "mining_range": (1.0, 1.0), "manufacturing_range": (1.0, 1.0), "water_range": (1.0, 1.0)})
    assert "mọi ngành thành phần" in st.error and "is set" not in st.error        # Vietnamese ...
    st.lang = "en"
    assert "is set and so is every one of its members" in st.error                 # ... and English
    st.lang = "vi"
    st.param.update(water_set=False, year=2100)                                     # 2100: too long a chain
    assert "kịch bản 2100 phải đi qua 76 năm từ 2025" in st.error

    st = default_state(lang="vi")
    st.set_range("agriculture", 25.0, 25.0)                # far beyond agriculture's history
    beyond = [w for w in st.result.warnings if getattr(w, "key", "") == "beyond_history"]
    assert beyond and "is beyond its history" in beyond[0]        # the CLI's English, as before
    v = ScenarioView(state=st, library=Library(tmp_path / "l.sqlite"))
    vi = v.details_html(st.result, "vi", 0)
    assert "vượt ngoài lịch sử" in vi and "beyond its history" not in vi and "Nông, lâm nghiệp" in vi
    assert "beyond its history" in v.details_html(st.result, "en", 0)
    required = v.required_html(st.result, "vi")
    assert "phần còn lại trong Công nghiệp" in required and "filled inside" not in required


def test_baseline_fallback_label_and_note_in_vietnamese():
    from dashboards.i18n import fmt_baseline, fmt_message
    from scenarios.baseline import FAILED_LABEL, FALLBACK_LABEL
    from scenarios.messages import Message

    assert FAILED_LABEL != FALLBACK_LABEL and "failed" in FAILED_LABEL
    assert "không tính được" in fmt_baseline(FAILED_LABEL, "vi") and fmt_baseline(FAILED_LABEL, "en") == FAILED_LABEL
    note = Message("baseline_note", {"note": "the forecast engine could not give a 2025 baseline (x)", "years": 3})
    assert str(note) == "the forecast engine could not give a 2025 baseline (x)"           # the CLI's text
    assert fmt_message(note, "vi").startswith("mô hình dự báo không cho được kịch bản cơ sở")


def test_every_engine_message_has_a_vietnamese_template_with_its_fields():
    import string

    from dashboards.i18n import MESSAGES_VI
    from scenarios.messages import TEMPLATES

    def fields(template):
        return {f for _, f, _, _ in string.Formatter().parse(template) if f}

    assert set(MESSAGES_VI) == set(TEMPLATES)
    extra = {"baseline_note": {"years"}}          # passed by the runner, not needed by the English note
    left_out = {"growth_not_number": {"what"}}    # an English word naming the field ('a range bound', 'sd')
    for key, en in TEMPLATES.items():
        assert fields(MESSAGES_VI[key]) == (fields(en) | extra.get(key, set())) - left_out.get(key, set()), key
