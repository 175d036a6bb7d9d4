"""nucmass: neural-network models of nuclear masses.

The curated API (``import nucmass as nm``); names load on first use, so importing the
package stays cheap::

    split = nm.get_split("measured")                     # data: AME tables, splits
    model = nm.fit(nm.CoNNConfig(), split, seeds=range(4), workers=2)
    model.predict(["208Pb", "132Sn"]); model.std(["208Pb", "132Sn"])
    nm.mass_table(model, *nm.isotopes(model, 50))        # S_n, S_2n, Q values, ...
    nm.theory.recursion_table(...)                       # criticality theory (paper 000)

Layers (imports run one way)::

    data -> models -> train -> evaluation / theory -> pipeline -> plotting -> cli, experiments
"""

import importlib

from nucmass.errors import NucmassError

__version__ = "0.1.0"

# public name -> module that defines it
_EXPORTS = {
    "load_ame": "nucmass.data.ame",
    "get_split": "nucmass.data.splits",
    "Split": "nucmass.data.splits",
    "parse_nuclide": "nucmass.data.nuclide",
    "format_nuclide": "nucmass.data.nuclide",
    "load_theory": "nucmass.data.theory",
    "FNNConfig": "nucmass.models.fnn",
    "CoNNConfig": "nucmass.models.conn",
    "MFDNNConfig": "nucmass.models.mfdnn",
    "LDMConfig": "nucmass.models.ldm",
    "Ensemble": "nucmass.models.ensemble",
    "load_model": "nucmass.models.saved",
    "Adam": "nucmass.train.config",
    "Regime": "nucmass.train.config",
    "fit": "nucmass.train.fit",
    "preset": "nucmass.presets",
    "evaluate": "nucmass.evaluation",
    "ensemble_metrics": "nucmass.evaluation",
    "rmsd": "nucmass.evaluation",
    "compute_observables": "nucmass.observables",
    "predict_table": "nucmass.masstable.build",
    "mass_table": "nucmass.masstable.build",
    "isotopes": "nucmass.masstable.domain",
    "isotones": "nucmass.masstable.domain",
    "drip_line_domain": "nucmass.masstable.domain",
}
_SUBMODULES = ("theory", "pipeline", "evaluation", "observables", "uncertainty", "masstable")

__all__ = ["NucmassError", "__version__", *_EXPORTS, *_SUBMODULES]


def __getattr__(name: str):
    """Import the defining module of a public name on first use (PEP 562)."""
    if name in _EXPORTS:
        value = getattr(importlib.import_module(_EXPORTS[name]), name)
    elif name in _SUBMODULES:
        value = importlib.import_module(f"nucmass.{name}")
    else:
        raise AttributeError(f"module 'nucmass' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
