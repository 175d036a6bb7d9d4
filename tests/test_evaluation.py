"""RMSD per part and subset, against hand-computed values."""

import numpy as np
import pandas as pd
import pytest

from nucmass.errors import NucmassError
from nucmass.evaluation import compare_tables, evaluate, rmsd


@pytest.fixture
def table():
    return pd.DataFrame(
        {
            "Z": [2, 8, 26, 50, 82],
            "N": [2, 8, 30, 82, 126],
            "A": [4, 16, 56, 132, 208],
            "is_estimated": [False, False, True, False, False],
            "binding_energy": [28.3, 127.6, 492.3, 1102.8, 1636.4],
            "part": ["train", "train", "test", "test", "train"],
        }
    )


def test_rmsd():
    assert rmsd([3.0, -4.0]) == pytest.approx(np.sqrt(12.5))
    assert np.isnan(rmsd([]))


def test_evaluate_parts_and_subsets(table):
    residual = np.array([1.0, -1.0, 2.0, 0.0, 3.0])
    metrics = evaluate(table, table.binding_energy + residual).set_index(["part", "subset"])
    assert metrics.loc[("train", "all"), "n"] == 3
    assert metrics.loc[("train", "all"), "rmsd"] == pytest.approx(np.sqrt(11 / 3))
    assert metrics.loc[("test", "estimated"), "rmsd"] == pytest.approx(2.0)
    assert metrics.loc[("all", "light"), "rmsd"] == pytest.approx(1.0)  # A < 16: only 4He
    assert metrics.loc[("all", "zn8"), "n"] == 4
    assert metrics.loc[("all", "all"), "mean"] == pytest.approx(1.0)
    assert metrics.loc[("all", "all"), "max_abs"] == 3.0
    assert ("train", "estimated") not in metrics.index  # empty subsets are left out


def test_evaluate_rejects_misaligned(table):
    with pytest.raises(NucmassError, match="predictions"):
        evaluate(table, [1.0, 2.0])


def test_compare_tables_reports_missing(table):
    predicted = table.iloc[:3].assign(binding_energy=lambda t: t.binding_energy + 0.5)
    result = compare_tables(table, predicted)
    assert result == {"n": 3, "rmsd": pytest.approx(0.5), "missing": 2}
