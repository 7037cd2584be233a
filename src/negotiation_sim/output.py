"""Write output files safely: atomically, and only where the user asked.

A file is written to a temporary name in its destination folder and then renamed
over the target, so a reader never sees half a file and an interrupted run leaves
the old file intact.  A missing folder or a folder given as the file name is an
:class:`~negotiation_sim.errors.OutputError` with a clear message.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from .errors import OutputError

__all__ = ["write_atomically", "write_text"]

_FILE_MODE = 0o644


def write_atomically(path: str | os.PathLike[str], write: Callable[[IO[Any]], object], *, binary: bool = False) -> None:
    """Call ``write(handle)`` on a temporary file, then rename it to ``path``.

    Parameters
    ----------
    path : path-like
        The destination file; its folder must exist.
    write : callable
        Receives an open handle (text, UTF-8, or binary if ``binary``).
    binary : bool, optional
        Open the temporary file in binary mode.

    Raises
    ------
    OutputError
        If the folder is missing, the path is a folder, or the file cannot be written.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     target = pathlib.Path(folder) / "data.bin"
    ...     write_atomically(target, lambda handle: handle.write(b"\\x00\\x01"), binary=True)
    ...     target.read_bytes()
    b'\\x00\\x01'
    >>> write_atomically("/nonexistent-folder/out.txt", print)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
        ...
    negotiation_sim.errors.OutputError: cannot write /nonexistent-folder/out.txt: the folder ... does not exist ...
    """
    target = Path(path)
    folder = target.parent
    if not folder.is_dir():
        raise OutputError(f"cannot write {target}: the folder {folder} does not exist (create it first)")
    if target.is_dir():
        raise OutputError(f"cannot write {target}: it is a folder")
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise OutputError(f"cannot write {target}: {exc.strerror or exc}") from exc
    try:
        mode = "wb" if binary else "w"
        kwargs: dict[str, Any] = {} if binary else {"encoding": "utf-8", "newline": ""}
        with os.fdopen(handle, mode, **kwargs) as stream:
            write(stream)
        os.chmod(temporary, _FILE_MODE)  # mkstemp creates 0600; outputs are meant to be shared
        os.replace(temporary, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write {target}: {exc.strerror or exc}") from exc
        raise


def write_text(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` to ``path`` atomically (UTF-8); see :func:`write_atomically`.

    Parameters
    ----------
    path : path-like
        The destination file; its folder must exist.
    text : str
        The whole content, written as is (no newline translation).

    Raises
    ------
    OutputError
        If the folder is missing, the path is a folder, or the file cannot be written.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     write_text(pathlib.Path(folder) / "note.txt", "hello\\n")
    ...     (pathlib.Path(folder) / "note.txt").read_text()
    'hello\\n'
    """
    write_atomically(path, lambda handle: handle.write(text))
