"""GDP models of the leaf sectors beside the bridge (the mixed-frequency factor model, ...)."""
