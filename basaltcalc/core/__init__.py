"""The numpy model: SI float64 arrays that broadcast; no pint, no I/O.

Layer 1, above only the foundation modules (which it does not import either):
:mod:`.elements` sizes sheets and tubes, :mod:`.transport` prices landed mass,
:mod:`.production` models the in-situ chain, :mod:`.compare` assembles both options and every
metric.
"""
