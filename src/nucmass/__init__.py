"""nucmass: neural-network models of nuclear masses.

Layers (imports run one way)::

    data -> models -> train -> evaluation / theory -> plotting -> cli, experiments

Nothing is loaded at import time; tables load lazily and are cached.
"""

from nucmass.errors import NucmassError

__all__ = ["NucmassError", "__version__"]
__version__ = "0.1.0"
