"""The flagship study, end to end: ``negotiation-sim demo``.

Solves and compares the two bundled strategies of the Japan–Russia island
negotiation, sweeps both over China's assertiveness and US–Russia tension, draws
the region maps, the comparison map, the tornado chart and both trees, and writes
a short ``summary.md`` that links the images and states the findings, and the whole
study as one self-contained page, ``report.html``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import OutputError

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["DEMO_AXES", "KEY_PARAMETERS", "ROBUSTNESS_SAMPLES", "ROBUSTNESS_SEED", "DemoResult", "run_demo"]

DEMO_AXES = ("china_threat", "us_russia_tension")
"""The two parameters of the demo's 2-D maps."""

KEY_PARAMETERS = ("no_bases_pledge", "russia_aid_value", "china_threat", "linkage_cost", "upfront_share")
"""Parameters whose thresholds the summary states."""

ROBUSTNESS_SAMPLES = 20_000
ROBUSTNESS_SEED = 20161215
ROBUSTNESS_FIXED = {"legal_barrier": 0.0}
"""Held fixed in the robustness run: the 2020 bar is a regime (its own history variant), not an uncertainty."""

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
    thresholds : tuple of str
        The thresholds stated in the summary, one per key parameter.
    robustness : tuple of str
        How robust the findings are over the declared ranges (the run, then one per finding).
    """

    folder: Path
    files: tuple[Path, ...]
    findings: tuple[str, ...]
    thresholds: tuple[str, ...] = ()
    robustness: tuple[str, ...] = ()


def run_demo(
    folder: str | os.PathLike[str],
    *,
    points: int = 101,
    samples: int = ROBUSTNESS_SAMPLES,
    step: Step | None = None,
) -> DemoResult:
    """Run the flagship study on the bundled island scenarios and write it to ``folder``.

    Parameters
    ----------
    folder : path-like
        Created if missing (its parent must exist); files the demo writes are replaced.
    points : int, optional
        Grid points per axis of the 2-D maps (default 101).
    samples : int, optional
        Monte Carlo draws of the robustness run (default 20,000; seed ``ROBUSTNESS_SEED``).
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
    import numpy as np

    from . import bundled_scenarios_dir
    from .analysis.compare import compare
    from .analysis.solve import solve
    from .analysis.sweep import grid_values, sweep
    from .analysis.threshold import threshold
    from .analysis.tornado import tornado
    from .analysis.uncertainty import uncertainty
    from .plotting import plot_comparison_map, plot_region_map, plot_tornado, plot_tree, save_figure
    from .report import (
        demo_findings,
        demo_summary,
        format_comparison,
        robustness_findings,
        threshold_findings,
        write_json,
        write_sweep_csv,
        write_text,
    )
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

    def save(fig: Figure, name: str) -> None:
        save_figure(fig, out / name)
        written.append(out / name)

    report("comparing the two strategies at the defaults")
    comparison = compare([territory_first, new_approach])
    write_text(out / "comparison.md", format_comparison(comparison, "markdown"))
    write_json(out / "comparison.json", comparison.to_dict())
    written += [out / "comparison.md", out / "comparison.json"]

    report(f"sweeping both strategies over {DEMO_AXES[0]} x {DEMO_AXES[1]}")
    axes = {name: grid_values(new_approach, name, points=points) for name in DEMO_AXES}
    grid = sweep([territory_first, new_approach], vary=axes)
    write_sweep_csv(grid, out / "sweep.csv")
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

    report("locating the thresholds of the key parameters")
    pair = [territory_first, new_approach]
    changes = []
    for name in KEY_PARAMETERS:
        changes += [
            threshold(pair, name, player="japan"),
            threshold(territory_first, name),
            threshold(new_approach, name),
        ]
    write_json(out / "thresholds.json", [result.to_record() for result in changes])
    written.append(out / "thresholds.json")

    report(f"how robust the findings are ({samples:,} random draws)")
    robust = uncertainty(
        pair, samples=samples, seed=ROBUSTNESS_SEED, overrides=ROBUSTNESS_FIXED, player="japan", sobol=False
    )
    write_json(out / "robustness.json", robust.to_record())
    written.append(out / "robustness.json")

    report("writing report.html (the whole study on one page)")
    from .study_report import build_report, write_report

    vary = {name: (float(axes[name][0]), float(axes[name][-1]), points) for name in DEMO_AXES}
    page = build_report([territory_first, new_approach], command="negotiation-sim demo", vary=vary, points=points)
    written += write_report(page, out / "report.html")

    report("writing the summary")
    difference = grid.payoffs[1]["japan"] - grid.payoffs[0]["japan"]
    share_better = float((difference > 1e-9).mean())
    share_worse = float((difference < -1e-9).mean())
    at_defaults = []
    for outcomes, solution in zip(grid.outcomes, (tf_solution, na_solution), strict=True):
        reached = set(solution.outcomes)
        keys = [key for key, ids in grid.outcome_alternatives.items() if set(ids) == reached]
        at_defaults.append(float(np.isin(outcomes, keys).mean()))
    coop_japan = float(new_approach.evaluate().values["coop_japan"])
    findings = demo_findings(
        territory_first=tf_solution,
        new_approach=na_solution,
        coop_japan=coop_japan,
        share_better=share_better,
        share_worse=share_worse,
        share_at_defaults=(at_defaults[0], at_defaults[1]),
        axes=DEMO_AXES,
        points=points,
        bars=bars,
    )
    thresholds = threshold_findings(changes)
    robustness = robustness_findings(robust, [tf_solution, na_solution], "japan")
    command = (
        "negotiation-sim uncertainty scenarios/islands/territory_first.yaml scenarios/islands/new_approach.yaml "
        f"--samples {samples} --seed {ROBUSTNESS_SEED} --player japan --no-sobol "
        + " ".join(f"--set {k}={v:g}" for k, v in ROBUSTNESS_FIXED.items())
    )
    summary = demo_summary(findings, comparison, thresholds=thresholds, robustness=robustness, command=command)
    write_text(out / "summary.md", summary)
    written.append(out / "summary.md")
    return DemoResult(
        folder=out,
        files=tuple(written),
        findings=tuple(findings),
        thresholds=tuple(thresholds),
        robustness=tuple(robustness),
    )
