"""Figures of scenarios and analyses, built on :class:`matplotlib.figure.Figure`.

Every plotting function takes ``ax=None``: given an axes it draws into it, otherwise it
creates a new figure with one axes; either way it returns the figure.  Nothing here
imports :mod:`matplotlib.pyplot`, so no global figure state is created; save a figure
with :func:`save_figure` (or ``figure.savefig``).  In Jupyter, run ``%matplotlib inline``
once so that a figure left as the last expression of a cell is drawn (or call
``IPython.display.display(fig)``).

Colours are colour-blind safe: Okabe–Ito for outcomes and players, a red–blue diverging
palette for payoff differences.  The maps of one study share one palette
(:func:`outcome_palette`), so an outcome has the same colour in each of them.
"""

from __future__ import annotations

import os
from pathlib import Path

from matplotlib.figure import Figure

from ..errors import OutputError
from ..output import write_atomically
from ._style import outcome_palette
from .facets import plot_facets
from .regions import plot_comparison_map, plot_region_map, plot_sweep_1d
from .svg import figure_svg
from .sweep import plot_sweep
from .threshold import mark_boundaries, mark_sweep_thresholds, mark_thresholds
from .tornado import plot_tornado
from .tree import plot_tree
from .uncertainty import plot_outcome_probabilities, plot_payoff_difference, plot_sobol, plot_uncertainty

__all__ = [
    "FIGURE_FORMATS",
    "figure_svg",
    "mark_boundaries",
    "mark_sweep_thresholds",
    "mark_thresholds",
    "outcome_palette",
    "plot_comparison_map",
    "plot_facets",
    "plot_outcome_probabilities",
    "plot_payoff_difference",
    "plot_region_map",
    "plot_sweep",
    "plot_sobol",
    "plot_sweep_1d",
    "plot_tornado",
    "plot_tree",
    "plot_uncertainty",
    "save_figure",
]

FIGURE_FORMATS = ("png", "svg", "pdf")
"""File extensions :func:`save_figure` writes."""


def save_figure(figure: Figure, path: str | os.PathLike[str], *, dpi: float = 150) -> None:
    """Write a figure to a PNG, SVG or PDF file chosen by the file's extension.

    The figure is written to a temporary file in the same folder and then moved into
    place, so a reader never sees a half-written file.

    Parameters
    ----------
    figure : matplotlib.figure.Figure
    path : path-like
        Ends in ``.png``, ``.svg`` or ``.pdf`` (any case); its folder must exist.
    dpi : float, optional
        Resolution of PNG files.

    Raises
    ------
    OutputError
        For another extension, a folder that does not exist, or a file that cannot be
        written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from matplotlib.figure import Figure
    >>> fig = Figure()
    >>> _ = fig.add_subplot().plot([0, 1], [1, 0])
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     save_figure(fig, pathlib.Path(folder) / "line.svg")
    ...     print(sorted(p.name for p in pathlib.Path(folder).iterdir()))
    ['line.svg']
    """
    target = Path(path)
    extension = target.suffix.lower().lstrip(".")
    if extension not in FIGURE_FORMATS:
        found = f"'.{extension}'" if extension else "no extension"
        raise OutputError(
            f"cannot write {target}: unknown figure format ({found}); use a file name ending in "
            + ", ".join(f".{f}" for f in FIGURE_FORMATS)
        )
    write_atomically(target, lambda stream: figure.savefig(stream, format=extension, dpi=dpi), binary=True)
