"""Separation energies and Q-values: closed forms on a synthetic table, AME2020's own
beta-decay energies, and published values."""

from importlib import resources

import numpy as np
import pandas as pd
import pytest

from nucmass.data.ame import load_ame
from nucmass.errors import NucmassError
from nucmass.observables import (
    B_HE4,
    OBSERVABLES,
    Q_BETA_OFFSET,
    add_observables,
    compute_observables,
    partner_nuclei,
)

# Synthetic masses B = a Z + b N + c Z N + d Z^2 (MeV): every observable has a closed form.
A_, B_, C_, D_ = 7.0, 9.0, 0.01, -0.02


def synthetic(z_range=range(2, 12), n_range=range(3, 15)) -> pd.DataFrame:
    z, n = (g.ravel() for g in np.meshgrid(list(z_range), list(n_range), indexing="ij"))
    return pd.DataFrame(
        {"Z": z, "N": n, "binding_energy": A_ * z + B_ * n + C_ * z * n + D_ * z**2}
    )


def closed_form(z, n) -> dict:
    def b(zz, nn):
        return A_ * zz + B_ * nn + C_ * zz * nn + D_ * zz**2

    return {
        "S_n": B_ + C_ * z,
        "S_2n": 2 * B_ + 2 * C_ * z,
        "S_p": A_ + C_ * n + D_ * (2 * z - 1),
        "S_2p": 2 * A_ + 2 * C_ * n + D_ * (4 * z - 4),
        "Q_alpha": b(z - 2, n - 2) + 28.295662 - b(z, n),
        "Q_beta-": b(z + 1, n - 1) - b(z, n) + 0.782347,
    }


def test_constants():
    assert B_HE4 == pytest.approx(28.2957, abs=5e-5)
    assert Q_BETA_OFFSET == pytest.approx(0.782347, abs=1e-6)


def test_synthetic_closed_forms():
    table = synthetic()
    values = compute_observables(table)
    expected = closed_form(table.Z.to_numpy().astype(float), table.N.to_numpy().astype(float))
    for name in OBSERVABLES:
        got = values[name].to_numpy()
        finite = np.isfinite(got)
        assert finite.sum() > 40, name
        np.testing.assert_allclose(got[finite], expected[name][finite], atol=2e-6, err_msg=name)


def test_missing_partner_is_nan():
    values = compute_observables(synthetic()).set_index(["Z", "N"])
    assert np.isnan(values.loc[(2, 3), "S_n"])  # N = 2 is outside the table
    assert np.isnan(values.loc[(3, 5), "S_2p"])  # Z = 1 is outside
    assert np.isnan(values.loc[(11, 5), "Q_beta-"])  # Z = 12 is outside
    assert np.isfinite(values.loc[(4, 5), "S_2n"])


def _ame_beta_energies() -> pd.DataFrame:
    """Q_beta- (keV) printed in mass.mas20 after its "B-" label, for measured values."""
    path = resources.files("nucmass.data") / "tables" / "ame" / "mass.mas20"
    rows = []
    for line in path.read_text(encoding="latin-1").splitlines()[36:]:
        field = line[81:94].strip()
        if line[79:81] == "B-" and field and "#" not in field and "*" not in field:
            rows.append((int(line[9:14]), int(line[4:9]), float(field)))
    return pd.DataFrame(rows, columns=["Z", "N", "q_kev"])


def test_q_beta_matches_ame2020_column():
    ame = load_ame("ame2020")
    measured = ame[~ame.is_estimated]
    printed = _ame_beta_energies()
    ours = compute_observables(measured, printed.Z.to_numpy(), printed.N.to_numpy())
    keep = np.isfinite(ours["Q_beta-"].to_numpy())
    assert keep.sum() > 2200
    diff = ours["Q_beta-"].to_numpy()[keep] - printed.q_kev.to_numpy()[keep] / 1e3
    assert np.max(np.abs(diff)) < 5e-6  # MeV; the AME prints 4 decimals of keV


@pytest.mark.parametrize(
    "nuclide, name, value",
    [
        ("208Pb", "S_n", 7.36787),
        ("208Pb", "S_2n", 14.10565),
        ("238U", "Q_alpha", 4.26986),
        ("212Po", "Q_alpha", 8.9542),
        ("56Fe", "S_p", 10.18359),
        ("132Sn", "Q_beta-", 3.08873),
    ],
)
def test_published_values(nuclide, name, value):
    table = add_observables(load_ame("ame2020"))
    assert table.set_index("nuclide").loc[nuclide, name] == pytest.approx(value, abs=1e-3)


def test_partner_nuclei():
    z, n = partner_nuclei([26, 1], [30, 0])
    pairs = set(zip(z.tolist(), n.tolist(), strict=True))
    assert {(26, 30), (26, 29), (26, 28), (25, 30), (24, 30), (24, 28), (27, 29)} <= pairs
    assert (1, 0) in pairs and (2, -1) not in pairs and (0, 0) not in pairs
    assert all(a >= 0 and b >= 0 for a, b in pairs)


def test_duplicates_rejected():
    table = pd.concat([synthetic(), synthetic().head(1)])
    with pytest.raises(NucmassError, match="duplicate"):
        compute_observables(table)
