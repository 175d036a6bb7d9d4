"""``nucmass predict`` chains, rectangles, the drip-line domain, merged tables, RIPL, errors."""

import json
import shutil

import numpy as np
import pandas as pd
import pytest

from nucmass.cli import main
from nucmass.data.theory import read_ripl
from nucmass.masstable import chain_nuclei
from nucmass.models import load_model


@pytest.fixture(scope="module")
def ldm_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("ldm") / "model"
    assert main(["fit", "ldm", "--out", str(out)]) == 0
    return out


def run(argv, capsys) -> tuple[int, str, str]:
    try:
        code = main(argv)
    except SystemExit as stop:  # a usage error, found while parsing
        code = stop.code
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_chain_csv(ldm_dir, tmp_path, capsys):
    out = tmp_path / "sn.csv"
    code, _, _ = run(
        ["predict", "--model", str(ldm_dir), "--chain", "Z=50", "--out", str(out)], capsys
    )
    assert code == 0
    table = pd.read_csv(out)
    _, n = chain_nuclei(load_model(ldm_dir), "Z=50")
    assert table.N.tolist() == n.tolist()
    for column in ("S_n", "S_2n", "S_p", "S_2p", "Q_alpha", "Q_beta-", "is_measured"):
        assert column in table
    assert table.set_index("nuclide").loc["132Sn", "is_measured"]


def test_rect_and_ripl(ldm_dir, tmp_path, capsys):
    ripl = tmp_path / "mass-ldm.dat"
    argv = ["predict", "--model", str(ldm_dir), "--rect", "Z=26:28,N=28:30", "--ripl", str(ripl)]
    code, out, _ = run(argv, capsys)
    assert code == 0
    csv = pd.read_csv(__import__("io").StringIO(out))
    assert len(csv) == 9 and csv.A.min() == 54
    back = read_ripl(ripl)
    np.testing.assert_allclose(back.mass_excess, csv.mass_excess, atol=5e-4)


def test_domain_merged(ldm_dir, tmp_path, capsys):
    out = tmp_path / "merged.parquet"
    argv = ["predict", "--model", str(ldm_dir), "--domain", "--merged", "--out", str(out)]
    code, _, err = run(argv, capsys)
    assert code == 0
    table = pd.read_parquet(out)
    assert set(table.source) == {"AME2020", "model"}
    assert (table.source == "AME2020").sum() == (table.is_measured).sum() >= 2500
    assert "boundary jump" in err and "rms" in err


@pytest.mark.parametrize(
    "extra, message",
    [
        (["--chain", "N=300"], "chain N=300 is empty"),
        (["--chain", "Z=150"], "Z=150 is beyond the table"),
        (["--chain", "Q=3"], "cannot read chain"),
        (["--rect", "Z=10:5,N=1:3"], "is empty"),
        (["--nuclides", " , "], "--nuclides is empty"),
        (["--nuclides", "300Xx"], "unknown element"),
        (["--all", "--out", "table.xlsx"], "must end in .csv or .parquet"),
        (["--domain", "--margin", "nan"], "--margin: must be a finite number"),
        (["--domain", "--margin", "-1"], "--margin: must be between 0 and 50"),
    ],
)
def test_bad_requests(ldm_dir, capsys, extra, message):
    code, _, err = run(["predict", "--model", str(ldm_dir), *extra], capsys)
    assert code == 2 and message in err and err.count("\n") == 1


@pytest.mark.parametrize("ripl", ["x.txt", "f/x.dat", "d"])
def test_a_bad_ripl_path_writes_nothing(ldm_dir, tmp_path, monkeypatch, capsys, ripl):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "f").write_text("a file")
    (tmp_path / "d.dat").mkdir()
    ripl = "d.dat" if ripl == "d" else ripl
    argv = ["predict", "--model", str(ldm_dir), "--nuclides", "56Fe", "--out", "a.csv"]
    code, _, err = run([*argv, "--ripl", ripl], capsys)
    assert code == 2 and err.count("\n") == 1 and "--ripl" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.dat", "f"]


def test_a_model_whose_members_all_collapsed_is_refused(ldm_dir, tmp_path, monkeypatch, capsys):
    model = tmp_path / "m"
    shutil.copytree(ldm_dir, model)
    config = json.loads((model / "config.json").read_text())
    (model / "config.json").write_text(json.dumps({**config, "status": ["collapsed"]}))
    monkeypatch.chdir(tmp_path)
    code, _, err = run(["predict", "--model", "m", "--nuclides", "56Fe", "--out", "a.csv"], capsys)
    assert code == 2 and err.count("\n") == 1 and "every member" in err and "collapsed" in err
    assert not (tmp_path / "a.csv").exists()


def test_packaged_model_by_name(ldm_dir, monkeypatch, capsys):
    """``--model NAME`` goes through nucmass.models.pretrained when NAME is shipped."""
    from nucmass.models import pretrained

    monkeypatch.setattr(pretrained, "_root", lambda: ldm_dir.parent)
    monkeypatch.setattr(pretrained, "available", lambda: ["tiny"])
    (ldm_dir.parent / "tiny").symlink_to(ldm_dir)
    code, out, _ = run(["predict", "--model", "tiny", "--nuclides", "56Fe"], capsys)
    assert code == 0 and "56Fe" in out
