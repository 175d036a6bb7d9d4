"""The one ensemble type: sigma convention, failed members, components, save/load."""

import json

import numpy as np
import pytest

from nucmass.errors import NucmassError
from nucmass.models import Ensemble, LDMConfig, load_model
from nucmass.models.ensemble import Scaling
from nucmass.models.ldm import TERMS, LiquidDrop, design_matrix

COEFFICIENTS = np.array([15.6, 17.4, 0.71, 23.0, 12.0])


def _ensemble(offsets, status=None, **kwargs) -> Ensemble:
    """Liquid drops whose asymmetry coefficients differ by ``offsets`` (MeV)."""
    members = np.tile(COEFFICIENTS, (len(offsets), 1))
    members[:, 3] += offsets
    identity = Scaling.of(np.zeros(len(TERMS)), np.ones(len(TERMS)))
    status = status or ("ok",) * len(offsets)
    return Ensemble(LiquidDrop(members), identity, LDMConfig(), status, **kwargs)


def test_predict_is_the_mean_and_std_uses_ddof_1():
    model = _ensemble([-1.0, 1.0])
    z, n = np.array([50, 82]), np.array([82, 126])
    members = model.predict_members(z, n)
    asymmetry = (n - z) ** 2 / (z + n)
    assert members[1] - members[0] == pytest.approx(-2 * asymmetry, rel=1e-6)
    assert model.predict(z, n) == pytest.approx(members.mean(axis=0))
    # two members a, b: the sample standard deviation is |a - b| / sqrt(2)
    assert model.std(z, n) == pytest.approx(2 * asymmetry / np.sqrt(2), rel=1e-6)


def test_one_member_has_zero_spread():
    assert np.all(_ensemble([0.0]).std([50], [82]) == 0)


def test_failed_members_never_enter_predictions():
    model = _ensemble([0.0, 5.0, -5.0], status=("ok", "diverged", "collapsed"))
    assert model.predict_members([50], [82]).shape == (1, 1)
    assert model.predict_members([50], [82], include_failed=True).shape == (3, 1)
    assert model.predict([50], [82]) == pytest.approx(_ensemble([0.0]).predict([50], [82]))


def test_an_ensemble_whose_members_all_failed_refuses_to_predict():
    model = _ensemble([0.0, 1.0], status=("diverged", "collapsed"))
    with pytest.raises(NucmassError, match="every member"):
        model.predict([50], [82])


def test_unknown_status_is_refused():
    with pytest.raises(NucmassError, match="status"):
        _ensemble([0.0], status=("fine",))


def test_nuclide_names_are_accepted():
    model = _ensemble([0.0])
    assert model.predict(["208Pb", "Sn132"]) == pytest.approx(model.predict([82, 50], [126, 82]))


def test_components_sum_to_the_prediction():
    model = _ensemble([0.0, 1.0])
    parts = model.components([26, 82], [30, 126])
    assert list(parts) == list(TERMS)
    assert sum(parts.values()) == pytest.approx(model.predict([26, 82], [30, 126]), rel=1e-6)


def test_prediction_matches_the_liquid_drop_formula():
    expected = design_matrix([82], [126]) @ COEFFICIENTS
    assert _ensemble([0.0]).predict([82], [126]) == pytest.approx(expected, rel=1e-6)


def test_save_and_load_round_trip(tmp_path):
    model = _ensemble([0.0, 1.0], status=("ok", "diverged"), info={"seeds": [4, 7]})
    loaded = load_model(model.save(tmp_path / "m"))
    assert loaded.status == ("ok", "diverged") and loaded.seeds == [4, 7]
    z, n = np.array([8, 92]), np.array([8, 146])
    got = loaded.predict_members(z, n, include_failed=True)
    assert np.array_equal(got, model.predict_members(z, n, include_failed=True))


def test_save_refuses_an_existing_directory_unless_overwrite(tmp_path):
    model = _ensemble([0.0])
    model.save(tmp_path / "m")
    with pytest.raises(NucmassError, match="exists"):
        model.save(tmp_path / "m")
    (tmp_path / "m" / "stale.txt").write_text("old")
    model.save(tmp_path / "m", overwrite=True)
    assert not (tmp_path / "m" / "stale.txt").exists()


def test_newer_format_and_damaged_arrays_are_clear_errors(tmp_path):
    directory = _ensemble([0.0]).save(tmp_path / "m")
    config = json.loads((directory / "config.json").read_text())
    (directory / "config.json").write_text(json.dumps({**config, "format": 99}))
    with pytest.raises(NucmassError, match="format 99"):
        load_model(directory)
    (directory / "config.json").write_text(json.dumps(config))
    (directory / "ensemble.eqx").write_bytes(b"\x00" * 10)
    with pytest.raises(NucmassError, match="damaged"):
        load_model(directory)
