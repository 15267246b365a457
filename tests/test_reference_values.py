"""Every core function against the table of hand-computed reference values
(tests/reference_values.yaml): the value itself, and scalar / 0-d / 1-d / broadcast 2-d inputs
against the loop over their points.  Adding a row to the table adds all of these tests for it."""
import pytest

from _reference import (CASES, check_every_function_has_a_case, check_one_d, check_scalar,
                        check_two_d, check_zero_d)

PARAMS = [pytest.param(c, id=c["id"]) for c in CASES]


@pytest.mark.parametrize("module", ["elements", "transport", "production", "compare"])
def test_every_public_function_has_a_reference_case(module):
    check_every_function_has_a_case(module)


@pytest.mark.parametrize("case", PARAMS)
def test_reference_value_scalar(case):
    check_scalar(case)


@pytest.mark.parametrize("case", PARAMS)
def test_zero_d(case):
    check_zero_d(case)


@pytest.mark.parametrize("case", PARAMS)
def test_one_d_equals_loop(case):
    check_one_d(case)


@pytest.mark.parametrize("case", PARAMS)
def test_two_d_broadcast_equals_loop(case):
    check_two_d(case)
