"""Commands that move games between negotiation-sim and other tools: ``export`` and ``import``."""

from __future__ import annotations

from pathlib import Path

import click

from ._common import echo_written, load, parse_set, print_warnings, refuse_overwriting_inputs, set_option

EXPORT_TYPES = {"efg": ".efg", "nfg": ".nfg", "json": ".json"}


@click.command()
@click.argument("file")
@set_option
@click.option(
    "--to",
    "target",
    type=click.Choice(sorted(EXPORT_TYPES)),
    required=True,
    help="efg (Gambit tree), nfg (Gambit table; a tree's reduced normal form), json (the evaluated game).",
)
@click.option("-o", "--output", required=True, help="File to write.")
def export(file: str, overrides: tuple[str, ...], target: str, output: str) -> None:
    """Write the evaluated game (defaults plus --set) as a Gambit .efg/.nfg file or JSON."""
    from ..games.normal_form import NormalFormGame
    from ..games.tree import GameTree
    from ..output import write_text
    from ..report import to_json
    from ..scenario.from_game import game_document

    scenario = load(file)
    print_warnings(scenario)
    refuse_overwriting_inputs([scenario], output)
    game = scenario.evaluate(parse_set(overrides))
    title = scenario.title
    if target == "json":
        text = to_json({"players": list(game.players), **game_document(game)}) + "\n"
    elif target == "nfg":
        from ..games.gambit_nfg import write_nfg

        if isinstance(game, GameTree):
            from ..games.reduced import reduced_normal_form

            game = reduced_normal_form(game).game()
        assert isinstance(game, NormalFormGame)
        text = write_nfg(game, title=title)
    else:
        from ..errors import ScenarioError
        from ..games.gambit_efg import write_efg

        if not isinstance(game, GameTree):
            raise ScenarioError([f"{file}: a normal-form game has no tree; use --to nfg"])
        text = write_efg(game, title=title)
    write_text(output, text)
    echo_written(output)


@click.command(name="import")
@click.argument("game_file", metavar="GAME.efg|GAME.nfg")
@click.option("-o", "--output", required=True, help="Scenario file (.yaml) to write.")
def import_(game_file: str, output: str) -> None:
    """Write a scenario from a Gambit .efg or .nfg file (payoffs as numbers, no parameters)."""
    from ..errors import ScenarioError
    from ..output import write_text
    from ..scenario.from_game import scenario_yaml

    suffix = Path(game_file).suffix.lower()
    if suffix not in (".efg", ".nfg"):
        raise ScenarioError([f"{game_file}: expected a Gambit .efg or .nfg file"])
    if Path(output).suffix.lower() not in (".yaml", ".yml"):
        raise ScenarioError([f"-o {output}: a scenario is a .yaml file"])
    if Path(output).exists() and Path(game_file).exists() and Path(output).samefile(game_file):
        raise ScenarioError([f"{output}: is the input file {game_file}; choose another output file"])
    try:
        text = Path(game_file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ScenarioError([f"{game_file}: cannot read ({error})"]) from None
    from ..games.base import NumericGame
    from ..games.gambit_text import GambitFormatError

    try:
        if suffix == ".efg":
            from ..games.gambit_efg import read_efg

            game: NumericGame = read_efg(text)
        else:
            from ..games.gambit_nfg import read_nfg

            game = read_nfg(text)
    except GambitFormatError as error:
        raise ScenarioError([f"{game_file}: {error}"]) from None
    title = Path(game_file).stem.replace("_", " ")
    write_text(output, scenario_yaml(game, title=title, source=f"imported from {Path(game_file).name}"))
    echo_written(output)
