"""Calibration of a trained model: carved from the training part only, saved with the
model, and written as ordered interval columns for masses and observables."""

import numpy as np
import pytest

from nucmass.data.splits import get_split
from nucmass.masstable import mass_table
from nucmass.models import FNNConfig, load_model
from nucmass.observables import QUANTITIES
from nucmass.train import Adam, fit
from nucmass.uncertainty.heldout import calibrate, calibration_carve

MODEL = FNNConfig(width=8, depth=1, target_scaling="standard")
TRAINING = Adam(epochs=30, learning_rate=1e-2)


@pytest.fixture(scope="module")
def table():
    return get_split("measured", seed=0).table()


@pytest.fixture(scope="module")
def calibrated(table):
    ensemble = fit(MODEL, table, TRAINING, seeds=[0, 1, 2], progress=False)
    return calibrate(ensemble, table)


def test_the_carves_hold_out_chain_ends_or_a_random_part_of_train_only(table):
    ends = calibration_carve(table, "ends", depth=2)
    assert len(ends) == (table.part == "train").sum()
    held = ends[ends.part == "validation"]
    tin = ends[ends.Z == 50].sort_values("N")
    assert set(held[held.Z == 50].N) == set(tin.N.iloc[[0, 1, -2, -1]])
    random = calibration_carve(table, "random", seed=0, fraction=0.2)
    assert (random.part == "validation").sum() == round(0.2 * len(random))


def test_calibration_never_reads_test_nuclei(table, calibrated):
    """Poisoning every test mass changes nothing in the calibration."""
    poisoned = table.assign(
        binding_energy=np.where(table.part == "test", 1e6, table.binding_energy)
    )
    ensemble = fit(MODEL, poisoned, TRAINING, seeds=[0, 1, 2], progress=False)
    assert calibrate(ensemble, poisoned).calibration == calibrated.calibration


def test_every_quantity_gets_ordered_intervals(calibrated):
    table = mass_table(calibrated, [50, 82, 28, 92], [70, 126, 28, 146])
    for name in QUANTITIES:
        columns = [f"{name}_lo95", f"{name}_lo68", name, f"{name}_hi68", f"{name}_hi95"]
        values = table[columns].dropna().to_numpy()
        assert len(values) >= 3 and np.all(np.diff(values, axis=1) >= 0)
        assert np.all(table[f"{name}_sigma"].dropna() > 0)


def test_observable_spreads_come_from_each_members_own_masses(calibrated):
    table = mass_table(calibrated, [50], [70])
    members = calibrated.predict_members([50, 50], [70, 68])
    s2n = members[:, 0] - members[:, 1]
    assert table.S_2n_std.iloc[0] == pytest.approx(np.std(s2n, ddof=1), rel=1e-9)


def test_the_calibration_is_saved_with_the_model(calibrated, tmp_path):
    loaded = load_model(calibrated.save(tmp_path / "m"))
    assert loaded.calibration == calibrated.calibration
    again = mass_table(loaded, [50], [70])
    expected = mass_table(calibrated, [50], [70])
    assert again.binding_energy_hi95.iloc[0] == expected.binding_energy_hi95.iloc[0]
