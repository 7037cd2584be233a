"""Scenario descriptions: ``show``'s summary, ``validate``'s verdicts, ``list``'s table."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from ..errors import ScenarioError
from ..numbers import number
from ..scenario.evaluation import Evaluation
from ..scenario.schema import Scenario
from .outline import game_outline
from .tables import escape_markdown, escape_markdown_lines, markdown_code_block, table

__all__ = ["scenario_listing", "scenario_summary", "validation_line"]


def scenario_summary(
    scenario: Scenario,
    values: Mapping[str, float],
    evaluation: Evaluation | None = None,
    *,
    markdown: bool = False,
) -> str:
    """Describe a scenario: players, parameters (with sources), derived values and the game.

    Parameters
    ----------
    scenario : Scenario
    values : mapping
        Parameter overrides (name -> value); overridden values are marked ``(set)``.
    evaluation : Evaluation, optional
        The scenario evaluated at ``values``; without it derived values and payoffs are
        shown as expressions.
    markdown : bool, optional
        Markdown headings and tables instead of plain text.

    Returns
    -------
    str
        Without a trailing newline.

    Examples
    --------
    >>> import negotiation_sim as ns
    >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "prisoners_dilemma.yaml")
    >>> print(scenario_summary(sc, {}, sc.evaluate()).splitlines()[0])
    Prisoner's dilemma
    """
    where = f"id: {scenario.id}    file: {scenario.path}"
    out = [
        f"# {escape_markdown(scenario.title)}" if markdown else scenario.title,
        escape_markdown(where) if markdown else where,
    ]
    built_from = _other_inputs(scenario)
    if built_from:
        reads = "built on (extends, imports): " + ", ".join(built_from)
        out.append(escape_markdown(reads) if markdown else reads)
    if scenario.description:
        out += ["", escape_markdown_lines(scenario.description.strip()) if markdown else scenario.description.strip()]
    if scenario.sources:
        out += ["", "Sources:", *(f"  - {escape_markdown(s) if markdown else s}" for s in scenario.sources)]
    players = "Players: " + ", ".join(f"{p.label} ({p.id})" for p in scenario.players)
    out += ["", escape_markdown(players) if markdown else players, ""]
    rows = []
    for name, parameter in scenario.parameters.items():
        value = values.get(name, parameter.value)
        shown = number(value) + (" (set)" if name in values else "")
        span = f"{number(parameter.range[0])} .. {number(parameter.range[1])}" if parameter.range else ""
        rows.append([name, shown, span, parameter.unit, parameter.label])
    out += [
        "Parameters:" if not markdown else "## Parameters",
        table(["name", "value", "range", "unit", "label"], rows, markdown=markdown),
    ]
    declared = [(name, p.distribution) for name, p in scenario.parameters.items() if p.distribution is not None]
    if declared:
        out += [
            "",
            "Distributions (for uncertainty; others uniform over their range):" if not markdown else "## Distributions",
        ]
        out += [f"{'- ' if markdown else '  '}{name}: {distribution}" for name, distribution in declared]
    sourced = [(name, p.source or "(no source given)") for name, p in scenario.parameters.items()]
    out += ["", "Parameter sources:" if not markdown else "## Parameter sources"]
    out += [
        f"- {escape_markdown(f'{name}: {source}')}" if markdown else f"  {name}: {source}" for name, source in sourced
    ]
    if scenario.derived:
        drows = []
        for item in scenario.derived:
            shown = number(float(evaluation.values[item.name])) if evaluation is not None else ""
            drows.append([item.name, shown, item.expression.source])
        out += [
            "",
            "Derived:" if not markdown else "## Derived",
            table(["name", "value", "expression"], drows, markdown=markdown),
        ]
    out += ["", "Game:" if not markdown else "## Game"]
    outline = game_outline(scenario, evaluation).rstrip("\n")
    out += [markdown_code_block(outline) if markdown else outline]
    return "\n".join(out)


def _other_inputs(scenario: Scenario) -> list[str]:
    """The files a scenario extends or imports, bundled ones by name, others as short as possible."""
    from ..scenario.bundled import BUNDLED_SUFFIX, find_bundled, shown_name

    own = find_bundled(scenario.path) if scenario.path.endswith(BUNDLED_SUFFIX) else Path(scenario.path)
    try:
        own_file = str(own.resolve()) if own is not None else ""
    except (OSError, RuntimeError):
        own_file = ""
    here = Path.cwd()
    shown = []
    for source in scenario.input_files:
        if source == own_file:
            continue
        path = Path(source)
        short = path.relative_to(here).as_posix() if path.is_relative_to(here) else source
        shown.append(shown_name(path, short))
    return shown


def validation_line(file: str, scenario: Scenario) -> str:
    """One line saying a scenario file is valid, with its kind and number of parameters.

    Parameters
    ----------
    file : str
        The file as the user named it.
    scenario : Scenario
        The scenario loaded from it.

    Returns
    -------
    str

    Examples
    --------
    >>> import negotiation_sim as ns
    >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "prisoners_dilemma.yaml")
    >>> validation_line("pd.yaml", sc)
    'pd.yaml: ok (normal, 4 parameters)'
    """
    kind = scenario.game.kind if scenario.game else "parameters only"
    return f"{file}: ok ({kind}, {len(scenario.parameters)} parameters)"


def scenario_listing(
    root: Path, entries: Sequence[tuple[Path, Scenario | ScenarioError]], *, bundled: bool = False
) -> str:
    """The table of ``negotiation-sim list``: file, id, title and kind of each scenario.

    Parameters
    ----------
    root : pathlib.Path
        The folder listed.
    entries : sequence of (path, Scenario or ScenarioError)
        Each file relative to ``root``, with the scenario loaded from it or the error
        that loading raised.
    bundled : bool, optional
        ``root`` is the bundled scenarios folder: the heading says "Bundled scenarios"
        instead of naming the folder (a path that differs from machine to machine).

    Returns
    -------
    str
        Without a trailing newline.

    Examples
    --------
    >>> from pathlib import Path
    >>> print(scenario_listing(Path("empty"), []))
    no scenario files (*.yaml) under empty
    """
    rows = []
    for relative, loaded in entries:
        if isinstance(loaded, ScenarioError):
            rows.append([str(relative), "-", f"invalid ({len(loaded.problems)} problem(s))", "-"])
            continue
        kind = loaded.game.kind if loaded.game else "parameters"
        rows.append([str(relative), loaded.id, loaded.title, kind])
    if not rows:
        return f"no scenario files (*.yaml) under {root}"
    heading = (
        "Bundled scenarios (commands take a file name or id, e.g. prisoners_dilemma):"
        if bundled
        else f"Scenarios in {root}:"
    )
    return f"{heading}\n\n" + table(["file", "id", "title", "kind"], rows)
