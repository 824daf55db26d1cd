"""growthsim's lower layer: official data, its import, time-series models and backtests (no UI)."""
