"""Fuzz the CLI's option parsing with click's CliRunner: random ``--set`` values and option
strings on ``solve``, ``show`` and ``validate`` never produce a traceback, and the exit code
is 0, 2 (invalid input), or 1 only for output errors.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
import tracemalloc
from pathlib import Path

import yaml
from click.testing import CliRunner
from fuzz_support import (
    FUZZ,
    SCENARIOS,
    hard_timeout,
    huge_counts,
    markdown_payloads,
    markdown_shape,
    mutated_scenarios,
    write_case,
)
from hypothesis import example, given
from hypothesis import strategies as st

from negotiation_sim.cli import main

FILES = [
    str(SCENARIOS / n)
    for n in (
        "textbook/prisoners_dilemma.yaml",
        "textbook/entry_deterrence.yaml",
        "textbook/chance_move.yaml",
        "islands/new_approach.yaml",
        "islands/parameters.yaml",
    )
]
PARAMETERS = [
    "temptation",
    "reward",
    "p_high",
    "china_threat",
    "trust_gain",
    "fight_cost",
    "coop_japan",
    "nope",
    "",
    " ",
    "a=b",
]
number_texts = (
    st.sampled_from(
        [
            "0",
            "1",
            "-1",
            "0.5",
            "1e308",
            "1e309",
            "-1e400",
            "nan",
            "NaN",
            "inf",
            "-inf",
            "infinity",
            "1_000",
            "0x10",
            "1e-400",
            "5e-324",
            "",
            " ",
            "=",
            "1=2",
            "٣",
            "１",
            "1.0.0",
            "--",
            "\x00",
            "9" * 5000,
            "1e",
            "+",
        ]
    )
    | st.floats().map(repr)
    | st.text(max_size=12)
)
set_items = st.one_of(
    st.tuples(st.sampled_from(PARAMETERS), st.sampled_from(["=", " = ", "==", ":", ""]), number_texts).map(
        lambda t: "".join(t)
    ),
    st.text(max_size=30),
)
options = st.sampled_from(
    [
        "--format",
        "json",
        "text",
        "markdown",
        "csv",
        "--concept",
        "spe",
        "nash",
        "all",
        "default",
        "bogus",
        "--set",
        "--debug",
        "--help",
        "-h",
        "--version",
        "--",
        "-",
        "--unknown",
        "--format=json",
        "--set=x=1",
        "--concept=nash",
        "",
    ]
) | st.text(max_size=10)


def _check(args: list[str]) -> None:
    with hard_timeout():
        result = CliRunner().invoke(main, args)
    output = result.output + (result.stderr if result.stderr_bytes is not None else "")
    if "--debug" in args and result.exit_code == 1 and result.exception is not None:
        return  # --debug re-raises library errors on purpose
    assert result.exit_code in (0, 1, 2), (args, result.exit_code, output[-1500:])
    assert result.exception is None or isinstance(result.exception, SystemExit), (args, repr(result.exception))
    assert "Traceback" not in output, (args, output[-1500:])
    assert "internal error" not in output, (args, output[-1500:])


@FUZZ
@given(
    st.sampled_from(["solve", "show"]),
    st.sampled_from(FILES),
    st.lists(set_items, max_size=4),
    st.lists(options, max_size=4),
)
def test_set_values_and_options(command: str, file: str, sets: list[str], extra: list[str]) -> None:
    args = [command, file]
    for item in sets:
        args += ["--set", item]
    _check(args + [o for o in extra if o not in ("--debug",)])


@FUZZ
@given(st.lists(options | set_items | st.sampled_from(FILES + ["solve", "show", "validate", "compare"]), max_size=7))
def test_random_argument_lists(args: list[str]) -> None:
    _check([a for a in args if a != "--debug"])


@FUZZ
@given(mutated_scenarios(), st.sampled_from(["validate", "show", "solve"]), st.lists(set_items, max_size=2))
def test_commands_on_mutated_scenarios(case: tuple[str, bytes], command: str, sets: list[str]) -> None:
    folder, data = case
    path = write_case(data, folder)
    args = [command, str(path)]
    if command != "validate":
        for item in sets:
            args += ["--set", item]
    _check(args)


# Titles and labels with control, format (bidi) and separator characters, lone surrogates included:
# nothing printed may carry them raw, whatever the command and format.
hostile_text = st.text(
    st.characters(codec=None, categories=("Cc", "Cf", "Zl", "Zp", "Cs", "Lo", "Ll", "Po", "Sm", "Zs")),
    min_size=1,
    max_size=20,
) | st.sampled_from(["\x1b]0;x\x07", "\x1b[2J", "\u202eabc", "\x9b31m", "\r\n# h\n<script>", "a|b\n---"])


def _raw_unsafe(text: str) -> list[str]:
    import unicodedata

    bidi = {"\u061c", "\u200e", "\u200f", *map(chr, range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A))}
    return [
        c for c in set(text) if c not in "\t\n" and (unicodedata.category(c) in ("Cc", "Zl", "Zp", "Cs") or c in bidi)
    ]


@FUZZ
@given(
    hostile_text,
    hostile_text,
    st.sampled_from(
        [
            ["solve"],
            ["solve", "--format", "markdown"],
            ["solve", "--format", "json"],
            ["show"],
            ["show", "--format", "markdown"],
            ["validate"],
            ["sweep", "--vary", "temptation=4:6:3"],
        ]
    ),
)
def test_hostile_titles_and_labels_never_reach_the_terminal_raw(title: str, label: str, args: list[str]) -> None:
    import json

    source = (SCENARIOS / "textbook" / "prisoners_dilemma.yaml").read_text()
    text = source.replace("title: Prisoner's dilemma", f"title: {json.dumps(title)}")
    text = text.replace("label: Suspect A", f"label: {json.dumps(label)}")
    path = write_case(text.encode(), "textbook")
    with hard_timeout():
        result = CliRunner().invoke(main, [args[0], str(path), *args[1:]])
    output = result.output + result.stderr
    assert result.exit_code in (0, 2), (args, output[-1500:])
    assert "internal error" not in output and "Traceback" not in output, output[-1500:]
    assert _raw_unsafe(output) == [], (args, output[-500:])
    if "json" in args and result.exit_code == 0:
        assert json.loads(result.output)["scenario"]["title"] == title


output_names = st.one_of(
    st.text(max_size=12).map(lambda s: s + ".csv"),
    st.sampled_from(["**.csv", "*.json", "[a-.csv", "a" * 300 + ".csv", "no/such/dir/x.csv", ".", "..", "/", "x.CSV"]),
    st.integers(200, 5000).map(lambda n: "b" * n + ".json"),
)


@FUZZ
@given(output_names)
def test_any_output_name_gives_a_message_and_leaves_no_temporary_file(name: str) -> None:
    folder = write_case(b"", "textbook", "placeholder.yaml").parent
    before = {p.name for p in folder.iterdir()}
    args = ["sweep", str(SCENARIOS / "textbook" / "prisoners_dilemma.yaml"), "--vary", "temptation=4:6:3"]
    with hard_timeout():
        result = CliRunner().invoke(main, [*args, "--data", str(folder / name)] if "\x00" not in name else args)
    output = result.output + result.stderr
    assert result.exit_code in (0, 1, 2), output[-1500:]
    assert "internal error" not in output and "Traceback" not in output, output[-1500:]
    assert not [p for p in folder.iterdir() if p.name.endswith(".tmp") and p.name not in before]


# Markdown output: a title or label never adds structure. The shape of the document (headings,
# tables and their columns, lists, fences, raw HTML) is the same as with plain words.
MARKDOWN_COMMANDS = [
    ["solve", "--format", "markdown"],
    ["solve", "--concept", "all", "--format", "markdown"],
    ["show", "--format", "markdown"],
    ["threshold", "--vary", "temptation", "--points", "11", "--format", "markdown"],
    ["uncertainty", "--samples", "50", "--no-sobol", "--format", "markdown"],
    ["compare", "{case}", "--format", "markdown"],
]


def _with_texts(title: str, label: str, outcome: str) -> Path:
    source = (SCENARIOS / "textbook" / "prisoners_dilemma.yaml").read_text()
    text = source.replace("title: Prisoner's dilemma", f"title: {json.dumps(title)}")
    text = text.replace("label: Suspect A", f"label: {json.dumps(label)}")
    return write_case(
        text.replace("label: Reward for mutual cooperation", f"label: {json.dumps(outcome)}").encode(), "textbook"
    )


def _run(args: list[str]) -> tuple[int, str]:
    with hard_timeout():
        result = CliRunner().invoke(main, args)
    output = result.output + result.stderr
    assert result.exit_code in (0, 2), (args, output[-1500:])
    assert "internal error" not in output and "Traceback" not in output, output[-1500:]
    return result.exit_code, result.output


@FUZZ
@given(markdown_payloads, markdown_payloads, st.sampled_from(MARKDOWN_COMMANDS))
@example("x\n# INJ", "L\n```\n# INJ\n<script>", MARKDOWN_COMMANDS[3])  # threshold printed both raw
@example("\n# INJ", "\n<b>", MARKDOWN_COMMANDS[4])  # uncertainty printed the title raw in a heading
def test_markdown_output_has_no_injected_structure(title: str, label: str, args: list[str]) -> None:
    def command(case: Path) -> list[str]:  # compare reads the case twice
        return [args[0], str(case), *(str(case) if a == "{case}" else a for a in args[1:])]

    plain_code, plain = _run(command(_with_texts("Title", "Label", "Reward")))
    assert plain_code == 0, plain
    code, output = _run(command(_with_texts(title, label, label)))
    assert _raw_unsafe(output) == [], (args, output[-500:])
    if code == 0:
        assert markdown_shape(output) == markdown_shape(plain), (args, output)


# Sizes far above every limit are refused quickly, before anything is allocated.
HUGE_PEAK_BYTES = 64 * 2**20
HUGE_COMMANDS = [
    "sweep {f} --vary temptation=3:10:{n}",
    "sweep {f} --vary temptation=3:10:{n} --vary reward=1:2:3",
    "sweep {f} --vary temptation=3:10:2 --vary reward=1:2:2 --vary sucker=0:1:{n}",
    "threshold {f} --vary temptation --points {n}",
    "uncertainty {f} --samples {n} --no-sobol",
    "uncertainty {f} --samples 100 --sobol-base {n}",
    "uncertainty {f} --samples {n}",
]


@FUZZ
@given(st.sampled_from(HUGE_COMMANDS), huge_counts)
def test_huge_counts_are_refused_fast(template: str, count: int) -> None:
    # Memory is the deterministic oracle (every count here is above a limit of at least
    # 1e6 points, so allocating for it takes gigabytes); the clock only catches a hang, with
    # slack for a loaded machine (a refusal takes about 10 ms).
    args = template.format(f=SCENARIOS / "textbook" / "prisoners_dilemma.yaml", n=count).split()
    start = time.monotonic()
    tracemalloc.start()
    try:
        code, _ = _run(args)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert code == 2, args
    assert peak < HUGE_PEAK_BYTES, (args, peak)
    assert time.monotonic() - start < 10, (args, time.monotonic() - start)


# Outputs: never a file any input was read from, whatever the spelling (issue 17).
@st.composite
def closure_outputs(draw: st.DrawFn) -> tuple[Path, list[str]]:
    """A child scenario extending a base written under the output's suffix, and a command writing to it."""
    folder = Path(tempfile.mkdtemp(prefix="ns-closure-"))
    suffix, command = draw(
        st.sampled_from(
            [
                (".json", "sweep {child} --vary temptation=4:6:3 --data {out}"),
                (".csv", "sweep {child} --vary temptation=4:6:3 --data {out}"),
                (".svg", "sweep {child} --vary temptation=4:6:3 -o {out}"),
                (".json", "tornado {child} --player suspect_a --data {out}"),
                (".json", "uncertainty {child} --samples 20 --no-sobol --data {out}"),
                (".pdf", "tree {child} -o {out}"),
            ]
        )
    )
    base = yaml.safe_load((SCENARIOS / "textbook" / "prisoners_dilemma.yaml").read_text())
    (folder / "sub").mkdir()
    (folder / f"base{suffix}").write_text(json.dumps(base) if suffix == ".json" else yaml.safe_dump(base))
    (folder / "sub" / "child.yaml").write_text(f"format: negotiation-sim/1\nextends: ../base{suffix}\ntitle: child\n")
    spelling = draw(st.sampled_from(["plain", "dotted", "updown", "symlink", "hardlink", "relative"]))
    out = folder / f"base{suffix}"
    if spelling == "dotted":
        out = folder / "." / f"base{suffix}"
    elif spelling == "updown":
        out = folder / "sub" / ".." / f"base{suffix}"
    elif spelling in ("symlink", "hardlink"):
        out = folder / f"link{suffix}"
        (os.symlink if spelling == "symlink" else os.link)(folder / f"base{suffix}", out)
    elif spelling == "relative":
        out = Path(os.path.relpath(out))
    return folder, command.format(child=folder / "sub" / "child.yaml", out=out).split()


@FUZZ
@given(closure_outputs())
def test_outputs_in_the_input_closure_are_refused(case: tuple[Path, list[str]]) -> None:
    folder, args = case
    try:
        before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
        code, _ = _run(args)
        assert code == 2, args
        assert {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()} == before, args
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# Odd scenario and output names: a glob, 300 or 5,000 characters, a NUL, a folder.
odd_names = st.sampled_from(["**", "*", "?", "[", "a" * 300, "a" * 300 + ".yaml", "b" * 5000, "x\x00y", ".", "/", "-"])


@FUZZ
@given(odd_names, st.sampled_from(["solve", "show", "validate", "tree", "threshold --vary x", "uncertainty"]))
def test_odd_scenario_names_give_a_message(name: str, command: str) -> None:
    words = command.split()
    _run([words[0], name, *words[1:]])


# Analysis commands with random options on real scenarios; each example stays cheap.
analysis_args = st.one_of(
    st.tuples(
        st.sampled_from(FILES), st.sampled_from(PARAMETERS), st.integers(-2, 8), st.lists(options, max_size=2)
    ).map(lambda t: ["sweep", t[0], "--vary", f"{t[1]}=0:1:{t[2]}", *t[3]]),
    st.tuples(st.sampled_from(FILES), st.sampled_from(PARAMETERS), st.integers(-2, 30)).map(
        lambda t: ["threshold", t[0], "--vary", t[1], "--points", str(t[2])]
    ),
    st.tuples(
        st.sampled_from(FILES),
        st.sampled_from(["suspect_a", "entrant", "china", "japan", "x", ""]),
        st.lists(set_items, max_size=2),
    ).map(lambda t: ["tornado", t[0], "--player", t[1], *[a for s in t[2] for a in ("--set", s)]]),
    st.tuples(
        st.sampled_from(FILES),
        st.integers(-1, 200),
        st.integers(-1, 2**70),
        st.sampled_from([[], ["--no-sobol"], ["--sobol-base", "64"], ["--sobol-base", "3"]]),
    ).map(lambda t: ["uncertainty", t[0], "--samples", str(t[1]), "--seed", str(t[2]), *t[3]]),
)


@FUZZ
@given(analysis_args)
def test_analysis_commands_with_random_options(args: list[str]) -> None:
    _check(args)
