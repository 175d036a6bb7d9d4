"""``nucmass compare``: one table of models and theories on the same nuclei."""

import json

import numpy as np
import pytest

from nucmass.cli import main
from nucmass.data.ame import load_ame
from nucmass.data.splits import get_split
from nucmass.data.theory import load_theory
from nucmass.evaluation import compare_tables


@pytest.fixture(scope="module")
def ldm_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("ldm") / "ldm"
    assert main(["fit", "ldm", "--out", str(out)]) == 0
    return out


def brute_force_s2n_rmsd(theory, nuclei, also) -> tuple[float, int]:
    """RMSD of S_2n of ``theory`` against measured AME2020, with dictionaries and a loop,
    on the nuclei where ``also`` (another table) has S_2n too."""
    ame = load_ame("ame2020")
    exp = {
        (z, n): b
        for z, n, b, e in zip(ame.Z, ame.N, ame.binding_energy, ame.is_estimated, strict=True)
        if not e
    }
    th = dict(zip(zip(theory.Z, theory.N, strict=True), theory.binding_energy, strict=True))
    other = set(zip(also.Z, also.N, strict=True))
    residuals = []
    for z, n in nuclei:
        if all(k in exp and k in th and k in other for k in ((z, n), (z, n - 2))):
            residuals.append((th[z, n] - th[z, n - 2]) - (exp[z, n] - exp[z, n - 2]))
    return float(np.sqrt(np.mean(np.square(residuals)))), len(residuals)


def test_compare_json(ldm_dir, capsys):
    argv = ["compare", str(ldm_dir), "--theory", "FRDM95,WS3", "--split", "measured", "--json"]
    assert main(argv) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["split"] == "measured" and len(result["hash"]) == 64
    test = result["parts"]["test"]
    assert set(test) == {"binding_energy", "S_n", "S_2n", "S_p", "S_2p", "Q_alpha", "Q_beta-"}
    assert set(test["S_2n"]["rmsd"]) == {"ldm", "FRDM95", "WS3"}
    split = get_split("measured").table()
    part = split[split.part == "test"]
    reference = compare_tables(part, load_theory("FRDM95"))
    assert test["binding_energy"]["n"] == reference["n"] == 491
    assert test["binding_energy"]["rmsd"]["FRDM95"] == pytest.approx(reference["rmsd"])
    nuclei = zip(part.Z, part.N, strict=True)
    rmsd, n = brute_force_s2n_rmsd(load_theory("WS3"), nuclei, load_theory("FRDM95"))
    assert test["S_2n"]["n"] == n and test["S_2n"]["rmsd"]["WS3"] == pytest.approx(rmsd)
    assert 2.5 < test["binding_energy"]["rmsd"]["ldm"] < 3.5


def test_compare_notes_a_model_trained_on_the_held_out_nuclei(capsys):
    assert main(["compare", "best", "--split", "measured", "--markdown"]) == 0
    err = capsys.readouterr().err
    assert "best was trained on 491 of the 491 nuclei" in err  # best: all measured nuclei
    assert main(["compare", "conn", "--split", "conn", "--markdown"]) == 0
    assert "trained on" not in capsys.readouterr().err  # its own split: held out


def test_compare_markdown(capsys):
    assert main(["compare", "--theory", "HFB14", "--split", "sigma100", "--markdown"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "| part | quantity | n_part | n | HFB14 |"
    assert lines[1] == "|---|---|---|---|---|" and len(lines) == 2 + 14


@pytest.mark.parametrize(
    "argv, message",
    [
        (["compare", "--theory", "FRDM99"], "unknown theory table 'FRDM99'"),
        (["compare"], "nothing to compare"),
        (["compare", "nowhere"], "not a saved model"),
    ],
)
def test_compare_errors(capsys, argv, message):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_compare_anchors(capsys):
    """--anchors adds the published anchors to every output style (JSON: as given)."""
    from nucmass.published import ACCURACY_ANCHORS

    assert main(["compare", "--theory", "WS3", "--anchors", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["anchors"] == ACCURACY_ANCHORS
    assert main(["compare", "--theory", "WS3", "--anchors", "--markdown"]) == 0
    assert "| LightGBM on WS4 residuals | temporal | 0.222 |" in capsys.readouterr().out
    assert main(["compare", "--theory", "WS3"]) == 0
    assert "anchors" not in capsys.readouterr().out
