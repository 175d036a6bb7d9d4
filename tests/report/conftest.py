"""A small synthetic ensemble for the uncertainty and report tests.

Five liquid drops whose asymmetry coefficients differ by -0.5 .. 0.5 MeV: the members
agree at N = Z and spread as (N - Z)^2 / A away from it, as an ensemble's predictions
spread away from the data.
"""

import numpy as np
import pytest

from nucmass.data.ame import load_ame
from nucmass.models import Ensemble, LDMConfig
from nucmass.models.ldm import LiquidDrop
from nucmass.train import fit

ASYMMETRY_OFFSETS = np.linspace(-0.5, 0.5, 5)  # MeV


@pytest.fixture(scope="session")
def liquid_drop():
    ame = load_ame("ame2020")
    ame = ame[~ame.is_estimated & (ame.Z >= 8) & (ame.N >= 8)]
    return fit(LDMConfig(), ame, progress=False)


@pytest.fixture(scope="session")
def toy_ensemble(liquid_drop):
    members = np.tile(np.asarray(liquid_drop.members.coefficients)[0], (5, 1))
    members[:, 3] += ASYMMETRY_OFFSETS
    info = {"split": "measured", "split_seed": 0, "seeds": list(range(5))}
    status = ("ok",) * 5
    return Ensemble(LiquidDrop(members), liquid_drop.scaling, LDMConfig(), status, info=info)


@pytest.fixture
def toy_ensemble_dir(toy_ensemble, tmp_path):
    """The toy ensemble saved in a model directory."""
    return toy_ensemble.save(tmp_path / "toy")
