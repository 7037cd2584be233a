"""A :class:`~negotiation_sim.analysis.sweep.SweepResult` as a summary table, CSV, JSON and Excel."""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Sequence

from ..analysis.boundaries import MapBoundaries
from ..analysis.sweep import SweepResult
from .files import rounded, write_csv, write_text, write_xlsx
from .tables import table

__all__ = ["boundaries_summary", "sweep_summary", "write_sweep_csv", "write_sweep_json", "write_sweep_xlsx"]


def sweep_summary(result: SweepResult) -> str:
    """How much of the grid each equilibrium outcome covers, scenario by scenario.

    Parameters
    ----------
    result : SweepResult

    Returns
    -------
    str
        A heading line naming the grid, then one table per scenario; no trailing newline.

    Examples
    --------
    >>> import negotiation_sim as ns
    >>> from negotiation_sim.analysis.sweep import sweep
    >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "ultimatum.yaml")
    >>> print(sweep_summary(sweep(sc, {"pie": [10, 12]})).splitlines()[0])
    Sweep over pie 10..12 (2): 2 points per scenario
    """
    lines = []
    grid = " x ".join(
        f"{name} {axis[0]:g}..{axis[-1]:g} ({len(axis)})" for name, axis in zip(result.varied, result.axes, strict=True)
    )
    lines.append(f"Sweep over {grid}: {result.outcomes[0].size} points per scenario")
    for k, scenario in enumerate(result.scenarios):
        counts = Counter(result.outcomes[k].ravel().tolist())
        total = result.outcomes[k].size
        rows = [[result.outcome_labels.get(o, o), o, f"{n / total:.1%}"] for o, n in counts.most_common()]
        lines += ["", scenario.title, table(["outcome", "id", "share of grid"], rows)]
    return "\n".join(lines)


def boundaries_summary(found: Sequence[MapBoundaries]) -> str:
    """The boundaries of 2-D maps: which results meet, how often the grid lines cross, and where.

    Parameters
    ----------
    found : sequence of MapBoundaries
        From :func:`~negotiation_sim.analysis.boundaries.map_boundaries`, one per map.

    Returns
    -------
    str
        Per map a heading and a table (one row per pair of results that meet, outcome ids
        or comparison labels: the crossings of grid lines and the span of each parameter
        over them); no trailing newline.

    Examples
    --------
    >>> import negotiation_sim as ns
    >>> from negotiation_sim.analysis.boundaries import map_boundaries
    >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "islands" / "territory_first.yaml")
    >>> grid = ns.sweep(sc, {"china_threat": [0.2, 0.6], "russia_aid_value": [1, 6]})
    >>> text = boundaries_summary([map_boundaries(grid)])
    >>> text.splitlines()[0].split(" (")[0], "4.04..4.84" in text
    ('Territory-first: outcome boundaries', True)
    """
    blocks = []
    for boundaries in found:
        x_name, y_name = boundaries.varied
        what = (
            f"where {boundaries.player}'s better strategy changes"
            if boundaries.player
            else f"{boundaries.scenarios[0].title}: outcome boundaries"
        )
        head = (
            f"{what} (crossings of the grid lines, bisected to {boundaries.precision:g} of each range "
            f"with exact solves, as `threshold` along that line)"
        )
        pairs = boundaries.pairs()
        if not pairs:
            blocks.append(f"{head}: none, one result over the whole map")
            continue
        rows = []
        for (first, second), crossings in pairs.items():
            xs = [c.x for c in crossings]
            ys = [c.y for c in crossings]
            rows.append(
                [
                    boundaries.labels.get(first, first) if boundaries.player else first,
                    boundaries.labels.get(second, second) if boundaries.player else second,
                    str(len(crossings)),
                    f"{min(xs):.4g}..{max(xs):.4g}",
                    f"{min(ys):.4g}..{max(ys):.4g}",
                ]
            )
        blocks.append(head + "\n" + table(["between", "and", "crossings", x_name, y_name], rows))
    return "\n\n".join(blocks)


def write_sweep_csv(result: SweepResult, path: str | os.PathLike[str]) -> None:
    """Write :meth:`SweepResult.rows` as CSV, atomically (a player a scenario lacks is left empty).

    Parameters
    ----------
    result : SweepResult
        The sweep to write.
    path : path-like
        The CSV file; its folder must exist.

    Raises
    ------
    OutputError
        If the folder does not exist or the file cannot be written.
    ScenarioError
        If a varied parameter is named like a result column (checked before writing).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> import negotiation_sim as ns
    >>> from negotiation_sim.analysis.sweep import sweep
    >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "ultimatum.yaml")
    >>> result = sweep(sc, {"pie": [10, 12]})
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     write_sweep_csv(result, pathlib.Path(folder) / "sweep.csv")
    ...     print((pathlib.Path(folder) / "sweep.csv").read_text())
    pie,scenario,outcome,payoff_proposer,payoff_responder,ties,valid
    10.0,ultimatum,split_0|split_1,10.0,0.0,True,True
    12.0,ultimatum,split_0|split_1,12.0,0.0,True,True
    <BLANKLINE>
    """
    write_csv(path, result.rows(), result.columns())


def write_sweep_json(result: SweepResult, path: str | os.PathLike[str]) -> None:
    """Write :meth:`SweepResult.to_dict` as one JSON object, atomically (NaN payoffs as null).

    Parameters
    ----------
    result : SweepResult
        The sweep to write.
    path : path-like
        The JSON file; its folder must exist.

    Raises
    ------
    OutputError
        If the folder does not exist or the file cannot be written.

    Examples
    --------
    >>> import json, pathlib, tempfile
    >>> import negotiation_sim as ns
    >>> from negotiation_sim.analysis.sweep import sweep
    >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "ultimatum.yaml")
    >>> result = sweep(sc, {"pie": [10, 12]})
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     write_sweep_json(result, pathlib.Path(folder) / "sweep.json")
    ...     data = json.loads((pathlib.Path(folder) / "sweep.json").read_text())
    >>> data["axes"], data["rows"][1]["payoff_proposer"]
    ({'pie': [10.0, 12.0]}, 12.0)
    """
    # A compact layout (one space of indent): sweep files hold one row per grid point.
    # Numbers rounded to 12 significant digits (no float noise), NaN as null.
    write_text(path, json.dumps(rounded(result.to_dict()), indent=1, allow_nan=False))


def write_sweep_xlsx(result: SweepResult, path: str | os.PathLike[str]) -> None:
    """Write every grid point to an Excel workbook, the columns of :func:`write_sweep_csv`.

    Needs openpyxl (``pip install 'negotiation-sim[excel]'``).

    Parameters
    ----------
    result : SweepResult
        The sweep to write.
    path : path-like
        The ``.xlsx`` file; its folder must exist.

    Raises
    ------
    OutputError
        If openpyxl is missing, the folder does not exist or the file cannot be written.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> import openpyxl
    >>> import negotiation_sim as ns
    >>> from negotiation_sim.analysis.sweep import sweep
    >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "ultimatum.yaml")
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     write_sweep_xlsx(sweep(sc, {"pie": [10, 12]}), pathlib.Path(folder) / "sweep.xlsx")
    ...     rows = list(openpyxl.load_workbook(pathlib.Path(folder) / "sweep.xlsx").active.values)
    >>> rows[0][:3], rows[2][:2]
    (('pie', 'scenario', 'outcome'), (12, 'ultimatum'))
    """
    write_xlsx(path, result.rows(), result.columns(), sheet="sweep")
