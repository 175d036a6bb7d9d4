"""Members through the compiled loop: initialization, strategies, chunks, loss units.

Each member starts from ``model.init(PRNGKey(seed))`` followed by ``model.prepare`` (the
family's data-dependent starting values) and trains on the loss
``training.loss(model.apply(member, x), y) + model.penalty(member)`` in scaled units.
Compiled runners are cached per (model, training, steps per epoch, chunk, strategy), so
more seeds or a second ensemble of the same settings reuse the compiled executables.
"""

import functools

import jax
import jax.numpy as jnp
import numpy as np
from tqdm.auto import tqdm

from nucmass.models.ensemble import map_arrays
from nucmass.train.loop import make_runner, steps_per_epoch, trainable
from nucmass.train.losses import get_loss

__all__ = [
    "COLLAPSE_TOLERANCE",
    "OUTLIER_FACTOR",
    "VECTORIZE_MAX_WIDTH",
    "choose_strategy",
    "train_members",
]

# Widest feed-forward network whose members are stacked (vectorized) by ``auto`` on a CPU,
# for full batch and for mini-batches (BENCHMARKS.md, training section). Full batch never
# gained from stacking on the 2-core CPU. With mini-batches the fixed cost of each small
# step is shared by the stacked members: the full mini-batch benchmark (batch 32, K = 10
# and 100) has vectorized 1.34-1.53x sequential at width 10 and sequential 1.31-1.59x
# vectorized at widths 115 and 500; 64 lies between, the crossing itself is not measured.
VECTORIZE_MAX_WIDTH = {"full": 0, "minibatch": 64}
# A member whose training predictions vary less than this fraction of the targets'
# standard deviation has collapsed to a constant.
COLLAPSE_TOLERANCE = 1e-3
# A member whose training RMSD exceeds this multiple of the median member's has collapsed
# too (an outlier of its ensemble; members of one recipe differ by well under 2x).
OUTLIER_FACTOR = 5.0


def choose_strategy(model, training, strategy: str = "auto", members: int = 1) -> str:
    """``sequential`` or ``vectorized`` (resolving ``auto``: vectorized on an accelerator;
    on a CPU for two or more ``members`` per process of a feed-forward network no wider
    than ``VECTORIZE_MAX_WIDTH`` of its batch mode, else sequential)."""
    if strategy != "auto":
        return strategy
    if jax.default_backend() != "cpu":
        return "vectorized"
    mode = "full" if training.batch_size is None else "minibatch"
    narrow = model.family == "fnn" and model.width <= VECTORIZE_MAX_WIDTH[mode]
    return "vectorized" if narrow and members > 1 else "sequential"


def _chunks(epochs: int, chunk_epochs: int) -> list[int]:
    chunk = min(chunk_epochs, epochs)
    full, rest = divmod(epochs, chunk)
    return [chunk] * full + ([rest] if rest else [])


@functools.lru_cache(maxsize=32)
def compiled(model, training, steps: int, chunk_epochs: int, vectorize: bool):
    """(optimizer, list of chunk runners covering ``training.epochs``), cached."""
    loss = get_loss(training.loss)

    def objective(member, x, y):
        return loss(model.apply(member, x), y) + model.penalty(member)

    optimizer = training.optimizer(model, steps)
    lengths = _chunks(training.epochs, chunk_epochs)
    runners = {
        n: make_runner(objective, optimizer, n, training.batch_size, vectorize)
        for n in set(lengths)
    }
    return optimizer, [runners[n] for n in lengths]


def _stack(members: list):
    return map_arrays(lambda *leaves: jnp.stack(leaves), *members)


def _initial(model, training, seeds, problem) -> list:
    variances = training.variances(model)
    n_inputs = problem.x.shape[1]
    return [
        model.prepare(model.init(jax.random.PRNGKey(s), n_inputs, variances), problem.x, problem.y)
        for s in seeds
    ]


def _run(runners, params, state, failed, key, x, y, bar):
    histories = []
    for run in runners:
        params, state, failed, key, losses = run(params, state, failed, key, x, y)
        histories.append(losses)
        bar.update(1)
    return params, failed, jnp.concatenate(histories, axis=-1)


def train_members(model, training, seeds, problem, strategy, chunk_epochs, progress=False):
    """Train one member per seed; (initial, final, failed, losses) stacked over members.

    ``losses`` (K, epochs) are in target units (scaled loss x target_scale, squared for
    MSE); ``failed`` (K,) marks members that diverged.
    """
    x, y = jnp.asarray(problem.x32), jnp.asarray(problem.y32)
    steps = steps_per_epoch(x.shape[0], training.batch_size)
    vectorize = strategy == "vectorized"
    optimizer, runners = compiled(model, training, steps, chunk_epochs, vectorize)
    members = _initial(model, training, seeds, problem)
    keys = [jax.random.fold_in(jax.random.PRNGKey(int(s)), 1) for s in seeds]
    total = len(runners) * (1 if vectorize else len(seeds))
    with tqdm(total=total, desc="training", disable=not progress, leave=False) as bar:
        if vectorize:
            params = _stack(members)
            state = jax.vmap(optimizer.init)(trainable(params))
            failed = jnp.zeros(len(seeds), bool)
            final, failed, losses = _run(runners, params, state, failed, jnp.stack(keys), x, y, bar)
        else:
            outcomes = [
                _run(runners, m, optimizer.init(trainable(m)), jnp.zeros((), bool), k, x, y, bar)
                for m, k in zip(members, keys, strict=True)
            ]
            finals, failed, losses = zip(*outcomes, strict=True)
            final, failed, losses = _stack(list(finals)), jnp.stack(failed), jnp.stack(losses)
    power = 2 if training.loss == "mse" else 1
    losses = np.asarray(losses, dtype=float) * float(problem.scaling.target_scale) ** power
    return _stack(members), final, np.asarray(failed), losses
