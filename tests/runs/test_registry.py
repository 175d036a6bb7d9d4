"""The SQLite registry: state transitions, one row per cell and seed, no double records."""

import re
import sqlite3

import pytest

from nucmass.errors import NucmassError
from nucmass.runs.config import parse_sweep_config
from nucmass.runs.registry import Registry
from nucmass.runs.runners import CellOutcome

CONFIG = parse_sweep_config(
    {
        "sweep": {"name": "r", "family": "ldm", "seeds": [4, 5, 6], "seeds_per_cell": 2},
        "grid": {"split": ["measured"]},
    }
)


def outcome(cell_hash, seeds, status="done", value=1.5):
    rows = [
        {"seed": s, "status": "done", "error": None, "metrics": {"rmsd_test": value + s},
         "arrays": f"seed-{s}.npz", "model": None}
        for s in seeds
    ]  # fmt: skip
    return CellOutcome(cell_hash, status, 10.0, 12.5, 2.5, "host:1", None, rows)


def test_lifecycle_and_results(tmp_path):
    cells = CONFIG.cells()
    with Registry(tmp_path / "reg.sqlite") as registry:
        registry.add_sweep(CONFIG, cells)
        registry.add_sweep(CONFIG, cells)  # idempotent
        assert registry.counts(CONFIG.hash) == {"pending": 2, "running": 0, "done": 0, "failed": 0}
        first = cells[0]
        assert registry.record(outcome(first.hash, first.seeds), "cells/a") is False  # not running
        registry.mark_running(first.hash)
        assert registry.record(outcome(first.hash, first.seeds), "cells/a") is True
        assert registry.record(outcome(first.hash, first.seeds, value=9.0), "cells/b") is False
        registry.mark_running(cells[1].hash)
        assert registry.reset_interrupted(CONFIG.hash) == 1
        failed = CellOutcome(cells[1].hash, "failed", 1.0, 2.0, 1.0, "h:2", "boom", [])
        registry.mark_running(cells[1].hash)
        registry.record(outcome(cells[1].hash, cells[1].seeds, "failed"), "cells/c")
        assert registry.reset_interrupted(CONFIG.hash, retry_failed=True) == 1
        registry.mark_running(cells[1].hash)
        registry.record(failed, None)  # the retry raised: no stale seed rows are left
        assert registry.reset_interrupted(CONFIG.hash, retry_failed=True) == 1
        assert [h for h, _, _ in registry.pending(CONFIG.hash)] == [cells[1].hash]
        results = registry.results(CONFIG.hash)
        assert registry.find_sweep("r") == registry.find_sweep(CONFIG.hash[:8]) == CONFIG.hash
        with pytest.raises(NucmassError, match="no sweep 'zz'"):
            registry.find_sweep("zz")
    assert list(results.seed) == [4, 5]
    assert list(results.rmsd_test) == [5.5, 6.5]  # the first record, not the refused second
    assert list(results.arrays) == ["cells/a/seed-4.npz", "cells/a/seed-5.npz"]
    assert set(results.split) == {"measured"} and set(results.seconds) == {2.5}
    db = sqlite3.connect(tmp_path / "reg.sqlite")
    rows = db.execute("SELECT status, attempts FROM cells ORDER BY status").fetchall()
    db.close()
    assert rows == [("done", 1), ("pending", 3)]


def test_readonly_needs_an_existing_file(tmp_path):
    with pytest.raises(NucmassError, match="no sweep registry"):
        Registry(tmp_path / "missing.sqlite", readonly=True)
    assert not (tmp_path / "missing.sqlite").exists()


def test_a_second_coordinator_on_the_same_registry_is_refused(tmp_path):
    from nucmass.runs.executors import LocalExecutor
    from nucmass.runs.sweep import registry_lock, run_sweep

    with registry_lock(tmp_path / "registry.sqlite"), LocalExecutor(1) as executor:
        with pytest.raises(NucmassError, match="another sweep is running"):
            run_sweep(CONFIG, tmp_path, executor)
    assert not (tmp_path / "registry.sqlite").exists()


@pytest.mark.parametrize(
    ("content", "message", "modes"),
    [
        (b"garbage" * 100, "not a readable sweep registry", (True, False)),
        (b"", "not a nucmass sweep registry (tables: none)", (True,)),  # empty: a new one
        ("other-database", "not a nucmass sweep registry (tables: t)", (True, False)),
    ],
)
def test_a_file_that_is_not_a_registry_is_refused_and_left_alone(tmp_path, content, message, modes):
    path = tmp_path / "r.sqlite"
    if content == "other-database":
        sqlite3.connect(path).execute("CREATE TABLE t (x)").connection.close()
    else:
        path.write_bytes(content)
    before = path.read_bytes()
    for readonly in modes:
        with pytest.raises(NucmassError, match=re.escape(message)):
            Registry(path, readonly=readonly)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.sqlite"]


def test_reading_a_closed_registry_writes_nothing_beside_it(tmp_path):
    path = tmp_path / "r.sqlite"
    Registry(path).close()
    before = path.read_bytes()
    with Registry(path, readonly=True) as registry:
        assert registry.sweeps().empty
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.sqlite"]
