"""``nucmass train fnn --baseline``: residual learning on a theory table."""

import numpy as np
import pandas as pd

from nucmass.cli import main
from nucmass.data.theory import load_theory
from nucmass.models import load_model


def test_fnn_on_hfb14_baseline_reports_missing(tmp_path, capsys):
    out = tmp_path / "fnn-hfb14"
    argv = ["train", "fnn", "--width", "8", "--depth", "2", "--epochs", "20", "--seeds", "2"]
    argv += ["--target-scaling", "standard"]
    assert main([*argv, "--split", "zeng", "--baseline", "HFB14", "--out", str(out)]) == 0
    assert "on top of HFB14 (170 nuclei lack it" in capsys.readouterr().out
    assert len(pd.read_csv(out / "missing.csv")) == 170  # 156 train + 14 test (theory-rmsd)
    model = load_model(out)
    assert model.family == "fnn" and model.baseline == "HFB14"
    z, n = np.array([26, 50]), np.array([30, 82])
    hfb = load_theory("HFB14").set_index(["Z", "N"]).loc[list(zip(z, n, strict=True))]
    expected = hfb.binding_energy.to_numpy() + model.components(z, n)["network"]
    np.testing.assert_allclose(model.predict(z, n), expected, rtol=1e-6)
