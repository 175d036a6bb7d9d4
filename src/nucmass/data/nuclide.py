"""Nuclide names: ``"56Fe"``, ``"Fe56"``, ``"fe-56"`` or ``(Z, N)`` in; ``"56Fe"`` out.

The element symbols follow IUPAC up to Og (Z = 118); ``n`` is the free neutron (Z = 0).
Names are case-insensitive, so ``n`` is read as the neutron only in ``1n``/``n1``; any
other mass number makes it nitrogen (``n14`` = 14N).
Z and N are limited to the range of any mass table in use (Z <= 130, N <= 350).
"""

import re

import numpy as np

from nucmass.errors import NucmassError

__all__ = [
    "ELEMENTS",
    "MAX_N",
    "MAX_Z",
    "check_zn",
    "element_symbol",
    "format_nuclide",
    "nuclei_arrays",
    "parse_nuclide",
    "z_of",
]

MAX_Z = 130
MAX_N = 350

ELEMENTS = (
    "n H He Li Be B C N O F Ne Na Mg Al Si P S Cl Ar K Ca Sc Ti V Cr Mn Fe Co Ni Cu Zn Ga Ge "
    "As Se Br Kr Rb Sr Y Zr Nb Mo Tc Ru Rh Pd Ag Cd In Sn Sb Te I Xe Cs Ba La Ce Pr Nd Pm Sm "
    "Eu Gd Tb Dy Ho Er Tm Yb Lu Hf Ta W Re Os Ir Pt Au Hg Tl Pb Bi Po At Rn Fr Ra Ac Th Pa U "
    "Np Pu Am Cm Bk Cf Es Fm Md No Lr Rf Db Sg Bh Hs Mt Ds Rg Cn Nh Fl Mc Lv Ts Og"
).split()
_Z_BY_SYMBOL = {symbol.lower(): z for z, symbol in enumerate(ELEMENTS)}
_PATTERNS = (
    re.compile(r"^(?P<a>\d+)\s*-?\s*(?P<el>[a-z]+)$"),  # 56Fe, 56-Fe
    re.compile(r"^(?P<el>[a-z]+)\s*-?\s*(?P<a>\d+)$"),  # Fe56, fe-56
)


def check_zn(z: int, n: int) -> tuple[int, int]:
    """Validate a proton and neutron number; return them as ints.

    Raises
    ------
    NucmassError
        If Z or N is negative, Z > 130, N > 350, or Z = N = 0.
    """
    if z < 0 or n < 0:
        raise NucmassError(f"Z and N must be non-negative, got Z={z}, N={n}")
    if z > MAX_Z or n > MAX_N:
        raise NucmassError(
            f"Z={z}, N={n} is outside the supported range Z <= {MAX_Z}, N <= {MAX_N}"
        )
    if z + n == 0:
        raise NucmassError("Z = N = 0 is not a nuclide")
    return int(z), int(n)


def z_of(symbol: str) -> int:
    """Proton number of an element symbol (case-insensitive); ``"n"`` is 0."""
    try:
        return _Z_BY_SYMBOL[symbol.strip().lower()]
    except KeyError:
        raise NucmassError(f"unknown element symbol {symbol!r}") from None


def element_symbol(z: int) -> str:
    """Element symbol for proton number ``z`` (``"n"`` for 0)."""
    if not 0 <= z < len(ELEMENTS):
        raise NucmassError(f"no element symbol for Z={z} (known up to Z={len(ELEMENTS) - 1})")
    return ELEMENTS[z]


def parse_nuclide(nuclide: "str | tuple[int, int]") -> tuple[int, int]:
    """Parse a nuclide given as ``"56Fe"``, ``"Fe56"``, ``"fe-56"`` or ``(Z, N)``.

    Returns
    -------
    (Z, N) : tuple of int

    Raises
    ------
    NucmassError
        On an unknown element, a malformed name, A < Z, or Z/N out of range.
    """
    if isinstance(nuclide, tuple):
        if len(nuclide) != 2:
            raise NucmassError(f"a nuclide tuple must be (Z, N), got {nuclide!r}")
        return check_zn(*(int(v) for v in nuclide))
    text = str(nuclide).strip()
    for pattern in _PATTERNS:
        match = pattern.match(text.lower())
        if match:
            a = int(match["a"])
            z = 0 if match["el"] == "n" and a == 1 else z_of(match["el"])
            if a < z:
                raise NucmassError(f"mass number A={a} is smaller than Z={z} in {nuclide!r}")
            return check_zn(z, a - z)
    raise NucmassError(f"cannot read {nuclide!r} as a nuclide (use e.g. 56Fe, Fe56, fe-56)")


def format_nuclide(z: int, n: int) -> str:
    """Canonical name, mass number first: ``format_nuclide(26, 30) == "56Fe"``."""
    z, n = check_zn(z, n)
    if z >= len(ELEMENTS):
        return f"{z + n}-Z{z}"
    return f"{z + n}{ELEMENTS[z]}"


def nuclei_arrays(z, n=None) -> tuple[np.ndarray, np.ndarray]:
    """(Z, N) as int64 arrays (m,) from arrays ``z``, ``n``, or from nuclides alone.

    With ``n`` omitted, ``z`` is one nuclide or a sequence of nuclides in any form
    :func:`parse_nuclide` reads (``"56Fe"``, ``(26, 30)``, ...).
    """
    if n is not None:
        return np.asarray(z, dtype=np.int64), np.asarray(n, dtype=np.int64)
    items = [z] if isinstance(z, str | tuple) else list(z)
    pairs = [parse_nuclide(tuple(item) if isinstance(item, list) else item) for item in items]
    zn = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
    return zn[:, 0], zn[:, 1]
