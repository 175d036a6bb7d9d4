"""Bad input on the command line: exit 2, one line, nothing written (issue 16).

Representative inputs of every class, run in-process in an empty directory (the full
table of about 200 inputs, run as subprocesses, is ``benchmarks/bad_inputs.py``).
"""

import sqlite3

import pytest

from nucmass.atomic import package_directory
from nucmass.cli import main

PKG = str(package_directory())
REC = ["theory", "recursion", "--activation", "relu", "--cw", "2", "--cb", "0", "--depth", "2",
       "--width", "10"]  # fmt: skip
SAMPLE = ["theory", "sample", "--activation", "relu", "--cw", "2", "--cb", "0", "--depth", "2"]
KER = ["theory", "kernel", "--activation", "relu", "--cw", "2", "--cb", "0", "--depth", "2"]
FNN = ["train", "fnn", "--epochs", "5", "--out", "o"]


def sweep(name="s", family="ldm", seeds="2", head="", body='[fixed]\nsplit = "measured"\n'):
    """A sweep config c.toml."""
    text = f'[sweep]\nname = "{name}"\nfamily = "{family}"\nseeds = {seeds}\n{head}{body}'
    return {"c.toml": text}


def registry(path) -> None:
    """An empty but valid registry (schema only)."""
    from nucmass.runs.registry import Registry

    Registry(path).close()


CASES = {
    "usage": [
        ([], {}), (["frobnicate"], {}), (["data", "split", "nope"], {}),
        (["fit", "ldm", "--split", "nope"], {}), (["theory", "critical", "--activation", "x"], {}),
        ([*FNN, "--regime", "nope"], {}), (["train", "mfdnn", "--l2", "abc"], {}),
        (["runs", "list", "nowhere"], {}), (["sweep", "nowhere.toml"], {}),
        (["reproduce", "nope"], {}), (["reproduce", "fig6_variance_depth", "--scale", "x"], {}),
    ],
    "numbers": [
        ([*FNN, "--raw-rates", "inf", "1"], {}), ([*FNN, "--width", "0"], {}),
        ([*FNN, "--epochs", "-5"], {}), ([*FNN, "--c-b", "nan"], {}),
        (["train", "conn", "--seeds", "0"], {}), (["train", "mfdnn", "--lr", "nan"], {}),
        (["train", "mfdnn", "--l2", "-1"], {}), ([*REC, "--cw", "nan", "--input", "1"], {}),
        ([*REC, "--input", "nan"], {}), ([*KER, "--inputs", "nan;1"], {}),
        ([*SAMPLE, "--width", "5", "--input", "1", "--draws", "0"], {}),
        (["data", "split", "conn", "--seed", "-1"], {}), (["fit", "ldm", "--seed", "-1"], {}),
        (["sweep", "c.toml", "--workers", "0"], sweep()),
        (["sweep", "c.toml", "--dry-run"], sweep(body="[fixed]\nbootstrap = nan\n")),
        (["predict", "--model", "conn", "--domain", "--margin", "nan"], {}),
        (["predict", "--model", "conn", "--domain", "--margin", "-5"], {}),
        (["compare", "conn", "--seed", "-1"], {}), (["report", "conn", "--seed", "-1"], {}),
    ],
    "files": [
        (["runs", "list", "r.sqlite"], {"r.sqlite": b"garbage" * 99}),
        (["runs", "list", "r.sqlite"], {"r.sqlite": b""}),
        (["runs", "show", "r.sqlite"], {"r.sqlite": "@other-database"}),
        (["sweep", "c.toml", "--dry-run"], {"c.toml": b"\x89PNG\r\n\x1a\n\xff"}),
        (["sweep", "c.toml", "--dry-run"], {"c.toml": b'[sweep]\nname = "\xe9"\n'}),
        (["sweep", "c.toml", "--out", "o"], {**sweep(), "o/registry.sqlite": b"junk" * 99}),
        (["data", "theory-rmsd", "--data-dir", "d"], {"d/mass-ws4.dat": b"\x00\xff" * 64}),
    ],
    "writes": [
        (["fit", "ldm", "--out", f"{PKG}/ldm"], {}), ([*FNN[:-1], f"{PKG}/fnn"], {}),
        (["reproduce", "fig6_variance_depth", "--out", f"{PKG}/x"], {}),
        (["data", "split", "conn", "--out", "s.parquet"], {}),
        (["data", "split", "conn", "--out", f"{PKG}/s.csv"], {}),
        (["runs", "export", "r.sqlite", "--out", "r.txt"], {"r.sqlite": "@registry"}),
        (["sweep", "c.toml", "--out", f"{PKG}/sweep"], sweep()),
        (["sweep", "c.toml"], sweep(name="../escape")),
        (["sweep", "c.toml"], sweep(head='out = "/tmp/nucmass-escape"\n')),
        (["fit", "ldm", "--out", "f"], {"f": "a file where the model directory goes"}),
        (["reproduce", "fig6_variance_depth", "--out", "o"], {"o/keep.txt": "earlier"}),
        (["predict", "--model", "conn", "--nuclides", "56Fe", "--out", "a.csv", "--ripl",
          "f/x.dat"], {"f": "a file where a directory goes"}),
        (["report", "conn", "--out", "r.txt"], {}), (["demo", "--out", "f"], {"f": "a file"}),
        (["runs", "show", "r.sqlite", "--sweep", "nope"], {"r.sqlite": "@registry"}),
    ],
    "security": [
        (["sweep", "c.toml", "--dry-run"], sweep(family="this")),
        (["sweep", "c.toml", "--dry-run"], {**sweep(family="evil"), "evil.py": "open('X', 'w')"}),
        (["sweep", "c.toml", "--dry-run"], sweep(family="nucmass.runs.ldm")),
    ],
    "resources": [
        ([*SAMPLE, "--width", "1000000000", "--input", "1", "--draws", "10"], {}),
        ([*SAMPLE, "--width", "10", "--input", "1", "--draws", "1000000000000"], {}),
        ([*SAMPLE, "--width", "100000", "--input", "1,2", "--draws", "10000", "--method",
          "naive"], {}),
        ([*REC, "--depth", "1000000000", "--input", "1"], {}),
        ([*KER, "--inputs", ";".join(["1"] * 500)], {}),
        ([*FNN, "--width", "100000", "--depth", "3"], {}),
        (["sweep", "c.toml", "--dry-run"], sweep(seeds="1000000000000")),
        (["sweep", "c.toml", "--dry-run"], sweep(body="[grid]\nsplit = [" + ", ".join(
            f'"s{k}"' for k in range(400)) + "]\nbootstrap = [" + ", ".join(
            str(k) for k in range(400)) + "]\n")),
        (["sweep", "c.toml", "--dry-run"], sweep(seeds="8000", body="[fixed]\nbootstrap = "
                                                 "1000\n[grid]\nsplit = [\"measured\"]\n")),
    ],
}  # fmt: skip
PARAMS = [(kind, argv, files) for kind, cases in CASES.items() for argv, files in cases]


def place(files: dict, root) -> None:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if content == "@registry":
            registry(path)
        elif content == "@other-database":
            sqlite3.connect(path).execute("CREATE TABLE t (x)").connection.close()
        elif isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)


def files_under(root) -> dict:
    return {p: p.stat().st_mtime_ns for p in root.rglob("*")}


@pytest.mark.parametrize(("kind", "argv", "files"), PARAMS, ids=[p[0] for p in PARAMS])
def test_bad_input_is_one_line_exit_2_and_writes_nothing(
    kind, argv, files, tmp_path, monkeypatch, capsys
):
    work = tmp_path / "work"
    work.mkdir()
    place(files, work)
    monkeypatch.chdir(work)
    before, package = files_under(tmp_path), files_under(package_directory())
    try:
        code = main(argv)
    except SystemExit as exit:  # usage errors leave through argparse
        code = exit.code
    captured = capsys.readouterr()
    assert code == 2, captured
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("nucmass: error: "), captured.err
    assert files_under(tmp_path) == before and files_under(package_directory()) == package
    assert not (work / "X").exists() and "Zen of Python" not in captured.out


def test_the_cli_names_are_the_librarys():
    """``nucmass.cli.names`` repeats library constants so that parsing needs no JAX."""
    from nucmass.cli import names
    from nucmass.data.features import FEATURE_SETS
    from nucmass.models.conn import ABLATIONS, CoNNConfig
    from nucmass.models.fnn import FNN_TARGETS, INPUT_COLUMNS, TARGET_SCALINGS
    from nucmass.models.mlp import ACTIVATIONS
    from nucmass.theory.activations import ACTIVATIONS as THEORY_ACTIVATIONS
    from nucmass.theory.sampling import METHODS
    from nucmass.train.config import default_training
    from nucmass.train.fit import STRATEGIES
    from nucmass.train.losses import LOSSES
    from nucmass.train.regimes import REGIMES
    from nucmass.train.validation import CARVES

    assert names.FNN_ACTIVATIONS == tuple(ACTIVATIONS)
    assert names.FNN_INPUTS == tuple(INPUT_COLUMNS)
    assert names.TARGET_SCALINGS == tuple(TARGET_SCALINGS)
    assert names.FNN_TARGETS == tuple(FNN_TARGETS)
    assert names.REGIMES == tuple(REGIMES) and names.LOSSES == tuple(LOSSES)
    assert names.STRATEGIES == tuple(STRATEGIES) and names.CARVES == tuple(CARVES)
    assert names.CONN_ABLATIONS == tuple(ABLATIONS)
    assert names.CONN_EPOCHS == default_training(CoNNConfig()).epochs
    assert names.FEATURE_SETS == tuple(FEATURE_SETS)
    assert names.THEORY_ACTIVATIONS == tuple(THEORY_ACTIVATIONS)
    assert names.SAMPLING_METHODS == tuple(METHODS)
