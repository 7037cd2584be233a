"""negotiation-sim: game-theory simulation of negotiations.

The public API is imported lazily, so ``import negotiation_sim`` (and the CLI's
``--help``) stays fast and never pulls in matplotlib, scipy or nashpy.

>>> import negotiation_sim as ns
>>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "stag_hunt.yaml")
>>> sc.title
'Stag hunt'
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_LAZY = {
    "load_scenario": "negotiation_sim.scenario.loader",
    "parse_scenario": "negotiation_sim.scenario.loader",
    "Scenario": "negotiation_sim.scenario.schema",
    "Evaluation": "negotiation_sim.scenario.evaluation",
    "parse_overrides": "negotiation_sim.scenario.evaluation",
    "NormalFormGame": "negotiation_sim.games",
    "GameTree": "negotiation_sim.games",
    "SolverResult": "negotiation_sim.solvers.result",
    "NegotiationSimError": "negotiation_sim.errors",
    "ScenarioError": "negotiation_sim.errors",
    "SolverError": "negotiation_sim.errors",
    "OutputError": "negotiation_sim.errors",
    "Problem": "negotiation_sim.errors",
    "ParameterRangeWarning": "negotiation_sim.errors",
    "DEFAULT_TOL": "negotiation_sim.tolerance",
    "solve": "negotiation_sim.analysis.solve",
    "Solution": "negotiation_sim.analysis.solve",
    "Equilibrium": "negotiation_sim.analysis.solve",
    "compare": "negotiation_sim.analysis.compare",
    "Comparison": "negotiation_sim.analysis.compare",
    "sweep": "negotiation_sim.analysis.sweep",
    "SweepResult": "negotiation_sim.analysis.sweep",
    "tornado": "negotiation_sim.analysis.tornado",
    "TornadoResult": "negotiation_sim.analysis.tornado",
    "threshold": "negotiation_sim.analysis.threshold",
    "ThresholdResult": "negotiation_sim.analysis.threshold",
    "uncertainty": "negotiation_sim.analysis.uncertainty",
    "UncertaintyResult": "negotiation_sim.analysis.uncertainty",
    "nash_equilibria": "negotiation_sim.solvers.nash",
    "MixedEquilibrium": "negotiation_sim.solvers.nash",
}

__all__ = ["__version__", "bundled_scenarios_dir", *_LAZY]

if TYPE_CHECKING:  # pragma: no cover
    from .analysis.compare import Comparison, compare  # noqa: F401
    from .analysis.solve import Equilibrium, Solution, solve  # noqa: F401
    from .analysis.sweep import SweepResult, sweep  # noqa: F401
    from .analysis.threshold import ThresholdResult, threshold  # noqa: F401
    from .analysis.tornado import TornadoResult, tornado  # noqa: F401
    from .analysis.uncertainty import UncertaintyResult, uncertainty  # noqa: F401
    from .errors import (  # noqa: F401
        NegotiationSimError,
        OutputError,
        ParameterRangeWarning,
        Problem,
        ScenarioError,
        SolverError,
    )
    from .games import GameTree, NormalFormGame  # noqa: F401
    from .scenario.evaluation import Evaluation, parse_overrides  # noqa: F401
    from .scenario.loader import load_scenario, parse_scenario  # noqa: F401
    from .scenario.schema import Scenario  # noqa: F401
    from .solvers.nash import MixedEquilibrium, nash_equilibria  # noqa: F401
    from .solvers.result import SolverResult  # noqa: F401
    from .tolerance import DEFAULT_TOL  # noqa: F401


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'negotiation_sim' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


def bundled_scenarios_dir() -> Path:
    """Return the folder of the scenarios that ship with negotiation-sim.

    Returns
    -------
    pathlib.Path
        ``negotiation_sim/scenarios`` inside an installed wheel, or the repository's
        ``scenarios/`` folder in a source checkout.

    Examples
    --------
    >>> (bundled_scenarios_dir() / "textbook").is_dir()
    True
    """
    here = Path(__file__).resolve().parent
    installed = here / "scenarios"
    if installed.is_dir():
        return installed
    return here.parent.parent / "scenarios"
