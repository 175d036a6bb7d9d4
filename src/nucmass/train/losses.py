"""Losses over a batch of residuals (MeV): MAE (paper 000, Sec. IV) and MSE."""

import jax.numpy as jnp

from nucmass.errors import NucmassError

__all__ = ["LOSSES", "get_loss", "mae", "mse"]


def mae(prediction, target):
    """Mean absolute error, MeV."""
    return jnp.mean(jnp.abs(prediction - target))


def mse(prediction, target):
    """Mean squared error, MeV^2."""
    return jnp.mean(jnp.square(prediction - target))


LOSSES = {"mae": mae, "mse": mse}


def get_loss(name: str):
    """The loss function called ``name`` (``prediction, target -> scalar``)."""
    if name not in LOSSES:
        raise NucmassError(f"unknown loss {name!r}; choose from {', '.join(LOSSES)}")
    return LOSSES[name]
