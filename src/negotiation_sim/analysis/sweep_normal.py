"""Sweep kernel for two-player normal-form games over a grid.

Outcome convention (see :func:`negotiation_sim.analysis.sweep.sweep`): a pure
equilibrium is named by its profile ``"row_strategy,column_strategy"``, any equilibrium
in which a player randomises is ``"mixed"``; several equilibria are joined with ``|`` in
sorted order.  Payoffs are those of the first equilibrium in the stable order of
:func:`~negotiation_sim.solvers.nash.nash_equilibria` (pure ones first, by row then
column index).

2 x 2 games are solved fully in numpy where they are non-degenerate (no payoff ties
within a safety margin of the tolerance): their equilibria are the pure profiles where
both players strictly best-respond, plus the completely mixed profile that makes each
player indifferent when it lies strictly inside the simplex.  Every other point of a small
game (up to :data:`MAX_BATCHED_BASES` bases), degenerate ones with ties included, is
solved for all distinct payoff matrices at once by
:func:`~negotiation_sim.solvers.small_games.small_games`, the same exact kernel
:func:`~negotiation_sim.solvers.nash.nash_equilibria` uses for one small game.  The rest
(larger games, matrices the kernel cannot certify, points whose first equilibrium in
stable order is decided by the probabilities) is solved with ``nash_equilibria`` once per
*distinct* payoff matrix on the grid, each player's best-response polytope enumerated once
per distinct payoff table (:mod:`.sweep_shared`).

References
----------
Osborne, M. J. (2004). *An Introduction to Game Theory*, Oxford University Press, ch. 4
(mixed strategy equilibria of 2 x 2 games).
"""

from __future__ import annotations

import math
import time

import numpy as np

from ..errors import SolverError
from ..games import NormalFormGame
from ..limits import current_limits
from ..scenario.schema import Scenario
from ..solvers.small_games import is_small
from ..tolerance import player_tolerances
from ..wording import either_text, lower_first
from .naming import scenario_names
from .sweep_shared import SharedTables, shared_tables
from .sweep_tree import GridSolution, OutcomeKeys, join_outcomes

__all__ = ["MAX_BATCHED_BASES", "MIXED", "TIE_MARGIN", "sweep_normal"]

MAX_BATCHED_BASES = 252
"""Games with at most this many vertex bases per polytope, ``C(m + n, m)`` (up to 5 x 5), are
solved for all grid points at once by :func:`_batched`; larger ones matrix by matrix."""

MIXED = "mixed"
"""Outcome id of an equilibrium in which some player randomises."""

TIE_MARGIN = 1e4
"""2 x 2 points whose payoff differences lie within ``TIE_MARGIN`` times the absolute tie
tolerance are treated as possibly degenerate and solved exactly (never guessed)."""

# Bit k of a 2 x 2 point's code: the pure profile (k // 2, k % 2) is an equilibrium;
# bit 4: the completely mixed profile is one.
_PURE_CELLS = ((0, 0), (0, 1), (1, 0), (1, 1))


def sweep_normal(scenario: Scenario, game: NormalFormGame, *, tol: float) -> GridSolution:
    """Solve a bimatrix game at every point of an evaluated grid.

    Parameters
    ----------
    scenario : Scenario
        With a normal-form game.
    game : NormalFormGame
        ``scenario.evaluate(...)`` over the grid (at least 1-D).
    tol : float
        Relative tie tolerance.

    Returns
    -------
    GridSolution
        Flat arrays in C order of the grid.

    Raises
    ------
    SolverError
        If a payoff matrix solved one by one exceeds the Nash solver's size limit, or
        solving the distinct matrices one by one would take longer than
        ``NEGOTIATION_SIM_MAX_SWEEP_SECONDS`` (estimated up front from the game's size and
        the numbers of distinct matrices and payoff tables, see :mod:`.sweep_shared`, then
        from the measured time).

    Examples
    --------
    In the prisoner's dilemma mutual defection stays the only equilibrium as the
    temptation grows:

    >>> import numpy as np
    >>> import negotiation_sim as ns
    >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "prisoners_dilemma.yaml")
    >>> solution = sweep_normal(sc, sc.evaluate({"temptation": np.array([4.0, 8.0])}), tol=1e-9)
    >>> solution.outcomes.tolist(), solution.ties.tolist()
    (['defect,defect', 'defect,defect'], [False, False])
    """
    row_player, column_player = game.players
    rows, cols = game.shape_of_table
    size = int(np.prod(game.grid_shape))
    a = game.row_payoffs.reshape(rows, cols, size)
    b = game.column_payoffs.reshape(rows, cols, size)
    outcomes = np.empty(size, dtype=object)
    row_payoff = np.empty(size)
    column_payoff = np.empty(size)
    ties = np.zeros(size, dtype=bool)
    names = game.strategies
    todo = np.ones(size, dtype=bool)
    keys: OutcomeKeys = {}
    if (rows, cols) == (1, 1):  # one cell: the only (pure) equilibrium, no solver needed
        outcomes[:] = join_outcomes([f"{names[0][0]},{names[1][0]}"], keys)
        row_payoff[:], column_payoff[:] = a[0, 0], b[0, 0]
        todo[:] = False
    if (rows, cols) == (2, 2):
        todo = ~_two_by_two(a, b, tol, names, outcomes, row_payoff, column_payoff, ties, keys)
    if (rows, cols) != (1, 1) and is_small(rows, cols) and math.comb(rows + cols, rows) <= MAX_BATCHED_BASES:
        # Non-finite points are left to the one-by-one path, which reports them.
        finite = np.all(np.isfinite(a), axis=(0, 1)) & np.all(np.isfinite(b), axis=(0, 1))
        points = np.flatnonzero(todo & finite)
        todo &= ~_batched(a, b, tol, names, points, outcomes, row_payoff, column_payoff, ties, keys)
    matrices_solved = _distinct_matrices(
        a, b, tol, names, np.flatnonzero(todo), outcomes, row_payoff, column_payoff, ties, keys
    )

    row_label, column_label = scenario.player_label(row_player), scenario.player_label(column_player)
    labels = {f"{r},{c}": f"{row_label} {r}, {column_label} {c}" for r in names[0] for c in names[1]}
    labels[MIXED] = "Mixed equilibrium"
    for key, ids in keys.items():
        # Several equilibria at a point are alternatives, never a lottery.
        words = [labels[o] for o in ids]
        keep = {row_label, column_label} | scenario_names(scenario)
        labels.setdefault(key, either_text([lower_first(w, keep) for w in words], capital=True))
    return GridSolution(
        outcomes=outcomes,
        payoffs={row_player: row_payoff, column_player: column_payoff},
        ties=ties,
        labels=labels,
        alternatives=keys,
        matrices_solved=matrices_solved,
    )


def _scale_tol(m: np.ndarray, tol: float) -> np.ndarray:
    """Per-point absolute tolerance of the player whose payoffs are ``m`` (rows, cols, points)."""
    return player_tolerances([m], tol, grid_shape=m.shape[2:])[0]


def _two_by_two(
    a: np.ndarray,
    b: np.ndarray,
    tol: float,
    names: tuple[tuple[str, ...], tuple[str, ...]],
    outcomes: np.ndarray,
    row_payoff: np.ndarray,
    column_payoff: np.ndarray,
    ties: np.ndarray,
    keys: OutcomeKeys,
) -> np.ndarray:
    """Fill the non-degenerate points of a 2 x 2 sweep in place; return the mask of points filled."""
    margin_a = TIE_MARGIN * _scale_tol(a, tol)
    margin_b = TIE_MARGIN * _scale_tol(b, tol)
    # Row player's gains from row 0 over row 1 against each column; column player's from
    # column 0 over column 1 against each row.  Non-degenerate: none of them is (nearly) zero.
    gain_a = a[0] - a[1]  # (2 columns, size)
    gain_b = b[:, 0] - b[:, 1]  # (2 rows, size)
    clear = np.all(np.abs(gain_a) > margin_a, axis=0) & np.all(np.abs(gain_b) > margin_b, axis=0)

    pure = np.stack(
        [
            ((gain_a[j] > 0) if i == 0 else (gain_a[j] < 0)) & ((gain_b[i] > 0) if j == 0 else (gain_b[i] < 0))
            for i, j in _PURE_CELLS
        ]
    )  # (4, size)
    # Completely mixed: y0 makes the row player indifferent, x0 the column player.
    denom_a = gain_a[0] - gain_a[1]
    denom_b = gain_b[0] - gain_b[1]
    y0 = np.divide(-gain_a[1], denom_a, out=np.full_like(denom_a, -1.0), where=denom_a != 0)
    x0 = np.divide(-gain_b[1], denom_b, out=np.full_like(denom_b, -1.0), where=denom_b != 0)
    mixed = (y0 > 0) & (y0 < 1) & (x0 > 0) & (x0 < 1)

    codes = (pure * (1 << np.arange(4))[:, None]).sum(axis=0) + (mixed.astype(np.int64) << 4)
    for code in sorted(set(codes[clear].tolist())):  # not np.unique: it imports numpy.ma (45 ms)
        found = [f"{names[0][i]},{names[1][j]}" for k, (i, j) in enumerate(_PURE_CELLS) if code >> k & 1]
        if code >> 4 & 1:
            found.append(MIXED)
        at = clear & (codes == code)
        outcomes[at] = join_outcomes(found, keys)
        ties[at] = len(found) > 1

    # First equilibrium in stable order: the first pure cell, else the mixed profile.
    first = np.argmax(pure, axis=0)
    any_pure = pure.any(axis=0)
    i, j = first // 2, first % 2
    cells = np.arange(a.shape[2])
    mixed_row = y0 * a[0, 0] + (1 - y0) * a[0, 1]
    mixed_column = x0 * b[0, 0] + (1 - x0) * b[1, 0]
    row_payoff[clear] = np.where(any_pure, a[i, j, cells], mixed_row)[clear]
    column_payoff[clear] = np.where(any_pure, b[i, j, cells], mixed_column)[clear]
    return clear


SECONDS_PER_SOLVE = 1e-4
"""Fixed cost of one matrix in the one-by-one loop beyond the solver's own estimate.

Measured on a 2-core machine under load: a random 2 x 2 matrix takes about 0.11 ms through
``nash_equilibria`` and the loop's bookkeeping, of which
:func:`~negotiation_sim.solvers.nash_cost.estimate_cost` accounts for 0.05 ms; 3 x 3 to
5 x 5 took 0.15-0.46 ms, below that estimate alone (3 ms, the previous value, overestimated
one small solve 6-40 times).
"""


def estimate_solve_seconds(rows: int, cols: int) -> float:
    """Rough time to solve one ``rows x cols`` bimatrix game with ``nash_equilibria``.

    A fixed cost per call plus the Nash solver's own estimate for the method it picks at
    that size (:func:`~negotiation_sim.solvers.nash_cost.estimate_cost`).  It is only used
    to refuse sweeps that would clearly take too long; once solving has run for a second,
    the measured time per matrix replaces it.

    Parameters
    ----------
    rows, cols : int
        The game's shape.

    Returns
    -------
    float
        Estimated seconds per game.

    Examples
    --------
    >>> round(estimate_solve_seconds(2, 2) * 1e3, 2)  # milliseconds
    0.15
    >>> estimate_solve_seconds(10, 10) < estimate_solve_seconds(12, 12)
    True
    """
    from ..solvers.nash_cost import estimate_cost, use_exhaustive

    method = "exhaustive" if use_exhaustive(rows, cols) else "qhull"
    return SECONDS_PER_SOLVE + estimate_cost(rows, cols, method).seconds


def _refuse_if_slow(tables: SharedTables, shape: tuple[int, int], per_matrix: float, budget: int) -> None:
    estimate = float(tables.units.sum()) * per_matrix
    if estimate > budget:
        shared = (
            f", with the polytopes of {tables.row_tables:,} row-player and {tables.column_tables:,} column-player "
            "payoff tables enumerated once each"
            if tables.shared
            else ""
        )
        raise SolverError(
            f"solving {tables.matrices:,} distinct {shape[0]} x {shape[1]} payoff matrices one by one would take "
            f"about {_duration(estimate)} ({per_matrix * 1e3:.3g} ms for each from scratch{shared}), above the "
            f"limit of {budget} s; use fewer grid points or raise the limit with the environment variable "
            "NEGOTIATION_SIM_MAX_SWEEP_SECONDS"
        )


def _duration(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.0f} h"


def _distinct_matrices(
    a: np.ndarray,
    b: np.ndarray,
    tol: float,
    names: tuple[tuple[str, ...], tuple[str, ...]],
    points: np.ndarray,
    outcomes: np.ndarray,
    row_payoff: np.ndarray,
    column_payoff: np.ndarray,
    ties: np.ndarray,
    keys: OutcomeKeys,
) -> int:
    """Solve ``points`` with ``nash_equilibria``, once per distinct payoff matrix; return that count.

    Polytopes of tables shared by several matrices are enumerated once (:mod:`.sweep_shared`).
    """
    if points.size == 0:
        return 0
    from ..solvers.nash import nash_equilibria
    from ..solvers.polytope_cache import PolytopeCache

    rows, cols = a.shape[:2]
    stacked = np.concatenate([a[:, :, points].reshape(rows * cols, -1), b[:, :, points].reshape(rows * cols, -1)]).T
    distinct, inverse = _distinct_rows(stacked)
    counts = np.bincount(inverse, minlength=len(distinct))
    groups = np.split(points[np.argsort(inverse, kind="stable")], np.cumsum(counts)[:-1])
    tables = shared_tables(distinct[:, : rows * cols], distinct[:, rows * cols :])
    cache = PolytopeCache() if tables.shared else None
    budget = current_limits().max_sweep_seconds
    _refuse_if_slow(tables, (rows, cols), estimate_solve_seconds(rows, cols), budget)
    units_before = np.concatenate([[0.0], np.cumsum(tables.units)])  # work done before each matrix
    started = time.perf_counter()
    for done, (flat, at) in enumerate(zip(distinct, groups, strict=True)):
        elapsed = time.perf_counter() - started
        if elapsed > 1.0:  # measured cost per unit of work replaces the up-front estimate
            _refuse_if_slow(tables, (rows, cols), elapsed / float(units_before[done]), budget)
        equilibria = nash_equilibria(
            flat[: rows * cols].reshape(rows, cols), flat[rows * cols :].reshape(rows, cols), tol=tol, cache=cache
        )
        found = [
            f"{names[0][int(np.argmax(e.row))]},{names[1][int(np.argmax(e.column))]}" if e.is_pure else MIXED
            for e in equilibria
        ]
        outcomes[at] = join_outcomes(found, keys)
        ties[at] = len(equilibria) > 1
        row_payoff[at] = equilibria[0].row_payoff
        column_payoff[at] = equilibria[0].column_payoff
    return len(distinct)


def _batched(
    a: np.ndarray,
    b: np.ndarray,
    tol: float,
    names: tuple[tuple[str, ...], tuple[str, ...]],
    points: np.ndarray,
    outcomes: np.ndarray,
    row_payoff: np.ndarray,
    column_payoff: np.ndarray,
    ties: np.ndarray,
    keys: OutcomeKeys,
) -> np.ndarray:
    """Solve the small games at ``points`` all at once, in place; return the mask of points filled.

    Every distinct payoff matrix among ``points`` goes through
    :func:`~negotiation_sim.solvers.small_games.small_games`, exact and with ties, as
    :func:`~negotiation_sim.solvers.nash.nash_equilibria` solves one.  Left to the caller:
    matrices the kernel cannot certify, and those whose first equilibrium in stable order
    is decided by the probabilities (two equilibria with the same supports).
    """
    from ..solvers.small_games import small_games

    rows, cols, _ = a.shape
    filled = np.zeros(a.shape[2], dtype=bool)
    if points.size == 0:
        return filled
    stacked = np.concatenate([a[:, :, points].reshape(rows * cols, -1), b[:, :, points].reshape(rows * cols, -1)]).T
    distinct, inverse = _hashed_distinct_rows(stacked)
    ga = distinct[:, : rows * cols].T.reshape(rows, cols, -1)
    gb = distinct[:, rows * cols :].T.reshape(rows, cols, -1)
    code = np.zeros(len(distinct), dtype=np.int64)
    count = np.zeros(len(distinct), dtype=np.int64)
    first_row, first_column = np.zeros(len(distinct)), np.zeros(len(distinct))
    done = np.zeros(len(distinct), dtype=bool)
    rank_r, rank_c = _support_ranks(rows), _support_ranks(cols)
    start = 0
    for chunk in small_games(ga, gb, tol):
        at = slice(start, start + len(chunk.usable))
        start = at.stop
        n_games = len(chunk.usable)
        # The equilibria as a list of (row vertex, column vertex, game), few per game.
        # np.nonzero's indices, from the flat positions (several times faster on 3-D arrays).
        pi, rest = np.divmod(np.flatnonzero(chunk.complete), chunk.complete.shape[1] * n_games)
        pj, pg = np.divmod(rest, n_games)
        row_support, column_support = chunk.row_support[pi, pg], chunk.column_support[pj, pg]
        size_r, size_c = np.bitwise_count(row_support), np.bitwise_count(column_support)
        pure = (size_r == 1) & (size_c == 1)
        cell = np.log2(row_support.clip(1)).astype(np.int64) * cols + np.log2(column_support.clip(1)).astype(np.int64)
        pure_cells = np.zeros(n_games, dtype=np.int64)
        np.bitwise_or.at(pure_cells, pg[pure], np.left_shift(1, cell[pure]))
        mixed = np.zeros(n_games, dtype=np.int64)
        mixed[pg[~pure]] = 1
        code[at] = pure_cells | mixed << (rows * cols)
        count[at] = np.bincount(pg, minlength=n_games)
        # Stable order of nash_equilibria: total support size, row support, column support;
        # the first equilibrium of each game, and whether the next one ties with it.
        order = ((size_r + size_c) * len(rank_r) + rank_r[row_support]) * len(rank_c) + rank_c[column_support]
        ranked = np.lexsort((pi * chunk.complete.shape[1] + pj, order, pg))
        ranked_game, ranked_order = pg[ranked], order[ranked]
        starts = np.ones(len(ranked), dtype=bool)
        starts[1:] = ranked_game[1:] != ranked_game[:-1]
        tied = np.zeros(len(ranked), dtype=bool)
        tied[:-1] = ~starts[1:] & (ranked_order[1:] == ranked_order[:-1])
        first, with_first = ranked[starts], ranked_game[starts]
        i, j = np.zeros(n_games, dtype=np.intp), np.zeros(n_games, dtype=np.intp)
        i[with_first], j[with_first] = pi[first], pj[first]
        unique_first = np.zeros(n_games, dtype=bool)
        unique_first[with_first] = ~tied[starts]
        games = np.arange(n_games)  # chunk.row[:, i, games] as a take of flat positions (faster)
        x = np.take(chunk.row.reshape(rows, -1), i * n_games + games, axis=1)  # (rows, games)
        y = np.take(chunk.column.reshape(cols, -1), j * n_games + games, axis=1)
        first_row[at] = np.einsum("ig,ijg,jg->g", x, ga[:, :, at], y)
        first_column[at] = np.einsum("ig,ijg,jg->g", x, gb[:, :, at], y)
        done[at] = chunk.usable & unique_first & (count[at] > 0)
    # Each distinct outcome code named once, in increasing order (the order of ``keys``).
    values = sorted(set(code[done].tolist()))
    named = np.empty(len(values), dtype=object)
    for at_value, value in enumerate(values):
        found = [f"{names[0][k // cols]},{names[1][k % cols]}" for k in range(rows * cols) if value >> k & 1]
        if value >> (rows * cols) & 1:
            found.append(MIXED)
        named[at_value] = join_outcomes(found, keys)
    matrix = inverse[done[inverse]]  # the distinct matrix of each point solved here
    solved = points[done[inverse]]
    outcomes[solved] = named[np.searchsorted(np.array(values, dtype=np.int64), code[matrix])]
    ties[solved] = count[matrix] > 1
    row_payoff[solved] = first_row[matrix]
    column_payoff[solved] = first_column[matrix]
    filled[solved] = True
    return filled


def _distinct_rows(stacked: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct rows of a 2-D float array (in no particular order) and each row's index among them.

    Rows are compared by their bytes after adding ``0.0`` (which turns ``-0.0`` into
    ``0.0``), so equal numbers are equal rows; sorting the rows as opaque byte strings is
    several times faster than ``np.unique(..., axis=0)``, which compares them field by field.
    """
    rows = np.ascontiguousarray(stacked + 0.0)
    keys = rows.view(np.dtype((np.void, rows.dtype.itemsize * rows.shape[1]))).reshape(-1)
    _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    return rows[first], inverse.reshape(-1)


def _odd_multipliers(count: int) -> np.ndarray:
    """``count`` fixed odd 64-bit numbers (splitmix64; numpy.random would cost 10 ms of start-up)."""
    mask, state, found = 2**64 - 1, 0, []
    for _ in range(count):
        state = (state + 0x9E3779B97F4A7C15) & mask
        z = ((state ^ (state >> 30)) * 0xBF58476D1CE4E5B9) & mask
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & mask
        found.append((z ^ (z >> 31)) | 1)
    return np.array(found, dtype=np.uint64)


_ROW_HASH = _odd_multipliers(64)


def _hashed_distinct_rows(stacked: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """:func:`_distinct_rows` (the order of the distinct rows aside) by sorting one 64-bit hash per row.

    Equal rows have equal hashes, so after sorting they are neighbours; neighbours with
    equal hashes are compared in full, and a collision (different rows, equal hash) falls
    back to :func:`_distinct_rows`.  Sorting 8-byte keys is cheaper than sorting whole rows.
    """
    width = stacked.shape[1]
    if width > len(_ROW_HASH):
        return _distinct_rows(stacked)
    rows = np.ascontiguousarray(stacked + 0.0)
    words = rows.view(np.uint64)  # the bytes of each number; arithmetic below wraps modulo 2**64
    key = words[:, 0] * _ROW_HASH[0]
    for column in range(1, width):
        key += words[:, column] * _ROW_HASH[column]
    order = np.argsort(key)
    key = key[order]
    first = np.ones(len(rows), dtype=bool)
    first[1:] = key[1:] != key[:-1]
    again = np.flatnonzero(~first)
    if len(again) and not np.array_equal(words[order[again]], words[order[again - 1]]):
        return _distinct_rows(stacked)  # a collision
    inverse = np.empty(len(rows), dtype=np.intp)
    inverse[order] = np.cumsum(first) - 1
    return rows[order[first]], inverse


def _support_ranks(size: int) -> np.ndarray:
    """Rank of every support bit mask in the order of sorted index tuples (as ``nash_equilibria`` sorts)."""
    masks = range(1 << size)
    tuples = sorted(masks, key=lambda mask: tuple(k for k in range(size) if mask >> k & 1))
    ranks = np.zeros(1 << size, dtype=np.int64)
    ranks[tuples] = np.arange(1 << size)
    return ranks
