"""Annual GDP growth from the bridge: the call at a monthly origin and what moved it (``call``)."""
