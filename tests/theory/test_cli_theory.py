"""``nucmass theory ...``: JSON output of the four sub-commands and error handling."""

import argparse
import json

import numpy as np
import pytest

from nucmass.cli import theory
from nucmass.errors import NucmassError


def _run(capsys, *argv):
    parser = argparse.ArgumentParser()
    theory.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["theory", *argv])
    assert args.func(args) == 0
    return json.loads(capsys.readouterr().out)


def test_recursion_json_has_one_row_per_layer(capsys):
    out = _run(
        capsys,
        "recursion",
        "--activation",
        "relu",
        "--cw",
        "2",
        "--cb",
        "0",
        "--width",
        "120",
        "--depth",
        "3",
        "--input",
        "0.5,0.5",
        "--json",
    )
    layers = out["layers"]
    assert [row["layer"] for row in layers] == [1, 2, 3, 4]
    assert layers[0]["G"] == pytest.approx(0.5)
    assert layers[-1]["excess_kurtosis"] == pytest.approx(15 * 3 / 120)
    assert set(layers[0]) == {
        "layer",
        "G",
        "V",
        "V_over_n",
        "excess_kurtosis",
        "chi_parallel",
        "ntk",
    }


def test_critical_json(capsys):
    out = _run(capsys, "critical", "--activation", "relu", "--json")
    (point,) = out["critical_points"]
    assert (point["c_b"], point["c_w"]) == pytest.approx((0.0, 2.0))
    assert point["r_star"] == pytest.approx(0.0348, abs=1e-4)
    assert _run(capsys, "critical", "--activation", "softplus", "--json")["critical_points"] == []


def test_kernel_json(capsys):
    out = _run(
        capsys,
        "kernel",
        "--activation",
        "relu",
        "--cw",
        "2",
        "--cb",
        "0",
        "--depth",
        "1",
        "--inputs",
        "1.5;-0.5",
        "--json",
    )
    np.testing.assert_allclose(out["correlation"], [[1.0, 0.0], [0.0, 1.0]], atol=1e-12)


def test_sample_json_reports_moments_and_theory(capsys):
    out = _run(
        capsys,
        "sample",
        "--activation",
        "tanh",
        "--cw",
        "1",
        "--cb",
        "0",
        "--width",
        "50",
        "--depth",
        "2",
        "--input",
        "0.5,0.8",
        "--draws",
        "4000",
        "--seed",
        "3",
        "--json",
    )
    (row,) = out["outputs"]
    assert abs(row["variance"] - row["theory_variance"]) < 4 * row["variance_se"]
    assert out["method"] == "exact" and out["draws"] == 4000


def test_malformed_inputs_raise_one_clear_error():
    with pytest.raises(NucmassError, match="cannot read inputs"):
        theory.parse_inputs("0.1,abc")
    with pytest.raises(NucmassError, match="same number"):
        theory.parse_inputs("0.1,0.2;0.3")
