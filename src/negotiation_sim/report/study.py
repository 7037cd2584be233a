"""The words and layout of a study report: a :class:`~negotiation_sim.analysis.study.Study` as a :class:`.page.Page`.

The findings say in plain sentences what happens at the defaults, where the result
changes and how robust it is; the sections hold the tables and figures.  Figures arrive
drawn (SVG text, keyed by name, see :func:`study_page`); this module only places and
describes them.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from ..analysis.compare import outcome_text, short_names
from ..analysis.solve import Solution
from ..analysis.study import ParameterScan, Study
from ..numbers import number
from ..scenario.schema import ExtensiveGame, NormalGame, Scenario
from .page import Block, Bullets, Figure, Page, Paragraph, Section
from .solution import path_branches
from .study_tables import (
    change_table,
    comparison_page_table,
    equilibrium_tables,
    matrix_table,
    parameter_table,
    sensitivity_table,
)
from .study_uncertainty import uncertainty_findings, uncertainty_section

__all__ = ["study_findings", "study_page"]


def study_page(study: Study, figures: Mapping[str, str], *, command: str, version: str) -> Page:
    """Lay out a study as a report page.

    Parameters
    ----------
    study : Study
    figures : mapping
        Figure name -> SVG text.  Names: ``tree-K`` and ``regions-K`` (scenario K, from 0),
        ``comparison-PLAYER`` and ``tornado-PLAYER``; a missing figure is left out.
    command : str
        The command line that made the report.
    version : str

    Returns
    -------
    Page
    """
    scenarios = study.scenarios
    pair = len(scenarios) == 2
    title = f"{scenarios[0].title} vs {scenarios[1].title}" if pair else scenarios[0].title
    kinds = " and ".join(dict.fromkeys(_kind(s) for s in scenarios))
    summary = (
        f"A comparison of two strategies ({kinds}), B − A for each player."
        if pair
        else f"A study of one scenario ({kinds})."
    ) + (" Parameters set for this report: " + _settings(study) + "." if study.overrides else "")
    sections = [
        Section(id="findings", heading="Findings", blocks=(Bullets(items=tuple(study_findings(study))),)),
        _solutions(study),
        _changes(study, figures),
    ]
    sensitivity = _sensitivity(study, figures)
    if sensitivity is not None:
        sections.append(sensitivity)
    uncertain = uncertainty_section(study, figures)
    if uncertain is not None:
        sections.append(uncertain)
    sections.append(_games(study, figures))
    sections.append(Section(id="parameters", heading="Parameters and sources", blocks=(parameter_table(study),)))
    sections.append(_files(study))
    return Page(title=title, summary=summary, sections=tuple(sections), command=command, version=version)


def study_findings(study: Study) -> list[str]:
    """The findings in plain sentences: the defaults, where the result changes, how robust it is.

    Parameters
    ----------
    study : Study

    Returns
    -------
    list of str
    """
    findings = [_at_defaults(s) for s in study.solutions]
    if study.comparison is not None:
        findings += list(study.comparison.preferences.values())
    changing = [scan for scan in study.scans if scan.changes_anything]
    if study.no_grid:
        findings.append(study.no_grid)
    elif not study.scans:
        findings.append("No parameter declares a range, so nothing was varied.")
    elif not changing:
        findings.append(
            f"Robust: moving any one of the {len(study.scans)} parameters with a range across its whole range "
            "changes neither the equilibrium outcome"
            + (" nor which strategy is better for anyone." if study.comparison else ".")
        )
    else:
        what = "the outcome or who is better off" if study.comparison else "the equilibrium outcome"
        findings.append(
            f"Taken one at a time, {len(changing)} of the {len(study.scans)} parameters with a range change "
            f"{what} somewhere in their range; the others never do."
        )
        nearest = sorted(changing, key=lambda s: s.nearest())
        closest = nearest[0]
        findings.append(
            f"How robust: the result at these values survives any single parameter moving by up to "
            f"{closest.nearest():.0%} of its range; the nearest change is in {closest.label} "
            f"(at {_first_change_near(closest)}, now {number(closest.value)})."
        )
    findings += uncertainty_findings(study)
    for result in study.tornados:
        if result.bars and result.bars[0].swing > 0:
            top = result.bars[0]
            findings.append(
                f"{result.player_label}'s {_quantity(study)} ({number(result.baseline)} here) is most "
                f"sensitive to {top.label}: across its range it moves between {number(top.minimum)} and "
                f"{number(top.maximum)}."
            )
    return findings


def _first_change_near(scan: ParameterScan) -> str:
    points = [c.at for per in (*scan.changes, *scan.comparison.values()) for c in per]
    return number(min(points, key=lambda p: abs(p - scan.value)))


def _in_concept(solution: Solution) -> str:
    return ", in perfect Bayesian equilibrium," if solution.concept == "pbe" else ""


def _at_defaults(solution: Solution) -> str:
    scenario = solution.scenario
    first = solution.equilibria[0]
    pays = ", ".join(f"{scenario.player_label(p)} {number(first.payoffs[p])}" for p in scenario.player_ids)
    count = len(solution.equilibria)
    alike = all(e.payoffs == first.payoffs and e.outcomes == first.outcomes for e in solution.equilibria)
    more = f" ({count} equilibria{' with the same outcome' if alike else '; the first is shown'})" if count > 1 else ""
    if first.outcomes is not None:
        path = "; ".join(b.replace(" -> ", " → ") for b in path_branches(solution, first.path or ()))
        return (
            f"{scenario.title}: at these values{_in_concept(solution)} the game ends in "
            f"{outcome_text(scenario, first.outcomes)} "
            f"(payoffs {pays}){more}" + (f"; equilibrium path {path}." if path else ".")
        )
    profile = ", ".join(
        f"{scenario.player_label(p)} plays "
        + " / ".join(f"{s} {q:.0%}" if q < 1 - 1e-12 else s for s, q in first.strategies[p].items() if q > 1e-12)
        for p in scenario.player_ids
    )
    return f"{scenario.title}: in equilibrium {profile} (payoffs {pays}){more}."


def _solutions(study: Study) -> Section:
    subsections = []
    names = short_names(study.scenarios) if len(study.scenarios) == 2 else [""]
    for k, solution in enumerate(study.solutions):
        blocks: list[Block] = []
        for each in (solution, *(study.other_solutions[k] if study.other_solutions else ())):
            blocks += equilibrium_tables(each)
            if each.explanation:
                blocks.append(Bullets(items=tuple(each.explanation)))
            blocks += [Paragraph(text=f"Note: {note}") for note in each.notes]
        tag = f" ({names[k]})" if names[k] and names[k] != solution.scenario.title else ""
        heading = solution.scenario.title + tag
        subsections.append(Section(id=f"solution-{k}", heading=heading, blocks=tuple(blocks)))
    blocks = []
    if study.comparison is not None:
        table, footnotes = comparison_page_table(study.comparison)
        blocks = [
            table,
            *(Paragraph(text=f) for f in footnotes),
            Bullets(items=tuple(study.comparison.preferences.values())),
        ]
    return Section(id="solutions", heading="Equilibria", blocks=tuple(blocks), subsections=tuple(subsections))


def _changes(study: Study, figures: Mapping[str, str]) -> Section:
    blocks: list[Block] = []
    table = change_table(study)
    if table is not None:
        blocks.append(table)
    elif study.no_grid:
        blocks.append(Paragraph(text=study.no_grid))
    elif study.scans:
        blocks.append(Paragraph(text="No parameter changes the result anywhere in its range (one at a time)."))
    else:
        blocks.append(
            Paragraph(text="No parameter declares a range, so none was varied; give parameters a range to see this.")
        )
    maps = study.maps
    if maps is not None:
        axes = " × ".join(_parameter_label(study.scenarios[0], n) for n in maps.varied)
        changing = {s.parameter for s in study.scans if s.changes_anything}
        reason = (
            "whose nearest change lies closest to their value"
            if changing & set(maps.varied)
            else "that move the payoffs most, since none changes the result"
        )
        why = f" (chosen as the parameters {reason}; choose others with --vary)" if study.maps_chosen else ""
        blocks.append(Paragraph(text=f"The maps vary {axes}{why}; every other parameter keeps its value."))
        for k, scenario in enumerate(study.scenarios):
            blocks += _figure(
                figures,
                f"regions-{k}",
                alt=f"Outcome regions of {scenario.title} over {axes}: " + _coverage(study, k) + ".",
                caption=f"Equilibrium outcome of {scenario.title} over {axes}"
                + ("" if len(maps.varied) == 2 else ", with each player's equilibrium payoff")
                + (
                    "; dashed lines: the exact change points along each axis, the other parameter at its value."
                    if any(study.threshold_for(n, scenario=k) for n in maps.varied)
                    else "."
                ),
            )
        for player in study.players if len(study.scenarios) == 2 else ():
            label = study.scenarios[0].player_label(player)
            blocks += _figure(
                figures,
                f"comparison-{player}",
                alt=f"Map of {label}'s payoff under {study.scenarios[1].title} minus {study.scenarios[0].title} "
                f"over {axes}; the zero contour separates where each strategy is better.",
                caption=f"Where each strategy is better for {label} "
                "(blue: B better, red: A better; zero contour in black"
                + (
                    "; dashed lines: where it flips along each axis)."
                    if any(study.threshold_for(n, player=player) for n in maps.varied)
                    else ")."
                ),
            )
    return Section(id="changes", heading="Where the result changes", blocks=tuple(blocks))


def _coverage(study: Study, k: int) -> str:
    maps = study.maps
    assert maps is not None
    keys, counts = _unique(maps.outcomes[k])
    total = sum(counts)
    parts = [f"{study.label(key)} on {count / total:.0%} of the grid" for key, count in zip(keys, counts, strict=True)]
    return "; ".join(parts)


def _unique(array: np.ndarray) -> tuple[list[str], list[int]]:
    counts: dict[str, int] = {}
    for key in array.ravel().tolist():
        counts[key] = counts.get(key, 0) + 1
    ordered = sorted(counts.items(), key=lambda item: -item[1])
    return [k for k, _ in ordered], [c for _, c in ordered]


def _sensitivity(study: Study, figures: Mapping[str, str]) -> Section | None:
    blocks: list[Block] = []
    for result in study.tornados:
        label = result.player_label
        top = ", ".join(bar.label for bar in result.bars[:3] if bar.swing > 0) or "none"
        blocks += _figure(
            figures,
            f"tornado-{result.player}",
            alt=f"Tornado chart of {label}'s {_quantity(study)} ({number(result.baseline)} at these values) "
            f"as each parameter crosses its range; the widest bars: {top}.",
            caption=f"One-at-a-time sensitivity of {label}'s {_quantity(study)}.",
        )
    if len(study.scenarios) == 1:
        table = sensitivity_table(study)
        if table is not None:
            blocks.append(table)
    if not blocks:
        return None
    return Section(id="sensitivity", heading="Which parameters matter", blocks=tuple(blocks))


def _games(study: Study, figures: Mapping[str, str]) -> Section:
    subsections = []
    for k, (scenario, solution) in enumerate(zip(study.scenarios, study.solutions, strict=True)):
        blocks: list[Block] = []
        if isinstance(scenario.game, NormalGame):
            blocks.append(matrix_table(scenario, solution))
        elif isinstance(scenario.game, ExtensiveGame):
            shown = study.path_solution(k)
            first = next((e for e in shown.equilibria if e.path is not None), shown.equilibria[0])
            path = "; ".join(b.replace(" -> ", " → ") for b in path_branches(shown, first.path or ()))
            which = "the first subgame-perfect equilibrium's path" if shown is not solution else "the equilibrium path"
            sets = " Dashed brackets join the nodes of an information set." if study.no_grid else ""
            blocks += _figure(
                figures,
                f"tree-{k}",
                alt=f"Game tree of {scenario.title}; {which} ({path or 'none'}) is highlighted.{sets}",
                caption=f"The game tree of {scenario.title}, {which} highlighted.{sets}",
            )
        subsections.append(Section(id=f"game-{k}", heading=scenario.title, blocks=tuple(blocks)))
    return Section(id="games", heading="The games", subsections=tuple(subsections))


def _files(study: Study) -> Section:
    subsections = []
    for k, scenario in enumerate(study.scenarios):
        blocks: list[Block] = [Paragraph(text=f"{_where(scenario)} (id {scenario.id}).")]
        if scenario.description:
            blocks.append(Paragraph(text=scenario.description.strip()))
        if scenario.sources:
            blocks += [Paragraph(text="Sources:"), Bullets(items=tuple(scenario.sources))]
        else:
            blocks.append(Paragraph(text="The file names no sources."))
        subsections.append(Section(id=f"scenario-{k}", heading=scenario.title, blocks=tuple(blocks)))
    return Section(id="scenarios", heading="The scenario files", subsections=tuple(subsections))


def _where(scenario: Scenario) -> str:
    from ..scenario.bundled import BUNDLED_SUFFIX, bundled_name

    if scenario.path.endswith(BUNDLED_SUFFIX):
        return f"Bundled scenario {scenario.path.removesuffix(BUNDLED_SUFFIX)}"
    name = bundled_name(scenario.path)  # a Scenario built by hand may carry the installed path
    return f"Bundled scenario {name}" if name is not None else f"File {scenario.path}"


def _figure(figures: Mapping[str, str], name: str, *, alt: str, caption: str) -> list[Block]:
    svg = figures.get(name)
    return [] if svg is None else [Figure(name=name, alt=alt, caption=caption, svg=svg)]


def _parameter_label(scenario: Scenario, name: str) -> str:
    parameter = scenario.parameters[name]
    return f"{parameter.label} ({name})" if parameter.label else name


def _quantity(study: Study) -> str:
    return "payoff difference (B − A)" if len(study.scenarios) == 2 else "equilibrium payoff"


def _kind(scenario: Scenario) -> str:
    return "a game tree" if isinstance(scenario.game, ExtensiveGame) else "a normal-form game"


def _settings(study: Study) -> str:
    return ", ".join(f"{k} = {number(v)}" for k, v in study.overrides.items())
