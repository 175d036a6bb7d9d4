"""Held-out residuals from carves of the training part, and ``calibrate``.

The calibration of a model must be fitted on nuclei the model has not seen, and never on
test nuclei. :func:`calibration_carve` re-splits the training part in two ways, one per
class of prediction the calibration distinguishes: ``random``, a random ``fraction`` held
out (interpolation, like a random test part), and ``ends``, the ``depth`` most
neutron-poor and most neutron-rich nuclei of every long isotopic chain (extrapolation by
1 to ``depth`` steps, like newly measured nuclei). For each carve an ensemble of the same
family, recipe and seeds trained on the rest predicts the held-out nuclei (binding
energies and observables, each observable's experimental value from training-part masses
only), and :func:`calibrate` fits one
:class:`~nucmass.uncertainty.calibration.SigmaModel` per quantity on those residuals.
"""

import dataclasses

import numpy as np
import pandas as pd

from nucmass.data.splits import Split, chain_positions
from nucmass.errors import NucmassError
from nucmass.masstable.build import model_limits
from nucmass.observables import compute_observables, member_quantities, partner_distance
from nucmass.train.config import Adam, training_from_dict
from nucmass.train.fit import fit
from nucmass.train.problem import covered_rows
from nucmass.uncertainty.calibration import (
    MIN_HELDOUT,
    Calibration,
    fit_sigma_model,
    sigma_features,
)
from nucmass.uncertainty.distance import extrapolation_steps

__all__ = ["CARVES", "calibrate", "calibration_carve", "heldout_residuals", "recorded_training"]


def _chain_ends(train: pd.DataFrame, depth: int) -> np.ndarray:
    """Mask of the ``depth`` lightest and heaviest isotopes of chains with >= 2 depth + 3."""
    position, size = chain_positions(train)
    return (size >= 2 * depth + 3) & (position <= depth)


CARVES = ("random", "ends")


def calibration_carve(table: pd.DataFrame, how: str, seed=0, fraction=0.2, depth=2):
    """The training rows of ``table`` re-split into train / validation by carve ``how``
    (``random`` or ``ends``, module docstring)."""
    train = table[table.part == "train"] if "part" in table else table
    train = train.sort_values(["Z", "N"]).reset_index(drop=True)
    if how == "ends":
        validation = _chain_ends(train, depth)
    else:
        order = np.random.default_rng(seed).permutation(len(train))
        validation = np.zeros(len(train), dtype=bool)
        validation[order[: round(fraction * len(train))]] = True
    return train.assign(part=np.where(validation, "validation", "train"))


def _experiment(known: pd.DataFrame, z, n) -> dict:
    """Experimental binding energy and observables of (z, n) from ``known`` masses only."""
    values = compute_observables(known[["Z", "N", "binding_energy"]], z, n)
    exact = known.set_index(["Z", "N"]).binding_energy
    values["binding_energy"] = exact.reindex(pd.MultiIndex.from_arrays([z, n])).to_numpy()
    return {name: values[name].to_numpy(dtype=float) for name in values if name not in ("Z", "N")}


def heldout_residuals(
    model,
    training,
    table,
    *,
    seeds,
    baseline=None,
    data_dir=None,
    workers=1,
    seed=0,
    fraction=0.2,
    depth=2,
) -> pd.DataFrame:
    """Residuals of the held-out nuclei of both carves, one row per (carve, quantity,
    nucleus): carve, quantity, Z, N, A, residual, spread (MeV, ddof = 1), steps (beyond
    the carve's training data, ``extrapolation_steps``)."""
    table = table[covered_rows(model, table, baseline, data_dir)]
    frames = []
    for how in CARVES:
        carved = calibration_carve(table, how, seed, fraction, depth)
        fitted = fit(model, carved, training, seeds=seeds, workers=workers, progress=False,
                     baseline=baseline, data_dir=data_dir)  # fmt: skip
        frames.append(_residual_rows(fitted, carved).assign(carve=how))
    return pd.concat(frames, ignore_index=True)


def _residual_rows(fitted, carved: pd.DataFrame) -> pd.DataFrame:
    """One row per (quantity, validation nucleus) of the carve with a finite residual."""
    known, rows = carved[carved.part == "train"], carved[carved.part == "validation"]
    z, n = rows.Z.to_numpy(), rows.N.to_numpy()
    predicted = member_quantities(fitted, z, n, model_limits(fitted))
    experiment = _experiment(carved, z, n)  # the whole training part: no test nucleus
    steps = partner_distance(lambda a, b: extrapolation_steps(a, b, known.Z, known.N), z, n)
    frames = []
    for name, members in predicted.items():
        spread = members.std(axis=0, ddof=1) if len(members) > 1 else np.zeros(len(z))
        residual = members.mean(axis=0) - experiment[name]
        columns = {"Z": z, "N": n, "A": z + n, "residual": residual, "spread": spread}
        frame = pd.DataFrame({"quantity": name, **columns, "steps": steps[name]})
        frames.append(frame[np.isfinite(residual)])
    return pd.concat(frames, ignore_index=True)


def recorded_training(ensemble):
    """The training recipe an ensemble's ``info`` records (older CoNNs: ``train_config``)."""
    if ensemble.info.get("training"):
        return training_from_dict(ensemble.info["training"])
    old = ensemble.info.get("train_config")
    if old and "steps" in old:
        return Adam(
            epochs=int(old["steps"]),
            learning_rate=old["learning_rate"],
            schedule="exponential",
            final_learning_rate=old["final_learning_rate"],
        )
    raise NucmassError("the model does not record its training recipe; give one")


def _table(data) -> pd.DataFrame:
    return data.table() if isinstance(data, Split) else data


def _sigma_models(rows: pd.DataFrame, seed: int) -> dict:
    """A SigmaModel per quantity with enough held-out values (``2 * MIN_HELDOUT``)."""
    models = {}
    for name, group in rows.groupby("quantity", sort=False):
        if len(group) >= 2 * MIN_HELDOUT:
            features = sigma_features(group.Z, group.N, group.spread, group.steps)
            models[name] = fit_sigma_model(group.residual, features, seed)
    return models


def _training_nuclei(ensemble, table: pd.DataFrame) -> tuple:
    """(Z, N) tuples of the training-part nuclei the ensemble was trained on."""
    train = table[table.part == "train"] if "part" in table else table
    train = train[covered_rows(ensemble.config, train, ensemble.baseline, ensemble.data_dir)]
    return tuple(train.Z.tolist()), tuple(train.N.tolist())


def calibrate(
    ensemble, data, training=None, *, seeds=None, workers=1, seed=0, fraction=0.2, depth=2
):
    """``ensemble`` with a calibration fitted on held-out residuals of ``data``'s training
    part (the split it was trained on; test nuclei are never read).

    ``training`` and ``seeds`` default to the ensemble's own (``recorded_training``);
    closed-form families (``ldm``, ``krr``, ``average``) need no training recipe.
    Quantities with fewer than ``2 * MIN_HELDOUT`` held-out values get no sigma model.
    """
    if not ensemble.config.closed_form:
        training = training or recorded_training(ensemble)
    seeds = list(seeds) if seeds is not None else ensemble.seeds
    table = _table(data)
    rows = heldout_residuals(
        ensemble.config,
        training,
        table,
        seeds=seeds,
        baseline=ensemble.baseline,
        data_dir=ensemble.data_dir,
        workers=workers,
        seed=seed,
        fraction=fraction,
        depth=depth,
    )
    record = {"seeds": seeds, "fraction": fraction, "depth": depth, "seed": seed}
    record["heldout"] = rows.groupby("quantity", sort=False).size().to_dict()
    z, n = _training_nuclei(ensemble, table)
    result = Calibration(_sigma_models(rows, seed), z, n, record)
    return dataclasses.replace(ensemble, calibration=result.to_dict())
