"""Studies over many points: grids, sampling, streaming statistics, sensitivity.

Layer 4, above the model boundary, which they call once per chunk of points; they build labelled
xarray Datasets (:mod:`.datasets`) and never write files.
"""
