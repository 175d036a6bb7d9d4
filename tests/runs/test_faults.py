"""Fault injection: dead workers, a killed coordinator, Ctrl-C (issue 16).

The ``fault`` family (``nucmass.runs.fault``) kills its own worker on demand and sleeps
on demand, so every fault is deterministic.
"""

import os
import signal
import subprocess
import sys
import time

import psutil

from nucmass.runs.config import load_sweep_config
from nucmass.runs.executors import MAX_ATTEMPTS, LocalExecutor
from nucmass.runs.registry import Registry
from nucmass.runs.sweep import run_sweep

from .helpers import write_config
from .test_kill import cell_rows


def test_a_dead_worker_costs_only_its_own_cell(tmp_path):
    path = write_config(
        tmp_path / "d.toml", "dying", "fault", [0, 1, 2, 3], 2, {"seconds": 0.2},
        {"fail": ["exit", "no", "exit-once"]},
    )  # fmt: skip
    with LocalExecutor(2) as executor:
        summary = run_sweep(load_sweep_config(path), tmp_path / "out", executor)
    with Registry(summary.registry, readonly=True) as registry:
        cells = registry.cells(summary.sweep_hash)
    by_mode = cells.groupby("fail")
    assert (summary.done, summary.failed) == (4, 2)
    assert set(by_mode.get_group("no").status) == {"done"}
    assert set(by_mode.get_group("no").attempts) == {1}  # never disturbed by the deaths
    assert set(by_mode.get_group("exit-once").status) == {"done"}
    assert set(by_mode.get_group("exit-once").attempts) == {2}  # rerun automatically
    dead = by_mode.get_group("exit")
    assert set(dead.status) == {"failed"} and set(dead.attempts) == {MAX_ATTEMPTS}
    assert all(f"died on each of {MAX_ATTEMPTS} attempts" in e for e in dead.error)
    assert all("exit code 3" in e for e in dead.error)


def _sweep_process(tmp_path, seconds: float, cells: int):
    path = write_config(
        tmp_path / "s.toml", "sleepy", "fault", list(range(cells)), 1, {"seconds": seconds},
        {"fail": ["no"]},
    )  # fmt: skip
    out = tmp_path / "out"
    command = [sys.executable, "-m", "nucmass", "sweep", str(path), "--out", str(out)]
    process = subprocess.Popen(
        [*command, "--workers", "2"], start_new_session=True, stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    return process, out / "registry.sqlite", path


def _wait_for(condition, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def _gone(processes: list) -> bool:
    return all(not p.is_running() or p.status() == psutil.STATUS_ZOMBIE for p in processes)


def test_a_killed_coordinator_leaves_no_process_behind(tmp_path):
    process, registry, _ = _sweep_process(tmp_path, seconds=60, cells=2)
    try:
        rows = lambda: cell_rows(registry).values()  # noqa: E731
        _wait_for(lambda: sum(status == "running" for status, _, _ in rows()) == 2)
        children = psutil.Process(process.pid).children(recursive=True)
        workers = [p for p in children if "spawn_main" in " ".join(p.cmdline())]
        assert len(workers) == 2
        process.send_signal(signal.SIGKILL)  # the coordinator alone, as the OOM killer would
        process.communicate()
        _wait_for(lambda: _gone(children), timeout=15)  # the workers notice and exit
    finally:
        os.killpg(process.pid, signal.SIGKILL)  # nothing is left, even if the test failed


def test_ctrl_c_stops_cleanly_and_the_sweep_resumes(tmp_path):
    process, registry, path = _sweep_process(tmp_path, seconds=1.5, cells=6)
    try:
        _wait_for(lambda: any(s == "done" for s, _, _ in cell_rows(registry).values()))
        children = psutil.Process(process.pid).children(recursive=True)
        os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
        _, stderr = process.communicate(timeout=30)
    finally:
        os.killpg(process.pid, signal.SIGKILL)
    last = stderr.strip().splitlines()[-1]
    assert process.returncode == 130 and "Traceback" not in stderr
    assert last.startswith("nucmass: interrupted; finished cells are kept")
    _wait_for(lambda: _gone(children), timeout=15)
    finished = {h for h, (status, _, _) in cell_rows(registry).items() if status == "done"}
    with LocalExecutor(2) as executor:
        resumed = run_sweep(load_sweep_config(path), tmp_path / "out", executor)
    assert resumed.done == 6 and resumed.ran == 6 - len(finished)
