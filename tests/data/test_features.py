"""Min-max scaling (paper 000 Eq. 40) and parity features."""

import numpy as np
import pytest

from nucmass.data.ame import load_ame
from nucmass.data.features import MinMaxScaler, fnn_inputs, parity


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
