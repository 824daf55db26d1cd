"""The annual GDP call: real-time data, the models that make it, and their real-time backtest."""
