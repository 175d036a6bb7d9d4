"""Residual learning on a theory baseline: targets, missing nuclei, the saved wrapper."""

import numpy as np
import pandas as pd
import pytest

from nucmass.data.theory import load_theory
from nucmass.errors import NucmassError
from nucmass.models.base import load_model
from nucmass.models.ldm import TERMS, LiquidDrop, fit_liquid_drop
from nucmass.models.residual import ResidualModel, baseline_binding_energy, residual_table


@pytest.fixture
def table() -> pd.DataFrame:
    """A fake measured table: HFB26 binding energies plus 1 MeV, and 4He (not in FRDM95)."""
    hfb26 = load_theory("HFB26").query("Z >= 20 and Z <= 24")[["Z", "N", "binding_energy"]]
    fake = hfb26.assign(binding_energy=hfb26.binding_energy + 1.0)
    return pd.concat([pd.DataFrame({"Z": [2], "N": [2], "binding_energy": [28.3]}), fake])


def test_residual_targets_are_experiment_minus_theory(table):
    residuals, missing = residual_table(table, "HFB26", on_missing="drop")
    assert list(missing.itertuples(index=False, name=None)) == [(2, 2, "HFB26")]
    np.testing.assert_allclose(residuals.binding_energy, 1.0, atol=1e-9)
    np.testing.assert_allclose(
        residuals.binding_energy_baseline + residuals.binding_energy, residuals.binding_energy_exp
    )


def test_missing_baseline_nucleus_is_an_error_by_default(table):
    with pytest.raises(NucmassError, match="missing from the baseline HFB26"):
        residual_table(table, "HFB26")


def test_wrapper_adds_the_baseline_back_and_round_trips(table, tmp_path):
    residuals, _ = residual_table(table, "HFB26", on_missing="drop")
    inner = fit_liquid_drop(residuals.Z, residuals.N, residuals.binding_energy)
    model = ResidualModel("HFB26", inner)
    z, n = table.Z.to_numpy(), table.N.to_numpy()
    expected = baseline_binding_energy(z, n, "HFB26") + inner.predict(z, n)
    np.testing.assert_allclose(model.predict(z, n), expected)
    assert np.isnan(model.predict(z, n)[0])  # 4He: no baseline, no prediction
    loaded = load_model(model.save(tmp_path / "res"))
    assert loaded.kind == "residual" and loaded.inner.kind == "ldm"
    np.testing.assert_allclose(loaded.predict(z, n), model.predict(z, n))
    assert loaded.predict_members(z, n).shape == (1, len(z))


def test_ripl_baseline_keeps_its_directory(ripl_dir, tmp_path):
    zero = LiquidDrop(dict.fromkeys(TERMS, 0.0))
    model = load_model(ResidualModel("WS4", zero, ripl_dir).save(tmp_path / "ws4"))
    ws4 = load_theory("WS4", ripl_dir).query("Z == 50")
    np.testing.assert_allclose(model.predict(ws4.Z, ws4.N), ws4.binding_energy)
