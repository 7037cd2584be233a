"""Where the sizing-up game pools or separates, over p_needy x china_threat (docs/explanation/island-model.md).

The sweep machinery runs backward induction, which needs perfect information, so the map is a
grid of exact perfect Bayesian equilibrium solves (``pbe_solve``, a few milliseconds each). Each
grid point is labelled by the set of its equilibria, each equilibrium described by its kind,
what each type of Japan delivers up front and what Russia offers after the shares Japan
delivers. ``p_needy`` stays inside (0, 1): at 0 or 1 one type never occurs and every
equilibrium is trivially pooling. ``test_sizing_up_map.py`` imports it; running it draws the map
and prints the region boundaries quoted in the docs::

    PYTHONPATH=src python tests/islands/sizing_up_map.py docs/images/sizing_up_regions.png
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

import numpy as np

import negotiation_sim as ns
from negotiation_sim.solvers.pbe import pbe_solve
from negotiation_sim.solvers.pbe_result import PerfectBayesianEquilibrium

SIZING_UP = ns.bundled_scenarios_dir() / "islands" / "sizing_up.yaml"
OFFER = {"none": "no offer", "two_first": "two islands first"}


def describe(e: PerfectBayesianEquilibrium) -> str:
    """One equilibrium in words: who delivers what, and Russia's offer after it."""
    japan, russia = e.strategies["japan"], e.strategies["russia"]
    needy, resolute = japan["japan_needy_upfront"], japan["japan_resolute_upfront"]
    if needy == resolute:
        return f"pool on {needy}, {OFFER[russia[f'after_{needy}']]}"
    return (
        f"separate: needy {needy} ({OFFER[russia[f'after_{needy}']]}), "
        f"resolute {resolute} ({OFFER[russia[f'after_{resolute}']]})"
    )


def label(p_needy: float, china_threat: float, scenario: ns.Scenario | None = None) -> str:
    """The equilibria at one point: their descriptions, distinct, sorted, joined by " or "."""
    scenario = scenario or ns.load_scenario(SIZING_UP)
    found = pbe_solve(scenario.evaluate({"p_needy": p_needy, "china_threat": china_threat})).equilibria
    return " or ".join(sorted({describe(e) for e in found})) or "no pure equilibrium"


def region_labels(p_values: Sequence[float], c_values: Sequence[float]) -> np.ndarray:
    """Labels on the grid, shape ``(len(p_values), len(c_values))``."""
    scenario = ns.load_scenario(SIZING_UP)
    return np.array([[label(float(p), float(c), scenario) for c in c_values] for p in p_values], dtype=object)


def grid(n: int = 99) -> tuple[np.ndarray, np.ndarray]:
    """``p_needy`` strictly inside (0, 1) and ``china_threat`` over [0, 1]."""
    return np.linspace(0.01, 0.99, n), np.linspace(0.0, 1.0, n)


def draw(path: str, n: int = 99) -> dict[str, int]:
    """Draw the map to ``path``; return each label's number of grid points."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch

    p_values, c_values = grid(n)
    labels = region_labels(p_values, c_values)
    kinds = sorted(set(labels.ravel()), key=lambda s: (s.count(" or "), s))
    colours = ["#cfe1f2", "#f4a582", "#92c5de", "#b2abd2", "#fddbc7", "#d9d9d9"][: len(kinds)]
    index = np.vectorize(kinds.index)(labels)
    figure, ax = plt.subplots(figsize=(8.5, 5.6), layout="constrained")
    ax.pcolormesh(c_values, p_values, index, cmap=ListedColormap(colours), vmin=-0.5, vmax=len(kinds) - 0.5)
    default = ns.load_scenario(SIZING_UP).parameters
    ax.plot([default["china_threat"].value], [default["p_needy"].value], marker="*", color="black", markersize=12)
    ax.set_xlabel("china_threat (China's assertiveness)")
    ax.set_ylabel("p_needy (Russia's prior that Japan cannot walk away)")
    ax.set_title("Sizing up: pure perfect Bayesian equilibria (all pass the Intuitive Criterion)", fontsize=10)
    handles = [Patch(color=c, label=k) for c, k in zip(colours, kinds, strict=True)]
    handles.append(plt.Line2D([], [], marker="*", color="black", linestyle="none", label="defaults"))
    figure.legend(handles=handles, loc="outside lower center", fontsize=8, frameon=False, ncols=1)
    figure.savefig(path, dpi=110)
    plt.close(figure)
    return {k: int((labels == k).sum()) for k in kinds}


def boundaries(labels: np.ndarray, p_values: np.ndarray, c_values: np.ndarray) -> dict[str, tuple[float, ...]]:
    """For each label, the ranges of china_threat and p_needy where it occurs (grid values)."""
    out = {}
    for k in sorted(set(labels.ravel())):
        rows, cols = np.nonzero(labels == k)
        out[k] = (c_values[cols].min(), c_values[cols].max(), p_values[rows].min(), p_values[rows].max())
    return out


if __name__ == "__main__":
    counts = draw(sys.argv[1] if len(sys.argv) > 1 else "sizing_up_regions.png")
    p_values, c_values = grid()
    found = boundaries(region_labels(p_values, c_values), p_values, c_values)
    for k, n in counts.items():
        c0, c1, p0, p1 = found[k]
        print(f"{n:5d} points  china_threat {c0:.3f}..{c1:.3f}  p_needy {p0:.3f}..{p1:.3f}  {k}")
