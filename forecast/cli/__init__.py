"""Command-line groups of the forecast layer (``growthsim data ...``); the root parser lives in dashboards.cli."""
