"""A scenario's labels in a sentence: which words are names, and a label's case mid-sentence.

Labels are written to stand alone ("Russia pockets the upfront aid", "Impasse"); in a
sentence, a label that starts with an ordinary word takes a small letter ("from impasse to
…") while one that starts with a name keeps its capital ("from Russia pockets …").  The
names are the players' labels and ids and every word the scenario itself writes with a
capital mid-sentence (``"the China threat"``).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from ..scenario.schema import ExtensiveGame, Scenario
from ..wording import either_text, lower_first, proper_names

__all__ = ["key_words", "mid_sentence", "scenario_names"]


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


def key_words(key: str, ids: Sequence[str], labels: Mapping[str, str], names: Collection[str] = ()) -> str:
    """An outcome key of a sweep or threshold as it reads mid-sentence, ties and lotteries kept apart.

    A key of several outcome ids stands either for alternatives (a tie, several
    equilibria) or for one equilibrium whose play chance ends in several outcomes; the
    sweep that found it labelled it accordingly (``"Either deal or impasse"``, ``"Strike
    won / lost (by chance)"``), and that label is used.  Without one the ids are taken as
    alternatives.

    Parameters
    ----------
    key : str
        The outcome key (``SweepResult.outcomes``, ``Change.below``/``above``).
    ids : sequence of str
        The outcome ids it stands for (``SweepResult.outcome_ids(key)``, ``Change.below_ids``);
        empty means the key itself is the only one.
    labels : mapping of str to str
        Outcome ids and keys -> labels (``SweepResult.outcome_labels``, ``ThresholdResult.labels``).
    names : collection of str, optional
        Names that keep their capitals (:func:`scenario_names`).

    Returns
    -------
    str
        Starting with a small letter unless it starts with a name.

    Examples
    --------
    >>> labels = {"won": "Strike won", "lost": "Strike lost", "won|lost": "Strike won / lost (by chance)"}
    >>> key_words("won|lost", ("won", "lost"), labels)
    'strike won / lost (by chance)'
    >>> key_words("deal|impasse", ("deal", "impasse"), {"deal": "Deal", "impasse": "Impasse"})
    'either deal or impasse'
    >>> key_words("deal", ("deal",), {"deal": "Deal with Japan"}, {"Japan"})
    'deal with Japan'
    """
    if len(ids) > 1 and key in labels:
        return lower_first(labels[key], names)
    return either_text([lower_first(labels.get(i, i), names) for i in ids or (key,)])
