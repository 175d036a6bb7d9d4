"""``nucmass train conn --baseline``: residual learning on a theory table, saved as "residual"."""

import numpy as np
import pandas as pd
import pytest

from nucmass.cli import main
from nucmass.data.theory import load_theory
from nucmass.models import load_model


def test_conn_on_frdm95_baseline(tmp_path, capsys):
    out = tmp_path / "conn-frdm"
    argv = ["train", "conn", "--seeds", "1", "--epochs", "20", "--split", "measured"]
    assert main([*argv, "--baseline", "FRDM95", "--no-figures", "--out", str(out)]) == 0
    assert "on top of FRDM95" in capsys.readouterr().out
    model = load_model(out)
    assert model.kind == "residual" and model.inner.kind == "conn"
    z, n = np.array([26, 82]), np.array([30, 126])
    frdm = load_theory("FRDM95").set_index(["Z", "N"]).loc[list(zip(z, n, strict=True))]
    expected = frdm.binding_energy.to_numpy() + model.inner.predict(z, n)
    np.testing.assert_allclose(model.predict(z, n), expected, rtol=1e-12)
    predicted = pd.read_csv(out / "predictions.csv")
    assert predicted.binding_energy.max() > 1000  # full binding energies, not residuals
    assert predicted.residual.abs().median() == pytest.approx(
        np.median(np.abs(predicted.predicted - predicted.binding_energy)), abs=1e-3
    )
    assert len(pd.read_csv(out / "missing.csv")) == 0
