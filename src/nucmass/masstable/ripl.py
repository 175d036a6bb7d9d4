"""Export in the RIPL-4 mass-table layout (``mass-*.dat``), read by reaction and r-process
codes: Fortran ``(2i4,1x,a2,1x,i1,3f10.3,f10.3)`` records ``Z A s fl Mexp Err Mth [dMth]``.

``fl`` is 0 without experimental data, 1 for an AME2020 estimate ('#'), 2 for a measured
AME2020 mass; Mexp and Err are the AME2020 atomic mass excess and its uncertainty (MeV,
blank without data); Mth is the model's atomic mass excess (MeV) and the extra column
dMth its uncertainty (MeV): the calibrated sigma when the model has one, else the member
spread; in a merged table the AME uncertainty of measured rows.
:func:`nucmass.data.theory.read_ripl` reads the file back.
"""

from pathlib import Path

import numpy as np
import pandas as pd

from nucmass.atomic import write_text
from nucmass.data.ame import load_ame
from nucmass.data.nuclide import element_symbol
from nucmass.errors import NucmassError

__all__ = ["format_ripl", "write_ripl"]

_RULE = "#" + "-" * 99


def _field(value: float) -> str:
    return " " * 10 if np.isnan(value) else f"{value:10.3f}"


def _header(title: str, extra: list[str]) -> list[str]:
    names = "#  Z   A s fl     Mexp      Err       Mth" + "".join(f"{e:>10s}" for e in extra)
    units = "#                [MeV]     [MeV]     [MeV]" + "     [MeV]" * len(extra)
    return [f"# {title}", "#", names, units, _RULE]


def format_ripl(table: pd.DataFrame, title: str) -> str:
    """The RIPL-layout text of a mass table (Z, N, mass_excess in MeV[, an uncertainty]).

    Z must not exceed 118 (the element symbol is part of the record).
    """
    if table.empty:
        raise NucmassError("cannot export an empty mass table")
    if table.Z.max() > 118:
        raise NucmassError("the RIPL layout needs element symbols: Z must be <= 118")
    ame = load_ame("ame2020")[["Z", "N", "mass_excess", "mass_excess_unc", "is_estimated"]]
    ame = ame.rename(columns={"mass_excess": "m_exp", "mass_excess_unc": "m_err"})
    joined = table.merge(ame, on=["Z", "N"], how="left", validate="1:1")
    flag = np.where(joined.m_exp.isna(), 0, np.where(joined.is_estimated.eq(True), 1, 2))
    names = ("binding_energy_unc", "binding_energy_sigma", "binding_energy_std")
    column = next((name for name in names if name in joined), None)
    extra = ["dMth"] if column else []
    spread = joined[column] if column else None
    lines = _header(title, extra)
    for i, row in enumerate(joined.itertuples(index=False)):
        record = f"{row.Z:4d}{row.Z + row.N:4d} {element_symbol(row.Z):2s} {flag[i]:1d}"
        record += _field(row.m_exp / 1e3) + _field(row.m_err / 1e3) + _field(row.mass_excess)
        if extra:
            record += _field(spread.iloc[i])
        lines.append(record.rstrip())
    return "\n".join(lines) + "\n"


def write_ripl(table: pd.DataFrame, path: "str | Path", title: str) -> Path:
    """Write :func:`format_ripl` of ``table`` to ``path`` (atomically); return the path."""
    return write_text(path, format_ripl(table, title))
