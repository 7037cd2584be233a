"""Fuzz the CLI's option parsing with click's CliRunner: random ``--set`` values and option
strings on ``solve``, ``show`` and ``validate`` never produce a traceback, and the exit code
is 0, 2 (invalid input), or 1 only for output errors.
"""

from __future__ import annotations

from click.testing import CliRunner
from fuzz_support import FUZZ, SCENARIOS, hard_timeout, mutated_scenarios, write_case
from hypothesis import given
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
