"""The library parts of the CoNN and MFDNN studies: settings, held-out scores, figure numbers."""

import numpy as np
import pandas as pd
import pytest

from nucmass.analysis import conn, mfdnn
from nucmass.analysis.recipes import configure, grid_candidates
from nucmass.analysis.scores import compare_with_theories, headline_records
from nucmass.data.theory import theory_binding_energy
from nucmass.evaluation import summarise
from nucmass.models.ldm import LDMConfig
from nucmass.train import fit


def test_configure_applies_overrides_to_the_family_defaults():
    model, training = configure("conn", {"model": {"bulk_width": 8}, "training": {"epochs": 40}})
    assert model.bulk_width == 8 and model.bulk_depth == 2
    assert (training.epochs, training.learning_rate, training.schedule) == (40, 1e-2, "exponential")
    model, training = configure("mfdnn", {"model": {"low_fidelity": []}, "seeds": 3})
    assert model.low_fidelity == () and training.epochs == 20000
    with pytest.raises(TypeError):
        configure("mfdnn", {"model": {"widht": 3}})
    assert list(grid_candidates("l2", [1e-3, 0.01])) == ["l2=0.001", "l2=0.01"]


@pytest.fixture(scope="module")
def split_table() -> pd.DataFrame:
    """HFB26 + 0.5 MeV as the 'experiment' of Z = 20-22; odd N held out as ``test``."""
    z, n = np.meshgrid(np.arange(20, 23), np.arange(20, 30), indexing="ij")
    z, n = z.ravel(), n.ravel()
    b = theory_binding_energy(z, n, "HFB26") + 0.5
    part = np.where(n % 2 == 1, "test", "train")
    return pd.DataFrame({"Z": z, "N": n, "A": z + n, "binding_energy": b, "part": part})


def test_theories_are_scored_on_the_nuclei_the_ensemble_covers(split_table):
    model = fit(LDMConfig(), split_table, baseline="HFB26")  # learns the 0.5 MeV shift
    scores = compare_with_theories(model, split_table, "test", ["HFB26"])
    test = split_table[split_table.part == "test"]
    residual = model.predict(test.Z, test.N) - test.binding_energy
    assert scores["n"] == len(test) and scores["uncovered"] == 0
    assert scores["ensemble"] == pytest.approx(np.sqrt(np.mean(residual**2)))
    assert scores["members"] == [round(scores["ensemble"], 4)] and scores["member_std"] == 0.0
    assert scores["HFB26"] == pytest.approx(0.5) and scores["median_abs HFB26"] == pytest.approx(
        0.5
    )


def test_headline_records_are_json_rows_in_headline_order():
    metrics = pd.DataFrame({
        "model": ["member-0", "member-1", "ensemble"] * 2,
        "part": ["test"] * 3 + ["train"] * 3, "subset": "all", "n": 10,
        "rmsd": [1.0, 3.0, 1.5, 0.5, 0.7, 0.55], "mean": 0.0, "max_abs": 2.0,
    })  # fmt: skip
    rows = headline_records(summarise(metrics))
    assert [r["part"] for r in rows] == ["train", "test"]
    assert rows[1] == {"part": "test", "subset": "all", "n": 10, "mean_rmsd": 2.0,
                       "std_rmsd": 1.4142, "ensemble_rmsd": 1.5}  # fmt: skip


def test_three_point_gap_of_a_staggered_chain():
    """B = 8 A + 1 MeV on even N: Delta_3 = 1 MeV at every inner N (sign (-1)^(N+1) / 2)."""
    n = np.arange(10, 16)
    gap = conn.three_point_gap(pd.Series(8.0 * n + (n % 2 == 0), index=n))
    assert np.isnan(gap.iloc[[0, -1]]).all()
    np.testing.assert_allclose(gap.iloc[1:-1], 1.0)


def test_local_maxima_are_the_largest_peaks_in_index_order():
    values = np.array([0, 3, 0, 1, 0, 5, 0, 2, 2, 0])
    assert conn.local_maxima(values, count=2) == [1, 5]
    assert conn.local_maxima(values) == [1, 3, 5, 7]


def test_far_from_data_is_over_chart_nuclei_not_in_the_table():
    chart = {"Z": np.array([20, 20, 30]), "N": np.array([20, 21, 40]),
             "MFDNN-HFB14": np.array([9.0, -3.0, 4.0]), "nonlinear": np.zeros(3)}  # fmt: skip
    numbers = mfdnn.far_from_data(chart, pd.DataFrame({"Z": [20], "N": [20]}))
    assert numbers == {
        "MFDNN-HFB14 rms (MeV, 2 nuclei off the data)": pytest.approx(np.sqrt(12.5)),
        "MFDNN-HFB14 max (MeV, 2 nuclei off the data)": 4.0,
    }
