"""SIGKILL the coordinator mid-sweep, resume: every cell done exactly once, same results."""

import os
import signal
import sqlite3
import subprocess
import sys
import time

from nucmass.runs.config import load_sweep_config
from nucmass.runs.executors import LocalExecutor
from nucmass.runs.registry import Registry
from nucmass.runs.sweep import run_sweep

from .helpers import TIMING, write_config


def cell_rows(registry_path) -> dict:
    """cell hash -> (status, attempts, finished), read-only (safe while a sweep runs)."""
    if not registry_path.exists():
        return {}
    db = sqlite3.connect(f"{registry_path.as_uri()}?mode=ro", uri=True)
    try:
        rows = db.execute("SELECT cell_hash, status, attempts, finished FROM cells").fetchall()
    except sqlite3.OperationalError:  # schema not created yet
        rows = []
    db.close()
    return {h: (status, attempts, finished) for h, status, attempts, finished in rows}


def kill_when_done(command: list, registry_path, done: int) -> dict:
    """Start ``command``, SIGKILL it (and its workers) once ``done`` cells are done."""
    process = subprocess.Popen(command, start_new_session=True, stdout=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and process.poll() is None:
            rows = cell_rows(registry_path)
            if sum(status == "done" for status, _, _ in rows.values()) >= done:
                break
            time.sleep(0.02)
        process.send_signal(signal.SIGKILL)
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    return cell_rows(registry_path)


def test_sigkill_then_resume_loses_nothing_and_duplicates_nothing(tmp_path):
    path = write_config(
        tmp_path / "k.toml", "kill", "ldm", list(range(8)), 1, {"bootstrap": 80},
        {"split": ["measured"]},
    )  # fmt: skip
    out, config = tmp_path / "out", load_sweep_config(path)
    command = [sys.executable, "-m", "nucmass", "sweep", str(path), "--out", str(out)]
    before = kill_when_done([*command, "--workers", "1"], out / "registry.sqlite", done=2)
    finished_before = {h: row for h, row in before.items() if row[0] == "done"}
    assert 2 <= len(finished_before) < 8, "the kill must land mid-sweep"
    assert any(status == "running" for status, _, _ in before.values())

    with LocalExecutor(2) as executor:
        resumed = run_sweep(config, out, executor)
        reference = run_sweep(config, tmp_path / "reference", executor)
    after = cell_rows(out / "registry.sqlite")
    assert resumed.ran == 8 - len(finished_before) and resumed.done == 8
    for cell_hash, row in finished_before.items():
        assert after[cell_hash] == row  # finished cells were not run again
    assert all(attempts <= 2 for _, attempts, _ in after.values())
    assert sorted(p.name for p in (out / "cells").iterdir()) == sorted(after)

    with Registry(resumed.registry, readonly=True) as registry:
        got = registry.results(resumed.sweep_hash).drop(columns=TIMING)
    with Registry(reference.registry, readonly=True) as registry:
        expected = registry.results(reference.sweep_hash).drop(columns=TIMING)
    assert len(got) == 8 and got.equals(expected)
