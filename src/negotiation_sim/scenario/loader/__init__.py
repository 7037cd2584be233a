"""Load a scenario file: read YAML, resolve ``extends`` and ``imports``, validate.

All problems found in a file are collected and raised together as one
:class:`~negotiation_sim.errors.ScenarioError`, each with file, line, column and
key path.  The checks follow DESIGN §2 "Errors".  One module per section of the file:
:mod:`.document` (top-level keys, ``extends``), :mod:`.parameters` (players, parameters,
derived quantities), :mod:`.normal` and :mod:`.extensive` (the two game kinds),
:mod:`.imports` (subgames from other files) and :mod:`.files` (each file read once);
:mod:`.inline` builds a scenario from text or a mapping without a file.
"""

from __future__ import annotations

from .document import FORMAT, TOP_KEYS, load_scenario
from .extensive import BRANCH_KEYS, CHANCE_KEYS, DECISION_KEYS, EXTENSIVE_KEYS, OUTCOME_KEYS
from .inline import parse_scenario
from .normal import NORMAL_KEYS
from .parameters import PARAMETER_KEYS, PLAYER_KEYS
from .report import IDENTIFIER

__all__ = [
    "BRANCH_KEYS",
    "CHANCE_KEYS",
    "DECISION_KEYS",
    "EXTENSIVE_KEYS",
    "FORMAT",
    "IDENTIFIER",
    "NORMAL_KEYS",
    "OUTCOME_KEYS",
    "PARAMETER_KEYS",
    "PLAYER_KEYS",
    "TOP_KEYS",
    "load_scenario",
    "parse_scenario",
]
