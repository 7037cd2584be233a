"""sizing_up.yaml: where Russia's sizing up pools or separates (solved as perfect Bayesian equilibria)."""

from __future__ import annotations

import pytest

import negotiation_sim as ns
from negotiation_sim.solvers.pbe import pbe_solve

SIZING_UP = ns.bundled_scenarios_dir() / "islands" / "sizing_up.yaml"


def _equilibria(**overrides: float):
    return pbe_solve(ns.load_scenario(SIZING_UP).evaluate(overrides)).equilibria


def _summary(e):
    japan, russia = e.strategies["japan"], e.strategies["russia"]
    return (e.kind, japan["japan_needy_upfront"], japan["japan_resolute_upfront"], russia["after_small"])


@pytest.mark.parametrize(
    ("p_needy", "china_threat", "expected"),
    [
        # Russia almost sure Japan can walk away: two islands first after a small share, both types pool on it.
        (0.02, 0.7, {("pooling", "small", "small", "two_first")}),
        # An even chance of a needy Japan: no offer, both types deliver little.
        (0.5, 0.7, {("pooling", "small", "small", "none")}),
        # A calm China: a large share is then a signal of need, not of seriousness.
        (0.5, 0.3, {("pooling", "small", "small", "none"), ("separating", "large", "small", "none")}),
    ],
)
def test_where_sizing_up_pools_or_separates(p_needy, china_threat, expected):
    found = _equilibria(p_needy=p_needy, china_threat=china_threat)
    assert {_summary(e) for e in found} == expected
    assert all(e.intuitive_criterion is not None for e in found)


def test_the_offer_after_a_small_share_is_explained_by_beliefs():
    (only,) = _equilibria(p_needy=0.02, china_threat=0.7)
    assert any(r.startswith("russia plays two_first after small because it believes japan") for r in only.reasons)
