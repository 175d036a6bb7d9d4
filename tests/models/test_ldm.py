"""The liquid-drop baseline: exact recovery of known coefficients, published accuracy, I/O."""

import numpy as np
import pandas as pd
import pytest

from nucmass.data.splits import get_split
from nucmass.evaluation import rmsd
from nucmass.models import load_model
from nucmass.models.ldm import LDMConfig, coefficients
from nucmass.train import fit


def fit_liquid_drop(z, n, b):
    return fit(LDMConfig(), pd.DataFrame({"Z": z, "N": n, "binding_energy": b}), progress=False)


def test_recovers_known_coefficients():
    rng = np.random.default_rng(0)
    z = rng.integers(8, 100, 400)
    n = z + rng.integers(0, 50, 400)
    truth = {"volume": 15.8, "surface": 18.3, "coulomb": 0.714, "asymmetry": 23.2, "pairing": 12.0}
    a = z + n
    delta = ((z % 2 == 0) & (n % 2 == 0)).astype(float) - ((z % 2 == 1) & (n % 2 == 1))
    b = (
        15.8 * a
        - 18.3 * a ** (2 / 3)
        - 0.714 * z * (z - 1) / a ** (1 / 3)
        - 23.2 * (n - z) ** 2 / a
        + 12.0 * delta / np.sqrt(a)
    )
    fitted = coefficients(fit_liquid_drop(z, n, b))
    for term, value in truth.items():
        assert fitted[term] == pytest.approx(value, rel=1e-9)


def test_accuracy_on_measured_set():
    """Fitted to all 2457 measured AME2020 nuclei (Z, N >= 8): 3.08 MeV (data README)."""
    table = get_split("measured").table()
    model = fit_liquid_drop(table.Z, table.N, table.binding_energy)
    assert rmsd(model.predict(table.Z, table.N) - table.binding_energy) == pytest.approx(
        3.08, abs=0.005
    )
    assert 15 < coefficients(model)["volume"] < 16.5


def test_save_and_load(tmp_path):
    model = fit_liquid_drop(
        [20, 50, 82, 28, 8, 60], [20, 70, 126, 30, 8, 80], [342, 1100, 1636, 484, 128, 1150]
    )
    loaded = load_model(model.save(tmp_path / "ldm"))
    z, n = np.array([26, 92]), np.array([30, 146])
    np.testing.assert_array_equal(loaded.predict(z, n), model.predict(z, n))
