"""Fuzz the scenario loader: any bytes either load or raise a located ScenarioError.

After a successful load, solving must return or raise a NegotiationSimError.
"""

from __future__ import annotations

from fuzz_support import FUZZ, load_and_solve, mutated_scenarios, text_mutations, write_case
from hypothesis import given
from hypothesis import strategies as st

import negotiation_sim as ns

LINE_FREE = (
    "no such file",
    "is a folder",
    "bytes; the limit is",
    "larger than the limit",
    "binary file",
    "the file this",
    "which is not a file",
    "cycle:",
    "has no extensive game",
    "has players",
    "uses parameters",
    "derived quantities refer",
)


def _check(result: object) -> None:
    if isinstance(result, ns.ScenarioError):
        for problem in result.problems:
            # Problems found in the YAML text carry a line number.
            if problem.line is None:
                assert any(s in problem.message for s in LINE_FREE) or problem.file != "<string>", problem


@FUZZ
@given(st.binary(max_size=4000))
def test_random_bytes(data: bytes) -> None:
    _check(load_and_solve(write_case(data)))


@FUZZ
@given(st.text(max_size=2000), st.sampled_from(["utf-8", "utf-16", "latin-1", "utf-8-sig"]))
def test_random_text(text: str, encoding: str) -> None:
    _check(load_and_solve(write_case(text.encode(encoding, errors="replace"))))


@FUZZ
@given(mutated_scenarios())
def test_mutated_bundled_scenarios(case: tuple[str, bytes]) -> None:
    folder, data = case
    _check(load_and_solve(write_case(data, folder)))


@FUZZ
@given(
    st.sampled_from(["textbook/centipede.yaml", "islands/new_approach.yaml", "textbook/chicken.yaml"]).flatmap(
        lambda name: st.tuples(st.just(name), text_mutations((ns.bundled_scenarios_dir() / name).read_bytes()))
    )
)
def test_byte_mutations_of_bundled_scenarios(case: tuple[str, bytes]) -> None:
    name, data = case
    _check(load_and_solve(write_case(data, name.split("/")[0])))
