"""The flagship study, end to end: ``negotiation-sim demo``.

Solves and compares the two bundled strategies of the Japan–Russia island
negotiation, sweeps both over China's assertiveness and US–Russia tension, draws
the region maps, the comparison map, the tornado chart and both trees, and writes
a short ``summary.md`` that links the images and states the findings.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .errors import OutputError

__all__ = ["DEMO_AXES", "DemoResult", "run_demo"]

DEMO_AXES = ("china_threat", "us_russia_tension")
"""The two parameters of the demo's 2-D maps."""

Step = Callable[[str], None]


@dataclass(frozen=True, slots=True, kw_only=True)
class DemoResult:
    """What :func:`run_demo` wrote.

    Attributes
    ----------
    folder : pathlib.Path
    files : tuple of pathlib.Path
        Every file written, ``summary.md`` last.
    findings : tuple of str
        The findings stated in the summary.
    """

    folder: Path
    files: tuple[Path, ...]
    findings: tuple[str, ...]


def run_demo(folder: str | os.PathLike[str], *, points: int = 101, step: Step | None = None) -> DemoResult:
    """Run the flagship study on the bundled island scenarios and write it to ``folder``.

    Parameters
    ----------
    folder : path-like
        Created if missing (its parent must exist); files the demo writes are replaced.
    points : int, optional
        Grid points per axis of the 2-D maps (default 101).
    step : callable, optional
        Called with a short description before each step (for progress bars).

    Returns
    -------
    DemoResult

    Raises
    ------
    OutputError
        If the folder cannot be created or a file cannot be written.
    """
    from . import bundled_scenarios_dir
    from .analysis.compare import compare, format_comparison
    from .analysis.solve import solve
    from .analysis.sweep import grid_values, sweep
    from .analysis.tornado import tornado
    from .output import write_text
    from .plotting import plot_comparison_map, plot_region_map, plot_tornado, plot_tree, save_figure
    from .report import number, to_json
    from .scenario.loader import load_scenario

    report = step or (lambda _message: None)
    out = Path(folder)
    if out.exists() and not out.is_dir():
        raise OutputError(f"cannot write the demo into {out}: it is a file, not a folder")
    if not out.parent.is_dir():
        raise OutputError(f"cannot create {out}: the folder {out.parent} does not exist")
    try:
        out.mkdir(exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create {out}: {exc.strerror or exc}") from exc
    islands = bundled_scenarios_dir() / "islands"
    territory_first = load_scenario(islands / "territory_first.yaml")
    new_approach = load_scenario(islands / "new_approach.yaml")
    written: list[Path] = []

    def save(fig, name: str) -> None:
        save_figure(fig, out / name)
        written.append(out / name)

    report("comparing the two strategies at the defaults")
    comparison = compare([territory_first, new_approach])
    write_text(out / "comparison.md", format_comparison(comparison, "markdown"))
    write_text(out / "comparison.json", to_json(comparison.to_dict()) + "\n")
    written += [out / "comparison.md", out / "comparison.json"]

    report(f"sweeping both strategies over {DEMO_AXES[0]} x {DEMO_AXES[1]}")
    axes = {name: grid_values(new_approach, name, points=points) for name in DEMO_AXES}
    grid = sweep([territory_first, new_approach], vary=axes)
    grid.to_csv(out / "sweep.csv")
    written.append(out / "sweep.csv")

    report("drawing the region maps and the comparison map")
    save(plot_region_map(grid, scenario=0), "regions_territory_first.png")
    save(plot_region_map(grid, scenario=1), "regions_new_approach.png")
    save(plot_comparison_map(grid, "japan"), "comparison_map_japan.png")

    report("one-at-a-time sensitivity (tornado)")
    bars = tornado(territory_first, new_approach, "japan")
    save(plot_tornado(bars), "tornado_japan.png")

    report("drawing both game trees")
    tf_solution = solve(territory_first)
    na_solution = solve(new_approach)
    save(plot_tree(territory_first, tf_solution), "tree_territory_first.png")
    save(plot_tree(new_approach, na_solution), "tree_new_approach.png")

    report("writing the summary")
    difference = grid.payoffs[1]["japan"] - grid.payoffs[0]["japan"]
    share_better = float((difference > 1e-9).mean())
    na_first = na_solution.equilibria[0]
    top = bars.bars[0] if bars.bars else None
    tf_first = tf_solution.equilibria[0]
    japan_na = comparison.solutions[1].equilibria[0].payoffs["japan"]
    japan_tf = comparison.solutions[0].equilibria[0].payoffs["japan"]
    coop_japan = float(new_approach.evaluate().values["coop_japan"])
    offer = na_first.strategies["russia"].get("offer", "none")
    findings = [
        f"At the defaults Japan gets {number(japan_na)} under the new approach against {number(japan_tf)} "
        f"under territory-first; the new approach ends in {_outcome(new_approach, na_first)}, territory-first "
        f"in {_outcome(territory_first, tf_first)}.",
        "Equilibrium path of the new approach: "
        + " → ".join(na_first.path or ())
        + ". "
        + (
            f"Russia offers {offer}: Japan values cooperation with Russia at {number(coop_japan)} "
            "(coop_japan > 0, the China motive), so its threat to walk away after a refusal is not credible "
            "— the hold-up."
            if offer == "none" and coop_japan > 0
            else f"Russia offers {offer}."
        ),
        f"Over the {points} × {points} grid of {DEMO_AXES[0]} × {DEMO_AXES[1]}, the new approach pays Japan "
        f"more than territory-first on {share_better:.0%} of the points.",
    ]
    if top is not None:
        findings.append(
            f"The comparison is most sensitive to {top.label or top.parameter}: across its range Japan's "
            f"payoff difference (new approach − territory-first) moves between {number(top.minimum)} and "
            f"{number(top.maximum)} (baseline {number(bars.baseline)})."
        )
    summary = _summary(findings, comparison, format_comparison)
    write_text(out / "summary.md", summary)
    written.append(out / "summary.md")
    return DemoResult(folder=out, files=tuple(written), findings=tuple(findings))


def _outcome(scenario, equilibrium) -> str:
    return " or ".join(scenario.game.label_of(o).lower() for o in equilibrium.outcomes)


def _summary(findings: list[str], comparison, format_comparison) -> str:
    lines = [
        "# The island negotiation: new approach vs territory-first",
        "",
        "Generated by `negotiation-sim demo` from the bundled scenarios `islands/territory_first.yaml` "
        "and `islands/new_approach.yaml` (see them with `negotiation-sim show territory_first` and "
        "`negotiation-sim show new_approach`).",
        "",
        "## Findings",
        "",
        *(f"- {f}" for f in findings),
        "",
        "## The comparison at the defaults",
        "",
        format_comparison(comparison, "markdown").strip(),
        "",
        "## Where each strategy leads",
        "",
        "Outcome regions over China's assertiveness and US–Russia tension (the default point is marked):",
        "",
        "![Territory-first regions](regions_territory_first.png)",
        "![New approach regions](regions_new_approach.png)",
        "",
        "Japan's payoff under the new approach minus territory-first (zero contour drawn):",
        "",
        "![Comparison map for Japan](comparison_map_japan.png)",
        "",
        "## Which parameters matter",
        "",
        "![Tornado chart for Japan](tornado_japan.png)",
        "",
        "## The game trees (equilibrium path highlighted)",
        "",
        "![Territory-first tree](tree_territory_first.png)",
        "![New approach tree](tree_new_approach.png)",
        "",
        "Data: `sweep.csv` (every grid point, both strategies), `comparison.json`.",
        "The model and its limits are explained in the project's documentation "
        "(docs/explanation/island-model.md in the source repository).",
        "",
    ]
    return "\n".join(lines)
