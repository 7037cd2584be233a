"""What SECURITY.md promises about the command line: located messages instead of "internal error",
outputs that never replace an input, and terminal output that cannot carry escape sequences."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

import negotiation_sim as ns

SCENARIOS = ns.bundled_scenarios_dir()
ISLANDS = SCENARIOS / "islands"
PD = SCENARIOS / "textbook" / "prisoners_dilemma.yaml"
NA = ISLANDS / "new_approach.yaml"
SRC = str(Path(__file__).resolve().parents[2] / "src")
# Unbuffered mode writes stdout unchecked in pieces (a CPython quirk that hides a broken pipe).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"} | {"PYTHONPATH": SRC}


def _cli(*args: object, stdout: object = subprocess.PIPE, env: dict[str, str] | None = None, **kwargs: object):
    """Run the CLI in a subprocess (real streams, signals and encodings)."""
    return subprocess.run(
        [sys.executable, "-m", "negotiation_sim", *(str(a) for a in args)],
        stdout=stdout,
        stderr=subprocess.PIPE,
        env={**ENV, **(env or {})},
        check=False,
        **kwargs,
    )


def _no_internal_error(stderr: str) -> None:
    assert "internal error" not in stderr and "Traceback" not in stderr, stderr


# -- "internal error" becomes a message ------------------------------------------------------------


def test_sweep_player_missing_from_a_later_file(run, tmp_path):
    other = tmp_path / "other.yaml"
    other.write_text(PD.read_text().replace("suspect_b", "suspect_c"))
    result = run("sweep", PD, other, "--vary", "temptation=4:6:3", "--vary", "reward=2:3:3", "--player", "suspect_b")
    assert result.exit_code == 2
    _no_internal_error(result.stderr)
    assert f"--player suspect_b: not a player of {other}" in result.stderr
    assert "suspect_a, suspect_c" in result.stderr


@pytest.mark.parametrize("name", ["**", "*", "[a-", "?", "***.yaml", "a**b"])
def test_glob_like_scenario_names_are_just_missing_files(run, tmp_path, monkeypatch, name):
    monkeypatch.chdir(tmp_path)
    result = run("solve", name)
    assert result.exit_code == 2
    _no_internal_error(result.stderr)
    assert name in result.stderr


@pytest.mark.parametrize("option", ["--data", "-o"])
def test_an_output_name_too_long(run, tmp_path, option):
    suffix = ".csv" if option == "--data" else ".png"
    result = run("sweep", PD, "--vary", "temptation=4:6:3", option, tmp_path / ("a" * 300 + suffix))
    assert result.exit_code == 1
    _no_internal_error(result.stderr)
    assert "file name too long" in result.stderr.lower()


def test_a_scenario_name_too_long(run):
    result = run("solve", "b" * 300 + ".yaml")
    assert result.exit_code == 2
    _no_internal_error(result.stderr)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("args", [["solve", PD], ["solve", PD, "--format", "json"], ["schema"]])
def test_stdout_on_a_full_disk(args):
    with open("/dev/full", "w") as full:
        result = _cli(*args, stdout=full, text=True)
    assert result.returncode == 1
    _no_internal_error(result.stderr)
    assert "cannot write to standard output: no space left on device (the disk is full)" in result.stderr
    assert "Exception ignored" not in result.stderr


def test_a_closed_stdout_is_an_error_not_a_silent_success():
    result = _cli("solve", PD, stdout=None, text=True, pass_fds=(), preexec_fn=lambda: os.close(1))
    assert result.returncode == 1
    assert "cannot write to standard output" in result.stderr
    _no_internal_error(result.stderr)


def test_a_reader_that_goes_away_is_quiet_but_not_success(tmp_path):
    # `negotiation-sim ... | head -1`: no message (as for coreutils), status 128 + SIGPIPE.
    long = tmp_path / "long.yaml"  # more output than a pipe buffers
    long.write_text(PD.read_text().replace("title: Prisoner's dilemma", "title: " + "word " * 60_000))
    process = subprocess.Popen(
        [sys.executable, "-m", "negotiation_sim", "solve", str(long)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=ENV,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.read(10)
    process.stdout.close()
    stderr = process.stderr.read().decode()
    process.stderr.close()
    assert process.wait(timeout=30) == 128 + signal.SIGPIPE
    assert stderr == ""


@pytest.mark.parametrize("encoding", ["latin-1", "ascii"])
@pytest.mark.parametrize("command", ["solve", "show", "validate"])
def test_labels_the_terminal_cannot_encode_are_replaced(tmp_path, encoding, command):
    scenario = tmp_path / "cjk.yaml"
    text = PD.read_text().replace("title: Prisoner's dilemma", 'title: "囚人のジレンマ"')
    scenario.write_text(text.replace("label: Suspect A", "label: 容疑者A"), encoding="utf-8")
    result = _cli(command, scenario, env={"PYTHONIOENCODING": encoding})
    assert result.returncode == 0, result.stderr
    _no_internal_error(result.stderr.decode(encoding))
    assert b"\\u56da\\u4eba" in result.stdout or command == "validate"


# -- outputs never replace an input ----------------------------------------------------------------


def _family(tmp_path: Path) -> dict[str, Path]:
    """A scenario that extends parameters.yaml and imports a subgame (which extends it too)."""
    for name in ("parameters.yaml", "new_approach.yaml", "territory_first.yaml"):
        shutil.copy(ISLANDS / name, tmp_path / name)
    return {
        "scenario": tmp_path / "new_approach.yaml",
        "base": tmp_path / "parameters.yaml",
        "other": tmp_path / "territory_first.yaml",
    }


@pytest.mark.parametrize("option", ["--data", "-o"])
def test_an_output_never_replaces_a_file_reached_through_extends(run, tmp_path, option):
    files = _family(tmp_path)
    victim = tmp_path / ("base.json" if option == "--data" else "base.svg")
    files["base"].rename(victim)
    for name in ("new_approach.yaml", "territory_first.yaml"):
        path = tmp_path / name
        path.write_text(path.read_text().replace("extends: parameters.yaml", f"extends: {victim.name}"))
    before = victim.read_bytes()
    result = run("sweep", files["scenario"], "--vary", "china_threat=0:1:3", option, victim)
    assert result.exit_code == 2, result.output
    assert f"{victim}: is read by {files['scenario']}" in result.stderr
    assert victim.read_bytes() == before
    result = run("tornado", files["scenario"], files["other"], "--player", "japan", option, victim)
    assert result.exit_code == 2 and victim.read_bytes() == before
    if option == "-o":
        result = run("tree", files["scenario"], "-o", victim)
        assert result.exit_code == 2 and victim.read_bytes() == before


def test_an_output_never_replaces_an_imported_file(run, tmp_path):
    base = tmp_path / "base.yaml"
    base.write_text(
        "format: negotiation-sim/1\ntitle: base\nplayers: {a: {}, b: {}}\nparameters: {p: {value: 1, range: [0, 2]}}\n"
    )
    sub = tmp_path / "sub.csv"  # an imported subgame with a data-like name
    sub.write_text(
        "format: negotiation-sim/1\ntitle: sub\nextends: base.yaml\n"
        "game:\n  kind: extensive\n  root: n\n  nodes: {n: {player: a, moves: {l: x, r: y}}}\n"
        "  outcomes: {x: {payoffs: {a: p, b: 0}}, y: {payoffs: {a: 0, b: 1}}}\n"
    )
    main = tmp_path / "main.yaml"
    main.write_text(
        "format: negotiation-sim/1\ntitle: main\nextends: base.yaml\n"
        "game:\n  kind: extensive\n  root: m\n  imports: {s: sub.csv}\n"
        "  nodes: {m: {player: b, moves: {go: s.n, stop: z}}}\n  outcomes: {z: {payoffs: {a: 0, b: 0}}}\n"
    )
    assert run("validate", main).exit_code == 0
    before = sub.read_bytes()
    for target in (sub, base.with_suffix(".yaml")):
        result = run("sweep", main, "--vary", "p=0:2:3", "--data", target)
        assert result.exit_code == 2, result.output
        assert "is read by" in result.stderr or "unsupported file type" in result.stderr
    assert sub.read_bytes() == before
    # A hard link to an input is the same file under another name.
    link = tmp_path / "link.csv"
    os.link(sub, link)
    result = run("sweep", main, "--vary", "p=0:2:3", "--data", link)
    assert result.exit_code == 2 and sub.read_bytes() == before


def test_a_read_only_output_is_refused(run, tmp_path):
    target = tmp_path / "grid.csv"
    target.write_text("keep\n")
    target.chmod(0o444)
    result = run("sweep", PD, "--vary", "temptation=4:6:3", "--data", target)
    assert result.exit_code == 1
    assert "read-only" in result.stderr
    assert target.read_text() == "keep\n"


def _signals_as_in_a_terminal() -> None:
    """Run in the child before exec: a test run under ``nohup`` would pass on an ignored SIGHUP,
    which the writer rightly keeps ignoring; the tests are about a terminal session."""
    signal.signal(signal.SIGHUP, signal.SIG_DFL)


def test_a_sweep_killed_while_writing_leaves_no_temporary_file(tmp_path):
    # A patched CSV writer that stalls after the first rows, so the signal arrives mid-write.
    code = (
        "import csv, sys, time\n"
        "original = csv.DictWriter.writerows\n"
        "def slow(self, rows):\n"
        "    original(self, rows)\n"
        "    self.writer.writerow(['x'] * 1000)\n"
        "    print('writing', file=sys.stderr, flush=True)\n"
        "    time.sleep(30)\n"
        "csv.DictWriter.writerows = slow\n"
        "from negotiation_sim.cli import main\n"
        "main(sys.argv[1:])\n"
    )
    for signum in (signal.SIGTERM, signal.SIGHUP):
        process = subprocess.Popen(
            [sys.executable, "-c", code, "sweep", str(PD), "--vary", "temptation=4:6:50", "--data", "grid.csv"],
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            preexec_fn=_signals_as_in_a_terminal,
            env=ENV,
        )
        assert process.stderr is not None
        assert process.stderr.readline().strip() == "writing"
        assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
        process.send_signal(signum)
        process.communicate(timeout=20)
        assert process.returncode == -signum
        assert list(tmp_path.iterdir()) == []


# -- nothing printed can drive the terminal --------------------------------------------------------

HOSTILE = {
    "title": "Evil\x1b]0;pwned\x07\x1b[2J\u202eterces",
    "label": "A\x1b[31mred\u2066x\u2069\r\x9b",
}


def _hostile(tmp_path: Path) -> Path:
    path = tmp_path / "evil.yaml"
    text = PD.read_text().replace("title: Prisoner's dilemma", f"title: {json.dumps(HOSTILE['title'])}")
    path.write_text(text.replace("label: Suspect A", f"label: {json.dumps(HOSTILE['label'])}"))
    return path


_UNSAFE = ["\x1b", "\x07", "\x9b", "\r", "\u202e", "\u2066", "\u2069"]


@pytest.mark.parametrize(
    "args",
    [
        ["solve"],
        ["solve", "--format", "markdown"],
        ["solve", "--format", "json"],
        ["show"],
        ["show", "--format", "markdown"],
        ["validate"],
        ["sweep", "--vary", "temptation=4:6:3"],
        ["solve", "--set", "nope=1"],
    ],
)
def test_control_and_bidi_characters_are_escaped(run, tmp_path, args):
    path = _hostile(tmp_path)
    result = run(args[0], path, *args[1:])
    printed = result.output + result.stderr
    assert not [c for c in _UNSAFE if c in printed], repr(printed)
    if args == ["solve"]:
        assert "\\x1b]0;pwned" in printed or "\\u001b]0;pwned" in printed
    if "json" in args:
        assert json.loads(result.output)["scenario"]["title"] == HOSTILE["title"]  # still the same value


def test_list_escapes_titles(run, tmp_path):
    _hostile(tmp_path)
    result = run("list", tmp_path)
    assert result.exit_code == 0
    assert not [c for c in _UNSAFE if c in result.output]


def test_compare_escapes_labels(run, tmp_path):
    path = _hostile(tmp_path)
    result = run("compare", path, PD)
    assert result.exit_code == 0, result.stderr
    assert not [c for c in _UNSAFE if c in result.output + result.stderr]


# -- Markdown output cannot be restructured by a title or label ------------------------------------

INJECTION = {
    "title": "Nice\n# Injected heading\n<script>alert(1)</script>",
    "label": "A | B</td><img src=x onerror=alert(1)>\n## Also injected",
    "description": "First line.\n# Not a heading\n<script>alert(2)</script>\n```\nbreak out",
}


def _injected(tmp_path: Path) -> Path:
    path = tmp_path / "inject.yaml"
    text = PD.read_text().replace("title: Prisoner's dilemma", f"title: {json.dumps(INJECTION['title'])}")
    text = text.replace("label: Suspect A", f"label: {json.dumps(INJECTION['label'])}")
    start, end = text.index("description: >"), text.index("sources:")
    text = text[:start] + f"description: {json.dumps(INJECTION['description'])}\n" + text[end:]
    path.write_text(text)
    return path


def _markdown_problems(text: str) -> list[str]:
    """Lines a Markdown renderer would read as injected structure (headings, HTML, a broken fence)."""
    problems = []
    fence: str | None = None
    for line in text.splitlines():
        stripped = line.strip()
        if fence is not None:
            if stripped.startswith(fence) and set(stripped) == {"`"}:
                fence = None
            elif line in ("## Parameters", "## Parameter sources", "## Derived", "## Game"):
                problems.append(f"heading swallowed by a code block: {line}")
            continue
        if stripped.startswith("```"):
            fence = stripped[: len(stripped) - len(stripped.lstrip("`"))]
            continue
        if re.match(r"\s*#+\s*(Injected|Also injected|Not a heading)", line):
            problems.append(line)
        if re.search(r"(?<!\\)<(script|img|/td)", line):
            problems.append(line)
    return problems


def test_solve_markdown_escapes_titles_and_labels(run, tmp_path):
    path = _injected(tmp_path)
    result = run("solve", path, "--format", "markdown")
    assert result.exit_code == 0, result.stderr
    assert _markdown_problems(result.output) == []
    header = result.output.splitlines()[0]
    assert header.startswith("## Nice") and "Injected heading" in header  # kept, on the heading line
    table = next(line for line in result.output.splitlines() if line.startswith("| # |"))
    assert table.count(" | ") == table.replace("\\|", "").count(" | ")  # every cell still a cell
    assert "A \\| B" in table


def test_show_markdown_escapes_title_description_and_fence(run, tmp_path):
    path = _injected(tmp_path)
    result = run("show", path, "--format", "markdown")
    assert result.exit_code == 0, result.stderr
    assert _markdown_problems(result.output) == []
    assert result.output.splitlines()[0].startswith("# Nice")


def test_the_text_formats_are_unchanged_by_markdown_escaping(run, tmp_path):
    path = _injected(tmp_path)
    result = run("solve", path)
    assert "<script>alert(1)</script>" in result.output  # text output shows the title as written
