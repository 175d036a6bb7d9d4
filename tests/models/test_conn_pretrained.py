"""Named (shipped) models: resolving names and directories; the reference CoNN ensemble."""

import numpy as np
import pytest

from nucmass.data.ame import load_ame
from nucmass.errors import NucmassError
from nucmass.models import load_model
from nucmass.models.pretrained import available, resolve


def test_resolve_accepts_a_model_directory(tmp_path):
    (tmp_path / "config.json").write_text('{"kind": "ldm"}')
    assert resolve(tmp_path) == tmp_path
    assert resolve(str(tmp_path)) == tmp_path


def test_resolve_rejects_unknown_names(tmp_path):
    with pytest.raises(NucmassError, match="not a saved model"):
        resolve("no-such-model")
    with pytest.raises(NucmassError, match="not a saved model"):
        resolve(tmp_path)  # a directory without config.json


def test_shipped_conn_ensemble_predicts_known_masses():
    assert "conn" in available()
    model = load_model(resolve("conn"))
    table = load_ame("ame2020")
    table = table[(table.Z >= 8) & (table.N >= 8) & ~table.is_estimated]
    members = model.predict_members(table.Z.to_numpy(), table.N.to_numpy())
    residual = members.mean(axis=0) - table.binding_energy.to_numpy()
    assert np.sqrt(np.mean(residual**2)) < 0.5  # MeV, 2457 measured nuclei with Z, N >= 8
    assert members.shape[0] >= 10 and np.all(members.std(axis=0) > 0)
