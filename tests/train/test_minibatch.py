"""The mini-batch epoch: every row once per epoch, reshuffled each epoch, seeded by the
member's key; the recorded loss is the per-row mean; fit members do not depend on the
strategy or on the other members."""

import jax
import jax.numpy as jnp
import numpy as np
import optax
import pytest

from nucmass.data.ame import load_ame
from nucmass.models import FNNConfig
from nucmass.train import Regime, fit, make_runner
from nucmass.train.loop import steps_per_epoch

ROWS, BATCH = 23, 5  # 4 batches of 5 and a last one of 3


def _visits(params, x, y):
    """Loss whose gradient is 1 at the rows of the batch, 0 elsewhere."""
    rows = x[:, 0].astype(jnp.int32)
    return jnp.sum(params["last"][rows]) + jnp.sum(params["seen"][rows])


def _recorder() -> optax.GradientTransformation:
    """'last' <- index of the step that saw the row; 'seen' <- number of times seen."""

    def update(grads, count, params):
        hit = grads["last"] > 0
        last = jnp.where(hit, count.astype(jnp.float32) - params["last"], 0.0)
        return {"last": last, "seen": grads["seen"]}, count + 1

    return optax.GradientTransformation(lambda params: jnp.zeros((), jnp.int32), update)


def _epochs(key, epochs: int = 2) -> list[np.ndarray]:
    """Step index (0-based, within its epoch) at which each row was used, per epoch."""
    run = make_runner(_visits, _recorder(), 1, batch_size=BATCH)
    params = {"last": jnp.full(ROWS, -1.0), "seen": jnp.zeros(ROWS)}
    state, failed = _recorder().init(params), jnp.zeros((), bool)
    x, y = jnp.arange(ROWS, dtype=jnp.float32)[:, None], jnp.zeros(ROWS)
    steps, orders = steps_per_epoch(ROWS, BATCH), []
    for epoch in range(epochs):
        params, state, failed, key, _ = run(params, state, failed, key, x, y)
        np.testing.assert_array_equal(params["seen"], epoch + 1)  # every row once
        orders.append(np.asarray(params["last"]) - epoch * steps)
    return orders


def test_every_row_once_per_epoch_in_full_batches_and_one_remainder():
    assert steps_per_epoch(ROWS, BATCH) == 5 and steps_per_epoch(ROWS, None) == 1
    assert steps_per_epoch(ROWS, ROWS + 1) == 1
    for order in _epochs(jax.random.PRNGKey(0)):
        sizes = np.bincount(order.astype(int), minlength=5)
        assert sizes.tolist() == [5, 5, 5, 5, 3]


def test_rows_are_reshuffled_every_epoch_and_seeded():
    first, second = _epochs(jax.random.PRNGKey(0))
    assert not np.array_equal(first, second)
    again = _epochs(jax.random.PRNGKey(0))
    np.testing.assert_array_equal(first, again[0])
    np.testing.assert_array_equal(second, again[1])
    other = _epochs(jax.random.PRNGKey(1))[0]
    assert not np.array_equal(first, other)


def test_epoch_loss_is_the_mean_over_rows_of_the_batch_losses():
    # loss = mean of x over the batch, no update: the epoch loss is the mean of all rows
    run = make_runner(lambda p, x, y: jnp.mean(x) + 0.0 * p, optax.sgd(0.0), 1, batch_size=BATCH)
    x = jnp.arange(ROWS, dtype=jnp.float32)[:, None]
    outcome = run(jnp.zeros(()), optax.sgd(0.0).init(jnp.zeros(())), jnp.zeros((), bool),
                  jax.random.PRNGKey(3), x, jnp.zeros(ROWS))  # fmt: skip
    assert float(outcome[-1][0]) == pytest.approx(np.mean(np.arange(ROWS)), rel=1e-6)


def test_fit_members_are_seeded_alike_sequential_vectorized_and_alone():
    table = load_ame("ame2020").sample(150, random_state=1).reset_index(drop=True)
    model = FNNConfig(width=6, depth=2, target_scaling="standard")
    training = Regime(epochs=6, switch_epoch=3, raw_rates=(0.3, 0.1), batch_size=32)
    options = {"progress": False, "chunk_epochs": 4}
    vectorized = fit(model, table, training, seeds=[3, 4], strategy="vectorized", **options)
    sequential = fit(model, table, training, seeds=[3, 4], strategy="sequential", **options)
    alone = fit(model, table, training, seeds=[4], **options)
    for a, b in ((vectorized, sequential), (vectorized, alone)):
        np.testing.assert_allclose(a.history.losses[-1], b.history.losses[-1], rtol=1e-4)
    other = fit(model, table, training.replace(batch_size="full"), seeds=[4], **options)
    assert other.info["training"]["batch_size"] is None
    assert not np.allclose(other.history.losses[0], alone.history.losses[0])
