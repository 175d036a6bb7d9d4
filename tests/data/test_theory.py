"""Theory tables: the N-label repair, published RMSDs, RIPL reading, errors."""

from importlib import resources

import numpy as np
import pytest

from nucmass.data.ame import load_ame
from nucmass.data.theory import (
    N_LABEL_DEFECT,
    VENDORED_FILES,
    available_theories,
    load_theory,
    read_ripl,
    read_zn_table,
    repair_n_labels,
)
from nucmass.errors import NucmassError
from nucmass.evaluation import compare_tables


def _measured(vintage):
    table = load_ame(vintage)
    return table[~table.is_estimated & (table.Z >= 8) & (table.N >= 8)]


def test_repair_inverts_the_documented_defect():
    z = np.repeat(np.arange(95, 131), 60)
    n = np.tile(np.arange(140, 200), 36)
    label = np.where(z >= 101, 10 * (n // 10) + (n + z) % 10, n)
    np.testing.assert_array_equal(repair_n_labels(z, label), n)


def test_repair_only_hfb14_and_ktuy05():
    assert frozenset({"HFB14", "KTUY05"}) == N_LABEL_DEFECT
    folder = resources.files("nucmass.data") / "tables" / "theory"
    for name, file in VENDORED_FILES.items():
        table = load_theory(name)
        assert not table.duplicated(["Z", "N"]).any(), name
        raw = read_zn_table(folder / file, repair=False)
        if name in N_LABEL_DEFECT:
            # After repair every isotopic chain with Z >= 101 is contiguous in N.
            heavy = table[table.Z >= 101].groupby("Z").N
            assert ((heavy.max() - heavy.min() + 1) == heavy.count()).all(), name
            assert not raw.equals(table), name
        else:
            assert raw.equals(table), name


def test_unrepaired_hfb14_has_gaps():
    path = resources.files("nucmass.data") / "tables" / "theory" / "HFB14.txt"
    raw = read_zn_table(path, repair=False)
    heavy = raw[raw.Z == 103].N
    assert heavy.max() - heavy.min() + 1 != heavy.count() or heavy.duplicated().any()


@pytest.mark.parametrize("name, expected", [("FRDM95", 0.680), ("HFB14", 0.759)])
def test_published_rmsd_ame2020(name, expected):
    result = compare_tables(_measured("ame2020"), load_theory(name))
    assert result["n"] == 2457 and result["missing"] == 0
    assert result["rmsd"] == pytest.approx(expected, abs=5e-4)


def test_repaired_hfb14_on_ame2003_gives_published_value():
    result = compare_tables(_measured("ame2003"), load_theory("HFB14"))
    assert result["n"] == 2149
    assert result["rmsd"] == pytest.approx(0.729, abs=5e-4)


@pytest.mark.parametrize("name, expected", [("WS4", 0.295), ("FRDM2012", 0.606)])
def test_ripl_rmsd(ripl_dir, name, expected):
    result = compare_tables(_measured("ame2020"), load_theory(name, ripl_dir))
    assert result["n"] == 2457
    assert result["rmsd"] == pytest.approx(expected, abs=5e-4)


def test_ripl_columns(ripl_dir):
    frdm = load_theory("frdm12", ripl_dir).set_index(["Z", "N"])
    iron = frdm.loc[(26, 30)]
    assert iron.mass_excess == -60.530 and iron.Emic == 0.130 and iron.beta6 == -0.007
    ws4 = load_theory("WS4", ripl_dir).set_index(["Z", "N"])
    assert ws4.loc[(26, 30)].Esh == -492.079  # the 4th numeric column (README: -B_th)
    assert set(available_theories(ripl_dir)) >= {"WS4", "FRDM2012", "HFB27", "D1M", "BSKG3"}


def test_ripl_from_environment(ripl_dir, monkeypatch):
    monkeypatch.setenv("NUCMASS_DATA_DIR", str(ripl_dir))
    assert len(load_theory("HFB27")) > 8000


def test_errors(tmp_path, monkeypatch):
    monkeypatch.delenv("NUCMASS_DATA_DIR", raising=False)
    with pytest.raises(NucmassError, match="unknown theory table"):
        load_theory("NOPE")
    with pytest.raises(NucmassError, match="RIPL-4 table"):
        load_theory("WS4")
    with pytest.raises(NucmassError, match="does not exist"):
        load_theory("WS4", tmp_path / "missing")
    with pytest.raises(NucmassError, match="not found"):
        load_theory("WS4", tmp_path)
    bad = tmp_path / "bad.txt"
    bad.write_text("Z N M\n8 8 x\n")
    with pytest.raises(NucmassError, match="malformed"):
        read_zn_table(bad)
    ripl = tmp_path / "mass-bad.dat"
    ripl.write_text("#  Z   A s fl     Mexp      Err       Mth\n  xx  yy\n")
    with pytest.raises(NucmassError, match="malformed RIPL"):
        read_ripl(ripl)
