"""What a failed network computes: ``nucmass.train.failures`` on closed forms and on a
trained ensemble, in memory and loaded from disk."""

import numpy as np
import pytest

from nucmass.data.ame import load_ame
from nucmass.models.fnn import FNNConfig
from nucmass.models.saved import load_model
from nucmass.train.config import Regime
from nucmass.train.failures import describe_members, function_summary
from nucmass.train.fit import fit


def test_function_summary_on_closed_forms():
    z, n = (v.ravel() for v in np.meshgrid(np.arange(8, 18), np.arange(10, 20)))
    assert function_summary(np.full(100, 525.8), z, n)["constant"]
    plane = function_summary(3.0 + 7.2 * n + 7.6 * z, z, n)
    assert plane["plane_r2"] == pytest.approx(1.0)
    assert (plane["slope_N"], plane["slope_Z"]) == pytest.approx((7.2, 7.6))
    assert plane["flat_fraction"] == pytest.approx(2 / 100)  # the minimum and the maximum
    # flat at its minimum for Z <= 12 (50 nuclei) and at its maximum, Z = 17 (10)
    clipped = function_summary(np.maximum(z - 12.0, 0.0), z, n)
    assert clipped["flat_fraction"] == pytest.approx(60 / 100) and clipped["plane_r2"] < 1
    assert np.isnan(plane["per_nucleon_constant"])
    assert function_summary(8.03 * (z + n), z, n)["per_nucleon_constant"] == pytest.approx(8.03)


def test_describe_members_in_memory_and_loaded(tmp_path):
    table = load_ame().iloc[::20]
    model = FNNConfig(width=4, depth=1, target_scaling="standard")
    training = Regime("adam", epochs=20, adam_lr=1e-2, batch_size="full")
    ensemble = fit(model, table, training, seeds=[0, 1], progress=False)
    fresh = describe_members(ensemble, table)
    assert list(fresh.seed) == [0, 1] and fresh.constant_at_init.notna().all()
    loaded = describe_members(load_model(ensemble.save(tmp_path / "m")), table)
    assert loaded.constant_at_init.isna().all()
    columns = ["constant", "plane_r2", "slope_N", "slope_Z"]
    np.testing.assert_allclose(loaded[columns].to_numpy(float), fresh[columns].to_numpy(float))
