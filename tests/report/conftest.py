"""A tiny synthetic ensemble (kind ``toy-ensemble``) for the uncertainty and report tests.

Member k predicts the liquid drop plus ``offsets[k] * (Z - Z0(A))^2 / 10`` MeV, with Z0(A)
the liquid-drop valley of stability, so the spread is zero on the valley and grows away
from it, as an ensemble's should away from the data.
"""

import sys
import types

import numpy as np
import pytest

from nucmass.data.ame import load_ame
from nucmass.models import base
from nucmass.models.ldm import LiquidDrop, fit_liquid_drop

KIND = "toy-ensemble"


class ToyEnsemble:
    kind = KIND

    def __init__(self, coefficients: dict, offsets):
        self.base = LiquidDrop(dict(coefficients))
        self.offsets = np.asarray(offsets, dtype=float)

    def predict_members(self, z, n) -> np.ndarray:
        z, n = np.asarray(z, dtype=float), np.asarray(n, dtype=float)
        a = z + n
        valley = a / (2.0 + 0.0155 * a ** (2 / 3))
        return self.base.predict(z, n) + np.outer(self.offsets, (z - valley) ** 2 / 10)

    def predict(self, z, n) -> np.ndarray:
        return self.predict_members(z, n).mean(axis=0)

    def save(self, directory):
        config = {"kind": KIND, "coefficients": self.base.coefficients}
        return base.save_config(directory, {**config, "offsets": self.offsets.tolist()})


def load(directory) -> ToyEnsemble:
    config = base.read_config(directory)
    return ToyEnsemble(config["coefficients"], config["offsets"])


@pytest.fixture(scope="session")
def liquid_drop():
    ame = load_ame("ame2020")
    ame = ame[~ame.is_estimated & (ame.Z >= 8) & (ame.N >= 8)]
    return fit_liquid_drop(ame.Z, ame.N, ame.binding_energy)


@pytest.fixture(scope="session")
def toy_ensemble(liquid_drop):
    return ToyEnsemble(liquid_drop.coefficients, np.linspace(-1.0, 1.0, 5))


@pytest.fixture
def toy_ensemble_dir(toy_ensemble, tmp_path, monkeypatch):
    """The toy ensemble saved in a directory that ``load_model`` can read."""
    module = types.ModuleType("toy_ensemble_kind")
    module.load = load
    monkeypatch.setitem(sys.modules, "toy_ensemble_kind", module)
    monkeypatch.setitem(base.KIND_MODULES, KIND, "toy_ensemble_kind")
    return toy_ensemble.save(tmp_path / "toy")
