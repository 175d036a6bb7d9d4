"""Model and training configurations from the plain settings of experiments and commands.

Settings name a family's architecture and its training recipe by overrides of the
defaults, ``{"model": {...CoNNConfig fields...}, "training": {...Adam fields...}}``: the
same shape as the candidates of :func:`nucmass.pipeline.choose`, so a variant applies on
top of settings with :func:`nucmass.pipeline.with_overrides`.
"""

from nucmass.models.base import config_class
from nucmass.pipeline import with_overrides
from nucmass.train.config import default_training

__all__ = ["configure", "grid_candidates"]


def configure(family: str, settings: dict) -> tuple:
    """(model config, training recipe) of ``family`` with the overrides of ``settings``.

    ``settings["model"]`` overrides fields of the family's default configuration,
    ``settings["training"]`` fields of its default recipe (``default_training``); other
    keys of ``settings`` are ignored. Unknown fields are an error.
    """
    model = config_class(family)()
    overrides = {key: settings.get(key) or {} for key in ("model", "training")}
    return with_overrides(model, default_training(model), overrides)


def grid_candidates(field: str, values) -> dict:
    """Candidates ``{"<field>=<value>": {"model": {field: value}}}`` over model ``values``.

    For :func:`nucmass.pipeline.run`: e.g. ``grid_candidates("l2", [1e-3, 1e-2])`` chooses
    the MFDNN's lambda on the validation carve.
    """
    return {f"{field}={float(v):g}": {"model": {field: float(v)}} for v in values}
