"""Regenerate the Nash-equilibrium fixtures of tests/solvers from Gambit.

Expected sets of extreme equilibria come from Gambit's ``enummixed`` in rational
arithmetic (pygambit >= 16), an implementation independent of ours.

    python scripts/regenerate_gambit_fixtures.py            # tests/data/nash/gambit_random.json
    python scripts/regenerate_gambit_fixtures.py --known    # refresh "equilibria" in known_games.json

The random games are seeded, so the output is reproducible:
* degenerate: integer payoffs 0-3, shapes 2x2 ... 5x5 (ties everywhere);
* generic: integer payoffs in [-999, 999], shapes 2x2 ... 6x6.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

import numpy as np
import pygambit as gbt

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "nash"
SEED = 20240601


def gambit_equilibria(row_payoffs: list[list], column_payoffs: list[list]) -> list[list[list[str]]]:
    """Extreme equilibria as ``[[row probabilities], [column probabilities]]`` fraction strings.

    Gambit 16.7's ``enummixed`` can list one equilibrium several times in degenerate
    games (once per basis of the same vertex pair), so the list is deduplicated.
    """
    to_rational = np.vectorize(lambda v: gbt.Rational(str(v)), otypes=[object])
    game = gbt.Game.from_arrays(to_rational(np.array(row_payoffs)), to_rational(np.array(column_payoffs)))
    result = gbt.nash.enummixed_solve(game, rational=True)
    found = []
    for profile in result.equilibria:
        found.append([[str(profile[s]) for s in player.strategies] for player in game.players])
    unique = {json.dumps(eq): eq for eq in found}
    return [unique[k] for k in sorted(unique)]


def random_games() -> list[dict]:
    rng = np.random.default_rng(SEED)
    cases = []
    for k in range(60):
        m, n = (int(v) for v in rng.integers(2, 6, size=2))
        a, b = rng.integers(0, 4, size=(2, m, n))
        cases.append({"name": f"degenerate-{k:02d}-{m}x{n}", "kind": "degenerate", "A": a.tolist(), "B": b.tolist()})
    for k in range(30):
        m, n = (int(v) for v in rng.integers(2, 7, size=2))
        a, b = rng.integers(-999, 1000, size=(2, m, n))
        cases.append({"name": f"generic-{k:02d}-{m}x{n}", "kind": "generic", "A": a.tolist(), "B": b.tolist()})
    for case in cases:
        case["equilibria"] = gambit_equilibria(case["A"], case["B"])
    return cases


def dump(corpus: dict) -> str:
    """JSON with one line per innermost list (payoff row, probability vector)."""
    text = json.dumps(corpus, indent=1)
    return re.sub(r"\[\s+([^\[\]{}]*?)\s+\]", lambda m: "[" + " ".join(m.group(1).split()) + "]", text) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--known", action="store_true", help="recompute known_games.json answers")
    args = parser.parse_args()
    if args.known:
        path = DATA / "known_games.json"
        corpus = json.loads(path.read_text())
        for case in corpus["games"]:
            case["equilibria"] = gambit_equilibria(case["A"], case["B"])
    else:
        path = DATA / "gambit_random.json"
        corpus = {
            "description": "Seeded random bimatrix games with their extreme Nash equilibria "
            "from Gambit enummixed (rational); regenerate with scripts/regenerate_gambit_fixtures.py",
            "seed": SEED,
            "gambit_version": gbt.__version__,
            "games": random_games(),
        }
    path.write_text(dump(corpus))
    print(f"wrote {path} ({len(corpus['games'])} games)")


if __name__ == "__main__":
    main()
