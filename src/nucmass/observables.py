"""Separation energies and Q-values from a table of binding energies.

Every observable is a difference of two binding energies of the same table (MeV, AME
atomic convention B = Z Delta_H + N Delta_n - Delta), so a model's observables come from
the model's own masses and AME's from AME's:

    S_n(Z, N)     = B(Z, N) - B(Z, N-1)            S_2n(Z, N) = B(Z, N) - B(Z, N-2)
    S_p(Z, N)     = B(Z, N) - B(Z-1, N)            S_2p(Z, N) = B(Z, N) - B(Z-2, N)
    Q_alpha(Z, N) = B(Z-2, N-2) + B(4He) - B(Z, N)
    Q_beta-(Z, N) = M(Z, N) - M(Z+1, N-1) = B(Z+1, N-1) - B(Z, N) + (Delta_n - Delta_H)

(atomic masses, so the electrons cancel in Q_beta-). An observable is NaN where the
partner nucleus is not in the table.
"""

import numpy as np
import pandas as pd

from nucmass.data.ame import DELTA_H_KEV, DELTA_N_KEV, binding_energy_mev
from nucmass.errors import NucmassError

__all__ = [
    "B_HE4",
    "OBSERVABLES",
    "PARTNERS",
    "QUANTITIES",
    "Q_BETA_OFFSET",
    "add_observables",
    "compute_observables",
    "member_quantities",
    "partner_distance",
    "partner_nuclei",
]

B_HE4 = float(binding_energy_mev(2, 2, 2424.91587))  # 28.2957 MeV, AME2020 Delta(4He)
Q_BETA_OFFSET = (DELTA_N_KEV - DELTA_H_KEV) / 1e3  # Delta_n - Delta_H = 0.782347 MeV

# name -> (dZ, dN, sign, constant): value = sign * (B(Z, N) - B(Z + dZ, N + dN)) + constant
PARTNERS = {
    "S_n": (0, -1, 1.0, 0.0),
    "S_2n": (0, -2, 1.0, 0.0),
    "S_p": (-1, 0, 1.0, 0.0),
    "S_2p": (-2, 0, 1.0, 0.0),
    "Q_alpha": (-2, -2, -1.0, B_HE4),
    "Q_beta-": (1, -1, -1.0, Q_BETA_OFFSET),
}
OBSERVABLES = tuple(PARTNERS)
QUANTITIES = ("binding_energy", *OBSERVABLES)  # what a mass table gives uncertainties for


def _lookup(z, n, table: pd.DataFrame) -> np.ndarray:
    """Binding energies of ``table`` at (z, n), NaN where absent; shape (m,)."""
    if table.duplicated(["Z", "N"]).any():
        raise NucmassError("the mass table has duplicate (Z, N) entries")
    index = pd.MultiIndex.from_arrays([table.Z.to_numpy(), table.N.to_numpy()])
    series = pd.Series(table.binding_energy.to_numpy(dtype=float), index=index)
    return series.reindex(pd.MultiIndex.from_arrays([z, n])).to_numpy(dtype=float)


def compute_observables(table: pd.DataFrame, z=None, n=None) -> pd.DataFrame:
    """The six observables of ``OBSERVABLES`` from the binding energies of ``table``.

    Parameters
    ----------
    table : pandas.DataFrame
        Columns Z, N, binding_energy (MeV); unique (Z, N).
    z, n : array_like of int, shape (m,), optional
        Nuclei to evaluate (default: every row of ``table``); partners are looked up in
        ``table``.

    Returns
    -------
    pandas.DataFrame, length m
        Columns Z, N and one column per observable (MeV), NaN where a partner is missing.
    """
    z = table.Z.to_numpy() if z is None else np.asarray(z, dtype=np.int64)
    n = table.N.to_numpy() if n is None else np.asarray(n, dtype=np.int64)
    own = _lookup(z, n, table)
    result = pd.DataFrame({"Z": z, "N": n})
    for name, (dz, dn, sign, constant) in PARTNERS.items():
        result[name] = sign * (own - _lookup(z + dz, n + dn, table)) + constant
    return result


def add_observables(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` with the observable columns appended (computed from its own masses)."""
    values = compute_observables(table)
    return pd.concat([table.reset_index(drop=True), values[list(OBSERVABLES)]], axis=1)


def partner_nuclei(z, n) -> tuple[np.ndarray, np.ndarray]:
    """The nuclei (z, n) together with every partner the observables need, unique.

    Partners with a negative Z or N, or A = 0, are left out. Returns (Z, N), each (k,).
    """
    z, n = np.asarray(z, dtype=np.int64), np.asarray(n, dtype=np.int64)
    shifts = [(0, 0)] + [(dz, dn) for dz, dn, _, _ in PARTNERS.values()]
    pairs = np.concatenate([np.column_stack([z + dz, n + dn]) for dz, dn in shifts])
    pairs = np.unique(pairs, axis=0)
    keep = (pairs[:, 0] >= 0) & (pairs[:, 1] >= 0) & (pairs.sum(axis=1) > 0)
    return pairs[keep, 0], pairs[keep, 1]


def _columns(pairs: np.ndarray, z, n) -> np.ndarray:
    """Column of each (z, n) among the rows of ``pairs`` (k, 2), -1 where absent."""
    index = pd.MultiIndex.from_arrays([pairs[:, 0], pairs[:, 1]])
    return index.get_indexer(pd.MultiIndex.from_arrays([z, n]))


def member_quantities(model, z, n, limits) -> dict:
    """Binding energy and every observable of each member, (K, m) per quantity (MeV).

    Each member's observables come from that member's own masses, so the spread of an
    observable over members keeps the correlation between neighbouring nuclei. Partners
    beyond ``limits`` = (largest Z, largest N) the model takes are NaN. ``model`` is an
    ensemble (``predict_members``).
    """
    z, n = np.asarray(z, dtype=np.int64), np.asarray(n, dtype=np.int64)
    pz, pn = partner_nuclei(z, n)
    keep = (pz <= limits[0]) & (pn <= limits[1])
    pairs = np.column_stack([pz[keep], pn[keep]])
    members = np.asarray(model.predict_members(pairs[:, 0], pairs[:, 1]), dtype=float)
    members = np.concatenate([members, np.full((len(members), 1), np.nan)], axis=1)
    own = members[:, _columns(pairs, z, n)]  # column -1: the NaN column
    out = {"binding_energy": own}
    for name, (dz, dn, sign, constant) in PARTNERS.items():
        out[name] = sign * (own - members[:, _columns(pairs, z + dz, n + dn)]) + constant
    return out


def partner_distance(distance_of, z, n) -> dict:
    """Per quantity, the larger distance of each nucleus and its partner, (m,) ints.

    ``distance_of(z, n)`` gives the distance (steps) of nuclei to the training data.
    """
    z, n = np.asarray(z, dtype=np.int64), np.asarray(n, dtype=np.int64)
    own = distance_of(z, n)
    out = {"binding_energy": own}
    for name, (dz, dn, _, _) in PARTNERS.items():
        partner = distance_of(np.maximum(z + dz, 0), np.maximum(n + dn, 0))
        out[name] = np.maximum(own, partner)
    return out
