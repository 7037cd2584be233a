"""A whole scenario file: the top-level keys, ``extends``, the game, and the final checks.

:func:`load_scenario` starts a :class:`LoadSession` and builds the named file; the sections
are read by :mod:`.parameters`, :mod:`.normal` and :mod:`.extensive`, and every file named
through ``extends`` or ``imports`` is built the same way, once.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from ...errors import Problem, ScenarioError
from ..bundled import bundled_hint, find_bundled, shown_name
from ..evaluation import evaluate
from ..expressions import suggest
from ..schema import Derived, ExtensiveGame, NormalGame, Parameter, Scenario, frozen_map
from ..yaml_reader import Document, describe_value, parse_yaml_text, read_text
from .extensive import EXTENSIVE_KEYS, read_extensive_game
from .files import LoadSession
from .normal import NORMAL_KEYS, read_normal_game
from .parameters import read_derived, read_parameters, read_players
from .report import FileReport, in_file_order

__all__ = ["FORMAT", "TOP_KEYS", "Builder", "load_scenario", "new_session"]

FORMAT = "negotiation-sim/1"

TOP_KEYS = (
    "format",
    "title",
    "id",
    "description",
    "sources",
    "extends",
    "players",
    "parameters",
    "derived",
    "game",
)

_SCENARIO_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*\Z")


def load_scenario(path: str | os.PathLike[str]) -> Scenario:
    """Load, resolve and validate a scenario file.

    A path that does not exist but names a bundled scenario (``islands/new_approach.yaml``,
    ``new_approach``) loads that scenario; messages name it ``islands/new_approach.yaml
    (bundled)``.  ``extends:`` and ``imports:`` name files relative to the file that names
    them, or bundled scenarios (see :func:`~negotiation_sim.scenario.bundled.find_bundled`).

    Parameters
    ----------
    path : path-like
        A scenario YAML file (format ``negotiation-sim/1``), or a bundled scenario's name.

    Returns
    -------
    Scenario
        The frozen, validated scenario; :attr:`Scenario.input_files` lists every file it
        was built from.

    Raises
    ------
    ScenarioError
        With every problem found (``.problems``), each located by file, line,
        column and key path.

    Examples
    --------
    >>> import negotiation_sim as ns
    >>> sc = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "prisoners_dilemma.yaml")
    >>> sc.game.kind, sc.player_ids
    ('normal', ('suspect_a', 'suspect_b'))
    >>> ns.load_scenario("islands/new_approach.yaml").path
    'islands/new_approach.yaml (bundled)'
    """
    written = str(path)
    file = Path(path)
    if not _exists(file):
        bundled = find_bundled(written)
        if bundled is not None:
            file = bundled
        elif hint := bundled_hint(written):
            raise ScenarioError([Problem(message=f"no such file{hint}", file=written)])
    return _build_file(file, written, new_session(), (), named=False)


def new_session() -> LoadSession:
    """A load session that builds every file named by ``extends`` and ``imports`` as this module does."""
    return LoadSession(_build_file)


def _exists(path: Path) -> bool:
    """Whether ``path`` names something; True when the OS cannot say (the reader reports why)."""
    try:
        return path.exists() or path.is_symlink()
    except (OSError, ValueError):
        return True


def _build_file(
    path: Path, shown: str, session: LoadSession, stack: tuple[Path, ...], *, named: bool = True
) -> Scenario:
    shown = shown_name(path, shown)
    text = read_text(path, shown)
    if named and FORMAT not in text:
        # Named through extends/imports: perhaps a file that was never meant as a scenario
        # (a dotfile with secrets).  Say what is wrong without repeating any of its content.
        raise ScenarioError(
            [
                Problem(
                    message=f"is not a negotiation-sim scenario (it has no 'format: {FORMAT}' line); "
                    "its content is not shown",
                    file=shown,
                )
            ]
        )
    document = parse_yaml_text(text, shown)
    return Builder(document, path, session, stack + (path.resolve(),)).build()


class Builder:
    """Check and build one document: a file's (``path``) or text given without a file (None).

    Files named by ``extends`` and ``imports`` are found relative to ``path``'s folder, or to
    the working directory when there is no file.
    """

    def __init__(
        self, document: Document, path: Path | None, session: LoadSession, stack: tuple[Path, ...], default_id: str = ""
    ) -> None:
        self.report = FileReport(document)
        self.path = path
        self.folder = path.parent if path is not None else Path()
        self.session = session
        self.stack = stack
        self.default_id = default_id or (path.stem if path is not None else "scenario")

    def build(self) -> Scenario:
        report = self.report
        data = report.doc.data
        if not isinstance(data, dict):
            report.error(
                (), f"expected a scenario (a mapping with format, title, players, ...), found {describe_value(data)}"
            )
            raise ScenarioError(report.problems)
        report.check_keys(data, TOP_KEYS, ())
        fmt = data.get("format")
        if fmt is None:
            report.error((), f"missing required key 'format' (expected 'format: {FORMAT}')")
        elif fmt != FORMAT:
            shown = repr(fmt) if isinstance(fmt, str) else describe_value(fmt)
            report.error(("format",), f"unsupported format {shown}; expected {FORMAT!r}")
        title = report.text(data, "title", (), required=True)
        scenario_id = report.text(data, "id", ()) or self.default_id
        if not _SCENARIO_ID.match(scenario_id):
            report.error(("id",), f"id {scenario_id!r} must use letters, digits, '-', '_' or '.'")
        description = report.text(data, "description", ())
        sources = self.sources(data.get("sources"))

        base = None
        if "extends" in data:
            base = self.session.load(report, data["extends"], ("extends",), "extends", self.folder, self.stack)
        players = read_players(report, data.get("players"), base)
        parameters = read_parameters(report, data.get("parameters"), base)
        derived = read_derived(report, data.get("derived"), base, parameters)
        # Declared names count as known even where their own definition failed (no cascades).
        known = frozenset(parameters) | {d.name for d in derived} | report.declared
        player_ids = tuple(p.id for p in players)
        if "game" in data:
            game = self.game(data.get("game"), player_ids, parameters, derived, known)
        else:
            game = base.game if base is not None else None
            if game is not None and set(game.players) != set(player_ids):
                report.error(
                    ("players",),
                    "the inherited game has players "
                    f"{', '.join(game.players)}; this file declares {', '.join(player_ids)}",
                )
        if report.problems:
            raise ScenarioError(in_file_order(report.problems + report.warnings))
        own = [str(self.path.resolve())] if self.path is not None else []
        scenario = Scenario(
            id=scenario_id,
            title=title,
            path=report.doc.path,
            description=description,
            sources=sources,
            players=players,
            parameters=frozen_map(parameters),
            derived=tuple(derived),
            game=game,
            warnings=tuple(report.warnings),
            input_files=tuple(dict.fromkeys([*own, *report.inputs])),
        )
        if game is not None:
            try:
                evaluate(scenario, None)
            except ScenarioError as exc:
                raise ScenarioError(in_file_order(list(exc.problems) + report.warnings)) from None
        return scenario

    def sources(self, value: object) -> tuple[str, ...]:
        if value is None:
            return ()
        if isinstance(value, str):
            return (value,)
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return tuple(value)
        self.report.error(("sources",), f"expected a list of citations (text), found {describe_value(value)}")
        return ()

    def game(
        self,
        value: object,
        player_ids: tuple[str, ...],
        parameters: dict[str, Parameter],
        derived: list[Derived],
        known: frozenset[str],
    ) -> NormalGame | ExtensiveGame | None:
        report = self.report
        mapping = report.mapping(value, ("game",), "a game")
        if mapping is None:
            return None
        kind = mapping.get("kind")
        if kind == "normal":
            report.check_keys(mapping, NORMAL_KEYS, ("game",))
            return read_normal_game(report, mapping, player_ids, known)
        if kind == "extensive":
            report.check_keys(mapping, EXTENSIVE_KEYS, ("game",))
            return read_extensive_game(
                report,
                mapping,
                player_ids=player_ids,
                parameters=parameters,
                derived=derived,
                known=known,
                session=self.session,
                folder=self.folder,
                stack=self.stack,
            )
        if kind is None:
            report.error(("game",), "missing required key 'kind' (normal or extensive)")
        else:
            shown = repr(kind) if isinstance(kind, str) else describe_value(kind)
            report.error(
                ("game", "kind"),
                f"unknown game kind {shown}{suggest(str(kind), ['normal', 'extensive'])}; "
                "expected 'normal' or 'extensive'",
            )
        return None
