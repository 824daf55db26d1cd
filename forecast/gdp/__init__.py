"""The annual GDP call: real-time data, the models that make it (bridge, factor, naive, institutions), the
call at a monthly origin with what moved it (``call``), and the real-time backtest."""
