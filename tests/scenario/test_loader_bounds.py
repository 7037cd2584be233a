"""Issue 17: loading does bounded work — each file read once, imports sized before they are built,
derived chains in linear time — and every file reached is listed in ``Scenario.input_files``."""

from __future__ import annotations

import gc
import time
from pathlib import Path

import pytest

import negotiation_sim as ns
from negotiation_sim.errors import ScenarioError
from negotiation_sim.scenario import yaml_reader

HEADER = "format: negotiation-sim/1\n"
PLAYERS = "players: {a: {label: A}, b: {label: B}}\nparameters: {p: 1}\n"


def _leaf_tree(outcomes: int) -> str:
    moves = "\n".join(f"        m{i}: o{i}" for i in range(outcomes))
    ends = "\n".join(f"    o{i}: {{payoffs: {{a: {i}, b: p}}}}" for i in range(outcomes))
    return (
        HEADER + "title: Sub\n" + PLAYERS + "game:\n  kind: extensive\n  root: r\n"
        f"  nodes:\n    r:\n      player: a\n      moves:\n{moves}\n  outcomes:\n{ends}\n"
    )


def _importer(folder: Path, name: str, target: str, times: int) -> Path:
    imports = ", ".join(f"i{j}: {target}" for j in range(times))
    moves = ", ".join(f"m{j}: i{j}.r" for j in range(times))
    path = folder / name
    path.write_text(
        HEADER + f"title: {name}\n" + PLAYERS + f"game:\n  kind: extensive\n  root: r\n  imports: {{{imports}}}\n"
        f"  nodes:\n    r: {{player: a, moves: {{{moves}}}}}\n",
        encoding="utf-8",
    )
    return path


def test_a_file_imported_many_times_is_read_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    (tmp_path / "sub.yaml").write_text(_leaf_tree(3), encoding="utf-8")
    main = _importer(tmp_path, "main.yaml", "sub.yaml", 20)
    reads: list[str] = []
    original = yaml_reader.parse_yaml_text

    def counting(text: str, shown: str = "<string>") -> yaml_reader.Document:
        reads.append(Path(shown).name)
        return original(text, shown)

    monkeypatch.setattr("negotiation_sim.scenario.loader.document.parse_yaml_text", counting)
    scenario = ns.load_scenario(main)
    assert sorted(reads) == ["main.yaml", "sub.yaml"]
    assert len(scenario.game.outcomes) == 20 * 3
    assert scenario.evaluate().outcome_payoffs["i7.o2"].tolist() == [2.0, 1.0]


def test_imports_are_sized_before_they_are_built(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("NEGOTIATION_SIM_MAX_TREE_NODES", "1000")
    (tmp_path / "sub.yaml").write_text(_leaf_tree(300), encoding="utf-8")
    main = _importer(tmp_path, "main.yaml", "sub.yaml", 50)
    with pytest.raises(ScenarioError) as info:
        ns.load_scenario(main)
    (problem,) = info.value.problems
    assert Path(problem.file).name == "main.yaml"
    assert problem.key_path == "game.imports"
    assert "with its imports the game has 15051 nodes and outcomes" in problem.message
    assert "the limit is 1000 (raise it with NEGOTIATION_SIM_MAX_TREE_NODES)" in problem.message


def test_nested_imports_stop_at_the_level_that_exceeds_the_limit(tmp_path: Path):
    # Seven 300-byte files, each importing the one below six times: 2 * 6**6 leaves in the last.
    (tmp_path / "l0.yaml").write_text(_leaf_tree(2), encoding="utf-8")
    for level in range(1, 7):
        _importer(tmp_path, f"l{level}.yaml", f"l{level - 1}.yaml", 6)
    assert len(ns.load_scenario(tmp_path / "l5.yaml").game.outcomes) == 2 * 6**5
    start = time.perf_counter()
    with pytest.raises(ScenarioError, match=r"with its imports the game has 149299 nodes") as info:
        ns.load_scenario(tmp_path / "l6.yaml")
    assert time.perf_counter() - start < 20  # was 22 s before the check moved ahead of the copies
    assert Path(info.value.problems[0].file).name == "l6.yaml"


def test_a_long_derived_chain_loads_in_linear_time(tmp_path: Path):
    def chain(n: int) -> Path:
        lines = [f"  d{i}: d{i - 1} + 1" for i in range(1, n)]
        path = tmp_path / f"chain{n}.yaml"
        path.write_text(
            HEADER + "title: Chain\n" + PLAYERS + "derived:\n  d0: p\n" + "\n".join(lines) + "\n"
            f"game: {{kind: normal, strategies: {{a: [u], b: [l]}}, payoffs: {{a: [[d{n - 1}]], b: [[0]]}}}}\n",
            encoding="utf-8",
        )
        return path

    small, large = chain(2_000), chain(16_000)
    ns.load_scenario(small)  # warm up imports and caches
    timings = []
    gc.collect()
    gc.disable()  # the collector's pauses grow with the heap and blur the comparison
    try:
        for path in (small, large):
            start = time.perf_counter()
            scenario = ns.load_scenario(path)
            timings.append(time.perf_counter() - start)
    finally:
        gc.enable()
    assert scenario.evaluate().matrices["a"][0, 0] == 16_000.0
    # Eight times the chain: about eight times the work (it was about 26 times; quadratic is 64).
    assert timings[1] < 16 * timings[0] + 0.5, timings


def test_input_files_list_the_whole_closure(tmp_path: Path):
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "params.yaml").write_text(
        HEADER + "title: Params\n" + PLAYERS.replace("parameters: {p: 1}", "parameters: {p: 1, q: 2}"),
        encoding="utf-8",
    )
    (tmp_path / "sub.yaml").write_text(
        _leaf_tree(2).replace(PLAYERS, "extends: lib/params.yaml\n"),
        encoding="utf-8",
    )
    main = tmp_path / "main.yaml"
    main.write_text(
        HEADER + "title: Main\nextends: lib/params.yaml\n"
        "game:\n  kind: extensive\n  root: s\n  imports: {x: sub.yaml, y: ./sub.yaml}\n"
        "  nodes:\n    s: {player: a, moves: {l: x.r, r: y.r}}\n",
        encoding="utf-8",
    )
    scenario = ns.load_scenario(main)
    expected = [main, tmp_path / "lib" / "params.yaml", tmp_path / "sub.yaml"]
    assert scenario.input_files == tuple(str(p.resolve()) for p in expected)
    assert ns.load_scenario(tmp_path / "lib" / "params.yaml").input_files == (str(expected[1].resolve()),)
