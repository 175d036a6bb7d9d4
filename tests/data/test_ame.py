"""The AME parser: counts, golden rows, the '#' flag, binding energies, bad files."""

from importlib import resources

import numpy as np
import pytest

from nucmass.data.ame import fortran_columns, load_ame, mass_excess_mev, read_ame
from nucmass.errors import NucmassError

# (all, measured, measured Z,N>=8, measured Z,N>=8 with uncertainty < 100 keV): data README
COUNTS = {
    "ame2020": (3558, 2550, 2457, 2339),
    "ame2016": (3436, 2498, 2408, 2271),
    "ame2003": (3179, 2228, 2149, 1930),
}


@pytest.mark.parametrize("vintage", sorted(COUNTS))
def test_counts(vintage):
    table = load_ame(vintage)
    measured = ~table.is_estimated
    zn8 = measured & (table.Z >= 8) & (table.N >= 8)
    counts = (len(table), measured.sum(), zn8.sum(), (zn8 & (table.mass_excess_unc < 100)).sum())
    assert counts == COUNTS[vintage]
    assert not table.duplicated(["Z", "N"]).any()
    assert (table.A == table.Z + table.N).all()


def test_format_line_gives_documented_columns():
    line = "format    :  a1,i3,i5,i5,i5,1x,a3,a4,1x,f14.6,f12.6,f15.5,f11.5,1x,a2"
    columns = fortran_columns(line)
    # README: N is columns 5-9, Z 10-14, A 15-19, element 21-23, mass 29-42, unc 43-54.
    assert columns["N"] == slice(4, 9) and columns["Z"] == slice(9, 14)
    assert columns["A"] == slice(14, 19) and columns["element"] == slice(20, 23)
    assert columns["mass_excess"] == slice(28, 42)
    assert columns["mass_excess_unc"] == slice(42, 54)
    columns16 = fortran_columns("format :  a1,i3,i5,i5,i5,1x,a3,a4,1x,f13.5,f11.5,f11.3")
    assert columns16["mass_excess"] == slice(28, 41)
    assert columns16["mass_excess_unc"] == slice(41, 52)


def _row(table, nuclide):
    return table.set_index("nuclide").loc[nuclide]


def test_golden_rows_ame2020():
    table = load_ame("ame2020")
    pb = _row(table, "208Pb")
    assert pb.binding_energy == pytest.approx(1636.4302, abs=5e-5)
    assert _row(table, "56Fe").binding_energy == pytest.approx(492.2600, abs=5e-5)
    assert (pb.mass_excess, pb.mass_excess_unc, pb.is_estimated) == (-21748.519, 1.148, False)
    li3 = _row(table, "3Li")  # printed "28667#  2000#"
    assert li3.is_estimated and li3.mass_excess == 28667.0 and li3.mass_excess_unc == 2000.0
    neutron = _row(table, "1n")
    assert (neutron.Z, neutron.N, neutron.element) == (0, 1, "n")
    assert neutron.binding_energy == pytest.approx(0.0, abs=1e-6)


def test_binding_energy_reproduces_table_b_over_a():
    """B/A from our formula matches the AME's printed column (2020 file, measured nuclei)."""
    text = (resources.files("nucmass.data") / "tables/ame/mass.mas20").read_text()
    lines = [
        ln
        for ln in text.splitlines()
        if ln[:1] in " 0" and ln[4:19].replace(" ", "").isdigit() and "#" not in ln[54:69]
    ]
    printed = {(int(ln[9:14]), int(ln[4:9])): float(ln[54:67]) for ln in lines if ln[54:67].strip()}
    table = load_ame("ame2020").set_index(["Z", "N"])
    keys = [k for k in printed if k[0] + k[1] > 1]
    ours = 1e3 * table.loc[keys].binding_energy / table.loc[keys].A
    assert np.max(np.abs(ours.to_numpy() - np.array([printed[k] for k in keys]))) < 0.02


def test_mass_excess_roundtrip():
    table = load_ame("ame2016")
    back = mass_excess_mev(table.Z, table.N, table.binding_energy)
    np.testing.assert_allclose(1e3 * back, table.mass_excess, atol=1e-6)


def test_bad_files(tmp_path):
    no_format = tmp_path / "bad.txt"
    no_format.write_text("just some text\n")
    with pytest.raises(NucmassError, match="format"):
        read_ame(no_format)
    no_rows = tmp_path / "empty.txt"
    no_rows.write_text("   format    :  a1,i3,i5,i5,i5,1x,a3,a4,1x,f14.6,f12.6\n")
    with pytest.raises(NucmassError, match="no mass-table rows"):
        read_ame(no_rows)
    with pytest.raises(NucmassError, match="unknown AME vintage"):
        load_ame("ame1995")


def test_cached_copy_is_independent():
    first = load_ame("ame2020")
    first.loc[0, "binding_energy"] = -1.0
    assert load_ame("ame2020").loc[0, "binding_energy"] != -1.0
