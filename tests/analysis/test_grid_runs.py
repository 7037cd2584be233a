"""Chunked sweeps (here and on Dask) equal one sweep; a third parameter becomes facets."""

from __future__ import annotations

import numpy as np
import pytest

import negotiation_sim as ns
from negotiation_sim.analysis.grid_runs import sweep_facets, sweep_in_chunks
from negotiation_sim.analysis.sweep import sweep
from negotiation_sim.errors import ScenarioError
from negotiation_sim.report.facets import write_facets_data

ISLANDS = ns.bundled_scenarios_dir() / "islands"


@pytest.fixture(scope="module")
def pair():
    return [ns.load_scenario(ISLANDS / n) for n in ("territory_first.yaml", "new_approach.yaml")]


def same(a, b) -> bool:
    return (
        a.varied == b.varied
        and all(np.array_equal(x, y) for x, y in zip(a.axes, b.axes, strict=True))
        and all(np.array_equal(x, y) for x, y in zip(a.outcomes, b.outcomes, strict=True))
        and all(np.array_equal(x, y) for x, y in zip(a.ties, b.ties, strict=True))
        and all(
            np.array_equal(x[p], y[p], equal_nan=True) for x, y in zip(a.payoffs, b.payoffs, strict=True) for p in x
        )
        and dict(a.outcome_labels) == dict(b.outcome_labels)
    )


VARY = {"china_threat": np.linspace(0, 1, 21), "russia_aid_value": np.linspace(0.5, 6, 13)}


@pytest.mark.parametrize("rows", [1, 5, 8, 100])
def test_chunked_sweep_equals_one_sweep(pair, rows):
    assert same(
        sweep_in_chunks(pair, VARY, {"trust_gain": 0.5}, rows_per_chunk=rows), sweep(pair, VARY, {"trust_gain": 0.5})
    )


def test_chunked_sweep_on_a_dask_cluster_equals_one_sweep(pair):
    distributed = pytest.importorskip("distributed")
    with (
        distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=":0") as cluster,
        distributed.Client(cluster) as client,
    ):
        remote = sweep_in_chunks(pair, VARY, rows_per_chunk=4, scheduler=client)
    assert same(remote, sweep(pair, VARY))


def test_each_facet_is_the_sweep_at_that_value(pair):
    vary = {**VARY, "trust_gain": [0.0, 0.45, 0.9]}
    faceted = sweep_facets(pair, vary)
    assert faceted.facet == "trust_gain" and faceted.values.tolist() == [0.0, 0.45, 0.9]
    for value, result in zip(faceted.values.tolist(), faceted.sweeps, strict=True):
        assert same(result, sweep(pair, VARY, {"trust_gain": value}))
    rows = faceted.rows()
    assert len(rows) == 3 * 2 * 21 * 13
    assert faceted.columns()[:3] == ["china_threat", "russia_aid_value", "trust_gain"]
    assert {row["trust_gain"] for row in rows} == {0.0, 0.45, 0.9}


def test_facet_rows_csv(pair, tmp_path):
    faceted = sweep_facets(pair, {"china_threat": [0, 1], "trust_gain": [0.1, 0.2]})
    path = tmp_path / "rows.csv"
    write_facets_data(faceted, path)
    lines = path.read_text().splitlines()
    assert lines[0].startswith("china_threat,trust_gain,scenario,outcome")
    assert len(lines) == 1 + 2 * 2 * 2


@pytest.mark.parametrize(
    "vary, overrides, message",
    [
        ({"china_threat": None}, {}, "two or three parameters"),
        ({"china_threat": None, "trust_gain": None}, {"trust_gain": 0.2}, "both varied and fixed"),
        ({"china_threat": None, "trust_gain": "high"}, {}, "expected a 1-D sequence"),
    ],
)
def test_invalid_facets(pair, vary, overrides, message):
    with pytest.raises(ScenarioError, match=message):
        sweep_facets(pair, vary, overrides)


def test_the_grid_limit_applies_to_the_whole_grid(pair, monkeypatch):
    monkeypatch.setenv("NEGOTIATION_SIM_MAX_GRID_POINTS", "100")
    with pytest.raises(ScenarioError, match="above the limit of 100 grid points"):
        sweep_in_chunks(pair, VARY, rows_per_chunk=2)  # 21 x 13 = 273 points, 26 per chunk
    with pytest.raises(ScenarioError, match="above the limit of 100 grid points"):
        sweep_facets(pair, {**VARY, "trust_gain": [0.0, 0.5]})
