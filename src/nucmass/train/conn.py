"""Training the CoNN: full-batch Adam, many steps per compiled call (``jax.lax.scan``).

Loss (MeV^2) = mean squared residual of B + ``shell_l2`` * (sum e_Z^2 + sum e_N^2)
+ ``grid_smoothness`` * (sum of squared differences between neighbouring grid nodes)
+ ``product_l2`` * (sum u^2 + sum v^2) of the shell product. The penalties keep the
embeddings of rarely seen Z, N near zero, the correlation grid regional and the product
of low effective rank. The learning rate decays exponentially from ``learning_rate`` to
``final_learning_rate`` over ``steps``. Nothing here looks at validation data: training runs
a fixed number of steps (no early stopping, no selection among checkpoints).

Ensemble members train one after another, or in ``workers`` spawned processes with one
XLA thread each (the fastest layout on a small CPU, see DESIGN.md).
"""

import contextlib
import io
import os
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from multiprocessing import get_context

import equinox as eqx
import jax
import jax.numpy as jnp
import numpy as np
import optax

from nucmass.errors import NucmassError
from nucmass.models.conn import CoNN, CoNNConfig, CoNNEnsemble

__all__ = ["TrainConfig", "conn_loss", "initial_model", "train_conn", "train_ensemble"]

_ONE_THREAD = "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1"


@dataclass(frozen=True)
class TrainConfig:
    """Optimisation settings of one CoNN.

    Attributes
    ----------
    steps : number of full-batch Adam steps.
    learning_rate, final_learning_rate : start and end of the exponential decay.
    shell_l2 : weight of the L2 penalty on the shell embeddings (per MeV^2).
    grid_smoothness : weight of the first-difference penalty on the grid (per MeV^2).
    product_l2 : weight of the L2 penalty on both factors of the shell product (per MeV).
    chunk : steps per compiled call (progress is reported between calls).
    """

    steps: int = 20_000
    learning_rate: float = 1e-2
    final_learning_rate: float = 1e-5
    shell_l2: float = 1e-3
    grid_smoothness: float = 1e-5
    product_l2: float = 3e-4
    chunk: int = 1000

    def __post_init__(self):
        if self.steps < 1 or self.chunk < 1 or not 0 < self.final_learning_rate:
            raise NucmassError("training needs steps >= 1, chunk >= 1 and positive rates")


def conn_loss(model: CoNN, z, n, b, tc: TrainConfig) -> jnp.ndarray:
    """Training loss (MeV^2) of ``model`` on binding energies ``b`` (MeV), arrays (m,)."""
    mse = jnp.mean((model(z, n) - b) ** 2)
    penalty = 0.0
    if "shell" in model.config.active:
        penalty += tc.shell_l2 * (jnp.sum(model.shell.e_z**2) + jnp.sum(model.shell.e_n**2))
    if "product" in model.config.active:
        penalty += tc.product_l2 * model.product.norm()
    if "grid" in model.config.active:
        penalty += tc.grid_smoothness * model.grid.roughness()
    return mse + penalty


def initial_model(config: CoNNConfig, seed: int, z, n, b) -> CoNN:
    """A fresh CoNN; with ``bulk_ldm``, its liquid-drop coefficients start at the least-squares
    values for the training data (given the initial bulk network), so that training starts
    at the ~3 MeV of a liquid drop instead of tens of MeV."""
    model = CoNN(config, key=jax.random.PRNGKey(seed))
    if not config.bulk_ldm:
        return model
    z, n, b = np.asarray(z), np.asarray(n), np.asarray(b, np.float64)
    network = np.asarray(model.bulk(jnp.asarray(z), jnp.asarray(n)), np.float64)
    terms = np.asarray(model.bulk.terms(z, n), np.float64)
    network -= terms @ np.asarray(model.bulk.coefficients, np.float64)
    solution, *_ = np.linalg.lstsq(terms, b - network, rcond=None)
    return eqx.tree_at(lambda m: m.bulk.coefficients, model, jnp.asarray(solution, jnp.float32))


def _optimizer(tc: TrainConfig) -> optax.GradientTransformation:
    decay = tc.final_learning_rate / tc.learning_rate
    schedule = optax.exponential_decay(tc.learning_rate, tc.steps, decay)
    return optax.adam(schedule)


@eqx.filter_jit
def _chunk(params, static, opt_state, data, tc: TrainConfig, length: int):
    """``length`` Adam steps inside one compiled scan; returns state and losses (length,)."""
    optimizer = _optimizer(tc)

    def step(carry, _):
        params, opt_state = carry
        loss, grads = jax.value_and_grad(lambda p: conn_loss(eqx.combine(p, static), *data, tc))(
            params
        )
        updates, opt_state = optimizer.update(grads, opt_state, params)
        return (optax.apply_updates(params, updates), opt_state), loss

    (params, opt_state), losses = jax.lax.scan(step, (params, opt_state), None, length=length)
    return params, opt_state, losses


def train_conn(z, n, b, config: CoNNConfig, tc: TrainConfig, seed: int, progress=None):
    """Train one CoNN on binding energies ``b`` (MeV) of nuclei (z, n), arrays (m,).

    Parameters
    ----------
    seed : initialisation seed (the only randomness: training is full batch).
    progress : optional callable ``(steps_done, loss)`` called after every chunk.

    Returns
    -------
    (CoNN, dict) : the trained model and its history: ``steps``, ``loss`` (per chunk,
    mean over the chunk), ``final_loss``, ``seconds`` (wall time including compilation) and
    ``cpu_seconds`` (CPU time of this process; on a shared machine the better speed figure).
    """
    start, cpu_start = time.perf_counter(), time.process_time()
    data = (jnp.asarray(z, jnp.int32), jnp.asarray(n, jnp.int32), jnp.asarray(b, jnp.float32))
    params, static = eqx.partition(initial_model(config, seed, z, n, b), eqx.is_array)
    opt_state = _optimizer(tc).init(params)
    history = {"steps": [], "loss": []}
    done = 0
    while done < tc.steps:
        length = min(tc.chunk, tc.steps - done)
        params, opt_state, losses = _chunk(params, static, opt_state, data, tc, length)
        done += length
        history["steps"].append(done)
        history["loss"].append(float(jnp.mean(losses)))
        if progress is not None:
            progress(done, history["loss"][-1])
    model = eqx.combine(params, static)
    history["final_loss"] = float(conn_loss(model, *data, tc))
    history["seconds"] = round(time.perf_counter() - start, 2)
    history["cpu_seconds"] = round(time.process_time() - cpu_start, 2)
    return model, history


def _train_member_bytes(z, n, b, config, tc, seed):
    """Worker entry point: train one member, return (serialised leaves, history)."""
    model, history = train_conn(z, n, b, config, tc, seed)
    buffer = io.BytesIO()
    eqx.tree_serialise_leaves(buffer, model)
    return buffer.getvalue(), history


@contextlib.contextmanager
def _one_thread_children():
    """Spawned children inherit an XLA_FLAGS that limits them to one thread."""
    previous = os.environ.get("XLA_FLAGS")
    os.environ["XLA_FLAGS"] = f"{previous or ''} {_ONE_THREAD}".strip()
    try:
        yield
    finally:
        if previous is None:
            del os.environ["XLA_FLAGS"]
        else:
            os.environ["XLA_FLAGS"] = previous


def train_ensemble(z, n, b, config, tc, seeds, workers: int = 1, info=None, on_member=None):
    """Train one CoNN per seed; return (CoNNEnsemble, list of histories).

    ``workers > 1`` trains members in that many spawned processes (one XLA thread each).
    ``on_member(seed, history)`` is called as each member finishes. The ensemble's
    ``info`` records the configs, seeds and histories (plus the given ``info``).
    """
    z, n, b = (np.asarray(a) for a in (z, n, b))
    seeds = [int(s) for s in seeds]
    if workers <= 1:
        results = []
        for seed in seeds:
            model, history = train_conn(z, n, b, config, tc, seed)
            results.append((model, history))
            if on_member is not None:
                on_member(seed, history)
    else:
        results = _train_in_processes(z, n, b, config, tc, seeds, workers, on_member)
    models, histories = zip(*results, strict=True)
    meta = {**(info or {}), "train_config": asdict(tc), "seeds": seeds}
    keys = ("final_loss", "seconds", "cpu_seconds")
    meta["histories"] = [{k: h[k] for k in keys} for h in histories]
    return CoNNEnsemble(models, meta), list(histories)


def _train_in_processes(z, n, b, config, tc, seeds, workers, on_member):
    skeleton = CoNN(config, key=jax.random.PRNGKey(0))
    with (
        _one_thread_children(),
        ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool,
    ):
        futures = [pool.submit(_train_member_bytes, z, n, b, config, tc, s) for s in seeds]
        results = []
        for seed, future in zip(seeds, futures, strict=True):
            blob, history = future.result()
            model = eqx.tree_deserialise_leaves(io.BytesIO(blob), skeleton)
            results.append((model, history))
            if on_member is not None:
                on_member(seed, history)
    return results
