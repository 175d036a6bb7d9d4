"""Residual models, ``fit(..., baseline=...)``: B = B_theory + correction, missing nuclei,
saving, and the RIPL directory of a RIPL baseline."""

import numpy as np
import pandas as pd
import pytest

from nucmass.data.theory import load_theory, theory_binding_energy
from nucmass.errors import NucmassError
from nucmass.models.conn import CoNNConfig
from nucmass.models.ldm import LDMConfig, coefficients, design_matrix
from nucmass.models.mfdnn import MFDNNConfig
from nucmass.models.saved import load_model
from nucmass.train import Adam, fit

# the correction the fake experiment adds to HFB26: a liquid drop (MeV), in the LDM's span
CORRECTION = np.array([0.02, 0.05, 0.001, 0.03, 0.5])


@pytest.fixture
def table() -> pd.DataFrame:
    """A fake measured table: HFB26 binding energies plus a liquid-drop correction, and 4He
    (not in HFB26)."""
    hfb26 = load_theory("HFB26").query("Z >= 20 and Z <= 24")[["Z", "N", "binding_energy"]]
    correction = design_matrix(hfb26.Z, hfb26.N) @ CORRECTION
    fake = hfb26.assign(binding_energy=hfb26.binding_energy + correction)
    helium = pd.DataFrame({"Z": [2], "N": [2], "binding_energy": [28.3]})
    return pd.concat([helium, fake], ignore_index=True)


def test_members_learn_the_residual_and_predict_theory_plus_correction(table):
    model = fit(LDMConfig(), table, baseline="HFB26")
    np.testing.assert_allclose(list(coefficients(model).values()), CORRECTION, atol=1e-6)
    z, n = table.Z.to_numpy(), table.N.to_numpy()
    correction = sum(model.components(z, n).values())  # the correction alone, MeV
    expected = theory_binding_energy(z, n, "HFB26") + correction
    np.testing.assert_allclose(model.predict(z, n), expected, rtol=1e-12)
    np.testing.assert_allclose(model.predict(z, n)[1:], table.binding_energy[1:], atol=1e-3)


def test_nuclei_the_baseline_lacks_are_left_out_counted_and_not_predicted(table):
    model = fit(LDMConfig(), table, baseline="HFB26")
    assert model.info["missing"] == 1 and model.info["missing_nuclei"] == [[2, 2]]
    assert model.info["n_train"] == len(table) - 1
    assert np.isnan(model.predict([2], [2])[0])  # 4He: no baseline, no prediction
    assert np.isnan(model.predict_members([2, 20], [2, 20])).tolist() == [[True, False]]


def test_a_residual_model_saves_and_reloads_with_its_baseline(table, tmp_path):
    model = fit(LDMConfig(), table, baseline="HFB26")
    loaded = load_model(model.save(tmp_path / "res"))
    assert loaded.family == "ldm" and loaded.baseline == "HFB26"
    z, n = table.Z.to_numpy(), table.N.to_numpy()
    np.testing.assert_allclose(loaded.predict(z, n), model.predict(z, n), rtol=1e-7)
    assert loaded.predict_members(z, n).shape == (1, len(z))


def test_a_baseline_needs_a_binding_energy_target(table):
    with pytest.raises(NucmassError, match="binding energies"):
        fit(MFDNNConfig(low_fidelity=()), table, Adam(epochs=1), baseline="HFB26")
    assert CoNNConfig().target == "binding_energy"


def test_ripl_baseline_keeps_its_directory(ripl_dir, tmp_path):
    ws4 = load_theory("WS4", ripl_dir).query("Z == 50")[["Z", "N", "binding_energy"]]
    fake = ws4.assign(binding_energy=ws4.binding_energy + 0.01 * (ws4.Z + ws4.N))
    model = fit(LDMConfig(), fake, baseline="WS4", data_dir=ripl_dir)
    loaded = load_model(model.save(tmp_path / "ws4"))
    assert loaded.data_dir == str(ripl_dir)
    np.testing.assert_allclose(loaded.predict(ws4.Z, ws4.N), fake.binding_energy, atol=1e-4)
