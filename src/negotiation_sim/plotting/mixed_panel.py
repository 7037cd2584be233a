"""The second panel of a 1-D sweep of a matrix game: the mixed equilibrium's probabilities.

A sweep records outcomes and the first equilibrium's payoffs, which for a matrix game
with a mixed equilibrium is often a flat line; what moves with the parameter is how the
players randomise.  :func:`mixed_probabilities` solves the game at every grid point
(``ns.solve`` with the sweep's overrides) and :func:`draw_mixed_panel` plots, for each
player, the probability of every strategy but the last (the last is one minus the rest).
"""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes

from ..analysis.solve import solve
from ..analysis.sweep import SweepResult
from ..errors import ScenarioError, SolverError

__all__ = ["draw_mixed_panel", "mixed_probabilities"]


def mixed_probabilities(result: SweepResult, scenario: int = 0) -> dict[tuple[str, str], np.ndarray]:
    """The first mixed Nash equilibrium's probabilities at every point of a 1-D sweep.

    Parameters
    ----------
    result : SweepResult
        A 1-D sweep of a matrix game.
    scenario : int, optional
        Which scenario of the sweep.

    Returns
    -------
    dict
        ``(player, strategy)`` -> array over the grid of the probability of that strategy in
        the first equilibrium in which some player randomises (NaN where there is none);
        empty when no point has a mixed equilibrium.

    Examples
    --------
    >>> import negotiation_sim as ns
    >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "chicken.yaml")
    >>> probs = mixed_probabilities(ns.sweep(sc, {"crash_cost": [10, 20]}))
    >>> probs[("driver_a", "swerve")].round(3).tolist()
    [0.9, 0.95]
    """
    sc = result.scenarios[scenario]
    name = result.varied[0]
    axis = np.asarray(result.axes[0], dtype=float)
    found: dict[tuple[str, str], np.ndarray] = {}
    for k, value in enumerate(axis):
        try:
            solution = solve(sc, {**result.overrides, name: float(value)}, "nash")
        except (ScenarioError, SolverError):
            continue  # an invalid point: no probabilities there
        mixed = next(
            (e for e in solution.equilibria if any(0 < q < 1 for s in e.strategies.values() for q in s.values())),
            None,
        )
        if mixed is None:
            continue
        for player, strategy in mixed.strategies.items():
            for name_s, q in list(strategy.items())[:-1]:
                found.setdefault((player, name_s), np.full(axis.shape, np.nan))[k] = float(q)
    return found


def draw_mixed_panel(ax: Axes, result: SweepResult, probabilities: dict[tuple[str, str], np.ndarray]) -> None:
    """Plot :func:`mixed_probabilities` into ``ax`` (probability 0 to 1 over the sweep axis).

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    result : SweepResult
        The 1-D sweep the probabilities belong to.
    probabilities : dict
        From :func:`mixed_probabilities`.
    """
    sc = result.scenarios[0]
    x = np.asarray(result.axes[0], dtype=float)
    for k, ((player, strategy), values) in enumerate(probabilities.items()):
        ax.plot(
            x,
            values,
            linewidth=2,
            linestyle=("-", "--", ":", "-.")[k % 4],
            label=f"{sc.player_label(player)} plays {strategy}",
            gid=f"mixed:{player}:{strategy}",
        )
    ax.set_ylim(-0.03, 1.03)
    ax.set_ylabel("Probability in the\nmixed equilibrium")
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    # Kept as an artist: the outcome legend drawn under this panel replaces the axes' legend.
    ax.add_artist(ax.legend(loc="best", fontsize=8, title="Mixed equilibrium", title_fontsize=8))
