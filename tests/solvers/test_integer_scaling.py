"""``integer_scaling``'s quick rejection of float tables gives the same answers as the Fraction rule.

The reference below is ``integer_scaling`` as it was before the quick test on the
first value (``Fraction.limit_denominator`` on every distinct value); the current
function must return the same integers, or None, for every table.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from negotiation_sim.solvers.polytope import _far_from_small_fractions, integer_scaling


def reference_scaling(payoffs: np.ndarray, atol: float) -> np.ndarray | None:
    values = np.unique(payoffs)
    fractions = {}
    lcm = 1
    for value in values.tolist():
        frac = Fraction(value).limit_denominator(1000)
        if abs(float(frac) - value) > atol:
            return None
        lcm = math.lcm(lcm, frac.denominator)
        if lcm > 10**6:
            return None
        fractions[value] = frac
    scaled = {value: frac * lcm for value, frac in fractions.items()}
    if max(abs(v) for v in scaled.values()) > 2**40:
        return None
    lookup = np.array([int(scaled[v]) for v in values.tolist()], dtype=np.int64)
    return lookup[np.searchsorted(values, payoffs)]


def same(table: np.ndarray, atol: float) -> None:
    expected, found = reference_scaling(table, atol), integer_scaling(table, atol)
    assert (expected is None) == (found is None), (table.tolist(), atol)
    if expected is not None:
        assert found is not None and found.tolist() == expected.tolist()


RNG = np.random.default_rng(5000)
TABLES = {
    "normal floats": RNG.normal(size=(6, 6)),
    "integers": RNG.integers(-5, 6, size=(4, 5)).astype(float),
    "thirds": RNG.integers(-9, 10, size=(3, 3)) / 3.0,
    "thirds then a float": np.concatenate([RNG.integers(-9, 10, size=5) / 3.0, [np.pi]]),
    "a float then thirds": np.concatenate([[np.pi], RNG.integers(-9, 10, size=5) / 3.0]),
    "sevenths off by 1e-12": RNG.integers(-20, 21, size=(3, 4)) / 7.0 + 1e-12,
    "huge": RNG.normal(size=(3, 3)) * 1e300,
    "huge integers": np.array([[2.0**41, 1.0], [3.0, -(2.0**41)]]),
    "tiny": RNG.normal(size=(3, 3)) * 1e-300,
    "subnormal": np.array([[5e-324, 0.0], [1e-310, -5e-324]]),
    "negative zero": np.array([[-0.0, 0.5], [1.0, -0.0]]),
    "only zeros": np.zeros((2, 2)),
    "halfway between thousandths": np.array([[0.0005, 0.0015], [1.0, 2.0]]),
    "1/1000 and 1/999": np.array([[1 / 1000, 1 / 999], [0.0, 1.0]]),
    "denominator lcm too large": np.array([[1 / 997, 1 / 991, 1 / 983], [0.0, 1.0, 2.0]]),
    "a float first, then integers": np.array([[0.1234567891, 1.0], [2.0, 3.0]]),
}


@pytest.mark.parametrize("name", sorted(TABLES))
@pytest.mark.parametrize("atol", [0.0, 1e-15, 1e-9, 1e-7, 4e-7, 1e-4, 0.01, 0.4])
def test_quick_rejection_keeps_the_answers_of_the_fraction_rule(name: str, atol: float) -> None:
    same(TABLES[name], atol)


def test_values_at_the_tolerance_from_a_fraction() -> None:
    """Values whose distance to their fraction is within a rounding of the tolerance."""
    for q in (3, 7, 999, 1000):
        for atol in (1e-9, 1e-7, 1e-3):
            for delta in (atol, atol * (1 - 1e-12), atol * (1 + 1e-12), np.nextafter(atol, 0.0)):
                for sign in (1.0, -1.0):
                    same(np.array([1 / q + sign * delta, 1.0]), atol)


finite = st.floats(allow_nan=False, allow_infinity=False)


@settings(max_examples=400, deadline=None)
@given(value=finite, atol=st.sampled_from([0.0, 1e-12, 1e-9, 1e-6, 1e-3, 0.1, 1.0]))
@example(value=1 / 3 + 1e-10, atol=1e-9)
@example(value=-0.0, atol=0.0)
@example(value=0.0005, atol=1e-9)
@example(value=1e-300, atol=0.0)
def test_far_from_small_fractions_only_when_limit_denominator_is(value: float, atol: float) -> None:
    """True only where the Fraction rule rejects the value; False where it accepts it.

    ``limit_denominator`` returns the closer of the two bounds tested, so the answers
    differ at most where both lie at (nearly) the same distance; the caller then decides
    with the Fraction rule.
    """
    fraction = Fraction(value).limit_denominator(1000)
    rejected = abs(float(fraction) - value) > atol
    assert _far_from_small_fractions(value, atol) == rejected


@settings(max_examples=200, deadline=None)
@given(
    numerators=st.lists(st.integers(-3000, 3000), min_size=1, max_size=8),
    denominator=st.sampled_from([1, 2, 3, 7, 12, 999, 1000, 1001]),
    noise=st.sampled_from([0.0, 1e-13, 1e-9, 1e-6, 0.3]),
    atol=st.sampled_from([0.0, 1e-9, 1e-7, 1e-5]),
)
def test_tables_of_noisy_fractions_match_the_reference(
    numerators: list[int], denominator: int, noise: float, atol: float
) -> None:
    table = np.array(numerators, dtype=float) / denominator + noise
    same(table, atol)


@pytest.mark.parametrize(
    "table",
    [[np.inf, 0.1234], [0.1234, np.inf], [np.nan, 0.5], [0.5, np.nan], [-np.inf, 1.0], [1.0, 2.0, np.inf]],
)
def test_non_finite_values_fail_as_before(table: list[float]) -> None:
    """The quick test skips non-finite values, so the Fraction rule raises (or rejects) as it did."""
    values = np.array(table)
    try:
        expected: object = reference_scaling(values, 1e-9)
    except (ValueError, OverflowError) as error:
        expected = type(error)
    try:
        found: object = integer_scaling(values, 1e-9)
    except (ValueError, OverflowError) as error:
        found = type(error)
    assert (found is None and expected is None) or found == expected
