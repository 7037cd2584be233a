"""Best-response polytopes enumerated once for games that share one player's payoff table.

The polytope ``P = {x >= 0 : B^T x <= 1}`` of a bimatrix game depends on the column
player's payoffs ``B`` only (and on that player's tie tolerance, itself a function of
``B``), and ``Q = {y >= 0 : A y <= 1}`` on the row player's payoffs ``A`` only.  Along a
sweep in which a parameter enters one player's payoffs, every grid point has the other
player's table, so one of the two polytopes is the same at every point; on a 2-D grid
with one parameter per player, ``K x L`` games have only ``K + L`` distinct polytopes.

A :class:`PolytopeCache` remembers the results of a vertex enumeration by the exact
inputs of the call (the function, the bytes of the matrix it was given, the tolerances),
so an enumeration is reused only when it would have been recomputed from identical inputs:
results are the same objects, and everything downstream (pairing, partner solves, the
stable order) runs unchanged, with the same equilibria in the same order as without the
cache.  The cached arrays are read-only.  Least recently used entries are dropped beyond
a memory budget.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

import numpy as np

from negotiation_sim.solvers.polytope import PolytopeVertices

__all__ = ["MAX_CACHE_BYTES", "PolytopeCache", "enumerate_with"]

MAX_CACHE_BYTES = 256 << 20
"""Default memory budget of one cache: vertex coordinates and labels, 256 MiB (a 10 x 10
polytope takes about 0.1 MB, so the budget holds a few thousand)."""

_Found = TypeVar("_Found", PolytopeVertices, PolytopeVertices | None)


class PolytopeCache:
    """Vertex enumerations already done, keyed by their exact inputs.

    Parameters
    ----------
    max_bytes : int, optional
        Memory budget for the cached vertex arrays, by default :data:`MAX_CACHE_BYTES`.

    Attributes
    ----------
    hits, misses : int
        Enumerations reused and computed so far.

    Examples
    --------
    >>> import numpy as np
    >>> from negotiation_sim.solvers.best_response import best_response_vertices
    >>> cache = PolytopeCache()
    >>> table = np.array([[3.0, 0.0], [5.0, 1.0]])
    >>> first = cache.vertices(best_response_vertices, table, 1e-9, 1e-9)
    >>> again = cache.vertices(best_response_vertices, table.copy(), 1e-9, 1e-9)
    >>> again is first, cache.hits, cache.misses
    (True, 1, 1)
    """

    def __init__(self, *, max_bytes: int = MAX_CACHE_BYTES) -> None:
        self.max_bytes = max_bytes
        self.hits = 0
        self.misses = 0
        self._bytes = 0
        self._entries: OrderedDict[Hashable, tuple[PolytopeVertices | None, int]] = OrderedDict()

    def vertices(
        self, enumerate_: Callable[..., _Found], matrix: np.ndarray, *args: Hashable, **kwargs: Hashable
    ) -> _Found:
        """``enumerate_(matrix, *args, **kwargs)``, computed once per distinct input.

        Parameters
        ----------
        enumerate_ : callable
            A pure vertex enumeration returning :class:`~.polytope.PolytopeVertices` or None.
        matrix : numpy.ndarray
            Its matrix argument; compared by dtype, shape and bytes.
        *args, **kwargs : hashable
            Its other arguments (tolerances, shapes), compared by equality.

        Returns
        -------
        PolytopeVertices or None
            The enumeration's result, with read-only arrays.

        Raises
        ------
        SolverError
            Whatever ``enumerate_`` raises (errors are not cached).
        """
        key = (
            f"{enumerate_.__module__}.{enumerate_.__qualname__}",
            matrix.dtype.str,
            matrix.shape,
            np.ascontiguousarray(matrix).tobytes(),
            args,
            tuple(sorted(kwargs.items())),
        )
        entry = self._entries.get(key)
        if entry is not None:
            self._entries.move_to_end(key)
            self.hits += 1
            return entry[0]  # type: ignore[return-value]
        self.misses += 1
        found = enumerate_(matrix, *args, **kwargs)
        size = len(key[3]) + 200
        if found is not None:
            for array in (found.points, found.zero, found.tight):
                array.setflags(write=False)
                size += array.nbytes
        self._entries[key] = (found, size)
        self._bytes += size
        while self._bytes > self.max_bytes and len(self._entries) > 1:
            _, (_, dropped) = self._entries.popitem(last=False)
            self._bytes -= dropped
        return found


def enumerate_with(
    cache: PolytopeCache | None,
    enumerate_: Callable[..., _Found],
    matrix: np.ndarray,
    *args: Hashable,
    **kwargs: Hashable,
) -> _Found:
    """``enumerate_(matrix, *args, **kwargs)``, through ``cache`` when one is given.

    Parameters
    ----------
    cache : PolytopeCache or None
        None calls ``enumerate_`` directly.
    enumerate_ : callable
        A pure vertex enumeration.
    matrix : numpy.ndarray
        Its matrix argument.
    *args, **kwargs : hashable
        Its other arguments.

    Returns
    -------
    PolytopeVertices or None
        The enumeration's result.

    Raises
    ------
    SolverError
        Whatever ``enumerate_`` raises.

    Examples
    --------
    >>> import numpy as np
    >>> from negotiation_sim.solvers.best_response import best_response_vertices
    >>> enumerate_with(None, best_response_vertices, np.array([[1.0, 0.0], [0.0, 1.0]]), 1e-9, 1e-9).points.shape
    (3, 2)
    """
    if cache is None:
        return enumerate_(matrix, *args, **kwargs)
    return cache.vertices(enumerate_, matrix, *args, **kwargs)
