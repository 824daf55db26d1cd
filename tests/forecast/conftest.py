"""The forecast tests' folder: pytest puts it on sys.path, so tests in its subfolders (models/,
backtest/, data/) import the shared helpers of ``forecast_fixtures`` too."""
