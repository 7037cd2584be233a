"""Fuzz scenarios built from several files (issue 17): random ``extends``/``imports`` graphs whose
targets may be missing, looping (through files or symbolic links), below a file, with NUL
characters or thousands of characters in their names, or files that are not scenarios at all.

Oracle: loading returns or raises a ScenarioError whose every problem names a file and encodes
as UTF-8; the content of a non-scenario file (a marker ``SECRET``) never appears in a message;
every loaded scenario lists its whole input closure in ``input_files``; solving raises nothing
but NegotiationSimError.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

from fuzz_support import FUZZ, load_and_solve
from hypothesis import given
from hypothesis import strategies as st

import negotiation_sim as ns

FILES = ["a.yaml", "b.yaml", "c.yaml", "sub/d.yaml"]
SECRET = "SECRET-do-not-print"
NOT_SCENARIOS = {
    ".env": f"TOKEN={SECRET}\n",
    "notes.yaml": f"password: {SECRET}\nlist: [{SECRET}]\n",
    "broken.txt": f"{SECRET}: [unclosed\n",
    "binary.bin": "\x00" + SECRET,
}
TARGETS = st.sampled_from(
    [
        *FILES,
        "../a.yaml",
        "missing.yaml",
        "a.yaml/x.yaml",
        "sub",
        "loop1.yaml",
        *NOT_SCENARIOS,
        "a\0.yaml",
        "n" * 5000 + ".yaml",
        "n" * 300,
        "./b.yaml",
    ]
)
TITLES = ["T", "x", '"\\ud800 half a pair"', "yes", '"\\u202e reversed"']
PLAYERS = "players: {a: {label: A}, b: {label: B}}\n"


@st.composite
def file_graphs(draw: st.DrawFn) -> dict[str, str]:
    """Text of each scenario file: a small tree, maybe an extends, maybe imports."""
    texts = {}
    for name in FILES:
        lines = ["format: negotiation-sim/1", f"title: {draw(st.sampled_from(TITLES))}"]
        if draw(st.booleans()):
            lines.append(f"extends: {json.dumps(draw(TARGETS))}")
        lines.append(PLAYERS.rstrip())
        value = draw(st.sampled_from(["1", "010", "1:30", "0x1f", '!!bool "maybe"', "yes"]))
        lines.append(f"parameters: {{p: {value}}}")
        if draw(st.booleans()):
            lines.append(f"derived: {{k: {draw(st.sampled_from(['p*2', 'p*-5', 'k', 'q']))!r}, d: 'k+1'}}")
        imports = draw(st.lists(TARGETS, max_size=3))
        lines += ["game:", "  kind: extensive", "  root: r"]
        if imports:
            entries = ", ".join(f"i{j}: {json.dumps(t)}" for j, t in enumerate(imports))
            lines.append(f"  imports: {{{entries}}}")
        target = draw(st.sampled_from(["o", "i0.r", "i1.o"]))
        lines += [
            f"  nodes: {{r: {{player: a, moves: {{x: o, y: {target}}}}}}}",
            "  outcomes: {o: {payoffs: {a: p, b: 0}}}",
        ]
        texts[name] = "\n".join(lines) + "\n"
    return texts


def _write(root: Path, texts: dict[str, str]) -> None:
    (root / "sub").mkdir()
    for name, text in texts.items():
        (root / name).write_text(text, encoding="utf-8")
    for name, text in NOT_SCENARIOS.items():
        (root / name).write_text(text, encoding="utf-8")
    if hasattr(os, "symlink"):
        os.symlink(root / "loop2.yaml", root / "loop1.yaml")
        os.symlink(root / "loop1.yaml", root / "loop2.yaml")


@FUZZ
@given(file_graphs(), st.sampled_from(FILES))
def test_scenarios_from_several_files(texts: dict[str, str], start: str) -> None:
    root = Path(tempfile.mkdtemp(prefix="ns-fuzz-files-"))
    try:
        _write(root, texts)
        result = load_and_solve(root / start)
        if isinstance(result, ns.ScenarioError):
            for problem in result.problems:
                assert SECRET not in str(problem), str(problem)
                str(problem).encode("utf-8")
                assert problem.file
        else:
            scenario = ns.load_scenario(root / start)
            assert scenario.input_files[0] == str((root / start).resolve())
            assert all(Path(f).is_file() for f in scenario.input_files)
            assert scenario.title.encode("utf-8")
    finally:
        shutil.rmtree(root, ignore_errors=True)
