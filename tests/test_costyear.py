"""basaltcalc/core/costyear.py and the shipped index table."""
from __future__ import annotations

import numpy as np
import pytest
import yaml

from basaltcalc.catalogue import data_text
from basaltcalc.core import costyear

TABLE = yaml.safe_load(data_text("inflation.yaml"))


def test_index_table_is_increasing_and_based_on_2009():
    years, values = TABLE["years"], TABLE["values"]
    assert years == list(range(years[0], years[-1] + 1))
    assert values[years.index(2009)] == 1.0
    assert TABLE["source"]


def test_inflation_round_trip():
    # 2000 -> 2020: 1.3190 / 0.7074 = 1.864574; and back: 0.7074 / 1.3190; the product is 1
    y, v = TABLE["years"], TABLE["values"]
    up = costyear.escalation(2000, 2020, y, v)
    assert up == pytest.approx(1.3190 / 0.7074)
    assert up * costyear.escalation(2020, 2000, y, v) == pytest.approx(1.0, abs=1e-15)


def test_outside_the_table_is_nan():
    assert np.isnan(costyear.escalation(1960, 2000, TABLE["years"], TABLE["values"]))
