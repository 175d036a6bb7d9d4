"""The run registry: one SQLite file, one row per cell and one per (cell, seed).

Only the coordinating process writes; every change is one transaction, so a coordinator
killed at any moment leaves each cell either as it was or fully recorded. Tables:

- ``sweeps``: sweep hash, name, family, config (JSON), created (Unix time);
- ``sweep_cells``: which cells (by hash) a sweep holds, at which grid position;
- ``cells``: cell hash (the config hash), family, settings and seeds (JSON), status
  (pending / running / done / failed), attempts, submitted / started / finished (Unix
  time), seconds and cpu_seconds (wall and CPU time of the run in the worker), worker
  (host:pid), error, out_dir;
- ``seeds``: cell hash, seed, status, error, metrics (JSON), arrays (.npz) and model paths.

The coordinator keeps the file in WAL mode while it runs and switches it back to a
rollback journal when it closes, so a finished registry is a single file that read-only
inspection (``readonly=True``) opens without creating ``-wal`` or ``-shm`` files beside it.

Paths are relative to the directory of the registry file. A file that is not a registry
(garbage, another database, a truncated copy) is refused with one ``NucmassError`` naming
it, whether it is opened or queried; a registry is never created inside another database.
"""

import functools
import json
import sqlite3
import time
from pathlib import Path

import pandas as pd

from nucmass.errors import NucmassError
from nucmass.runs.config import Cell, SweepConfig

__all__ = ["STATUSES", "Registry"]

STATUSES = ("pending", "running", "done", "failed")
TABLES = {"sweeps", "cells", "sweep_cells", "seeds"}

SCHEMA = """
CREATE TABLE IF NOT EXISTS sweeps (
    sweep_hash TEXT PRIMARY KEY, name TEXT NOT NULL, family TEXT NOT NULL,
    config TEXT NOT NULL, created REAL NOT NULL);
CREATE TABLE IF NOT EXISTS cells (
    cell_hash TEXT PRIMARY KEY, family TEXT NOT NULL, settings TEXT NOT NULL,
    seeds TEXT NOT NULL, status TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
    submitted REAL, started REAL, finished REAL, seconds REAL, cpu_seconds REAL,
    worker TEXT, error TEXT, out_dir TEXT);
CREATE TABLE IF NOT EXISTS sweep_cells (
    sweep_hash TEXT NOT NULL REFERENCES sweeps, cell_hash TEXT NOT NULL REFERENCES cells,
    position INTEGER NOT NULL, PRIMARY KEY (sweep_hash, cell_hash));
CREATE TABLE IF NOT EXISTS seeds (
    cell_hash TEXT NOT NULL REFERENCES cells, seed INTEGER NOT NULL, status TEXT NOT NULL,
    error TEXT, metrics TEXT, arrays TEXT, model TEXT, PRIMARY KEY (cell_hash, seed));
"""


def _guarded(method):
    """Turn the database errors of ``method`` into one ``NucmassError`` naming the file."""

    @functools.wraps(method)
    def guarded(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except (sqlite3.DatabaseError, pd.errors.DatabaseError) as error:
            raise NucmassError(f"{self.path} is not a readable sweep registry ({error})") from None

    return guarded


class Registry:
    """A connection to the registry file ``path``.

    ``readonly=False`` (the coordinator) creates the file and its schema if needed;
    ``readonly=True`` (inspection, safe while a sweep runs) needs an existing registry.
    """

    def __init__(self, path: "str | Path", readonly: bool = False):
        self.path, self.readonly = Path(path), readonly
        if readonly and not self.path.is_file():
            raise NucmassError(f"no sweep registry at {self.path}")
        if readonly:
            self._db = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True,
                                       timeout=30.0)  # fmt: skip
        else:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, timeout=30.0)
        try:
            self._prepare(readonly)
        except BaseException:
            self._db.close()
            raise

    @_guarded
    def _prepare(self, readonly: bool) -> None:
        """Check that the file is a registry (or a new empty one, then create the schema)."""
        rows = self._db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        tables = {name for (name,) in rows}
        if (tables or readonly) and not TABLES <= tables:
            found = ", ".join(sorted(tables)) or "none"
            raise NucmassError(f"{self.path} is not a nucmass sweep registry (tables: {found})")
        if readonly:
            return
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")  # WAL: durable across process kills
        with self._db:
            self._db.executescript(SCHEMA)

    def close(self) -> None:
        """Close the connection; a writer first leaves WAL mode if no one else reads."""
        if not self.readonly:
            try:
                self._db.execute("PRAGMA journal_mode=DELETE")
            except sqlite3.Error:  # another connection is open: it keeps the WAL files
                pass
        self._db.close()

    def __enter__(self) -> "Registry":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @_guarded
    def add_sweep(self, config: SweepConfig, cells: list[Cell]) -> None:
        """Register the sweep and its cells (cells already known keep their state)."""
        with self._db:
            self._db.execute(
                "INSERT OR IGNORE INTO sweeps VALUES (?, ?, ?, ?, ?)",
                (config.hash, config.name, config.family, json.dumps(config.to_dict()),
                 time.time()),
            )  # fmt: skip
            for cell in cells:
                self._db.execute(
                    "INSERT OR IGNORE INTO cells (cell_hash, family, settings, seeds, status)"
                    " VALUES (?, ?, ?, ?, 'pending')",
                    (cell.hash, cell.family, json.dumps(cell.settings), json.dumps(cell.seeds)),
                )
                self._db.execute(
                    "INSERT OR IGNORE INTO sweep_cells VALUES (?, ?, ?)",
                    (config.hash, cell.hash, cell.position),
                )

    @_guarded
    def reset_interrupted(self, sweep_hash: str, retry_failed: bool = False) -> int:
        """Set the sweep's running (and optionally failed) cells back to pending."""
        statuses = ("running", "failed") if retry_failed else ("running",)
        with self._db:
            cursor = self._db.execute(
                f"UPDATE cells SET status = 'pending' WHERE status IN ({_marks(statuses)})"
                " AND cell_hash IN (SELECT cell_hash FROM sweep_cells WHERE sweep_hash = ?)",
                (*statuses, sweep_hash),
            )
        return cursor.rowcount

    @_guarded
    def pending(self, sweep_hash: str) -> list[tuple[str, dict, tuple[int, ...]]]:
        """(cell hash, settings, seeds) of the sweep's pending cells, in grid order."""
        rows = self._db.execute(
            "SELECT c.cell_hash, c.settings, c.seeds FROM cells c JOIN sweep_cells s"
            " USING (cell_hash) WHERE s.sweep_hash = ? AND c.status = 'pending'"
            " ORDER BY s.position",
            (sweep_hash,),
        ).fetchall()
        return [(h, json.loads(settings), tuple(json.loads(seeds))) for h, settings, seeds in rows]

    @_guarded
    def mark_running(self, cell_hash: str) -> None:
        """Record that the cell was handed to an executor (again, after its worker died)."""
        with self._db:
            self._db.execute(
                "UPDATE cells SET status = 'running', attempts = attempts + 1, submitted = ?"
                " WHERE cell_hash = ? AND status IN ('pending', 'running')",
                (time.time(), cell_hash),
            )

    @_guarded
    def record(self, outcome, out_dir: "str | None") -> bool:
        """Store a worker's ``CellOutcome`` in one transaction; False if not running."""
        with self._db:
            cursor = self._db.execute(
                "UPDATE cells SET status = ?, started = ?, finished = ?, seconds = ?,"
                " cpu_seconds = ?, worker = ?, error = ?, out_dir = ?"
                " WHERE cell_hash = ? AND status = 'running'",
                (outcome.status, outcome.started, outcome.finished, outcome.seconds,
                 outcome.cpu_seconds, outcome.worker, outcome.error, out_dir, outcome.cell_hash),
            )  # fmt: skip
            if cursor.rowcount != 1:
                return False
            self._db.execute("DELETE FROM seeds WHERE cell_hash = ?", (outcome.cell_hash,))
            for row in outcome.seeds:
                self._db.execute(
                    "INSERT INTO seeds VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (outcome.cell_hash, row["seed"], row["status"], row["error"],
                     json.dumps(row["metrics"]), _join(out_dir, row["arrays"]),
                     _join(out_dir, row["model"])),
                )  # fmt: skip
        return True

    @_guarded
    def counts(self, sweep_hash: str) -> dict[str, int]:
        """Number of the sweep's cells per status (every status present, maybe 0)."""
        rows = self._db.execute(
            "SELECT c.status, COUNT(*) FROM cells c JOIN sweep_cells s USING (cell_hash)"
            " WHERE s.sweep_hash = ? GROUP BY c.status",
            (sweep_hash,),
        ).fetchall()
        return {status: 0 for status in STATUSES} | dict(rows)

    @_guarded
    def sweeps(self) -> pd.DataFrame:
        """One row per sweep: hash, name, family, created and its cells per status."""
        frame = pd.read_sql_query(
            "SELECT w.sweep_hash, w.name, w.family, w.created, COUNT(*) AS cells,"
            + ", ".join(f" SUM(c.status = '{s}') AS {s}" for s in STATUSES)
            + " FROM sweeps w JOIN sweep_cells s USING (sweep_hash) JOIN cells c"
            " USING (cell_hash) GROUP BY w.sweep_hash ORDER BY w.created",
            self._db,
        )
        frame["created"] = pd.to_datetime(frame.created, unit="s").dt.strftime("%Y-%m-%d %H:%M")
        return frame

    @_guarded
    def find_sweep(self, reference: str) -> str:
        """Hash of the sweep named ``reference`` (the latest) or whose hash starts with it."""
        row = self._db.execute(
            "SELECT sweep_hash FROM sweeps WHERE name = ? OR sweep_hash LIKE ?"
            " ORDER BY name = ? DESC, created DESC LIMIT 1",
            (reference, f"{reference}%", reference),
        ).fetchone()
        if row is None or not reference:
            raise NucmassError(f"no sweep {reference!r} in {self.path}")
        return row[0]

    @_guarded
    def cells(self, sweep_hash: str) -> pd.DataFrame:
        """The sweep's cells in grid order with settings expanded into columns."""
        frame = pd.read_sql_query(
            "SELECT s.position, c.* FROM cells c JOIN sweep_cells s USING (cell_hash)"
            " WHERE s.sweep_hash = ? ORDER BY s.position",
            self._db,
            params=(sweep_hash,),
        )
        settings = pd.DataFrame([json.loads(s) for s in frame.pop("settings")], index=frame.index)
        return pd.concat([frame, settings], axis=1)

    @_guarded
    def results(self, sweep_hash: str) -> pd.DataFrame:
        """One row per (cell, seed): settings, status, timings, metrics and paths."""
        cells = self.cells(sweep_hash).drop(columns=["seeds", "status", "error", "out_dir"])
        seeds = pd.read_sql_query(
            "SELECT * FROM seeds WHERE cell_hash IN (SELECT cell_hash FROM sweep_cells"
            " WHERE sweep_hash = ?)",
            self._db,
            params=(sweep_hash,),
        )
        metrics = pd.DataFrame([json.loads(m) for m in seeds.pop("metrics")], index=seeds.index)
        frame = cells.merge(pd.concat([seeds, metrics], axis=1), on="cell_hash")
        return frame.sort_values(["position", "seed"], ignore_index=True)


def _marks(values) -> str:
    return ", ".join("?" for _ in values)


def _join(directory: "str | None", name: "str | None") -> "str | None":
    return None if directory is None or name is None else str(Path(directory) / name)
