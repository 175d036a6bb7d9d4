"""Mass models. Every model predicts binding energies (MeV) from (Z, N); see ``base``."""

from nucmass.models.base import MassModel, load_model, save_config

__all__ = ["MassModel", "load_model", "save_config"]
