"""Sets of Nash equilibria: payoff dominance and maximal Nash subsets (components).

Works on the list of extreme equilibria returned by
:func:`negotiation_sim.solvers.nash.nash_equilibria` and only reads their
``row``, ``column``, ``row_payoff`` and ``column_payoff`` attributes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from negotiation_sim.solvers.mixed import MixedEquilibrium
from negotiation_sim.tolerance import DEFAULT_TOL, player_tolerances

__all__ = ["NashSubset", "maximal_nash_subsets", "payoff_dominant"]


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class NashSubset:
    """A maximal Nash subset: the convex hull of ``rows`` times that of ``columns``.

    Every pair of a row vertex and a column vertex is an extreme equilibrium, so
    every mixture of the rows combined with every mixture of the columns is a Nash
    equilibrium.

    Attributes
    ----------
    equilibrium_indices : tuple of int
        Indices, into the list given to :func:`maximal_nash_subsets`, of the
        extreme equilibria ``rows x columns`` spanning the subset.
    rows, columns : tuple of ndarray
        The distinct row and column mixtures (extreme points) of the subset.
    component : int
        Index of the connected component of the equilibrium set containing it.
    """

    equilibrium_indices: tuple[int, ...]
    rows: tuple[np.ndarray, ...]
    columns: tuple[np.ndarray, ...]
    component: int


def payoff_dominant(equilibria: Sequence[MixedEquilibrium], *, tol: float = DEFAULT_TOL) -> list[bool]:
    """Which equilibria are not beaten by another equilibrium (payoff-dominant, Harsanyi-Selten).

    ``f`` beats ``e`` if both players get at least as much in ``f`` and one
    gets more, each player's comparisons being within its own tolerance
    (:func:`~negotiation_sim.tolerance.player_tolerances` of the listed payoffs).
    This compares equilibria with each other only; Pareto efficiency against every
    strategy profile is :func:`negotiation_sim.solvers.efficiency.bimatrix_pareto_efficient`
    (the prisoners' dilemma's one equilibrium is payoff-dominant but not efficient).

    Parameters
    ----------
    equilibria : sequence of MixedEquilibrium
        Equilibria to compare, e.g. the result of :func:`nash_equilibria`.
    tol : float, optional
        Relative tolerance for ties.

    Returns
    -------
    list of bool
        One flag per equilibrium, in the given order.

    References
    ----------
    M. J. Osborne and A. Rubinstein, *A Course in Game Theory*, MIT Press 1994, ch. 1.

    Examples
    --------
    >>> from negotiation_sim.solvers.nash import nash_equilibria
    >>> eqs = nash_equilibria([[3, 0], [0, 2]], [[2, 0], [0, 3]])
    >>> payoff_dominant(eqs)
    [True, True, False]
    """
    payoffs = np.array([[e.row_payoff, e.column_payoff] for e in equilibria], dtype=float)
    if len(payoffs) == 0:
        return []
    atol = player_tolerances(payoffs.T, tol)  # one per player: columns of ``payoffs``
    # Many equilibria of degenerate games share payoffs: compare distinct payoff pairs only.
    distinct, inverse = np.unique(np.round(payoffs / atol), axis=0, return_inverse=True)
    firsts = np.array([payoffs[np.flatnonzero(inverse.ravel() == k)[0]] for k in range(len(distinct))])
    with np.errstate(over="ignore"):  # +-inf at the float limit compares as the exact bound would
        at_least = np.all(firsts[None, :, :] >= firsts[:, None, :] - atol, axis=2)
        more = np.any(firsts[None, :, :] > firsts[:, None, :] + atol, axis=2)
    dominated = np.any(at_least & more, axis=1)  # [e, f]: f dominates e
    return [not bool(dominated[k]) for k in inverse.ravel()]


def _distinct(vectors: list[np.ndarray]) -> list[int]:
    """Index of the first equal (to 1e-9) vector for each vector, in linear time."""
    first: dict[bytes, int] = {}
    return [
        first.setdefault(np.round(np.asarray(v, dtype=float) * 1e9).astype(np.int64).tobytes(), i)
        for i, v in enumerate(vectors)
    ]


def maximal_nash_subsets(equilibria: Sequence[MixedEquilibrium]) -> list[NashSubset]:
    """Maximal Nash subsets (maximal bicliques) and the components they form.

    Build the bipartite graph whose nodes are the distinct row and column mixtures
    and whose edges are the extreme equilibria.  Every maximal biclique
    ``rows x columns`` spans a maximal Nash subset ``conv(rows) x conv(columns)``
    (Winkels 1979).  Two maximal subsets intersect iff they share a row vertex
    and a column vertex (their intersection is a face with extreme equilibria as
    vertices); the connected components of the equilibrium set are the classes of
    that relation.  Bicliques are enumerated as the closed sets of column
    neighbourhoods (intersections of neighbourhoods of row vertices).

    Parameters
    ----------
    equilibria : sequence of MixedEquilibrium
        All extreme equilibria of one game (as from :func:`nash_equilibria`).

    Returns
    -------
    list of NashSubset
        Sorted by component, then by smallest equilibrium index.

    References
    ----------
    H.-M. Winkels, "An algorithm to determine all equilibrium points of a bimatrix
    game", in *Game Theory and Related Topics*, North-Holland 1979, 137-148.
    D. Avis, G. D. Rosenberg, R. Savani and B. von Stengel, "Enumeration of Nash
    equilibria for two-player games", *Economic Theory* 42 (2010), section 5.

    Examples
    --------
    >>> from negotiation_sim.solvers.nash import nash_equilibria
    >>> eqs = nash_equilibria([[1, 1], [0, 0]], [[1, 1], [0, 2]])  # a continuum
    >>> [s.equilibrium_indices for s in maximal_nash_subsets(eqs)]
    [(0, 1)]
    """
    row_id = _distinct([e.row for e in equilibria])
    col_id = _distinct([e.column for e in equilibria])
    edge = {(r, c): k for k, (r, c) in enumerate(zip(row_id, col_id, strict=True))}
    neighbours: dict[int, frozenset[int]] = {}
    for r, c in edge:
        neighbours[r] = neighbours.get(r, frozenset()) | {c}
    closed: set[frozenset[int]] = set()
    for cols in neighbours.values():
        closed |= {cols & other for other in closed if cols & other} | {cols}
    bicliques = []
    for cols in closed:
        rows = frozenset(r for r, nb in neighbours.items() if cols <= nb)
        if frozenset.intersection(*(neighbours[r] for r in rows)) == cols:
            bicliques.append((rows, cols))
    # Union-find over bicliques sharing a row vertex and a column vertex.
    parent = list(range(len(bicliques)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, (ri, ci) in enumerate(bicliques):
        for j in range(i):
            rj, cj = bicliques[j]
            if ri & rj and ci & cj:
                parent[root(i)] = root(j)
    members = [tuple(sorted(edge[r, c] for r in rows for c in cols)) for rows, cols in bicliques]
    comp_first: dict[int, int] = {}
    for i, idx in enumerate(members):
        comp_first[root(i)] = min(comp_first.get(root(i), idx[0]), idx[0])
    comp_rank = {r: n for n, r in enumerate(sorted(comp_first, key=comp_first.__getitem__))}
    subsets = [
        NashSubset(
            equilibrium_indices=members[i],
            rows=tuple(equilibria[r].row for r in sorted(rows)),
            columns=tuple(equilibria[c].column for c in sorted(cols)),
            component=comp_rank[root(i)],
        )
        for i, (rows, cols) in enumerate(bicliques)
    ]
    subsets.sort(key=lambda s: (s.component, s.equilibrium_indices))
    return subsets
