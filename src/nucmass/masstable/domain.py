"""Which nuclei to tabulate: the model's own bound domain, chains and rectangles.

The domain of a model is, for each Z, the run of neutron numbers around the valley of
stability on which the model's own one-nucleon separation energies stay above ``-margin``
(MeV): starting on the valley of stability (Green's formula, Z = A / (1.98 + 0.0155
A^(2/3))), the chain ends, upward in N, before the first nucleus with S_n < -margin
(neutron drip line) and, downward, before the first with S_p < -margin (proton drip
line). Starting on the valley, not at the largest separation energies, keeps a model's
wild extrapolations far from the data (where S_n may turn positive again) out of the
domain. A positive margin keeps nuclei unbound by less than ``margin``; the drip lines are
one-nucleon lines, so odd-even staggering ends a chain at its first unbound odd nucleus.
Elements whose valley nucleus is itself unbound in the model are left out.
"""

import re

import numpy as np
import pandas as pd

from nucmass.data.nuclide import ELEMENTS, check_zn
from nucmass.errors import NucmassError
from nucmass.masstable.build import model_limits

__all__ = [
    "Z_TABLE_MAX",
    "chain_nuclei",
    "domain_nuclei",
    "drip_line_domain",
    "isotones",
    "isotopes",
    "parse_chain",
    "parse_rectangle",
    "valley_n",
]

Z_TABLE_MAX = len(ELEMENTS) - 1  # Og, Z = 118: the heaviest element with a name


def _binding_grid(model, z_values: np.ndarray, n_max: int) -> np.ndarray:
    """Predicted B (MeV) on z_values x [0, n_max], NaN at A = 0; shape (len(z), n_max + 1)."""
    zz, nn = np.meshgrid(z_values, np.arange(n_max + 1), indexing="ij")
    valid = (zz + nn) > 0
    grid = np.full(zz.shape, np.nan)
    grid[valid] = model.predict(zz[valid], nn[valid])
    return grid


def valley_n(z: int, n_max: int) -> int:
    """Neutron number of the valley of stability for ``z`` (Green's formula), <= n_max."""
    a = z + np.arange(n_max + 1, dtype=float)
    return int(np.argmin(np.abs(a / (1.98 + 0.0155 * a ** (2 / 3)) - z)))


def _run(bound: np.ndarray, seed: int, step: int) -> int:
    """Last index reached from ``seed`` moving by ``step`` while ``bound`` holds."""
    index = seed
    while 0 <= index + step < bound.size and bound[index + step]:
        index += step
    return index


def drip_line_domain(model, margin: float = 0.0, z_range=(1, Z_TABLE_MAX), n_max=None):
    """The model's bound nuclei between its proton and neutron drip lines.

    Parameters
    ----------
    model : MassModel
    margin : float
        Nuclei with S_n, S_p >= -margin (MeV) count as bound (module docstring).
    z_range : (int, int)
        Inclusive range of Z to scan (default 1 to 118).
    n_max : int, optional
        Largest N to scan (default: the largest the model accepts, at most 350).

    Returns
    -------
    pandas.DataFrame
        One row per Z with bound nuclei: Z, N_min, N_max, n_open (True when the neutron
        drip line lies beyond ``n_max``, so the chain is cut there).
    """
    z_lo, z_hi = (int(v) for v in z_range)
    z_cap, n_cap = model_limits(model)
    if not 1 <= z_lo <= z_hi <= min(z_cap, Z_TABLE_MAX):
        raise NucmassError(f"Z range {z_lo}-{z_hi} is outside 1-{min(z_cap, Z_TABLE_MAX)}")
    n_max = n_cap if n_max is None else min(int(n_max), n_cap)
    z_values = np.arange(max(z_lo - 1, 0), z_hi + 1)
    grid = _binding_grid(model, z_values, n_max)
    s_n = np.full_like(grid, np.nan)
    s_n[:, 1:] = grid[:, 1:] - grid[:, :-1]
    s_p = np.full_like(grid, np.nan)
    s_p[1:] = grid[1:] - grid[:-1]
    rows = []
    for i in range(z_lo - z_values[0], z_values.size):
        seed = valley_n(int(z_values[i]), n_max)
        if s_n[i, seed] < -margin or s_p[i, seed] < -margin:
            continue
        top = _run(s_n[i] >= -margin, seed, 1)
        rows.append((int(z_values[i]), _run(s_p[i] >= -margin, seed, -1), top, top == n_max))
    return pd.DataFrame(rows, columns=["Z", "N_min", "N_max", "n_open"])


def domain_nuclei(domain: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Every (Z, N) of a :func:`drip_line_domain` table, sorted by (Z, N)."""
    pairs = [
        (z, n)
        for z, lo, hi in zip(domain.Z, domain.N_min, domain.N_max, strict=True)
        for n in range(lo, hi + 1)
    ]
    z, n = np.array(pairs, dtype=np.int64).reshape(-1, 2).T
    return z, n


def parse_chain(text: str) -> tuple[str, int]:
    """``"Z=50"`` -> ("Z", 50); ``"N=82"`` -> ("N", 82)."""
    match = re.fullmatch(r"\s*([ZzNn])\s*=\s*(\d+)\s*", text)
    if not match:
        raise NucmassError(f"cannot read chain {text!r}: use Z=50 (isotopes) or N=82 (isotones)")
    axis, value = match[1].upper(), int(match[2])
    if axis == "Z" and value > Z_TABLE_MAX:
        raise NucmassError(f"Z={value} is beyond the table (elements up to Z={Z_TABLE_MAX})")
    check_zn(*((value, 1) if axis == "Z" else (1, value)))
    return axis, value


def chain_nuclei(model, text: str, margin: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """The isotopic (``Z=50``) or isotonic (``N=82``) chain within the model's domain."""
    axis, value = parse_chain(text)
    return _chain(model, axis, value, margin)


def isotopes(model, z: int, margin: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """(Z, N) arrays of the isotopes of element ``z`` between the model's drip lines."""
    return _chain(model, "Z", int(z), margin)


def isotones(model, n: int, margin: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """(Z, N) arrays of the isotones with ``n`` neutrons between the model's drip lines."""
    return _chain(model, "N", int(n), margin)


def _chain(model, axis: str, value: int, margin: float) -> tuple[np.ndarray, np.ndarray]:
    z_range = (value, value) if axis == "Z" else (1, Z_TABLE_MAX)
    if axis == "Z" and not 1 <= value <= Z_TABLE_MAX:
        raise NucmassError(f"no isotopes of Z={value}: the table holds Z = 1-{Z_TABLE_MAX}")
    z, n = domain_nuclei(drip_line_domain(model, margin, z_range))
    keep = (z if axis == "Z" else n) == value
    if not keep.any():
        raise NucmassError(
            f"chain {axis}={value} is empty: no nucleus with {axis}={value} lies between the "
            f"model's drip lines (margin {margin} MeV)"
        )
    return z[keep], n[keep]


def parse_rectangle(text: str) -> tuple[np.ndarray, np.ndarray]:
    """``"Z=40:60,N=50:90"`` (inclusive ranges) -> every (Z, N) of the rectangle, A >= 1."""
    match = re.fullmatch(r"\s*Z\s*=\s*(\d+):(\d+)\s*,\s*N\s*=\s*(\d+):(\d+)\s*", text, re.I)
    if not match:
        raise NucmassError(f"cannot read rectangle {text!r}: use e.g. Z=40:60,N=50:90")
    z_lo, z_hi, n_lo, n_hi = (int(v) for v in match.groups())
    if z_lo > z_hi or n_lo > n_hi:
        raise NucmassError(f"rectangle {text!r} is empty: give ranges as low:high")
    if z_hi > Z_TABLE_MAX:
        raise NucmassError(f"Z={z_hi} is beyond the table (elements up to Z={Z_TABLE_MAX})")
    check_zn(z_hi, n_hi)
    z, n = np.meshgrid(np.arange(z_lo, z_hi + 1), np.arange(n_lo, n_hi + 1), indexing="ij")
    keep = (z + n) > 0
    return z[keep], n[keep]
