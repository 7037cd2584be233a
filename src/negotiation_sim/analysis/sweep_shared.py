"""Which payoff tables the distinct matrices of a normal-form sweep share, and what that saves.

A bimatrix game's best-response polytopes depend on one player's payoffs each
(:mod:`negotiation_sim.solvers.polytope_cache`).  When a sweep's parameter enters one
player's payoffs only, the other player's table is the same at every grid point, and its
polytope is enumerated once for the whole sweep; on a 2-D grid with one parameter per
player, ``K x L`` matrices need ``K + L`` enumerations.  When both tables change at every
point nothing is shared, and the sweep solves each matrix as before (no cache is kept).

The time estimate counts work in units of one matrix solved from scratch: a matrix whose
two tables were both seen before costs :data:`PAIRING_SHARE` of a unit (pairing the
cached vertices, or solving the partners of one polytope's vertices, and the stable
order), and each table seen for the first time adds half of the rest.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["PAIRING_SHARE", "SharedTables", "shared_tables"]

PAIRING_SHARE = 0.25
"""Part of a from-scratch solve that remains when both polytopes are cached.  Measured by
``python benchmarks/bench_sweep.py --shared-only`` on the 10 x 10 games of
``benchmarks/scenarios`` (the 101 matrices of a sweep in both players' payoffs, CPU time,
both polytopes cached against none, two runs): 0.39-0.47 on the generic float game (the
partner solves of the one-sided method) and 0.02-0.03 on the degenerate integer one
(pairing the vertices, since the bitmask pairing).  The estimate takes a value between: with one table shared, a matrix
costs ``0.25 + 0.75 / 2 = 0.63`` units, and the sweeps in one player's payoffs measured
0.32-1.06 (generic) and 0.64-0.77 (degenerate) of the loop.  The measured rate replaces the
estimate after a second of solving."""


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class SharedTables:
    """How the distinct payoff matrices of a sweep share the players' tables.

    Attributes
    ----------
    matrices : int
        Distinct payoff matrices (pairs of tables).
    row_tables, column_tables : int
        Distinct tables of the row and of the column player among them.
    units : numpy.ndarray
        Read-only, one per matrix in solving order: its estimated cost in units of one
        matrix solved from scratch (see the module docstring).
    """

    matrices: int
    row_tables: int
    column_tables: int
    units: np.ndarray

    @property
    def shared(self) -> bool:
        """Whether some table appears in more than one matrix (so caching polytopes pays)."""
        return min(self.row_tables, self.column_tables) < self.matrices


def shared_tables(row_tables: np.ndarray, column_tables: np.ndarray) -> SharedTables:
    """Count the distinct tables of each player among a sweep's distinct matrices.

    Parameters
    ----------
    row_tables, column_tables : numpy.ndarray
        Shape ``(matrices, rows * columns)``: each distinct matrix's row-player and
        column-player payoffs, flattened, in the order the matrices will be solved.

    Returns
    -------
    SharedTables
        The counts and the cost of each matrix in units of a from-scratch solve.

    Examples
    --------
    Three matrices, the column player's table always the same:

    >>> import numpy as np
    >>> tables = shared_tables(np.array([[1.0, 2.0], [1.0, 3.0], [1.0, 4.0]]), np.zeros((3, 2)))
    >>> tables.row_tables, tables.column_tables, tables.shared
    (3, 1, True)
    >>> tables.units.round(2).tolist()
    [1.0, 0.62, 0.62]
    """
    counts, units = [], np.full(len(row_tables), PAIRING_SHARE)
    for tables in (row_tables, column_tables):
        flat = np.ascontiguousarray(tables + 0.0)  # -0.0 == 0.0, as sweeps compare matrices
        keys = flat.view(np.dtype((np.void, flat.dtype.itemsize * flat.shape[1]))).reshape(-1)
        _, first = np.unique(keys, return_index=True)
        units[first] += (1.0 - PAIRING_SHARE) / 2
        counts.append(len(first))
    units.setflags(write=False)
    return SharedTables(matrices=len(row_tables), row_tables=counts[0], column_tables=counts[1], units=units)
