"""negotiation_sim.output: permissions follow the umask and the file replaced, read-only targets are
refused, and no temporary file survives an error or a terminating signal."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from negotiation_sim.errors import OutputError
from negotiation_sim.output import write_atomically, write_text


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


@pytest.mark.parametrize(("umask", "expected"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_new_files_follow_the_umask(tmp_path, umask: int, expected: int) -> None:
    previous = os.umask(umask)
    try:
        write_text(tmp_path / "out.txt", "x")
    finally:
        os.umask(previous)
    assert _mode(tmp_path / "out.txt") == expected


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o664, 0o755])
def test_a_replaced_file_keeps_its_mode(tmp_path, mode: int) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old")
    target.chmod(mode)
    write_text(target, "new")
    assert target.read_text() == "new"
    assert _mode(target) == mode


@pytest.mark.parametrize("mode", [0o444, 0o400, 0o000])
def test_read_only_targets_are_refused_and_kept(tmp_path, mode: int) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old")
    target.chmod(mode)
    with pytest.raises(OutputError, match="read-only"):
        write_text(target, "new")
    target.chmod(0o644)
    assert target.read_text() == "old"
    assert _leftovers(tmp_path) == []


def test_a_name_too_long_is_an_output_error(tmp_path) -> None:
    with pytest.raises(OutputError, match=r"(?i)file name too long"):
        write_text(tmp_path / ("a" * 300 + ".csv"), "x")


def test_an_error_while_writing_leaves_no_temporary_file(tmp_path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old")

    def fail(handle) -> None:
        handle.write("partial")
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        write_atomically(target, fail)
    assert target.read_text() == "old"
    assert _leftovers(tmp_path) == []


_SLOW_WRITER = """
import sys, time
from negotiation_sim.output import write_text, write_atomically
def write(handle):
    handle.write("x" * 100000)
    handle.flush()
    print("writing", flush=True)
    time.sleep(30)
write_atomically(sys.argv[1], write)
"""


def _signals_as_in_a_terminal() -> None:
    """Run in the child before exec: a test run under ``nohup`` would pass on an ignored SIGHUP,
    which the writer rightly keeps ignoring; the tests are about a terminal session."""
    signal.signal(signal.SIGHUP, signal.SIG_DFL)


def _kill_mid_write(tmp_path: Path, signum: int) -> subprocess.CompletedProcess[str]:
    target = tmp_path / "out.txt"
    target.write_text("old")
    process = subprocess.Popen(
        [sys.executable, "-c", _SLOW_WRITER, str(target)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_signals_as_in_a_terminal,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")},
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "writing"
    assert len(_leftovers(tmp_path)) == 1, "the writer should be writing a temporary file"
    process.send_signal(signum)
    stdout, stderr = process.communicate(timeout=20)
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT, signal.SIGUSR1])
def test_a_terminating_signal_removes_the_temporary_file_and_still_terminates(tmp_path, signum: int) -> None:
    started = time.monotonic()
    result = _kill_mid_write(tmp_path, signum)
    assert time.monotonic() - started < 15
    assert result.returncode == -signum, result.stderr  # died of the same signal: the shell shows 128 + n
    assert _leftovers(tmp_path) == []
    assert (tmp_path / "out.txt").read_text() == "old"


def test_ctrl_c_removes_the_temporary_file(tmp_path) -> None:
    result = _kill_mid_write(tmp_path, signal.SIGINT)
    assert "KeyboardInterrupt" in result.stderr
    assert _leftovers(tmp_path) == []
    assert (tmp_path / "out.txt").read_text() == "old"


def test_handlers_are_restored_after_writing(tmp_path) -> None:
    before = {s: signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT)}
    write_text(tmp_path / "out.txt", "x")
    assert {s: signal.getsignal(s) for s in before} == before


def test_an_ignored_signal_stays_ignored(tmp_path) -> None:
    previous = signal.signal(signal.SIGHUP, signal.SIG_IGN)
    try:
        seen = []
        write_atomically(tmp_path / "out.txt", lambda h: seen.append(signal.getsignal(signal.SIGHUP)))
    finally:
        signal.signal(signal.SIGHUP, previous)
    assert seen == [signal.SIG_IGN]
