"""Activation registry: derivatives, values at 0, and name handling."""

import numpy as np
import pytest

from nucmass.errors import NucmassError
from nucmass.theory.activations import ACTIVATIONS, get_activation

Z = np.linspace(-30.0, 30.0, 601) + 0.0123  # avoid the ReLU kink exactly


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_derivative_matches_central_difference(name):
    act = ACTIVATIONS[name]
    step = 1e-6
    numeric = (act.fn(Z + step) - act.fn(Z - step)) / (2 * step)
    np.testing.assert_allclose(act.deriv(Z), numeric, atol=1e-7)


def test_values_at_zero_and_large_arguments():
    values = {name: float(act.fn(np.zeros(1))[0]) for name, act in ACTIVATIONS.items()}
    assert values["softplus"] == pytest.approx(np.log(2.0))
    assert values["shifted_softplus"] == 0.0
    big = np.array([-800.0, 800.0])
    np.testing.assert_allclose(ACTIVATIONS["softplus"].fn(big), [0.0, 800.0])


def test_names_are_normalised_and_unknown_names_rejected():
    assert get_activation("Shifted-Softplus") is ACTIVATIONS["shifted_softplus"]
    with pytest.raises(NucmassError, match="unknown activation"):
        get_activation("swishy")
