"""The scenarios that ship with negotiation-sim: finding them by name and naming them in messages.

A bundled scenario is named by its path under the bundled folder (``islands/new_approach.yaml``,
the ``.yaml`` optional) or, when no other bundled file has the same stem, by its stem alone
(``new_approach``).  Messages name a bundled file ``islands/new_approach.yaml (bundled)``,
never by the folder it happens to be installed in.
"""

from __future__ import annotations

import functools
from pathlib import Path, PurePosixPath

__all__ = ["BUNDLED_SUFFIX", "bundled_hint", "bundled_name", "find_bundled", "shown_name"]

BUNDLED_SUFFIX = " (bundled)"
"""Appended to a bundled scenario's relative path in messages and in :attr:`Scenario.path`."""


def _root() -> Path:
    from .. import bundled_scenarios_dir  # the package root: a function, no heavy import

    return bundled_scenarios_dir().resolve()


def _names() -> tuple[str, ...]:
    return _names_in(_root())


@functools.lru_cache(maxsize=4)
def _names_in(root: Path) -> tuple[str, ...]:
    """The bundled files (read once per process: they ship with the package)."""
    return tuple(sorted(p.relative_to(root).as_posix() for p in root.rglob("*.yaml")))


def bundled_name(path: str | Path) -> str | None:
    """The relative name of a bundled scenario file (``islands/new_approach.yaml``), or None.

    Parameters
    ----------
    path : str or Path
        Any path; it is resolved (symbolic links followed) before it is compared.

    Returns
    -------
    str or None
        The path under the bundled folder, with ``/`` separators; None for any other file.

    Examples
    --------
    >>> import negotiation_sim as ns
    >>> bundled_name(ns.bundled_scenarios_dir() / "islands" / "new_approach.yaml")
    'islands/new_approach.yaml'
    >>> bundled_name("my_game.yaml") is None
    True
    """
    try:
        return Path(path).resolve().relative_to(_root()).as_posix()
    except (ValueError, OSError, RuntimeError):
        return None


def shown_name(path: str | Path, written: str) -> str:
    """How a file is named in messages: ``<name> (bundled)`` for a bundled scenario, else as written.

    Parameters
    ----------
    path : str or Path
        The file.
    written : str
        The name the user gave it.

    Returns
    -------
    str

    Examples
    --------
    >>> import negotiation_sim as ns
    >>> path = ns.bundled_scenarios_dir() / "textbook" / "stag_hunt.yaml"
    >>> shown_name(path, str(path))
    'textbook/stag_hunt.yaml (bundled)'
    >>> shown_name("games/mine.yaml", "games/mine.yaml")
    'games/mine.yaml'
    """
    name = bundled_name(path)
    return written if name is None else name + BUNDLED_SUFFIX


def find_bundled(name: str) -> Path | None:
    """The bundled scenario file ``name`` stands for, or None.

    ``name`` is the path under the bundled folder (``islands/new_approach.yaml`` or
    ``islands/new_approach``), or a file stem alone (``new_approach``, ``-`` read as ``_``)
    that exactly one bundled file has.  A trailing `` (bundled)`` (as messages and JSON
    output write the name) is allowed.  Names are compared, never used as patterns, and
    never leave the bundled folder (``..`` finds nothing).

    Parameters
    ----------
    name : str
        The name as written on the command line or after ``extends:`` / ``imports:``.

    Returns
    -------
    Path or None

    Examples
    --------
    >>> find_bundled("new_approach").relative_to(find_bundled("islands/parameters.yaml").parents[1]).as_posix()
    'islands/new_approach.yaml'
    >>> find_bundled("islands/new_approach.yaml (bundled)").name
    'new_approach.yaml'
    >>> find_bundled("no_such_game") is None, find_bundled("../pyproject.toml") is None
    (True, True)
    """
    text = name.removesuffix(BUNDLED_SUFFIX).strip().replace("\\", "/")
    if not text or "\0" in text or len(text) > 255:
        return None
    parts = PurePosixPath(text).parts
    if not parts or any(part in ("..", "") for part in parts) or text.startswith("/"):
        return None
    names = _names()
    wanted = text.removeprefix("./")
    for candidate in (wanted, f"{wanted}.yaml"):
        if candidate in names:
            return _root() / candidate
    if "/" not in wanted:
        stem = wanted.replace("-", "_")
        matches = [n for n in names if PurePosixPath(n).stem == stem]
        if len(matches) == 1:
            return _root() / matches[0]
    return None


def bundled_hint(name: str) -> str:
    """A hint for a file that does not exist but resembles a bundled scenario, or ``""``.

    The file's name (its last part, ``.yaml`` optional) is compared with the bundled
    files' names; a misspelt name is matched to the nearest.

    Parameters
    ----------
    name : str
        The path as written.

    Returns
    -------
    str
        ``"; did you mean the bundled scenario islands/new_approach.yaml?"``, or ``""``.

    Examples
    --------
    >>> bundled_hint("scenarios/new_approach.yaml")
    '; did you mean the bundled scenario islands/new_approach.yaml?'
    >>> bundled_hint("islands/new_aproach.yaml")
    '; did you mean the bundled scenario islands/new_approach.yaml?'
    >>> bundled_hint("my_own_game.yaml")
    ''
    """
    text = name.replace("\\", "/").strip()
    if not text or "\0" in text or len(text) > 4096:
        return ""
    import difflib  # only for an error message

    names = _names()
    close = difflib.get_close_matches(text.removeprefix("./"), names, n=1, cutoff=0.8)
    if not close:
        stem = PurePosixPath(text).name.removesuffix(".yaml").replace("-", "_")
        by_stem = {PurePosixPath(n).stem: n for n in names}
        nearest = difflib.get_close_matches(stem, list(by_stem), n=1, cutoff=0.8)
        close = [by_stem[nearest[0]]] if nearest else []
    return f"; did you mean the bundled scenario {close[0]}?" if close else ""
