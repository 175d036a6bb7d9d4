"""Training the multi-fidelity network (paper 002): Adam, full batch, compiled epochs.

Loss (paper 002): MSE of the standardized target + lambda * sum of squared NNh2 weights
(:func:`nucmass.models.mfdnn.l2_penalty`). The epochs run inside the generic compiled loop
``nucmass.train.loop.make_runner`` (``jax.lax.scan``), one member after another; with
``workers > 1`` the seeds are split among spawned single-thread processes.

lambda is chosen by :func:`select_l2` on a validation part carved at random out of the
training part (never the test part).
"""

import dataclasses
import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import equinox as eqx
import jax
import jax.numpy as jnp
import numpy as np
import optax
import pandas as pd

from nucmass.data.ame import mass_excess_mev
from nucmass.data.features import FEATURE_SETS
from nucmass.data.lowfidelity import attach_low_fidelity, column_name
from nucmass.errors import NucmassError
from nucmass.evaluation import rmsd
from nucmass.models.mfdnn import (
    MFDNN,
    TARGETS,
    Linear,
    MultiFidelityModel,
    l2_penalty,
    raw_inputs,
    relative_to_reference,
    scale_inputs,
)
from nucmass.train.loop import make_runner
from nucmass.train.parallel import SINGLE_THREAD_FLAGS
from nucmass.train.validation import carve_validation

__all__ = ["MFDNNConfig", "MFDNNResult", "select_l2", "train_mfdnn"]

SCHEDULES = ("constant", "cosine")
LINEAR_INITS = ("lstsq", "random")


@dataclass(frozen=True)
class MFDNNConfig:
    """One MFDNN training (seeds come separately).

    Attributes
    ----------
    low_fidelity : tuple of str
        Theory tables M_1..M_k of the inputs (paper 002: HFB14, FRDM95).
    width, depth : int
        NNh2: hidden units per layer and number of hidden layers (paper: 40, 4).
    l2 : float
        lambda of the L2 term on NNh2's weights (loss in standardized units).
    learning_rate : float
        Adam step size (decay constants 0.9, 0.999).
    epochs : int
        Full-batch epochs (paper: 20000).
    target : str
        ``mass_excess`` (paper) or ``binding_energy`` (the table's column, for residuals).
    data_dir : str or None
        RIPL-4 directory for RIPL low-fidelity tables.
    workers : int
        Processes the seeds are split among (one thread each).
    chunk_epochs : int
        Epochs per compiled call.
    linear_init : str
        ``lstsq``: NNh1 starts at the least-squares linear fit of the training data (our
        default: Adam then only refines it); ``random``: N(0, 1/d) weights as NNh2's.
    schedule : str
        ``constant`` Adam step size (paper) or ``cosine`` decay to 0 over the epochs.
    parity : bool
        Append the parities N mod 2, Z mod 2 to the inputs (not in paper 002).
    reference : str or None
        Give the low-fidelity inputs as differences M_k - M_reference (not in paper 002;
        useful with a residual baseline as reference).
    features : str
        Extra inputs: a feature set of ``nucmass.data.features.FEATURE_SETS`` (``"none"``,
        paper 002; ``"shell"``: magic-number distances, valence counts, promiscuity,
        parities, asymmetry, A^(1/3)).
    """

    low_fidelity: tuple = ("HFB14", "FRDM95")
    width: int = 40
    depth: int = 4
    l2: float = 1e-4
    learning_rate: float = 1e-3
    epochs: int = 20000
    target: str = "mass_excess"
    data_dir: "str | None" = None
    workers: int = 1
    chunk_epochs: int = 5000
    linear_init: str = "lstsq"
    schedule: str = "constant"
    parity: bool = False
    reference: "str | None" = None
    features: str = "none"

    def __post_init__(self):
        if self.target not in TARGETS:
            raise NucmassError(f"target must be one of {', '.join(TARGETS)}, not {self.target!r}")
        if self.schedule not in SCHEDULES or self.linear_init not in LINEAR_INITS:
            raise NucmassError(
                f"schedule must be one of {SCHEDULES} and linear_init one of {LINEAR_INITS}"
            )
        if self.features not in FEATURE_SETS:
            raise NucmassError(f"features must be one of {', '.join(FEATURE_SETS)}")
        if self.l2 < 0 or self.learning_rate <= 0 or self.epochs < 1:
            raise NucmassError("need l2 >= 0, learning_rate > 0 and epochs >= 1")
        object.__setattr__(self, "low_fidelity", tuple(self.low_fidelity))

    @property
    def input_tables(self) -> tuple:
        """Tables looked up for the inputs: the low-fidelity ones, then the reference."""
        return (*self.low_fidelity, *([self.reference] if self.reference else []))

    def replace(self, **changes) -> "MFDNNConfig":
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)


@dataclass
class MFDNNResult:
    """A trained ensemble with its loss histories (K, epochs), wall time and missing report."""

    model: MultiFidelityModel
    losses: np.ndarray
    seconds: float
    missing: pd.DataFrame


def _targets(table: pd.DataFrame, target: str) -> np.ndarray:
    """Target values (MeV): the mass excess from B, or B itself."""
    b = table.binding_energy.to_numpy(dtype=float)
    return mass_excess_mev(table.Z, table.N, b) if target == "mass_excess" else b


def _raw(table: pd.DataFrame, config: MFDNNConfig) -> np.ndarray:
    lowfi = table[[column_name(k) for k in config.input_tables]].to_numpy(dtype=float)
    lowfi = relative_to_reference(lowfi, config.reference is not None)
    return raw_inputs(table.Z, table.N, lowfi, config.parity, config.features)


def fit_scaling(table: pd.DataFrame, config: MFDNNConfig) -> dict:
    """Standardization of inputs and target over the training nuclei ``table``.

    Inputs: (v - mean) / std per column. Target:
    (t - mean) / s with s the RMS residual of the least-squares linear fit of t on the
    inputs (what NNh1 can reach), so that the part left to NNh2 is of order 1 and lambda
    does not depend on the target's range.
    """
    x, y = _raw(table, config), _targets(table, config.target)
    std = x.std(axis=0)
    std = np.where(std > 0, std, 1.0)
    design = np.column_stack([(x - x.mean(axis=0)) / std, np.ones(len(x))])
    solution, *_ = np.linalg.lstsq(design, y - y.mean(), rcond=None)
    spread = rmsd(design @ solution - (y - y.mean()))
    return {
        "input_mean": x.mean(axis=0).tolist(),
        "input_std": std.tolist(),
        "target_mean": float(y.mean()),
        "target_std": float(max(spread, 1e-6 * y.std(), 1e-12)),
        "target": config.target,
        "parity": config.parity,
        "features": config.features,
        "reference": config.reference,
    }


def linear_least_squares(x: jax.Array, y: jax.Array) -> Linear:
    """NNh1 at the least-squares solution of y ~ x @ w + b (x: (m, d), y: (m,))."""
    design = np.column_stack([np.asarray(x, float), np.ones(x.shape[0])])
    solution, *_ = np.linalg.lstsq(design, np.asarray(y, float), rcond=None)
    return Linear(jnp.asarray(solution[:-1], jnp.float32), jnp.asarray(solution[-1], jnp.float32))


def _arrays(table, config, scaling) -> tuple[jax.Array, jax.Array]:
    x = scale_inputs(_raw(table, config), scaling)
    y = (_targets(table, config.target) - scaling["target_mean"]) / scaling["target_std"]
    return jnp.asarray(x, jnp.float32), jnp.asarray(y, jnp.float32)


def _loss(config: MFDNNConfig):
    def loss(net, x, y):
        return jnp.mean(jnp.square(net(x) - y)) + config.l2 * l2_penalty(net)

    return loss


def _schedule(config: MFDNNConfig):
    """Adam step size: constant, or cosine decay to 0 over ``epochs`` (1 step per epoch)."""
    if config.schedule == "constant":
        return config.learning_rate
    return optax.cosine_decay_schedule(config.learning_rate, config.epochs)


def _train_members(config: MFDNNConfig, seeds, x, y) -> tuple:
    """Sequentially train one member per seed; (stacked nets, losses (K, epochs))."""
    optimizer = optax.adam(_schedule(config))
    chunk = min(config.chunk_epochs, config.epochs)
    full, rest = divmod(config.epochs, chunk)
    runs = {n: make_runner(_loss(config), optimizer, n) for n in {chunk, rest} - {0}}
    lengths = [chunk] * full + ([rest] if rest else [])
    nets, histories = [], []
    for seed in seeds:
        key = jax.random.PRNGKey(int(seed))
        net = MFDNN.init(key, x.shape[1], config.width, config.depth)
        if config.linear_init == "lstsq":
            net = eqx.tree_at(lambda m: m.linear, net, linear_least_squares(x, y))
        state, failed, losses = optimizer.init(net), jnp.zeros((), bool), []
        for n in lengths:
            net, state, failed, key, chunk_losses = runs[n](net, state, failed, key, x, y)
            losses.append(np.asarray(chunk_losses))
        nets.append(net)
        histories.append(np.concatenate(losses))
    stacked = jax.tree.map(lambda *leaves: np.stack([np.asarray(v) for v in leaves]), *nets)
    return stacked, np.stack(histories)


def _pool_map(function, argument_lists: list, workers: int) -> list:
    """``[function(*args) for args in argument_lists]`` in spawned single-thread processes."""
    previous = os.environ.get("XLA_FLAGS")
    os.environ["XLA_FLAGS"] = SINGLE_THREAD_FLAGS
    try:
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(min(workers, len(argument_lists)), mp_context=context) as pool:
            return [f.result() for f in [pool.submit(function, *a) for a in argument_lists]]
    finally:
        os.environ.pop("XLA_FLAGS") if previous is None else os.environ.update(XLA_FLAGS=previous)


def _in_workers(config, seeds, table, train_part, on_missing) -> MFDNNResult:
    groups = [g for g in np.array_split(seeds, min(config.workers, len(seeds))) if g.size]
    single = config.replace(workers=1)
    arguments = [(single, g, table, train_part, on_missing) for g in groups]
    results = _pool_map(train_mfdnn, arguments, config.workers)
    first = results[0].model
    nets = jax.tree.map(lambda *a: np.concatenate(a), *[r.model.nets for r in results])
    model = MultiFidelityModel(nets, first.low_fidelity, first.scaling, first.data_dir, first.info)
    model.info["seeds"] = [int(s) for s in seeds]
    losses = np.concatenate([r.losses for r in results])
    return MFDNNResult(model, losses, max(r.seconds for r in results), results[0].missing)


def train_mfdnn(
    config: MFDNNConfig, seeds, table: pd.DataFrame, train_part="train", on_missing="error"
) -> MFDNNResult:
    """Train one MFDNN per seed on ``table`` (Z, N, binding_energy[, part]).

    Only rows of ``train_part`` are used when the table has a ``part`` column. Nuclei a
    low-fidelity table lacks raise a ``NucmassError`` (``on_missing="error"``) or are left
    out and listed in ``result.missing`` (``"drop"``); no NaN ever reaches the loss.
    """
    seeds = [int(s) for s in np.atleast_1d(seeds)]
    if not seeds:
        raise NucmassError("train_mfdnn needs at least one seed")
    if config.workers > 1 and len(seeds) > 1:
        return _in_workers(config, np.asarray(seeds), table, train_part, on_missing)
    train = table[table.part == train_part] if "part" in table else table
    if train.empty:
        raise NucmassError(f"no training nuclei (part {train_part!r})")
    train, missing = attach_low_fidelity(train, config.input_tables, config.data_dir, on_missing)
    scaling = fit_scaling(train, config)
    x, y = _arrays(train, config, scaling)
    start = time.perf_counter()
    nets, losses = _train_members(config, seeds, x, y)
    info = {"config": config.to_dict(), "seeds": seeds, "n_train": len(train)}
    info["missing_train"] = len(missing[["Z", "N"]].drop_duplicates())
    model = MultiFidelityModel(nets, config.low_fidelity, scaling, config.data_dir, info)
    return MFDNNResult(model, losses, time.perf_counter() - start, missing)


def _validation_rmsd(config, seed, carved, validation, on_missing) -> float:
    result = train_mfdnn(config, [seed], carved, "train", on_missing)
    predicted = result.model.predict(validation.Z.to_numpy(), validation.N.to_numpy())
    return rmsd(predicted - validation.binding_energy.to_numpy())


def select_l2(
    config: MFDNNConfig, table, grid, seed: int = 0, on_missing="error", carve="random"
) -> tuple:
    """Pick lambda from ``grid`` by validation RMSD (MeV) on a part carved out of ``train``.

    ``carve``: a random 20% (default) or the chain edges
    (:func:`nucmass.train.validation.carve_validation`). The
    grid points run in ``config.workers`` processes. Returns (best lambda, DataFrame with
    columns l2, validation_rmsd, n_validation).
    """
    carved = carve_validation(table, seed, how=carve)
    validation, _ = attach_low_fidelity(
        carved[carved.part == "validation"], config.input_tables, config.data_dir, on_missing
    )
    single = config.replace(workers=1)
    arguments = [
        (single.replace(l2=float(l2)), seed, carved, validation, on_missing) for l2 in grid
    ]
    if config.workers > 1 and len(arguments) > 1:
        scores = _pool_map(_validation_rmsd, arguments, config.workers)
    else:
        scores = [_validation_rmsd(*a) for a in arguments]
    frame = pd.DataFrame({"l2": [float(v) for v in grid], "validation_rmsd": scores})
    frame["n_validation"] = len(validation)
    return float(frame.l2[frame.validation_rmsd.idxmin()]), frame
