"""Printing: the one way commands write to stdout and stderr.

- Control characters (ANSI and OSC escape sequences, carriage returns, C1 codes) and Unicode
  bidirectional overrides in anything printed are shown as ``\\u001b``-style escapes, so a
  scenario's title or label cannot drive the terminal or reorder what the reader sees.  In
  JSON output this form is a valid JSON escape of the same character, so data round-trip.
- Characters the stream's encoding cannot represent (``PYTHONIOENCODING=latin-1`` and a CJK
  label) are printed as backslash escapes instead of ending the command.
- A stdout that fails is an :class:`~negotiation_sim.errors.OutputError` (exit status 1) that
  says why ("the disk is full", "it is closed"); a reader that goes away (``| head``) is
  handled by the command group: quiet, exit status 141 (128 + SIGPIPE), as for coreutils.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import re
import sys

import click

from ..errors import OutputError
from ..output import os_error_text

_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f"  # C0 controls but tab and newline; DEL; C1 controls (CSI is \x9b)
    "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"  # bidirectional marks, embeddings, overrides, isolates
    "\u2028\u2029"  # line and paragraph separators (a fake line break)
    "\ud800-\udfff]"  # lone surrogates (not text; cannot be encoded)
)


def terminal_safe(text: str) -> str:
    """``text`` with control and bidirectional-formatting characters written as ``\\uXXXX``.

    Parameters
    ----------
    text : str

    Returns
    -------
    str
        Tabs and newlines are kept; every other control character, bidi mark, embedding,
        override or isolate, line/paragraph separator and lone surrogate is escaped.

    Examples
    --------
    >>> terminal_safe("Evil\\x1b[2J title\\u202e")
    'Evil\\\\u001b[2J title\\\\u202e'
    >>> terminal_safe("a\\tb\\nc")
    'a\\tb\\nc'
    """
    return _UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def configure_streams() -> None:
    """Let stdout and stderr print what their encoding lacks as backslash escapes."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            with contextlib.suppress(ValueError, OSError):  # a closed or detached stream
                stream.reconfigure(errors="backslashreplace")


def emit(text: str = "", *, err: bool = False, nl: bool = True) -> None:
    """Print ``text`` (escaped with :func:`terminal_safe`) on stdout, or stderr with ``err``.

    Parameters
    ----------
    text : str
    err : bool, optional
        Print on stderr (messages) instead of stdout (results).
    nl : bool, optional
        End with a newline.

    Raises
    ------
    OutputError
        If stdout is closed or cannot be written (e.g. the disk is full).
    BrokenPipeError
        If the reader of a pipe went away (the command group ends quietly).
    """
    stream = sys.stderr if err else sys.stdout
    if stream is None:  # started with the descriptor closed (`>&-`)
        if err:
            return  # nowhere left to say anything
        raise OutputError("cannot write to standard output: it is closed")
    try:
        click.echo(terminal_safe(text), file=stream, nl=nl)
    except BrokenPipeError:
        raise
    except OSError as exc:
        if err:
            return
        raise stdout_error(exc) from exc


def stdout_error(exc: OSError) -> OutputError:
    """The error for a failed write to stdout (``EBADF``: closed); stdout is abandoned."""
    abandon_stdout()
    reason = "it is closed" if exc.errno == errno.EBADF else os_error_text(exc)
    return OutputError(f"cannot write to standard output: {reason}")


def flush_stdout() -> None:
    """Flush stdout so that a failure surfaces while it can still be reported."""
    if sys.stdout is not None:
        try:
            sys.stdout.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise stdout_error(exc) from exc


def abandon_stdout() -> None:
    """Point stdout at the null device so the interpreter's final flush cannot fail again."""
    with contextlib.suppress(OSError, ValueError, AttributeError, io.UnsupportedOperation):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    with contextlib.suppress(OSError):
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - replaces the failed stream for good
