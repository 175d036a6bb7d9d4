"""Writes: never into the package, always whole, formats by extension (issue 16)."""

import pandas as pd
import pytest

from nucmass.atomic import (
    atomic_directory,
    atomic_path,
    check_new_directory,
    check_writable,
    package_directory,
    write_text,
)
from nucmass.cli import main
from nucmass.cli.output import write_table
from nucmass.errors import NucmassError
from nucmass.experiments import experiment_names, reproduce


def test_the_package_directory_is_never_written():
    package = package_directory()
    for target in (package, package / "models" / "pretrained" / "conn" / "report.html",
                   package / "new" / ".." / "x.csv"):  # fmt: skip
        with pytest.raises(NucmassError, match="inside the installed nucmass package"):
            check_writable(target)
    with pytest.raises(NucmassError, match="installed nucmass package"), atomic_path(package / "a"):
        pass
    with pytest.raises(NucmassError, match="installed nucmass package"):
        write_text(package / "a.txt", "x")
    assert not (package / "a").exists() and not (package / "a.txt").exists()


def test_a_path_below_a_file_or_onto_a_directory_is_refused(tmp_path):
    (tmp_path / "f").write_text("a file")
    with pytest.raises(NucmassError, match="is a file, not a directory"):
        check_writable(tmp_path / "f" / "x.csv")
    with pytest.raises(NucmassError, match="is a directory"), atomic_path(tmp_path):
        pass
    with pytest.raises(NucmassError, match="exists and is not a directory"):
        check_new_directory(tmp_path / "f", overwrite=True)
    with pytest.raises(NucmassError, match="exists"), atomic_directory(tmp_path):
        pass


def test_tables_follow_their_extension_and_appear_whole(tmp_path):
    frame = pd.DataFrame({"Z": [8, 9], "value": [1.5, 2.5]})
    write_table(frame, tmp_path / "t.parquet")
    write_table(frame, tmp_path / "t.csv")
    assert pd.read_parquet(tmp_path / "t.parquet").equals(pd.read_csv(tmp_path / "t.csv"))
    with pytest.raises(NucmassError, match=r"use a \.csv or \.parquet"):
        write_table(frame, tmp_path / "t.txt")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.csv", "t.parquet"]


def test_data_split_writes_csv_and_its_hash(tmp_path, capsys):
    out = tmp_path / "s.csv"
    assert main(["data", "split", "measured", "--out", str(out)]) == 0
    digest = (tmp_path / "s.csv.sha256").read_text().split()
    assert digest[1] == "s.csv" and len(digest[0]) == 64
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.csv", "s.csv.sha256"]


def test_a_failed_experiment_leaves_out_alone_and_a_rerun_resumes(tmp_path, monkeypatch):
    import nucmass.experiments.fig6_variance_depth as experiment

    def crash(settings, out):
        (out / "half.csv").write_text("written before the crash")
        raise RuntimeError("crash mid-run")

    def resume(settings, out):
        assert (out / "half.csv").read_text() == "written before the crash"
        return {"resumed": True}

    monkeypatch.setattr(experiment, "run", crash)
    with pytest.raises(RuntimeError, match="crash mid-run"):
        reproduce("fig6_variance_depth", "smoke", tmp_path / "out")
    assert [p.name for p in tmp_path.iterdir()] == [".out.fig6_variance_depth-smoke.partial"]
    monkeypatch.setattr(experiment, "run", resume)
    assert reproduce("fig6_variance_depth", "smoke", tmp_path / "out")["resumed"]
    assert [p.name for p in tmp_path.iterdir()] == ["out"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["half.csv", "summary.json"]


def test_reproduce_names_are_package_modules_only():
    assert "fig6_variance_depth" in experiment_names()
    for name in ("os", "..", "nucmass.cli", "fig6_variance_depth.x"):
        with pytest.raises(NucmassError, match="unknown experiment"):
            reproduce(name)
