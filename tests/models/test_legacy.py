"""Models saved by earlier versions still load and predict what they predicted then."""

import json
from pathlib import Path

import numpy as np
import pytest

from nucmass.models import Ensemble, load_model
from nucmass.models.pretrained import resolve

LEGACY = Path(__file__).parent / "legacy"
# float32 members: one unit in the last place of B ~ 2000 MeV is 2.4e-4 MeV
TOLERANCE = 1e-3


@pytest.fixture(scope="module")
def recorded() -> dict:
    return json.loads((LEGACY / "predictions.json").read_text())


@pytest.mark.parametrize(
    ("name", "family"),
    [("conn", "conn"), ("fnn", "fnn"), ("mfdnn", "mfdnn"), ("ldm", "ldm"), ("residual", "conn")],
)
def test_legacy_model_predicts_as_before(recorded, name, family):
    model = load_model(LEGACY / name)
    assert isinstance(model, Ensemble) and model.family == family
    z, n = np.array(recorded["Z"]), np.array(recorded["N"])
    expected = np.array(recorded[name])
    assert model.predict_members(z, n) == pytest.approx(expected, abs=TOLERANCE)


def test_legacy_residual_keeps_its_baseline():
    model = load_model(LEGACY / "residual")
    assert model.baseline == "DUZU"
    assert model.config.shell_l2 == pytest.approx(1e-3)


def test_legacy_model_saves_in_the_current_format(recorded, tmp_path):
    model = load_model(LEGACY / "mfdnn")
    again = load_model(model.save(tmp_path / "m"))
    assert json.loads((tmp_path / "m" / "config.json").read_text())["format"] == 2
    z, n = np.array(recorded["Z"]), np.array(recorded["N"])
    assert np.array_equal(again.predict_members(z, n), model.predict_members(z, n))


def test_shipped_conn_predictions_are_unchanged():
    reference = np.load(LEGACY / "shipped_conn_predictions.npz")
    model = load_model(resolve("conn"))
    assert model.size == 10 and model.family == "conn"
    z, n = reference["Z"], reference["N"]
    assert model.predict(z, n) == pytest.approx(reference["mean"], abs=TOLERANCE)
    assert model.std(z, n) == pytest.approx(reference["std"], abs=TOLERANCE)
