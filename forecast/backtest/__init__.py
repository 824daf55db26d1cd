"""Rolling-origin backtests of the monthly forecasts against the benchmarks.

`run_backtest(data, origins, horizon)` forecasts each series from each origin with only the data
up to it (the selected model and the seasonal-naive and drift benchmarks), and scores the outcomes
with `metrics` (MASE, sMAPE, interval coverage, CRPS, 12-month growth error in pp).
"""
from forecast.backtest.origins import monthly_origins
from forecast.backtest.runner import FORECAST_COLUMNS, METRIC_COLUMNS, BacktestResult, run_backtest

__all__ = ["run_backtest", "monthly_origins", "BacktestResult", "FORECAST_COLUMNS", "METRIC_COLUMNS"]
