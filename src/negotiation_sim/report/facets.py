"""A :class:`~negotiation_sim.analysis.grid_runs.FacetedSweep` as a summary, CSV and JSON."""

from __future__ import annotations

import os

from ..analysis.grid_runs import FacetedSweep
from ..numbers import number
from .files import write_csv, write_json
from .sweep import sweep_summary

__all__ = ["facets_summary", "write_facets_data"]


def facets_summary(faceted: FacetedSweep) -> str:
    """The sweep summary of each facet, under a heading naming the facet value.

    Parameters
    ----------
    faceted : FacetedSweep

    Returns
    -------
    str
        Without a trailing newline.

    Examples
    --------
    >>> import negotiation_sim as ns
    >>> from negotiation_sim.analysis.grid_runs import sweep_facets
    >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "chicken.yaml")
    >>> text = facets_summary(sweep_facets(sc, {"win": [1, 2], "crash_cost": [10, 20], "humiliation": [1, 3]}))
    >>> text.splitlines()[0]
    'Facets: humiliation = 1, 3 (one sweep each)'
    """
    values = ", ".join(number(v) for v in faceted.values.tolist())
    lines = [f"Facets: {faceted.facet} = {values} (one sweep each)"]
    for value, result in zip(faceted.values.tolist(), faceted.sweeps, strict=True):
        lines += ["", f"== {faceted.facet} = {number(value)} ==", sweep_summary(result)]
    return "\n".join(lines)


def write_facets_data(faceted: FacetedSweep, path: str | os.PathLike[str]) -> None:
    """Write every point of every facet: CSV rows (``.csv``) or one JSON object (``.json``).

    The JSON object has ``facet``, ``values``, ``varied``, ``columns`` and ``rows``.

    Parameters
    ----------
    faceted : FacetedSweep
    path : path-like

    Raises
    ------
    OutputError
        If the file cannot be written.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> import negotiation_sim as ns
    >>> from negotiation_sim.analysis.grid_runs import sweep_facets
    >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "chicken.yaml")
    >>> faceted = sweep_facets(sc, {"win": [1], "crash_cost": [10], "humiliation": [1, 3]})
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     write_facets_data(faceted, pathlib.Path(folder) / "rows.csv")
    ...     print((pathlib.Path(folder) / "rows.csv").read_text().splitlines()[0])
    win,crash_cost,humiliation,scenario,outcome,payoff_driver_a,payoff_driver_b,ties,valid
    """
    if str(path).lower().endswith(".json"):
        write_json(
            path,
            {
                "facet": faceted.facet,
                "values": faceted.values.tolist(),
                "varied": list(faceted.sweeps[0].varied),
                "columns": faceted.columns(),
                "rows": faceted.rows(),
            },
        )
    else:
        write_csv(path, faceted.rows(), faceted.columns())
