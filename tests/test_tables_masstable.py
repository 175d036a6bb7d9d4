"""Mass tables of a liquid drop: drip-line domain, chains, observables, merged table, RIPL."""

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from nucmass.data.ame import load_ame
from nucmass.data.theory import read_ripl
from nucmass.errors import NucmassError
from nucmass.masstable import (
    boundary_summary,
    chain_nuclei,
    domain_nuclei,
    drip_line_domain,
    mass_table,
    write_ripl,
)
from nucmass.masstable.domain import parse_rectangle
from nucmass.models import LDMConfig
from nucmass.train import fit


@pytest.fixture(scope="module")
def ldm():
    ame = load_ame("ame2020")
    ame = ame[~ame.is_estimated & (ame.Z >= 8) & (ame.N >= 8)]
    return fit(LDMConfig(), ame, progress=False)


def brute_force_limits(model, z: int, margin: float = 0.0) -> tuple[int, int]:
    """Walk one nucleus at a time from the valley of stability with scalar predictions."""

    def b(zz, nn):
        return float(model.predict(np.array([zz]), np.array([nn]))[0]) if zz + nn > 0 else np.nan

    def s_n(nn):
        return b(z, nn) - b(z, nn - 1) if nn > 0 else np.nan

    def s_p(nn):
        return b(z, nn) - b(z - 1, nn)

    seed = min(range(351), key=lambda nn: abs((z + nn) / (1.98 + 0.0155 * (z + nn) ** (2 / 3)) - z))
    top = seed
    while top < 350 and s_n(top + 1) >= -margin:
        top += 1
    low = seed
    while low > 0 and s_p(low - 1) >= -margin:
        low -= 1
    return low, top


@pytest.mark.parametrize("z", [8, 26, 50, 82, 100])
def test_domain_matches_brute_force(ldm, z):
    domain = drip_line_domain(ldm).set_index("Z")
    assert (domain.loc[z, "N_min"], domain.loc[z, "N_max"]) == brute_force_limits(ldm, z)


def test_domain_separation_energies(ldm):
    """Inside the domain S_n, S_p >= 0; one step beyond each drip line they are negative."""
    domain = drip_line_domain(ldm)
    assert domain.Z.min() == 1 and domain.Z.max() == 118 and not domain.n_open.any()
    table = mass_table(ldm, *domain_nuclei(domain))
    inner = table[(table.Z > 1)]
    assert (inner.S_n.dropna() >= 0).all() and (inner.S_p.dropna() >= 0).all()
    beyond = mass_table(ldm, domain.Z.to_numpy(), domain.N_max.to_numpy() + 1)
    assert (beyond.S_n < 0).all()
    below = domain[domain.Z > 1]
    outside = mass_table(ldm, below.Z.to_numpy(), below.N_min.to_numpy() - 1)
    assert (outside.S_p < 0).all()
    known = table.set_index("nuclide")
    assert {"208Pb", "132Sn", "56Fe"} <= set(known.index)


def test_margin_widens_domain(ldm):
    strict = drip_line_domain(ldm, 0.0, (40, 60))
    loose = drip_line_domain(ldm, 1.0, (40, 60))
    assert (loose.N_max >= strict.N_max).all() and (loose.N_min <= strict.N_min).all()
    assert (loose.N_max - loose.N_min).sum() > (strict.N_max - strict.N_min).sum()


def test_chains(ldm):
    z, n = chain_nuclei(ldm, "Z=50")
    domain = drip_line_domain(ldm).set_index("Z")
    assert (z == 50).all() and n.tolist() == list(
        range(domain.loc[50, "N_min"], 1 + domain.loc[50, "N_max"])
    )
    z, n = chain_nuclei(ldm, "n = 82")
    assert (n == 82).all() and 50 in z
    rows = domain.loc[z]
    assert ((rows.N_min <= 82) & (rows.N_max >= 82)).all()
    inside = domain[(domain.N_min <= 82) & (domain.N_max >= 82)]
    assert z.tolist() == inside.index.tolist()


@pytest.mark.parametrize(
    "chain, message",
    [
        ("N=300", "chain N=300 is empty"),
        ("Z=150", "Z=150 is beyond the table"),
        ("Z=119", "Z=119 is beyond the table"),
        ("Z=0", "no isotopes of Z=0"),
        ("A=100", "cannot read chain"),
    ],
)
def test_bad_chains(ldm, chain, message):
    with pytest.raises(NucmassError, match=message):
        chain_nuclei(ldm, chain)


@pytest.mark.parametrize(
    "text, message",
    [("Z=60:40,N=1:2", "empty"), ("Z=100:130,N=1:2", "beyond the table"), ("Z=1", "cannot read")],
)
def test_bad_rectangles(text, message):
    with pytest.raises(NucmassError, match=message):
        parse_rectangle(text)


def test_rectangle():
    z, n = parse_rectangle("Z=0:2, N=0:3")
    assert len(z) == 3 * 4 - 1 and not ((z == 0) & (n == 0)).any()


def test_mass_table_columns_and_values(ldm):
    table = mass_table(ldm, [82, 50, 120], [126, 82, 200])
    expected = [
        "Z",
        "N",
        "A",
        "nuclide",
        "binding_energy",
        "binding_energy_std",
        "mass_excess",
        "S_n",
        "S_2n",
        "S_p",
        "S_2p",
        "Q_alpha",
        "Q_beta-",
        "is_measured",
        "distance_to_measured",
        *(f"{name}_std" for name in ("S_n", "S_2n", "S_p", "S_2p", "Q_alpha", "Q_beta-")),
    ]
    assert list(table.columns) == expected
    assert table.nuclide.tolist() == ["208Pb", "132Sn", "320-Z120"]
    pb = table.iloc[0]
    b = ldm.predict(np.array([82, 82, 80, 83]), np.array([126, 125, 124, 125]))
    assert pb.S_n == pytest.approx(b[0] - b[1], abs=1e-9)
    assert pb.Q_alpha == pytest.approx(b[2] + 28.2956624 - b[0], abs=1e-6)
    assert pb["Q_beta-"] == pytest.approx(b[3] - b[0] + 0.782347, abs=1e-6)
    assert table.is_measured.tolist() == [True, True, False]
    assert table.distance_to_measured.tolist()[:2] == [0, 0] and table.distance_to_measured[2] > 30


def test_merged_flags(ldm):
    """Measured AME2020 masses replace the model's; estimates and unknowns stay model."""
    z, n = chain_nuclei(ldm, "Z=50")
    merged = mass_table(ldm, z, n, merged=True)
    ame = load_ame("ame2020").set_index("nuclide")
    for row in merged.itertuples():
        measured = row.nuclide in ame.index and not ame.loc[row.nuclide, "is_estimated"]
        assert row.source == ("AME2020" if measured else "model"), row.nuclide
        assert row.is_measured == measured
        if measured:
            assert row.binding_energy == pytest.approx(ame.loc[row.nuclide, "binding_energy"])
        else:
            assert row.binding_energy == pytest.approx(row.model_binding_energy)
    # AME2020 measures 100Sn-135Sn except 103Sn: jumps at the measured nuclei bordering these.
    jumps = merged.dropna(subset=["boundary_jump"])
    assert set(jumps.nuclide) == {"100Sn", "102Sn", "104Sn", "135Sn"}
    last = merged.set_index("nuclide").loc["135Sn"]
    assert last.boundary_jump == pytest.approx(last.binding_energy - last.model_binding_energy)
    after = merged.set_index("nuclide").loc["136Sn"]
    assert after.S_n == pytest.approx(after.binding_energy - last.binding_energy)
    summary = boundary_summary(merged)
    assert summary["n_boundary"] == 4 and summary["n_measured"] + summary["n_model"] == len(merged)
    assert summary["max_abs_jump"] == pytest.approx(np.abs(jumps.boundary_jump).max())


def test_boundary_summary_needs_merged(ldm):
    with pytest.raises(NucmassError, match="not a merged table"):
        boundary_summary(mass_table(ldm, [50], [70]))


def test_ripl_round_trip(ldm, tmp_path):
    table = mass_table(ldm, [0, 8, 50, 82, 100], [1, 8, 87, 126, 190])
    path = write_ripl(table, tmp_path / "mass-ldm.dat", "liquid drop")
    back = read_ripl(path)
    np.testing.assert_allclose(back.mass_excess, table.mass_excess, atol=5e-4)
    ame = load_ame("ame2020").set_index(["Z", "N"])
    assert back.flag.tolist() == [2, 2, 1, 2, 0]  # 137Sn is an AME estimate
    assert back.Mexp[3] == pytest.approx(ame.loc[(82, 126), "mass_excess"] / 1e3, abs=5e-4)
    assert np.isnan(back.Mexp[4])
    lines = path.read_text().splitlines()
    assert lines[5][:13] == "   0   1 n  2" and lines[7][:13] == "  50 137 Sn 1"


def test_ripl_errors(ldm):
    with pytest.raises(NucmassError, match="Z must be <= 118"):
        write_ripl(mass_table(ldm, [119], [180]), "unused.dat", "x")
    with pytest.raises(NucmassError, match="empty"):
        write_ripl(pd.DataFrame(columns=["Z", "N", "mass_excess"]), "unused.dat", "x")


def test_domain_cut_at_model_range(ldm):
    """A model accepting N <= 60 only: chains that would go further are cut and flagged."""
    limited = SimpleNamespace(predict=ldm.predict, config=SimpleNamespace(z_max=60, n_max=60))
    domain = drip_line_domain(limited, 0.0, (20, 60)).set_index("Z")
    assert domain.loc[50, "N_max"] == 60 and domain.loc[50, "n_open"]
    assert not domain.loc[20, "n_open"] and domain.loc[20, "N_max"] < 60
    with pytest.raises(NucmassError, match="outside 1-60"):
        drip_line_domain(limited, 0.0, (50, 70))


def test_mass_table_beyond_model_range(ldm):
    limited = SimpleNamespace(predict=ldm.predict, config=SimpleNamespace(z_max=60, n_max=60))
    with pytest.raises(NucmassError, match=r"\(Z, N\) = \(50, 61\) is beyond this model's range"):
        mass_table(limited, [50, 50], [60, 61])
