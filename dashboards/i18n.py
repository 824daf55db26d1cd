"""Labels and number formats of the app in Vietnamese and English.

One table, `LABELS`: key -> (Tiếng Việt, English). Sector and group names come from
`forecast.data.sectors.NAMES`. Numbers follow the language chosen: Vietnamese writes a decimal
comma and dot thousands (8,5%; 351.640), English the reverse (8.5%; 351,640). Files the app
exports always use a dot decimal (they come from the scenario layer's exporters).

Assumptions are written from their structure (`fmt_assumption`: kind, low, high, mode, sd, the group
whose remainder a sector takes), and the scenario engine's warnings and errors from their message key
and parameters (`fmt_message`, `fmt_error`; English templates in `scenarios.messages.TEMPLATES`,
Vietnamese in `MESSAGES_VI`).

To add a language: a third element in every tuple below, its code in `LANGS`, its separators in
`_SEPARATORS`, and a table of message templates like `MESSAGES_VI`.
"""
from __future__ import annotations

import math
from typing import Any

from forecast.data.sectors import NAMES
from forecast.numbers import STYLES, format_number
from forecast.numbers import parse_number as _parse_number
from scenarios.baseline import FAILED_LABEL, FALLBACK_LABEL
from scenarios.messages import TEMPLATES, Message, Style, render

LANGS = ("vi", "en")
_INDEX = {"vi": 0, "en": 1}
_SEPARATORS = STYLES   # (decimal, thousands) of each language: forecast.numbers.STYLES

LABELS: dict[str, tuple[str, str]] = {
    "app_title": ("growthsim — Mục tiêu tăng trưởng", "growthsim — Growth targets"),
    "language": ("Ngôn ngữ", "Language"),
    "tab_scenario": ("Kịch bản GDP", "GDP scenario"),
    "tab_indicators": ("Chỉ tiêu tháng", "Monthly indicators"),
    "tab_library": ("Thư viện kịch bản", "Scenario library"),
    "data_vintage": ("Số liệu đến ngày", "Data vintage"),
    "preset": ("Kịch bản mẫu", "Preset"),
    "preset_target8": ("Mục tiêu 8%: công nghiệp 10–12%, năng lượng (điện) 12–16%",
                       "Target 8%: industry 10–12%, energy (electricity) 12–16%"),
    "preset_target8_broad": ("Mục tiêu 8%: công nghiệp 10–12%, năng lượng (điện + khai khoáng) 12–16%",
                             "Target 8%: industry 10–12%, energy (electricity + mining) 12–16%"),
    "preset_baseline": ("Kịch bản cơ sở (mô hình dự báo)", "Baseline (forecast engine)"),
    "apply_preset": ("Áp dụng", "Apply"),
    "year": ("Năm", "Year"),
    "target": ("Mục tiêu tăng trưởng GDP, %", "GDP growth target, %"),
    "name": ("Tên kịch bản", "Scenario name"),
    "sectors": ("Giả định tăng trưởng theo ngành (%, khoảng thấp–cao)",
                "Growth assumptions by sector (%, low–high range)"),
    "groups": ("Nhóm ngành", "Sector groups"),
    "set": ("đặt", "set"),
    "baseline_word": ("cơ sở", "baseline"),
    "gdp_growth": ("Tăng trưởng GDP (trung vị)", "GDP growth (median)"),
    "band80": ("khoảng 80%", "80% band"),
    "probability": ("Xác suất đạt mục tiêu", "Probability of reaching the target"),
    "verdict": ("Đánh giá", "Verdict"),
    "reachable": ("Có thể đạt", "Reachable"),
    "at_risk": ("Có rủi ro", "At risk"),
    "out_of_reach": ("Khó đạt", "Out of reach"),
    "verdict_help": ("Có thể đạt: xác suất ≥ {hi}. Có rủi ro: từ {lo} đến dưới {hi}. Khó đạt: dưới {lo}. "
                     "Xác suất là tỷ lệ trong {draws} lần mô phỏng Monte Carlo có tăng trưởng GDP ≥ mục tiêu.",
                     "Reachable: probability ≥ {hi}. At risk: {lo} up to {hi}. Out of reach: below {lo}. "
                     "The probability is the share of {draws} Monte Carlo draws with GDP growth ≥ the target."),
    "contributions": ("Đóng góp vào tăng trưởng GDP (điểm phần trăm)", "Contributions to GDP growth (percentage points)"),
    "pp": ("điểm %", "pp"),
    "required": ("Tăng trưởng cần thiết để đạt mục tiêu (các ngành khác như đã đặt)",
                 "Growth required for the target (others as set)"),
    "col_sector": ("Ngành / nhóm", "Sector / group"),
    "col_assumption": ("Giả định", "Assumption"),
    "col_used": ("Tăng trưởng dùng, %", "Growth used, %"),
    "col_required": ("Cần đạt, %", "Required, %"),
    "col_range": ("Khoảng (theo khoảng các ngành khác)", "Range (over the others' ranges)"),
    "col_pp": ("Đóng góp, điểm %", "Contribution, pp"),
    "col_share": ("Tỷ trọng đóng góp, %", "Share of growth, %"),
    "quarters": ("Các quý trong năm", "Quarters of the year"),
    "call_title": ("Dự báo cơ sở GDP {year} (mô hình cầu nối, số liệu đến {origin})",
                   "Baseline GDP call {year} (the bridge, data to {origin})"),
    "call_line": ("Tăng trưởng GDP cả năm {mean} (80%: {p10} đến {p90}); tháng trước {since_mean}",
                  "Annual GDP growth {mean} (80%: {p10} to {p90}); the month before {since_mean}"),
    "call_known": ("theo các quý đã nhập", "given the quarters entered"),
    "col_status": ("Tình trạng", "Status"),
    "status_published": ("đã công bố", "published"),
    "status_called": ("dự báo", "called"),
    "status_known": ("đã nhập", "entered"),
    "col_growth": ("Tăng trưởng, %", "Growth, %"),
    "col_band80": ("Khoảng 80%", "80% interval"),
    "news_title": ("Thay đổi kể từ lần công bố trước ({since})", "What changed since the last release ({since})"),
    "col_series": ("Chỉ tiêu", "Series"),
    "col_period": ("Kỳ", "Period"),
    "col_contribution": ("Tác động lên dự báo, điểm %", "Effect on the call, pp"),
    "news_none": ("Không có số liệu mới.", "No new data points."),
    "call_unavailable": ("Chưa có dự báo cơ sở cho năm này: {why}", "No baseline call for this year: {why}"),
    "known_quarters": ("Quý đã công bố (tăng trưởng GDP so cùng kỳ, %)", "Published quarters (GDP growth yoy, %)"),
    "col_quarter": ("Quý", "Quarter"),
    "col_known": ("Đã công bố, %", "Published, %"),
    "col_q_required": ("Cần đạt cho mục tiêu, %", "Required for the target, %"),
    "col_q_implied": ("Theo giả định, %", "Implied by assumptions, %"),
    "no_known": ("Nhập tăng trưởng các quý đã công bố để xem các quý còn lại cần đạt bao nhiêu.",
                 "Enter the published quarters to see what the remaining quarters need."),
    "plan": ("Phương án điều chỉnh ít nhất để đạt mục tiêu", "Least change that reaches the target"),
    "plan_none": ("Không cần điều chỉnh: mức giả định trung tâm đã đạt mục tiêu.",
                  "No change needed: the central assumptions already reach the target."),
    "plan_unreachable": ("Không đạt được trong giới hạn lịch sử của các ngành.",
                         "Not reachable within the sectors' historical limits."),
    "warnings": ("Lưu ý", "Notes"),
    "baseline_source": ("Kịch bản cơ sở từ", "Baseline from"),
    "draws": ("lần mô phỏng", "draws"),
    "update_ms": ("tính lại trong", "recomputed in"),
    "download_xlsx": ("Tải báo cáo Excel (.xlsx)", "Download Excel report (.xlsx)"),
    "download_csv": ("Tải CSV", "Download CSV"),
    "download_toml": ("Tải tệp kịch bản (.toml)", "Download scenario file (.toml)"),
    "save": ("Lưu vào thư viện", "Save to library"),
    "saved": ("Đã lưu kịch bản", "Saved scenario"),
    "overwrite": ("Ghi đè nếu trùng tên", "Overwrite if the name exists"),
    "target_refused": ("Mục tiêu {value} nằm ngoài giới hạn hợp lý ({lo} đến {hi}%); giữ nguyên {old}.",
                       "A target of {value} is outside sensible limits ({lo} to {hi}%); kept {old}."),
    "bad_url": ("Liên kết không hợp lệ ({why}); đã dùng kịch bản mặc định.",
                "The link's scenario could not be read ({why}); the defaults are shown."),
    "error": ("Không tính được kịch bản", "The scenario cannot be computed"),
    # issue 10: the app on an error (what to add), the Plan view, investment needed
    "hint_no_base_year": ("Cần thêm: ước tính tăng trưởng từng ngành năm {prev} (bảng [years.{prev}]), trên số liệu "
                          "hiện hành.",
                          "To add: each sector's {prev} growth (a [years.{prev}] table), on the current data."),
    "hint_chain_known": ("Cần thêm: ước tính năm {first} (bảng [years.{first}]). Nút “Điền {first} từ kịch bản cơ sở” "
                         "tính chúng theo các quý đã công bố rồi xóa các ô quý (các quý chỉ áp dụng cho {first}).",
                         "To add: {first}'s estimates (a [years.{first}] table). The “Fill {first} from the baseline” "
                         "button computes them given the published quarters, then clears the quarter boxes (those "
                         "quarters are {first}'s)."),
    "hint_too_far": ("Năm {year} quá xa số liệu (năm đủ số liệu cuối cùng là {last}): chọn năm đến {most}.",
                     "{year} is too far past the data (their last full year is {last}): choose a year up to {most}."),
    "hint_too_little_history": ("Cần thêm: số liệu lịch sử trước {year}, hoặc chọn năm muộn hơn.",
                                "To add: history before {year}, or choose a later year."),
    "fill_years": ("Điền {year} từ kịch bản cơ sở", "Fill {year} from the baseline"),
    "years_title": ("Ước tính năm {year} (bảng [years.{year}]), %", "Estimates for {year} (the [years.{year}] table), %"),
    "years_filled": ("Đã điền ước tính {year} từ kịch bản cơ sở; sửa từng ngành nếu cần.",
                     "Filled {year}'s estimates from the baseline; edit any sector."),
    "tab_plan": ("Kế hoạch nhiều năm", "Plan"),
    "plan_first_year": ("Từ năm", "First year"),
    "plan_until": ("Đến năm", "Until"),
    "plan_target": ("Mục tiêu mỗi năm, %", "Yearly target, %"),
    "plan_target_average": ("Mục tiêu bình quân, %", "Average target, %"),
    "plan_average": ("Tăng trưởng GDP bình quân {first}–{last} (trung vị)", "Average GDP growth {first}–{last} (median)"),
    "plan_probability": ("Xác suất bình quân ≥ mục tiêu", "P(average ≥ target)"),
    "band90": ("khoảng 90%", "90% band"),
    "plan_path": ("Tăng trưởng GDP từng năm: trung vị, khoảng 80% và 90%, mục tiêu (nét đứt)",
                  "GDP growth per year: median, 80% and 90% bands, target (dashed)"),
    "plan_years": ("Từng năm của kế hoạch", "Each year of the plan"),
    "plan_link_year": ("ước tính, nền của kế hoạch", "estimate, the plan's base"),
    "plan_required": ("Tăng trưởng không đổi mỗi năm cần có để đạt mục tiêu bình quân (các ngành khác như đã đặt)",
                      "Constant growth each key needs for the average target (the others as set)"),
    "plan_required_col": ("Cần mỗi năm, %", "Needed each year, %"),
    "plan_overrides_title": ("Giả định riêng cho một năm", "An assumption for one year"),
    "plan_overrides": ("Giả định riêng theo năm", "Per-year assumptions"),
    "plan_no_overrides": ("Chưa có: mọi năm dùng các thanh trượt bên trái.", "None: every year takes the sliders."),
    "plan_override_range": ("Tăng trưởng năm đó, %", "Growth that year, %"),
    "plan_override_set": ("Đặt cho năm này", "Set for this year"),
    "plan_override_clear": ("Bỏ giả định riêng", "Remove for this year"),
    "plan_year_target": ("Mục tiêu riêng năm này, %", "That year's target, %"),
    "download_plan_toml": ("Tải tệp kế hoạch (.toml)", "Download plan file (.toml)"),
    "icor": ("ICOR", "ICOR"),
    "icor_from_scenario": ("đặt trong kịch bản", "set in the scenario"),
    "icor_historical": ("bình quân lịch sử {first}–{last}, bỏ 2020–21", "historical mean {first}–{last} without 2020–21"),
    "plan_investment": ("Vốn đầu tư cần có cho mức tăng bình quân", "Investment the average growth needs"),
    "investment_share": ("Vốn đầu tư cần có, % GDP", "Investment needed, % of GDP"),
    "investment_line": ("{what}: {share} GDP với ICOR {icor} ({source})",
                        "{what}: {share} of GDP at an ICOR of {icor} ({source})"),
    "investment_needed": ("Vốn đầu tư cần có", "Investment needed"),
    "hint_generic": ("Sửa giả định nêu trên; kết quả, biểu đồ và tệp tải xuống sẽ hiện lại khi tính được.",
                     "Change the input named above; the results, charts and downloads come back once it computes."),
    # indicators view
    "indicator": ("Chỉ tiêu", "Indicator"),
    "item": ("Ngành / nhóm hàng", "Section / product group"),
    "show_as": ("Hiển thị", "Show as"),
    "levels": ("Mức", "Levels"),
    "yoy": ("% so cùng kỳ", "yoy %"),
    "ytd": ("% lũy kế so cùng kỳ", "year-to-date %"),
    "history": ("Số liệu", "History"),
    "median": ("Trung vị dự báo", "Forecast median"),
    "mean": ("Trung bình dự báo", "Forecast mean"),
    "fan80": ("Khoảng 80%", "80% interval"),
    "fan95": ("Khoảng 95%", "95% interval"),
    "published_ytd": ("Lũy kế công bố, %", "Published year-to-date, %"),
    "model_ytd": ("Lũy kế tính từ mức, %", "Year-to-date from levels, %"),
    "ytd_table": ("Lũy kế từ đầu năm: công bố và mô hình", "Year to date: published and model"),
    "col_month": ("Tháng", "Month"),
    "col_forecast_ytd": ("Dự báo lũy kế (trung bình; khoảng 80%), %", "Forecast year-to-date (mean; 80% interval), %"),
    "target_kind": ("Loại mục tiêu", "Target type"),
    "target_growth": ("Tăng trưởng, %", "Growth, %"),
    "target_level": ("Mức cả năm", "Annual level"),
    "target_value": ("Giá trị mục tiêu", "Target value"),
    "annual_dist": ("Phân bố tăng trưởng cả năm", "Distribution of the year's growth"),
    "prob_indicator": ("Xác suất đạt", "Probability of reaching it"),
    "remaining_need": ("Các tháng còn lại cần tăng", "The remaining months need"),
    "vs_same_months": ("so cùng kỳ", "on the same months last year"),
    "year_done": ("Cả năm đã có số liệu.", "The whole year is already published."),
    # tracking panel of the Indicators view (forecast.track)
    "target_range": ("Khoảng tăng trưởng, %", "Growth range, %"),
    "target_high": ("Cận trên, %", "Upper end, %"),
    "track_ytd_input": ("Lũy kế tự nhập, %", "Typed year to date, %"),
    "track_through": ("Lũy kế đến tháng", "Year to date through"),
    "track_title": ("Theo dõi mục tiêu trong năm", "Tracking the target through the year"),
    "track_ytd": ("Lũy kế {months} tháng (đến {through})", "Year to date, {months} months (through {through})"),
    "ytd_source_published": ("số công bố", "published"),
    "ytd_source_levels": ("tính từ mức", "from levels"),
    "ytd_source_typed": ("tự nhập", "typed"),
    "track_required": ("{months} tháng còn lại cần tăng", "The remaining {months} months need"),
    "track_percentile": ("Vị trí của mức cần trong phân bố dự báo (bách phân vị 0–100)",
                         "Where that need falls in their forecast (percentile 0–100)"),
    "track_probability": ("Xác suất đạt, theo lũy kế trên", "Probability of reaching it, on that year to date"),
    "prob_in_range": ("Xác suất nằm trong khoảng", "Probability of landing in the range"),
    "upload": ("Tải lên chuỗi riêng (CSV: series,period,value)", "Upload your own series (CSV: series,period,value)"),
    "uploaded": ("Chuỗi tải lên", "Uploaded series"),
    "upload_too_big": ("Tệp tải lên có {size} MB, vượt giới hạn {limit} MB (và {rows} dòng); tệp không được đọc.",
                       "The uploaded file has {size} MB, more than the limit of {limit} MB (and {rows} rows); "
                       "it was not read."),
    "upload_too_many_rows": ("Tệp tải lên có hơn {rows} dòng số liệu, vượt giới hạn ({rows} dòng, {limit} MB); "
                             "tệp không được đọc.",
                             "The uploaded file has more than {rows} data rows, over the limit ({rows} rows, "
                             "{limit} MB); it was not read."),
    "upload_limits": ("Tối đa {limit} MB và {rows} dòng.", "At most {limit} MB and {rows} rows."),
    "fitting": ("Đang ước lượng mô hình (chỉ lần đầu)…", "Fitting the models (first time only)…"),
    "no_indicators": ("Kho số liệu này chưa có chỉ tiêu tháng (IIP, xuất khẩu, bán lẻ).",
                      "This data store has no monthly indicators (IIP, exports, retail) yet."),
    "model": ("Mô hình", "Model"),
    "how_index": ("chỉ số: tăng trưởng năm = bình quân các tháng so năm trước",
                  "index: annual growth = mean of the months vs last year's"),
    "how_flow": ("dòng: tăng trưởng năm = tổng các tháng so năm trước",
                 "flow: annual growth = sum of the months vs last year's"),
    "download_forecast_csv": ("Tải dự báo (CSV)", "Download forecast (CSV)"),
    # library view
    "saved_scenarios": ("Kịch bản đã lưu", "Saved scenarios"),
    "load": ("Mở", "Load"),
    "rename": ("Đổi tên", "Rename"),
    "new_name": ("Tên mới", "New name"),
    "delete": ("Xóa", "Delete"),
    "compare": ("So sánh", "Compare"),
    "compare_pick": ("Chọn hai kịch bản trở lên để so sánh", "Pick two or more scenarios to compare"),
    "library_which": ("Thư viện", "Library"),
    "lib_mine": ("Của tôi ({user})", "Mine ({user})"),
    "lib_shared": ("Dùng chung", "Shared"),
    "publish": ("Chia sẻ vào thư viện chung", "Publish to the shared library"),
    "published": ("Đã chia sẻ vào thư viện chung", "Published to the shared library"),
    "saved_at": ("Lưu lúc", "Saved at"),
    "stale": ("Số liệu mới hơn ({now}) sẽ thay đổi kết quả: {what}",
              "Newer data ({now}) would change its numbers: {what}"),
    "stale_same": ("Tính trên số liệu {then}; số liệu mới ({now}) không làm thay đổi kết quả.",
                   "Computed on data of {then}; the newer data ({now}) leave its numbers unchanged."),
    "stale_note": ("tính trên số liệu cũ hơn số liệu đang dùng ({now}); mở kịch bản để xem số liệu mới thay đổi gì.",
                   "computed on data older than the data in use ({now}); load it to see what the newer data change."),
    "current_data": ("số liệu hiện tại", "current data"),
    "loaded": ("Đã mở kịch bản", "Loaded scenario"),
    "deleted": ("Đã xóa kịch bản", "Deleted scenario"),
    "renamed": ("Đã đổi tên thành", "Renamed to"),
    "empty_library": ("Chưa có kịch bản nào được lưu.", "No scenario saved yet."),
    # the library file's failures (dashboards/library.py storage_error): one sentence each
    "library_full": ("Ổ đĩa chứa thư viện kịch bản đã đầy; chưa lưu được gì.",
                     "The disk holding the scenario library is full; nothing was saved."),
    "library_readonly": ("Thư viện kịch bản chỉ đọc được: có thể mở các kịch bản đã lưu nhưng không thay đổi được.",
                         "The scenario library is read-only: saved scenarios can be loaded but not changed."),
    "library_locked": ("Thư viện kịch bản đang bị một chương trình khác khóa; hãy thử lại sau giây lát.",
                       "The scenario library is busy (locked by another program); try again in a moment."),
    "library_corrupt": ("Tệp thư viện kịch bản bị hỏng (không phải cơ sở dữ liệu SQLite đọc được).",
                        "The scenario library file is damaged (not a readable SQLite database)."),
    "library_unopenable": ("Không mở được tệp thư viện kịch bản (là một thư mục hoặc đường dẫn không dùng được).",
                           "The scenario library file cannot be opened (a folder or an unusable path)."),
    "library_error": ("Không dùng được thư viện kịch bản lúc này.", "The scenario library cannot be used right now."),
    "library_skipped": ("Bỏ qua {n} kịch bản đã lưu bị lỗi: {names}.", "Skipped {n} damaged saved scenario(s): {names}."),
    "row_gdp": ("Tăng trưởng GDP, trung vị", "GDP growth, median"),
    "row_band": ("Khoảng 80%", "80% band"),
    "row_prob": ("Xác suất đạt", "Probability"),
    "row_target": ("Mục tiêu", "Target"),
    "row_vintage": ("Số liệu", "Data vintage"),
    "pick_one": ("Chọn một kịch bản.", "Pick a scenario."),
    # assumptions, from their structure (numbers already in the language's style)
    "a_range": ("đều [{low} – {high}]", "uniform [{low}, {high}]"),
    "a_triangular": ("tam giác (thấp {low}; đỉnh {mode}; cao {high})", "triangular ({low}, {mode}, {high})"),
    "a_normal": ("chuẩn (trung bình {mean}; độ lệch chuẩn {sd})", "normal (mean {mean}, sd {sd})"),
    "a_filled": ("phần còn lại trong {group}", "filled inside {group}"),
    "a_sum": ("tổng các ngành thành phần", "sum of members"),
}

# The scenario engine's messages in Vietnamese (fields as in scenarios.messages.TEMPLATES).
MESSAGES_VI: dict[str, str] = {
    "beyond_history": "{key:sector} = {assumption} vượt ngoài lịch sử của ngành ({first}–{last}: {low:.1f} đến "
                      "{high:.1f}%)",
    "history_span": "lịch sử {first}–{last}: {low:.1f} đến {high:.1f}%, độ lệch chuẩn {sd:.1f}",
    "collapse_to": "giảm xuống",
    "jump_to": "tăng vọt lên",
    "group_needs_fill": "{group:sector} = {assumption} đòi hỏi {leaf:sector} (phần còn lại trong nhóm) {verb} "
                        "{growth:.1f}% ({span})",
    "fill_extremes": "ở các đầu khoảng giả định, {leaf:sector} (phần còn lại trong {group:sector}) đạt "
                     "{low:.1f} đến {high:.1f}% ({span})",
    "baseline_note": "mô hình dự báo không cho được kịch bản cơ sở nên dùng bình quân {years} năm gần nhất "
                     "(chi tiết: {note})",
    "setting": "{key:sector} = {assumption}",
    "settings_inside": "{settings:, } trong {group:sector} = {assumption}",
    "member_would": "{leaf:sector} sẽ phải {verb} {growth:.1f}% ({span})",
    "impossible_in_group": "không thể trong nhóm: {what} để lại cho các ngành còn lại một phần tăng trưởng mà chúng "
                           "không thể đạt: {parts:; }, vượt mọi mức trong lịch sử; hãy thay đổi tăng trưởng của "
                           "ngành thành phần hoặc của nhóm",
    "group_fixed_twice": "{group:sector} đã được đặt và mọi ngành thành phần ({members:sector}) cũng vậy: tổng của "
                         "nhóm bị xác định hai lần; hãy để trống ít nhất một ngành thành phần hoặc bỏ đặt "
                         "{group:sector}",
    "no_base_year": "không có số liệu năm gốc cho {year}: kịch bản năm {year} cần đủ bốn quý của {prev} theo giá so "
                    "sánh, số liệu mới có đủ năm đến {last} (bắt đầu từ {first})",
    "too_little_history": "quá ít số liệu lịch sử cho {year}: kịch bản cơ sở và tương quan cần {years} năm tăng "
                          "trưởng trước {year}, số liệu bắt đầu từ {first}",
    "no_quarterly_gdp": "không có GDP theo quý của {prev} để tính trọng số cho các quý đã công bố",
    "year_invalid": "năm phải là một năm cụ thể như 2025, nhận được {value!r}",
    "target_invalid": "mục tiêu phải là một số (tăng trưởng GDP, %), nhận được {value!r}",
    "range_order": "khoảng có mức thấp {low:g} cao hơn mức cao {high:g}",
    "bounds_order": "giới hạn có mức thấp {low:g} cao hơn mức cao {high:g}",
    "triangular_order": "phân phối tam giác cần thấp ≤ đỉnh ≤ cao, nhận được {low:g}; {mode:g}; {high:g}",
    "sd_negative": "độ lệch chuẩn không được âm, nhận được {sd:g}",
    "growth_not_number": "giá trị phải là một số (tăng trưởng, %), nhận được {value!r}",
    "known_not_number": "tăng trưởng GDP của quý đã công bố phải là một số (%), nhận được {value!r}",
    "known_quarter": "quý được đánh số từ 1 đến 4, nhận được {value!r}",
    "out_of_limits": "{value:g} nằm ngoài giới hạn {lo:g} đến {hi:g}%",
    "known_year": "{quarter} không phải là một quý của năm kịch bản {year}",
    "known_sector": "{name!r} trong [known.{quarter}] không phải là một ngành{hint}",
    "did_you_mean": " (có phải ý bạn là {name!r}?)",
    "valid_keys": "; các khóa hợp lệ: {keys:, }",
    "known_table_empty": "[known.{quarter}] không có giá trị nào: hãy ghi total = ... và/hoặc các ngành",
    "known_overdetermined": "[known.{quarter}] ghi cả mọi ngành lẫn tổng: chỉ ghi một trong hai",
    "known_twice": "{quarter} được ghi hai lần trong [known] (là tổng ở dòng {first} và là bảng); chỉ dùng một "
                   "cách: \"{quarter}\" = tăng trưởng, hoặc [known.{quarter}] với total = ...",
    "known_published": "{quarter} đã được công bố ({published:.2f}%); con số nhập {typed:.2f}% được dùng thay thế",
    "fallback_ignores_known": "mức trung bình {years} năm không thể điều kiện theo các quý đã biết: chúng chỉ thay "
                              "đổi bảng các quý, không thay đổi kịch bản cơ sở",
    "sd_too_large": "độ lệch chuẩn tối đa là {hi:g} điểm phần trăm, nhận được {sd:g}",
    # chains and plans (issue 10, engine side: scenarios/scenario.py, scenarios/chain.py)
    "until_invalid": "until phải là một năm (số nguyên), nhận được {value!r}",
    "until_before_year": "until = {until} trước year = {year}: kế hoạch chạy từ year đến until",
    "plan_too_long": "kế hoạch dài tối đa {most} năm; {year}-{until} là {years} năm",
    "target_average_needs_until": "target_average cần until (kế hoạch nhiều năm)",
    "icor_invalid": "icor phải là một số từ {lo:g} đến {hi:g} (tỷ lệ đầu tư trên GDP chia tăng trưởng thực), "
                    "nhận được {value!r}",
    "years_form": "các năm được viết [years.YYYY], nhận được {value!r}",
    "year_outside_chain": "[years.{year}] nằm ngoài chuỗi năm: chỉ nhận một năm từ {first} đến {last}",
    "no_chain": "[years.{year}] nằm ngoài chuỗi năm: kịch bản {scenario_year} dùng số liệu đã công bố của {prev} "
                "và không đi qua năm nào khác",
    "chain_known": "quý đã biết chỉ áp dụng cho {first}, năm ngay sau số liệu; kịch bản {year} đi qua "
                   "{first}-{prev}: hãy cho giả định của năm đó trong [years.YYYY]",
    "chain_too_long": "kịch bản {year} phải đi qua {years} năm từ {first} (năm sau năm đủ số liệu cuối cùng, {last}); "
                      "chuỗi dài tối đa {most} năm",
    "sweep_single_year": "sweep chỉ thay đổi kịch bản một năm, đến {first}; kế hoạch hoặc năm sau đó (chuỗi) "
                         "chạy bằng scenario run",
    "chain_vintage": "kịch bản nhiều năm chạy trên số liệu hiện hành: bỏ vintage",
    "chain_baseline": "sau {last}, giới hạn của mô hình, kịch bản cơ sở là tăng trưởng dài hạn của từng ngành "
                      "({first}-{end}, bỏ 2020-21) với độ phân tán tăng dần mỗi năm",
}
_MESSAGES = {"vi": MESSAGES_VI, "en": TEMPLATES}

INDICATOR_NAMES: dict[str, tuple[str, str]] = {
    "iip": ("Chỉ số sản xuất công nghiệp (IIP)", "Index of industrial production (IIP)"),
    "exports": ("Kim ngạch xuất khẩu", "Exports"),
    "imports": ("Kim ngạch nhập khẩu", "Imports"),
    "retail": ("Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng",
               "Retail sales of goods and consumer services"),
}


def t(key: str, lang: str, **fields) -> str:
    """The label `key` in `lang` ("vi" or "en"), with `{fields}` filled in."""
    text = LABELS[key][_INDEX[lang]]
    return text.format(**fields) if fields else text


def sector_name(key: str, lang: str) -> str:
    """Name of a GDP sector or group (forecast.data.sectors.NAMES) in `lang`."""
    return NAMES[key][_INDEX[lang]]


def indicator_name(key: str, lang: str) -> str:
    return INDICATOR_NAMES[key][_INDEX[lang]] if key in INDICATOR_NAMES else key


def fmt_number(x: float | None, lang: str, digits: int = 0) -> str:
    """351640 -> '351.640' (vi) or '351,640' (en); 8.5 with digits=1 -> '8,5' / '8.5'. None/NaN -> '–'."""
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return "–"
    return format_number(x, lang, digits)


def fmt_pct(x: float | None, lang: str, digits: int = 1, sign: bool = False) -> str:
    """Growth in % (8.5 -> '8,5%' / '8.5%'); `sign` writes '+8,5%'."""
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return "–"
    s = fmt_number(x, lang, digits) + "%"
    return ("+" + s) if sign and x > 0 else s


def fmt_pp(x: float | None, lang: str, digits: int = 2) -> str:
    """Percentage points: 0.52 -> '0,52 điểm %' / '0.52 pp'."""
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return "–"
    return f"{fmt_number(x, lang, digits)} {t('pp', lang)}"


def fmt_prob(p: float | None, lang: str) -> str:
    """Probability 0..1 as a percentage with no decimals ('43%'), '<1%' / '>99%' at the ends."""
    if p is None or (isinstance(p, float) and not math.isfinite(p)):
        return "–"
    if 0 < p < 0.005:
        return "<1%"
    if 0.995 < p < 1:
        return ">99%"
    return fmt_pct(100 * p, lang, 0)


def parse_number(text: str, lang: str, field: str = "value") -> float:
    """A number typed in `lang`'s style ('90.500' or '9,7' in vi; '90,500' or '9.7' in en): the one parser,
    `forecast.numbers.parse_number`. NumberError (a ValueError) when empty, malformed or ambiguous."""
    return _parse_number(text, lang, field)


def slider_format_js(lang: str) -> str:
    """JavaScript body for a Bokeh CustomJSTickFormatter showing `tick` with the language's decimal mark."""
    dec = _SEPARATORS[lang][0]
    return f"return tick.toFixed(1).replace('.', '{dec}');"


def _g(x: float, lang: str) -> str:
    """A number as written in a scenario file (`:g`), with the language's decimal mark."""
    return format(float(x), "g").replace(".", _SEPARATORS[lang][0])


def fmt_assumption(a: Any, lang: str) -> str:
    """An assumption as used (scenarios.assumptions: Point, Uniform, Triangular, Normal, Baseline, Filled,
    SumOfMembers) in `lang`: '3,5', 'đều [10 – 12]', 'phần còn lại trong Công nghiệp', ..."""
    kind = getattr(a, "kind", None)
    if kind == "point":
        return _g(a.value, lang)
    if kind == "range":
        return t("a_range", lang, low=_g(a.low, lang), high=_g(a.high, lang))
    if kind == "triangular":
        return t("a_triangular", lang, low=_g(a.low, lang), mode=_g(a.mode, lang), high=_g(a.high, lang))
    if kind == "normal":
        return t("a_normal", lang, mean=_g(a.mean, lang), sd=_g(a.sd, lang))
    if kind == "baseline":
        return t("baseline_word", lang)
    if kind == "filled":
        return t("a_filled", lang, group=sector_name(a.group, lang))
    if kind == "sum":
        return t("a_sum", lang)
    return "–" if a is None else str(a)


class _LangStyle(Style):
    """Messages in one of LANGS: sector names, the language's decimal mark, assumptions by fmt_assumption."""

    sectors_sep = "; "                 # sector names hold commas

    def __init__(self, lang: str):
        self.lang = lang

    def number(self, x: float, spec: str) -> str:
        return format(x, spec).replace(".", _SEPARATORS[self.lang][0])

    def sector(self, key: str) -> str:
        return sector_name(key, self.lang) if key in NAMES else key

    def assumption(self, a: Any) -> str:
        return fmt_assumption(a, self.lang)

    def template(self, key: str) -> str:
        return _MESSAGES[self.lang].get(key) or TEMPLATES[key]


BASELINE_LABELS: dict[str, tuple[str, str]] = {     # scenarios.baseline's labels of where the baseline came from
    "forecast engine": ("mô hình dự báo", "forecast engine"),
    FALLBACK_LABEL: ("bình quân 3 năm (không có mô hình dự báo)", FALLBACK_LABEL),
    FAILED_LABEL: ("bình quân 3 năm (mô hình dự báo không tính được trên số liệu này; xem lưu ý)", FAILED_LABEL),
}


def fmt_baseline(label: str, lang: str) -> str:
    """A result's `baseline` label in `lang` (a label not in BASELINE_LABELS: as it is)."""
    return BASELINE_LABELS[label][_INDEX[lang]] if label in BASELINE_LABELS else label


def fmt_message(m: str, lang: str) -> str:
    """A scenario engine's warning or error message in `lang` (text that is not a Message: as it is)."""
    return render(m, _LangStyle(lang)) if isinstance(m, Message) else str(m)


def fmt_error(exc: Exception, lang: str) -> str:
    """What to show for a GrowthsimError: its message in `lang`, with the file and line when it came from a
    file (not from the app's own inputs). Absolute paths are cut to their last part
    (`dashboards.widgets.scrub_paths`): the page never shows where the server keeps its files."""
    from dashboards.widgets import scrub_paths

    msg = getattr(exc, "msg", None)
    text = fmt_message(msg, lang) if msg is not None else getattr(exc, "message", str(exc))
    source = getattr(exc, "source", None)
    if source in (None, "app"):
        return scrub_paths(text)
    where = ": ".join(p for p in (source, getattr(exc, "location", None)) if p)
    return scrub_paths(f"{where}: {text}")


# ---------------------------------------------------------------- the user's own series (issue 11 part 4)
LABELS.update({
    "series_name": ("Tên hiển thị", "Display name"),
    "series_unit": ("Đơn vị", "Unit"),
    "series_kind": ("Loại chuỗi", "Kind"),
    "kind_index": ("chỉ số (năm = bình quân các tháng)", "index (the year = mean of the months)"),
    "kind_flow": ("dòng (năm = tổng các tháng)", "flow (the year = total of the months)"),
    "series_province": ("Tỉnh / thành phố", "Province"),
    "series_saved": ("Đã lưu vào thư viện", "Stored in the library"),
    "series_not_saved": ("Dùng trong phiên này nhưng chưa lưu: {why}", "Used in this session but not stored: {why}"),
    "series_list": ("Chuỗi riêng đã lưu", "Your stored series"),
    "series_none": ("Chưa có chuỗi nào.", "None yet."),
    "series_link": ("liên kết", "link"),
    "series_unknown": ("Liên kết chỉ đến chuỗi không có trong thư viện: {why}",
                       "The link names a series the library does not hold: {why}"),
    "last_year_level_index": ("Bình quân năm {year}", "{year} mean"),
    "last_year_level_flow": ("Tổng năm {year}", "{year} total"),
    "implied_growth": ("mức mục tiêu tương ứng tăng", "the level target means growth of"),
    "flag_implausible_level": ("Cần kiểm tra: mức mục tiêu tương ứng tăng {growth} so với năm {year}, ngoài khoảng "
                               "{lo} .. {hi}; đơn vị và độ lớn có đúng không?",
                               "Check: the level target means {growth} on {year}, outside {lo} .. {hi}; "
                               "are its unit and magnitude right?"),
    "flag_need_impossible": ("Không thể: {months} tháng còn lại phải tăng {need} (mức dưới 0); các tháng đã công bố "
                             "đã vượt mục tiêu.", "Impossible: the remaining {months} months would need {need} "
                             "(levels below zero); the months published already pass the target."),
    "flag_need_implausible": ("Khó tin: {months} tháng còn lại phải tăng {need}, ngoài khoảng {lo} .. {hi}.",
                              "Implausible: the remaining {months} months would need {need}, outside {lo} .. {hi}."),
    "question_save": ("Lưu câu hỏi theo dõi này", "Save this tracking question"),
    "question_saved": ("Đã lưu câu hỏi theo dõi", "Tracking question stored"),
    "question_needs_target": ("Hãy nhập mục tiêu trước khi lưu", "Type a target before storing"),
    "question_list": ("Câu hỏi theo dõi đã lưu", "Stored tracking questions"),
    "question_unknown": ("Liên kết chỉ đến câu hỏi không có trong thư viện: {why}",
                         "The link names a tracking question the library does not hold: {why}"),
    "number_empty": ("{field}: cần nhập một số", "{field}: a number is needed"),
    "number_malformed": ("{field}: '{text}' không phải là số", "{field}: '{text}' is not a number"),
    "number_malformed_hint": ("{field}: '{text}' không phải là số (dấu thập phân là dấu phẩy: {alt}?)",
                              "{field}: '{text}' is not a number (the decimal mark is a dot: {alt}?)"),
    "number_ambiguous": ("{field}: '{text}' không rõ nghĩa: là {a} hay {b}? Hãy gõ {a} hoặc {plain}.",
                         "{field}: '{text}' is ambiguous: {a} or {b}? Type {a} or {plain}."),
})

#: names of forecast.input_csv.UNITS in each language (a unit not here: as it is)
UNIT_NAMES: dict[str, tuple[str, str]] = {
    "index 2015=100": ("chỉ số (2015=100)", "index 2015=100"), "index 2019=100": ("chỉ số (2019=100)", "index 2019=100"),
    "index 2020=100": ("chỉ số (2020=100)", "index 2020=100"), "index": ("chỉ số", "index"),
    "billion VND": ("tỷ đồng", "billion VND"), "billion VND, current prices": ("tỷ đồng, giá hiện hành",
                                                                              "billion VND, current prices"),
    "million VND": ("triệu đồng", "million VND"), "million USD": ("triệu USD", "million USD"),
    "thousand USD": ("nghìn USD", "thousand USD"), "thousand tonnes": ("nghìn tấn", "thousand tonnes"),
    "tonnes": ("tấn", "tonnes"), "million kWh": ("triệu kWh", "million kWh"), "visits": ("lượt", "visits"),
    "thousand visits": ("nghìn lượt", "thousand visits"), "thousand passengers": ("nghìn lượt khách",
                                                                                  "thousand passengers"),
    "million passenger-km": ("triệu lượt khách.km", "million passenger-km"),
    "million tonne-km": ("triệu tấn.km", "million tonne-km"), "units": ("đơn vị", "units"),
}


def unit_name(unit: str, lang: str) -> str:
    """A unit of the user's series in `lang`."""
    return UNIT_NAMES[unit][_INDEX[lang]] if unit in UNIT_NAMES else unit


def fmt_number_error(exc, lang: str) -> str:
    """A `forecast.numbers.NumberError` in `lang`, naming the field and quoting what was typed (text: escape it)."""
    field, text, r = exc.field, exc.text[:40], exc.readings
    if exc.reason == "ambiguous":
        return t("number_ambiguous", lang, field=field, text=text, a=r[0], b=r[1], plain=r[2])
    if exc.reason == "malformed":
        return t("number_malformed_hint", lang, field=field, text=text, alt=r[0]) if r else \
            t("number_malformed", lang, field=field, text=text)
    return t("number_empty", lang, field=field)


def fmt_hint(exc: Exception, lang: str) -> str:
    """What the user can add or change so that a scenario the engine refused (`exc`, a GrowthsimError)
    computes: a chain too long names the last year it reaches, a missing base year the estimates to add,
    too little history a later year; any other refusal says its own fix, and this says the results come
    back once it computes."""
    msg = getattr(exc, "msg", None)
    key = getattr(msg, "key", None)
    params = getattr(msg, "params", {}) or {}
    if key == "chain_too_long":
        return t("hint_too_far", lang, year=params["year"], last=params["last"],
                 most=int(params["first"]) + int(params["most"]) - 1)
    if key == "chain_known":
        return t("hint_chain_known", lang, first=params["first"])
    if key == "no_base_year":
        return t("hint_no_base_year", lang, prev=params.get("prev", ""))
    if key == "too_little_history":
        return t("hint_too_little_history", lang, year=params.get("year", ""))
    return t("hint_generic", lang)


def fmt_icor_source(block: dict, lang: str) -> str:
    """Where an `investment` block's ICOR comes from (`scenarios.icor`): the scenario's own `icor`, or
    the historical years it was computed on (`icor_years`), in `lang`."""
    years = block.get("icor_years") or []
    if not years:
        return t("icor_from_scenario", lang)
    return t("icor_historical", lang, first=years[0], last=years[-1])
