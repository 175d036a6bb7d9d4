"""Models saved before the one-ensemble format (``config.json`` with a ``"kind"``).

Each earlier kind is converted into an :class:`~nucmass.models.ensemble.Ensemble` that
predicts exactly what the old class predicted (tested against predictions recorded with
the old code in ``tests/models/legacy/``):

- ``fnn``: stacked ``FeedForward`` (``members.eqx``), min-max scaler, target (shift, scale);
- ``conn``: a tuple of ``CoNN`` (``members.eqx``); the penalties from the saved training
  configuration;
- ``mfdnn``: stacked ``MFDNN`` (``nets.eqx``) with its standardization dictionary (NNh2
  on every input, as then: ``nonlinear_theory=True``);
- ``ldm``: the coefficient dictionary;
- ``residual``: a baseline name and an inner model of any kind in ``inner/``.
"""

import dataclasses
from pathlib import Path

import equinox as eqx
import jax
import numpy as np

from nucmass.errors import NucmassError
from nucmass.models.conn import CoNN, CoNNConfig
from nucmass.models.ensemble import Ensemble, Scaling, skeleton, stack_members
from nucmass.models.fnn import FNNConfig
from nucmass.models.layout import read_config
from nucmass.models.ldm import TERMS, LDMConfig, LiquidDrop
from nucmass.models.mfdnn import MFDNNConfig

__all__ = ["load_legacy"]

_PENALTIES = ("shell_l2", "grid_smoothness", "product_l2")


def _deserialise(path: Path, like):
    if not path.is_file():
        raise NucmassError(f"{path.parent} has no {path.name}")
    try:
        return eqx.tree_deserialise_leaves(path, like)
    except Exception as error:  # equinox/numpy raise many types for damaged files
        raise NucmassError(f"{path} is damaged or does not match config.json ({error})") from None


def _fnn(directory: Path, saved: dict) -> Ensemble:
    shift, scale = saved.get("target", (0.0, 1.0))
    config = FNNConfig(
        width=int(saved["width"]), depth=int(saved["depth"]), activation=saved["activation"],
        inputs=int(saved["inputs"]),
        target_scaling="none" if (shift, scale) == (0.0, 1.0) else "standard",
    )  # fmt: skip
    low, high = np.asarray(saved["scaler"]["low"]), np.asarray(saved["scaler"]["high"])
    extra = config.inputs - 2
    scaling = Scaling.of(
        np.concatenate([low, np.zeros(extra)]),
        np.concatenate([np.where(high > low, high - low, 1.0), np.ones(extra)]),
        shift,
        scale,
    )
    members, _ = skeleton(config, int(saved["members"]), config.inputs)
    members = _deserialise(directory / "members.eqx", members)
    status = tuple("diverged" if f else "ok" for f in saved["failed"])
    known = {"kind", "members", "width", "depth", "activation", "inputs", "scaler", "failed"}
    info = {k: v for k, v in saved.items() if k not in {*known, "target"}}
    return Ensemble(members, scaling, config, status, info=info)


def _conn(directory: Path, saved: dict) -> Ensemble:
    info = dict(saved.get("info") or {})
    penalties = {k: v for k, v in info.get("train_config", {}).items() if k in _PENALTIES}
    config = CoNNConfig.from_dict({**saved["config"], **penalties})
    size = int(saved["n_members"])
    like = tuple(CoNN(config, key=jax.random.PRNGKey(0)) for _ in range(size))
    members = _deserialise(directory / "members.eqx", like)
    return Ensemble(
        stack_members(list(members)),
        Scaling.of(np.zeros(2), np.ones(2)),
        config,
        ("ok",) * size,
        info=info,
    )


def _mfdnn(directory: Path, saved: dict) -> Ensemble:
    scaling, info = saved["scaling"], dict(saved.get("info") or {})
    trained = info.get("config", {})
    config = MFDNNConfig(
        low_fidelity=tuple(saved["low_fidelity"]), width=int(saved["width"]),
        depth=int(saved["depth"]), l2=float(trained.get("l2", 1e-4)), target=scaling["target"],
        linear_init=trained.get("linear_init", "lstsq"), parity=bool(scaling.get("parity")),
        reference=scaling.get("reference"), features=scaling.get("features", "none"),
        nonlinear_theory=True,
    )  # fmt: skip
    n_inputs = len(scaling["input_mean"])
    members, _ = skeleton(config, int(saved["members"]), n_inputs)
    members = _deserialise(directory / "nets.eqx", members)
    fitted = Scaling.of(
        scaling["input_mean"], scaling["input_std"], scaling["target_mean"], scaling["target_std"]
    )
    status = ("ok",) * int(saved["members"])
    return Ensemble(members, fitted, config, status, None, saved.get("data_dir"), info)


def _ldm(directory: Path, saved: dict) -> Ensemble:
    coefficients = np.asarray([[saved["coefficients"][t] for t in TERMS]], dtype=float)
    identity = Scaling.of(np.zeros(len(TERMS)), np.ones(len(TERMS)))
    return Ensemble(LiquidDrop(coefficients), identity, LDMConfig(), ("ok",))


def _residual(directory: Path, saved: dict) -> Ensemble:
    inner = directory / saved.get("inner", "inner")
    model = load_legacy(inner, read_config(inner))
    return dataclasses.replace(model, baseline=saved["baseline"], data_dir=saved.get("data_dir"))


_LOADERS = {"fnn": _fnn, "conn": _conn, "mfdnn": _mfdnn, "ldm": _ldm, "residual": _residual}


def load_legacy(directory: Path, saved: dict) -> Ensemble:
    """The ensemble of a directory saved in an earlier format (``saved``: its config)."""
    kind = saved.get("kind")
    if kind not in _LOADERS:
        raise NucmassError(f"{directory}: unknown model kind {kind!r}")
    try:
        return _LOADERS[kind](Path(directory), saved)
    except (KeyError, TypeError, ValueError) as error:
        raise NucmassError(f"{directory}: incomplete {kind} config ({error})") from None
