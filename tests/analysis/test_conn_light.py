"""The held-out light nuclei of the CoNN (issue 15): the misses table and pooled scores."""

import numpy as np
import pandas as pd

from nucmass.analysis.conn import light_misses
from nucmass.data.splits import get_split
from nucmass.experiments.conn_light import pooled_scores
from nucmass.models.saved import load_model


def test_light_misses_of_the_shipped_conn_on_its_split():
    table = get_split("conn", 0).table()
    misses = light_misses(load_model("conn"), table)
    assert len(misses) == 18 and (misses.A < 16).all()  # 16 validation, 2 new in 2020
    assert misses.part.value_counts().to_dict() == {"validation": 16, "extrapolation": 2}
    first = misses.iloc[0]
    assert first.nuclide == "1n" and 4.5 < first.residual < 5.5  # MeV, overbound
    assert (misses.member_low <= misses.residual).all()
    assert (misses.residual <= misses.member_high).all()
    parts = misses[["bulk", "shell", "product", "grid", "pairing"]].sum(axis=1)
    np.testing.assert_allclose(parts - misses.binding_energy, misses.residual, atol=2e-3)
    assert misses.neighbours.max() < 0.5  # the training neighbours are fitted


def test_pooled_scores_pool_residuals_over_inner_splits():
    residuals = pd.DataFrame({
        "variant": ["a"] * 4 + ["b"] * 4,
        "part": ["validation", "validation", "validation", "extrapolation"] * 2,
        "Z": [2, 20, 30, 50] * 2, "N": [2, 20, 40, 80] * 2,
        "residual": [3.0, 1.0, -1.0, 2.0, 0.0, 0.0, 0.0, 1.0],
    })  # fmt: skip
    table = pooled_scores(residuals)
    assert list(table.index) == ["a", "b"]
    assert table.loc["a", ("validation", "all")] == np.sqrt(11 / 3)
    assert table.loc["a", ("validation", "light")] == 3.0
    assert table.loc["a", ("validation", "heavy")] == 1.0
    assert table.loc["b", ("extrapolation", "zn8")] == 1.0
