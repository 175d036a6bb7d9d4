"""Atomic Mass Evaluation (AME) tables: one parser for the 2003, 2016 and 2020 vintages.

The column positions are derived from each file's own ``format :`` header line (a Fortran
edit descriptor list), not hard-coded, so the same code reads all three layouts.

A ``MassTable`` is a :class:`pandas.DataFrame` with one row per ground state, sorted by
(Z, N), and the columns

==================  =======  =====================================================
column              dtype    meaning
==================  =======  =====================================================
Z, N, A             int64    proton, neutron and mass numbers
element             str      element symbol as printed by the AME ("n", "H", ...)
nuclide             str      canonical name, e.g. "56Fe"
mass_excess         float64  atomic mass excess Delta (keV)
mass_excess_unc     float64  its uncertainty (keV)
is_estimated        bool     True where the AME prints ``#`` (value from systematics)
binding_energy      float64  B = Z Delta_H + N Delta_n - Delta (MeV, atomic convention:
                             electron binding is not removed)
==================  =======  =====================================================
"""

import functools
import re
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from nucmass.data.nuclide import format_nuclide
from nucmass.data.text import read_lines
from nucmass.errors import NucmassError

__all__ = [
    "AME_FILES",
    "DELTA_H_KEV",
    "DELTA_N_KEV",
    "MASS_TABLE_COLUMNS",
    "MAX_NUCLEONS",
    "binding_energy_mev",
    "fortran_columns",
    "load_ame",
    "mass_excess_mev",
    "read_ame",
]

DELTA_H_KEV = 7288.971064  # mass excess of the 1H atom (keV), AME2020
DELTA_N_KEV = 8071.318062  # mass excess of the neutron (keV), AME2020
AME_FILES = {"ame2020": "mass.mas20", "ame2016": "mass16.txt", "ame2003": "mass.mas03"}
MAX_NUCLEONS = 1000  # Z and N of any row
MASS_TABLE_COLUMNS = (
    "Z", "N", "A", "element", "nuclide", "mass_excess", "mass_excess_unc", "is_estimated",
    "binding_energy",
)  # fmt: skip
# Names of the leading fields of every AME mass-table format line, in order.
_FIELD_NAMES = ("cc", "NZ", "N", "Z", "A", "element", "origin", "mass_excess", "mass_excess_unc")
_DESCRIPTOR = re.compile(r"^(?P<repeat>\d*)(?P<kind>[a-z])(?P<width>\d*)(?:\.\d+)?$")


def fortran_columns(format_line: str) -> dict[str, slice]:
    """Column slices of the leading AME fields from a Fortran ``format :`` line.

    Parameters
    ----------
    format_line : str
        The header line, e.g. ``"format : a1,i3,i5,i5,i5,1x,a3,a4,1x,f14.6,f12.6,..."``.

    Returns
    -------
    dict
        Field name (see ``_FIELD_NAMES``) -> 0-based ``slice`` of the text line.
    """
    spec = format_line.split(":", 1)[-1].replace(" ", "").lower()
    columns, position = {}, 0
    names = iter(_FIELD_NAMES)
    for item in spec.split(","):
        match = _DESCRIPTOR.match(item)
        if not match:
            raise NucmassError(f"cannot read Fortran edit descriptor {item!r} in AME format line")
        if match["kind"] == "x":
            position += int(match["repeat"] or 1)
            continue
        width = int(match["width"])
        name = next(names, None)
        if name is None:
            break
        columns[name] = slice(position, position + width)
        position += width
    if len(columns) < len(_FIELD_NAMES):
        raise NucmassError("AME format line has fewer fields than a mass table needs")
    return columns


def binding_energy_mev(z, n, mass_excess_kev):
    """Binding energy B = Z Delta_H + N Delta_n - Delta (MeV), AME atomic convention.

    Parameters
    ----------
    z, n : array_like of int, shape (m,)
    mass_excess_kev : array_like of float, shape (m,)
        Atomic mass excess (keV).
    """
    z, n = np.asarray(z, dtype=float), np.asarray(n, dtype=float)
    return (z * DELTA_H_KEV + n * DELTA_N_KEV - np.asarray(mass_excess_kev, dtype=float)) / 1e3


def _parse_value(text: str, where: str) -> tuple[float, bool]:
    """A numeric AME field: ``"28667#"`` -> (28667.0, True); ``"*"`` or blank -> NaN.

    Anything else that is not a finite number raises ``NucmassError`` naming ``where``.
    """
    text = text.strip()
    if not text or text == "*":
        return np.nan, False
    estimated = "#" in text
    try:
        value = float(text.replace("#", "."))
    except ValueError:
        raise NucmassError(f"{where}: malformed number {text!r}") from None
    if not np.isfinite(value):
        raise NucmassError(f"{where}: non-finite value {text!r}")
    return value, estimated


def _data_lines(lines: list[str], columns: dict[str, slice]):
    """Yield (line number, row): lines after the column header whose N, Z, A are integers."""
    header_seen = False
    for number, line in enumerate(lines, 1):
        if not header_seen:
            header_seen = line.startswith("1N-Z")
            continue
        fields = [line[columns[k]].strip() for k in ("N", "Z", "A")]
        if all(f.lstrip("-").isdigit() for f in fields):
            yield number, line


def _row(line: str, columns: dict[str, slice], where: str) -> tuple:
    """(Z, N, A, element, nuclide, mass excess, uncertainty, estimated) of one row."""
    value, estimated = _parse_value(line[columns["mass_excess"]], where)
    unc, _ = _parse_value(line[columns["mass_excess_unc"]], where)
    z, n = int(line[columns["Z"]]), int(line[columns["N"]])
    if not 0 <= z <= MAX_NUCLEONS or not 0 <= n <= MAX_NUCLEONS:
        raise NucmassError(f"{where}: Z = {z}, N = {n} out of range 0..{MAX_NUCLEONS}")
    element = line[columns["element"]].strip()
    return z, n, z + n, element, format_nuclide(z, n), value, unc, estimated


def read_ame(path: "str | Path") -> pd.DataFrame:
    """Parse a raw AME mass table (``mass.mas20``, ``mass16.txt``, ``mass.mas03``).

    Returns
    -------
    pandas.DataFrame
        A MassTable with the columns of ``MASS_TABLE_COLUMNS`` (module docstring).

    Raises
    ------
    NucmassError
        If the file is not text, has no ``format :`` line or no rows, or a row holds a
        malformed or non-finite number (the message names the file and line).
    """
    lines = read_lines(path, encoding="latin-1")
    format_line = next((line for line in lines if line.strip().startswith("format")), None)
    if format_line is None:
        raise NucmassError(f"{path}: no 'format :' header line; not an AME mass table")
    try:
        columns = fortran_columns(format_line)
    except NucmassError as error:
        raise NucmassError(f"{path}: {error}") from None
    rows = [_row(line, columns, f"{path}, line {k}") for k, line in _data_lines(lines, columns)]
    if not rows:
        raise NucmassError(f"{path}: no mass-table rows found after the column header")
    table = pd.DataFrame(rows, columns=list(MASS_TABLE_COLUMNS[:-1]))
    table["binding_energy"] = binding_energy_mev(table.Z, table.N, table.mass_excess)
    return table.sort_values(["Z", "N"], ignore_index=True)


@functools.cache
def _load_cached(vintage: str) -> pd.DataFrame:
    tables = resources.files("nucmass.data") / "tables" / "ame"
    with resources.as_file(tables / AME_FILES[vintage]) as path:
        return read_ame(path)


def load_ame(vintage: str = "ame2020") -> pd.DataFrame:
    """The vendored AME mass table ``vintage`` ("ame2020", "ame2016" or "ame2003").

    Loaded on first use and cached; a copy is returned so callers may modify it.
    """
    key = vintage.lower().replace("-", "")
    if key not in AME_FILES:
        raise NucmassError(f"unknown AME vintage {vintage!r}; choose from {', '.join(AME_FILES)}")
    return _load_cached(key).copy()


def mass_excess_mev(z, n, binding_energy):
    """Atomic mass excess Delta = Z Delta_H + N Delta_n - B (MeV) from B (MeV), shape (m,)."""
    return binding_energy_mev(z, n, 0.0) - np.asarray(binding_energy, dtype=float)
