r"""Cost years: converting currency between years with a price index (numpy core).

A cost stated in year :math:`y_0` dollars is worth, in year :math:`y_1` dollars,

.. math:: C_1 = C_0\,\frac{I(y_1)}{I(y_0)}

with :math:`I` the index table (interpolated linearly between its years).  The table itself is
data (``basaltcalc/data/inflation.yaml``, with its source and year range); the scenario layer
checks years against that range and reports the ones outside as located errors, so here a year
outside the table gives ``nan``.
"""
from __future__ import annotations

import numpy as np

__all__ = ["index_at", "escalation"]


def index_at(year, table_years, table_index):
    """Index value at ``year``, linear between table years.

    Parameters
    ----------
    year : array_like
        Calendar (fiscal) year. [-]
    table_years, table_index : array_like
        The index table: increasing years and the index in each. [-]

    Returns
    -------
    ndarray
        The index; ``nan`` outside the table. [-]

    Examples
    --------
    >>> float(index_at(2000.5, [2000, 2001], [1.0, 1.1]))
    1.05
    """
    year = np.asarray(year, dtype=np.float64)
    ty = np.asarray(table_years, dtype=np.float64)
    value = np.interp(year, ty, np.asarray(table_index, dtype=np.float64))
    return np.where((year >= ty[0]) & (year <= ty[-1]), value, np.nan)


def escalation(from_year, to_year, table_years, table_index):
    r"""Factor converting year-``from_year`` dollars to year-``to_year`` dollars.

    Parameters
    ----------
    from_year, to_year : array_like
        Cost years (fiscal years of the table). [-]
    table_years, table_index : array_like
        The index table: increasing years and the index in each. [-]

    Returns
    -------
    ndarray
        :math:`I(y_1)/I(y_0)`; ``nan`` where a year is outside the table. [-]

    Examples
    --------
    >>> # index 0.5 in 1990, 1.0 in 2010: 1990 dollars are worth twice as many 2010 dollars
    >>> float(escalation(1990, 2010, [1990, 2010], [0.5, 1.0]))
    2.0
    >>> float(escalation(2010, 1990, [1990, 2010], [0.5, 1.0]))
    0.5
    """
    return index_at(to_year, table_years, table_index) / index_at(from_year, table_years, table_index)
