"""Estimated cost of enumerating the vertices of the best-response polytopes.

The exhaustive method solves ``C(m + n, m)`` square systems per polytope; the
Qhull method (:mod:`.vertex_hull`) works in time roughly proportional to the number
of vertices, which for random payoffs grows about like ``C(m + n, m) ** 0.6``
(measured from 8 x 8 to 20 x 20).  The per-item times below were measured on one
core of a 2020s laptop-class machine; estimates are order-of-magnitude guides.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from negotiation_sim.errors import SolverError
from negotiation_sim.limits import current_limits

__all__ = ["NashCost", "check_cost", "estimate_cost", "use_exhaustive", "use_one_sided"]

EXHAUSTIVE_BASES = 5000
"""Up to this many square systems per polytope, the exhaustive method is used directly
(it is then faster than starting Qhull)."""

ONE_SIDED_BASES = 100
"""Above this many square systems per polytope (5 x 5 and up), float games first try the
one-sided method (:mod:`.one_side`): measured 2.6-6 times faster than exhaustive at 5 x 5 to 7 x 7."""

_SECONDS_PER_BASIS = 4e-6
_SECONDS_PER_VERTEX = 4e-5
_BYTES_PER_VERTEX_LABEL = 48


@dataclass(frozen=True, slots=True, kw_only=True)
class NashCost:
    """Estimated cost of one method on one game.

    Attributes
    ----------
    method : str
        ``"exhaustive"`` or ``"qhull"``.
    systems : int
        Square systems per polytope, ``C(m + n, m)``.
    vertices : int
        Estimated vertices per polytope (all bases for the exhaustive method).
    seconds : float
        Estimated time for both polytopes.
    megabytes : float
        Estimated peak memory of the vertex labels.
    """

    method: str
    systems: int
    vertices: int
    seconds: float
    megabytes: float


def use_exhaustive(rows: int, columns: int) -> bool:
    """Whether the exhaustive method is the faster first choice for this size.

    Parameters
    ----------
    rows, columns : int
        Strategies of the two players.

    Returns
    -------
    bool
        True when ``C(rows + columns, rows)`` is at most :data:`EXHAUSTIVE_BASES`.

    Examples
    --------
    >>> use_exhaustive(3, 3), use_exhaustive(10, 10)
    (True, False)
    """
    return math.comb(rows + columns, rows) <= EXHAUSTIVE_BASES


def use_one_sided(rows: int, columns: int) -> bool:
    """Whether a float game of this size should first try the one-sided method.

    Parameters
    ----------
    rows, columns : int
        Strategies of the two players.

    Returns
    -------
    bool
        True when ``C(rows + columns, rows)`` exceeds :data:`ONE_SIDED_BASES`.

    Examples
    --------
    >>> use_one_sided(4, 4), use_one_sided(5, 5)
    (False, True)
    """
    return math.comb(rows + columns, rows) > ONE_SIDED_BASES


def estimate_cost(rows: int, columns: int, method: str) -> NashCost:
    """Estimate time and memory for one enumeration method.

    Parameters
    ----------
    rows, columns : int
        Strategies of the two players.
    method : {"exhaustive", "qhull"}
        The vertex enumeration method.

    Returns
    -------
    NashCost
        The estimate.

    Examples
    --------
    >>> cost = estimate_cost(10, 10, "exhaustive")
    >>> cost.systems, round(cost.seconds, 1)
    (184756, 1.5)
    """
    systems = math.comb(rows + columns, rows)
    if method == "exhaustive":
        vertices = systems
        seconds = 2 * systems * _SECONDS_PER_BASIS
    else:
        vertices = max(1, round(systems**0.6))
        seconds = 2 * vertices * _SECONDS_PER_VERTEX
    megabytes = 2 * vertices * (rows + columns) * _BYTES_PER_VERTEX_LABEL / 2**20
    return NashCost(method=method, systems=systems, vertices=vertices, seconds=seconds, megabytes=megabytes)


def check_cost(rows: int, columns: int, method: str, *, reason: str = "") -> None:
    """Raise :class:`SolverError` if the estimated time exceeds the limit ``max_nash_seconds``.

    The limit is :attr:`negotiation_sim.limits.Limits.max_nash_seconds`
    (env ``NEGOTIATION_SIM_MAX_NASH_SECONDS``, 60 by default).

    Parameters
    ----------
    rows, columns : int
        Strategies of the two players.
    method : {"exhaustive", "qhull"}
        The method about to run.
    reason : str, optional
        Why this method runs (put in the message).

    Raises
    ------
    SolverError
        If the estimate is above the limit; the message names the estimate and
        ``NEGOTIATION_SIM_MAX_NASH_SECONDS``.

    Examples
    --------
    >>> check_cost(2, 2, "exhaustive")
    >>> check_cost(40, 40, "exhaustive")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    negotiation_sim.errors.SolverError: a 40x40 game: exhaustive vertex enumeration ... NEGOTIATION_SIM_MAX_NASH_SECONDS
    """
    cost = estimate_cost(rows, columns, method)
    limit = current_limits().max_nash_seconds
    if cost.seconds <= limit:
        return
    what = (
        f"C({rows + columns}, {rows}) = {cost.systems} square systems per player"
        if method == "exhaustive"
        else f"about {cost.vertices} polytope vertices per player"
    )
    raise SolverError(
        f"a {rows}x{columns} game: {method} vertex enumeration{reason} needs {what}, estimated "
        f"{cost.seconds:.3g} s and {cost.megabytes:.3g} MB, above the limit of {limit:g} s; "
        "remove dominated strategies, or raise the limit with NEGOTIATION_SIM_MAX_NASH_SECONDS"
    )
