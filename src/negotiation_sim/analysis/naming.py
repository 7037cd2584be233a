"""A scenario's labels in a sentence: which words are names, and a label's case mid-sentence.

Labels are written to stand alone ("Russia pockets the upfront aid", "Impasse"); in a
sentence, a label that starts with an ordinary word takes a small letter ("from impasse to
…") while one that starts with a name keeps its capital ("from Russia pockets …").  The
names are the players' labels and ids and every word the scenario itself writes with a
capital mid-sentence (``"the China threat"``).
"""

from __future__ import annotations

from ..scenario.schema import ExtensiveGame, Scenario
from ..wording import lower_first, proper_names

__all__ = ["mid_sentence", "scenario_names"]


def scenario_names(scenario: Scenario | None) -> frozenset[str]:
    """The names whose capitals a label keeps mid-sentence.

    Parameters
    ----------
    scenario : Scenario or None
        None gives no names.

    Returns
    -------
    frozenset of str
        Player labels and ids, and the words the scenario's title, description and labels
        write with a capital mid-sentence (:func:`~negotiation_sim.wording.proper_names`).

    Examples
    --------
    >>> import negotiation_sim as ns
    >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "islands" / "new_approach.yaml")
    >>> {"Japan", "Russia", "China"} <= scenario_names(sc)
    True
    """
    if scenario is None:
        return frozenset()
    players = {p.label for p in scenario.players} | set(scenario.player_ids)
    texts = [scenario.title, scenario.description, *players, *(p.label for p in scenario.parameters.values())]
    game = scenario.game
    if isinstance(game, ExtensiveGame):
        texts += [node.label for node in game.nodes.values()] + [o.label for o in game.outcomes.values()]
    return frozenset(players) | proper_names(t for t in texts if t)


def mid_sentence(label: str, scenario: Scenario | None) -> str:
    """A label as it reads in the middle of a sentence: small first letter unless it starts with a name.

    Parameters
    ----------
    label : str
    scenario : Scenario or None
        Whose names (:func:`scenario_names`) keep their capitals.

    Returns
    -------
    str

    Examples
    --------
    >>> import negotiation_sim as ns
    >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "islands" / "new_approach.yaml")
    >>> mid_sentence("Russia pockets the upfront aid", sc), mid_sentence("Cooperation without territory", sc)
    ('Russia pockets the upfront aid', 'cooperation without territory')
    >>> mid_sentence("China's assertiveness", sc)
    "China's assertiveness"
    """
    return lower_first(label, scenario_names(scenario))
