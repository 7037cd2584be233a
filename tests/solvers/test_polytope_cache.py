"""Polytopes shared between games with one player's table in common (tracker issue 16): the
results with a cache are the results without one, bit for bit, in the same order, with the
same degeneracy flag, on float and exact, generic and degenerate games."""

from __future__ import annotations

import zlib
from dataclasses import dataclass

import numpy as np
import pytest
from general_method import use_general_method

from negotiation_sim.errors import SolverError
from negotiation_sim.solvers.best_response import best_response_vertices
from negotiation_sim.solvers.nash import _equilibria, nash_equilibria
from negotiation_sim.solvers.polytope_cache import PolytopeCache, enumerate_with


@dataclass(frozen=True)
class Family:
    name: str
    shape: tuple[int, int]
    kind: str  # "float", "integer" (generic exact), "ties" (degenerate exact) or "float-ties" (degenerate float)
    varies: str  # "row", "column", "both" or "neither"


FAMILIES = [
    Family(name, shape, kind, varies)
    for name, shape in (("4x4", (4, 4)), ("5x7", (5, 7)), ("8x8", (8, 8)))
    for kind in ("float", "integer", "ties", "float-ties")
    for varies in ("row", "column", "both", "neither")
    if not (shape == (8, 8) and varies == "neither")
]


def games(family: Family, count: int = 5) -> list[tuple[np.ndarray, np.ndarray]]:
    """``count`` games along a parameter ``t`` entering the tables named by ``family.varies``."""
    rng = np.random.default_rng(zlib.crc32(f"{family.shape}{family.kind}".encode()))
    if family.kind == "float":
        a, b, step = (*rng.normal(size=(2, *family.shape)), rng.normal(size=family.shape))
    elif family.kind == "integer":
        a, b, step = rng.integers(-10_000, 10_000, size=(3, *family.shape)).astype(float)  # quarters at t
    else:
        a, b = rng.integers(0, 3, size=(2, *family.shape)).astype(float)
        step = (rng.random(family.shape) < 0.3).astype(float)
        if family.kind == "float-ties":  # not small rationals: ties decided with the tolerance
            a, b, step = a * np.sqrt(2.0), b * np.sqrt(3.0), step * np.pi
    result = []
    for t in np.linspace(0.0, 1.0, count):
        row = a + t * step if family.varies in ("row", "both") else a
        column = b + t * step if family.varies in ("column", "both") else b
        result.append((row, column))
    return result


def same(found: tuple[list, bool], expected: tuple[list, bool]) -> bool:
    (eqs, degenerate), (ref, ref_degenerate) = found, expected
    return (
        degenerate == ref_degenerate
        and len(eqs) == len(ref)
        and all(
            e.row.tobytes() == r.row.tobytes()
            and e.column.tobytes() == r.column.tobytes()
            and (e.row_payoff, e.column_payoff) == (r.row_payoff, r.column_payoff)
            for e, r in zip(eqs, ref, strict=True)
        )
    )


@pytest.mark.parametrize("family", FAMILIES, ids=lambda f: f"{f.name}-{f.kind}-{f.varies}")
def test_shared_polytopes_give_the_results_of_solving_from_scratch(family: Family, monkeypatch):
    use_general_method(monkeypatch)  # the polytope methods, also for the small shapes
    cache = PolytopeCache()
    flags = []
    for a, b in games(family):
        for need_degenerate in (False, True):
            expected = _equilibria(a, b, 1e-9, need_degenerate=need_degenerate)
            assert same(_equilibria(a, b, 1e-9, need_degenerate=need_degenerate, cache=cache), expected)
        flags.append(expected[1])
    assert any(flags) == family.kind.endswith("ties")  # the families are what they say
    if family.varies != "both":  # some table is shared by all five games
        assert cache.hits > 0
    assert cache.misses > 0


def test_a_shared_table_is_enumerated_once(monkeypatch):
    use_general_method(monkeypatch)
    calls: list[bytes] = []

    def counted(payoffs: np.ndarray, *args, **kwargs):
        calls.append(np.ascontiguousarray(payoffs).tobytes())
        return best_response_vertices(payoffs, *args, **kwargs)

    monkeypatch.setattr("negotiation_sim.solvers.nash.best_response_vertices", counted)
    cache = PolytopeCache()
    family = Family("5x7", (5, 7), "ties", "row")
    for a, b in games(family):
        nash_equilibria(a, b, cache=cache)
    # Five row tables (Q) and one column table (P), each enumerated once.
    assert len(calls) == len(set(calls)) == 6
    assert (cache.hits, cache.misses) == (4, 6)


def test_cached_vertices_are_read_only():
    cache = PolytopeCache()
    found = cache.vertices(best_response_vertices, np.array([[2.0, 1.0], [1.0, 2.0]]), 1e-9, 1e-9)
    with pytest.raises(ValueError, match="read-only"):
        found.points[0, 0] = 5.0


def test_the_least_recently_used_entries_leave_beyond_the_budget():
    cache = PolytopeCache(max_bytes=1)  # room for the newest entry only
    tables = [np.array([[2.0, 1.0], [1.0, 2.0 + k]]) for k in range(3)]
    for table in tables:
        cache.vertices(best_response_vertices, table, 1e-9, 1e-9)
    cache.vertices(best_response_vertices, tables[-1], 1e-9, 1e-9)
    cache.vertices(best_response_vertices, tables[0], 1e-9, 1e-9)
    assert (cache.hits, cache.misses) == (1, 4)


def test_errors_are_raised_every_time_and_not_cached():
    cache = PolytopeCache()
    calls = []

    def refuse(matrix: np.ndarray) -> None:
        calls.append(1)
        raise SolverError("too large")

    for _ in range(2):
        with pytest.raises(SolverError, match="too large"):
            enumerate_with(cache, refuse, np.ones((2, 2)))
    assert len(calls) == 2 and cache.hits == 0


def test_tolerances_and_functions_are_part_of_the_key():
    cache = PolytopeCache()
    table = np.array([[1.0, 1.0 + 1e-7], [0.0, 1.0]])
    loose = cache.vertices(best_response_vertices, table, 1e-6, 1e-9)
    strict = cache.vertices(best_response_vertices, table, 1e-12, 1e-9)
    assert cache.misses == 2 and loose is not strict
    assert loose.tight.sum() != strict.tight.sum()  # the tie counts under the loose tolerance only
