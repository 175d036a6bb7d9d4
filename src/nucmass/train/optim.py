"""Optimizers as optax transformations: SGD with per-parameter rates in phases, and Adam.

Both take a list of phases: phase k is in force from epoch ``boundaries[k-1]`` (the step
count, one step per epoch for full batch) until ``boundaries[k]``. With mini-batches the
caller converts epochs to steps.
"""

from collections.abc import Sequence

import jax
import jax.numpy as jnp
import optax

__all__ = ["phase_index", "phased_adam", "phased_sgd"]


def phase_index(count: jax.Array, boundaries: Sequence[int]) -> jax.Array:
    """Index of the phase in force at step ``count`` (0 before the first boundary)."""
    return sum((count >= b).astype(jnp.int32) for b in boundaries) if boundaries else 0


def phased_sgd(rates: Sequence, boundaries: Sequence[int] = ()) -> optax.GradientTransformation:
    """Plain SGD, ``theta <- theta - rate * grad``, with one rate per parameter leaf.

    Parameters
    ----------
    rates : sequence of pytrees
        ``rates[k]`` has the structure of the parameters (a float per leaf, or an array
        broadcastable to the leaf) and holds the rates of phase k.
    boundaries : sequence of int
        Steps where the next phase starts; ``len(boundaries) == len(rates) - 1``.
    """
    if len(boundaries) != len(rates) - 1:
        raise ValueError("need one boundary fewer than phases")
    stacked = jax.tree.map(lambda *leaves: jnp.stack([jnp.asarray(v) for v in leaves]), *rates)

    def init(params):
        del params
        return jnp.zeros((), jnp.int32)

    def update(grads, count, params=None):
        del params
        phase = phase_index(count, boundaries)
        updates = jax.tree.map(lambda g, r: -r[phase].astype(g.dtype) * g, grads, stacked)
        return updates, count + 1

    return optax.GradientTransformation(init, update)


def phased_adam(
    learning_rates: Sequence[float],
    boundaries: Sequence[int] = (),
    b1: float = 0.9,
    b2: float = 0.999,
) -> optax.GradientTransformation:
    """Adam (decay constants 0.9, 0.999 as in paper 000 Sec. IV) with a piecewise rate."""
    schedule = optax.piecewise_constant_schedule(
        learning_rates[0],
        {int(b): learning_rates[k + 1] / learning_rates[k] for k, b in enumerate(boundaries)},
    )
    return optax.adam(schedule, b1=b1, b2=b2)
