"""Sphinx configuration of basaltcalc's documentation site.

Build (from the repository root, after ``pip install '.[docs]'``)::

    sphinx-build -W -b html docs docs/_build/html

The gallery pages (``docs/gallery/``) are written at the start of every build from the scenario
files, with their figures drawn by the program (``docs/_gallery.py``).
"""
from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import basaltcalc  # noqa: E402

project = "basaltcalc"
author = "basaltcalc team"
copyright = "2026, basaltcalc team"
version = release = basaltcalc.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.mathjax",
    "sphinx.ext.viewcode",
    "numpydoc",
    "myst_parser",
]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]
myst_enable_extensions = ["colon_fence"]
myst_heading_anchors = 3
suppress_warnings = ["myst.xref_missing"]  # the pages' `docs/x.md` mentions are text, not links

# numpydoc: the docstrings are the API reference; members listed where the page asks for them
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False
autodoc_member_order = "bysource"
autodoc_typehints = "none"

html_theme = "pydata_sphinx_theme"
html_title = f"basaltcalc {release}"
html_static_path = ["_static"]
html_theme_options = {"navigation_depth": 2, "show_toc_level": 2}


def _gallery(app):
    from _gallery import write_gallery

    write_gallery(HERE / "gallery")


def setup(app):
    app.connect("builder-inited", _gallery)
