"""Commands that solve scenarios at one parameter point: ``solve`` and ``compare``."""

from __future__ import annotations

import click

from ._common import FORMAT_CHOICE, load, parse_set, print_warnings, set_option
from ._stream import emit


@click.command()
@click.argument("file")
@set_option
@click.option(
    "--concept",
    type=click.Choice(["default", "spe", "nash", "pbe", "all"]),
    default="default",
    show_default=True,
    help="Equilibrium concept: spe (trees), nash (normal forms; reduced normal form of a tree), "
    "pbe (pure perfect Bayesian equilibria of trees with information sets), all.",
)
@click.option("--format", "fmt", type=FORMAT_CHOICE, default="text", show_default=True, help="Output format.")
def solve(file: str, overrides: tuple[str, ...], concept: str, fmt: str) -> None:
    """Compute the equilibria of a scenario and explain them."""
    from ..analysis.solve import solve as solve_api
    from ..report import format_solution

    scenario = load(file)
    print_warnings(scenario)
    solution = solve_api(scenario, parse_set(overrides), concept=concept)
    emit(format_solution(solution, fmt), nl=False)


@click.command()
@click.argument("files", nargs=-1, required=True, metavar="A.yaml B.yaml...")
@set_option
@click.option(
    "--set-a",
    "overrides_a",
    multiple=True,
    metavar="NAME=VALUE",
    help="Override a parameter in the first file only (over --set; repeatable).",
)
@click.option(
    "--set-b",
    "overrides_b",
    multiple=True,
    metavar="NAME=VALUE",
    help="Override a parameter in the last file only (over --set; repeatable).",
)
@click.option("--format", "fmt", type=FORMAT_CHOICE, default="text", show_default=True, help="Output format.")
def compare(
    files: tuple[str, ...],
    overrides: tuple[str, ...],
    overrides_a: tuple[str, ...],
    overrides_b: tuple[str, ...],
    fmt: str,
) -> None:
    """Compare strategies: equilibrium outcomes and payoffs side by side, with B - A per player.

    --set applies to every file; --set-a and --set-b to the first and the last file only,
    so one file can be compared with itself at two settings (compare A.yaml A.yaml --set-b k=v).
    """
    from ..analysis.compare import compare as compare_api
    from ..errors import ScenarioError
    from ..report import format_comparison, to_json

    if len(files) < 2:
        raise ScenarioError(["compare needs at least two scenario files"])
    scenarios = [load(f) for f in files]
    for scenario in scenarios:
        print_warnings(scenario)
    each: list[dict[str, float]] = [{} for _ in scenarios]
    each[0].update(parse_set(overrides_a))
    each[-1].update(parse_set(overrides_b))
    comparison = compare_api(scenarios, parse_set(overrides), each=each)
    if fmt == "json":
        emit(to_json(comparison.to_dict()))
    else:
        emit(format_comparison(comparison, fmt), nl=False)
