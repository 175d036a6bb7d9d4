"""``train_ensemble``: K feed-forward networks, same architecture, different seeds.

A pure library call (a sweep can run it in a worker process): it returns per-member
arrays (loss histories, failed mask, RMSDs per part) and the initial and final parameters
stacked on a leading member axis. Two execution strategies behind one API:

- ``vectorized``: one compiled loop over a stack of K networks (``jax.vmap``); the right
  choice on a GPU and for tiny widths;
- ``sequential``: members one after another through the same compiled loop.

``auto`` picks vectorized on an accelerator or when ``width <= VECTORIZE_MAX_WIDTH``
(measured on the 2-core CPU, see BENCHMARKS.md: 0, i.e. never), sequential otherwise.
``workers > 1`` splits the members among worker processes (``nucmass.train.parallel``).
"""

import functools
import time
from dataclasses import dataclass

import equinox as eqx
import jax
import jax.numpy as jnp
import numpy as np
import pandas as pd

from nucmass.data.features import MinMaxScaler, fnn_inputs
from nucmass.errors import NucmassError
from nucmass.models.mlp import FeedForward
from nucmass.train.config import TrainConfig
from nucmass.train.loop import make_runner
from nucmass.train.losses import get_loss
from nucmass.train.setup import make_optimizer, regime_init

__all__ = [
    "VECTORIZE_MAX_WIDTH",
    "EnsembleResult",
    "choose_strategy",
    "compiled_training",
    "target_affine",
    "train_ensemble",
    "train_members",
]

VECTORIZE_MAX_WIDTH = 0  # measured on this CPU: stacking never won clearly (BENCHMARKS.md)


@dataclass
class EnsembleResult:
    """Outcome of ``train_ensemble`` for K members (numpy arrays, picklable).

    Attributes
    ----------
    config : TrainConfig
    seeds : (K,) int array
    losses : (K, epochs) float array, training loss per epoch in MeV (MAE) or MeV^2 (MSE)
        on the unscaled targets (NaN after a failure)
    failed : (K,) bool array, True for members that diverged
    rmsd : dict part -> (K,) float array, binding-energy RMSD (MeV) of each member
    sizes : dict part -> int, number of nuclei of each part
    initial, final : FeedForward with a leading member axis on every array
    scaler : MinMaxScaler of the inputs (N, Z)
    seconds : float, wall time of the training
    strategy : str, the strategy used
    target : (shift, scale) in MeV: the networks output (B - shift) / scale
    """

    config: TrainConfig
    seeds: np.ndarray
    losses: np.ndarray
    failed: np.ndarray
    rmsd: dict
    sizes: dict
    initial: FeedForward
    final: FeedForward
    scaler: MinMaxScaler
    seconds: float
    strategy: str
    target: tuple = (0.0, 1.0)


def choose_strategy(config: TrainConfig) -> str:
    """The execution strategy for ``config`` (resolving ``auto``)."""
    if config.strategy != "auto":
        return config.strategy
    on_cpu = jax.default_backend() == "cpu"
    return "vectorized" if not on_cpu or config.width <= VECTORIZE_MAX_WIDTH else "sequential"


def table_arrays(table: pd.DataFrame, inputs: int, scaler: MinMaxScaler) -> tuple:
    """Network inputs (m, inputs) and targets (m,) in float32 from a Z, N, B table."""
    x = fnn_inputs(table.Z.to_numpy(), table.N.to_numpy(), scaler, parities=inputs == 4)
    return jnp.asarray(x, jnp.float32), jnp.asarray(table.binding_energy.to_numpy(), jnp.float32)


def target_affine(y: jax.Array, config: TrainConfig) -> tuple:
    """(shift, scale) in MeV with which the networks learn (y - shift) / scale."""
    if config.target_scaling == "standard":
        return float(jnp.mean(y)), float(jnp.std(y))
    return 0.0, 1.0


def _parts(table: pd.DataFrame, config: TrainConfig) -> dict:
    if "part" not in table:
        return {"train": table}
    parts = {name: group for name, group in table.groupby("part", sort=False)}
    if config.train_part not in parts:
        raise NucmassError(f"the table has no part {config.train_part!r} to train on")
    return {"train": parts.pop(config.train_part), **parts}


def _run_chunks(runs, params, state, failed, key, x, y):
    """Run all chunks; every argument has a leading member axis iff the runs are vmapped."""
    histories = []
    for run in runs:
        params, state, failed, key, losses = run(params, state, failed, key, x, y)
        histories.append(losses)
    return params, failed, jnp.concatenate(histories, axis=-1)


@functools.lru_cache(maxsize=32)
def compiled_training(config: TrainConfig, steps_per_epoch: int, vectorize: bool) -> tuple:
    """(optimizer, chunk runners covering ``config.epochs``) for ``config``, cached.

    Cached on the (hashable, frozen) config, so repeated calls with the same config (more
    seeds, a benchmark's timed second call) reuse the compiled executables.
    """
    loss = get_loss(config.loss)
    optimizer = make_optimizer(config, steps_per_epoch)
    chunk = min(config.chunk_epochs, config.epochs)
    full, rest = divmod(config.epochs, chunk)
    lengths = [chunk] * full + ([rest] if rest else [])
    compiled = {
        n: make_runner(lambda p, x, y: loss(p(x), y), optimizer, n, config.batch_size, vectorize)
        for n in set(lengths)
    }
    return optimizer, [compiled[n] for n in lengths]


def _initial_members(config: TrainConfig, seeds) -> list:
    c_b, c_w = regime_init(config)
    return [
        FeedForward.init(
            jax.random.PRNGKey(int(seed)),
            config.inputs,
            config.width,
            config.depth,
            config.activation,
            c_w=c_w,
            c_b=c_b,
        )
        for seed in seeds
    ]


def _stack(members: list) -> FeedForward:
    return jax.tree.map(lambda *leaves: jnp.stack(leaves), *members)


def train_members(config: TrainConfig, seeds, x, y, strategy: str):
    """Train one member per seed on (x, y); returns (initial, final, failed, losses)."""
    members = _initial_members(config, seeds)
    steps = max(x.shape[0] // config.batch_size, 1) if config.batch_size else 1
    key_config = config.replace(workers=1, strategy="auto")
    optimizer, runs = compiled_training(key_config, steps, strategy == "vectorized")
    keys = [jax.random.fold_in(jax.random.PRNGKey(int(s)), 1) for s in seeds]
    if strategy == "vectorized":
        params = _stack(members)
        state = jax.vmap(optimizer.init)(params)
        failed = jnp.zeros(len(seeds), bool)
        final, failed, losses = _run_chunks(runs, params, state, failed, jnp.stack(keys), x, y)
        return params, final, failed, losses
    outcomes = [
        _run_chunks(runs, m, optimizer.init(m), jnp.zeros((), bool), k, x, y)
        for m, k in zip(members, keys, strict=True)
    ]
    finals, failed, losses = zip(*outcomes, strict=True)
    return _stack(members), _stack(list(finals)), jnp.stack(failed), jnp.stack(losses)


def _to_numpy(tree):
    return jax.tree.map(np.asarray, tree)


def train_ensemble(config: TrainConfig, seeds, table: pd.DataFrame) -> EnsembleResult:
    """Train ``len(seeds)`` networks of ``config`` on ``table`` (Z, N, binding_energy).

    When the table has a ``part`` column, training uses the rows of ``config.train_part``
    and RMSDs are reported for every part; the input scaler is fitted on all rows.
    """
    seeds = np.atleast_1d(np.asarray(seeds, dtype=np.int64))
    if seeds.size == 0:
        raise NucmassError("train_ensemble needs at least one seed")
    if config.workers > 1 and seeds.size > 1:
        from nucmass.train.parallel import train_in_workers

        return train_in_workers(config, seeds, table)
    strategy = choose_strategy(config)
    scaler = MinMaxScaler.fit(np.column_stack([table.N, table.Z]))
    parts = _parts(table, config)
    x, y = table_arrays(parts["train"], config.inputs, scaler)
    shift, scale = target_affine(y, config)
    start = time.perf_counter()
    initial, final, failed, losses = train_members(config, seeds, x, (y - shift) / scale, strategy)
    losses = np.asarray(losses) * scale ** (2 if config.loss == "mse" else 1)  # in MeV units
    seconds = time.perf_counter() - start
    predict = eqx.filter_vmap(lambda net, xs: net(xs), in_axes=(0, None))
    rmsd, sizes = {}, {}
    for name, part in parts.items():
        xp, yp = table_arrays(part, config.inputs, scaler)
        outputs = np.asarray(predict(final, xp), dtype=float) * scale + shift
        residual = outputs - np.asarray(yp, dtype=float)
        rmsd[name], sizes[name] = np.sqrt(np.mean(residual**2, axis=1)), len(part)
    return EnsembleResult(
        config,
        seeds,
        losses,
        np.asarray(failed),
        rmsd,
        sizes,
        _to_numpy(initial),
        _to_numpy(final),
        scaler,
        seconds,
        strategy,
        (shift, scale),
    )
