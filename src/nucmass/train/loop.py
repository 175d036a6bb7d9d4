"""The compiled epoch loop, generic over the model (any pytree of parameters).

``make_runner`` builds one jitted function that runs ``n_epochs`` epochs inside
``jax.lax.scan`` (no Python per step). The same function serves one model (sequential
strategy: call it per member, it compiles once) and a stack of K models
(``jax.vmap`` over a leading member axis: the vectorized strategy). The model is any
equinox module: its floating-point arrays are trained, everything else (integer arrays,
activation functions, static fields) is held fixed; the optimizer state is that of
``eqx.filter(model, eqx.is_inexact_array)`` (:func:`trainable`).

Divergence: a member whose loss or updated parameters are not finite is marked failed;
from then on its parameters and optimizer state are frozen and its recorded loss is NaN,
while the other members (vectorized) go on unchanged.
"""

from collections.abc import Callable

import equinox as eqx
import jax
import jax.numpy as jnp
import optax

__all__ = ["make_runner", "steps_per_epoch", "trainable", "tree_all_finite"]


def tree_all_finite(tree) -> jax.Array:
    """True when every leaf of ``tree`` is finite."""
    arrays = jax.tree.leaves(eqx.filter(tree, eqx.is_inexact_array))
    leaves = [jnp.all(jnp.isfinite(leaf)) for leaf in arrays]
    return jnp.all(jnp.stack(leaves)) if leaves else jnp.array(True)


def trainable(model):
    """The trained part of ``model`` (its floating-point arrays; None elsewhere)."""
    return eqx.filter(model, eqx.is_inexact_array)


def _tree_select(condition, on_true, on_false):
    return jax.tree.map(lambda a, b: jnp.where(condition, a, b), on_true, on_false)


def _epoch_step(loss_fn, optimizer, batch_size):
    """One epoch: full batch (one step) or shuffled mini-batches.

    Mini-batches: a fresh permutation of the m rows per epoch (from ``key``), cut into
    m // batch_size batches of ``batch_size`` and, when batch_size does not divide m, one
    last batch of the m % batch_size remaining rows, so every row is used exactly once per
    epoch (PyTorch's ``DataLoader(shuffle=True)`` order). The recorded loss is the mean of
    the batch losses weighted by batch size.
    """

    def step(params, static, opt_state, x, y):
        objective = lambda p: loss_fn(eqx.combine(p, static), x, y)  # noqa: E731
        loss, grads = jax.value_and_grad(objective)(params)
        updates, opt_state = optimizer.update(grads, opt_state, params)
        return optax.apply_updates(params, updates), opt_state, loss

    def epoch(params, static, opt_state, key, x, y):
        if batch_size is None or batch_size >= len(x):
            return step(params, static, opt_state, x, y)
        rows = len(x)
        full, rest = divmod(rows, batch_size)
        order = jax.random.permutation(key, rows)

        def batch_body(carry, index):
            p, s, loss = step(carry[0], static, carry[1], x[index], y[index])
            return (p, s), loss

        batches = order[: full * batch_size].reshape(full, batch_size)
        (params, opt_state), losses = jax.lax.scan(batch_body, (params, opt_state), batches)
        total = jnp.sum(losses) * batch_size
        if rest:
            last = order[full * batch_size :]
            params, opt_state, loss = step(params, static, opt_state, x[last], y[last])
            total = total + loss * rest
        return params, opt_state, total / rows

    return epoch


def steps_per_epoch(rows: int, batch_size) -> int:
    """Optimizer steps in one epoch over ``rows`` rows: ceil(rows / batch_size), 1 for
    full batch (``None`` or a batch at least as large as the data)."""
    if batch_size is None or batch_size >= rows:
        return 1
    return -(-rows // batch_size)


def make_runner(
    loss_fn: Callable,
    optimizer: optax.GradientTransformation,
    n_epochs: int,
    batch_size=None,
    vectorize: bool = False,
) -> Callable:
    """A jitted ``run(params, opt_state, failed, key, x, y)`` doing ``n_epochs`` epochs.

    Parameters
    ----------
    loss_fn : callable
        ``loss_fn(model, x, y) -> scalar`` on a batch.
    optimizer : optax.GradientTransformation
    n_epochs : int
        Epochs per call (static; the function compiles once per shape).
    batch_size : int or None
        None for full batch; otherwise every row once per epoch in shuffled batches
        (:func:`_epoch_step`).
    vectorize : bool
        Compile for a stack of members: every argument except ``x, y`` (shared) gets a
        leading member axis (``jax.jit(jax.vmap(...))``).

    Returns
    -------
    run : callable
        ``run(model, opt_state, failed, key, x, y) -> (model, opt_state, failed, key,
        losses)`` with ``losses`` of shape (n_epochs,): the loss before each epoch's
        update (epoch mean for mini-batches), NaN once the member has failed.
    """
    epoch = _epoch_step(loss_fn, optimizer, batch_size)

    def run(model, opt_state, failed, key, x, y):
        params, static = eqx.partition(model, eqx.is_inexact_array)

        def body(carry, _):
            params, opt_state, failed, key = carry
            key, subkey = jax.random.split(key)
            new_params, new_state, loss = epoch(params, static, opt_state, subkey, x, y)
            failed = failed | ~jnp.isfinite(loss) | ~tree_all_finite(new_params)
            params = _tree_select(failed, params, new_params)
            opt_state = _tree_select(failed, opt_state, new_state)
            return (params, opt_state, failed, key), jnp.where(failed, jnp.nan, loss)

        carry, losses = jax.lax.scan(body, (params, opt_state, failed, key), length=n_epochs)
        params, opt_state, failed, key = carry
        return eqx.combine(params, static), opt_state, failed, key, losses

    if vectorize:
        run = eqx.filter_vmap(run, in_axes=(0, 0, 0, 0, None, None))
    return eqx.filter_jit(run)
