"""Min-max scaling (paper 000 Eq. 40) and parity features."""

import numpy as np
import pytest

from nucmass.data.ame import load_ame
from nucmass.data.features import (
    FEATURE_SETS,
    SHELL_FEATURES,
    MinMaxScaler,
    feature_columns,
    fnn_inputs,
    magic_distance,
    parity,
    shell_features,
)
from nucmass.errors import NucmassError


def test_minmax_on_ame2020():
    table = load_ame("ame2020")
    scaler = MinMaxScaler.fit(table[["N", "Z"]])
    assert scaler.low == (0.0, 0.0) and scaler.high == (177.0, 118.0)
    x = fnn_inputs([26], [30], scaler)
    np.testing.assert_allclose(x, [[30 / 177, 26 / 118]])
    scaled = scaler.transform(table[["N", "Z"]])
    assert scaled.min() == 0.0 and scaled.max() == 1.0


def test_four_inputs_and_roundtrip():
    scaler = MinMaxScaler((10.0, 5.0), (20.0, 15.0))
    x = fnn_inputs(np.array([5, 6]), np.array([15, 10]), scaler, parities=True)
    np.testing.assert_allclose(x, [[0.5, 0.0, 1.0, 1.0], [0.0, 0.1, 0.0, 0.0]])
    assert MinMaxScaler.from_dict(scaler.to_dict()) == scaler


@pytest.mark.parametrize("values, expected", [([0, 1, 2, 7, 126], [0, 1, 0, 1, 0])])
def test_parity(values, expected):
    np.testing.assert_array_equal(parity(values), expected)


def test_magic_distance_signs_and_ties():
    values = [0, 2, 5, 8, 14, 15, 20, 66, 67, 126, 150, 160]
    expected = [-2, 0, 3, 0, 6, -5, 0, 16, -15, 0, 24, -24]
    np.testing.assert_array_equal(magic_distance(values), expected)


def test_shell_features_hand_computed():
    # 48Ca (doubly magic), 56Fe (two holes / two particles), 135Ba (Z = 56, N = 79)
    x = shell_features([20, 26, 56], [28, 30, 79])
    assert x.shape == (3, len(SHELL_FEATURES))
    expected = [
        [0, 0, 0, 0, 0, 0, 0, 8 / 48, 48 ** (1 / 3)],
        [-2, 2, 2, 2, 1, 0, 0, 4 / 56, 56 ** (1 / 3)],
        [6, -3, 6, 3, 18 / 9, 0, 1, 23 / 135, 135 ** (1 / 3)],
    ]
    np.testing.assert_allclose(x, expected, rtol=1e-12)


def test_feature_sets_by_name():
    assert feature_columns([20, 26], [28, 30], "none").shape == (2, 0)
    np.testing.assert_array_equal(feature_columns([26], [30], "shell"), shell_features([26], [30]))
    assert set(FEATURE_SETS) == {"none", "shell"}
    with pytest.raises(NucmassError, match="unknown feature set"):
        feature_columns([26], [30], "shells")
    with pytest.raises(NucmassError, match="Z >= 0"):
        shell_features([-1], [3])
