"""The foundation commands: data summary / theory-rmsd / split, fit ldm, predict, errors."""

import json
import subprocess
import sys

import pandas as pd
import pytest

from nucmass.cli import main


def run_json(capsys, *argv):
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


def test_summary_json(capsys):
    result = run_json(capsys, "data", "summary", "--json")
    assert result["tables"]["ame2020"] == {
        "all": 3558,
        "measured": 2550,
        "measured_zn8": 2457,
        "sigma100": 2339,
    }
    assert result["tables"]["ame2003"]["sigma100"] == 1930
    assert result["splits"]["conn"]["extrapolation"] == 122
    assert len(result["splits"]["measured"]["hash"]) == 64


def test_theory_rmsd_json(capsys, ripl_dir):
    result = run_json(capsys, "data", "theory-rmsd", "--json", "--data-dir", str(ripl_dir))
    expected = {"FRDM95": 0.680, "HFB14": 0.759, "WS4": 0.295, "FRDM2012": 0.606}
    for name, value in expected.items():
        assert result[name]["measured_zn8"]["n"] == 2457
        assert result[name]["measured_zn8"]["rmsd"] == pytest.approx(value, abs=5e-4)
    assert result["FRDM95"]["splits"]["measured-since-2016"]["test"]["missing"] == 3


def test_split_csv(tmp_path, capsys):
    out = tmp_path / "conn.csv"
    assert main(["data", "split", "conn", "--out", str(out)]) == 0
    frame = pd.read_csv(out)
    assert list(frame.columns) == ["Z", "N", "part"]
    assert frame.part.value_counts().to_dict() == {
        "train": 2749,
        "validation": 687,
        "extrapolation": 122,
    }


def test_fit_then_predict(tmp_path, capsys):
    out = tmp_path / "ldm"
    assert main(["fit", "ldm", "--out", str(out)]) == 0
    assert "Liquid drop fitted on 1966 nuclei" in capsys.readouterr().out
    metrics = pd.read_csv(out / "metrics.csv").query("model == 'ensemble'")
    overall = metrics.query("part == 'all' and subset == 'all'").iloc[0]
    assert overall.n == 2457 and 2.9 < overall.rmsd < 3.3
    assert (out / "residual_chart.png").stat().st_size > 10_000
    predictions = pd.read_csv(out / "predictions.csv")
    assert len(predictions) == 2457
    target = tmp_path / "pred.csv"
    assert (
        main(["predict", "--model", str(out), "--nuclides", "56Fe,Pb208", "--out", str(target)])
        == 0
    )
    table = pd.read_csv(target)
    assert list(table.nuclide) == ["56Fe", "208Pb"]
    assert {"Z", "N", "A", "binding_energy", "mass_excess"} <= set(table.columns)
    assert table.binding_energy[1] == pytest.approx(1636.4, abs=15)


@pytest.mark.parametrize(
    "argv, message",
    [
        (["predict", "--model", "nowhere", "--all"], "not a saved model"),
        (["data", "theory-rmsd", "--data-dir", "/nonexistent"], "does not exist"),
    ],
)
def test_errors_are_one_line(capsys, argv, message):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_console_script_bad_nuclide(tmp_path):
    """The installed command exits non-zero with one clear line."""
    assert main(["fit", "ldm", "--out", str(tmp_path / "m")]) == 0
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "nucmass",
            "predict",
            "--model",
            str(tmp_path / "m"),
            "--nuclides",
            "56Xx",
        ],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2
    assert proc.stderr.strip() == "nucmass: error: unknown element symbol 'xx'"


@pytest.mark.parametrize(
    "argv",
    [
        ["train", "fnn", "--width", "0"],
        ["train", "fnn", "--raw-rates", "inf", "1"],
        ["train", "conn", "--seeds", "0"],
        ["train", "mfdnn", "--lr", "nan"],
        ["theory", "sample", "--activation", "relu", "--cw", "nan", "--cb", "0", "--width",
         "5", "--depth", "1", "--input", "1", "--draws", "5"],
        ["sweep", "nowhere.toml", "--workers", "0"],
    ],
)  # fmt: skip
def test_bad_options_are_refused_before_any_heavy_import(argv):
    """A rejection must not wait for JAX or the theory modules (issue 16: under 2 s)."""
    script = (
        "import sys\nfrom nucmass.cli import main\ntry:\n    main(sys.argv[1:])\n"
        "except SystemExit as exit:\n    print(exit.code, 'jax' in sys.modules,"
        " 'scipy' in sys.modules)\n"
    )
    proc = subprocess.run([sys.executable, "-c", script, *argv], capture_output=True, text=True)
    assert proc.stdout.split() == ["2", "False", "False"]
    assert len(proc.stderr.strip().splitlines()) == 1
