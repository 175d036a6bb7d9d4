"""Network input features from (Z, N).

``MinMaxScaler`` is exactly the scaling of the criticality paper (paper 000, Eq. 40):
X_scaled = (X - X_min) / (X_max - X_min), with the ranges taken from the data set the
scaler is fitted on (for the AME2020 table: Z in [0, 118], N in [0, 177]).

Named feature sets (:data:`FEATURE_SETS`, :func:`feature_columns`) are extra, unscaled
network inputs computed from (Z, N) alone, shared by any model family. ``"shell"`` holds
the shell-structure features of the gradient-boosting studies on theory residuals
(:func:`shell_features`): signed distances to the nearest magic numbers, valence counts,
Casten's promiscuity factor, parities, the asymmetry (N - Z)/A and A^(1/3).

Zeng et al.'s inputs (L.-X. Zeng, Y.-Y. Yin, X.-X. Dong, L.-S. Geng, Phys. Rev. C 109,
034318 (2024), arXiv:2210.02906; paper 000's Ref. [6]): the parities Z_EO, N_EO
(:func:`parity`), the distances to the nearest magic number (:func:`zeng_magic_distance`)
and the isospin-asymmetry energy of the WS4 mass formula (:func:`ws4_asymmetry_energy`).
"""

from dataclasses import dataclass

import numpy as np

from nucmass.errors import NucmassError

__all__ = [
    "FEATURE_SETS",
    "MAGIC_NUMBERS",
    "SHELL_FEATURES",
    "WS4_ASYMMETRY",
    "ZENG_MAGIC_NUMBERS",
    "MinMaxScaler",
    "feature_columns",
    "fnn_inputs",
    "magic_distance",
    "parity",
    "shell_features",
    "ws4_asymmetry_energy",
    "zeng_magic_distance",
]

# Spherical magic numbers (2 included so that the lightest nuclei have finite valence
# counts; 184 is the predicted next neutron shell closure).
MAGIC_NUMBERS = (2, 8, 20, 28, 50, 82, 126, 184)
SHELL_FEATURES = (
    "magic_distance_Z",
    "magic_distance_N",
    "valence_Z",
    "valence_N",
    "promiscuity",
    "parity_Z",
    "parity_N",
    "asymmetry",
    "A_cube_root",
)
# The magic numbers of Zeng et al.'s shell inputs (Z_m, N_m).
ZENG_MAGIC_NUMBERS = (8, 20, 28, 50, 82, 126, 184)
# WS4 symmetry-energy parameters: N. Wang, M. Liu, X. Wu, J. Meng, Phys. Lett. B 734, 215
# (2014), arXiv:1405.2616, Table 1 (c_sym in MeV; kappa, xi dimensionless).
WS4_ASYMMETRY = {"c_sym": 30.1594, "kappa": 1.5189, "xi": 1.2230}
# Named feature sets: column names of :func:`feature_columns` per set.
FEATURE_SETS = {"none": (), "shell": SHELL_FEATURES}


@dataclass(frozen=True)
class MinMaxScaler:
    """Per-column min-max scaling, paper 000 Eq. 40.

    Attributes
    ----------
    low, high : tuple of float
        Column minima and maxima of the fitting data, one entry per column.
    """

    low: tuple[float, ...]
    high: tuple[float, ...]

    @classmethod
    def fit(cls, x) -> "MinMaxScaler":
        """Ranges of the columns of ``x`` (shape (m, d))."""
        x = np.asarray(x, dtype=float)
        return cls(tuple(x.min(axis=0).tolist()), tuple(x.max(axis=0).tolist()))

    def transform(self, x) -> np.ndarray:
        """Scale ``x`` (shape (m, d)) to [0, 1] on the fitted ranges."""
        low, high = np.asarray(self.low), np.asarray(self.high)
        return (np.asarray(x, dtype=float) - low) / np.where(high > low, high - low, 1.0)

    def to_dict(self) -> dict:
        return {"low": list(self.low), "high": list(self.high)}

    @classmethod
    def from_dict(cls, data: dict) -> "MinMaxScaler":
        return cls(tuple(data["low"]), tuple(data["high"]))


def parity(values) -> np.ndarray:
    """0 for even, 1 for odd (the Z_0, N_0 inputs of paper 000 Sec. IV), as float."""
    return (np.asarray(values, dtype=np.int64) % 2).astype(float)


def fnn_inputs(z, n, scaler: MinMaxScaler, parities: bool = False) -> np.ndarray:
    """Feed-forward network inputs, shape (m, 2) or (m, 4).

    Columns: scaled N, scaled Z (the scaler is fitted on columns (N, Z)), then, when
    ``parities`` is set, the unscaled parities N_0 and Z_0 (paper 000's four-input network).
    """
    nz = np.column_stack([np.asarray(n, dtype=float), np.asarray(z, dtype=float)])
    columns = [scaler.transform(nz)]
    if parities:
        columns.append(np.column_stack([parity(n), parity(z)]))
    return np.hstack(columns)


def magic_distance(values) -> np.ndarray:
    """Signed distance x - m to the nearest magic number m (``MAGIC_NUMBERS``), float (m,).

    Positive: valence particles above a closed shell; negative: holes below the next one.
    At equal distance to both neighbouring shells the lower one is taken (particles),
    e.g. 14 -> +6 (from 8), 15 -> -5 (to 20), 0 -> -2.
    """
    x = np.asarray(values, dtype=np.int64)
    magic = np.asarray(MAGIC_NUMBERS)
    distance = x[..., None] - magic  # (m, n_magic)
    nearest = np.argmin(np.abs(distance), axis=-1)  # first (lower) magic number on ties
    return np.take_along_axis(distance, nearest[..., None], axis=-1)[..., 0].astype(float)


def shell_features(z, n) -> np.ndarray:
    """The ``"shell"`` feature set, shape (m, 9), columns in the order of ``SHELL_FEATURES``.

    d_Z, d_N = :func:`magic_distance`; valence counts v_Z = |d_Z|, v_N = |d_N| (particles
    or holes, whichever is fewer); promiscuity P = v_Z v_N / (v_Z + v_N) (0 at double
    closure); parities Z mod 2, N mod 2; asymmetry (N - Z)/A; A^(1/3).
    """
    z, n = np.asarray(z, dtype=np.int64), np.asarray(n, dtype=np.int64)
    if np.any(z < 0) or np.any(n < 0) or np.any(z + n < 1):
        raise NucmassError("shell features need Z >= 0, N >= 0 and A >= 1")
    d_z, d_n = magic_distance(z), magic_distance(n)
    v_z, v_n = np.abs(d_z), np.abs(d_n)
    total = v_z + v_n
    promiscuity = np.divide(v_z * v_n, total, out=np.zeros_like(total), where=total > 0)
    a = (z + n).astype(float)
    columns = [d_z, d_n, v_z, v_n, promiscuity, parity(z), parity(n), (n - z) / a, np.cbrt(a)]
    return np.column_stack(columns)


def feature_columns(z, n, name: str = "none") -> np.ndarray:
    """Extra inputs of feature set ``name`` (a key of ``FEATURE_SETS``), shape (m, k).

    ``"none"`` gives k = 0 columns; ``"shell"`` the 9 columns of :func:`shell_features`.
    """
    if name not in FEATURE_SETS:
        raise NucmassError(f"unknown feature set {name!r}; choose from {', '.join(FEATURE_SETS)}")
    if name == "none":
        return np.empty((len(np.atleast_1d(z)), 0))
    return shell_features(z, n)


def zeng_magic_distance(values) -> np.ndarray:
    """|x - m| for the nearest magic number m of ``ZENG_MAGIC_NUMBERS``, float (m,).

    Zeng et al.'s Z_m and N_m: the number of nucleons to the nearest closed shell,
    whether particles or holes (8 for x = 0, 0 at a magic number).
    """
    x = np.asarray(values, dtype=np.int64)
    distance = np.abs(x[..., None] - np.asarray(ZENG_MAGIC_NUMBERS))
    return distance.min(axis=-1).astype(float)


def ws4_asymmetry_energy(z, n) -> np.ndarray:
    """Isospin-asymmetry energy of the WS4 formula, a_sym I^2 A (MeV), float (m,).

    I = (N - Z)/A and a_sym = c_sym [1 - kappa / A^(1/3) + xi (2 - |I|) / (2 + |I| A)]
    (Wang, Liu, Wu, Meng 2014, the symmetry term of E_LD; parameters ``WS4_ASYMMETRY``).
    """
    z, n = np.asarray(z, dtype=float), np.asarray(n, dtype=float)
    a = z + n
    if np.any(a < 1):
        raise NucmassError("the WS4 asymmetry energy needs A >= 1")
    i = (n - z) / a
    p = WS4_ASYMMETRY
    a_sym = p["c_sym"] * (
        1 - p["kappa"] / np.cbrt(a) + p["xi"] * (2 - np.abs(i)) / (2 + np.abs(i) * a)
    )
    return a_sym * i**2 * a
