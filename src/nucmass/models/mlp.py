"""Feed-forward networks for binding energies (paper 000, Sec. II A and IV).

``depth`` is the number of hidden layers L; the network has ``l_out = depth + 1`` weight
layers, numbered l = 1 .. l_out. Every weight layer l maps n_{l-1} -> n_l units with
n_0 = number of inputs (2, or 4 with the parities), n_1 = ... = n_L = ``width`` and
n_{l_out} = 1. Weights are stored as (n_{l-1}, n_l) matrices so that a layer is
``x @ W + b`` on a batch x of shape (m, n_{l-1}).

Initialization follows paper 000 Eqs. 4-5: W_ij ~ N(0, C_W / n_{l-1}) (the 1/fan-in
variance) and b_i ~ N(0, C_b), in every layer including the output layer.
"""

import itertools

import equinox as eqx
import jax
import jax.numpy as jnp

from nucmass.errors import NucmassError

__all__ = ["ACTIVATIONS", "FeedForward", "l_out", "layer_sizes"]

ACTIVATIONS = {
    "relu": jax.nn.relu,
    "tanh": jnp.tanh,
    "gelu": lambda x: jax.nn.gelu(x, approximate=False),
    "softplus": jax.nn.softplus,
}


def l_out(depth: int) -> int:
    """Number of weight layers, l_out = L + 1, for ``depth`` = L hidden layers."""
    return depth + 1


def layer_sizes(n_inputs: int, width: int, depth: int) -> list[int]:
    """Unit counts [n_0, n_1, ..., n_{l_out}] (length depth + 2)."""
    if width < 1 or depth < 1 or n_inputs < 1:
        raise NucmassError(
            f"a network needs width, depth and inputs >= 1 (got {width}, {depth}, {n_inputs})"
        )
    return [n_inputs] + [width] * depth + [1]


class FeedForward(eqx.Module):
    """A fully connected network R^{n_0} -> R with ``depth`` hidden layers.

    Attributes
    ----------
    weights : tuple of arrays
        ``weights[l-1]`` has shape (n_{l-1}, n_l), for l = 1 .. l_out.
    biases : tuple of arrays
        ``biases[l-1]`` has shape (n_l,).
    activation : str
        One of ``ACTIVATIONS``; applied after every hidden layer, not after the output.
    """

    weights: tuple
    biases: tuple
    activation: str = eqx.field(static=True)

    @classmethod
    def init(
        cls,
        key: jax.Array,
        n_inputs: int,
        width: int,
        depth: int,
        activation: str = "relu",
        c_w: float = 2.0,
        c_b: float = 0.0,
    ) -> "FeedForward":
        """A network drawn from paper 000 Eqs. 4-5 (float32).

        W^(l) ~ N(0, c_w / n_{l-1}) elementwise, b^(l) ~ N(0, c_b).
        """
        return cls.from_sizes(key, layer_sizes(n_inputs, width, depth), activation, c_w, c_b)

    @classmethod
    def from_sizes(cls, key: jax.Array, sizes, activation: str, c_w: float, c_b: float):
        """A network of layer sizes ``sizes`` ([n_0, n_1, ..., 1]; hidden layers may
        differ in width) drawn as in :meth:`init`."""
        if activation not in ACTIVATIONS:
            raise NucmassError(
                f"unknown activation {activation!r}; choose from {', '.join(ACTIVATIONS)}"
            )
        if c_w < 0 or c_b < 0:
            raise NucmassError(f"c_w and c_b must be >= 0 (got {c_w}, {c_b})")
        keys = jax.random.split(key, 2 * (len(sizes) - 1))
        weights, biases = [], []
        for layer, (fan_in, fan_out) in enumerate(itertools.pairwise(sizes)):
            w = jax.random.normal(keys[2 * layer], (fan_in, fan_out), jnp.float32)
            b = jax.random.normal(keys[2 * layer + 1], (fan_out,), jnp.float32)
            weights.append(w * jnp.sqrt(c_w / fan_in))
            biases.append(b * jnp.sqrt(c_b))
        return cls(tuple(weights), tuple(biases), activation)

    @property
    def depth(self) -> int:
        """Number of hidden layers L."""
        return len(self.weights) - 1

    @property
    def width(self) -> int:
        """Units per hidden layer n."""
        return int(self.weights[0].shape[-1])

    def __call__(self, x: jax.Array) -> jax.Array:
        """Outputs of shape (m,) for inputs ``x`` of shape (m, n_0)."""
        sigma = ACTIVATIONS[self.activation]
        h = x
        for w, b in zip(self.weights[:-1], self.biases[:-1], strict=True):
            h = sigma(h @ w + b)
        return (h @ self.weights[-1] + self.biases[-1])[..., 0]
