"""Sweeps on the local process pool: results, resume, failures, progress, export."""

import json

import numpy as np
import pandas as pd
import pytest

from nucmass.cli import main
from nucmass.models import load_model
from nucmass.models.ldm import coefficients
from nucmass.runs.config import load_sweep_config
from nucmass.runs.executors import LocalExecutor
from nucmass.runs.registry import Registry
from nucmass.runs.sweep import run_sweep

from .helpers import ldm_reference, write_config


@pytest.fixture
def ldm_config(tmp_path):
    return write_config(
        tmp_path / "ldm.toml", "ldm-small", "ldm", [0, 1, 2], 2, {"bootstrap": 5},
        {"split": ["measured", "sigma100"]},
    )  # fmt: skip


def test_local_sweep_matches_direct_fits_and_resumes(tmp_path, ldm_config):
    config, progress = load_sweep_config(ldm_config), []
    with LocalExecutor(2) as executor:
        summary = run_sweep(
            config, tmp_path / "out", executor, on_progress=lambda c, o: progress.append(c)
        )
        again = run_sweep(config, tmp_path / "out", executor)
    assert (summary.total, summary.done, summary.failed, summary.ran) == (4, 4, 0, 4)
    assert (again.done, again.ran) == (4, 0)
    assert progress[0]["pending"] == 4 and progress[-1]["done"] == 4 and len(progress) == 5
    with Registry(summary.registry, readonly=True) as registry:
        results = registry.results(summary.sweep_hash)
    assert len(results) == 6 and set(results.status) == {"done"}
    for row in results.itertuples():
        reference = ldm_reference(row.split, row.seed)
        assert row.rmsd_test == pytest.approx(reference["rmsd_test"], rel=1e-12)
        assert row.n_test == reference["n_test"]
        arrays = np.load(tmp_path / "out" / row.arrays)
        assert arrays["bootstrap"].shape == (5, 5)
        model = load_model(tmp_path / "out" / row.model)
        assert coefficients(model)["volume"] == row.coef_volume
    assert not (tmp_path / "out" / "cells" / ".staging").exists()


def test_failures_are_recorded_and_the_sweep_goes_on(tmp_path):
    path = write_config(
        tmp_path / "flaky.toml", "flaky", "fault", [0, 1], 2, {},
        {"fail": ["no", "raise", "nan", "all-nan"]},
    )  # fmt: skip
    with LocalExecutor(2) as executor:
        summary = run_sweep(load_sweep_config(path), tmp_path / "out", executor)
    assert (summary.done, summary.failed) == (2, 2)
    with Registry(summary.registry, readonly=True) as registry:
        cells = registry.cells(summary.sweep_hash).set_index("fail")
        seeds = registry.results(summary.sweep_hash)
    assert list(cells.status) == ["done", "failed", "done", "failed"]
    assert "RuntimeError: forced failure" in cells.error["raise"]
    assert cells.error["nan"] == "1 of 2 seeds diverged"
    assert cells.error["all-nan"] == "2 of 2 seeds diverged"
    status = seeds.set_index(["fail", "seed"]).status
    assert status[("nan", 0)] == "failed" and status[("nan", 1)] == "done"
    assert "raise" not in set(seeds.fail)  # a cell that raised has no seed results


def test_cli_sweep_runs_list_show_export(tmp_path, ldm_config, capsys):
    out = tmp_path / "out"
    assert main(["sweep", str(ldm_config), "--out", str(out), "--workers", "1", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert (summary["total"], summary["done"], summary["ran"]) == (4, 4, 4)
    assert main(["runs", "list", str(out), "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(s["name"], s["cells"], s["done"]) for s in listed] == [("ldm-small", 4, 4)]
    assert main(["runs", "show", str(out), "--sweep", "ldm-small"]) == 0
    assert "4 done of 4 cells" in capsys.readouterr().out
    for suffix in ("csv", "parquet"):
        assert main(["runs", "export", str(out), "--out", str(tmp_path / f"r.{suffix}")]) == 0
    csv, parquet = pd.read_csv(tmp_path / "r.csv"), pd.read_parquet(tmp_path / "r.parquet")
    assert len(csv) == len(parquet) == 6
    np.testing.assert_allclose(csv.rmsd_test, parquet.rmsd_test, rtol=1e-15)


def test_cli_exit_code_is_1_when_cells_failed(tmp_path, capsys):
    path = write_config(tmp_path / "f.toml", "f", "fault", [0], 1, {}, {"fail": ["raise"]})
    assert main(["sweep", str(path), "--out", str(tmp_path / "o"), "--workers", "1"]) == 1
    captured = capsys.readouterr()
    assert "0 done, 1 failed" in captured.out and "nucmass runs show" in captured.err


def test_workers_run_single_threaded(tmp_path, monkeypatch):
    monkeypatch.setenv("OMP_NUM_THREADS", "8")  # the worker must override it
    path = write_config(tmp_path / "e.toml", "env", "fault", [0], 1, {}, {"fail": ["env"]})
    with LocalExecutor(1) as executor:
        summary = run_sweep(load_sweep_config(path), tmp_path / "out", executor)
    with Registry(summary.registry, readonly=True) as registry:
        row = registry.results(summary.sweep_hash).iloc[0]
    assert (row.omp_threads, row.xla_single_thread) == (1.0, 1.0)
