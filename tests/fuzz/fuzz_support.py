"""Shared pieces of the fuzz tests: settings, a hard time guard, strategies and oracles.

The number of examples per test comes from ``NEGOTIATION_SIM_FUZZ_EXAMPLES`` (default 200,
so the fuzz tests stay a small part of the normal suite); see ``tests/fuzz/README.md``.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import tempfile
import threading
import warnings
from collections.abc import Iterator
from pathlib import Path

import yaml
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

import negotiation_sim as ns
from negotiation_sim.errors import NegotiationSimError, ScenarioError, ScenarioWarning

EXAMPLES = int(os.environ.get("NEGOTIATION_SIM_FUZZ_EXAMPLES", "200"))
"""Examples per fuzz test (env ``NEGOTIATION_SIM_FUZZ_EXAMPLES``)."""

DEADLINE_MS = int(os.environ.get("NEGOTIATION_SIM_FUZZ_DEADLINE_MS", "5000"))
"""Hypothesis deadline per example: anything slower is a failure."""

HARD_TIMEOUT_S = int(os.environ.get("NEGOTIATION_SIM_FUZZ_HARD_TIMEOUT", "20"))
"""Hard guard per example: a hang is interrupted and reported instead of blocking the run."""

FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=DEADLINE_MS,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    print_blob=True,
)

SCENARIOS = ns.bundled_scenarios_dir()
BUNDLED = sorted(p.relative_to(SCENARIOS).as_posix() for p in SCENARIOS.rglob("*.yaml"))
CORPUS = Path(__file__).resolve().parents[1] / "data" / "fuzz_corpus"


class HardTimeout(AssertionError):
    """An example ran longer than :data:`HARD_TIMEOUT_S` (a hang)."""


@contextlib.contextmanager
def hard_timeout(seconds: int = HARD_TIMEOUT_S) -> Iterator[None]:
    """Interrupt the body after ``seconds`` (main thread, POSIX; otherwise a no-op)."""
    if not hasattr(signal, "SIGALRM") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def fire(signum, frame):
        raise HardTimeout(f"example ran longer than {seconds} s (hard timeout)")

    previous = signal.signal(signal.SIGALRM, fire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# -- a scratch copy of the bundled scenarios, so relative `extends`/`imports` resolve ------------
_WORKSPACE: Path | None = None


def workspace() -> Path:
    """A private copy of the bundled scenarios (created once per process)."""
    global _WORKSPACE
    if _WORKSPACE is None:
        root = Path(tempfile.mkdtemp(prefix="ns-fuzz-"))
        shutil.copytree(SCENARIOS, root / "scenarios")
        _WORKSPACE = root / "scenarios"
    return _WORKSPACE


def write_case(data: bytes, folder: str = "islands", name: str = "fuzz_case.yaml") -> Path:
    path = workspace() / folder / name
    path.write_bytes(data)
    return path


# -- oracles ---------------------------------------------------------------------------------------
def check_scenario_error(exc: ScenarioError, path: str) -> None:
    """A ScenarioError must name a file for every problem, with a line where it comes from YAML."""
    assert exc.problems, "ScenarioError without problems"
    text = str(exc)
    assert text.strip()
    assert "Traceback" not in text
    for problem in exc.problems:
        assert problem.file, f"unlocated problem: {problem}"
        assert problem.message.strip()


def load_and_solve(path: Path) -> object:
    """Load ``path`` and, if it loads, solve it; only NegotiationSimError may escape.

    Returns the solution, the ScenarioError, or None for a scenario without a game.
    """
    with warnings.catch_warnings(record=True) as caught, hard_timeout():
        warnings.simplefilter("always")
        try:
            scenario = ns.load_scenario(path)
        except ScenarioError as exc:
            check_scenario_error(exc, str(path))
            return exc
        if scenario.game is None:
            return None
        try:
            result = ns.solve(scenario)
        except NegotiationSimError as exc:
            assert str(exc).strip()
            result = exc
    unexpected = [w for w in caught if not issubclass(w.category, ScenarioWarning)]
    assert not unexpected, [f"{w.category.__name__}: {w.message}" for w in unexpected]
    return result


# -- strategies ------------------------------------------------------------------------------------
def bundled_data(name: str) -> object:
    return yaml.safe_load((SCENARIOS / name).read_text(encoding="utf-8"))


NAMES = [
    "china_threat",
    "trust_gain",
    "temptation",
    "reward",
    "pie",
    "p_high",
    "x",
    "offer",
    "japan",
    "russia",
    "status_quo",
    "root",
    "value",
    "range",
    "payoffs",
    "moves",
    "next",
    "probability",
]

weird_numbers = (
    st.sampled_from(
        [
            0,
            -0.0,
            1,
            -1,
            1e300,
            -1e300,
            1e-300,
            5e-324,
            1.7976931348623157e308,
            10**400,
            -(10**30),
            2**63,
            2**64 + 1,
            1e16 + 1,
        ]
    )
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.integers()
)
weird_strings = st.sampled_from(
    [
        "",
        " ",
        "nan",
        "NaN",
        ".nan",
        "inf",
        "-inf",
        ".inf",
        "1e999",
        "9 ** 9 ** 9",
        "10 ** 10 ** 10",
        "exp(1000)",
        "log(0)",
        "0/0",
        "1/0",
        "sqrt(-1)",
        "__import__('os').system('touch pwned')",
        "().__class__.__bases__",
        "x" * 3000,
        "(" * 60 + "1" + ")" * 60,
        "not " * 400 + "1",
        "-" * 500 + "1",
        "+".join(["1"] * 600),
        "lambda: 1",
        "open('/etc/passwd')",
        "a if b else c",
        "[1, 2][0]",
        "{'a': 1}",
        "1 < 2 < 3",
        "where(1, 2)",
        "min()",
        "clip(1, 2, 3, 4)",
        "Ω",
        "\u202e",
        "\ud7ff",
        "é" * 50,
        "status_quo",
        "offer",
        "unknown_id",
        "tf.offer",
        "na.cooperate",
        "..",
        "/",
        "/etc/passwd",
        "../../../../etc/passwd",
        "parameters.yaml",
        "fuzz_case.yaml",
        "1_000",
        "0x10",
        "1e-400",
        "True",
        "None",
        "~",
        "yes",
        "null",
        "2024-01-01",
    ]
) | st.text(max_size=40)


def _deep(depth: int, leaf: object, as_list: bool) -> object:
    value = leaf
    for _ in range(depth):
        value = [value] if as_list else {"k": value}
    return value


def _containers(children: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    # A named function: hypothesis >= 6.150 inspects the source of a lambda ``extend`` to see that it
    # uses its argument, and a multi-line lambda makes that check fail (a deprecation warning, an
    # error under filterwarnings=error, seen in the issue 17 campaign).
    return st.lists(children, max_size=4) | st.dictionaries(
        st.sampled_from(NAMES) | st.text(max_size=10), children, max_size=4
    )


weird_values = st.recursive(
    weird_numbers
    | weird_strings
    | st.none()
    | st.booleans()
    | st.builds(_deep, st.integers(1, 80), st.just(1), st.booleans()),
    _containers,
    max_leaves=12,
)


def _paths(value: object, prefix: tuple = ()) -> list[tuple]:
    out = [prefix]
    if isinstance(value, dict):
        for k, v in value.items():
            out += _paths(v, prefix + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += _paths(v, prefix + (i,))
    return out


def _get(value: object, path: tuple) -> object:
    for part in path:
        value = value[part]  # type: ignore[index]
    return value


def _ids(data: object) -> list[str]:
    game = data.get("game") if isinstance(data, dict) else None
    ids: list[str] = []
    if isinstance(game, dict):
        for key in ("nodes", "outcomes"):
            if isinstance(game.get(key), dict):
                ids += list(game[key])
    return ids


@st.composite
def mutated_scenarios(draw: st.DrawFn) -> tuple[str, bytes]:
    """A bundled scenario with 1-4 structural mutations, as (folder, YAML bytes)."""
    name = draw(st.sampled_from(BUNDLED))
    data = bundled_data(name)
    for _ in range(draw(st.integers(1, 4))):
        paths = _paths(data)
        path = draw(st.sampled_from(paths))
        op = draw(
            st.sampled_from(
                [
                    "drop",
                    "rename",
                    "replace",
                    "wrap_list",
                    "to_list",
                    "unknown_ref",
                    "cycle",
                    "duplicate_ref",
                    "type_swap",
                ]
            )
        )
        if not path:
            if op in ("replace", "type_swap"):
                data = draw(weird_values)
            continue
        parent = _get(data, path[:-1])
        last = path[-1]
        current = parent[last]
        if op == "drop":
            del parent[last]
        elif op == "rename" and isinstance(parent, dict):
            new = draw(st.sampled_from(NAMES) | st.text(max_size=12))
            parent[new] = parent.pop(last)
        elif op == "replace":
            parent[last] = draw(weird_values)
        elif op == "wrap_list":
            parent[last] = [current]
        elif op == "to_list" and isinstance(current, dict):
            parent[last] = list(current.values()) if draw(st.booleans()) else list(current)
        elif op in ("unknown_ref", "cycle", "duplicate_ref"):
            ids = _ids(data) or ["nowhere"]
            if op == "unknown_ref":
                parent[last] = draw(st.sampled_from(["nowhere", "tf.nowhere", ids[0] + "_", ""]))
            else:
                parent[last] = draw(st.sampled_from(ids))
        elif op == "type_swap":
            swaps = {dict: [], list: {}, str: 0, int: "x", float: [1.0], bool: "yes", type(None): {}}
            parent[last] = swaps.get(type(current))
    text = yaml.safe_dump(
        data,
        allow_unicode=draw(st.booleans()),
        sort_keys=False,
        default_flow_style=draw(st.sampled_from([None, False, True])),
    )
    raw = text.encode("utf-8")
    if draw(st.booleans()):
        raw = draw(text_mutations(raw))
    return name.split("/")[0], raw


@st.composite
def text_mutations(draw: st.DrawFn, raw: bytes) -> bytes:
    """Byte-level edits of a YAML text: splice in tags, aliases, junk, or truncate."""
    snippets = [
        b"!!python/object/apply:os.system ['touch PWNED_FUZZ']",
        b"!!python/name:os.system",
        b"!!binary aGVsbG8=",
        b"!!timestamp 2001-12-14",
        b"!!set {a, b}",
        b"!!omap [a: 1]",
        b"&a [1, 2]",
        b"*a",
        b"*undefined",
        b"<<: {x: 1}",
        b"? [complex, key]\n: 1",
        b"\t",
        b"\x00",
        b"\xff\xfe",
        b"\xef\xbb\xbf",
        b"%YAML 1.1\n---\n",
        b"---\n",
        b"...\n",
        b"'unterminated",
        b"{",
        b"[",
        b"!!str",
        b"!!int 12abc",
        b"!!float x",
        b"!!int " + b"9" * 5000,
        b"\x85",
        b"\xe2\x80\xa8",
        # issue 17: tags that cannot read their value, huge YAML 1.1 numbers, surrogates, booleans as names
        b'!!bool "maybe"',
        b"!!bool maybe: 1",
        b"!!null x",
        b"0x" + b"f" * 6000,
        b":".join([b"59"] * 3000),
        b'"\\ud800"',
        b"010",
        b"1:30",
        b"[yes, no]",
        b"{<<: {value: 1}}",
    ]
    for _ in range(draw(st.integers(1, 3))):
        op = draw(st.sampled_from(["insert", "truncate", "flip", "replace_line"]))
        pos = draw(st.integers(0, len(raw)))
        if op == "insert":
            raw = raw[:pos] + draw(st.sampled_from(snippets) | st.binary(max_size=8)) + raw[pos:]
        elif op == "truncate":
            raw = raw[:pos]
        elif op == "flip" and raw:
            pos = min(pos, len(raw) - 1)
            raw = raw[:pos] + bytes([draw(st.integers(0, 255))]) + raw[pos + 1 :]
        else:
            lines = raw.split(b"\n")
            k = min(pos, len(lines) - 1)
            lines[k] = lines[k].split(b":")[0] + b": " + draw(st.sampled_from(snippets))
            raw = b"\n".join(lines)
    return raw


# Expressions from the grammar (mostly valid) plus constructs outside it.
FUNCS = ["min", "max", "abs", "exp", "log", "sqrt", "clip", "where", "foo", "eval", "__import__"]
_numbers = (
    st.sampled_from(["0", "1", "2.5", "1e300", "1e-300", "9", "10**400", "1e999", "0.0", "3"])
    | st.floats(allow_nan=False, allow_infinity=False).map(repr)
    | st.integers(-(10**6), 10**6).map(str)
)
_names = st.sampled_from(["a", "b", "c", "unknown", "__class__", "True", "None"])


def _binary(children):
    return st.tuples(
        children,
        st.sampled_from(
            ["+", "-", "*", "/", "**", "<", "<=", ">", ">=", "==", "!=", "%", "//", "@", "&", " and ", " or "]
        ),
        children,
    ).map(lambda t: f"({t[0]} {t[1]} {t[2]})" if t[1] != "**" else f"{t[0]} ** {t[2]}")


def _call(children):
    return st.tuples(st.sampled_from(FUNCS), st.lists(children, max_size=4)).map(lambda t: f"{t[0]}({', '.join(t[1])})")


grammar_expressions = st.recursive(
    _numbers | _names,
    lambda children: (
        _binary(children)
        | _call(children)
        | children.map(lambda c: f"-{c}")
        | children.map(lambda c: f"not {c}")
        | children.map(lambda c: f"{c}.real")
        | children.map(lambda c: f"{c}[0]")
    ),
    max_leaves=30,
)
expression_texts = (
    grammar_expressions
    | weird_strings
    | st.text(max_size=60)
    | st.text(alphabet="0123456789+-*/() .<=>eabcminxlogsqrt,*", max_size=80)
)


# -- CLI output safety (issue 17): Markdown structure, huge counts --------------------------------
markdown_payloads = st.lists(
    st.sampled_from(
        [
            "\n",
            "\r\n",
            "\u2028",
            "\x85",
            "# ",
            "## H",
            "<script>",
            "</p>",
            "<!--",
            "```",
            "~~~",
            "|",
            "---",
            "===",
            "> ",
            "- ",
            "1. ",
            "`",
            "*",
            "_",
            "[x](javascript:1)",
            "\\",
            "&lt;",
            " ",
            "T",
        ]
    )
    | st.text(max_size=3),
    min_size=1,
    max_size=8,
).map("".join)
"""Titles and labels that would add a heading, HTML, a code fence, a list or a table row if pasted raw."""

huge_counts = st.integers(min_value=10**7 + 1, max_value=10**40)
"""Point, sample and grid counts far above every limit."""

_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_UNESCAPED = r"(?<!\\)(?:\\\\)*"


def markdown_shape(text: str) -> list[tuple[object, ...]]:
    """The block structure of Markdown ``text`` outside code blocks, with inline HTML and code counts.

    Two documents with the same shape have the same headings, tables (and columns), lists,
    quotes, rules, code fences and raw HTML; only the words differ.
    """
    shape: list[tuple[object, ...]] = []
    fence = ""
    for line in text.split("\n"):
        opened = _FENCE.match(line)
        if fence:
            if (
                opened
                and opened.group(1)[0] == fence[0]
                and len(opened.group(1)) >= len(fence)
                and not line[opened.end() :].strip()
            ):
                fence = ""
                shape.append(("fence-close",))
            continue
        if opened:
            fence = opened.group(1)
            shape.append(("fence",))  # its length may grow with backticks inside: not structure
            continue
        if not line.strip():
            kind: tuple[object, ...] = ("blank",)
        elif m := re.match(r" {0,3}(#{1,6})(\s|$)", line):
            kind = ("heading", len(m.group(1)))
        elif re.match(r" {0,3}([-+*]|\d{1,9}[.)])(\s|$)", line):
            kind = ("list",)
        elif re.match(r" {0,3}>", line):
            kind = ("quote",)
        elif re.match(r" {0,3}(=+|-+|\*+|_+)\s*$", line):
            kind = ("rule",)
        elif line.lstrip().startswith("|"):
            kind = ("row", len(re.findall(_UNESCAPED + r"\|", line)))
        else:
            kind = ("text",)
        html = len(re.findall(_UNESCAPED + r"<[A-Za-z/!?]", line))
        ticks = len(re.findall(_UNESCAPED + r"`", line))
        shape.append((*kind, html, ticks))
    return shape
