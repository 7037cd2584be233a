"""Sweeps agree with point-by-point solve(); outputs, conventions and error cases."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import negotiation_sim as ns
from negotiation_sim.analysis.solve import solve
from negotiation_sim.analysis.sweep import SweepResult, grid_values, sweep
from negotiation_sim.errors import ScenarioError
from negotiation_sim.scenario.schema import NormalGame
from negotiation_sim.solvers.checks import is_nash
from negotiation_sim.solvers.nash import nash_equilibria

SCENARIOS = ns.bundled_scenarios_dir()


def load(relative: str):
    return ns.load_scenario(SCENARIOS / relative)


def expected_at(scenario, point: dict[str, float]) -> tuple[str, dict[str, float], bool]:
    """Outcome string, payoffs and ties of ``solve`` at one point, in the sweep's conventions."""
    solution = solve(scenario, point)
    first = solution.equilibria[0]
    if isinstance(scenario.game, NormalGame):
        names = []
        for eq in solution.equilibria:
            picked = [[s for s, p in mix.items() if p > 0] for mix in eq.strategies.values()]
            names.append(f"{picked[0][0]},{picked[1][0]}" if all(len(s) == 1 for s in picked) else "mixed")
        return "|".join(sorted(set(names))), first.payoffs, len(solution.equilibria) > 1
    reached = {o for dist in solution.analysis["outcome_distributions"] for o, p in dist.items() if p > 0}
    return "|".join(sorted(reached)), first.payoffs, solution.analysis["spe_count"] > 1


def check_points(result: SweepResult, index: int, points: list[tuple[int, ...]]) -> None:
    scenario = result.scenarios[index]
    for at in points:
        point = {name: float(axis[k]) for name, axis, k in zip(result.varied, result.axes, at, strict=True)}
        point.update(result.overrides)
        outcome, payoffs, ties = expected_at(scenario, point)
        assert result.outcomes[index][at] == outcome, (scenario.id, point)
        assert bool(result.ties[index][at]) == ties, (scenario.id, point)
        for player, value in payoffs.items():
            assert result.payoffs[index][player][at] == pytest.approx(value, rel=1e-12, abs=1e-12), (
                scenario.id,
                point,
                player,
            )


def sample(result: SweepResult, index: int = 0, count: int = 25, seed: int = 0) -> list[tuple[int, ...]]:
    """Random grid points plus every point with several outcomes or ties on a small grid."""
    rng = np.random.default_rng(seed)
    shape = result.shape
    flat = rng.choice(int(np.prod(shape)), size=min(count, int(np.prod(shape))), replace=False)
    chosen = {tuple(int(i) for i in np.unravel_index(k, shape)) for k in flat}
    joined = np.char.find(result.outcomes[index], "|") >= 0
    chosen |= {tuple(int(i) for i in at) for at in np.argwhere(joined)[:40]}
    return sorted(chosen)


# --- trees -----------------------------------------------------------------------------------


def test_new_approach_2d_matches_solve() -> None:
    sc = load("islands/new_approach.yaml")
    result = sweep(sc, {"china_threat": np.linspace(0, 1, 21), "us_russia_tension": np.linspace(0, 1, 6)})
    assert result.shape == (21, 6)
    assert result.outcomes[0].shape == (21, 6)
    assert set(result.payoffs[0]) == {"japan", "russia"}
    check_points(result, 0, sample(result))
    # The hold-up at the defaults' china_threat: cooperation without territory.
    assert result.outcomes[0][14, 3] == "cooperation_without_territory"
    assert "exploited" in set(result.outcomes[0].ravel().tolist())  # low China threat


def test_approach_choice_with_imports_matches_solve() -> None:
    sc = load("islands/approach_choice.yaml")
    result = sweep(sc, {"china_threat": np.linspace(0, 1, 41)}, {"trust_gain": 0.6})
    assert result.overrides == {"trust_gain": 0.6}
    check_points(result, 0, [(k,) for k in range(41)])
    assert all(o.startswith(("na.", "tf.")) for o in result.outcomes[0].ravel().tolist())


def test_territory_first_ties_join_outcomes_sorted() -> None:
    sc = load("islands/territory_first.yaml")
    result = sweep(sc, {"china_threat": np.linspace(0, 1, 101)})
    check_points(result, 0, [(k,) for k in range(101)])
    # At china_threat = 0.9 Japan is indifferent about two islands as final and about backing down.
    assert result.outcomes[0][90] == "cooperation_despite_linkage|deal_two_final|impasse"
    assert result.exact_points_resolved >= 1
    # Rare: above 0.9 Japan backs down from the linkage and is then also indifferent about two
    # islands as final (6 - 3 = linkage_cost at the defaults), which Russia never offers: 11 points.
    assert result.exact_points_resolved < 15
    # Tied outcomes are alternatives, in words: "Either ..., ... or ...".
    label = result.outcome_labels["cooperation_despite_linkage|deal_two_final|impasse"]
    assert label.startswith("Either ") and " or " in label and "|" not in label


def test_chance_moves_matches_solve() -> None:
    sc = load("textbook/chance_move.yaml")
    result = sweep(sc, {"p_high": np.linspace(0, 1, 13), "price_low": np.linspace(0.5, 3.5, 7)})
    check_points(result, 0, sample(result, count=40))
    # High price at p_high = 0.5 (defaults): the low-value buyer walks away, so two outcomes are reached.
    row = int(np.argmin(np.abs(result.axes[0] - 0.5)))
    assert result.outcomes[0][row, -1] == "no_sale|sale_high_price_high_value"


def test_ultimatum_ties_everywhere() -> None:
    sc = load("textbook/ultimatum.yaml")
    result = sweep(sc, {"pie": np.linspace(8, 20, 13)})
    check_points(result, 0, [(k,) for k in range(13)])
    assert set(result.outcomes[0].tolist()) == {"split_0|split_1"}
    assert result.ties[0].all()
    assert result.exact_points_resolved == 13
    np.testing.assert_array_equal(result.payoffs[0]["proposer"], result.axes[0])


def test_several_scenarios_share_the_grid() -> None:
    scenarios = [load("islands/territory_first.yaml"), load("islands/new_approach.yaml")]
    result = sweep(scenarios, {"china_threat": [0.2, 0.7], "trust_gain": [0.0, 0.5, 0.9]})
    assert result.shape == (2, 3)
    assert len(result.outcomes) == len(result.payoffs) == len(result.ties) == 2
    for index in range(2):
        check_points(result, index, [(i, j) for i in range(2) for j in range(3)])
    rows = result.rows()
    assert len(rows) == 2 * 6
    assert [r["scenario"] for r in rows[::6]] == ["territory-first", "new-approach"]


# --- normal forms ----------------------------------------------------------------------------


def test_chicken_2x2_mixed_matches_solve() -> None:
    sc = load("textbook/chicken.yaml")
    result = sweep(sc, {"win": np.linspace(0.5, 5, 10), "humiliation": np.linspace(0.5, 5, 9)})
    assert result.distinct_matrices_solved == 0  # all vectorised
    assert set(result.outcomes[0].ravel().tolist()) == {"mixed|straight,swerve|swerve,straight"}
    check_points(result, 0, sample(result, count=20))


def test_battle_of_the_sexes_including_degenerate_points() -> None:
    sc = load("textbook/battle_of_the_sexes.yaml")
    # other = apart = 0.5 makes the game degenerate (a continuum of equilibria).
    result = sweep(sc, {"other": np.linspace(0.25, 1.75, 7), "apart": np.linspace(-2, 0.5, 6)})
    # Degenerate points are solved exactly in the batch too (small_games), not one by one.
    assert result.distinct_matrices_solved == 0
    check_points(result, 0, [(i, j) for i in range(7) for j in range(6)])
    assert result.outcomes[0][0, 0] == "bach,bach|mixed|stravinsky,stravinsky"


THREE_BY_THREE = """\
format: negotiation-sim/1
title: Three by three
players:
  row: {label: Row}
  column: {label: Column}
parameters:
  x: {value: 0.5, range: [0, 1], source: illustrative}
  y: {value: 0.5, range: [0, 1], source: illustrative}
game:
  kind: normal
  strategies:
    row: [top, middle, bottom]
    column: [left, centre, right]
  payoffs:
    row: [["where(x < 0.5, 3, 1)", 0, 1], [0, 2, 0], [1, 0, "where(y < 0.5, 0, 2 + x)"]]
    column: [[2, 0, 1], [0, "where(x < 0.3, 1, 3)", 0], [1, 0, 2]]
"""


def test_three_by_three_solved_per_distinct_matrix(tmp_path: Path) -> None:
    path = tmp_path / "three.yaml"
    path.write_text(THREE_BY_THREE)
    sc = ns.load_scenario(path)
    result = sweep(sc, {"x": np.linspace(0, 1, 11), "y": np.linspace(0, 1, 5)})
    evaluation = sc.evaluate({"x": result.axes[0][:, None], "y": result.axes[1][None, :]})
    stacked = np.concatenate([evaluation.matrices["row"], evaluation.matrices["column"]]).reshape(18, -1).T
    distinct = len(np.unique(stacked, axis=0))
    assert 1 < distinct < 55
    # Clearly non-degenerate points are solved in one batch; the rest once per distinct matrix.
    assert result.distinct_matrices_solved <= distinct
    check_points(result, 0, [(i, j) for i in range(11) for j in range(5)])
    assert len(set(result.outcomes[0].ravel().tolist())) > 1


def test_random_2x2_games_match_nash_equilibria(tmp_path: Path) -> None:
    """Generic and tie-ridden (small integer) 2x2 games: sweep == nash_equilibria, pure cells are Nash."""
    text = (
        "format: negotiation-sim/1\ntitle: Random 2x2\nplayers: {r: {label: R}, c: {label: C}}\n"
        "parameters: {s: {value: 0, range: [-100, 100]}, t: {value: 0, range: [-100, 100]}}\n"
        "game:\n  kind: normal\n  strategies: {r: [u, d], c: [l, m]}\n  payoffs:\n"
        "    r: [[s, A01], [A10, t]]\n    c: [[B00, t], [s, B11]]\n"
    )
    rng = np.random.default_rng(1)
    for integers in (False, True):
        for _ in range(3):
            draw = rng.integers(0, 4, 4) if integers else rng.normal(size=4)
            path = tmp_path / "random.yaml"
            path.write_text(
                text.replace("A01", str(draw[0]))
                .replace("A10", str(draw[1]))
                .replace("B00", str(draw[2]))
                .replace("B11", str(draw[3]))
            )
            sc = ns.load_scenario(path)
            axis = np.arange(0, 4.0) if integers else rng.normal(size=5)
            result = sweep(sc, {"s": axis, "t": axis})
            for i, s in enumerate(axis):
                for j, t in enumerate(axis):
                    a = np.array([[s, draw[0]], [draw[1], t]], dtype=float)
                    b = np.array([[draw[2], t], [s, draw[3]]], dtype=float)
                    eqs = nash_equilibria(a, b)
                    assert result.ties[0][i, j] == (len(eqs) > 1)
                    assert result.payoffs[0]["r"][i, j] == pytest.approx(eqs[0].row_payoff, abs=1e-12)
                    assert result.payoffs[0]["c"][i, j] == pytest.approx(eqs[0].column_payoff, abs=1e-12)
                    for part in result.outcome_ids(str(result.outcomes[0][i, j])):
                        if part != "mixed":
                            row, col = part.split(",")
                            x, y = np.eye(2)[["u", "d"].index(row)], np.eye(2)[["l", "m"].index(col)]
                            assert is_nash(a, b, x, y)


# --- results and outputs ---------------------------------------------------------------------


def test_result_is_read_only() -> None:
    result = sweep(load("textbook/chicken.yaml"), {"win": [1, 2]})
    for array in (result.axes[0], result.outcomes[0], result.payoffs[0]["driver_a"], result.ties[0]):
        with pytest.raises(ValueError):
            array[0] = array[1]
    with pytest.raises(TypeError):
        result.payoffs[0]["driver_a"] = np.zeros(2)  # type: ignore[index]


def test_rows_and_record() -> None:
    sc = load("islands/new_approach.yaml")
    result = sweep(sc, {"china_threat": [0.2, 0.7, 1.0], "trust_gain": [0.1, 0.5]})
    rows = result.rows()
    assert len(rows) == 6
    assert list(rows[0]) == ["china_threat", "trust_gain", "scenario", "outcome", "payoff_japan",
                             "payoff_russia", "ties", "valid"]  # fmt: skip
    assert (rows[1]["china_threat"], rows[1]["trust_gain"]) == (0.2, 0.5)  # axis 0 is the first name
    assert rows[3]["outcome"] == result.outcomes[0][1, 1]
    assert isinstance(rows[0]["ties"], bool)
    record = result.to_dict()
    assert record["varied"] == ["china_threat", "trust_gain"]
    assert record["axes"]["china_threat"] == [0.2, 0.7, 1.0]
    assert record["rows"] == rows
    assert record["columns"] == result.columns()


def test_grid_values() -> None:
    sc = load("textbook/chance_move.yaml")
    assert grid_values(sc, "p_high").tolist() == np.linspace(0, 1, 101).tolist()
    assert grid_values(sc, "p_high", points=5).tolist() == [0.0, 0.25, 0.5, 0.75, 1.0]
    assert grid_values(sc, "p_high", (0.2, 0.4, 3)).tolist() == pytest.approx([0.2, 0.3, 0.4])
    with pytest.raises(ScenarioError, match="did you mean 'p_high'"):
        grid_values(sc, "p_hihg")
    with pytest.raises(ScenarioError, match="positive integer"):
        grid_values(sc, "p_high", (0, 1, 0))


def test_grid_values_needs_a_range(tmp_path: Path) -> None:
    path = tmp_path / "norange.yaml"
    path.write_text(THREE_BY_THREE.replace("x: {value: 0.5, range: [0, 1], source: illustrative}", "x: 0.5"))
    sc = ns.load_scenario(path)
    with pytest.raises(ScenarioError, match="declares no range"):
        grid_values(sc, "x")
    assert grid_values(sc, "x", (0, 1), points=3).tolist() == [0.0, 0.5, 1.0]


def test_vary_none_uses_declared_range() -> None:
    result = sweep(load("textbook/ultimatum.yaml"), {"pie": None})
    assert result.shape == (101,)
    assert (result.axes[0][0], result.axes[0][-1]) == (8.0, 20.0)


# --- errors ----------------------------------------------------------------------------------


def test_unknown_vary_name_suggests() -> None:
    sc = load("islands/new_approach.yaml")
    with pytest.raises(ScenarioError, match="unknown parameter 'china_thret' \\(did you mean 'china_threat'\\?\\)"):
        sweep(sc, {"china_thret": [0.1, 0.2]})
    with pytest.raises(ScenarioError, match="derived quantity"):
        sweep(sc, {"coop_japan": [0.1, 0.2]})


def test_too_many_or_no_parameters() -> None:
    sc = load("islands/new_approach.yaml")
    with pytest.raises(ScenarioError, match="one or two parameters, found 3"):
        sweep(sc, {"china_threat": [0.1], "trust_gain": [0.1], "aid_package": [1.0]})
    with pytest.raises(ScenarioError, match="one or two parameters, found 0"):
        sweep(sc, {})


def test_invalid_values_and_overrides() -> None:
    sc = load("textbook/chicken.yaml")
    with pytest.raises(ScenarioError, match="1-D"):
        sweep(sc, {"win": [[1, 2], [3, 4]]})
    with pytest.raises(ScenarioError, match="1-D"):
        sweep(sc, {"win": []})
    with pytest.raises(ScenarioError, match="finite"):
        sweep(sc, {"win": [1, float("nan")]})
    with pytest.raises(ScenarioError, match="both varied and fixed"):
        sweep(sc, {"win": [1, 2]}, {"win": 1})
    with pytest.raises(ScenarioError, match="single number"):
        sweep(sc, {"win": [1, 2]}, {"crash_cost": [10, 20]})
    with pytest.raises(ScenarioError, match="did you mean 'crash_cost'"):
        sweep(sc, {"win": [1, 2]}, {"crash_cots": 10})


def test_grid_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    sc = load("textbook/chicken.yaml")
    with pytest.raises(ScenarioError, match=r"1,002,001 points .*NEGOTIATION_SIM_MAX_GRID_POINTS"):
        sweep(sc, {"win": np.linspace(1, 2, 1001), "humiliation": np.linspace(1, 2, 1001)})
    monkeypatch.setenv("NEGOTIATION_SIM_MAX_GRID_POINTS", str(10))
    with pytest.raises(ScenarioError, match="above the limit of 10 grid points"):
        sweep(sc, {"win": np.linspace(1, 2, 11)})


def test_non_finite_payoffs_name_the_point(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(THREE_BY_THREE.replace('"where(x < 0.3, 1, 3)"', '"1 / (x - 0.25)"'))
    sc = ns.load_scenario(path)
    # The bad point is named and the rest of the grid is still returned.
    with pytest.warns(ns.errors.ScenarioWarning, match=r"infinite at x=0\.25"):
        result = sweep(sc, {"x": np.linspace(0, 1, 5)})
    assert result.valid[0].tolist() == [True, False, True, True, True]
    assert result.outcomes[0][1] == ""
    assert "" not in result.outcomes[0][[0, 2, 3, 4]]


def test_import_does_not_pull_heavy_modules() -> None:
    code = (
        "import sys, negotiation_sim.analysis.sweep as s, negotiation_sim as ns\n"
        "sc = ns.load_scenario(ns.bundled_scenarios_dir() / 'textbook' / 'chicken.yaml')\n"
        "s.sweep(sc, {'win': [1, 2]})\n"
        "print(sorted(m for m in ('matplotlib', 'scipy', 'nashpy') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# Start-up time: a normal-form sweep (small games in one batch, the rest one by one) needs
# neither the tree solvers, nor the general Nash solver's modules, nor numpy.ma (which
# np.unique without return_* arguments imports, about 45 ms), nor numpy.random (10 ms),
# nor the parameter distributions of a scenario that declares none, nor the game-tree classes.
NOT_FOR_A_NORMAL_FORM_SWEEP = (
    "matplotlib",
    "scipy",
    "nashpy",
    "numpy.ma",
    "numpy.random",
    "fractions",
    "negotiation_sim.solvers.spe",
    "negotiation_sim.solvers.backward_induction",
    "negotiation_sim.solvers.polytope",
    "negotiation_sim.solvers.nash",
    "negotiation_sim.scenario.distributions",
    "negotiation_sim.games.tree",
    "negotiation_sim.games.reduced",
)


def test_a_normal_form_sweep_imports_only_what_it_uses(tmp_path: Path) -> None:
    path = tmp_path / "three.yaml"
    path.write_text(THREE_BY_THREE.replace("where(y < 0.5, 0, 2 + x)", "y + x / 3"))
    code = (
        "import sys, numpy as np, negotiation_sim as ns\n"
        f"sc = ns.load_scenario({str(path)!r})\n"
        "result = ns.sweep(sc, {'x': np.linspace(0.05, 1, 40), 'y': np.linspace(0.1, 0.9, 30)})\n"
        "print(result.distinct_matrices_solved, len(set(result.outcomes[0].ravel().tolist())))\n"
        f"print(sorted(m for m in {NOT_FOR_A_NORMAL_FORM_SWEEP!r} if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    counts, loaded = out.stdout.strip().splitlines()
    solved, outcomes = map(int, counts.split())
    assert solved == 0 and outcomes > 1  # every point in the batch; the outcome changes on the grid
    assert loaded == "[]"


def test_every_outcome_key_names_its_outcome_ids() -> None:
    # Outcome identities are data: each key of the outcome arrays maps to the sorted ids it stands
    # for, and no key has to be split by a caller.
    sc = ns.load_scenario(ns.bundled_scenarios_dir() / "islands" / "approach_choice.yaml")
    result = sweep(sc, {"china_threat": np.linspace(0, 1, 11), "trust_gain": np.linspace(0, 0.9, 7)})
    keys = set(np.unique(result.outcomes[0]).tolist())
    assert keys <= set(result.outcome_alternatives)
    tied = [k for k in keys if len(result.outcome_ids(k)) > 1]
    assert tied  # the approach-choice grid has points with tied outcomes
    for key in keys:
        ids = result.outcome_ids(key)
        assert list(ids) == sorted(set(ids))
        assert all(o in sc.game.outcomes for o in ids)
        if len(ids) > 1:  # alternatives where a tie occurs, a chance lottery otherwise
            tied_here = bool(result.ties[0][result.outcomes[0] == key].any())
            assert result.outcome_labels[key].startswith("Either ") is tied_here
            assert "|" not in result.outcome_labels[key]


def test_lottery_and_tie_keys_are_worded_apart() -> None:
    """A chance lottery reads "A / b (by chance)", alternatives (ties) "Either A or b"."""
    chance = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "chance_move.yaml")
    result = sweep(chance, {"p_high": np.linspace(0, 1, 11)})
    assert result.outcome_labels["no_sale|sale_high_price_high_value"] == (
        "No sale / high-value buyer buys at the high price (by chance)"
    )
    ultimatum = ns.load_scenario(ns.bundled_scenarios_dir() / "textbook" / "ultimatum.yaml")
    result = sweep(ultimatum, {"pie": [10, 12]})
    assert result.outcome_labels["split_0|split_1"] == "Either Proposer keeps the whole pie or Responder gets 1"
