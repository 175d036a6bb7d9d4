"""Low-fidelity inputs: theory-table mass excesses looked up for a list of nuclei.

A multi-fidelity model (paper 002) takes, besides N and Z, the predictions M_k(Z, N) of
named theory tables (``nucmass.data.theory.load_theory``: vendored FRDM95, HFB14, ... or
RIPL-4 tables from a user-named directory). A nucleus absent from a chosen table has no
input; it is never filled in or dropped silently: :func:`low_fidelity_values` marks it
NaN and lists it in ``missing``, and :func:`attach_low_fidelity` either raises or drops
it with that list as the report.
"""

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from nucmass.data.theory import load_theory
from nucmass.errors import NucmassError

__all__ = ["ON_MISSING", "LowFidelity", "attach_low_fidelity", "column_name", "low_fidelity_values"]

ON_MISSING = ("error", "drop")
_SHOWN = 5  # missing nuclei named in an error message


def column_name(name: str) -> str:
    """Column holding table ``name``'s mass excess (MeV), e.g. ``M_HFB14``."""
    return f"M_{name.strip().upper()}"


@dataclass(frozen=True)
class LowFidelity:
    """Theory mass excesses for m nuclei from k tables.

    Attributes
    ----------
    names : tuple of str, length k
    values : numpy.ndarray, shape (m, k)
        Atomic mass excess (MeV) of each table; NaN where the table lacks the nucleus.
    missing : pandas.DataFrame
        One row per (nucleus, table) without a value: Z, N, table.
    """

    names: tuple
    values: np.ndarray
    missing: pd.DataFrame

    @property
    def complete(self) -> np.ndarray:
        """Mask (m,) of nuclei that every table covers."""
        return np.isfinite(self.values).all(axis=1)


def _parse_names(names) -> tuple:
    if isinstance(names, str):
        names = names.split(",")
    names = tuple(name.strip() for name in names if name.strip())
    return names


def low_fidelity_values(z, n, names, data_dir: "str | Path | None" = None) -> LowFidelity:
    """Mass excesses of tables ``names`` (sequence or comma-separated) for nuclei (z, n).

    Parameters
    ----------
    z, n : array_like of int, shape (m,)
    names : sequence of str or str
        Theory table names (``load_theory``); an empty selection is allowed (k = 0).
    data_dir : path, optional
        RIPL-4 directory for RIPL tables (else ``$NUCMASS_DATA_DIR``).
    """
    keys = pd.MultiIndex.from_arrays(
        [np.asarray(z, dtype=np.int64), np.asarray(n, dtype=np.int64)], names=["Z", "N"]
    )
    names = _parse_names(names)
    columns, missing = [], []
    for name in names:
        table = load_theory(name, data_dir).set_index(["Z", "N"]).mass_excess
        column = table.reindex(keys).to_numpy(dtype=float)
        columns.append(column)
        absent = ~np.isfinite(column)
        missing.append(keys[absent].to_frame(index=False).assign(table=name))
    values = np.column_stack(columns) if columns else np.empty((len(keys), 0))
    report = pd.concat(missing, ignore_index=True) if missing else pd.DataFrame()
    report = report if len(report) else pd.DataFrame(columns=["Z", "N", "table"])
    return LowFidelity(names, values, report)


def _describe(missing: pd.DataFrame) -> str:
    per_table = missing.groupby("table", sort=False).size()
    counts = ", ".join(f"{count} from {table}" for table, count in per_table.items())
    shown = ", ".join(f"(Z={z}, N={n})" for z, n in missing[["Z", "N"]].head(_SHOWN).to_numpy())
    return f"{counts} (e.g. {shown})"


def attach_low_fidelity(
    table: pd.DataFrame, names, data_dir=None, on_missing: str = "error"
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``table`` (with Z, N) plus one column ``M_<NAME>`` (MeV) per low-fidelity table.

    Parameters
    ----------
    on_missing : {"error", "drop"}
        What to do with nuclei that a chosen table lacks: raise a ``NucmassError`` naming
        them, or leave them out of the returned table.

    Returns
    -------
    table : pandas.DataFrame
        The complete rows with the added columns (index reset).
    missing : pandas.DataFrame
        The report: Z, N, table for every missing value (empty when none).
    """
    if on_missing not in ON_MISSING:
        raise NucmassError(f"on_missing must be one of {', '.join(ON_MISSING)}, not {on_missing!r}")
    lowfi = low_fidelity_values(table.Z, table.N, names, data_dir)
    if len(lowfi.missing) and on_missing == "error":
        count = int((~lowfi.complete).sum())
        raise NucmassError(f"{count} nuclei lack a low-fidelity value: {_describe(lowfi.missing)}")
    extra = pd.DataFrame(lowfi.values, columns=[column_name(k) for k in lowfi.names])
    joined = pd.concat([table.reset_index(drop=True), extra], axis=1)
    return joined[lowfi.complete].reset_index(drop=True), lowfi.missing
