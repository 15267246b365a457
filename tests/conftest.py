"""Fixtures shared by the test modules: the packaged default scenario and the ILRS gallery file,
each loaded once per module (a module may change its copy without touching another's)."""
from __future__ import annotations

from pathlib import Path

import pytest

import basaltcalc as bc

ILRS = Path(__file__).resolve().parents[1] / "scenarios" / "ilrs-south-pole-outpost.yaml"


@pytest.fixture(scope="module")
def default():
    return bc.default_scenario()


@pytest.fixture(scope="module")
def ilrs():
    return bc.load_scenario(ILRS)
