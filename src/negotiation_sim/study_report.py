"""A study of any scenario or pair as one page: ``negotiation-sim report`` (and ``demo``'s ``report.html``).

Runs :func:`~negotiation_sim.analysis.study.run_study`, draws its figures with the
plotting functions (as SVG), lays them out with :func:`~negotiation_sim.report.study.study_page`
and writes the page as self-contained HTML or as Markdown with the figures beside it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from .errors import OutputError

__all__ = ["REPORT_TYPES", "build_report", "draw_study", "figure_folder", "write_report"]

REPORT_TYPES = (".html", ".md")
"""File types :func:`write_report` writes."""

TORNADO_BARS = 12
"""Most bars of a tornado chart in a report (the widest)."""

Step = Callable[[str], None]


def build_report(
    scenarios: Sequence[Any],
    *,
    command: str,
    overrides: Mapping[str, float] | None = None,
    vary: Mapping[str, Any] | None = None,
    players: Sequence[str] | None = None,
    points: int = 101,
    samples: int | None = None,
    seed: int = 0,
    step: Step | None = None,
) -> Any:
    """Run a study of one scenario or a pair and lay it out as a page.

    Parameters
    ----------
    scenarios : sequence of Scenario
        One, or two to compare (B − A).
    command : str
        The command line to print at the end of the page.
    overrides, vary, players, points, samples, seed
        As in :func:`~negotiation_sim.analysis.study.run_study`.
    step : callable, optional
        Called with a short description before each step (for progress bars).

    Returns
    -------
    Page

    Raises
    ------
    ScenarioError
        As :func:`~negotiation_sim.analysis.study.run_study`.

    Examples
    --------
    >>> import negotiation_sim as ns
    >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "stag_hunt.yaml")
    >>> page = build_report([sc], command="negotiation-sim report stag_hunt", points=5)
    >>> page.title, [s.id for s in page.sections][:3]
    ('Stag hunt', ['findings', 'solutions', 'changes'])
    """
    from . import __version__
    from .analysis.study import run_study
    from .report.study import study_page

    report = step or (lambda _message: None)
    report("solving, scanning and sweeping")
    study = run_study(
        scenarios, overrides=overrides, vary=vary, players=players, points=points, samples=samples, seed=seed
    )
    report("drawing the figures")
    figures = draw_study(study)
    report("writing the page")
    return study_page(study, figures, command=command, version=__version__)


def draw_study(study: Any) -> dict[str, str]:
    """Draw every figure of a study as SVG text, keyed by the names that ``study_page`` expects.

    Parameters
    ----------
    study : Study

    Returns
    -------
    dict
        ``tree-K`` for each game tree, ``regions-K`` for each scenario's map (2-D) or payoff
        curves (1-D), and for a pair ``comparison-PLAYER`` (2-D maps only) and ``tornado-PLAYER``;
        ``uncertainty`` with a Monte Carlo run.  Exact change points are drawn on the maps.
    """
    from .plotting import (
        figure_svg,
        mark_thresholds,
        outcome_palette,
        plot_comparison_map,
        plot_region_map,
        plot_sweep_1d,
        plot_tornado,
        plot_tree,
        plot_uncertainty,
    )

    def marked(figure: Any, **where: Any) -> Any:
        # The exact change points of each varied parameter: x for the first, y for the second.
        for axis, name in zip("xy", maps.varied, strict=False):
            result = study.threshold_for(name, **where)
            if result is not None:
                mark_thresholds(figure.axes[0], result, axis=axis)
        return figure_svg(figure)

    from .scenario.schema import ExtensiveGame

    figures: dict[str, str] = {}
    for k, scenario in enumerate(study.scenarios):
        if isinstance(scenario.game, ExtensiveGame):
            figures[f"tree-{k}"] = figure_svg(plot_tree(scenario, study.path_solution(k)))
    maps = study.maps
    # One colour per outcome across the maps and the uncertainty figure of the report.
    colours = outcome_palette([run for run in (maps, study.uncertainty) if run is not None])
    if maps is not None:
        draw = plot_region_map if len(maps.varied) == 2 else plot_sweep_1d
        for k in range(len(study.scenarios)):
            figures[f"regions-{k}"] = marked(draw(maps, scenario=k, colours=colours), scenario=k)
        if len(maps.varied) == 2 and len(study.scenarios) == 2:
            for player in study.players:
                figures[f"comparison-{player}"] = marked(plot_comparison_map(maps, player), player=player)
    for result in study.tornados:
        figures[f"tornado-{result.player}"] = figure_svg(plot_tornado(result, max_bars=TORNADO_BARS))
    if study.uncertainty is not None:
        figures["uncertainty"] = figure_svg(plot_uncertainty(study.uncertainty, colours=colours))
    return figures


def figure_folder(path: str | os.PathLike[str]) -> Path:
    """The folder of a Markdown report's figures: ``report_figures/`` beside ``report.md``.

    Parameters
    ----------
    path : path-like

    Returns
    -------
    pathlib.Path

    Examples
    --------
    >>> figure_folder("out/report.md").as_posix()
    'out/report_figures'
    """
    target = Path(path)
    return target.with_name(f"{target.stem}_figures")


def write_report(page: Any, path: str | os.PathLike[str]) -> list[Path]:
    """Write a page as HTML (one self-contained file) or Markdown (plus a folder of SVG figures).

    Parameters
    ----------
    page : Page
    path : path-like
        Ends in ``.html`` or ``.md``; its folder must exist.

    Returns
    -------
    list of pathlib.Path
        Every file written, the page last.

    Raises
    ------
    OutputError
        For another file type, or a file that cannot be written.
    """
    from .report import write_text
    from .report.html import render_html
    from .report.markdown import render_markdown

    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in REPORT_TYPES:
        raise OutputError(f"cannot write {target}: a report is .html or .md, not '{suffix or 'no extension'}'")
    if suffix == ".html":
        write_text(target, render_html(page))
        return [target]
    folder = figure_folder(target)
    written: list[Path] = []
    figures = page.figures()
    if figures:
        try:
            folder.mkdir(exist_ok=True)
        except OSError as exc:
            raise OutputError(f"cannot create {folder}: {exc.strerror or exc}") from exc
        for figure in figures:
            write_text(folder / f"{figure.name}.svg", figure.svg)
            written.append(folder / f"{figure.name}.svg")
    write_text(target, render_markdown(page, folder.name))
    written.append(target)
    return written
