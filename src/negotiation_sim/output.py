"""Write output files safely: atomically, and only where the user asked.

A file is written to a temporary name in its destination folder and then renamed
over the target, so a reader never sees half a file and an interrupted run leaves
the old file intact.  The temporary file is removed on every error and on every
terminating signal that can be caught (``SIGTERM``, ``SIGHUP``, ``SIGINT``, ...):
the handler removes it and then lets the signal take its normal course.  A new file
gets the permissions the umask allows (like any file a shell redirect creates); a
file that is replaced keeps its permissions; a read-only file is refused.  Problems
are an :class:`~negotiation_sim.errors.OutputError` with a clear message.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import stat
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from .errors import OutputError

__all__ = ["write_atomically", "write_text"]

_NEW_FILE_MODE = 0o666
"""Requested mode of a new file; the kernel applies the umask to it (as for ``>`` in a shell)."""

_TERMINATING_SIGNALS = tuple(
    getattr(signal, name)
    for name in ("SIGTERM", "SIGHUP", "SIGINT", "SIGQUIT", "SIGUSR1", "SIGUSR2", "SIGALRM", "SIGXCPU", "SIGVTALRM")
    if hasattr(signal, name)
)
"""Signals whose default action ends the process and that a handler can catch (SIGKILL cannot)."""


def os_error_text(exc: OSError) -> str:
    """A short description of an OS error, e.g. ``file name too long``.

    Parameters
    ----------
    exc : OSError

    Returns
    -------
    str
        The OS's explanation in lower case (no errno, no repeated path).

    Examples
    --------
    >>> import errno
    >>> os_error_text(OSError(errno.ENOSPC, "No space left on device"))
    'no space left on device (the disk is full)'
    """
    import errno

    text = (exc.strerror or str(exc) or type(exc).__name__).rstrip(".")
    text = text[:1].lower() + text[1:]
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        text += " (the disk is full)" if exc.errno == errno.ENOSPC else " (the disk quota is used up)"
    return text


def write_atomically(path: str | os.PathLike[str], write: Callable[[IO[Any]], object], *, binary: bool = False) -> None:
    """Call ``write(handle)`` on a temporary file, then rename it to ``path``.

    Parameters
    ----------
    path : path-like
        The destination file; its folder must exist.  An existing file keeps its permissions;
        a new file gets those the umask allows.
    write : callable
        Receives an open handle (text, UTF-8, or binary if ``binary``).
    binary : bool, optional
        Open the temporary file in binary mode.

    Raises
    ------
    OutputError
        If the folder is missing, the path is a folder, the file is read-only, or the file
        cannot be written (the message says why, e.g. "the disk is full").

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
    existing_mode = _check_target(target)
    with _removed_on_signal() as register:
        temporary, handle = _create_temporary(target)
        register(temporary)
        try:
            mode = "wb" if binary else "w"
            kwargs: dict[str, Any] = {} if binary else {"encoding": "utf-8", "newline": ""}
            with os.fdopen(handle, mode, **kwargs) as stream:
                if existing_mode is not None:
                    os.fchmod(stream.fileno(), existing_mode)
                write(stream)
            os.replace(temporary, target)
        except BaseException as exc:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            if isinstance(exc, OSError):
                raise OutputError(f"cannot write {target}: {os_error_text(exc)}") from exc
            raise


def _check_target(target: Path) -> int | None:
    """Refuse a target that cannot be written; return the mode of an existing file (None: new)."""
    folder = target.parent
    try:
        if not folder.is_dir():
            raise OutputError(f"cannot write {target}: the folder {folder} does not exist (create it first)")
        status = target.stat()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise OutputError(f"cannot write {target}: {os_error_text(exc)}") from exc
    if stat.S_ISDIR(status.st_mode):
        raise OutputError(f"cannot write {target}: it is a folder")
    mode = stat.S_IMODE(status.st_mode)
    # Mode bits, not only os.access: an administrator may write anywhere, yet a 0444 file says "keep".
    if not mode & 0o222 or not os.access(target, os.W_OK):
        raise OutputError(
            f"cannot write {target}: it is read-only (make it writable, e.g. chmod u+w, or choose another file)"
        )
    return mode


def _create_temporary(target: Path) -> tuple[Path, int]:
    """Create a new hidden file next to ``target``; ``os.open`` applies the umask to its mode."""
    for _ in range(100):
        temporary = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
        try:
            return temporary, os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, _NEW_FILE_MODE)
        except FileExistsError:
            continue
        except OSError as exc:
            raise OutputError(f"cannot write {target}: {os_error_text(exc)}") from exc
    raise OutputError(f"cannot write {target}: no free temporary name in {target.parent}")


class _Terminated(BaseException):
    """Raised by the signal handler so that the ``except`` clauses remove the temporary file."""

    def __init__(self, signum: int, previous: Any) -> None:
        super().__init__(signum)
        self.signum = signum
        self.previous = previous


@contextlib.contextmanager
def _removed_on_signal() -> Iterator[Callable[[Path], None]]:
    """While active, a terminating signal removes the registered file, then acts as it would have.

    The handler raises :class:`_Terminated`; on the way out the temporary file is unlinked,
    the previous handlers are restored and the signal is delivered again, so the process
    ends as it would have (killed by the signal: status 128 + n in a shell), or the previous
    Python handler runs (``SIGINT`` still raises ``KeyboardInterrupt``).  Ignored signals stay
    ignored; outside the main thread handlers cannot be set and only errors clean up.
    """
    files: list[Path] = []
    previous: dict[int, Any] = {}

    def handler(signum: int, frame: object) -> None:
        raise _Terminated(signum, previous.get(signum))

    if threading.current_thread() is threading.main_thread():
        for signum in _TERMINATING_SIGNALS:
            current = signal.getsignal(signum)
            if current in (signal.SIG_IGN, None):
                continue
            previous[signum] = current
            signal.signal(signum, handler)
    try:
        yield files.append
    except _Terminated as exc:
        for file in files:
            with contextlib.suppress(OSError):
                os.unlink(file)
        _restore(previous)
        previous.clear()
        if callable(exc.previous):
            exc.previous(exc.signum, None)  # e.g. SIGINT's handler raises KeyboardInterrupt
            name = signal.Signals(exc.signum).name
            raise OutputError(f"writing was interrupted by {name}; the file was not written") from None
        os.kill(os.getpid(), exc.signum)  # the default action: end the process by this signal
        raise SystemExit(128 + exc.signum) from None  # only if the signal did not end the process
    finally:
        _restore(previous)


def _restore(previous: dict[int, Any]) -> None:
    for signum, action in previous.items():
        signal.signal(signum, action)


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
        If the folder is missing, the path is a folder, the file is read-only, or the file
        cannot be written.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     write_text(pathlib.Path(folder) / "note.txt", "hello\\n")
    ...     (pathlib.Path(folder) / "note.txt").read_text()
    'hello\\n'
    """
    write_atomically(path, lambda handle: handle.write(text))
