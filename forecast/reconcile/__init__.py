"""Coherent hierarchies: forecasts of the parts reconciled with their totals (see ``core``, ``hierarchies``)."""
