"""Completely labelled pairs: the hash join and the missing-label test (bitmasks up to 64
labels, a matrix product beyond) against pairing every two vertices by hand."""

from __future__ import annotations

import numpy as np
import pytest

from negotiation_sim.solvers.pairing import complete_pairs


def random_labels(rng: np.random.Generator, count: int, labels: int, dim: int) -> np.ndarray:
    """``count`` label sets of at least ``dim`` labels; about a third have more (degenerate)."""
    result = np.zeros((count, labels), dtype=bool)
    for row in result:
        extra = int(rng.integers(1, 3)) if rng.random() < 0.35 else 0
        row[rng.choice(labels, size=dim + extra, replace=False)] = True
    return result


@pytest.mark.parametrize(("dim_p", "dim_q"), [(3, 4), (10, 10), (30, 40)])
def test_complete_pairs_are_every_pair_covering_all_labels(dim_p: int, dim_q: int):
    rng = np.random.default_rng(dim_p * 100 + dim_q)
    labels = dim_p + dim_q
    p, q = random_labels(rng, 300, labels, dim_p), random_labels(rng, 400, labels, dim_q)
    # Make some pairs complete: q rows carrying the complement of p rows.
    for k in range(0, 300, 7):
        q[k] |= ~p[k]
    expected = [[i, j] for i in range(len(p)) for j in range(len(q)) if np.all(p[i] | q[j])]
    assert len(expected) > 40
    assert complete_pairs(p, q, dim_p, dim_q).tolist() == expected
