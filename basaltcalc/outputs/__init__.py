"""What a user reads: files of study Datasets, figures, atomic writes.

Layer 5, above the studies; the only layer that imports matplotlib.
"""
