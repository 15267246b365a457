"""basaltcalc/core/costyear.py and the shipped index table."""
from __future__ import annotations

import numpy as np
import pytest
import yaml

from basaltcalc.catalogue import data_text
from basaltcalc.core import costyear

TABLE = yaml.safe_load(data_text("inflation.yaml"))


def test_index_table_is_yearly_and_based_on_2017():
    # BEA NIPA Table 1.1.9 is "2017 = 100"; the shipped annual values are the means of the
    # quarters: 2017 (99.390 + 99.650 + 100.162 + 100.778) / 4 = 99.995, and 2025 (127.577 +
    # 128.248 + 129.430 + 130.651) / 4 = 128.9765 -> 128.976 (3 decimals as shipped)
    years, values = TABLE["years"], TABLE["values"]
    assert years == list(range(1947, 2026)) and len(values) == len(years)
    assert values[years.index(2017)] == 99.995
    assert values[years.index(2025)] == 128.976 and values[years.index(1947)] == 11.425
    assert TABLE["source"] and TABLE["default_cost_year"] == years[-1]


def test_inflation_round_trip():
    # 2000 -> 2020: 105.362 / 72.718 = 1.448912; and back: 72.718 / 105.362; the product is 1
    y, v = TABLE["years"], TABLE["values"]
    up = costyear.escalation(2000, 2020, y, v)
    assert up == pytest.approx(105.362 / 72.718)
    assert up * costyear.escalation(2020, 2000, y, v) == pytest.approx(1.0, abs=1e-15)


@pytest.mark.parametrize("years", [(1946, 2000), (2000, 2026), (1e9, 2000), (-1e9, 2000)])
def test_outside_the_table_is_nan(years):
    assert np.isnan(costyear.escalation(*years, TABLE["years"], TABLE["values"]))


def test_the_table_ends_convert():
    # 1947 -> 2025: 128.976 / 11.425 = 11.288928
    assert float(costyear.escalation(1947, 2025, TABLE["years"], TABLE["values"])) == pytest.approx(
        128.976 / 11.425, rel=1e-15)
