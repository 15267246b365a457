"""Fixtures shared by the test modules: the packaged default scenario and the ILRS gallery file,
each loaded once per module (a module may change its copy without touching another's)."""
from __future__ import annotations

from pathlib import Path

import pytest

import basaltcalc as bc
from basaltcalc.model import memo

# every value the memo of single evaluations keeps is read-only in the tests: a node of the core
# that wrote into a value it reads (which the next evaluation may reuse) fails here
memo.FREEZE = True

ILRS = Path(__file__).resolve().parents[1] / "scenarios" / "ilrs-south-pole-outpost.yaml"


@pytest.fixture(scope="module")
def default():
    return bc.default_scenario()


@pytest.fixture(scope="module")
def ilrs():
    return bc.load_scenario(ILRS)
