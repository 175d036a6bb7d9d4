"""``fit``: one training call for every model family, returning an :class:`Ensemble`.

    fit(model, data, training=None, *, seeds=(0,), workers=1, progress=True,
        baseline=None, data_dir=None, strategy="auto", chunk_epochs=1000) -> Ensemble

``model`` is an architecture configuration (``FNNConfig``, ``CoNNConfig``,
``MFDNNConfig``, ``LDMConfig``), ``training`` a recipe (``Adam``, ``Regime``; None takes
the family's default), ``data`` a split or a table (see :mod:`nucmass.train.problem`).
One member per seed: the seed draws its initialization (``PRNGKey(seed)``) and its
mini-batch order, so a member is the same whichever worker or strategy trains it.

Members train in the one compiled loop (:func:`nucmass.train.loop.make_runner`) one after
another (``sequential``) or stacked on a leading axis (``vectorized``); with
``workers > 1`` the seeds are split among single-thread processes
(:func:`nucmass.parallel.map_in_processes`). After training each member is checked: one
whose loss or parameters stopped being finite is ``diverged``, one that learned (almost)
nothing is ``collapsed`` (training predictions constant, or a training RMSD far above
the ensemble's median); both are kept with that status and
never enter a prediction.
"""

import time

import equinox as eqx
import jax
import numpy as np
from tqdm.auto import tqdm

from nucmass.errors import NucmassError
from nucmass.models.ensemble import Ensemble, History, concat_members, map_arrays
from nucmass.parallel import map_in_processes
from nucmass.train.config import default_training
from nucmass.train.members import (
    COLLAPSE_TOLERANCE,
    OUTLIER_FACTOR,
    choose_strategy,
    train_members,
)
from nucmass.train.problem import Problem, training_problem

__all__ = ["STRATEGIES", "fit"]

STRATEGIES = ("auto", "sequential", "vectorized")


def _arrays(tree):
    """The numpy arrays of a module tree (None elsewhere): what crosses processes, since
    activation functions do not pickle."""
    return eqx.filter(map_arrays(np.asarray, tree), eqx.is_array)


def _group(model, training, problem: Problem, seeds, strategy, chunk_epochs):
    """Worker entry point: train ``seeds``; the members' arrays and the outcome."""
    initial, final, failed, losses = train_members(
        model, training, seeds, problem, strategy, chunk_epochs
    )
    return _arrays(initial), _arrays(final), failed, losses


def _train(model, training, problem, seeds, workers, strategy, chunk_epochs, progress):
    if workers <= 1 or len(seeds) <= 1:
        return train_members(
            model, training, seeds, problem, strategy, chunk_epochs, progress=progress
        )
    groups = [list(g) for g in np.array_split(np.asarray(seeds), workers) if g.size]
    arguments = [(model, training, problem, g, strategy, chunk_epochs) for g in groups]
    with tqdm(total=len(seeds), desc="members", disable=not progress, leave=False) as bar:
        outcomes = map_in_processes(
            _group, arguments, workers, lambda k, _: bar.update(len(groups[k]))
        )
    initial, final, failed, losses = zip(*outcomes, strict=True)
    member = model.init(jax.random.PRNGKey(0), problem.x.shape[1], training.variances(model))
    rest = eqx.filter(member, eqx.is_array, inverse=True)
    return (
        eqx.combine(concat_members(list(initial)), rest),
        eqx.combine(concat_members(list(final)), rest),
        np.concatenate(failed),
        np.concatenate(losses),
    )


@eqx.filter_jit
def _outputs(model, members, x):
    return eqx.filter_vmap(lambda member: model.apply(member, x))(members)


def _collapsed(outputs: np.ndarray, y: np.ndarray, usable: np.ndarray) -> np.ndarray:
    """Mask (K,) of the ``usable`` members that learned (almost) nothing from targets
    ``y`` (m,): training predictions ``outputs`` (K, m) that are constant
    (``COLLAPSE_TOLERANCE``), or a training RMSD above ``OUTLIER_FACTOR`` times the median
    of the usable members that are not constant."""
    with np.errstate(all="ignore"):
        varies = outputs.std(axis=1) >= COLLAPSE_TOLERANCE * max(float(np.std(y)), 1e-12)
        rmsd = np.sqrt(np.mean((outputs - y) ** 2, axis=1))
    typical = np.median(rmsd[usable & varies]) if (usable & varies).any() else np.inf
    return usable & ~(varies & (rmsd <= OUTLIER_FACTOR * typical))


def _status(model, problem: Problem, final, failed, trained: bool) -> tuple:
    """ok / diverged / collapsed per member: diverged when training stopped being finite
    (or the outputs are not), collapsed when a trained member learned (almost) nothing
    (:func:`_collapsed`; a least-squares solution is never called collapsed)."""
    outputs = np.asarray(_outputs(model, final, problem.x32), dtype=float)
    diverged = np.asarray(failed) | ~np.isfinite(outputs).all(axis=1)
    collapsed = _collapsed(outputs, np.asarray(problem.y, dtype=float), trained & ~diverged)
    return tuple(
        "diverged" if bad else "collapsed" if flat else "ok"
        for bad, flat in zip(diverged, collapsed, strict=True)
    )


def fit(
    model,
    data,
    training=None,
    *,
    seeds=(0,),
    workers: int = 1,
    progress: bool = True,
    baseline: "str | None" = None,
    data_dir=None,
    strategy: str = "auto",
    chunk_epochs: int = 1000,
) -> Ensemble:
    """Train one member of ``model`` per seed on the training part of ``data``.

    Parameters
    ----------
    model : ModelConfig
        The architecture (family) to train.
    data : Split or pandas.DataFrame
        A split (trained on its ``train`` part) or a table with Z, N, binding_energy (MeV)
        and optionally ``part`` (then only ``part == "train"`` rows are trained on).
    training : Adam, Regime or None
        The recipe; None takes the family's default (``default_training``).
    seeds : sequence of int
        One member per seed.
    workers : int
        Processes to split the seeds among (one thread each).
    progress : bool
        Show a progress bar on stderr.
    baseline : str, optional
        Theory table whose residual B_exp - B_theory the members learn; the ensemble
        predicts B_theory + correction. Nuclei it lacks are left out (counted in ``info``).
    data_dir : path, optional
        RIPL-4 directory for RIPL tables (baseline or low-fidelity inputs).
    strategy : {"auto", "sequential", "vectorized"}
        How members share the compiled loop (``auto``: ``choose_strategy``).
    chunk_epochs : int
        Epochs per compiled call (progress is reported between calls).

    Returns
    -------
    Ensemble
        With ``info`` (seeds, training, data sizes, missing nuclei, final losses,
        seconds) and ``history`` (loss curves, initial members).
    """
    seeds = [int(s) for s in np.atleast_1d(np.asarray(seeds, dtype=np.int64))]
    if not seeds or len(set(seeds)) != len(seeds):
        raise NucmassError(f"fit needs distinct seeds, got {seeds}")
    if strategy not in STRATEGIES or workers < 1 or chunk_epochs < 1:
        raise NucmassError(f"need strategy in {STRATEGIES}, workers >= 1 and chunk_epochs >= 1")
    training = training if training is not None else default_training(model)
    if training is not None:
        training.check(model)
    problem = training_problem(model, data, baseline, data_dir)
    start = time.perf_counter()
    if training is None:  # closed form: one member per seed, or one in all
        seeds = seeds if model.seeded else seeds[:1]
        outcome = problem.solve(model, seeds)
    else:
        per_worker = -(-len(seeds) // min(workers, len(seeds)))
        strategy = choose_strategy(model, training, strategy, per_worker)
        outcome = _train(model, training, problem, seeds, workers, strategy, chunk_epochs, progress)
    initial, final, failed, losses = outcome
    seconds = time.perf_counter() - start
    status = _status(model, problem, final, failed, trained=training is not None)
    info = {
        "seeds": seeds,
        "training": None if training is None else training.to_dict(),
        **problem.record,
        "strategy": strategy if training is not None else None,
        "final_loss": [float(v) for v in np.asarray(losses)[:, -1]],
        "seconds": round(seconds, 2),
    }
    history = History(np.asarray(losses), initial, seconds)
    return Ensemble(
        map_arrays(np.asarray, final), problem.scaling, model, status, baseline,
        None if data_dir is None else str(data_dir), info, history,
    )  # fmt: skip
